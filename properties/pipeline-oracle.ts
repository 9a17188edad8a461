/**
 * The rest of the pipeline, transcribed from spec/SPEC.md independently of `src/core` (the
 * oracles of REC-1/2, INPUT-1, RES-2, CONV-1/2 and DYN-7; SPEC.md §11): recognition shares
 * and mutual recognition (§3), the allocation input a provider builds from commitments (§2,
 * §3, §5.1), residual need (§6.1), convergence detection (§6.3) and one round of the
 * many-provider dynamics (§6.4). Sums are compensated (Neumaier), so they do not share the
 * reference's rounding; comparisons use the tolerances below. Only the per-provider allocation
 * of §5 is taken from the reference (`allocateValidated`): §5.4 fixes it, and ALLOC-* judge it.
 */
import { allocateValidated } from "../src/core/allocation/allocate.js";
import type { Denominators } from "../src/core/convergence.js";
import type { DynamicsNetwork, Grants } from "../src/core/dynamics.js";
import type { ResidualVariant } from "../src/core/residual.js";
import type { AllocationInput, AllocationRecipient } from "../src/core/schemas/allocation.js";
import type {
  CommitmentProvider,
  CommitmentRecipient,
  DynamicsRoundInput,
  DynamicsRoundResult,
  RecognitionParticipant,
} from "./under-test.js";

/** Σ xs with Neumaier's compensation: within one rounding of the exact sum for these sizes. */
export function exactSum(xs: Iterable<number>): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Relative agreement: |got − want| ≤ rel·|want| (so a value that must be 0 must be exactly 0). */
export function closeRel(got: number, want: number, rel = 1e-12): boolean {
  return Math.abs(got - want) <= rel * Math.abs(want);
}

/** Agreement within SPEC.md §1's tolerance tol(x) = 1e-9·max(1, |x|) of the larger magnitude. */
export function closeTol(got: number, want: number): boolean {
  return Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(got), Math.abs(want));
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

// ---------------------------------------------------------------------------------------------
// §3 Recognition

/** share_X(Y) = w_X(Y) / Σ_Z w_X(Z), 0 for everyone when the sum is 0 (and for a Y not named). */
export function specShare(weights: Readonly<Record<string, number>>, to: string): number {
  const total = exactSum(Object.values(weights));
  if (!(total > 0) || !own(weights, to)) return 0;
  return (weights[to] ?? 0) / total;
}

/** Every named key's share. */
export function specShares(weights: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(weights)) out[k] = specShare(weights, k);
  return out;
}

/** MR(X, Y) = min(share_X(Y), share_Y(X)). */
export function specMutualRecognition(
  a: RecognitionParticipant,
  b: RecognitionParticipant,
): number {
  return Math.min(
    specShare(a.recognition_weights, b.pubKey),
    specShare(b.recognition_weights, a.pubKey),
  );
}

// ---------------------------------------------------------------------------------------------
// §2, §3, §5.1 The allocation input of a provider, from commitments

/**
 * The recipients of P are the other participants with need slots that P recognises — tier 1
 * (MR > 0) or tier 2 (MR = 0, share_P(R) > 0) — each with MR(P, R), share_P(R), its own damping
 * factor (default 1) and its stated need slots; P contributes its key and capacity slots.
 * Recipients in pubKey order (§5.2).
 */
export function specAllocationInput(
  provider: CommitmentProvider,
  others: readonly CommitmentRecipient[],
): AllocationInput {
  const recipients: AllocationRecipient[] = [];
  for (const c of others) {
    if (c.pubKey === provider.pubKey || c.need_slots.length === 0) continue;
    const mr = specMutualRecognition(provider, c);
    const share = specShare(provider.recognition_weights, c.pubKey);
    if (mr > 0 || share > 0)
      recipients.push({
        pubKey: c.pubKey,
        need_slots: [...c.need_slots],
        mr,
        share,
        damping_factor: c.damping_factor ?? 1,
      });
  }
  recipients.sort((x, y) => (x.pubKey < y.pubKey ? -1 : x.pubKey > y.pubKey ? 1 : 0));
  return {
    provider: { pubKey: provider.pubKey, capacity_slots: [...provider.capacity_slots] },
    recipients,
  };
}

// ---------------------------------------------------------------------------------------------
// §6.1 Residual need

/** naive: max(0, need − Σ_all grants); net-of-others: max(0, need − Σ_{Q ≠ P} grants). */
export function specResidual(
  need: number,
  received: Readonly<Record<string, number>>,
  provider: string,
  variant: ResidualVariant,
): number {
  const counted = Object.keys(received)
    .filter((q) => variant === "naive" || q !== provider)
    .map((q) => received[q] ?? 0);
  return Math.max(0, need - exactSum(counted));
}

