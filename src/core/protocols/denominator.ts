/**
 * The P2P asynchronous denominator algorithm of seed 000 (SPEC.md §P2P): recipients and
 * providers with local state only, exchanging the seed's three messages
 * (`allocation_request`, `allocation_response`, `denominator_gossip`, zod types from
 * `schemas/messages.ts`). A recipient estimates each provider's denominator from what it is
 * granted, from gossip and by composition, and asks for
 *
 *   expected = est_capacity × MR × residual / max(est_denominator, 0.001).
 *
 * Grants are holdings: a recipient adds every grant to its satisfaction (as the seed's
 * recipient does) and keeps it. Two providers:
 *
 * - `seed`: exactly as written — granted = min(expected, available, residual);
 *   `current_allocations[R] = granted` (overwriting R's earlier grants); `available -= granted`;
 *   and `reset_allocations` (available = capacity) at the end of every round of its own clock,
 *   although recipients keep what they were given. A ghost ledger records every grant.
 * - `corrected`: accounts for every grant: `outstanding[R] += granted` and
 *   available = capacity − Σ outstanding, never reset.
 *
 * Pure: no I/O, no clock, randomness only through `ctx.random`.
 */
import { MAX_QUANTITY, MIN_MAGNITUDE } from "../schemas/primitives.js";
import type {
  AllocationRequest,
  AllocationResponse,
  DenominatorGossip,
  P2PMessage,
} from "../schemas/messages.js";
import { cmpStr } from "../order.js";
import { leqTol, tol } from "../tolerance.js";
import type { DishonestStrategy } from "./dishonest.js";
import { standardNormal } from "./dishonest.js";
import {
  adaptiveAfter,
  adaptiveStart,
  adaptiveStep,
  learningRateAt,
  SEED_LEARNING_RATE,
  type AdaptiveState,
  type LearningRate,
} from "./learning-rate.js";
import {
  result,
  sample,
  type NodeContext,
  type NodeEffect,
  type NodeInput,
  type NodeMachine,
  type SafetyViolation,
  type StepResult,
} from "./machine.js";
import { dict, own } from "../dict.js";

export const PROVIDER_VARIANTS = ["seed", "corrected"] as const;
export type ProviderVariant = (typeof PROVIDER_VARIANTS)[number];
export const TRUST_MODES = ["constant", "adaptive"] as const;
export type TrustMode = (typeof TRUST_MODES)[number];

/** The seed's constants. */
export const P2P_SEED = {
  learningRate: 0.3,
  /** `estimated_capacity or 1000` when a provider's capacity is unknown. */
  capacityGuess: 1000,
  /** Gossip to min(3, partners) random partners after each response. */
  fanout: 3,
  /** `is_converged`: residual < 1.0. */
  satisfiedBelow: 1,
  /** `get_trust_weight`: equal trust. */
  trust: 0.5,
  /** Adaptive topology: keep partners whose information value exceeds this, add 3 random. */
  infoThreshold: 0.01,
} as const;

export interface RecipientOptions {
  /** Round period of the recipient's main loop (ms). */
  readonly roundMs: number;
  /** Delay of the first round; default a uniform draw in [0, roundMs) (asynchronous starts). */
  readonly startOffset?: number;
  readonly learningRate: LearningRate;
  /** Method 3 (composition from gossiped residuals), applied as a step of the learning rate. */
  readonly composition: boolean;
  readonly trust: TrustMode;
  readonly capacityGuess: number;
  readonly fanout: number;
  /** Stop asking a provider whose response said it has nothing left (not in the seed). */
  readonly skipExhausted: boolean;
  /** Re-pick gossip partners every this many rounds (the seed's adaptive topology); 0 = never. */
  readonly partnerRefreshRounds: number;
  readonly satisfiedBelow: number;
}

