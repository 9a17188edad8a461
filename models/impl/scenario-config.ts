/**
 * Configurations of the models that drive the protocol code: a simulator scenario document
 * (the network, the protocol options, the seed and the duration, read by the same schema as
 * `commons-spec simulate`) plus what only the model needs — the latency bounds it explores, the
 * fault budgets and which of the node's safety checks count as invariants.
 */
import { z } from "zod";
import type { Latency, LiftedNetwork, LiftedNode } from "../../src/engine/checker/machine-model.js";
import {
  parseScenarioDocument,
  type Scenario,
  type ScenarioInput,
} from "../../src/engine/sim/scenario.js";

const ms = z.number().finite().nonnegative();

export const latencySchema = z
  .strictObject({ min: ms, max: ms.nullable() })
  .refine((l) => l.max === null || l.max >= l.min, {
    message: "must be at least min (or null: unbounded)",
    path: ["max"],
  });

export const faultsSchema = z.strictObject({
  /** Drop steps allowed in a behaviour. */
  drops: z.number().int().min(0).max(8),
  /** Duplicate steps allowed in a behaviour. */
  duplicates: z.number().int().min(0).max(8),
});

export interface ScenarioModelConfig<Check extends string> {
  /** A scenario document of `commons-spec simulate`: nodes, options, seed, duration (= horizon). */
  readonly scenario: ScenarioInput;
  /** Delivery delay bounds; absent: those of the scenario's latency distribution. */
  readonly latency?: Latency | undefined;
  readonly faults: z.infer<typeof faultsSchema>;
  /** The node safety checks treated as invariants. */
  readonly checks: readonly Check[];
}

/**
 * The zod schema of a configuration whose scenario must be of `protocol`; `problems` adds the
 * model's own restrictions (what it cannot represent).
 */
export function scenarioConfigSchema<Check extends string>(
  protocol: Scenario["protocol"],
  checkIds: readonly [Check, ...Check[]],
  problems: (s: Scenario) => string[],
): z.ZodType<ScenarioModelConfig<Check>> {
  return z
    .strictObject({
      scenario: z.custom<ScenarioInput>(
        (v) => typeof v === "object" && v !== null && !Array.isArray(v),
        "must be a scenario document (as for commons-spec simulate)",
      ),
      latency: latencySchema.optional(),
      faults: faultsSchema,
      checks: z.array(z.enum(checkIds)).min(1),
    })
    .superRefine((c, ctx) => {
      const r = parseScenarioDocument(c.scenario, "scenario");
      if (!r.ok) {
        for (const e of r.errors) ctx.addIssue({ code: "custom", path: ["scenario"], message: e });
        return;
      }
      const s = r.runs[0];
      if (r.suite || s === undefined) {
        ctx.addIssue({ code: "custom", path: ["scenario"], message: "must be one scenario" });
        return;
      }
      if (s.protocol !== protocol)
        ctx.addIssue({
          code: "custom",
          path: ["scenario", "protocol"],
          message: `must be ${protocol}`,
        });
      const common: string[] = [];
      if (s.partitions.length > 0) common.push("partitions: not modelled (drops are)");
      if (s.churn.events.length + s.churn.rates.length > 0)
        common.push("churn: not modelled (the model has a fixed set of nodes)");
      if (s.dishonest !== undefined) common.push("dishonest: not modelled");
      for (const m of [...common, ...problems(s)]) {
        const [field, ...rest] = m.split(": ");
        ctx.addIssue({
          code: "custom",
          path: ["scenario", ...(field ?? "").split(".")],
          message: rest.join(": "),
        });
      }
    }) as unknown as z.ZodType<ScenarioModelConfig<Check>>;
}

/** The scenario of a configuration (already validated by its schema). */
export function scenarioOf(c: ScenarioModelConfig<string>): Scenario {
  const r = parseScenarioDocument(c.scenario, "scenario");
  if (!r.ok || r.runs[0] === undefined) throw new Error(`invalid scenario: ${JSON.stringify(r)}`);
  return r.runs[0];
}

/** The latency bounds of a scenario's network (its distribution's support). */
export function latencyOf(s: Scenario): Latency {
  if (s.network.links.length > 0) return { min: 0, max: null };
  const l = s.network.latency;
  switch (l.dist) {
    case "constant":
      return { min: l.ms, max: l.ms };
    case "uniform":
      return { min: l.min, max: l.max };
    case "exponential":
    case "lognormal":
      return { min: l.min, max: null };
  }
}

/** The configuration with another run seed (simulator traces record theirs). */
export function withScenarioSeed<C extends ScenarioModelConfig<string>>(c: C, seed: number): C {
  return { ...c, scenario: { ...c.scenario, seed } };
}

/**
 * The network a lifted model explores for configuration `c`: the scenario's nodes (built by
 * `build`, exactly as the simulator builds them), seed, horizon and latency, with the
 * configuration's fault budgets and checks. Throws if the scenario is of another protocol
 * (the configuration schemas reject that first).
 */
export function liftedNetwork<P extends Scenario["protocol"], S>(
  c: ScenarioModelConfig<string>,
  model: string,
  protocol: P,
  build: (s: Extract<Scenario, { protocol: P }>) => {
    readonly nodes: LiftedNode<S>[];
    readonly neighbours?: Readonly<Record<string, readonly string[]>>;
  },
): LiftedNetwork<S> {
  const s = scenarioOf(c);
  if (s.protocol !== protocol) throw new Error(`${model} needs a ${protocol} scenario`);
  const { nodes, neighbours } = build(s as Extract<Scenario, { protocol: P }>);
  return {
    seed: s.seed,
    horizon: s.duration,
    nodes,
    ...(neighbours !== undefined ? { neighbours } : {}),
    latency: c.latency ?? latencyOf(s),
    maxDrops: c.faults.drops,
    maxDuplicates: c.faults.duplicates,
    checks: c.checks,
  };
}
