/**
 * Detects prototype pollution in an isolated `verify` run: a snapshot of the built-in
 * prototypes and namespaces (every own property's descriptor, and whether the object is
 * extensible), compared after each case and restored when it changed, so that the case is
 * reported as `PROTOTYPE-POLLUTION` and the oracles of later cases run on clean built-ins.
 */

const TARGETS: readonly (readonly [string, object])[] = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
  ["Number.prototype", Number.prototype],
  ["Boolean.prototype", Boolean.prototype],
  ["Symbol.prototype", Symbol.prototype],
  ["BigInt.prototype", BigInt.prototype],
  ["Date.prototype", Date.prototype],
  ["RegExp.prototype", RegExp.prototype],
  ["Error.prototype", Error.prototype],
  ["Map.prototype", Map.prototype],
  ["Set.prototype", Set.prototype],
  ["WeakMap.prototype", WeakMap.prototype],
  ["Promise.prototype", Promise.prototype],
  ["ArrayBuffer.prototype", ArrayBuffer.prototype],
  ["Uint8Array.prototype", Uint8Array.prototype],
  ["TypedArray.prototype", Object.getPrototypeOf(Uint8Array.prototype) as object],
  [
    "Iterator.prototype",
    Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object,
  ],
  ["Object", Object],
  ["Array", Array],
  ["Number", Number],
  ["String", String],
  ["JSON", JSON],
  ["Math", Math],
  ["Reflect", Reflect],
];

/** Checked after every case (the rest after every invariant). */
const HOT = new Set([
  "Object.prototype",
  "Array.prototype",
  "Function.prototype",
  "String.prototype",
  "Number.prototype",
  "Map.prototype",
  "Set.prototype",
]);

/** The globals whose replacement or deletion counts (other globals may come and go). */
const GLOBALS = [
  "Object",
  "Array",
  "Function",
  "String",
  "Number",
  "Boolean",
  "Symbol",
  "BigInt",
  "Date",
  "RegExp",
  "Error",
  "TypeError",
  "RangeError",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "Promise",
  "JSON",
  "Math",
  "Reflect",
  "Proxy",
  "ArrayBuffer",
  "Uint8Array",
  "parseInt",
  "parseFloat",
  "isNaN",
  "isFinite",
  "structuredClone",
] as const;

interface Entry {
  readonly name: string;
  readonly target: object;
  readonly extensible: boolean;
  readonly keys: readonly (string | symbol)[];
  readonly descriptors: Map<string | symbol, PropertyDescriptor>;
  /** Data properties (checked by value, cheaply) and accessors (checked by descriptor). */
  readonly data: readonly (readonly [string | symbol, unknown])[];
  readonly accessors: readonly (readonly [string | symbol, PropertyDescriptor])[];
}

function same(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return (
    Object.is(a.value, b.value) &&
    a.get === b.get &&
    a.set === b.set &&
    a.writable === b.writable &&
    a.enumerable === b.enumerable &&
    a.configurable === b.configurable
  );
}

function keyText(k: string | symbol): string {
  return typeof k === "symbol" ? `[${String(k)}]` : k;
}

export class BuiltinsGuard {
  private entries: Entry[] = [];
  private globals: Record<string, unknown> = {};
  private hot: Entry[] = [];

  constructor() {
    this.snapshot();
  }

  /** Takes the snapshot that later checks compare with. */
  snapshot(): void {
    const globals = Object.create(null) as Record<string, unknown>;
    for (const g of GLOBALS) globals[g] = (globalThis as Record<string, unknown>)[g];
    this.globals = globals;
    this.entries = TARGETS.map(([name, target]) => {
      const keys = Reflect.ownKeys(target);
      const descriptors = new Map<string | symbol, PropertyDescriptor>();
      for (const k of keys) {
        const d = Object.getOwnPropertyDescriptor(target, k);
        if (d !== undefined) descriptors.set(k, d);
      }
      const data: [string | symbol, unknown][] = [];
      const accessors: [string | symbol, PropertyDescriptor][] = [];
      for (const [k, d] of descriptors) {
        if ("value" in d) data.push([k, d.value]);
        else accessors.push([k, d]);
      }
      return {
        name,
        target,
        extensible: Object.isExtensible(target),
        keys,
        descriptors,
        data,
        accessors,
      };
    });
    this.hot = this.entries.filter((e) => HOT.has(e.name));
  }