/** How far an implementation's residual may be from the transcription: the rounding of the sum. */
export function residualTolerance(
  need: number,
  received: Readonly<Record<string, number>>,
): number {
  return 1e-12 * Math.max(1, need, exactSum(Object.values(received).map(Math.abs)));
}

// ---------------------------------------------------------------------------------------------
// §6.3 Convergence

/** ε of SPEC.md §6.3. */
export const SPEC_EPSILON = 0.001;

/** The largest change of any tier denominator; a slot present on one side only counts as 0 on the other. */
export function specDenominatorChange(previous: Denominators, current: Denominators): number {
  let max = 0;
  for (const k of new Set([...Object.keys(previous), ...Object.keys(current)])) {
    const a = own(previous, k) ? previous[k] : undefined;
    const b = own(current, k) ? current[k] : undefined;
    max = Math.max(
      max,
      Math.abs((a?.mutual ?? 0) - (b?.mutual ?? 0)),
      Math.abs((a?.nonMutual ?? 0) - (b?.nonMutual ?? 0)),
    );
  }
  return max;
}

/** Converged: a previous state exists and every denominator moved by less than ε. */
export function specIsConverged(
  previous: Denominators | undefined,
  current: Denominators,
): boolean {
  return previous !== undefined && specDenominatorChange(previous, current) < SPEC_EPSILON;
}

/** At least 80 % of participants converged, exactly: 5·converged ≥ 4·total. */
export function specNetworkConverged(flags: readonly boolean[]): boolean {
  let c = 0;
  for (const f of flags) if (f) c++;
  return 5 * c >= 4 * flags.length;
}

// ---------------------------------------------------------------------------------------------
// §6.4 One round of the dynamics

/** grants[p][r][n], absent = 0. */
export function grantIn(g: Grants, p: string, r: string, n: string): number {
  return g[p]?.[r]?.[n] ?? 0;
}

/**
 * One round (§6.4): providers in pubKey order; each builds its allocation input over the
 * recipients it recognises (MR > 0 or share > 0 in its `recognition`), with each need slot's
 * quantity replaced by the residual (§6.1) over the grants it sees — the previous round's
 * (`synchronous`), or the latest, with the grants of providers earlier in the round
 * (`sequential`) — and the round's damping factors (missing: 1); then allocates by §5.4 and
 * sums its records per (recipient, need slot).
 */
export function specDynamicsRound(
  network: DynamicsNetwork,
  previous: Grants,
  input: DynamicsRoundInput,
): Required<DynamicsRoundResult> {
  const byKey = <T extends { readonly pubKey: string }>(xs: readonly T[]): T[] =>
    [...xs].sort((a, b) => (a.pubKey < b.pubKey ? -1 : a.pubKey > b.pubKey ? 1 : 0));
  const providers = byKey(network.providers);
  const recipients = byKey(network.recipients);
  const seen: Grants = {};
  for (const p of providers) seen[p.pubKey] = previous[p.pubKey] ?? {};
  const grants: Grants = {};
  const denominators: Record<string, Denominators> = {};
  for (const p of providers) {
    const rs: AllocationRecipient[] = [];
    for (const r of recipients) {
      const rec = own(p.recognition, r.pubKey) ? p.recognition[r.pubKey] : undefined;
      if (rec === undefined || !(rec.mr > 0 || rec.share > 0)) continue;
      rs.push({
        pubKey: r.pubKey,
        mr: rec.mr,
        share: rec.share,
        damping_factor: input.dampingFactors[r.pubKey] ?? 1,
        need_slots: r.need_slots.map((n) => {
          const received: Record<string, number> = {};
          for (const q of providers) received[q.pubKey] = grantIn(seen, q.pubKey, r.pubKey, n.id);
          return { ...n, quantity: specResidual(n.quantity, received, p.pubKey, input.residual) };
        }),
      });
    }
    const out = allocateValidated(
      { provider: { pubKey: p.pubKey, capacity_slots: [...p.capacity_slots] }, recipients: rs },
      { variant: "reference" },
    );
    const mine: Record<string, Record<string, number>> = {};
    const parts = new Map<string, number[]>();
    for (const rec of out.slot_allocations) {
      const k = `${rec.recipient_pubkey}\u0000${rec.need_slot_id}`;
      const list = parts.get(k) ?? [];
      list.push(rec.quantity);
      parts.set(k, list);
    }
    for (const [k, qs] of parts) {
      const [r, n] = k.split("\u0000") as [string, string];
      (mine[r] ??= {})[n] = exactSum(qs);
    }
    grants[p.pubKey] = mine;
    if (input.schedule === "sequential") seen[p.pubKey] = mine;
    denominators[p.pubKey] = out.slot_denominators;
  }
  return { grants, denominators };
}
