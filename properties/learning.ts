/**
 * The learning behaviour of an implementation's seed-000 recipient (SPEC.md §11, §13.1): the
 * statistical claims STAT-1…3 decided, with the same SPRT, on recipients created by the
 * implementation's `denominatorAgent.learner` and driven through its `recipient` part.
 *
 * The setting is §13.1's, played through the adapter: the same instances (topology, groups,
 * MR, liars, partitions, 5 % loss), each round `nextRequests` of every recipient, a response to
 * each request for one of its providers, the gossip it returns delivered in random order, liars'
 * gossip rewritten by `tamperP2P`. Through the adapter grants are holdings — the recipient keeps
 * them and its residual falls — so the grant is the proportional share of the residual the
 * recipient has left, g = C·MR·r / D (r tracked by the suite: the stated need minus what it was
 * sent), and the scales are such that r stays near the need: needs are ×1 000 and capacities
 * ×1/1 000 of §13.1's, so grants keep §13.1's absolute size (the seed's confidence thresholds are
 * in squared allocation units) while a recipient loses at most a few percent of its residual
 * over the 60 rounds. What a recipient observes is g / ξ as in §13.1, from which the seed's rule
 * infers D·ξ: the true denominator D(P) = Σ MR·need stays the claim's target.
 */
import fc from "fast-check";
import {
  denominatorMachine,
  recipientInit,
  tamperP2P,
  type DenominatorState,
} from "../src/core/protocols/denominator.js";
import type { NodeMachine } from "../src/core/protocols/machine.js";
import type {
  AllocationResponse,
  DenominatorGossip,
  P2PMessage,
} from "../src/core/schemas/messages.js";
import { Rng } from "../src/engine/sim/rng.js";
import {
  buildInstance,
  decideClaim,
  describeVerdict,
  rid,
  STAT_CLAIM,
  STAT_STRUCTURE,
  statClaims,
  type EstimationRun,
  type EstimationSetting,
  type StatClaim,
  type StatStructure,
  type WorstEstimate,
} from "./convergence-stats.js";
import { denominatorAgentFromMachine, type MachineHandle } from "./machine-adapter.js";
import type { InvariantProperty } from "./property.js";
import type {
  DenominatorAgentUnderTest,
  DenominatorLearnerUnderTest,
  DenominatorRecipientConfig,
  DenominatorRecipientUnderTest,
  LearningSetting,
} from "./under-test.js";
import { violation } from "./violation.js";

/** §13.1's structure with needs ×1 000 and the capacity share ×1/1 000 (grants of the same size). */
export const LEARNING_STRUCTURE: StatStructure = {
  ...STAT_STRUCTURE,
  need: { min: STAT_STRUCTURE.need.min * 1000, max: STAT_STRUCTURE.need.max * 1000 },
  capacityShare: STAT_STRUCTURE.capacityShare / 1000,
};

/** How `learnerFromMachine` builds a recipient's state for a claim's learning setting. */
export interface MachineLearnerOptions<S> {
  readonly recipient: (config: DenominatorRecipientConfig, learning: LearningSetting) => S;
  /** The recipient's estimate of a provider's denominator, read from its state. */
  readonly estimate: (state: S, providerId: string) => number | undefined;
}

/**
 * The `learner` of a seed-000 recipient written as a `NodeMachine`: handles built by
 * `denominatorAgentFromMachine` with the claim's learning setting, so the `recipient` part that
 * converter makes (with the same machine) drives them. The reference goes through it.
 */
export function learnerFromMachine<S>(
  machine: NodeMachine<S, P2PMessage>,
  options: MachineLearnerOptions<S>,
): DenominatorLearnerUnderTest<MachineHandle<S>> {
  const parts = new Map<string, DenominatorRecipientUnderTest<MachineHandle<S>>>();
  return {
    create(config, learning) {
      const key = JSON.stringify(learning);
      let part = parts.get(key);
      if (part === undefined) {
        part = denominatorAgentFromMachine<S>(machine, {
          recipient: (c) => options.recipient(c, learning),
          estimate: options.estimate,
        }).recipient;
        if (part === undefined) throw new Error(`${machine.name}: the converter made no recipient`);
        parts.set(key, part);
      }
      return part.create(config);
    },
  };
}

