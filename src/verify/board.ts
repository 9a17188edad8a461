/**
 * The "what is running now" board of an isolated `verify` run: a SharedArrayBuffer written by
 * the worker (which adapter call, which case, its replay path) and read by the supervisor,
 * which can therefore name the call that hangs even while the worker is stuck inside it.
 * Writes are a few atomic stores per adapter call; nothing is posted per call.
 */

const STATE = 0; // 0 idle, 1 running an invariant
const OUTER_CALL = 1; // index of the outermost adapter call in progress, -1 none
const OUTER_SEQ = 2; // incremented whenever an outermost adapter call starts
const INNER_CALL = 3; // index of the innermost adapter call in progress, -1 none
const CASE_SEQ = 4; // incremented whenever an execution of the property starts
const CASES_DONE = 5; // generated cases completed by the invariant in progress
const PATH_LEN = 6; // bytes of the replay path of the execution in progress
const HEADER_INTS = 16;
const PATH_BYTES = 16 * 1024;

/** A snapshot of the board, read by the supervisor. */
export interface BoardReading {
  readonly running: boolean;
  readonly outerCall: number;
  readonly outerSeq: number;
  readonly innerCall: number;
  readonly caseSeq: number;
  readonly casesDone: number;
}

export class Board {
  readonly buffer: SharedArrayBuffer;
  private readonly ints: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(HEADER_INTS * 4 + PATH_BYTES);
    this.ints = new Int32Array(this.buffer, 0, HEADER_INTS);
    this.bytes = new Uint8Array(this.buffer, HEADER_INTS * 4, PATH_BYTES);
    if (buffer === undefined) {
      Atomics.store(this.ints, OUTER_CALL, -1);
      Atomics.store(this.ints, INNER_CALL, -1);
    }
  }

  // ---- written by the worker

  startInvariant(): void {
    Atomics.store(this.ints, CASES_DONE, 0);
    Atomics.store(this.ints, PATH_LEN, 0);
    Atomics.store(this.ints, STATE, 1);
  }

  /** The invariant's run is over after `casesDone` generated cases. */
  endInvariant(casesDone: number): void {
    Atomics.store(this.ints, CASES_DONE, casesDone);
    Atomics.store(this.ints, PATH_LEN, 0);
    Atomics.store(this.ints, STATE, 0);
  }

  startCase(path: string, casesDone: number): void {
    const n = Math.min(path.length, PATH_BYTES);
    for (let i = 0; i < n; i++) this.bytes[i] = path.charCodeAt(i);
    // A path too long for the board is recorded as unknown (length -1).
    Atomics.store(this.ints, PATH_LEN, path.length > PATH_BYTES ? -1 : n);
    Atomics.store(this.ints, CASES_DONE, casesDone);
    Atomics.add(this.ints, CASE_SEQ, 1);
  }

  enterCall(index: number, outermost: boolean): void {
    if (outermost) {
      Atomics.store(this.ints, OUTER_CALL, index);
      Atomics.add(this.ints, OUTER_SEQ, 1);
    }
    Atomics.store(this.ints, INNER_CALL, index);
  }

  exitCall(previousInner: number, outermost: boolean): void {
    Atomics.store(this.ints, INNER_CALL, previousInner);
    if (outermost) Atomics.store(this.ints, OUTER_CALL, -1);
  }

  // ---- read by the supervisor

  read(): BoardReading {
    return {
      running: Atomics.load(this.ints, STATE) === 1,
      outerCall: Atomics.load(this.ints, OUTER_CALL),
      outerSeq: Atomics.load(this.ints, OUTER_SEQ),
      innerCall: Atomics.load(this.ints, INNER_CALL),
      caseSeq: Atomics.load(this.ints, CASE_SEQ),
      casesDone: Atomics.load(this.ints, CASES_DONE),
    };
  }

  /** The replay path of the execution in progress (read once the worker is stuck or stopped). */
  path(): string | undefined {
    const n = Atomics.load(this.ints, PATH_LEN);
    if (n <= 0) return undefined;
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.bytes[i] ?? 0);
    return /^\d+(:\d+)*$/.test(s) ? s : undefined;
  }
}
