/**
 * What a commons participant computes, shared by the V1 and V2 nodes (SPEC.md §Protocols): a
 * provider's allocation over the declarations it holds (reference allocation, residual needs
 * by a §6.1 variant), and a recipient's aggregation of the grants it was sent.
 *
 * A **declaration** is what a participant publishes: its slots, recognition weights, damping
 * state and — **Decision** — what it has received per need slot and provider, so that a
 * provider can compute the residual need net of the *other* providers' grants (§6.1) without a
 * shared ledger.
 */
import { allocateValidated } from "../allocation/allocate.js";
import { allocationInputFromCommitments } from "../allocation/from-commitments.js";
import { checkAllocation, type AllocationInvariantId } from "../allocation/invariants.js";
import type { AllocationResult } from "../allocation/result.js";
import type { AllocationVariant } from "../allocation/variants.js";
import { denominatorDelta, type Denominators } from "../convergence.js";
import { cmpStr } from "../order.js";
import { residualNeed, type ResidualVariant } from "../residual.js";
import type { AllocationInput } from "../schemas/allocation.js";
import type { DampingEntry } from "../schemas/commitment.js";
import type { AvailabilitySlot, NeedSlot } from "../schemas/slots.js";
import type { SafetyViolation } from "./machine.js";
import { dict, own } from "../dict.js";

/** received[needSlotId][provider] = quantity. */
export type Received = Readonly<Record<string, Readonly<Record<string, number>>>>;
/** grants[recipient][needSlotId] = quantity (summed over the provider's slots). */
export type GrantMap = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** A participant's fixed part: what it offers, needs and whom it recognises. */
export interface ParticipantSpec {
  readonly pubKey: string;
  readonly capacity_slots: readonly AvailabilitySlot[];
  readonly need_slots: readonly NeedSlot[];
  readonly recognition_weights: Readonly<Record<string, number>>;
}

/** What a participant publishes (the commitment fields plus what it received). */
export interface Declaration extends ParticipantSpec {
  readonly damping_factor: number;
  readonly damping_history: readonly DampingEntry[];
  readonly received: Received;
}

export interface ProviderComputation {
  readonly input: AllocationInput;
  readonly result: AllocationResult;
  readonly grants: GrantMap;
}

export function statedNeed(spec: Pick<ParticipantSpec, "need_slots">): number {
  let s = 0;
  for (const n of spec.need_slots) s += n.quantity;
  return s;
}

/**
 * One provider's allocation over the declarations it holds: MR and shares from recognition
 * weights, each recipient's damping factor, need quantities replaced by the residual the
 * provider sees (`naive`: net of everything received; `net-of-others`: net of the other
 * providers' grants).
 */
/**
 * The last residual need slots built per (declaration's need_slots array, provider): reused when
 * they would come out the same (same source slots, same keys and values, same residual
 * quantities), so that the allocation engine's per-array caches (compatible capacity slots per
 * need slot) hit instead of matching every need slot again on each recompute (issue 12).
 */
const residualKept = new WeakMap<readonly NeedSlot[], Map<string, readonly NeedSlot[]>>();

/** `{ ...n, quantity }` equals `kept` (same own keys in the same order, same values). */
function sameResidual(kept: NeedSlot, n: NeedSlot, quantity: number): boolean {
  if (kept.quantity !== quantity) return false;
  const a = Object.keys(kept);
  const b = Object.keys(n);
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const key = a[k] as keyof NeedSlot;
    if (key !== b[k]) return false;
    if (key !== "quantity" && kept[key] !== n[key]) return false;
  }
  return true;
}

function residualSlots(
  provider: string,
  d: Declaration | undefined,
  needs: readonly NeedSlot[],
  residual: ResidualVariant,
): NeedSlot[] {
  const q = needs.map((n) =>
    residualNeed(n.quantity, own(d?.received, n.id) ?? {}, provider, residual),
  );
  const src = d?.need_slots;
  const byProvider = src === undefined ? undefined : residualKept.get(src);
  const kept = byProvider?.get(provider);
  if (
    kept !== undefined &&
    src !== undefined &&
    src.length === needs.length &&
    kept.length === needs.length &&
    needs.every((n, k) => src[k] === n && sameResidual(kept[k] as NeedSlot, n, q[k] as number))
  )
    return kept as NeedSlot[];
  const out = needs.map((n, k) => ({ ...n, quantity: q[k] as number }));
  if (src !== undefined) {
    let m = byProvider;
    if (m === undefined) {
      m = new Map();
      residualKept.set(src, m);
    }
    m.set(provider, out);
  }
  return out;
}

