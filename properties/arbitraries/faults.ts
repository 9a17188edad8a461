/**
 * fast-check arbitraries for fault schedules, in the scenario file's shapes
 * (src/engine/sim/scenario.ts): a network model (latency distributions — whose spread reorders
 * messages —, loss, duplication, per-link overrides), partitions that split the nodes into
 * groups at a time and heal later (or never), and churn (joins, graceful leaves and crashes at
 * given times, or as Poisson rates over a window). Times fall inside the run's duration.
 * Node ids, when given, let partitions name explicit groups, links name their ends and churn
 * name the node that leaves or crashes.
 */
import fc from "fast-check";
import type { z } from "zod";
import type {
  churnSchema,
  latencySchema,
  networkSchema,
  partitionSchema,
} from "../../src/engine/sim/scenario.js";

export type ScenarioLatency = z.infer<typeof latencySchema>;
export type ScenarioNetwork = z.infer<typeof networkSchema>;
export type ScenarioPartition = z.infer<typeof partitionSchema>;
export type ScenarioChurn = z.infer<typeof churnSchema>;

/** The fault part of a scenario: spread it into a scenario document. */
export interface FaultSchedule {
  readonly network: ScenarioNetwork;
  readonly partitions: ScenarioPartition[];
  readonly churn: ScenarioChurn;
}

export interface FaultScheduleOptions {
  /** The run's virtual duration (ms): partitions and churn happen inside it. */
  readonly durationMs: number;
  /** The scenario's node ids, if known (explicit groups, link overrides, targeted churn). */
  readonly nodeIds?: readonly string[];
  /** Upper bounds of the loss and duplication probabilities (default 0.3 and 0.2). */
  readonly maxLoss?: number;
  readonly maxDuplicate?: number;
  /** At most this many partitions (default 2; 0 for none). */
  readonly maxPartitions?: number;
  /** Whether to generate churn (default true). */
  readonly churn?: boolean;
  /** Most nodes one churn event joins, removes or crashes (default 3). */
  readonly maxChurnCount?: number;
}

const ms = (max: number) => fc.integer({ min: 0, max: Math.max(0, Math.floor(max)) });

/** A latency distribution: constant, uniform, exponential or log-normal (ms). */
export const arbLatency: fc.Arbitrary<ScenarioLatency> = fc.oneof(
  ms(200).map((v) => ({ dist: "constant" as const, ms: v })),
  fc
    .tuple(ms(200), ms(200))
    .map(([a, b]) => ({ dist: "uniform" as const, min: Math.min(a, b), max: Math.max(a, b) })),
  fc
    .record({ mean: fc.integer({ min: 1, max: 200 }), min: ms(20) })
    .map(({ mean, min }) => ({ dist: "exponential" as const, mean, min })),
  fc
    .record({
      median: fc.integer({ min: 1, max: 200 }),
      sigma: fc.double({ min: 0, max: 1.5, noNaN: true }),
      min: ms(20),
    })
    .map(({ median, sigma, min }) => ({ dist: "lognormal" as const, median, sigma, min })),
);

/**
 * A probability in [0, max]: none, a round value (1 %, 5 %, 10 %, …, max), or anything from 0.1 %
 * up (a double drawn from [0, max] is usually a subnormal, which duplicates or loses nothing).
 */
const prob = (max: number) => {
  const top = Math.min(1, Math.max(0, max));
  const round = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5].filter((p) => p <= top);
  return fc.oneof(
    { arbitrary: fc.constant(0), weight: 2 },
    { arbitrary: fc.constantFrom(...(round.length > 0 ? round : [top])), weight: 2 },
    {
      arbitrary: fc.double({ min: Math.min(1e-3, top), max: top, noNaN: true }),
      weight: 2,
    },
  );
};

/** The network model: a default link and, with node ids, a few per-link overrides. */
export function arbNetwork(
  options: Omit<FaultScheduleOptions, "durationMs"> = {},
): fc.Arbitrary<ScenarioNetwork> {
  const ids = options.nodeIds ?? [];
  const maxLoss = options.maxLoss ?? 0.3;
  const maxDup = options.maxDuplicate ?? 0.2;
  const link: fc.Arbitrary<ScenarioNetwork["links"]> =
    ids.length < 2
      ? fc.constant([])
      : fc.array(
          fc
            .record({
              a: fc.constantFrom(...ids),
              b: fc.constantFrom(...ids),
              latency: fc.option(arbLatency, { nil: undefined }),
              loss: fc.option(prob(maxLoss), { nil: undefined }),
              duplicate: fc.option(prob(maxDup), { nil: undefined }),
            })
            .map(({ a, b, latency, loss, duplicate }) => ({
              a,
              b,
              ...(latency !== undefined ? { latency } : {}),
              ...(loss !== undefined ? { loss } : {}),
              ...(duplicate !== undefined ? { duplicate } : {}),
            })),
          { maxLength: 3 },
        );
  return fc.record({
    latency: arbLatency,
    loss: prob(maxLoss),
    duplicate: prob(maxDup),
    links: link,
  });
}

