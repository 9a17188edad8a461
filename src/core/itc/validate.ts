/**
 * Validation and normalisation of caller-supplied stamps.
 *
 * A caller's value is never trusted as is: it is walked once (iteratively — no recursion on the
 * caller-controlled depth), each field is read exactly once, and a frozen copy made of our own
 * nodes is returned. Subtrees that are already our own nodes are reused without being walked.
 */
import { attempt, CoreError, type Result } from "../errors.js";
import { maxOf } from "./events.js";
import {
  base,
  evNode,
  idNode,
  isKnownEvNode,
  isKnownIdNode,
  isKnownStamp,
  mkEv,
  mkId,
  mkStamp,
} from "./nodes.js";
import { MAX_COUNTER, type Ev, type Id, type Stamp } from "./types.js";

type Path = readonly (string | number)[];

const ID_KEYS = ["l", "r"] as const;
const EV_KEYS = ["n", "l", "r"] as const;
const STAMP_KEYS = ["id", "event"] as const;

/** A node of the caller's tree whose children are being converted. */
interface Frame {
  readonly parent: Frame | null;
  readonly key: "l" | "r" | "";
  readonly n: number;
  /** Sum of `n` from the root down to and including this node. */
  readonly acc: number;
  readonly l: unknown;
  readonly r: unknown;
  stage: 0 | 1 | 2;
  lRes: Id | Ev;
  rRes: Id | Ev;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return String(v);
  if (typeof v === "string")
    return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v)}`;
  return v === undefined ? "undefined" : typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function pathOf(base: Path, f: Frame | null, extra?: string): (string | number)[] {
  const keys: string[] = [];
  if (extra !== undefined) keys.push(extra);
  for (let g = f; g !== null && g.key !== ""; g = g.parent) keys.push(g.key);
  keys.reverse();
  return [...base, ...keys];
}

function malformed(path: Path, message: string): CoreError {
  return new CoreError("ITC_MALFORMED", message, path);
}

function checkKeys(o: object, allowed: readonly string[], path: () => (string | number)[]): void {
  const keys = Object.keys(o);
  for (const k of keys) {
    if (!allowed.includes(k)) {
      throw malformed([...path(), k], `unexpected key ${JSON.stringify(k)}`);
    }
  }
  if (keys.length !== allowed.length) {
    for (const k of allowed) {
      if (!Object.hasOwn(o, k)) throw malformed([...path(), k], `missing key ${JSON.stringify(k)}`);
    }
  }
}

/** Checks that `v` is a non-negative safe integer; returns it with -0 turned into 0. */
function counter(v: unknown, acc: number, path: () => (string | number)[], what: string): number {
  if (typeof v !== "number") {
    throw malformed(path(), `${what} must be a non-negative integer, got ${describe(v)}`);
  }
  if (Number.isNaN(v)) throw malformed(path(), `${what} must be a number, got NaN`);
  if (!Number.isFinite(v)) throw malformed(path(), `${what} must be finite, got ${v}`);
  if (!Number.isInteger(v)) throw malformed(path(), `${what} must be an integer, got ${v}`);
  if (v < 0) throw malformed(path(), `${what} must be non-negative, got ${v}`);
  if (v > MAX_COUNTER - acc) {
    throw malformed(
      path(),
      acc === 0
        ? `${what} must be at most Number.MAX_SAFE_INTEGER, got ${v}`
        : `${what} plus the counters above it (${acc}) exceeds Number.MAX_SAFE_INTEGER`,
    );
  }
  return v === 0 ? 0 : v;
}

function isObject(v: unknown): v is object {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Converts one id tree. Throws CoreError ITC_MALFORMED / ITC_NOT_NORMAL with the path. */
export function convertId(root: unknown, basePath: Path, normalize: boolean): Id {
  const visit = (v: unknown, parent: Frame | null, key: "l" | "r" | ""): Id | Frame => {
    if (v === 0 || v === 1) return v === 1 ? 1 : 0;
    if (isKnownIdNode(v)) return v;
    const at = () => pathOf(basePath, parent, key === "" ? undefined : key);
    if (!isObject(v)) {
      throw malformed(at(), `id must be 0, 1 or an object {l, r}, got ${describe(v)}`);
    }
    checkKeys(v, ID_KEYS, at);
    const o = v as Record<string, unknown>;
    return { parent, key, n: 0, acc: 0, l: o.l, r: o.r, stage: 0, lRes: 0, rRes: 0 };
  };
  const first = visit(root, null, "");
  if (typeof first !== "object" || isKnownIdNode(first)) return first as Id;
  const stack: Frame[] = [first as Frame];
  for (;;) {
    const f = stack[stack.length - 1] as Frame;
    if (f.stage === 0) {
      f.stage = 1;
      const c = visit(f.l, f, "l");
      if (typeof c === "object" && !isKnownIdNode(c)) {
        stack.push(c as Frame);
        continue;
      }
      f.lRes = c as Id;
    }
    if (f.stage === 1) {
      f.stage = 2;
      const c = visit(f.r, f, "r");
      if (typeof c === "object" && !isKnownIdNode(c)) {
        stack.push(c as Frame);
        continue;
      }
      f.rRes = c as Id;
    }
    stack.pop();
    const l = f.lRes as Id;
    const r = f.rRes as Id;
    let built: Id;
    if (normalize) built = mkId(l, r);
    else if ((l === 0 && r === 0) || (l === 1 && r === 1)) {
      throw new CoreError(
        "ITC_NOT_NORMAL",
        `id (${l},${r}) is not in normal form (it should be ${l})`,
        pathOf(basePath, f),
      );
    } else built = idNode(l, r);
    const p = stack[stack.length - 1];
    if (p === undefined) return built;
    if (p.stage === 1) p.lRes = built;
    else p.rRes = built;
  }
}

/** Converts one event tree. Throws CoreError ITC_MALFORMED / ITC_NOT_NORMAL with the path. */
export function convertEv(root: unknown, basePath: Path, normalize: boolean): Ev {
  const visit = (v: unknown, parent: Frame | null, key: "l" | "r" | ""): Ev | Frame => {
    const acc = parent === null ? 0 : parent.acc;
    const at = () => pathOf(basePath, parent, key === "" ? undefined : key);
    if (typeof v === "number") return counter(v, acc, at, "event counter");
    if (isKnownEvNode(v)) {
      if (acc > 0 && maxOf(v) > MAX_COUNTER - acc) {
        throw malformed(at(), `event counters below exceed Number.MAX_SAFE_INTEGER`);
      }
      return v;
    }
    if (!isObject(v)) {
      throw malformed(
        at(),
        `event must be a non-negative integer or an object {n, l, r}, got ${describe(v)}`,
      );
    }
    checkKeys(v, EV_KEYS, at);
    const o = v as Record<string, unknown>;
    const n = counter(o.n, acc, () => [...at(), "n"], "event node n");
    return { parent, key, n, acc: acc + n, l: o.l, r: o.r, stage: 0, lRes: 0, rRes: 0 };
  };
  const first = visit(root, null, "");
  if (typeof first !== "object" || isKnownEvNode(first)) return first as Ev;
  const stack: Frame[] = [first as Frame];
  for (;;) {
    const f = stack[stack.length - 1] as Frame;
    if (f.stage === 0) {
      f.stage = 1;
      const c = visit(f.l, f, "l");
      if (typeof c === "object" && !isKnownEvNode(c)) {
        stack.push(c as Frame);
        continue;
      }
      f.lRes = c as Ev;
    }
    if (f.stage === 1) {
      f.stage = 2;
      const c = visit(f.r, f, "r");
      if (typeof c === "object" && !isKnownEvNode(c)) {
        stack.push(c as Frame);
        continue;
      }
      f.rRes = c as Ev;
    }
    stack.pop();
    const l = f.lRes as Ev;
    const r = f.rRes as Ev;
    let built: Ev;
    if (normalize) built = mkEv(f.n, l, r);
    else {
      const bl = base(l);
      const br = base(r);
      if (bl !== 0 && br !== 0) {
        const m = bl < br ? bl : br;
        throw new CoreError(
          "ITC_NOT_NORMAL",
          `event node is not in normal form: both children have a base ≥ ${m}, which should be lifted into n`,
          pathOf(basePath, f),
        );
      }
      if (typeof l === "number" && l === r) {
        throw new CoreError(
          "ITC_NOT_NORMAL",
          `event node (${f.n},${l},${r}) is not in normal form (it should be ${f.n + l})`,
          pathOf(basePath, f),
        );
      }
      built = evNode(f.n, l, r);
    }
    const p = stack[stack.length - 1];
    if (p === undefined) return built;
    if (p.stage === 1) p.lRes = built;
    else p.rRes = built;
  }
}

/**
 * Converts a caller's stamp into our own frozen normal form, or throws CoreError (ITC_MALFORMED
 * for shape/range problems, ITC_NOT_NORMAL for trees that are well-formed but not normal unless
 * `normalize`). Our own stamps are returned as they are.
 */
export function convertStamp(x: unknown, normalize: boolean): Stamp {
  if (isKnownStamp(x)) return x;
  if (!isObject(x)) {
    throw malformed([], `stamp must be an object {id, event}, got ${describe(x)}`);
  }
  checkKeys(x, STAMP_KEYS, () => []);
  const o = x as Record<string, unknown>;
  const idRaw = o.id;
  const evRaw = o.event;
  const id = convertId(idRaw, ["id"], normalize);
  const event = convertEv(evRaw, ["event"], normalize);
  return mkStamp(id, event);
}

/**
 * The stamp operations' input check: our own stamps pass in O(1); anything else is validated (and
 * copied) or rejected with a CoreError whose message names the operation and argument.
 */
export function requireStamp(x: unknown, where: string): Stamp {
  if (isKnownStamp(x)) return x;
  try {
    return convertStamp(x, false);
  } catch (e) {
    if (e instanceof CoreError) throw new CoreError(e.code, `${where}: ${e.message}`, e.path);
    throw e;
  }
}

/**
 * Validates an untrusted value as a stamp: shape, integer counters in the safe range, and normal
 * form of both id and event. On success the value is a deeply frozen copy (or the argument itself
 * when it is already one of ours) that the operations accept in O(1).
 */
export function validate(x: unknown): Result<Stamp> {
  return attempt(() => convertStamp(x, false));
}

/** True when `x` is a well-formed stamp in normal form. */
export function isNormal(x: unknown): boolean {
  return validate(x).ok;
}

/**
 * Normal form of a well-formed stamp that may not be normal (e.g. `{id: {l:1, r:1}, event:
 * {n:0, l:1, r:1}}` → `{id: 1, event: 1}`). Throws CoreError ITC_MALFORMED on shape errors.
 */
export function normalize(x: unknown): Stamp {
  return convertStamp(x, true);
}
