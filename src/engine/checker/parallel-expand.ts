/**
 * The expansion of a batch of packed frontier states for the parallel search (parallel.ts):
 * what a worker thread (parallel-worker.ts) — and the calling thread itself, between merges —
 * computes for each parent state, in the reply format that the merge (bfs.ts) reads
 * (`CANDIDATE_HEADER`): the actions enabled and their successor counts, the first
 * action-property violation, whether it is a deadlock, and the successors that may be new —
 * those whose fingerprint is not in the search's shared fingerprint table as it reads it — with
 * their fingerprint, packed words, invariant and constraint verdicts. Successors found in the
 * table are only counted: the merge would find them seen too.
 */
import { hashValue64, hashWords64 } from "./fingerprint.js";
import { LayoutMismatch, type StateCodec } from "./layout.js";
import { actionPropertiesByAction, type Model } from "./model.js";

type PackedStepPredicate = (before: Int32Array, after: Int32Array, action: string) => boolean;

export interface Expander {
  /** The search's (new) shared fingerprint table: slots × width words, (0, 0) empty. */
  setTable(table: Uint32Array, slots: number): void;
  /** Expands the records (state number, then the packed words, each) into a fresh reply. */
  expand(records: Uint32Array): Int32Array;
}

/** An expander of `model`'s states packed by `codec` (compiled from the model's layout). */
export function createExpander(
  model: Model<unknown, unknown>,
  config: unknown,
  symmetry: boolean,
  codec: StateCodec<unknown>,
): Expander {
  const words = codec.words;
  const fpWords = codec.fpWords;
  const sym = symmetry && model.symmetry !== undefined ? model.symmetry.bind(model) : undefined;
  const actions = model.actions;
  const aps = model.actionProperties ?? [];
  const propertiesOf = actionPropertiesByAction(model);
  const typeInvariant = model.typeInvariant?.bind(model);
  const invariants = model.invariants;
  const constraint = model.constraint?.bind(model);
  // Packed actions (packed.ts), without symmetry, as on one thread.
  const packedNext = actions.map((a) =>
    sym === undefined ? a.packed?.(config, codec) : undefined,
  );
  const packedHoldsOf = propertiesOf.map((qs, a) =>
    packedNext[a] === undefined ? [] : qs.map((q) => aps[q]?.packedHolds?.(config, codec)),
  );
  const anyPacked = packedNext.some((p) => p !== undefined);
  // Invariants on codes, as on one thread (bfs.ts `codesSuffice`).
  const packedType = anyPacked ? model.packedTypeInvariant?.(config, codec) : undefined;
  const packedInvariants = anyPacked ? invariants.map((q) => q.packedHolds?.(config, codec)) : [];
  const codesSuffice =
    anyPacked &&
    constraint === undefined &&
    (typeInvariant === undefined || packedType !== undefined) &&
    packedInvariants.every((q) => q !== undefined);
  /** −1 when every invariant holds in `t`, 0 when TypeInvariant fails, 1 + i when invariant i does. */
  const violatedIn = (t: unknown): number => {
    if (typeInvariant !== undefined && !typeInvariant(t, config)) return 0;
    for (let v = 0; v < invariants.length; v++)
      if (!(invariants[v] as (typeof invariants)[number]).holds(t, config)) return v + 1;
    return -1;
  };
  /** `violatedIn` on the codes of a packed action's successor (`codesSuffice`). */
  const violatedInCodes = (c: Int32Array): number => {
    if (packedType !== undefined && !packedType(c)) return 0;
    for (let v = 0; v < packedInvariants.length; v++)
      if (!(packedInvariants[v] as (c: Int32Array) => boolean)(c)) return v + 1;
    return -1;
  };
  const parentCodes = new Int32Array(codec.scalars);
  const succCodes = new Int32Array(codec.scalars);
  const scratch = new Uint32Array(words);
  const symScratch = new Uint32Array(words);
  const fp = new Uint32Array(2);
  let table: Uint32Array = new Uint32Array(0);
  let mask = 0;
  let width = 2;

  /**
   * Fingerprints this expander knows to be in the search's set, or to be merged into it before
   * any batch it expands from now on (direct-mapped, lossy; the role of SeenSet's `recent`
   * cache): those it found in the table lately, and those it sent lately — a successor sent in an
   * earlier batch is merged before this batch is, so it would be found seen; sending it again
   * would only repeat its property checks. A breadth-first search meets the same successors
   * again soon, and this small cache answers those without a probe of the large table.
   */
  const KNOWN_BITS = 15;
  const known = new Uint32Array(2 << KNOWN_BITS);
  const knownMask = (1 << KNOWN_BITS) - 1;

  /**
   * Whether a successor with this fingerprint can be left out of the reply: it is known (above),
   * or in the table as this expander reads it (then it is remembered as known). If not, it is
   * remembered as sent, and the caller sends it.
   */
  const seenOrSent = (hi: number, lo: number): boolean => {
    const c = ((hi ^ lo) & knownMask) * 2;
    if (known[c] === hi && known[c + 1] === lo) return true;
    known[c] = hi;
    known[c + 1] = lo;
    if (table.length === 0 || (hi === 0 && lo === 0)) return false;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const p = slot * width;
      const h = table[p] as number;
      const l = table[p + 1] as number;
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) return true;
      slot = (slot + 1) & mask;
    }
  };

  let out = new Int32Array(1 << 16);
  let len = 0;
  const ensure = (n: number) => {
    if (len + n <= out.length) return;
    let cap = out.length * 2;
    while (cap < len + n) cap *= 2;
    const next = new Int32Array(cap);
    next.set(out.subarray(0, len));
    out = next;
  };
  /** One parent's (action, count) pairs, and its candidates (header and words each). */
  const pairs = new Int32Array(2 * actions.length);
  let nPairs = 0;
  const candidate = 7 + words; // CANDIDATE_HEADER + words
  let cand = new Int32Array(64 * candidate);
  let candLen = 0;
  let nCandidates = 0;

  // The parent being expanded (no closure per parent or per action: these are reused).
  let records: Uint32Array = new Uint32Array(0);
  let at = 0; // where the parent's words start in `records`
  let parent: unknown;
  const state = (): unknown => (parent ??= codec.decode(records, at));
  let apSeq = -1;
  let apProperty = 0;
  let apAction = 0;
  let apOrdinal = 0;
  let seq = 0;
  // The packed action being run: its index, name, properties, their packed forms; its count.
  let curA = 0;
  let curName = "";
  let curQs: readonly number[] = [];
  let curHs: readonly (PackedStepPredicate | undefined)[] = [];
  let curK = 0;
  let stopped = false;

  /** Appends a candidate: its header (see parallel.ts) and the words in `from`. */
  const addCandidate = (
    a: number,
    k: number,
    hi: number,
    lo: number,
    violated: number,
    flags: number,
    from: Uint32Array | undefined,
  ): void => {
    if (candLen + candidate > cand.length) {
      const next = new Int32Array(cand.length * 2);
      next.set(cand);
      cand = next;
    }
    const c = cand;
    let p = candLen;
    c[p++] = seq;
    c[p++] = a;
    c[p++] = k;
    c[p++] = hi | 0;
    c[p++] = lo | 0;
    c[p++] = violated;
    c[p++] = flags;
    if (from === undefined) for (let w = 0; w < words; w++) c[p++] = 0;
    else for (let w = 0; w < words; w++) c[p++] = (from[w] as number) | 0;
    candLen = p;
    nCandidates++;
  };

  /** Called by a packed action after writing its next successor to `succCodes`. */
  const emit = (): void => {
    const kk = curK++;
    if (stopped) return;
    codec.pack(succCodes, scratch, 0);
    let t: unknown;
    for (let x = 0; x < curQs.length; x++) {
      const q = curQs[x] as number;
      const h = curHs[x];
      const ok =
        h !== undefined
          ? h(parentCodes, succCodes, curName)
          : (aps[q] as (typeof aps)[number]).holds(
              state(),
              (t ??= codec.decode(scratch, 0)),
              curName,
              config,
            );
      if (!ok) {
        apSeq = seq;
        apProperty = q;
        apAction = curA;
        apOrdinal = kk;
        stopped = true;
        return;
      }
    }
    // The words of the parent: seen, no candidate.
    let same = true;
    for (let w = 0; w < fpWords; w++)
      if (scratch[w] !== records[at + w]) {
        same = false;
        break;
      }
    if (!same) {
      hashWords64(scratch, 0, fpWords, fp);
      const hi = fp[0] as number;
      const lo = fp[1] as number;
      if (!seenOrSent(hi, lo)) {
        let violated: number;
        let cut = false;
        if (codesSuffice) violated = violatedInCodes(succCodes);
        else {
          t ??= codec.decode(scratch, 0);
          violated = violatedIn(t);
          cut = constraint !== undefined && !constraint(t, config);
        }
        addCandidate(curA, kk, hi, lo, violated, cut ? 1 : 0, scratch);
      }
    }
    seq++;
  };

  /** Expands the parent at `at`; returns whether an action property failed (stop there). */
  const expandOne = (): boolean => {
    parent = undefined;
    nPairs = 0;
    candLen = 0;
    nCandidates = 0;
    apSeq = -1;
    apProperty = 0;
    apAction = 0;
    apOrdinal = 0;
    seq = 0;
    let successors = 0;
    if (anyPacked) codec.unpack(records, at, parentCodes);
    outer: for (let a = 0; a < actions.length; a++) {
      const action = actions[a] as (typeof actions)[number];
      const pn = packedNext[a];
      if (pn !== undefined) {
        curA = a;
        curName = action.name;
        curQs = propertiesOf[a] as number[];
        curHs = packedHoldsOf[a] as (typeof packedHoldsOf)[number];
        curK = 0;
        stopped = false;
        if (pn(parentCodes, succCodes, emit)) {
          const k = curK;
          if (k > 0) {
            successors += k;
            pairs[2 * nPairs] = a;
            pairs[2 * nPairs + 1] = k;
            nPairs++;
          }
          if (stopped) break outer;
          continue;
        }
      }
      const s = state();
      const next = action.next(s, config);
      const n = next.length;
      if (n === 0) continue;
      successors += n;
      pairs[2 * nPairs] = a;
      pairs[2 * nPairs + 1] = n;
      nPairs++;
      for (let k = 0; k < n; k++) {
        const t = next[k];
        for (const q of propertiesOf[a] as number[])
          if (!(aps[q] as (typeof aps)[number]).holds(s, t, action.name, config)) {
            apSeq = seq;
            apProperty = q;
            apAction = a;
            apOrdinal = k;
            break outer;
          }
        let misfit = false;
        try {
          if (sym === undefined) {
            // A successor sharing every fingerprinted field with s is s: seen, no candidate.
            if (!codec.encodeFrom(t, s, records, at, scratch, 0)) {
              seq++;
              continue;
            }
            hashWords64(scratch, 0, fpWords, fp);
          } else {
            codec.encode(sym(t, config), symScratch, 0);
            hashWords64(symScratch, 0, fpWords, fp);
          }
        } catch (e) {
          if (!(e instanceof LayoutMismatch)) throw e;
          misfit = true;
          hashValue64(t, fp);
        }
        const hi = fp[0] as number;
        const lo = fp[1] as number;
        if (misfit || !seenOrSent(hi, lo)) {
          const violated = violatedIn(t);
          const cut = constraint !== undefined && !constraint(t, config);
          if (!misfit && sym !== undefined) codec.encode(t, scratch, 0);
          addCandidate(
            a,
            k,
            hi,
            lo,
            violated,
            (cut ? 1 : 0) | (misfit ? 2 : 0),
            misfit ? undefined : scratch,
          );
        }
        seq++;
      }
    }
    const deadlock = successors === 0 && model.terminal?.(state(), config) !== true;
    ensure(1 + 2 * nPairs + 6 + candLen);
    const o = out;
    let p = len;
    o[p++] = nPairs;
    for (let x = 0; x < 2 * nPairs; x++) o[p++] = pairs[x] as number;
    o[p++] = apSeq;
    o[p++] = apProperty;
    o[p++] = apAction;
    o[p++] = apOrdinal;
    o[p++] = deadlock ? 1 : 0;
    o[p++] = nCandidates;
    for (let x = 0; x < candLen; x++) o[p++] = cand[x] as number;
    len = p;
    return apSeq >= 0;
  };

  return {
    setTable(t: Uint32Array, slots: number) {
      table = t;
      mask = slots - 1;
      width = t.length / slots;
    },
    expand(batch: Uint32Array): Int32Array {
      len = 0;
      records = batch;
      const stride = words + 1;
      // After an action-property violation the search stops: the rest of the batch is not needed.
      for (let r = 0; r + stride <= batch.length; r += stride) {
        at = r + 1;
        if (expandOne()) break;
      }
      records = new Uint32Array(0);
      parent = undefined;
      return out.slice(0, len);
    },
  };
}
