/**
 * Recognition (SPEC.md §Recognition): a participant's recognition weights are non-negative
 * numbers over other participants; its shares are those weights divided by their sum (all zero
 * when the sum is zero). Mutual recognition is the smaller of the two shares.
 */
import { cmpStr } from "./order.js";
import { dict } from "./dict.js";

export type RecognitionWeights = Readonly<Record<string, number>>;

function sumValues(weights: RecognitionWeights): number {
  let s = 0;
  // Sum in key order so the result does not depend on insertion order (keys that are already in
  // order, the usual case, are not sorted again: same order, same sum).
  const keys = Object.keys(weights);
  let sorted = true;
  for (let i = 1; i < keys.length; i++)
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      sorted = false;
      break;
    }
  for (const k of sorted ? keys : keys.sort()) s += weights[k] ?? 0;
  return s;
}

/** The normalised shares of a weight map: each weight over the total (zero when the total is zero). */
export function recognitionShares(weights: RecognitionWeights): Record<string, number> {
  const total = sumValues(weights);
  const out: Record<string, number> = dict();
  for (const k of Object.keys(weights).sort()) out[k] = total > 0 ? (weights[k] ?? 0) / total : 0;
  return out;
}

/** share_from(to): the share of `from`'s recognition that goes to `to`. */
export function shareOf(weights: RecognitionWeights, to: string): number {
  const total = sumValues(weights);
  const w = Object.prototype.hasOwnProperty.call(weights, to) ? (weights[to] ?? 0) : 0;
  return total > 0 ? w / total : 0;
}

/** MR(a, b) = min(share_a(b), share_b(a)); symmetric, in [0, 1]. */
export function mutualRecognition(
  a: { readonly pubKey: string; readonly recognition_weights: RecognitionWeights },
  b: { readonly pubKey: string; readonly recognition_weights: RecognitionWeights },
): number {
  return Math.min(
    shareOf(a.recognition_weights, b.pubKey),
    shareOf(b.recognition_weights, a.pubKey),
  );
}

/** MR of `me` with each of `others` (keyed by pubKey), omitting zero values. */
export function mutualRecognitionMap(
  me: { readonly pubKey: string; readonly recognition_weights: RecognitionWeights },
  others: readonly { readonly pubKey: string; readonly recognition_weights: RecognitionWeights }[],
): Record<string, number> {
  const out: Record<string, number> = dict();
  for (const o of [...others].sort((x, y) => cmpStr(x.pubKey, y.pubKey))) {
    if (o.pubKey === me.pubKey) continue;
    const mr = mutualRecognition(me, o);
    if (mr > 0) out[o.pubKey] = mr;
  }
  return out;
}

/** Divides every value by the total (the per-tier renormalisation of SPEC.md §Tiers). */
export function renormalize(values: Readonly<Record<string, number>>): Record<string, number> {
  return recognitionShares(values);
}