  /**
   * A fast check, run after every case, of the prototypes pollution usually reaches (Object,
   * Array, Function, String, Number, Map, Set) and of the built-in globals: no property added
   * to Object.prototype, no data property given another value or deleted, no accessor
   * replaced, nothing frozen. `changes` (run after every invariant) looks at everything:
   * every key of every prototype, attributes included. About 10 µs.
   */
  changed(): boolean {
    for (const g of GLOBALS)
      if ((globalThis as Record<string, unknown>)[g] !== this.globals[g]) return true;
    for (const e of this.hot) {
      if (Object.isExtensible(e.target) !== e.extensible) return true;
      // Listing keys is what costs; new keys on the other prototypes are seen by `changes`.
      if (e.target === Object.prototype && Reflect.ownKeys(e.target).length !== e.keys.length)
        return true;
      const t = e.target as Record<string | symbol, unknown>;
      for (const [k, v] of e.data) {
        let now: unknown;
        try {
          now = t[k];
        } catch {
          return true; // a data property turned into a throwing getter
        }
        if (!Object.is(now, v)) return true;
      }
      for (const [k, d] of e.accessors) {
        const now = Object.getOwnPropertyDescriptor(e.target, k);
        if (now === undefined || now.get !== d.get || now.set !== d.set) return true;
      }
    }
    return false;
  }

  /**
   * What changed since the snapshot (at most `limit` items), e.g. "Object.prototype.polluted
   * was added". Of the globals, only the built-ins' replacement counts, not new globals.
   */
  changes(limit = 5): string[] {
    const out: string[] = [];
    for (const g of GLOBALS)
      if ((globalThis as Record<string, unknown>)[g] !== this.globals[g] && out.length < limit)
        out.push(`the global ${g} was replaced`);
    for (const e of this.entries) {
      if (out.length >= limit) break;
      if (Object.isExtensible(e.target) !== e.extensible)
        out.push(`${e.name} was made non-extensible (frozen or sealed)`);
      const keys = Reflect.ownKeys(e.target);
      if (keys.length !== e.keys.length) {
        for (const k of keys)
          if (!e.descriptors.has(k) && out.length < limit)
            out.push(`${e.name}.${keyText(k)} was added`);
      }
      for (const [k, d] of e.descriptors) {
        if (out.length >= limit) break;
        const now = Object.getOwnPropertyDescriptor(e.target, k);
        if (now === undefined) out.push(`${e.name}.${keyText(k)} was deleted`);
        else if (!same(now, d)) out.push(`${e.name}.${keyText(k)} was replaced or redefined`);
      }
    }
    return out;
  }

  /** Puts the snapshot back; false when it cannot be (e.g. a frozen prototype). */
  restore(): boolean {
    let ok = true;
    for (const g of GLOBALS) {
      const was = this.globals[g];
      if ((globalThis as Record<string, unknown>)[g] !== was) {
        try {
          (globalThis as Record<string, unknown>)[g] = was;
        } catch {
          ok = false;
        }
        if ((globalThis as Record<string, unknown>)[g] !== was) ok = false;
      }
    }
    for (const e of this.entries) {
      try {
        for (const k of Reflect.ownKeys(e.target))
          if (!e.descriptors.has(k) && !Reflect.deleteProperty(e.target, k)) ok = false;
        for (const [k, d] of e.descriptors) {
          const now = Object.getOwnPropertyDescriptor(e.target, k);
          if (now === undefined || !same(now, d))
            if (!Reflect.defineProperty(e.target, k, d)) ok = false;
        }
        if (Object.isExtensible(e.target) !== e.extensible) ok = false;
      } catch {
        ok = false;
      }
    }
    return ok;
  }
}