export const DEFAULT_RECIPIENT_OPTIONS: RecipientOptions = {
  roundMs: 1000,
  learningRate: SEED_LEARNING_RATE,
  composition: false,
  trust: "constant",
  capacityGuess: P2P_SEED.capacityGuess,
  fanout: P2P_SEED.fanout,
  skipExhausted: false,
  partnerRefreshRounds: 0,
  satisfiedBelow: P2P_SEED.satisfiedBelow,
};

export interface RecipientConfig {
  readonly id: string;
  readonly statedNeed: number;
  /** MR(P, R) for each provider R knows. */
  readonly providers: Readonly<Record<string, number>>;
  /** Initial gossip partners (other recipients). */
  readonly partners: readonly string[];
  readonly options?: Partial<RecipientOptions>;
}

export interface ProviderConfig {
  readonly id: string;
  readonly capacity: number;
  readonly variant: ProviderVariant;
  /** MR(P, R) for each recipient P knows; requests from others are rejected (granted 0). */
  readonly recipients: Readonly<Record<string, number>>;
  /** Round period of the seed provider's `reset_allocations` (ms). */
  readonly roundMs?: number;
}

export interface ProviderView {
  readonly mr: number;
  readonly estCapacity: number | null;
  readonly estDenominator: number;
  readonly lastAllocation: number;
  readonly history: readonly number[];
  /** Learning-rate updates so far (t of the schedule). */
  readonly updates: number;
  readonly exhausted: boolean;
  /** Grants received from this provider, summed. */
  readonly received: number;
  /** The `adaptive` schedule's rate, last estimates and request damping (absent otherwise). */
  readonly adaptive?: AdaptiveState | undefined;
}

export interface PartnerInfo {
  readonly residual: number;
  readonly mr: number;
  readonly timestamp: number;
}

export interface RecipientState {
  readonly role: "recipient";
  readonly id: string;
  readonly options: RecipientOptions;
  readonly statedNeed: number;
  readonly satisfaction: number;
  readonly residual: number;
  readonly providers: Readonly<Record<string, ProviderView>>;
  readonly partners: readonly string[];
  /** Recipients this one has heard of (partners and gossip senders), sorted. */
  readonly known: readonly string[];
  /** What gossip said about other recipients, per provider then sender. */
  readonly partnerInfo: Readonly<Record<string, Readonly<Record<string, PartnerInfo>>>>;
  readonly trust: Readonly<Record<string, number>>;
  /** How much each partner's gossip moved my estimates since the last partner refresh. */
  readonly infoValue: Readonly<Record<string, number>>;
  readonly round: number;
  readonly requests: number;
  /** Terminal: satisfied, or (with skipExhausted) every provider exhausted; the round timer stops. */
  readonly done: boolean;
}

/** One grant, as the provider decided it (for the per-grant safety checks). */
export interface GrantRecord {
  readonly recipient: string;
  readonly expected: number;
  readonly residual: number;
  readonly granted: number;
  /** The provider's own `available` before the grant. */
  readonly availableBefore: number;
  /** capacity − Σ ledger before the grant: what it really had left. */
  readonly ledgerAvailableBefore: number;
  readonly at: number;
}

export interface ProviderState {
  readonly role: "provider";
  readonly id: string;
  readonly variant: ProviderVariant;
  readonly capacity: number;
  readonly roundMs: number;
  readonly recipients: Readonly<Record<string, number>>;
  /** The seed's `current_allocations` (seed: last grant per recipient; corrected: outstanding). */
  readonly currentAllocations: Readonly<Record<string, number>>;
  readonly available: number;
  /** Every grant still held by its recipient, per recipient (ghost variable for `seed`). */
  readonly ledger: Readonly<Record<string, number>>;
  readonly ledgerTotal: number;
  readonly lastGrant: GrantRecord | null;
  readonly grants: number;
  readonly rejections: number;
  readonly resets: number;
}

export type DenominatorState = RecipientState | ProviderState;

/** A quantity as the message schemas accept it: in [0, 1e15], values below 1e-9 written as 0. */
export function asQuantity(x: number): number {
  if (!(x > 0)) return 0;
  if (x < MIN_MAGNITUDE) return 0;
  return Math.min(x, MAX_QUANTITY);
}

