/**
 * Scenario files for `commons-spec simulate` (SPEC.md §Simulation): one zod schema, so a bad
 * file is rejected with the path of the offending field. A file holds one scenario, or a suite
 * `{ name, compare: [scenario, …] }` whose runs are reported side by side.
 */
import { z } from "zod";
import { formatPath } from "../../core/errors.js";
import { idRecord } from "../../core/schemas/id-record.js";
import { ALLOCATION_VARIANTS } from "../../core/allocation/variants.js";
import { RESIDUAL_VARIANTS } from "../../core/residual.js";
import { TRUST_MODES, PROVIDER_VARIANTS } from "../../core/protocols/denominator.js";
import { learningRateProblem } from "../../core/protocols/learning-rate.js";
import { DEDUP_MODES, LANES, ROUTER_MODES } from "../../core/protocols/router.js";
import { STALE_RULES, STAMP_MERGES } from "../../core/protocols/v2-node.js";
import { V1_STALE_RULES } from "../../core/protocols/v1-node.js";

const ID_RE = /^[A-Za-z0-9._:~-]{1,64}$/;
const id = z.string().regex(ID_RE, "must be 1–64 characters of [A-Za-z0-9._:~-]");
const ms = z.number().finite().nonnegative();
const positive = z.number().finite().positive();
const prob = z.number().min(0).max(1);
const int = (min: number) => z.number().int().min(min);

const range = z
  .strictObject({ min: z.number().finite().nonnegative(), max: z.number().finite().nonnegative() })
  .refine((r) => r.min <= r.max, { message: "min must be at most max", path: ["max"] });

export const latencySchema = z.discriminatedUnion("dist", [
  z.strictObject({ dist: z.literal("constant"), ms }),
  z
    .strictObject({ dist: z.literal("uniform"), min: ms, max: ms })
    .refine((l) => l.min <= l.max, { message: "must be at least min", path: ["max"] }),
  z.strictObject({ dist: z.literal("exponential"), mean: positive, min: ms.default(0) }),
  z.strictObject({
    dist: z.literal("lognormal"),
    median: positive,
    sigma: z.number().finite().nonnegative(),
    min: ms.default(0),
  }),
]);

const linkOverride = z.strictObject({
  a: id,
  b: id,
  latency: latencySchema.optional(),
  loss: prob.optional(),
  duplicate: prob.optional(),
});

export const networkSchema = z.strictObject({
  latency: latencySchema.default({ dist: "uniform", min: 20, max: 80 }),
  loss: prob.default(0),
  duplicate: prob.default(0),
  links: z.array(linkOverride).default([]),
});

export const topologySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("ring") }),
  z.strictObject({ kind: z.literal("grid"), width: int(1).optional() }),
  z.strictObject({ kind: z.literal("random-regular"), degree: int(1) }),
  z.strictObject({ kind: z.literal("erdos-renyi"), avgDegree: positive }),
  z.strictObject({
    kind: z.literal("watts-strogatz"),
    k: int(2).refine((k) => k % 2 === 0, "must be even"),
    beta: prob,
  }),
  z.strictObject({ kind: z.literal("barabasi-albert"), m: int(1) }),
  z.strictObject({ kind: z.literal("star"), center: id.optional() }),
  z.strictObject({ kind: z.literal("full-mesh") }),
  z.strictObject({
    kind: z.literal("recognition"),
    /** Each node recognises this many random others (generated nodes only). */
    perNode: int(1).default(6),
    /** Probability that a recognised node recognises back. */
    reciprocity: prob.default(0.8),
  }),
  z.strictObject({ kind: z.literal("explicit"), edges: z.array(z.tuple([id, id])) }),
]);

export const partitionSchema = z
  .strictObject({
    at: ms,
    heal: ms.optional(),
    groups: int(2).default(2),
    assignment: z.enum(["contiguous", "random", "explicit"]).default("contiguous"),
    explicit: z.array(z.array(id)).optional(),
  })
  .refine((p) => p.heal === undefined || p.heal > p.at, {
    message: "must be after `at`",
    path: ["heal"],
  })
  .refine((p) => p.assignment !== "explicit" || p.explicit !== undefined, {
    message: "an explicit assignment needs `explicit` groups",
    path: ["explicit"],
  });

const churnKind = z.enum(["join", "leave", "crash"]);
export const churnSchema = z.strictObject({
  events: z
    .array(
      z.strictObject({ kind: churnKind, at: ms, count: int(1).default(1), node: id.optional() }),
    )
    .default([]),
  /** Poisson arrivals of `kind` at `perMinute` between `from` and `until`. */
  rates: z
    .array(
      z
        .strictObject({ kind: churnKind, perMinute: positive, from: ms.default(0), until: ms })
        .refine((r) => r.until > r.from, { message: "must be after `from`", path: ["until"] }),
    )
    .default([]),
});

