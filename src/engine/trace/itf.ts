/**
 * The Informal Trace Format (ITF, Apalache ADR-015, as Quint writes it): traces of states as
 * JSON, with integers as {"#bigint": "…"}, sets {"#set": […]}, maps {"#map": [[k, v], …]},
 * tuples {"#tup": […]}, records as objects and sequences as arrays.
 *
 * Extension (documented in SPEC.md): ITF has no real numbers; a finite non-integer number is
 * written as a plain JSON number. Non-finite numbers are {"#unserializable": "NaN"} etc.
 * Conversions are deterministic: record keys, set elements and map entries are sorted.
 */
import { dict } from "../../core/dict.js";

export type ItfValue =
  | boolean
  | string
  | number
  | ItfValue[]
  | { readonly "#bigint": string }
  | { readonly "#tup": ItfValue[] }
  | { readonly "#set": ItfValue[] }
  | { readonly "#map": [ItfValue, ItfValue][] }
  | { readonly "#unserializable": string }
  | { readonly [key: string]: ItfValue };

export interface ItfState {
  readonly "#meta"?: Readonly<Record<string, unknown>>;
  readonly [variable: string]: ItfValue | Readonly<Record<string, unknown>> | undefined;
}

export interface ItfTrace {
  readonly "#meta"?: Readonly<Record<string, unknown>>;
  readonly params?: readonly string[];
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  /** Index of the state the last state loops back to (a lasso), for liveness counterexamples. */
  readonly loop?: number;
}

const TUPLE = Symbol("itf.tuple");

/** A tuple (ITF `#tup`), as opposed to an array, which ITF reads as a sequence. */
export interface Tuple {
  readonly [TUPLE]: true;
  readonly items: readonly unknown[];
}

export function tup(...items: unknown[]): Tuple {
  return { [TUPLE]: true, items };
}

export function isTuple(v: unknown): v is Tuple {
  return typeof v === "object" && v !== null && TUPLE in v;
}

/** Canonical text of an ITF value, for sorting set elements and map keys deterministically. */
function canonical(v: ItfValue): string {
  return JSON.stringify(v);
}

function byCanonical(a: ItfValue, b: ItfValue): number {
  const x = canonical(a);
  const y = canonical(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Converts a JS value to ITF. Throws on undefined, functions and symbols (not representable). */
export function toItfValue(v: unknown, path = "value"): ItfValue {
  switch (typeof v) {
    case "boolean":
    case "string":
      return v;
    case "bigint":
      return { "#bigint": v.toString() };
    case "number":
      if (Number.isSafeInteger(v)) return { "#bigint": String(v) };
      if (Number.isFinite(v)) return Object.is(v, -0) ? { "#bigint": "0" } : v;
      return { "#unserializable": String(v) };
    case "object": {
      if (v === null) throw new Error(`${path}: null has no ITF representation`);
      if (isTuple(v)) return { "#tup": v.items.map((x, i) => toItfValue(x, `${path}[${i}]`)) };
      if (Array.isArray(v)) return v.map((x, i) => toItfValue(x, `${path}[${i}]`));
      if (v instanceof Set)
        return { "#set": [...v].map((x) => toItfValue(x, `${path}{}`)).sort(byCanonical) };
      if (v instanceof Map) {
        const entries = [...v].map(([k, x]): [ItfValue, ItfValue] => [
          toItfValue(k, `${path}.key`),
          toItfValue(x, `${path}.value`),
        ]);
        return { "#map": entries.sort((a, b) => byCanonical(a[0], b[0])) };
      }
      const out: Record<string, ItfValue> = dict();
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = toItfValue(x, `${path}.${k}`);
      }
      return out;
    }
    default:
      throw new Error(`${path}: a ${typeof v} has no ITF representation`);
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Converts ITF back to JS: #bigint → number when safe, else bigint; #set → Set; #map → Map;
 * #tup → Tuple; records → plain objects. Throws with the path on malformed input.
 */
export function fromItfValue(v: unknown, path = "value"): unknown {
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`${path}: not a finite number`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => fromItfValue(x, `${path}[${i}]`));
  if (!isObj(v)) throw new Error(`${path}: not an ITF value`);
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const k = keys[0] as string;
    const x = v[k];
    if (k === "#bigint") {
      if (typeof x !== "string" || !/^-?\d+$/.test(x))
        throw new Error(`${path}: #bigint must be a decimal string`);
      const b = BigInt(x);
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(b)
        : b;
    }
    if (k === "#set") {
      if (!Array.isArray(x)) throw new Error(`${path}: #set must hold an array`);
      return new Set(x.map((e, i) => fromItfValue(e, `${path}.#set[${i}]`)));
    }
    if (k === "#tup") {
      if (!Array.isArray(x)) throw new Error(`${path}: #tup must hold an array`);
      return tup(...x.map((e, i) => fromItfValue(e, `${path}.#tup[${i}]`)));
    }
    if (k === "#map") {
      if (!Array.isArray(x)) throw new Error(`${path}: #map must hold an array of pairs`);
      return new Map(
        x.map((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2)
            throw new Error(`${path}.#map[${i}]: not a [key, value] pair`);
          return [
            fromItfValue(pair[0], `${path}.#map[${i}][0]`),
            fromItfValue(pair[1], `${path}.#map[${i}][1]`),
          ];
        }),
      );
    }
    if (k === "#unserializable") {
      if (x === "NaN") return Number.NaN;
      if (x === "Infinity") return Number.POSITIVE_INFINITY;
      if (x === "-Infinity") return Number.NEGATIVE_INFINITY;
      return x;
    }
  }
  const out: Record<string, unknown> = dict();
  for (const k of keys) {
    if (k.startsWith("#")) throw new Error(`${path}: unknown ITF key ${k}`);
    out[k] = fromItfValue(v[k], `${path}.${k}`);
  }
  return out;
}