function asFraction(x: number): number {
  return x >= 1 ? 1 : asQuantity(x);
}

export function initialDenominatorEstimate(mr: number, statedNeed: number): number {
  // "Conservative initial estimate: assume I'm the only recipient."
  return mr * statedNeed;
}

export function recipientInit(c: RecipientConfig): RecipientState {
  const options: RecipientOptions = { ...DEFAULT_RECIPIENT_OPTIONS, ...(c.options ?? {}) };
  const providers: Record<string, ProviderView> = dict();
  for (const p of Object.keys(c.providers).sort(cmpStr)) {
    const mr = own(c.providers, p) ?? 0;
    providers[p] = {
      mr,
      estCapacity: null,
      estDenominator: initialDenominatorEstimate(mr, c.statedNeed),
      lastAllocation: 0,
      history: [],
      updates: 0,
      exhausted: false,
      received: 0,
      ...(options.learningRate.kind === "adaptive"
        ? { adaptive: adaptiveStart(options.learningRate) }
        : {}),
    };
  }
  const partners = [...new Set(c.partners)].filter((p) => p !== c.id).sort(cmpStr);
  return {
    role: "recipient",
    id: c.id,
    options,
    statedNeed: c.statedNeed,
    satisfaction: 0,
    residual: c.statedNeed,
    providers,
    partners,
    known: partners,
    partnerInfo: {},
    trust: {},
    infoValue: {},
    round: 0,
    requests: 0,
    done: false,
  };
}