/**
 * Need changes (V1/V2): Poisson arrivals at `perMinute` over the network between `from` and
 * `until`; each sets one recipient's need (a recipient with a provider among its neighbours,
 * uniformly) to a new quantity (generated nodes: uniform in the population's need range; listed
 * nodes: the current need × uniform [0.5, 1.5]). The run then reports the latency from each change
 * to its publication and to the recipient seeing an allocation that took it into account, and the
 * message rate per `binMs` over the same window (run.ts changeObserver).
 */
export const needChangesSchema = z
  .strictObject({
    perMinute: positive,
    from: ms.default(0),
    until: positive,
    binMs: positive.default(1000),
  })
  .refine((c) => c.until > c.from, { message: "must be after `from`", path: ["until"] });

export const strategySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("inflate"), factor: z.number().finite().min(1) }),
  z.strictObject({ kind: z.literal("deflate"), factor: z.number().finite().min(1) }),
  z.strictObject({ kind: z.literal("lie-need"), factor: positive }),
  z.strictObject({ kind: z.literal("noise"), sigma: positive }),
  z.strictObject({ kind: z.literal("collude"), value: z.number().finite().nonnegative() }),
]);

export const dishonestSchema = z.strictObject({
  /** Fraction of eligible nodes (recipients for p2p, every node otherwise) that lie. */
  fraction: prob.default(0),
  /** Or these nodes. */
  nodes: z.array(id).optional(),
  strategy: strategySchema,
});

/** Generated participants. */
export const populationSchema = z.strictObject({
  count: int(1).max(1_000_000),
  providerFraction: prob.default(0.3),
  /** Fraction of providers that also have needs (V1/V2). */
  bothFraction: prob.default(0),
  capacity: range.default({ min: 50, max: 150 }),
  need: range.default({ min: 20, max: 80 }),
  /** Recognition weight of each neighbour (integer, uniform). */
  weight: range.default({ min: 1, max: 10 }),
  /** Start times uniform in [0, startJitterMs). */
  startJitterMs: ms.default(0),
});

const participant = z.strictObject({
  id,
  capacity: z.number().finite().nonnegative().default(0),
  need: z.number().finite().nonnegative().default(0),
  /** Recognition weights (V1/V2) or MR values (p2p) of the others. */
  recognition: idRecord(id, z.number().finite().nonnegative()).default({}),
  /** p2p recipients: gossip partners. */
  partners: z.array(id).optional(),
  startAt: ms.optional(),
  /** p2p recipients: delay of the first round. */
  startOffset: ms.optional(),
});

const v2Section = z
  .strictObject({
    debounceMs: ms,
    heartbeatMs: positive,
    freshnessMs: positive,
    epsilon: positive,
    residual: z.enum(RESIDUAL_VARIANTS),
    allocation: z.enum(ALLOCATION_VARIANTS),
    damping: z.boolean(),
    staleRule: z.enum(STALE_RULES),
    stampMerge: z.enum(STAMP_MERGES),
    welcomeWeight: z.number().finite().nonnegative(),
    relaxation: z.number().gt(0).max(1),
    sharedStep: z.boolean(),
  })
  .partial();

const v1Section = z
  .strictObject({
    roundMs: positive,
    computeAt: prob,
    aggregateAt: prob,
    threshold: prob,
    freshnessMs: positive,
    epsilon: positive,
    residual: z.enum(RESIDUAL_VARIANTS),
    allocation: z.enum(ALLOCATION_VARIANTS),
    damping: z.boolean(),
    staleRule: z.enum(V1_STALE_RULES),
    welcomeWeight: z.number().finite().nonnegative(),
    relaxation: z.number().gt(0).max(1),
    sharedStep: z.boolean(),
  })
  .partial();

export const learningRateSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("constant"), alpha: z.number().finite() }),
    z.strictObject({ kind: z.literal("adaptive"), alpha: z.number().finite() }),
    z.strictObject({
      kind: z.literal("robbins-monro"),
      a: z.number().finite(),
      b: z.number().finite(),
      gamma: z.number().finite(),
    }),
  ])
  .superRefine((lr, ctx) => {
    const problem = learningRateProblem(lr);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });

const p2pSection = z.strictObject({
  provider: z.enum(PROVIDER_VARIANTS).default("corrected"),
  roundMs: positive.default(1000),
  learningRate: learningRateSchema.default({ kind: "constant", alpha: 0.3 }),
  composition: z.boolean().default(false),
  trust: z.enum(TRUST_MODES).default("constant"),
  capacityGuess: positive.default(1000),
  fanout: int(0).default(3),
  skipExhausted: z.boolean().default(true),
  partnerRefreshRounds: int(0).default(0),
  /** MR of a provider–recipient edge in generated networks. */
  mr: range.default({ min: 0.1, max: 1 }),
});