export function computeProvider(
  me: ParticipantSpec,
  others: readonly Declaration[],
  residual: ResidualVariant,
  variant: AllocationVariant,
): ProviderComputation {
  const base = allocationInputFromCommitments(
    {
      pubKey: me.pubKey,
      capacity_slots: [...me.capacity_slots],
      recognition_weights: me.recognition_weights,
    },
    others.map((d) => ({
      pubKey: d.pubKey,
      need_slots: [...d.need_slots],
      recognition_weights: d.recognition_weights,
      damping_factor: d.damping_factor,
    })),
  );
  const byKey = new Map(others.map((d) => [d.pubKey, d] as const));
  const input: AllocationInput = {
    // The spec's own array (base.provider's is a copy with the same elements): the allocation
    // engine keeps its slot table by array, so a fresh copy on every recompute rebuilt it.
    provider: { ...base.provider, capacity_slots: me.capacity_slots as AvailabilitySlot[] },
    recipients: base.recipients.map((r) => {
      const d = byKey.get(r.pubKey);
      return {
        ...r,
        need_slots: residualSlots(me.pubKey, d, r.need_slots, residual),
      };
    }),
  };
  const result = allocateValidated(input, { variant });
  const grants: Record<string, Record<string, number>> = dict();
  for (const rec of result.slot_allocations) {
    const m = (grants[rec.recipient_pubkey] ??= dict());
    m[rec.need_slot_id] = (m[rec.need_slot_id] ?? 0) + rec.quantity;
  }
  return { input, result, grants };
}

/** The largest change of any single grant between two grant maps (missing = 0). */
export function grantDelta(a: GrantMap, b: GrantMap): number {
  // Every recipient of a, then those only in b (no key sets built: issue 12).
  let max = 0;
  for (const r of Object.keys(a)) max = innerDelta(max, a[r], own(b, r));
  for (const r of Object.keys(b)) if (!hasOwn(a, r)) max = innerDelta(max, undefined, b[r]);
  return max;
}

const EMPTY: Readonly<Record<string, number>> = Object.freeze({});
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** `max` folded with |x[n] − y[n]| over every need slot of x or y (missing = 0). */
function innerDelta(
  max: number,
  xs: Readonly<Record<string, number>> | undefined,
  ys: Readonly<Record<string, number>> | undefined,
): number {
  const x = xs ?? EMPTY;
  const y = ys ?? EMPTY;
  for (const n of Object.keys(x)) max = Math.max(max, Math.abs((x[n] ?? 0) - (own(y, n) ?? 0)));
  for (const n of Object.keys(y)) if (!hasOwn(x, n)) max = Math.max(max, Math.abs(0 - (y[n] ?? 0)));
  return max;
}

/** The largest change between two `received` maps (missing = 0). */
export function receivedDelta(a: Received, b: Received): number {
  return grantDelta(a, b);
}

/** Σ of a received map. */
export function receivedTotal(r: Received): number {
  let s = 0;
  for (const n of Object.keys(r).sort(cmpStr)) {
    const m = own(r, n) ?? {};
    for (const p of Object.keys(m).sort(cmpStr)) s += m[p] ?? 0;
  }
  return s;
}

/** received[needSlot][provider] from what each provider granted me, per need slot. */
export function aggregateReceived(
  fromProviders: Readonly<Record<string, Readonly<Record<string, number>>>>,
): Received {
  const out: Record<string, Record<string, number>> = dict();
  for (const p of Object.keys(fromProviders).sort(cmpStr)) {
    const g = own(fromProviders, p) ?? {};
    for (const n of Object.keys(g).sort(cmpStr)) {
      const q = own(g, n) ?? 0;
      if (q > 0) (out[n] ??= dict())[p] = q;
    }
  }
  return out;
}

export function denominatorsDelta(a: Denominators | undefined, b: Denominators): number {
  return a === undefined ? Infinity : denominatorDelta(a, b);
}

/** What a node checks of each of its computations (the other allocation invariants are not run). */
const KEPT_CHECKS: readonly AllocationInvariantId[] = [
  "ALLOC-REF-1",
  "ALLOC-CAP-1",
  "ALLOC-CONTRACT-1",
  "ALLOC-CONTRACT-2",
];

/**
 * The allocation invariants a provider's computation must satisfy at every step: capacity
 * conservation (ALLOC-CAP-1), contractiveness (ALLOC-CONTRACT-1/2) and well-formed records
 * (ALLOC-REF-1), checked with `checkAllocation` (SPEC.md §5.6). With `all`, every invariant
 * of §5.6 is reported.
 */
export function checkProviderComputation(pc: ProviderComputation, all = false): SafetyViolation[] {
  return checkAllocation(
    pc.input,
    pc.result.slot_allocations,
    all ? {} : { only: KEPT_CHECKS },
  ).map((v) => ({ id: v.id, message: `${pc.input.provider.pubKey}: ${v.message}` }));
}

/**
 * Under-relaxation (Decision, SPEC.md §V2): move each grant only a fraction λ (or a per-unit
 * λ_u ≤ λ) of the way from the previous computation to the new one, then scale each need slot
 * down to its residual and each capacity slot down to its quantity where needed. Scaling down
 * keeps both capacity conservation and contractiveness. With λ = 1 and no per-unit λ this is the
 * new computation itself. Damps the Jacobi oscillation of simultaneous providers (§6.4).
 */