/** Splits `ids` into `k` non-empty groups by a list of group indices. */
function groupsOf(ids: readonly string[], k: number, picks: readonly number[]): string[][] {
  const groups: string[][] = Array.from({ length: k }, () => []);
  ids.forEach((id, i) => {
    // The first k nodes seed one group each, so none is empty.
    const g = i < k ? i : (picks[i] ?? 0) % k;
    groups[g]?.push(id);
  });
  return groups;
}

/**
 * Partitions one after another: each splits at some time and heals before the next (the last
 * one may never heal), into 2–4 groups assigned contiguously, at random, or (with node ids)
 * explicitly.
 */
export function arbPartitions(options: FaultScheduleOptions): fc.Arbitrary<ScenarioPartition[]> {
  const duration = Math.max(2, Math.floor(options.durationMs));
  const ids = options.nodeIds ?? [];
  const most = Math.max(0, options.maxPartitions ?? 2);
  const maxGroups = ids.length >= 2 ? Math.min(4, ids.length) : 4;
  const assignments =
    ids.length >= 2
      ? (["contiguous", "random", "explicit"] as const)
      : (["contiguous", "random"] as const);
  return fc
    .array(
      fc.record({
        gap: fc.double({ min: 0, max: 1, noNaN: true }),
        length: fc.double({ min: 0, max: 1, noNaN: true }),
        heals: fc.boolean(),
        groups: fc.integer({ min: 2, max: maxGroups }),
        assignment: fc.constantFrom(...assignments),
        picks: fc.array(fc.nat({ max: 3 }), { minLength: ids.length, maxLength: ids.length }),
      }),
      { maxLength: most },
    )
    .map((drafts) => {
      const out: ScenarioPartition[] = [];
      // Each partition gets an equal slice of the run: it starts in the slice and heals in it.
      const slice = duration / Math.max(1, drafts.length);
      drafts.forEach((d, i) => {
        const from = Math.floor(i * slice);
        const to = Math.floor((i + 1) * slice) - 1;
        const at = from + Math.floor(d.gap * Math.max(0, to - from - 1));
        const heal = at + 1 + Math.floor(d.length * Math.max(0, to - at - 1));
        const last = i === drafts.length - 1;
        const base = {
          at,
          ...(d.heals || !last ? { heal } : {}),
          groups: d.groups,
        };
        if (d.assignment === "explicit") {
          const explicit = groupsOf(ids, d.groups, d.picks);
          out.push({ ...base, groups: explicit.length, assignment: "explicit", explicit });
        } else out.push({ ...base, assignment: d.assignment });
      });
      return out;
    });
}

/** Churn: events at given times and Poisson rates over windows, inside the run. */
export function arbChurn(options: FaultScheduleOptions): fc.Arbitrary<ScenarioChurn> {
  const duration = Math.max(2, Math.floor(options.durationMs));
  const ids = options.nodeIds ?? [];
  const kind = fc.constantFrom("join" as const, "leave" as const, "crash" as const);
  const count = fc.integer({ min: 1, max: Math.max(1, options.maxChurnCount ?? 3) });
  const event = fc
    .record({
      kind,
      at: ms(duration - 1),
      count,
      node:
        ids.length > 0
          ? fc.option(fc.constantFrom(...ids), { nil: undefined })
          : fc.constant(undefined),
    })
    .map(({ kind: k, at, count: c, node }) =>
      k !== "join" && node !== undefined
        ? { kind: k, at, count: 1, node }
        : { kind: k, at, count: c },
    );
  const rate = fc
    .record({
      kind,
      perMinute: fc.double({ min: 0.1, max: 30, noNaN: true }),
      a: ms(duration - 1),
      b: ms(duration - 1),
    })
    .map(({ kind: k, perMinute, a, b }) => {
      const from = Math.min(a, b);
      return { kind: k, perMinute, from, until: Math.max(from + 1, Math.max(a, b)) };
    });
  return fc.record({
    events: fc.array(event, { maxLength: 4 }),
    rates: fc.array(rate, { maxLength: 2 }),
  });
}

/** A whole fault schedule: network model, partitions and churn. */
export function arbFaultSchedule(options: FaultScheduleOptions): fc.Arbitrary<FaultSchedule> {
  return fc.record({
    network: arbNetwork(options),
    partitions: arbPartitions(options),
    churn:
      options.churn === false
        ? fc.constant<ScenarioChurn>({ events: [], rates: [] })
        : arbChurn(options),
  });
}