const laneCaps = z.strictObject({ control: int(1), sync: int(1), inventory: int(1), data: int(1) });
const routerSection = z.strictObject({
  mode: z.enum(ROUTER_MODES).default("single"),
  capacity: int(1).default(2048),
  laneCapacity: laneCaps.default({ control: 256, sync: 512, inventory: 1024, data: 4096 }),
  dedup: z.enum(DEDUP_MODES).default("off"),
  dedupTtlMs: positive.default(5000),
  dedupCapacity: int(1).default(1024),
  subscribers: z
    .array(
      z.strictObject({
        name: id,
        perTick: int(1),
        lanes: z.array(z.enum(LANES)).optional(),
      }),
    )
    .min(1)
    .default([{ name: "sync", perTick: 64 }]),
  tickMs: positive.default(10),
  blocks: int(1).default(50),
  blockIntervalMs: ms.default(20),
  txPerBlock: int(0).default(2),
  pingMs: ms.default(1000),
  burstStartMs: ms.default(100),
  /** Expected duplicate fraction of inventory announcements (absent: every peer announces every block). */
  duplicateInventory: z.number().min(0).max(1).optional(),
});

const base = {
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  seed: z.number().int().min(-0x80000000).max(0xffffffff).default(42),
  /** Virtual time to simulate (ms). */
  duration: positive,
  nodes: z.union([populationSchema, z.array(participant).min(1)]),
  topology: topologySchema,
  network: networkSchema.default({
    latency: { dist: "uniform", min: 20, max: 80 },
    loss: 0,
    duplicate: 0,
    links: [],
  }),
  partitions: z.array(partitionSchema).default([]),
  churn: churnSchema.default({ events: [], rates: [] }),
  dishonest: dishonestSchema.optional(),
  needChanges: needChangesSchema.optional(),
  /** Epsilon for "settled" (largest grant or denominator change). */
  epsilon: positive.default(0.001),
};

export const scenarioSchema = z.discriminatedUnion("protocol", [
  z.strictObject({ ...base, protocol: z.literal("v2"), v2: v2Section.default({}) }),
  z.strictObject({ ...base, protocol: z.literal("v1"), v1: v1Section.default({}) }),
  z.strictObject({
    ...base,
    protocol: z.literal("p2p"),
    p2p: p2pSection.default(p2pSection.parse({})),
  }),
  z.strictObject({
    ...base,
    protocol: z.literal("router"),
    router: routerSection.default(routerSection.parse({})),
  }),
]);

export const suiteSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  compare: z.array(scenarioSchema).min(1),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Suite = z.infer<typeof suiteSchema>;
export type SuiteInput = z.input<typeof suiteSchema>;
export type Population = z.infer<typeof populationSchema>;
export type Participant = z.infer<typeof participant>;

export type ScenarioParse =
  | {
      readonly ok: true;
      readonly runs: readonly Scenario[];
      readonly name: string;
      readonly suite: boolean;
    }
  | { readonly ok: false; readonly errors: readonly string[] };

type Issue = z.core.$ZodIssue;
const plainPath = (path: readonly PropertyKey[]) =>
  path.map((p) => (typeof p === "symbol" ? String(p) : p));

/**
 * The issues of a union that failed, from its closest branch: the one whose value had the
 * branch's type (no type mismatch at the branch's root) with the fewest issues. So a node list
 * with a wrong-typed field reports `nodes[0].capacity`, not just `nodes: Invalid input`.
 */
function flatten(i: Issue, prefix: readonly (string | number)[]): string[] {
  const at = [...prefix, ...plainPath(i.path)];
  if (i.code === "invalid_union" && i.errors.length > 0) {
    const fit = (b: readonly Issue[]) =>
      b.some((x) => x.path.length === 0 && x.code === "invalid_type") ? Infinity : b.length;
    const best = [...i.errors].sort((a, b) => fit(a) - fit(b))[0];
    if (best !== undefined && fit(best) !== Infinity) return best.flatMap((x) => flatten(x, at));
  }
  return [`${formatPath(at)}: ${i.message}`];
}

function issues(e: z.ZodError, prefix: (string | number)[] = []): string[] {
  return e.issues.flatMap((i) => flatten(i, prefix));
}

