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
