/**
 * The V1 commons node of seeds 001/002 (SPEC.md §V1): rounds with phases and vector clocks.
 * Each round a node increments its clock and publishes its round state and its declaration; a
 * provider computes and publishes its allocation at `computeAt` of the round; a recipient
 * aggregates its grants at `aggregateAt` and records the round's over-allocation in a
 * round-indexed damping history (last 3 rounds). A node advances when its round timer ends, or
 * at once when at least `threshold` of its active peers are in a later round (it then joins the
 * round that that fraction of peers has reached).
 *
 * Causal rules (seed 001): a publication is accepted when the peer's own counter in its clock
 * is greater than the last one accepted from it (`per-peer`, Decision) or than my entry for it
 * (`seed`, which drops publications learnt of transitively); clocks merge by pointwise maximum;
 * the own counter is incremented before publishing.
 *
 * Pure: no I/O, no clock, randomness only through `ctx.random`.
 */
import type { AllocationVariant } from "../allocation/variants.js";
import { CONVERGENCE_EPSILON, isConverged, type Denominators } from "../convergence.js";
import { classifyDamping, DAMPING_FACTORS, DAMPING_MAX_ENTRIES } from "../damping.js";
import { cmpStr } from "../order.js";
import type { ResidualVariant } from "../residual.js";
import * as vclock from "../vclock.js";
import type { VClock } from "../vclock.js";
import {
  result,
  type NodeContext,
  type NodeEffect,
  type NodeInput,
  type NodeMachine,
  type SafetyViolation,
  type StepResult,
} from "./machine.js";
import {
  aggregateReceived,
  checkProviderComputation,
  computeProvider,
  receivedTotal,
  relaxComputation,
  sharedStep,
  statedNeed,
  type Declaration,
  type GrantMap,
  type ParticipantSpec,
  type ProviderComputation,
} from "./participant.js";
import { needChangeOf, SIM_LEAVE, withNeed } from "./v2-node.js";
import { dict, own } from "../dict.js";

export const V1_STALE_RULES = ["per-peer", "seed"] as const;
export type V1StaleRule = (typeof V1_STALE_RULES)[number];

export interface V1Options {
  /** Round duration (the seeds' 90 s). */
  readonly roundMs: number;
  /** Fraction of the round at which providers compute and publish. */
  readonly computeAt: number;
  /** Fraction of the round at which recipients aggregate. */
  readonly aggregateAt: number;
  /** Advance when at least this fraction of active peers is ahead (the seeds' 50 %). */
  readonly threshold: number;
  /** Peers heard from within this window are active (Decision: two rounds). */
  readonly freshnessMs: number;
  readonly epsilon: number;
  readonly residual: ResidualVariant;
  readonly allocation: AllocationVariant;
  readonly damping: boolean;
  readonly staleRule: V1StaleRule;
  readonly welcomeWeight: number;
  /** Under-relaxation λ of each round's allocation (as V2; 1 = the seed). */
  readonly relaxation: number;
  /** Cap each grant's move at 1 / (1 + other providers of that need) (Decision; see sharedStep). */
  readonly sharedStep: boolean;
  readonly epochMs: number;
}

export const DEFAULT_V1_OPTIONS: V1Options = {
  roundMs: 90_000,
  computeAt: 0.4,
  aggregateAt: 0.8,
  threshold: 0.5,
  freshnessMs: 180_000,
  epsilon: CONVERGENCE_EPSILON,
  residual: "net-of-others",
  allocation: "reference",
  // Decision: off by default, as in V2 (SPEC.md §V1).
  damping: false,
  staleRule: "per-peer",
  welcomeWeight: 1,
  relaxation: 0.5,
  sharedStep: false,
  epochMs: 1_700_000_000_000,
};