/** Validates a parsed JSON document as a scenario or a suite; errors name the field path. */
export function parseScenarioDocument(doc: unknown, fallbackName: string): ScenarioParse {
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc) && "compare" in doc) {
    const r = suiteSchema.safeParse(doc);
    if (!r.success) return { ok: false, errors: issues(r.error) };
    const problems = r.data.compare.flatMap((s, i) =>
      semanticProblems(s).map((m) => `compare[${i}].${m}`),
    );
    if (problems.length > 0) return { ok: false, errors: problems };
    return { ok: true, runs: r.data.compare, name: r.data.name, suite: true };
  }
  const r = scenarioSchema.safeParse(doc);
  if (!r.success) return { ok: false, errors: issues(r.error) };
  const problems = semanticProblems(r.data);
  if (problems.length > 0) return { ok: false, errors: problems };
  return { ok: true, runs: [r.data], name: r.data.name ?? fallbackName, suite: false };
}

/** Cross-field rules zod cannot state locally. */
export function semanticProblems(s: Scenario): string[] {
  const out: string[] = [];
  const explicit = Array.isArray(s.nodes) ? s.nodes : null;
  const ids = explicit?.map((p) => p.id) ?? [];
  if (explicit !== null) {
    const seen = new Set<string>();
    explicit.forEach((p, i) => {
      if (seen.has(p.id)) out.push(`nodes[${i}].id: duplicate id ${p.id}`);
      seen.add(p.id);
      for (const k of Object.keys(p.recognition))
        if (!ids.includes(k)) out.push(`nodes[${i}].recognition.${k}: not a node`);
      if (Object.prototype.hasOwnProperty.call(p.recognition, p.id))
        out.push(`nodes[${i}].recognition.${p.id}: a node cannot recognise itself`);
    });
  }
  if (s.topology.kind === "explicit") {
    if (explicit === null) out.push("topology: an explicit topology needs an explicit node list");
    s.topology.edges.forEach(([a, b], i) => {
      if (!ids.includes(a)) out.push(`topology.edges[${i}][0]: ${a} is not a node`);
      if (!ids.includes(b)) out.push(`topology.edges[${i}][1]: ${b} is not a node`);
    });
  }
  if (s.topology.kind === "random-regular") {
    const n = explicit?.length ?? (s.nodes as Population).count + (s.protocol === "router" ? 1 : 0);
    if (s.topology.degree >= n)
      out.push(`topology.degree: must be less than the number of nodes (${n})`);
    else if ((n * s.topology.degree) % 2 !== 0)
      out.push(`topology.degree: nodes × degree = ${n * s.topology.degree} must be even`);
  }
  // The same bounds the graph builders enforce (TopologyError), stated before anything runs.
  const nodeCount = explicit?.length ?? (s.nodes as Population).count;
  if (s.topology.kind === "barabasi-albert" && s.topology.m >= nodeCount)
    out.push(`topology.m: must be less than the number of nodes (${nodeCount})`);
  if (s.topology.kind === "watts-strogatz" && s.topology.k >= nodeCount)
    out.push(`topology.k: must be less than the number of nodes (${nodeCount})`);
  if (
    s.topology.kind === "star" &&
    s.topology.center !== undefined &&
    explicit !== null &&
    !ids.includes(s.topology.center)
  )
    out.push(`topology.center: ${s.topology.center} is not a node`);
  if (s.dishonest !== undefined) {
    const k = s.dishonest.strategy.kind;
    if (s.protocol === "router")
      out.push("dishonest: the router scenario has no dishonest strategies");
    if ((s.protocol === "v2" || s.protocol === "v1") && k !== "lie-need" && k !== "noise")
      out.push(
        `dishonest.strategy.kind: ${k} applies to gossiped denominators (p2p); v1/v2 support lie-need and noise`,
      );
    if (s.protocol === "v1" && k === "noise")
      out.push("dishonest.strategy.kind: v1 supports lie-need only");
    for (const [i, n] of (s.dishonest.nodes ?? []).entries())
      if (explicit !== null && !ids.includes(n))
        out.push(`dishonest.nodes[${i}]: ${n} is not a node`);
  }
  s.partitions.forEach((p, i) => {
    if (p.assignment === "explicit")
      (p.explicit ?? []).forEach((g, gi) =>
        g.forEach((n, ni) => {
          if (explicit !== null && !ids.includes(n))
            out.push(`partitions[${i}].explicit[${gi}][${ni}]: ${n} is not a node`);
        }),
      );
  });
  if (s.needChanges !== undefined) {
    if (s.protocol !== "v1" && s.protocol !== "v2")
      out.push("needChanges: need changes apply to V1 and V2 runs only");
    else if (s.needChanges.until > s.duration)
      out.push(`needChanges.until: must be at most the duration (${s.duration})`);
  }
  if (s.protocol === "router" && s.topology.kind !== "star")
    out.push("topology.kind: the router scenario needs a star (peers around the router)");
  return out;
}
