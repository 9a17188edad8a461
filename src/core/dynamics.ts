import { allocateValidated } from "./allocation/allocate.js";
import type { AllocationVariant } from "./allocation/variants.js";
import {
  CONVERGENCE_EPSILON,
  denominatorDelta,
  networkConverged,
  type Denominators,
} from "./convergence.js";
import { dampingFactor, updateDampingHistory } from "./damping.js";
import { cmpStr } from "./order.js";
import { residualNeed, type ResidualVariant } from "./residual.js";
import type { AllocationRecipient } from "./schemas/allocation.js";
import type { DampingEntry } from "./schemas/commitment.js";
import type { AvailabilitySlot, NeedSlot } from "./schemas/slots.js";
import { dict, dictFrom, own } from "./dict.js";

/** A provider of a static many-provider network: its slots and how it recognises each recipient. */
export interface DynamicsProvider {
  readonly pubKey: string;
  readonly capacity_slots: readonly AvailabilitySlot[];
  /** Per recipient pubKey: mutual recognition with it and the provider's one-way share of it. */
  readonly recognition: Readonly<Record<string, { readonly mr: number; readonly share: number }>>;
}

export interface DynamicsRecipient {
  readonly pubKey: string;
  readonly need_slots: readonly NeedSlot[];
}

export interface DynamicsNetwork {
  readonly providers: readonly DynamicsProvider[];
  readonly recipients: readonly DynamicsRecipient[];
}

/**
 * How providers take turns within a round: `synchronous` (all from the previous round's grants,
 * Jacobi) or `sequential` (one after another in pubKey order, each seeing the grants made
 * before it in the same round, Gauss–Seidel).
 */
export const DYNAMICS_SCHEDULES = ["synchronous", "sequential"] as const;
export type DynamicsSchedule = (typeof DYNAMICS_SCHEDULES)[number];

export interface DynamicsOptions {
  readonly residual: ResidualVariant;
  /** Default `synchronous`. */
  readonly schedule?: DynamicsSchedule;
  readonly variant?: AllocationVariant;
  /** Stop after this many rounds if not settled (default 200). */
  readonly maxRounds?: number;
  /** Settled when no grant and no denominator moved by ε or more in a round (default 0.001). */
  readonly epsilon?: number;
  /** Apply damping from over-allocation history (default true). */
  readonly damping?: boolean;
  /** Virtual time between rounds, for the damping window (default 1000 ms). */
  readonly roundMs?: number;
  /** Virtual time of round 0 (default 1 700 000 000 000). */
  readonly startMs?: number;
}

/** grants[provider][recipient][needSlot] = quantity. */
export type Grants = Record<string, Record<string, Record<string, number>>>;

export interface DynamicsRound {
  readonly round: number;
  readonly now: number;
  readonly grants: Grants;
  /** Σ received per recipient in this round. */
  readonly received: Record<string, number>;
  readonly dampingFactors: Record<string, number>;
  readonly denominators: Record<string, Denominators>;
  readonly providerConverged: Record<string, boolean>;
  readonly networkConverged: boolean;
  /** Largest change of any single grant since the previous round. */
  readonly maxGrantDelta: number;
  readonly maxDenominatorDelta: number;
}

export interface DynamicsRun {
  readonly rounds: readonly DynamicsRound[];
  /** First round at which the network settled, or null if it never did within maxRounds. */
  readonly settledAt: number | null;
}

function grantOf(g: Grants, p: string, r: string, n: string): number {
  return own(own(own(g, p), r), n) ?? 0;
}

function maxGrantDelta(a: Grants, b: Grants): number {
  let max = 0;
  const seen = new Set<string>();
  for (const g of [a, b])
    for (const p of Object.keys(g))
      for (const r of Object.keys(own(g, p) ?? {}))
        for (const n of Object.keys(own(own(g, p), r) ?? {})) {
          const k = `${p}\u0000${r}\u0000${n}`;
          if (seen.has(k)) continue;
          seen.add(k);
          max = Math.max(max, Math.abs(grantOf(a, p, r, n) - grantOf(b, p, r, n)));
        }
  return max;
}

/**
 * Rounds of the many-provider dynamics (SPEC.md §6.4): in each round every provider allocates
 * from the grants it can see — the previous round's (synchronous) or the latest, including
 * those made earlier in this round (sequential) — with residual needs by the chosen variant and
 * damping factors from each recipient's over-allocation history at the start of the round.
 * Deterministic; no randomness.
 */
