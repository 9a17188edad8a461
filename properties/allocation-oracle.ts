/**
 * SPEC.md §5.2–5.4 (the `reference` allocation of one provider) transcribed independently of
 * src/core/allocation: ALLOC-RESULT-1 compares an implementation's grants with it. §5 fixes
 * the answer (water-filling per slot, tier 1 then tier 2, in canonical slot order), so this is a
 * differential oracle: it says *that* a grant is wrong; the invariant checkers say *what* is
 * wrong. The compatibility rule is a parameter, so that an implementation can be judged by its
 * own (`--judge-compat own`). Plain and slow on purpose: per recipient, the water level θ is
 * found by walking the recipients' saturation thresholds in order.
 */
import type { AllocationInput } from "../src/core/schemas/allocation.js";
import type { Slot } from "../src/core/schemas/slots.js";
import { oracleInstantMs, specCompatible } from "./compat-oracle.js";

/** A unit: one need slot of one recipient. */
export interface OracleUnit {
  readonly recipient: string;
  readonly needSlotId: string;
  readonly tier: 1 | 2;
  /** ρ(R) × damping(R): a unit's weight is coef × its remaining need. */
  readonly coef: number;
  readonly quantity: number;
}

/** One slot's result: what each unit got (key `recipient\u0000needSlotId`) and the tier denominators. */
export interface OracleSlot {
  readonly slotId: string;
  readonly quantity: number;
  readonly grants: ReadonlyMap<string, number>;
  readonly denominators: { readonly mutual: number; readonly nonMutual: number };
}

export interface OracleAllocation {
  /** Slots in canonical processing order (§5.2). */
  readonly slots: readonly OracleSlot[];
  readonly units: ReadonlyMap<string, OracleUnit>;
}

export const unitKey = (recipient: string, needSlotId: string) => `${recipient}\u0000${needSlotId}`;

const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));

/**
 * Water-filling of `capacity` over units grouped by recipient: every unit of a recipient of
 * coefficient c gets min(rem, θ·c·rem); θ is the smallest level at which the total reaches
 * min(capacity, Σ rem). Recipients of coefficient 0 get nothing. Returns the grants and that
 * total — min(capacity, Σ rem) exactly, as §5.4 states it, not the rounded sum of the grants.
 */
function waterFill(
  units: readonly { key: string; recipient: string; coef: number; rem: number }[],
  capacity: number,
): { grants: Map<string, number>; used: number } {
  const byRecipient = new Map<string, { coef: number; demand: number; keys: string[] }>();
  for (const u of units) {
    if (!(u.coef > 0) || !(u.rem > 0)) continue;
    const r = byRecipient.get(u.recipient) ?? { coef: u.coef, demand: 0, keys: [] };
    r.demand += u.rem;
    r.keys.push(u.key);
    byRecipient.set(u.recipient, r);
  }
  // A recipient saturates once θ·coef ≥ 1: walk them by threshold 1/coef, smallest first, a
  // group of equal coefficients at a time (they saturate together or not at all).
  const rs = [...byRecipient.entries()].sort(
    ([ka, a], [kb, b]) => b.coef - a.coef || codeUnitOrder(ka, kb),
  );
  const level = new Map<string, number>(); // fraction of its demand each recipient gets
  // The weight of the recipients from k on, summed from the smallest (never by subtraction:
  // tiny weights next to large ones would cancel).
  const rest: number[] = new Array<number>(rs.length + 1).fill(0);
  for (let i = rs.length - 1; i >= 0; i--) {
    const r = (rs[i] as [string, { coef: number; demand: number }])[1];
    rest[i] = (rest[i + 1] as number) + r.coef * r.demand;
  }
  let left = capacity;
  let k = 0;
  while (k < rs.length) {
    const coef = (rs[k] as [string, { coef: number }])[1].coef;
    let end = k;
    let demand = 0;
    while (end < rs.length && (rs[end] as [string, { coef: number }])[1].coef === coef) {
      demand += (rs[end] as [string, { demand: number }])[1].demand;
      end++;
    }
    const weight = rest[k] as number;
    if (!(left > 0) || !(weight > 0)) break;
    if ((left / weight) * coef < 1 || demand > left) break;
    for (let i = k; i < end; i++) level.set((rs[i] as [string, unknown])[0], 1);
    left -= demand;
    k = end;
  }
  const weight = rest[k] as number;
  const theta = weight > 0 && left > 0 ? left / weight : 0;
  for (; k < rs.length; k++) {
    const [name, r] = rs[k] as [string, { coef: number }];
    level.set(name, Math.min(1, theta * r.coef));
  }
  const out = new Map<string, number>();
  for (const u of units) {
    const f = level.get(u.recipient) ?? 0;
    if (f > 0 && u.rem > 0) out.set(u.key, f * u.rem);
  }
  let demand = 0;
  for (const r of byRecipient.values()) demand += r.demand;
  return { grants: out, used: Math.min(capacity, demand) };
}