/** The reference recipient (seed 000's, through the machine converter) with a claim's learning setting. */
export const referenceLearner: DenominatorLearnerUnderTest<MachineHandle<DenominatorState>> =
  learnerFromMachine<DenominatorState>(denominatorMachine, {
    recipient: (c, learning) =>
      recipientInit({
        ...c,
        options: { startOffset: 0, learningRate: learning.learningRate, trust: learning.trust },
      }),
    estimate: (st, p) => (st.role === "recipient" ? st.providers[p]?.estDenominator : undefined),
  });

/** At most this many gossip messages are delivered per round (reactions to gossip included). */
const GOSSIP_PER_ROUND = 50_000;

interface Queued {
  readonly to: number;
  readonly msg: DenominatorGossip;
}

/**
 * One run of a claim's setting through the adapter: recipients made by `agent.learner` (with the
 * setting's learning rate and trust) and driven by `agent.recipient`. Returns the run's outcome
 * in the shape of `runEstimation`'s.
 */
export function runLearning<P, R>(
  agent: DenominatorAgentUnderTest<P, R>,
  s: EstimationSetting,
  seed: number,
  run = 0,
): EstimationRun {
  const part = agent.recipient;
  const learner = agent.learner;
  if (part === undefined || learner === undefined)
    throw new Error("the learning suite needs denominatorAgent.recipient and .learner");
  const inst = buildInstance(s, seed, LEARNING_STRUCTURE);
  const { n, adj, needs, providers } = inst;
  const net = Rng.derive(seed, "network");
  const noise = Rng.derive(seed, "noise");
  const gossipRng = Rng.derive(seed, "gossip");
  const random = gossipRng.asFunction();
  const ids = Array.from({ length: n }, (_, i) => rid(i));
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const providerIndex = new Map(providers.map((p, k) => [p.id, k] as const));
  // mrOf[r].get(k): MR(P_k, R_r) for the providers r uses.
  const mrOf: Map<number, number>[] = ids.map(() => new Map());
  providers.forEach((p, k) => p.members.forEach((r, j) => mrOf[r]?.set(k, p.mr[j] as number)));
  const handles = ids.map((id, r) =>
    learner.create(
      {
        id,
        statedNeed: needs[r] as number,
        providers: Object.fromEntries(
          [...(mrOf[r] as Map<number, number>)].map(([k, mr]) => [providers[k]?.id as string, mr]),
        ),
        partners: (adj[r] as number[]).map((j) => ids[j] as string),
      },
      { learningRate: s.learningRate, trust: s.trust },
    ),
  );
  const residual = needs.slice();
  const lo = Math.floor(s.rounds / 4);
  const hi = Math.floor(s.rounds / 2);
  for (let t = 1; t <= s.rounds; t++) {
    const split = inst.partitioned && t > lo && t <= hi;
    const apart = (a: number, b: number) => split && inst.side[a] !== inst.side[b];
    const now = t * LEARNING_STRUCTURE.roundMs;
    const queue: Queued[] = [];
    const post = (from: number, gossip: readonly { to: string; msg: DenominatorGossip }[]) => {
      for (const g of gossip) {
        const to = index.get(g.to);
        if (to === undefined || to === from || apart(from, to) || net.chance(s.loss)) continue;
        let msg = g.msg;
        if (inst.liar[from] === true) {
          const lied = tamperP2P(msg, s.dishonest.strategy, random);
          if (lied.type === "denominator_gossip") msg = lied;
        }
        if (queue.length < GOSSIP_PER_ROUND) queue.push({ to, msg });
      }
    };
    for (let r = 0; r < n; r++) {
      const h = handles[r] as R;
      for (const req of part.nextRequests(h, now)) {
        const k = providerIndex.get(req.provider_id);
        const mr = k === undefined ? undefined : mrOf[r]?.get(k);
        if (k === undefined || mr === undefined) continue;
        const p = providers[k] as (typeof providers)[number];
        // Request and response each cross the network; a partition cuts the provider off.
        if (apart(r, p.anchor) || net.chance(s.loss) || net.chance(s.loss)) continue;
        const share = (p.capacity * mr * (residual[r] as number)) / p.denominator;
        const xi = 1 - s.noise + 2 * s.noise * noise.float();
        const amount = share / xi;
        const response: AllocationResponse = {
          type: "allocation_response",
          provider_id: p.id,
          recipient_id: ids[r] as string,
          allocated_amount: amount,
          capacity_hint: p.capacity,
          timestamp: now,
        };
        residual[r] = Math.max(0, (residual[r] as number) - amount);
        post(r, part.onResponse(h, response, now));
      }
    }
    // The round's gossip arrives in random order; reactions to it join the queue.
    for (let i = queue.length - 1; i > 0; i--) {
      const j = gossipRng.int(0, i);
      const x = queue[i] as Queued;
      queue[i] = queue[j] as Queued;
      queue[j] = x;
    }
    for (let i = 0; i < queue.length; i++) {
      const { to, msg } = queue[i] as Queued;
      post(to, part.onGossip(handles[to] as R, msg, now));
    }
  }
  let maxError = 0;
  let worst: WorstEstimate | undefined;
  let estimates = 0;
  for (let r = 0; r < n; r++) {
    if (inst.liar[r] === true) continue;
    for (const k of (mrOf[r] as Map<number, number>).keys()) {
      const p = providers[k] as (typeof providers)[number];
      const est = part.estimate(handles[r] as R, p.id);
      const err =
        est === undefined || !Number.isFinite(est)
          ? Infinity
          : Math.abs(est - p.denominator) / p.denominator;
      estimates++;
      if (worst === undefined || !(err <= maxError)) {
        maxError = Number.isNaN(err) ? Infinity : err;
        worst = {
          recipient: ids[r] as string,
          provider: p.id,
          estimate: est ?? NaN,
          denominator: p.denominator,
          relativeError: err,
        };
      }
    }
  }
  return {
    run,
    seed,
    nodes: n,
    topology: inst.topology,
    providers: providers.length,
    estimates,
    dishonest: inst.liar.filter(Boolean).length,
    partitioned: inst.partitioned,
    maxError,
    worst,
    ok: maxError <= s.epsilon,
  };
}

