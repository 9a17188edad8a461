/**
 * Packed actions ("hash before build"): an action may have, besides its object form (the
 * definition), a packed form that computes each successor from the state being expanded as an
 * *unpacked* state — one integer code per scalar of the layout (layout.ts `Slot`: an int minus
 * its minimum, an enumeration's index, 0/1, a sequence's length) — in one reused `Int32Array`.
 * The checker packs those codes into words, hashes and looks them up; a successor already seen
 * costs no object at all, and a new one is decoded only to check its invariants (and queued as
 * its words).
 *
 * A packed form must give, for every state that fits the layout, exactly the encodings of the
 * object form's successors, in the same order — or decline (return false before emitting
 * anything), and the checker then runs the object form for that state and action (e.g. when a
 * successor would not fit the layout). Unused sequence items must be left zero, as the encoder
 * leaves them. `test/engine/checker/packed.test.ts` checks all this on random and reachable
 * states of every model that has packed actions.
 */
import type { StateCodec } from "./layout.js";

/** What a packed action is compiled against: the layout's scalars, by path. */
export type PackedCodec = Pick<StateCodec<unknown>, "scalars" | "index" | "slot">;

/**
 * Writes each successor of the unpacked state `p` (read only) to `o` — every code of it — and
 * calls `emit()` after each one (the checker reads `o` before `emit` returns; `o` may then be
 * overwritten). Returns false, before any `emit`, to decline: the object form is used instead.
 */
export type PackedNext = (p: Int32Array, o: Int32Array, emit: () => void) => boolean;

/** The code of `value` in an enumeration slot (throws when it is not one of its values). */
export function codeOf(
  codec: PackedCodec,
  path: string,
  value: string | number | boolean | null,
): number {
  const k = codec.slot(path).values?.indexOf(value) ?? -1;
  if (k < 0) throw new Error(`packed action: ${String(value)} is not a value of ${path}`);
  return k;
}

/**
 * The words of each successor of the state at `w[at ..)` by a packed action, or undefined when
 * it declines (for tests and tools; the checker runs packed actions itself).
 */
export function packedSuccessors<S>(
  next: PackedNext,
  codec: StateCodec<S>,
  w: Uint32Array,
  at: number,
): number[][] | undefined {
  const p = new Int32Array(codec.scalars);
  codec.unpack(w, at, p);
  const before = [...p];
  const o = new Int32Array(codec.scalars).fill(-0x21524111);
  const out: number[][] = [];
  const words = new Uint32Array(codec.words);
  const ok = next(p, o, () => {
    codec.pack(o, words, 0);
    out.push([...words]);
    o.fill(-0x21524111); // a code left unwritten by the next successor shows
  });
  if (!ok && out.length > 0) throw new Error("packed action: declined after emitting");
  if (p.some((c, k) => c !== before[k])) throw new Error("packed action: wrote its parent");
  return ok ? out : undefined;
}

/** `o` := `p` (a loop: for a few dozen codes, cheaper than `TypedArray.prototype.set`). */
export function copyCodes(p: Int32Array, o: Int32Array): void {
  for (let k = 0; k < p.length; k++) o[k] = p[k] as number;
}

/** `o.copyWithin(target, start, end)` as a loop (cheaper for a few codes). */
export function moveCodes(o: Int32Array, target: number, start: number, end: number): void {
  if (target < start) for (let k = start; k < end; k++) o[target + k - start] = o[k] as number;
  else for (let k = end - 1; k >= start; k--) o[target + k - start] = o[k] as number;
}