export function runDynamics(network: DynamicsNetwork, options: DynamicsOptions): DynamicsRun {
  const maxRounds = options.maxRounds ?? 200;
  const epsilon = options.epsilon ?? CONVERGENCE_EPSILON;
  const roundMs = options.roundMs ?? 1000;
  const startMs = options.startMs ?? 1_700_000_000_000;
  const useDamping = options.damping ?? true;
  const providers = [...network.providers].sort((a, b) => cmpStr(a.pubKey, b.pubKey));
  const recipients = [...network.recipients].sort((a, b) => cmpStr(a.pubKey, b.pubKey));
  const stated = new Map(
    recipients.map((r) => [r.pubKey, r.need_slots.reduce((s, n) => s + n.quantity, 0)]),
  );

  let prev: Grants = dict();
  let prevDen: Record<string, Denominators> | undefined;
  const histories = new Map<string, DampingEntry[]>(recipients.map((r) => [r.pubKey, []]));
  const rounds: DynamicsRound[] = [];
  let settledAt: number | null = null;

  for (let t = 0; t < maxRounds; t++) {
    const now = startMs + t * roundMs;
    const receivedPrev: Record<string, number> = dict();
    const dampingFactors: Record<string, number> = dict();
    for (const r of recipients) {
      let got = 0;
      for (const p of providers)
        for (const n of r.need_slots) got += grantOf(prev, p.pubKey, r.pubKey, n.id);
      receivedPrev[r.pubKey] = got;
      if (useDamping && t > 0) {
        const entry = { overAllocation: got - (stated.get(r.pubKey) ?? 0), timestamp: now };
        histories.set(r.pubKey, updateDampingHistory(histories.get(r.pubKey) ?? [], entry, now));
      }
      dampingFactors[r.pubKey] = useDamping ? dampingFactor(histories.get(r.pubKey) ?? [], now) : 1;
    }

    const sequential = options.schedule === "sequential";
    const grants: Grants = dict();
    // What providers see: the previous round's grants, overwritten as providers move when sequential.
    const visible: Grants = sequential ? dictFrom(Object.entries(prev)) : prev;
    const denominators: Record<string, Denominators> = dict();
    for (const p of providers) {
      const inputs: AllocationRecipient[] = [];
      for (const r of recipients) {
        const rec = own(p.recognition, r.pubKey);
        if (rec === undefined || (rec.mr <= 0 && rec.share <= 0)) continue;
        inputs.push({
          pubKey: r.pubKey,
          mr: rec.mr,
          share: rec.share,
          damping_factor: own(dampingFactors, r.pubKey) ?? 1,
          need_slots: r.need_slots.map((n) => {
            const received: Record<string, number> = dict();
            for (const q of providers)
              received[q.pubKey] = grantOf(visible, q.pubKey, r.pubKey, n.id);
            return {
              ...n,
              quantity: residualNeed(n.quantity, received, p.pubKey, options.residual),
            };
          }),
        });
      }
      const result = allocateValidated(
        {
          provider: { pubKey: p.pubKey, capacity_slots: [...p.capacity_slots] },
          recipients: inputs,
        },
        { variant: options.variant ?? "reference" },
      );
      const mine: Record<string, Record<string, number>> = dict();
      for (const rec of result.slot_allocations) {
        const byNeed = (mine[rec.recipient_pubkey] ??= dict());
        byNeed[rec.need_slot_id] = (byNeed[rec.need_slot_id] ?? 0) + rec.quantity;
      }
      grants[p.pubKey] = mine;
      if (sequential) visible[p.pubKey] = mine;
      denominators[p.pubKey] = result.slot_denominators;
    }

    const received: Record<string, number> = dict();
    for (const r of recipients) {
      let got = 0;
      for (const p of providers)
        for (const n of r.need_slots) got += grantOf(grants, p.pubKey, r.pubKey, n.id);
      received[r.pubKey] = got;
    }
    const providerConverged: Record<string, boolean> = dict();
    let maxDen = prevDen === undefined ? Infinity : 0;
    for (const p of providers) {
      const before = own(prevDen, p.pubKey);
      const d =
        before === undefined
          ? Infinity
          : denominatorDelta(before, own(denominators, p.pubKey) ?? {});
      providerConverged[p.pubKey] = d < epsilon;
      maxDen = Math.max(maxDen, d);
    }
    const dg = t === 0 ? Infinity : maxGrantDelta(prev, grants);
    const netConv = networkConverged(Object.values(providerConverged));
    rounds.push({
      round: t,
      now,
      grants,
      received,
      dampingFactors,
      denominators,
      providerConverged,
      networkConverged: netConv,
      maxGrantDelta: dg,
      maxDenominatorDelta: maxDen,
    });
    prev = grants;
    prevDen = denominators;
    if (dg < epsilon && maxDen < epsilon) {
      settledAt = t;
      break;
    }
  }
  return { rounds, settledAt };
}