export type V1Message =
  | { readonly type: "round-state"; readonly round: number; readonly vc: VClock }
  | {
      readonly type: "commitment";
      readonly round: number;
      readonly decl: Declaration;
      readonly vc: VClock;
      readonly timestamp: number;
    }
  | {
      readonly type: "results";
      readonly round: number;
      readonly grants: GrantMap;
      readonly denominators: Denominators;
      readonly converged: boolean;
      readonly vc: VClock;
      readonly timestamp: number;
    }
  | { readonly type: "hello" }
  | { readonly type: "leave" };

export interface V1Config {
  readonly spec: ParticipantSpec;
  readonly options?: Partial<V1Options>;
  /** A newcomer greets its neighbours so that they recognise it. */
  readonly newcomer?: boolean;
}

export interface V1State {
  readonly id: string;
  readonly options: V1Options;
  readonly status: "active" | "left";
  readonly newcomer: boolean;
  readonly vc: VClock;
  readonly round: number;
  readonly decl: Declaration;
  readonly peers: Readonly<Record<string, { readonly decl: Declaration; readonly at: number }>>;
  readonly peerRounds: Readonly<Record<string, { readonly round: number; readonly at: number }>>;
  readonly lastSeen: Readonly<Record<string, number>>;
  readonly results: Readonly<
    Record<
      string,
      {
        readonly round: number;
        readonly grants: Readonly<Record<string, number>>;
        readonly at: number;
      }
    >
  >;
  readonly history: readonly number[];
  readonly provider: {
    readonly computation: ProviderComputation;
    readonly converged: boolean;
    readonly delta: number;
  } | null;
  readonly counters: {
    readonly accepted: number;
    readonly stale: number;
    readonly advances: number;
  };
}

export function v1Init(c: V1Config): V1State {
  return {
    id: c.spec.pubKey,
    options: { ...DEFAULT_V1_OPTIONS, ...(c.options ?? {}) },
    status: "active",
    newcomer: c.newcomer ?? false,
    vc: vclock.empty(),
    round: 0,
    decl: { ...c.spec, damping_factor: 1, damping_history: [], received: {} },
    peers: {},
    peerRounds: {},
    lastSeen: {},
    results: {},
    history: [],
    provider: null,
    counters: { accepted: 0, stale: 0, advances: 0 },
  };
}

function enterRound(
  s: V1State,
  round: number,
  ctx: NodeContext,
  catchUp: boolean,
): StepResult<V1State, V1Message> {
  const vc = vclock.event(s.vc, s.id);
  const o = s.options;
  const timestamp = o.epochMs + Math.floor(ctx.now);
  const next: V1State = {
    ...s,
    vc,
    round,
    counters: { ...s.counters, advances: s.counters.advances + (catchUp ? 1 : 0) },
  };
  const effects: NodeEffect<V1Message>[] = [
    { kind: "broadcast", msg: { type: "round-state", round, vc } },
    { kind: "broadcast", msg: { type: "commitment", round, decl: s.decl, vc, timestamp } },
    { kind: "setTimer", name: "round-end", delay: o.roundMs },
    { kind: "log", event: "round", data: { round, catchUp } },
  ];
  if (s.decl.capacity_slots.length > 0)
    effects.push({ kind: "setTimer", name: "compute", delay: o.computeAt * o.roundMs });
  if (s.decl.need_slots.length > 0)
    effects.push({ kind: "setTimer", name: "aggregate", delay: o.aggregateAt * o.roundMs });
  return result(next, effects);
}

function activePeers(s: V1State, now: number): string[] {
  const cutoff = now - s.options.freshnessMs;
  return Object.keys(s.peerRounds).filter((k) => (s.peerRounds[k]?.at ?? -Infinity) > cutoff);
}

/** The round that at least `threshold` of my active peers have reached, if later than mine. */
export function advancementTarget(s: V1State, now: number): number | null {
  const act = activePeers(s, now);
  if (act.length === 0) return null;
  const rounds = act.map((k) => s.peerRounds[k]?.round ?? 0).sort((a, b) => b - a);
  const need = Math.max(1, Math.ceil(s.options.threshold * act.length));
  const target = rounds[need - 1] ?? 0;
  return target > s.round ? target : null;
}