/**
 * STAT-1…3 on an implementation's recipient (`denominatorAgent.learner` and `.recipient`), in
 * the `denominator` suite: one experiment each (numRuns 1), master seed drawn from the run's seed.
 */
export function learningProperties<P, R>(
  agent: DenominatorAgentUnderTest<P, R>,
  name = "reference",
  claim: StatClaim = STAT_CLAIM,
): InvariantProperty[] {
  return statClaims().map((c): InvariantProperty => {
    let last: string | undefined;
    return {
      id: c.id,
      suite: "denominator",
      title: `${name}'s recipient through its adapter: ${c.title}`,
      numRuns: 1,
      build: () =>
        fc.property(fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })), (masterSeed) => {
          const v = decideClaim(c.setting, claim, masterSeed, undefined, (s, seed, i) =>
            runLearning(agent, s, seed, i),
          );
          // Replayed by the command's own --only and --seed (the master seed derives from it).
          last = describeVerdict(c.id, claim, v, (id, _seed, run) =>
            run === undefined ? `--only ${id} with the same --seed` : `run ${run} of --only ${id}`,
          );
          if (v.decision === c.expect) return;
          if (c.expect === "holds")
            violation(
              v.decision === "fails" ? "claim-rejected" : "claim-undecided",
              `${name}: expected the claim to hold: ${last}`,
            );
          violation(
            v.decision === "holds" ? "claim-held-against-the-setting" : "claim-undecided",
            `${name}: expected the claim to be rejected in this setting (SPEC §13.1), so the estimator does not follow the setting it was given: ${last}`,
          );
        }),
      describeLastRun: () => last,
    };
  });
}
