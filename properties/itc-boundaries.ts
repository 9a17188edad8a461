/**
 * Boundary classes of the ITC and vector-clock generators (SPEC.md §7, §8, §11): what the
 * suites must generate, measured on the generated values with the independent oracles (never
 * with the implementation under test). Registered in properties/boundary-catalog.ts; SPEC §11's
 * table of oracles and generated cases names them, per invariant in `ids`
 * (test/spec-cases.test.ts).
 */
import fc from "fast-check";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import {
  arbItcScenario,
  runItcOps,
  scenarioMaxProcesses,
  type ItcImpl,
  type ItcScenario,
} from "./arbitraries/itc.js";
import * as O from "./itc-oracle.js";
import type { OStamp } from "./itc-oracle.js";
import {
  arbCorruption,
  arbItcCase,
  corrupt,
  ITC4_FLAT,
  ITC4_LIVE,
  topped,
  type ItcCase,
} from "./itc.js";
import {
  arbCounter,
  arbVClock,
  arbVClockCorruption,
  arbVClockEventCase,
  arbVClockRun,
  entryOf,
  eventTarget,
  oracleEvent,
  oracleLeq,
  pairClocks,
  VC_MAX_COUNTER,
  type VClockPair,
} from "./vclock.js";
import type { VClock } from "../src/core/vclock.js";

const MAX = O.ORACLE_MAX_COUNTER;

/** What a scenario's run does, computed with the oracle. */
export interface ScenarioStats {
  readonly ops: number;
  readonly maxCounter: number;
  readonly maxIdDepth: number;
  readonly maxProcesses: number;
  readonly fills: number;
  readonly grows: number;
  readonly growTies: number;
  /** Joins (join, receive, sync) of two event trees that are both nodes. */
  readonly treeJoins: number;
  /** A message received more than once. */
  readonly duplicateReceives: number;
  readonly final: readonly OStamp[];
}

const statsCache = new WeakMap<ItcScenario, ScenarioStats>();

/** Runs the scenario on the oracle and counts what happened. */
export function scenarioStats(sc: ItcScenario): ScenarioStats {
  const hit = statsCache.get(sc);
  if (hit !== undefined) return hit;
  let fills = 0;
  let grows = 0;
  let growTies = 0;
  let treeJoins = 0;
  let maxProcesses = 1;
  const received = new Map<OStamp, number>();
  let duplicateReceives = 0;
  const ev = (s: OStamp): OStamp => {
    const t = O.eventTrace(s);
    if (t?.by === "fill") fills++;
    else if (t !== undefined) {
      grows++;
      if (t.tie) growTies++;
    }
    const e = O.event(s);
    if (typeof e !== "object") throw new Error("the oracle run overflowed or hit id 0");
    return e;
  };
  const jn = (a: OStamp, b: OStamp): OStamp => {
    if (typeof a.event !== "number" && typeof b.event !== "number") treeJoins++;
    const j = O.join(a, b);
    if (j === undefined) throw new Error("overlapping ids in an oracle run");
    return j;
  };
  const impl: ItcImpl<OStamp> = {
    seed: () => ({ id: 1, event: sc.base }),
    fork: (s) => O.fork(s),
    event: ev,
    join: jn,
    send: (s) => {
      const t = ev(s);
      return [t, O.peek(t)];
    },
    receive: (s, m) => {
      const n = (received.get(m) ?? 0) + 1;
      received.set(m, n);
      if (n === 2) duplicateReceives++;
      return ev(jn(s, m));
    },
    sync: (a, b) => O.fork(jn(a, b)),
  };
  const run = runItcOps(sc.ops, impl, {
    maxProcesses: scenarioMaxProcesses(sc.shape),
    onStep: (r) => {
      maxProcesses = Math.max(maxProcesses, r.processes.length);
    },
  });
  const final = [...run.processes, ...run.messages];
  const out: ScenarioStats = {
    ops: sc.ops.length,
    maxCounter: Math.max(...final.map((s) => O.maxCounter(s))),
    maxIdDepth: Math.max(...run.processes.map((s) => O.depth(s.id))),
    maxProcesses,
    fills,
    grows,
    growTies,
    treeJoins,
    duplicateReceives,
    final,
  };
  statsCache.set(sc, out);
  return out;
}