function accept(s: V1State, from: string, vc: VClock, kind: string): { ok: boolean; s: V1State } {
  const theirs = vclock.get(vc, from);
  const key = `${kind}:${from}`;
  const stale =
    s.options.staleRule === "per-peer"
      ? theirs <= (own(s.lastSeen, key) ?? 0)
      : theirs <= vclock.get(s.vc, from);
  const merged = vclock.join(s.vc, vc);
  if (stale)
    return {
      ok: false,
      s: { ...s, vc: merged, counters: { ...s.counters, stale: s.counters.stale + 1 } },
    };
  return {
    ok: true,
    s: {
      ...s,
      vc: merged,
      lastSeen: { ...s.lastSeen, [key]: theirs },
      counters: { ...s.counters, accepted: s.counters.accepted + 1 },
    },
  };
}

function compute(s: V1State, ctx: NodeContext): StepResult<V1State, V1Message> {
  if (s.decl.capacity_slots.length === 0) return result(s);
  const cutoff = ctx.now - s.options.freshnessMs;
  const others: Declaration[] = [];
  for (const k of Object.keys(s.peers).sort(cmpStr)) {
    const p = s.peers[k];
    if (p !== undefined && p.at > cutoff) others.push(p.decl);
  }
  const computation = relaxComputation(
    s.provider?.computation ?? null,
    computeProvider(s.decl, others, s.options.residual, s.options.allocation),
    s.options.relaxation,
    s.options.sharedStep ? sharedStep(others, s.id) : undefined,
  );
  const prev = s.provider?.computation.result.slot_denominators;
  const converged = isConverged(prev, computation.result.slot_denominators, s.options.epsilon);
  const vc = vclock.event(s.vc, s.id);
  const next: V1State = {
    ...s,
    vc,
    provider: { computation, converged, delta: converged ? 0 : 1 },
  };
  return result(next, [
    {
      kind: "broadcast",
      msg: {
        type: "results",
        round: s.round,
        grants: computation.grants,
        denominators: computation.result.slot_denominators,
        converged,
        vc,
        timestamp: s.options.epochMs + Math.floor(ctx.now),
      },
    },
    { kind: "log", event: "recompute", data: { converged, round: s.round } },
    { kind: "log", event: "publish-allocation", data: { converged } },
  ]);
}

function aggregate(s: V1State, ctx: NodeContext): StepResult<V1State, V1Message> {
  if (s.decl.need_slots.length === 0) return result(s);
  const cutoff = ctx.now - s.options.freshnessMs;
  const byProvider: Record<string, Readonly<Record<string, number>>> = dict();
  for (const p of Object.keys(s.results).sort(cmpStr)) {
    const r = s.results[p];
    if (r !== undefined && r.at > cutoff) byProvider[p] = r.grants;
  }
  const received = aggregateReceived(byProvider);
  const over = receivedTotal(received) - statedNeed(s.decl);
  const history = [...s.history, over].slice(-DAMPING_MAX_ENTRIES);
  let factor = 1;
  if (s.options.damping) {
    const cls = classifyDamping(history);
    factor = cls === "insufficient" ? DAMPING_FACTORS.smooth : DAMPING_FACTORS[cls];
  }
  return result({ ...s, history, decl: { ...s.decl, received, damping_factor: factor } });
}

