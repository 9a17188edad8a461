/**
 * The golden-trace cases (issue 12): every built-in scenario — suites run by run — at its seed,
 * with the duration capped so the whole set stays cheap, plus feature cases the built-ins do
 * not reach (churn with joins, leaves and crashes; a partition that heals; dishonest V2 and V1
 * nodes; a recognition topology). For each case: SHA-256 of the ITF trace text exactly as
 * `simulate --out` writes it, of the JSON report exactly as `simulate --json` prints it, and of
 * every step's effects (the messages sent, timers, logs) in canonical JSON.
 *
 * `GOLDEN_FULL=1` also runs every built-in at its full duration (the `full:` cases; minutes).
 */
import { createHash } from "node:crypto";
import { BUILTIN_SCENARIOS } from "../../../src/engine/sim/builtins.js";
import { runScenario } from "../../../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../../../src/engine/sim/scenario.js";
import { churnEvents, faultyNetwork, p2pDoc, scenario, v1Doc, v2Doc } from "./helpers.js";

export interface GoldenCase {
  readonly name: string;
  readonly scenario: Scenario;
  /** Only with GOLDEN_FULL=1. */
  readonly full: boolean;
}

export interface GoldenDigest {
  readonly trace: string;
  readonly report: string;
  readonly effects: string;
  readonly states: number;
  readonly events: number;
  readonly sent: number;
}

/** Virtual-time cap of the quick cases, by protocol size. */
const CAP_MS = 12_000;
const CAP_MS_10K = 400;

function builtinRuns(): { name: string; run: Scenario }[] {
  const out: { name: string; run: Scenario }[] = [];
  for (const b of BUILTIN_SCENARIOS) {
    const p = parseScenarioDocument(b.document, b.name);
    if (!p.ok) throw new Error(`${b.name}: ${p.errors.join("; ")}`);
    p.runs.forEach((r, i) => out.push({ name: p.suite ? `${b.name}[${i}]` : b.name, run: r }));
  }
  return out;
}

const churn = {
  churn: {
    events: churnEvents,
    rates: [{ kind: "join", perMinute: 20, from: 5_000, until: 12_000 }],
  },
};
const faults = {
  network: faultyNetwork,
  partitions: [{ at: 2_000, heal: 7_000, groups: 3, assignment: "random" }],
};

export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const { name, run } of builtinRuns()) {
    const cap =
      run.protocol !== "router" && !Array.isArray(run.nodes) && run.nodes.count >= 5_000
        ? CAP_MS_10K
        : CAP_MS;
    cases.push({ name, scenario: { ...run, duration: Math.min(run.duration, cap) }, full: false });
    // The 10⁴-node built-in at full length records millions of states: not a golden case.
    if (cap !== CAP_MS_10K) cases.push({ name: `full:${name}`, scenario: run, full: true });
  }
  const extra: [string, Record<string, unknown>][] = [
    ["v2-churn-faults", v2Doc({ ...churn, ...faults, duration: 15_000 })],
    [
      "v2-dishonest-noise",
      v2Doc({ dishonest: { fraction: 0.3, strategy: { kind: "noise", sigma: 1 } } }),
    ],
    ["v2-seed-rules", v2Doc({ v2: { staleRule: "seed-migration", damping: true, relaxation: 1 } })],
    ["v1-churn-faults", v1Doc({ ...churn, ...faults, duration: 30_000 })],
    [
      "v1-lie-need",
      v1Doc({ dishonest: { fraction: 0.3, strategy: { kind: "lie-need", factor: 3 } } }),
    ],
    ["p2p-churn-faults", p2pDoc({ ...churn, ...faults, duration: 15_000 })],
    [
      "v2-recognition-topology",
      v2Doc({
        nodes: { count: 40, providerFraction: 0.4, bothFraction: 0.3, startJitterMs: 300 },
        topology: { kind: "recognition", perNode: 4, reciprocity: 0.6 },
      }),
    ],
  ];
  for (const [name, doc] of extra) cases.push({ name, scenario: scenario(doc), full: false });
  return cases;
}

/** Keys sorted at every level, so the digest does not depend on property insertion order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === null || typeof x !== "object" || Array.isArray(x)) return x;
    const o = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) out[k] = o[k];
    return out;
  });
}

export function digest(s: Scenario): GoldenDigest {
  const effects = createHash("sha256");
  const out = runScenario(s, {
    traceStates: 50_000_000,
    onStep: (r) => {
      effects.update(`${r.time} ${r.node} ${canonical(r.input)} ${canonical(r.effects)}\n`);
    },
  });
  const traceText = `${JSON.stringify(out.trace)}\n`;
  const reportText = `${JSON.stringify(out.report, null, 2)}\n`;
  const sha = (t: string) => createHash("sha256").update(t).digest("hex");
  return {
    trace: sha(traceText),
    report: sha(reportText),
    effects: effects.digest("hex"),
    states: out.trace?.states.length ?? 0,
    events: out.report.events,
    sent: out.report.messages.sent,
  };
}
