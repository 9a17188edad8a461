/**
 * ------------------------------ MODULE V1Rounds ------------------------------
 * The V1 protocol's round coordination (seed 001 "Phase-Synchronized Operations" and "Causal
 * Clock Rules"; seed 002 §6 "Round Consensus"): three participants A, B, C each in a round,
 * with vector clocks (src/core/vclock). A participant increments its own clock entry when it
 * advances (Self Increment before publishing its new round), so vc[i][j] is the round of j
 * that i knows of. It gossips its coordination state; the receiver ignores it when it is stale
 * (leq(peerClock, myClock)) and otherwise merges clocks (pointwise max). A participant
 * advances when at least Threshold % of its *active* peers — those it can currently reach —
 * are known to be at its round or ahead (seed 002: "determine if ≥50% ready to advance").
 * With no active peer at all the condition holds vacuously. The network may split and heal.
 *
 * CONSTANTS  ThresholdPct, MaxRound, Partitions ∈ BOOLEAN                       (config)
 * VARIABLES
 *   round      \* round[i]
 *   vc         \* vc[i]: i's vector clock (zeros omitted)
 *   partition  \* the blocks of the current partition, e.g. <<"AB", "C">>; one block = connected
 *
 * MaxRound is a guard (a finite horizon): participants stop advancing there, and the state in
 * which all three reached it is terminal.
 * =============================================================================
 */
import { z } from "zod";
import * as vclock from "../src/core/vclock.js";
import type { VClock } from "../src/core/vclock.js";
import {
  int,
  nat,
  oneOf,
  optional,
  record,
  seq,
  type Layout,
} from "../src/engine/checker/layout.js";
import type { Action, Invariant, LivenessProperty, Model } from "../src/engine/checker/model.js";

export const PARTICIPANTS = ["A", "B", "C"] as const;
type P = (typeof PARTICIPANTS)[number];
type PerP<T> = { readonly A: T; readonly B: T; readonly C: T };

export interface V1State {
  readonly round: PerP<number>;
  readonly vc: PerP<VClock>;
  readonly partition: readonly string[];
}

export const v1RoundsConfigSchema = z.strictObject({
  /** Advance when at least this percentage of active peers is at my round or ahead. */
  thresholdPct: z.number().int().min(1).max(100),
  maxRound: z.number().int().min(1).max(64),
  /** Whether the network may split and heal. */
  partitions: z.boolean(),
});
export type V1RoundsConfig = z.infer<typeof v1RoundsConfigSchema>;

export const v1RoundsConfig: V1RoundsConfig = { thresholdPct: 100, maxRound: 3, partitions: false };

/** Every partition of {A, B, C}, as sorted blocks. */
export const PARTITIONS: readonly (readonly string[])[] = [
  ["ABC"],
  ["A", "BC"],
  ["AC", "B"],
  ["AB", "C"],
  ["A", "B", "C"],
];

// ---- helpers ------------------------------------------------------------------------------

const connected = (s: V1State, i: P, j: P) =>
  s.partition.some((b) => b.includes(i) && b.includes(j));
const peers = (i: P) => PARTICIPANTS.filter((j) => j !== i);
const activePeers = (s: V1State, i: P) => peers(i).filter((j) => connected(s, i, j));
const setP = <T>(x: PerP<T>, i: P, v: T): PerP<T> => ({ ...x, [i]: v });

/** Seed 002's advancement rule: ≥ Threshold % of active peers known to be at my round or ahead. */
export function mayAdvance(s: V1State, c: V1RoundsConfig, i: P): boolean {
  const active = activePeers(s, i);
  const ready = active.filter((j) => vclock.get(s.vc[i], j) >= s.round[i]).length;
  return 100 * ready >= c.thresholdPct * active.length;
}

// ---- TypeInvariant ------------------------------------------------------------------------

function typeOK(s: V1State, c: V1RoundsConfig): boolean {
  return (
    PARTICIPANTS.every(
      (i) =>
        Number.isInteger(s.round[i]) &&
        s.round[i] >= 0 &&
        s.round[i] <= c.maxRound &&
        vclock.validate(s.vc[i]).ok,
    ) && PARTITIONS.some((p) => p.join("|") === s.partition.join("|"))
  );
}

/**
 * The state's layout (the checker's packed encoding): rounds and clock entries up to MaxRound
 * (a clock omits its zero entries), the partition as its sorted blocks.
 */
function layout(c: V1RoundsConfig): Layout {
  const clock = record(
    Object.fromEntries(PARTICIPANTS.map((p) => [p, optional(int(1, c.maxRound))])),
  );
  const perP = (l: Layout) => record(Object.fromEntries(PARTICIPANTS.map((p) => [p, l])));
  const blocks = [...new Set(PARTITIONS.flat())];
  return record({
    round: perP(nat(c.maxRound)),
    vc: perP(clock),
    partition: seq(PARTICIPANTS.length, oneOf(...blocks)),
  });
}