export interface TraceStep {
  /** The state: variable name → JS value. */
  readonly state: Readonly<Record<string, unknown>>;
  /** The action that produced this state (absent for the initial state). */
  readonly action?: string;
}

/** Builds an ITF trace from states; each state's `#meta` holds its index and the action taken. */
export function makeTrace(
  vars: readonly string[],
  steps: readonly TraceStep[],
  options: { readonly loop?: number; readonly meta?: Readonly<Record<string, unknown>> } = {},
): ItfTrace {
  const states = steps.map((s, index) => {
    const out: Record<string, unknown> = {
      "#meta": { index, ...(s.action !== undefined ? { action: s.action } : {}) },
    };
    for (const v of vars) {
      if (!Object.hasOwn(s.state, v)) throw new Error(`state ${index}: variable ${v} is missing`);
      out[v] = toItfValue(s.state[v], `state ${index}: ${v}`);
    }
    return out as ItfState;
  });
  return {
    "#meta": {
      format: "ITF",
      "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html",
      ...(options.meta ?? {}),
    },
    vars: [...vars],
    states,
    ...(options.loop !== undefined ? { loop: options.loop } : {}),
  };
}

/** Parses and checks an ITF trace document; throws with a path on anything malformed. */
export function parseTrace(doc: unknown): { trace: ItfTrace; states: Record<string, unknown>[] } {
  if (!isObj(doc)) throw new Error("trace: not a JSON object");
  const vars = doc["vars"];
  const states = doc["states"];
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === "string"))
    throw new Error("trace.vars: must be an array of strings");
  if (!Array.isArray(states)) throw new Error("trace.states: must be an array");
  const loop = doc["loop"];
  if (
    loop !== undefined &&
    !(Number.isInteger(loop) && (loop as number) >= 0 && (loop as number) < states.length)
  ) {
    throw new Error("trace.loop: must be the index of a state");
  }
  const decoded = states.map((s, i) => {
    if (!isObj(s)) throw new Error(`trace.states[${i}]: not an object`);
    const out: Record<string, unknown> = dict();
    for (const v of vars as string[]) {
      if (!Object.hasOwn(s, v)) throw new Error(`trace.states[${i}].${v}: missing`);
      out[v] = fromItfValue(s[v], `trace.states[${i}].${v}`);
    }
    return out;
  });
  return { trace: doc as unknown as ItfTrace, states: decoded };
}
