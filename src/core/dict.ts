/**
 * Maps keyed by user ids (pubKeys, slot ids, node ids) as plain objects that are safe for any
 * id: a null prototype, so `__proto__`, `constructor`, `toString`… are ordinary keys — never
 * the object's prototype, never an inherited method read as a value. They serialise to JSON
 * like any object (`JSON.stringify` keeps a `__proto__` own key).
 */

/** An empty map keyed by user ids (a null-prototype object). */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A null-prototype copy of `entries` (every key kept, `__proto__` included). */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = dict<T>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/**
 * `o[k]` when `o` has its own property `k`, else undefined: reading a map that may be an
 * ordinary object (from a caller, or `JSON.parse`) without picking up `Object.prototype`.
 */
export function own<T>(o: Readonly<Record<string, T>> | undefined, k: string): T | undefined {
  return o !== undefined && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}