// ---- Init ---------------------------------------------------------------------------------

/** Everyone in round 0 with an empty clock, all connected. */
function init(): V1State[] {
  const e = vclock.empty();
  return [{ round: { A: 0, B: 0, C: 0 }, vc: { A: e, B: e, C: e }, partition: ["ABC"] }];
}

// ---- Actions ------------------------------------------------------------------------------

/** Phase Advancement Check (seed 001) with Self Increment: advance, my.Clock[me]++. */
function advance(i: P) {
  return (s: V1State, c: V1RoundsConfig): V1State[] =>
    s.round[i] < c.maxRound && mayAdvance(s, c, i)
      ? [
          {
            ...s,
            round: setP(s.round, i, s.round[i] + 1),
            vc: setP(s.vc, i, vclock.event(s.vc[i], i)),
          },
        ]
      : [];
}

/** Coordination Gossip (seed 001): i's clock reaches j; stale (leq) updates are ignored, others merged. */
function gossip(i: P, j: P) {
  return (s: V1State): V1State[] =>
    !connected(s, i, j) || vclock.leq(s.vc[i], s.vc[j])
      ? []
      : [{ ...s, vc: setP(s.vc, j, vclock.join(s.vc[j], s.vc[i])) }];
}

/** Partition tolerance (seed 002 §8): the network splits into blocks, or heals. */
function repartition(s: V1State, c: V1RoundsConfig): V1State[] {
  if (!c.partitions) return [];
  const cur = s.partition.join("|");
  return PARTITIONS.filter((p) => p.join("|") !== cur).map((p) => ({ ...s, partition: p }));
}

const gossipPairs = PARTICIPANTS.flatMap((i) => peers(i).map((j) => [i, j] as const));

// ---- Next ---------------------------------------------------------------------------------

/** Next == the disjunction of these actions. */
const actions: readonly Action<V1State, V1RoundsConfig>[] = [
  ...PARTICIPANTS.map((i) => ({
    name: `Advance${i}`,
    doc: `Phase Advancement Check (seed 001/002): ${i} advances when ≥ threshold of its active peers are known at its round or ahead, incrementing its clock.`,
    next: advance(i),
  })),
  ...gossipPairs.map(([i, j]) => ({
    name: `Gossip${i}${j}`,
    doc: `Coordination Gossip and Clock Merge (seed 001): ${i}'s clock reaches ${j}, ignored if stale.`,
    next: gossip(i, j),
  })),
  {
    name: "Repartition",
    doc: "Partition tolerance (seed 002 §8): the network splits into blocks or heals.",
    next: repartition,
  },
];

// ---- Invariants ---------------------------------------------------------------------------

const invariants: readonly Invariant<V1State, V1RoundsConfig>[] = [
  {
    name: "ClockCountsRounds",
    doc: "Each participant's own clock entry is its round (Self Increment once per advance).",
    holds: (s) => PARTICIPANTS.every((i) => vclock.get(s.vc[i], i) === s.round[i]),
  },
  {
    name: "KnowledgeSound",
    doc: "No participant believes a peer is further than it is: vc[i][j] ≤ round[j].",
    holds: (s) =>
      PARTICIPANTS.every((i) => PARTICIPANTS.every((j) => vclock.get(s.vc[i], j) <= s.round[j])),
  },
  {
    name: "RoundsWithinOne",
    doc: "Connected participants are never more than one round apart (what round coordination is for).",
    holds: (s) =>
      PARTICIPANTS.every((i) =>
        PARTICIPANTS.every((j) => !connected(s, i, j) || Math.abs(s.round[i] - s.round[j]) <= 1),
      ),
  },
];

const allDone = (s: V1State, c: V1RoundsConfig) =>
  PARTICIPANTS.every((i) => s.round[i] === c.maxRound);

const liveness: readonly LivenessProperty<V1State, V1RoundsConfig>[] = [
  {
    name: "EventuallyAllAtMaxRound",
    doc: "Under weak fairness of advancing and gossip, every participant reaches the last round.",
    kind: "eventually",
    p: allDone,
    fairness: actions.filter((a) => a.name !== "Repartition").map((a) => a.name),
  },
];

// ---- Specification ------------------------------------------------------------------------

export const v1Rounds: Model<V1State, V1RoundsConfig> = {
  name: "V1Rounds",
  doc: "V1 rounds (seeds 001/002): phase advancement at a threshold of active peers, vector clocks with the stale-update rule, partitions that split and heal. Do connected participants stay within one round?",
  variables: ["round", "vc", "partition"],
  init,
  actions,
  typeInvariant: typeOK,
  layout,
  invariants,
  liveness,
  terminal: allDone,
};