export function providerInit(c: ProviderConfig): ProviderState {
  return {
    role: "provider",
    id: c.id,
    variant: c.variant,
    capacity: c.capacity,
    roundMs: c.roundMs ?? DEFAULT_RECIPIENT_OPTIONS.roundMs,
    recipients: { ...c.recipients },
    currentAllocations: {},
    available: c.capacity,
    ledger: {},
    ledgerTotal: 0,
    lastGrant: null,
    grants: 0,
    rejections: 0,
    resets: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Recipient

/** The expected allocation a recipient asks a provider for (seed's `request_allocation`). */
export function expectedAllocation(
  view: ProviderView,
  residual: number,
  options: RecipientOptions,
): number {
  const cap = view.estCapacity ?? options.capacityGuess;
  // The adaptive schedule's request damping (seed 000, Challenge 4) scales the request.
  const damping = view.adaptive?.damping ?? 1;
  return (damping * cap * view.mr * residual) / Math.max(view.estDenominator, 0.001);
}

/** The seed's `compute_confidence`: 0.3 with fewer than 3 grants, else by the variance of the last 5. */
export function confidenceOf(history: readonly number[]): number {
  if (history.length < 3) return 0.3;
  const xs = history.slice(-5);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  if (variance < 10) return 0.9;
  if (variance < 50) return 0.6;
  return 0.3;
}

function isDone(s: RecipientState): boolean {
  if (s.residual < s.options.satisfiedBelow) return true;
  if (!s.options.skipExhausted) return false;
  return Object.values(s.providers).every((v) => v.exhausted);
}

function requestEffects(s: RecipientState, now: number): NodeEffect<P2PMessage>[] {
  const out: NodeEffect<P2PMessage>[] = [];
  for (const p of Object.keys(s.providers)) {
    const v = s.providers[p] as ProviderView;
    if (s.options.skipExhausted && v.exhausted) continue;
    const msg: AllocationRequest = {
      type: "allocation_request",
      recipient_id: s.id,
      provider_id: p,
      residual_need: asQuantity(s.residual),
      expected_allocation: asQuantity(expectedAllocation(v, s.residual, s.options)),
      timestamp: now,
    };
    out.push({ kind: "send", to: p, msg });
  }
  return out;
}

function refreshPartners(s: RecipientState, random: () => number): readonly string[] {
  const keep = s.partners.filter((p) => (own(s.infoValue, p) ?? 0) > P2P_SEED.infoThreshold);
  const pool = s.known.filter((r) => r !== s.id && !keep.includes(r));
  const fresh = sample(random, pool, 3);
  return [...new Set([...keep, ...fresh])].sort(cmpStr);
}

function onRound(s: RecipientState, ctx: NodeContext): StepResult<RecipientState, P2PMessage> {
  if (s.done) return result(s);
  const round = s.round + 1;
  let partners = s.partners;
  let infoValue = s.infoValue;
  if (s.options.partnerRefreshRounds > 0 && round % s.options.partnerRefreshRounds === 0) {
    partners = refreshPartners(s, ctx.random);
    infoValue = dict();
  }
  const effects = requestEffects(s, ctx.now);
  const next: RecipientState = {
    ...s,
    round,
    partners,
    infoValue,
    requests: s.requests + effects.length,
  };
  return result(next, [
    ...effects,
    { kind: "setTimer", name: "round", delay: s.options.roundMs },
    { kind: "log", event: "round", data: { round, residual: s.residual } },
  ]);
}

/** The seed's `learn_denominator_from_allocation`, with the chosen learning-rate schedule. */
export function learnFromAllocation(
  view: ProviderView,
  allocated: number,
  residualAfter: number,
  lr: LearningRate,
): ProviderView {
  const capacity = view.estCapacity ?? allocated * 2;
  // As written: the residual "before" is the residual after plus this grant.
  const residual = residualAfter + allocated;
  const inferred = (capacity * view.mr * residual) / Math.max(allocated, 0.001);
  const t = view.updates + 1;
  let adaptive = view.adaptive;
  let a: number;
  let step: ReturnType<typeof adaptiveStep> | undefined;
  if (lr.kind === "adaptive") {
    adaptive ??= adaptiveStart(lr);
    step = adaptiveStep(lr, adaptive);
    a = step.rate;
  } else a = learningRateAt(lr, t);
  const est = (1 - a) * view.estDenominator + a * inferred;
  const lower = view.mr * residual;
  const upper = view.mr * residual * 100;
  const estDenominator = Math.max(lower, Math.min(upper, est));
  if (step !== undefined && adaptive !== undefined)
    adaptive = adaptiveAfter(adaptive, step, estDenominator);
  // Field by field rather than `{ ...view, … }`: object spread with overrides costs ≈ 0.4–2 µs
  // on Node 20, ≈ 10–30× a literal, and the statistical claims (§13.1) run this in their inner loop.
  return {
    mr: view.mr,
    estCapacity: view.estCapacity,
    estDenominator,
    lastAllocation: view.lastAllocation,
    history: view.history,
    updates: t,
    exhausted: view.exhausted,
    received: view.received,
    adaptive,
  };
}

/**
 * Method 1 as a recipient applies it to one `allocation_response` from a provider: records the
 * grant (last allocation, the last five grants for `confidenceOf`, the running total), takes the
 * capacity hint and exhaustion from the response, and learns from a positive grant
 * (`learnFromAllocation`). `residualAfter` is the recipient's residual once this grant counts.
 */
export function viewAfterResponse(
  v: ProviderView,
  m: AllocationResponse,
  residualAfter: number,
  lr: LearningRate,
): ProviderView {
  const allocated = m.allocated_amount;
  const hint = m.capacity_hint;
  const used = m.current_utilization;
  // The last five grants (`[...history, allocated].slice(-5)`), field by field as above.
  const history = v.history.slice(v.history.length >= 5 ? v.history.length - 4 : 0);
  history.push(allocated);
  const view: ProviderView = {
    mr: v.mr,
    estCapacity: hint !== undefined ? hint : v.estCapacity,
    estDenominator: v.estDenominator,
    lastAllocation: allocated,
    history,
    updates: v.updates,
    exhausted: hint !== undefined && used !== undefined ? used >= hint - tol(hint) : v.exhausted,
    received: v.received + allocated,
    adaptive: v.adaptive,
  };
  return allocated > 0 ? learnFromAllocation(view, allocated, residualAfter, lr) : view;
}

/** Method 2's outcome for one gossip message: the blended estimate and the sender's new trust. */
export interface GossipMerge {
  readonly estimate: number;
  /** The sender's trust after this message (`adaptive`); undefined with `constant` trust. */
  readonly trust: number | undefined;
}

/**
 * Method 2 (gossip): `estimate = w·theirs + (1 − w)·ours` with `w = confidence × trust`. With
 * `constant` trust, trust is the seed's 0.5. With `adaptive` trust the sender's trust (0.5 when
 * first heard) is first halved when the gossiped estimate is more than a factor 2 away from
 * mine, else multiplied by 1.1, and kept in [0.01, 0.5].
 */
export function mergeGossip(
  ours: number,
  theirs: number,
  confidence: number,
  mode: TrustMode,
  senderTrust: number | undefined,
): GossipMerge {
  let trust: number | undefined;
  if (mode === "adaptive") {
    const t0 = senderTrust ?? P2P_SEED.trust;
    const far =
      ours > 0 && theirs > 0 ? Math.abs(Math.log(theirs / ours)) > Math.LN2 : ours !== theirs;
    trust = Math.max(0.01, Math.min(P2P_SEED.trust, far ? t0 * 0.5 : t0 * 1.1));
  }
  const w = confidence * (trust ?? P2P_SEED.trust);
  return { estimate: w * theirs + (1 - w) * ours, trust };
}

function gossipEffects(
  s: RecipientState,
  provider: string,
  ctx: NodeContext,
): NodeEffect<P2PMessage>[] {
  const v = own(s.providers, provider);
  if (v === undefined || s.partners.length === 0) return [];
  const msg: DenominatorGossip = {
    type: "denominator_gossip",
    sender_id: s.id,
    provider_id: provider,
    estimated_denominator: asQuantity(v.estDenominator),
    my_residual_need: asQuantity(s.residual),
    my_mr_value: asFraction(v.mr),
    confidence: confidenceOf(v.history),
    timestamp: ctx.now,
  };
  return sample(ctx.random, s.partners, Math.min(s.options.fanout, s.partners.length)).map(
    (to) => ({ kind: "send", to, msg }),
  );
}

function onResponse(
  s: RecipientState,
  m: AllocationResponse,
  ctx: NodeContext,
): StepResult<RecipientState, P2PMessage> {
  const v = own(s.providers, m.provider_id);
  if (v === undefined || m.recipient_id !== s.id) return result(s);
  const allocated = m.allocated_amount;
  const satisfaction = s.satisfaction + allocated;
  const residual = Math.max(0, s.statedNeed - satisfaction);
  const view = viewAfterResponse(v, m, residual, s.options.learningRate);
  let next: RecipientState = {
    ...s,
    satisfaction,
    residual,
    providers: { ...s.providers, [m.provider_id]: view },
  };
  next = { ...next, done: isDone(next) };
  const effects: NodeEffect<P2PMessage>[] = [
    ...gossipEffects(next, m.provider_id, ctx),
    {
      kind: "log",
      event: "granted",
      data: { provider: m.provider_id, allocated, satisfaction, residual },
    },
  ];
  if (next.done && !s.done) effects.push({ kind: "cancelTimer", name: "round" });
  return result(next, effects);
}

function addKnown(known: readonly string[], id: string): readonly string[] {
  return known.includes(id) ? known : [...known, id].sort(cmpStr);
}

function onGossip(
  s: RecipientState,
  m: DenominatorGossip,
  from: string,
): StepResult<RecipientState, P2PMessage> {
  const sender = m.sender_id;
  if (sender === s.id) return result(s);
  const known = addKnown(s.known, sender);
  const v = own(s.providers, m.provider_id);
  if (v === undefined) return result(known === s.known ? s : { ...s, known });
  const info = {
    ...(own(s.partnerInfo, m.provider_id) ?? {}),
    [sender]: { residual: m.my_residual_need, mr: m.my_mr_value, timestamp: m.timestamp },
  };
  const ours = v.estDenominator;
  const merged = mergeGossip(
    ours,
    m.estimated_denominator,
    m.confidence,
    s.options.trust,
    own(s.trust, sender),
  );
  const trust = merged.trust === undefined ? s.trust : { ...s.trust, [sender]: merged.trust };
  let est = merged.estimate;
  let updates = v.updates;
  if (s.options.composition) {
    let composed = v.mr * s.residual;
    for (const r of Object.keys(info).sort(cmpStr)) {
      const pi = info[r] as PartnerInfo;
      composed += pi.mr * pi.residual;
    }
    updates += 1;
    // Composition uses the adaptive schedule's rate in force without adapting it.
    const a = v.adaptive?.rate ?? learningRateAt(s.options.learningRate, updates);
    est = (1 - a) * est + a * composed;
  }
  const moved = Math.abs(est - ours) / Math.max(ours, 1);
  const infoValue = { ...s.infoValue, [from]: (own(s.infoValue, from) ?? 0) + moved };
  return result({
    ...s,
    known,
    trust,
    infoValue,
    partnerInfo: { ...s.partnerInfo, [m.provider_id]: info },
    providers: { ...s.providers, [m.provider_id]: { ...v, estDenominator: est, updates } },
  });
}

function recipientStep(
  s: RecipientState,
  input: NodeInput<P2PMessage>,
  ctx: NodeContext,
): StepResult<RecipientState, P2PMessage> {
  switch (input.kind) {
    case "start": {
      const delay = s.options.startOffset ?? ctx.random() * s.options.roundMs;
      const next = { ...s, done: isDone(s) };
      return result(next, next.done ? [] : [{ kind: "setTimer", name: "round", delay }]);
    }
    case "timer":
      return input.name === "round" ? onRound(s, ctx) : result(s);
    case "message": {
      const m = input.msg;
      if (m.type === "allocation_response") return onResponse(s, m, ctx);
      if (m.type === "denominator_gossip") return onGossip(s, m, input.from);
      return result(s);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Provider

function sumValues(r: Readonly<Record<string, number>>): number {
  let s = 0;
  for (const k of Object.keys(r).sort(cmpStr)) s += r[k] ?? 0;
  return s;
}

/** The grant decision of either provider variant for one request. */
export function decideGrant(
  s: ProviderState,
  m: AllocationRequest,
  now: number,
): { state: ProviderState; granted: number } {
  const R = m.recipient_id;
  const ledgerAvailableBefore = s.capacity - s.ledgerTotal;
  if (s.variant === "seed") {
    let granted = Math.min(m.expected_allocation, s.available, m.residual_need);
    if (!(granted >= MIN_MAGNITUDE)) granted = 0;
    const grant: GrantRecord = {
      recipient: R,
      expected: m.expected_allocation,
      residual: m.residual_need,
      granted,
      availableBefore: s.available,
      ledgerAvailableBefore,
      at: now,
    };
    if (granted === 0) return { state: { ...s, lastGrant: grant }, granted };
    const ledger = { ...s.ledger, [R]: (own(s.ledger, R) ?? 0) + granted };
    return {
      granted,
      state: {
        ...s,
        currentAllocations: { ...s.currentAllocations, [R]: granted },
        available: s.available - granted,
        ledger,
        ledgerTotal: s.ledgerTotal + granted,
        lastGrant: grant,
        grants: s.grants + 1,
      },
    };
  }
  const avail = Math.max(0, ledgerAvailableBefore);
  let granted = Math.min(m.expected_allocation, avail, m.residual_need);
  if (!(granted >= MIN_MAGNITUDE)) granted = 0;
  const grant: GrantRecord = {
    recipient: R,
    expected: m.expected_allocation,
    residual: m.residual_need,
    granted,
    availableBefore: s.available,
    ledgerAvailableBefore,
    at: now,
  };
  if (granted === 0) return { state: { ...s, lastGrant: grant }, granted };
  const ledger = { ...s.ledger, [R]: (own(s.ledger, R) ?? 0) + granted };
  const ledgerTotal = sumValues(ledger);
  return {
    granted,
    state: {
      ...s,
      currentAllocations: { ...s.currentAllocations, [R]: ledger[R] as number },
      available: Math.max(0, s.capacity - ledgerTotal),
      ledger,
      ledgerTotal,
      lastGrant: grant,
      grants: s.grants + 1,
    },
  };
}

function providerStep(
  s: ProviderState,
  input: NodeInput<P2PMessage>,
  ctx: NodeContext,
): StepResult<ProviderState, P2PMessage> {
  switch (input.kind) {
    case "start":
      return result(
        s,
        s.variant === "seed" ? [{ kind: "setTimer", name: "round-end", delay: s.roundMs }] : [],
      );
    case "timer":
      if (input.name !== "round-end" || s.variant !== "seed") return result(s);
      // The seed's reset_allocations: capacity is back, although recipients keep their grants.
      return result({ ...s, currentAllocations: {}, available: s.capacity, resets: s.resets + 1 }, [
        { kind: "setTimer", name: "round-end", delay: s.roundMs },
        { kind: "log", event: "reset", data: { outstanding: s.ledgerTotal } },
      ]);
    case "message": {
      const m = input.msg;
      if (m.type !== "allocation_request" || m.provider_id !== s.id) return result(s);
      const R = m.recipient_id;
      if (!Object.prototype.hasOwnProperty.call(s.recipients, R)) {
        const reject: AllocationResponse = {
          type: "allocation_response",
          provider_id: s.id,
          recipient_id: R,
          allocated_amount: 0,
          timestamp: ctx.now,
        };
        return result({ ...s, rejections: s.rejections + 1 }, [
          { kind: "send", to: R, msg: reject },
          { kind: "log", event: "reject", data: { recipient: R } },
        ]);
      }
      const { state, granted } = decideGrant(s, m, ctx.now);
      const response: AllocationResponse = {
        type: "allocation_response",
        provider_id: s.id,
        recipient_id: R,
        allocated_amount: granted,
        capacity_hint: s.capacity,
        current_utilization: asQuantity(state.capacity - state.available),
        timestamp: ctx.now,
      };
      return result(state, [
        { kind: "send", to: R, msg: response },
        {
          kind: "log",
          event: "grant",
          data: { recipient: R, granted, outstanding: state.ledgerTotal },
        },
      ]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Safety checks (SPEC.md P2P-1 … P2P-6)

export const P2P_CHECK_IDS = ["P2P-1", "P2P-2", "P2P-3", "P2P-4", "P2P-5", "P2P-6"] as const;

function checkProvider(prev: ProviderState, next: ProviderState): SafetyViolation[] {
  if (prev.lastGrant === next.lastGrant && prev.resets === next.resets) return [];
  const out: SafetyViolation[] = [];
  if (!leqTol(next.ledgerTotal, next.capacity)) {
    out.push({
      id: "P2P-1",
      message: `${next.id} has ${fmt(next.ledgerTotal)} granted and still held against a capacity of ${fmt(next.capacity)}`,
    });
  }
  const g = next.lastGrant;
  if (g !== null && g !== prev.lastGrant) {
    if (!leqTol(g.granted, Math.max(0, g.ledgerAvailableBefore))) {
      out.push({
        id: "P2P-2",
        message: `${next.id} granted ${fmt(g.granted)} to ${g.recipient} with only ${fmt(Math.max(0, g.ledgerAvailableBefore))} not already granted (its own 'available' said ${fmt(g.availableBefore)})`,
      });
    }
    if (!leqTol(g.granted, g.residual) || !leqTol(g.granted, g.expected)) {
      out.push({
        id: "P2P-3",
        message: `${next.id} granted ${fmt(g.granted)} to ${g.recipient}, more than its residual ${fmt(g.residual)} or request ${fmt(g.expected)}`,
      });
    }
  }
  const booked = next.capacity - sumValues(next.currentAllocations);
  if (Math.abs(booked - next.available) > tol(next.capacity)) {
    out.push({
      id: "P2P-4",
      message: `${next.id}: available ${fmt(next.available)} ≠ capacity − Σ current_allocations = ${fmt(booked)} (an earlier grant was overwritten)`,
    });
  }
  return out;
}

function checkRecipient(prev: RecipientState, next: RecipientState): SafetyViolation[] {
  if (prev.providers === next.providers && prev.satisfaction === next.satisfaction) return [];
  const out: SafetyViolation[] = [];
  const expected = Math.max(0, next.statedNeed - next.satisfaction);
  if (!(next.satisfaction >= 0) || Math.abs(next.residual - expected) > tol(next.statedNeed)) {
    out.push({
      id: "P2P-5",
      message: `${next.id}: residual ${fmt(next.residual)} ≠ max(0, need − satisfaction) = ${fmt(expected)}`,
    });
  }
  for (const p of Object.keys(next.providers)) {
    const e = own(next.providers, p)?.estDenominator ?? NaN;
    if (!(Number.isFinite(e) && e >= 0)) {
      out.push({ id: "P2P-6", message: `${next.id}: estimate of ${p}'s denominator is ${e}` });
    }
  }
  return out;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(4);
}

// ---------------------------------------------------------------------------------------------
// The machine

export const denominatorMachine: NodeMachine<DenominatorState, P2PMessage> = {
  name: "p2p-denominator",
  step(state, input, ctx): StepResult<DenominatorState, P2PMessage> {
    return state.role === "recipient"
      ? recipientStep(state, input, ctx)
      : providerStep(state, input, ctx);
  },
  kindOf: (m) => m.type,
  check(prev, next) {
    if (prev.role === "provider" && next.role === "provider") return checkProvider(prev, next);
    if (prev.role === "recipient" && next.role === "recipient") return checkRecipient(prev, next);
    return [];
  },
  view(s) {
    if (s.role === "provider") {
      return {
        role: s.role,
        available: s.available,
        outstanding: s.ledgerTotal,
        current_allocations: s.currentAllocations,
        grants: s.grants,
        resets: s.resets,
      };
    }
    const est: Record<string, number> = dict();
    for (const p of Object.keys(s.providers)) est[p] = s.providers[p]?.estDenominator ?? 0;
    return {
      role: s.role,
      round: s.round,
      satisfaction: s.satisfaction,
      residual: s.residual,
      estimates: est,
    };
  },
};

/** Dishonest rewriting of the seed-000 messages (inflate/deflate/noise/collude gossip, lie about need). */
export function tamperP2P(
  msg: P2PMessage,
  strategy: DishonestStrategy,
  random: () => number,
): P2PMessage {
  switch (strategy.kind) {
    case "inflate":
    case "deflate":
    case "noise":
    case "collude": {
      if (msg.type !== "denominator_gossip") return msg;
      const d = msg.estimated_denominator;
      const lied =
        strategy.kind === "inflate"
          ? d * strategy.factor
          : strategy.kind === "deflate"
            ? d / strategy.factor
            : strategy.kind === "noise"
              ? d * Math.exp(strategy.sigma * standardNormal(random))
              : strategy.value;
      return {
        ...msg,
        estimated_denominator: asQuantity(lied),
        ...(strategy.kind === "collude" ? { confidence: 1 } : {}),
      };
    }
    case "lie-need":
      if (msg.type === "allocation_request")
        return { ...msg, residual_need: asQuantity(msg.residual_need * strategy.factor) };
      if (msg.type === "denominator_gossip")
        return { ...msg, my_residual_need: asQuantity(msg.my_residual_need * strategy.factor) };
      return msg;
  }
}
