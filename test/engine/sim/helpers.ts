import { runScenario, type RunOutput, type RunOptions } from "../../../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../../../src/engine/sim/scenario.js";

export function scenario(doc: Record<string, unknown>): Scenario {
  const p = parseScenarioDocument(doc, "test");
  if (!p.ok) throw new Error(p.errors.join("\n"));
  return p.runs[0] as Scenario;
}

export function run(doc: Record<string, unknown>, opts: RunOptions = {}): RunOutput {
  return runScenario(scenario(doc), opts);
}

export const v2Doc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  protocol: "v2",
  seed: 3,
  duration: 20_000,
  nodes: { count: 30, providerFraction: 0.3, startJitterMs: 500 },
  topology: { kind: "random-regular", degree: 4 },
  network: { latency: { dist: "uniform", min: 10, max: 60 } },
  ...over,
});

export const p2pDoc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  protocol: "p2p",
  seed: 3,
  duration: 20_000,
  nodes: { count: 40, providerFraction: 0.3 },
  topology: { kind: "random-regular", degree: 4 },
  network: { latency: { dist: "uniform", min: 10, max: 60 } },
  p2p: { provider: "corrected" },
  ...over,
});

export const v1Doc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  protocol: "v1",
  seed: 3,
  duration: 20 * 5_000,
  nodes: { count: 20, providerFraction: 0.3, startJitterMs: 500 },
  topology: { kind: "random-regular", degree: 4 },
  network: { latency: { dist: "uniform", min: 10, max: 60 } },
  v1: { roundMs: 5_000 },
  ...over,
});

/** Scheduled churn shared by the golden cases and the in-place test: joins, leaves, crashes. */
export const churnEvents = [
  { kind: "join", at: 1_500, count: 3 },
  { kind: "leave", at: 3_000, count: 2 },
  { kind: "crash", at: 4_000, count: 2 },
];

/** A lossy network that duplicates messages, with exponential latency. */
export const faultyNetwork = {
  latency: { dist: "exponential", mean: 80, min: 1 },
  loss: 0.05,
  duplicate: 0.1,
};