/** What §5 needs of an input: slots in canonical order and the units of recognised recipients. */
export interface OraclePlan {
  /** Capacity slots in canonical processing order (§5.2). */
  readonly slots: readonly Slot[];
  readonly units: ReadonlyMap<string, OracleUnit>;
  readonly needs: readonly {
    readonly key: string;
    readonly recipient: string;
    readonly tier: 1 | 2;
    readonly coef: number;
    readonly slot: Slot;
  }[];
}

/** §5.2's canonical slot order and §3's tiers and renormalised recognition. */
export function specPlan(input: AllocationInput): OraclePlan {
  // §5.2: slots by window start (unbounded first), end (unbounded last), id.
  const bound = (t: string | undefined, missing: number) =>
    t === undefined ? missing : oracleInstantMs(t);
  const slots = [...input.provider.capacity_slots].sort(
    (a, b) =>
      bound(a.window?.start, -Infinity) - bound(b.window?.start, -Infinity) ||
      bound(a.window?.end, Infinity) - bound(b.window?.end, Infinity) ||
      codeUnitOrder(a.id, b.id),
  );
  // §3: tiers and renormalised recognition, sums in pubKey order.
  const recipients = [...input.recipients].sort((a, b) => codeUnitOrder(a.pubKey, b.pubKey));
  let mrSum = 0;
  let shareSum = 0;
  for (const r of recipients) {
    if (r.mr > 0) mrSum += r.mr;
    else if (r.share > 0) shareSum += r.share;
  }
  const units = new Map<string, OracleUnit>();
  const needs: { key: string; recipient: string; tier: 1 | 2; coef: number; slot: Slot }[] = [];
  for (const r of recipients) {
    const tier = r.mr > 0 ? 1 : r.share > 0 ? 2 : undefined;
    if (tier === undefined) continue;
    const rho = tier === 1 ? r.mr / mrSum : r.share / shareSum;
    const coef = rho * r.damping_factor;
    for (const n of r.need_slots) {
      const key = unitKey(r.pubKey, n.id);
      units.set(key, { recipient: r.pubKey, needSlotId: n.id, tier, coef, quantity: n.quantity });
      needs.push({ key, recipient: r.pubKey, tier, coef, slot: n });
    }
  }
  needs.sort((a, b) => codeUnitOrder(a.key, b.key));
  return { slots, units, needs };
}

/**
 * §5.3–5.4 for one slot, given the remaining need of every unit (`rem`, by unit key; missing
 * means its full quantity): tier 1 water-filling, then tier 2 of what tier 1 left.
 */
export function specFillSlot(
  plan: OraclePlan,
  slot: Slot,
  rem: ReadonlyMap<string, number>,
  compatible: (a: Slot, b: Slot) => boolean = specCompatible,
): OracleSlot {
  const left = (key: string) => rem.get(key) ?? (plan.units.get(key) as OracleUnit).quantity;
  const here = plan.needs
    .filter((n) => left(n.key) > 0 && compatible(slot, n.slot))
    .map((n) => ({ ...n, rem: left(n.key) }));
  const denominators = { mutual: 0, nonMutual: 0 };
  for (const n of here) {
    if (n.tier === 1) denominators.mutual += n.coef * n.rem;
    else denominators.nonMutual += n.coef * n.rem;
  }
  const first = waterFill(
    here.filter((n) => n.tier === 1),
    slot.quantity,
  );
  const second = waterFill(
    here.filter((n) => n.tier === 2),
    Math.max(0, slot.quantity - first.used),
  );
  return {
    slotId: slot.id,
    quantity: slot.quantity,
    grants: new Map([...first.grants, ...second.grants]),
    denominators,
  };
}

/** What remains of a unit's need after a grant: §1 counts a need within tol(need) of met as met. */
export function remainingAfter(before: number, granted: number, quantity: number): number {
  const after = before - granted;
  return after <= tol(quantity) ? 0 : after;
}

/** §5's allocation of `input`, judging compatibility by `compatible` (default §4's rule). */
export function specAllocation(
  input: AllocationInput,
  compatible: (a: Slot, b: Slot) => boolean = specCompatible,
): OracleAllocation {
  const plan = specPlan(input);
  const rem = new Map([...plan.units].map(([k, u]) => [k, u.quantity]));
  const out: OracleSlot[] = [];
  for (const slot of plan.slots) {
    const filled = specFillSlot(plan, slot, rem, compatible);
    for (const [key, x] of filled.grants)
      rem.set(
        key,
        remainingAfter(rem.get(key) ?? 0, x, (plan.units.get(key) as OracleUnit).quantity),
      );
    out.push(filled);
  }
  return { slots: out, units: plan.units };
}