function v1Step(
  s: V1State,
  input: NodeInput<V1Message>,
  ctx: NodeContext,
): StepResult<V1State, V1Message> {
  if (s.status === "left") return result(s);
  switch (input.kind) {
    case "start": {
      const r = enterRound(s, s.round, ctx, false);
      return s.newcomer
        ? result(r.state, [{ kind: "broadcast", msg: { type: "hello" } }, ...r.effects])
        : r;
    }
    case "timer":
      switch (input.name) {
        case "round-end":
          return enterRound(s, s.round + 1, ctx, false);
        case "compute":
          return compute(s, ctx);
        case "aggregate":
          return aggregate(s, ctx);
        case SIM_LEAVE:
          return result({ ...s, status: "left" }, [
            { kind: "broadcast", msg: { type: "leave" } },
            { kind: "cancelTimer", name: "round-end" },
            { kind: "cancelTimer", name: "compute" },
            { kind: "cancelTimer", name: "aggregate" },
          ]);
        default: {
          // A need change waits for the next round's commitment (nothing is published now).
          const q = needChangeOf(input.name);
          if (q === undefined || s.decl.need_slots.length === 0) return result(s);
          return result({ ...s, decl: withNeed(s.decl, q) });
        }
      }
    case "message": {
      const m = input.msg;
      const from = input.from;
      switch (m.type) {
        case "round-state": {
          const { s: s1 } = accept(s, from, m.vc, "round");
          const prev = own(s1.peerRounds, from);
          const s2: V1State = {
            ...s1,
            peerRounds: {
              ...s1.peerRounds,
              [from]: { round: Math.max(m.round, prev?.round ?? 0), at: ctx.now },
            },
          };
          const target = advancementTarget(s2, ctx.now);
          return target === null ? result(s2) : enterRound(s2, target, ctx, true);
        }
        case "commitment": {
          const a = accept(s, from, m.vc, "commitment");
          if (!a.ok) return result(a.s);
          return result({ ...a.s, peers: { ...a.s.peers, [from]: { decl: m.decl, at: ctx.now } } });
        }
        case "results": {
          const a = accept(s, from, m.vc, "results");
          if (!a.ok) return result(a.s);
          const mine = own(m.grants, s.id);
          const had = a.s.results[from];
          if (mine === undefined && had === undefined) return result(a.s);
          return result({
            ...a.s,
            results: {
              ...a.s.results,
              [from]: { round: m.round, grants: mine ?? {}, at: ctx.now },
            },
          });
        }
        case "hello": {
          if (s.options.welcomeWeight <= 0 || own(s.decl.recognition_weights, from) !== undefined)
            return result(s);
          return result({
            ...s,
            decl: {
              ...s.decl,
              recognition_weights: {
                ...s.decl.recognition_weights,
                [from]: s.options.welcomeWeight,
              },
            },
          });
        }
        case "leave": {
          const peers = { ...s.peers };
          const peerRounds = { ...s.peerRounds };
          const results = { ...s.results };
          delete peers[from];
          delete peerRounds[from];
          delete results[from];
          return result({ ...s, peers, peerRounds, results });
        }
      }
    }
  }
}

/** Safety checks of a V1 node (SPEC.md V1-1, ALLOC-CAP-1, ALLOC-CONTRACT-1/2, ALLOC-REF-1). */
export function checkV1(prev: V1State, next: V1State): SafetyViolation[] {
  const out: SafetyViolation[] = [];
  if (next.provider !== null && next.provider !== prev.provider)
    out.push(...checkProviderComputation(next.provider.computation));
  if (next.vc !== prev.vc && !vclock.leq(prev.vc, next.vc))
    out.push({ id: "V1-1", message: `${next.id}: its vector clock went backwards` });
  if (next.round < prev.round)
    out.push({ id: "V1-1", message: `${next.id}: its round went backwards` });
  return out;
}

export const v1Machine: NodeMachine<V1State, V1Message> = {
  name: "v1",
  step: v1Step,
  kindOf: (m) => m.type,
  check: checkV1,
  view(s) {
    return {
      status: s.status,
      round: s.round,
      vc: s.vc,
      damping: s.decl.damping_factor,
      received: receivedTotal(s.decl.received),
      converged: s.provider?.converged ?? false,
    };
  },
};