const scenarioClasses = <T>(of: (v: T) => ItcScenario) => [
  { name: "starts from the seed", spec: "§8", hit: (v: T) => of(v).base === 0, minPer1000: 300 },
  { name: "no operation at all", spec: "§8", hit: (v: T) => of(v).ops.length === 0, minPer1000: 2 },
  {
    name: "a counter past 2^31 (beyond 32-bit integers)",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).maxCounter >= 2 ** 31,
  },
  {
    name: "a counter within 200 of 2^53 − 1",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).maxCounter >= MAX - 200,
    minPer1000: 50,
  },
  {
    name: "an id split 20 times or more (deep)",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).maxIdDepth >= 20,
    minPer1000: 50,
  },
  {
    name: "32 or more live processes (wide)",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).maxProcesses >= 32,
    minPer1000: 30,
  },
  {
    name: "an event by fill",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).fills > 0,
    minPer1000: 200,
  },
  {
    name: "an event by grow",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).grows > 0,
    minPer1000: 300,
  },
  {
    name: "an event by grow with equal costs on both sides",
    spec: "§8 Decision (grow)",
    hit: (v: T) => scenarioStats(of(v)).growTies > 0,
    minPer1000: 20,
  },
  {
    name: "a join of two event trees",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).treeJoins > 0,
    minPer1000: 100,
  },
  {
    name: "a message received twice (duplicate)",
    spec: "§8",
    hit: (v: T) => scenarioStats(of(v)).duplicateReceives > 0,
    minPer1000: 50,
  },
];

/** The pick of a case that ITC-10 and ITC-4 work on first, topped as the case says. */
function firstPick(c: ItcCase): OStamp {
  const pool = scenarioStats(c.scenario).final;
  const p = pool[c.picks[0] % pool.length] as OStamp;
  return c.top[0] ? topped(p) : p;
}

export const ITC_CASE_BOUNDARIES = boundaries<ItcCase>({
  generator: "arbItcCase",
  ids: ["ITC-1", "ITC-2", "ITC-3", "ITC-4", "ITC-5", "ITC-8", "ITC-10"],
  suite: "itc",
  arbitrary: arbItcCase(),
  classes: [
    ...scenarioClasses<ItcCase>((c) => c.scenario),
    {
      name: "a stamp whose largest counter is exactly 2^53 − 1",
      spec: "§8",
      hit: (c) => O.maxCounter(firstPick(c)) === MAX,
      minPer1000: 100,
    },
    {
      name: "an event that would pass 2^53 − 1",
      spec: "§8 Decision (errors)",
      hit: (c) => firstPick(c).id !== 0 && O.event(firstPick(c)) === "overflow",
      minPer1000: 50,
    },
    {
      name: "a live id whose next event (as is, or flattened) grows with equal costs on both sides",
      spec: "§8 Decision (grow)",
      hit: (c) => {
        const live = scenarioStats(c.scenario).final.filter((s) => s.id !== 0);
        return (
          live.slice(0, ITC4_LIVE).some((s) => O.eventTrace(s)?.tie === true) ||
          live
            .slice(0, ITC4_FLAT)
            .some((s) => O.eventTrace({ id: s.id, event: O.maxCounter(s) })?.tie === true)
        );
      },
      minPer1000: 50,
    },
    {
      name: "an anonymous stamp (id 0)",
      spec: "§8",
      hit: (c) => firstPick(c).id === 0,
      minPer1000: 50,
    },
  ],
});

export const ITC_SCENARIO_BOUNDARIES = boundaries<ItcScenario>({
  generator: "arbItcScenario",
  ids: ["ITC-6", "ITC-7"],
  suite: "itc",
  arbitrary: arbItcScenario({ maxLength: 120 }),
  classes: scenarioClasses<ItcScenario>((s) => s),
});