export function relaxComputation(
  prev: ProviderComputation | null,
  next: ProviderComputation,
  lambda: number,
  unitLambda?: (recipient: string, needSlot: string) => number,
): ProviderComputation {
  if (prev === null || (lambda >= 1 && unitLambda === undefined)) return next;
  const key = (r: {
    availability_slot_id: string;
    recipient_pubkey: string;
    need_slot_id: string;
  }) => `${r.availability_slot_id}\u0000${r.recipient_pubkey}\u0000${r.need_slot_id}`;
  const before = new Map(prev.result.slot_allocations.map((r) => [key(r), r.quantity] as const));
  const target = new Map(next.result.slot_allocations.map((r) => [key(r), r] as const));
  const residual = new Map<string, number>();
  for (const r of next.input.recipients)
    for (const n of r.need_slots) residual.set(`${r.pubKey}\u0000${n.id}`, n.quantity);
  const slots = new Set(next.input.provider.capacity_slots.map((s) => s.id));
  // Records of the new computation, plus records of the previous one still meaningful.
  const tiers = new Map<string, "mutual" | "non-mutual">();
  for (const r of next.input.recipients) tiers.set(r.pubKey, r.mr > 0 ? "mutual" : "non-mutual");
  const keys = new Set<string>();
  for (const r of next.result.slot_allocations) keys.add(key(r));
  for (const r of prev.result.slot_allocations) {
    if (
      slots.has(r.availability_slot_id) &&
      residual.has(`${r.recipient_pubkey}\u0000${r.need_slot_id}`)
    )
      keys.add(key(r));
  }
  const records: {
    availability_slot_id: string;
    recipient_pubkey: string;
    need_slot_id: string;
    quantity: number;
    tier: "mutual" | "non-mutual";
  }[] = [];
  for (const k of [...keys].sort(cmpStr)) {
    const [slot, recipient, need] = k.split("\u0000") as [string, string, string];
    const l = Math.min(lambda, unitLambda?.(recipient, need) ?? lambda);
    const q = (1 - l) * (before.get(k) ?? 0) + l * (target.get(k)?.quantity ?? 0);
    if (q > 0)
      records.push({
        availability_slot_id: slot,
        recipient_pubkey: recipient,
        need_slot_id: need,
        quantity: q,
        tier: tiers.get(recipient) ?? "mutual",
      });
  }
  // Contractiveness: scale each need slot's records down to its residual.
  const perUnit = new Map<string, number>();
  for (const r of records) {
    const u = `${r.recipient_pubkey}\u0000${r.need_slot_id}`;
    perUnit.set(u, (perUnit.get(u) ?? 0) + r.quantity);
  }
  for (const r of records) {
    const u = `${r.recipient_pubkey}\u0000${r.need_slot_id}`;
    const total = perUnit.get(u) ?? 0;
    const cap = residual.get(u) ?? 0;
    // total > 0: every record was pushed with a positive quantity.
    if (total > cap) r.quantity = (r.quantity * cap) / total;
  }
  // Capacity: with a λ per unit the result is no longer one convex combination, so scale each
  // slot's records down to its quantity if needed (scaling down keeps contractiveness).
  const perSlot = new Map<string, number>();
  for (const r of records)
    perSlot.set(r.availability_slot_id, (perSlot.get(r.availability_slot_id) ?? 0) + r.quantity);
  const quantity = new Map(
    next.input.provider.capacity_slots.map((c) => [c.id, c.quantity] as const),
  );
  for (const r of records) {
    const total = perSlot.get(r.availability_slot_id) ?? 0;
    const q = quantity.get(r.availability_slot_id) ?? 0;
    if (total > q) r.quantity = total > 0 ? (r.quantity * q) / total : 0;
  }
  const kept = records.filter((r) => r.quantity >= 1e-9);
  const grants: Record<string, Record<string, number>> = dict();
  const totals: Record<string, number> = dict();
  for (const r of kept) {
    const m = (grants[r.recipient_pubkey] ??= dict());
    m[r.need_slot_id] = (m[r.need_slot_id] ?? 0) + r.quantity;
    totals[r.recipient_pubkey] = (totals[r.recipient_pubkey] ?? 0) + r.quantity;
  }
  return {
    input: next.input,
    grants,
    result: {
      ...next.result,
      slot_allocations: kept,
      recipient_totals: { ...next.result.recipient_totals, ...totals },
    },
  };
}

/**
 * Per-unit relaxation (Decision, SPEC.md §V1): a provider moves its grant to a need slot by at
 * most 1 / (1 + k), k the number of *other* providers the recipient reports receiving from for
 * it. When k + 1 providers react to the same information at once (rounds), the sum of their
 * moves is then at most one full step, which removes the Jacobi oscillation of §6.4.
 */
export function sharedStep(
  others: readonly Declaration[],
  me: string,
): (recipient: string, needSlot: string) => number {
  const byKey = new Map(others.map((d) => [d.pubKey, d] as const));
  return (recipient, needSlot) => {
    const got = own(byKey.get(recipient)?.received, needSlot) ?? {};
    let k = 0;
    for (const p of Object.keys(got)) if (p !== me && (got[p] ?? 0) > 0) k++;
    return 1 / (1 + k);
  };
}