/** ITC-9's cases: a stamp of a run and a way to corrupt its encoding. */
export const arbItcDecodeCase = fc.tuple(arbItcCase(30), arbCorruption);

const decoded = ([c, how]: [ItcCase, Parameters<typeof corrupt>[1]]) =>
  O.decode(
    corrupt(
      scenarioStats(c.scenario).final[
        c.picks[0] % scenarioStats(c.scenario).final.length
      ] as OStamp,
      how,
    ),
  );

const rejectedFor = (why: O.DecodeRejection, min: number) => ({
  name: `bytes the strict decoder rejects: ${why}`,
  spec: "§8",
  hit: (v: [ItcCase, Parameters<typeof corrupt>[1]]) => {
    const d = decoded(v);
    return !d.ok && d.why === why;
  },
  minPer1000: min,
});

export const ITC_DECODE_BOUNDARIES = boundaries<[ItcCase, Parameters<typeof corrupt>[1]]>({
  generator: "arbItcDecodeCase",
  ids: ["ITC-9"],
  suite: "itc",
  arbitrary: arbItcDecodeCase,
  classes: [
    {
      name: "a canonical encoding (accepted)",
      spec: "§8",
      hit: (v) => decoded(v).ok,
      minPer1000: 100,
    },
    rejectedFor("truncated", 50),
    rejectedFor("trailing-bytes", 30),
    rejectedFor("non-zero-padding", 30),
    rejectedFor("counter-overflow", 30),
    rejectedFor("not-normal", 50),
    rejectedFor("not-canonical", 30),
    {
      name: "a counter past 2^31 in the stamp encoded",
      spec: "§8",
      hit: ([c]) => scenarioStats(c.scenario).maxCounter >= 2 ** 31 || c.top[0],
      minPer1000: 100,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Vector clocks

const counters = (v: VClock) => Object.keys(v).map((k) => entryOf(v, k));

export const VCLOCK_BOUNDARIES = boundaries<VClock>({
  generator: "arbVClock",
  ids: ["VC-2", "VC-3"],
  suite: "vclock",
  arbitrary: arbVClock,
  classes: [
    {
      name: "the empty clock",
      spec: "§7",
      hit: (v) => Object.keys(v).length === 0,
      minPer1000: 50,
    },
    {
      name: "a counter of 2^53 − 1",
      spec: "§7 Decision (range)",
      hit: (v) => counters(v).includes(VC_MAX_COUNTER),
      minPer1000: 50,
    },
    {
      name: "a counter at a varint byte edge (127, 128, 16 383, 16 384)",
      spec: "§7",
      hit: (v) => counters(v).some((n) => [127, 128, 16_383, 16_384].includes(n)),
      minPer1000: 50,
    },
    {
      name: "a counter at 2^31 − 1 or 2^32",
      spec: "§7",
      hit: (v) => counters(v).some((n) => n === 2 ** 31 - 1 || n === 2 ** 32),
      minPer1000: 30,
    },
    {
      name: "20 or more node ids",
      spec: "§7",
      hit: (v) => Object.keys(v).length >= 20,
      minPer1000: 50,
    },
    {
      name: "a node id of 128 characters (the longest)",
      spec: "§7",
      hit: (v) => Object.keys(v).some((k) => k.length === 128),
      minPer1000: 30,
    },
    {
      name: "a zero entry (valid, not canonical)",
      spec: "§7",
      hit: (v) => counters(v).includes(0),
      minPer1000: 100,
    },
    {
      name: "the node id __proto__",
      spec: "§7",
      hit: (v) => Object.prototype.hasOwnProperty.call(v, "__proto__"),
      minPer1000: 10,
    },
  ],
});

export const VCLOCK_PAIR_BOUNDARIES = boundaries<[VClockPair, string, boolean]>({
  generator: "arbVClockEventCase",
  ids: ["VC-4"],
  suite: "vclock",
  arbitrary: arbVClockEventCase,
  classes: [
    {
      name: "leq true both ways (equal clocks, zeros included)",
      spec: "§7",
      hit: ([p]) => {
        const [a, b] = pairClocks(p);
        return oracleLeq(a, b) && oracleLeq(b, a);
      },
      minPer1000: 100,
    },
    {
      name: "leq true one way only",
      spec: "§7",
      hit: ([p]) => {
        const [a, b] = pairClocks(p);
        return oracleLeq(a, b) !== oracleLeq(b, a);
      },
      minPer1000: 200,
    },
    {
      name: "leq false both ways (concurrent)",
      spec: "§7",
      hit: ([p]) => {
        const [a, b] = pairClocks(p);
        return !oracleLeq(a, b) && !oracleLeq(b, a);
      },
      minPer1000: 100,
    },
    {
      name: "an event past 2^53 − 1 (must throw)",
      spec: "§7 Decision (range)",
      hit: ([p, node, own]) => {
        const [a] = pairClocks(p);
        return oracleEvent(a, eventTarget(a, node, own)) === undefined;
      },
      minPer1000: 5,
    },
  ],
});

export const VCLOCK_RUN_BOUNDARIES = boundaries({
  generator: "arbVClockRun",
  ids: ["VC-1"],
  suite: "vclock",
  arbitrary: arbVClockRun,
  classes: [
    { name: "20 or more processes", spec: "§7", hit: (r) => r.n >= 20, minPer1000: 50 },
    {
      name: "counters from 2^31 − 1 on",
      spec: "§7",
      hit: (r) => r.base >= 2 ** 31 - 1 - 100,
      minPer1000: 50,
    },
    {
      name: "counters reaching 2^53 − 1 − the run's length",
      spec: "§7",
      hit: (r) => r.base >= VC_MAX_COUNTER - 200,
      minPer1000: 30,
    },
    {
      name: "a message received (join)",
      spec: "§7",
      hit: (r) => r.ops.some((o) => o.kind === "receive"),
      minPer1000: 500,
    },
  ],
});

export const VCLOCK_DECODE_BOUNDARIES = boundaries({
  generator: "arbVClockCorruption",
  ids: ["VC-3"],
  suite: "vclock",
  arbitrary: fc.tuple(arbVClock, arbVClockCorruption),
  classes: (["none", "flip", "truncate", "append", "random"] as const).map((k) => ({
    name: `encoding ${k === "none" ? "intact" : k === "flip" ? "with a bit flipped" : k === "truncate" ? "truncated" : k === "append" ? "with a byte appended" : "replaced by random bytes"}`,
    spec: "§7",
    hit: ([, c]: [VClock, { kind: string }]) => c.kind === k,
    minPer1000: 100,
  })),
});

/** Counters alone (for the table in bench/RESULTS.md). */
export const VCLOCK_COUNTER_BOUNDARIES = boundaries({
  generator: "arbCounter",
  suite: "vclock",
  arbitrary: arbCounter,
  classes: [
    { name: "0", spec: "§7", hit: (n) => n === 0, minPer1000: 50 },
    { name: "2^53 − 1", spec: "§7", hit: (n) => n === VC_MAX_COUNTER, minPer1000: 20 },
    { name: "2^53 − 2", spec: "§7", hit: (n) => n === VC_MAX_COUNTER - 1, minPer1000: 20 },
    { name: "127 or 128", spec: "§7", hit: (n) => n === 127 || n === 128, minPer1000: 10 },
  ],
});

export const ITC_VCLOCK_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  ITC_CASE_BOUNDARIES,
  ITC_SCENARIO_BOUNDARIES,
  ITC_DECODE_BOUNDARIES,
  VCLOCK_BOUNDARIES,
  VCLOCK_PAIR_BOUNDARIES,
  VCLOCK_RUN_BOUNDARIES,
  VCLOCK_DECODE_BOUNDARIES,
  VCLOCK_COUNTER_BOUNDARIES,
];
