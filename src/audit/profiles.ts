/**
 * Audit profiles: how many seeds each simulation runs over, how many cases each property
 * generates, and which evidence a profile leaves out because of its cost. The costs are
 * estimates measured on the project's reference machine (a 2-core shared VM loaded by other
 * jobs, load average ≈ 12, 2026-12-06): seconds per seed of each built-in scenario, seconds per
 * model configuration from its recorded state count. They are used only to plan and to say what
 * a skipped item would cost; nothing in the ledger depends on the clock.
 */
import type { AUDIT_PROFILES } from "./claims.js";

export type AuditProfileName = (typeof AUDIT_PROFILES)[number];

export interface AuditProfile {
  readonly name: AuditProfileName;
  /** Seeds per simulation (at least 5). */
  readonly seeds: number;
  /** Multiplier of every property's default number of cases (as `check --runs-factor`). */
  readonly runsFactor: number;
  /** Scenarios costing more than this per seed (estimated seconds) are left to a larger profile. */
  readonly maxSecondsPerSeed: number;
  /** Whether model configurations marked slow run. */
  readonly slowModels: boolean;
  /** The quiet margin a converged run must end with, as a fraction of its horizon. */
  readonly quietFraction: number;
  /** Stated wall-clock target. */
  readonly target: string;
}

export const PROFILES: Readonly<Record<AuditProfileName, AuditProfile>> = {
  quick: {
    name: "quick",
    seeds: 5,
    runsFactor: 1,
    maxSecondsPerSeed: 20,
    slowModels: false,
    quietFraction: 0.1,
    target: "under 5 minutes on 2 cores",
  },
  standard: {
    name: "standard",
    seeds: 8,
    runsFactor: 1,
    maxSecondsPerSeed: 150,
    slowModels: true,
    quietFraction: 0.1,
    target: "under 30 minutes on 2 cores",
  },
  full: {
    name: "full",
    seeds: 20,
    runsFactor: 5,
    maxSecondsPerSeed: Number.POSITIVE_INFINITY,
    slowModels: true,
    quietFraction: 0.1,
    target: "as long as it needs",
  },
};

/** The smallest number of seeds a simulation figure may rest on. */
export const MIN_SEEDS = 5;

/**
 * Estimated seconds per seed of each built-in scenario (all runs of a suite), measured as above,
 * and of the variants evidence runs (`name@variant{set}`, src/audit/runners.ts simulationKey).
 * A scenario not listed is assumed cheap (1 s).
 */
export const SCENARIO_SECONDS_PER_SEED: Readonly<Record<string, number>> = {
  "seed-000-worked-example": 0.05,
  "seed-000-corrected": 0.05,
  "p2p-small": 0.05,
  "v1-small": 0.05,
  "v2-small": 0.05,
  "v2-100": 15,
  "partition-heal": 28,
  "dishonest-20": 0.8,
  "router-burst": 0.5,
  "router-burst-lanes": 0.3,
  "v1-vs-v2-100": 110,
  // bench/RESULTS.md: 87 s for 5 s of virtual time at 10 000 nodes; the scenario runs longer.
  "v2-10000": 600,
  // The documents' variants (src/audit/variants.ts), keyed as the runner keys them: λ = 1 keeps
  // V2 publishing until the horizon (27.6 s of wall time for seed 1 at load ≈ 16).
  "v2-100@documents": 30,
  'v1-vs-v2-100{"nodes.count":10}': 6,
  'v1-vs-v2-100@documents{"nodes.count":10}': 4,
  // V1 alone, all-to-all at 100 participants (9 900 round-states, as many commitments and the
  // results per round): ≈ 6–7 s of CPU per round (21.3 s for 3 rounds, seed 1, load ≈ 17,
  // 2026-12-07); 30 rounds ≈ 200 s (the suite's 120 rounds would be ≈ 800 s).
  'v1-vs-v2-100@documents{"duration":270000}[v1-100]': 22,
  'v1-vs-v2-100@documents{"duration":2700000}[v1-100]': 200,
};

export function scenarioSecondsPerSeed(name: string): number {
  return SCENARIO_SECONDS_PER_SEED[name] ?? 1;
}

/** The smallest profile whose per-seed limit admits `name`. */
export function profileFor(name: string): AuditProfileName {
  const cost = scenarioSecondsPerSeed(name);
  for (const p of ["quick", "standard", "full"] as const)
    if (cost <= PROFILES[p].maxSecondsPerSeed) return p;
  return "full";
}

/**
 * Distinct states checked per second, single thread, on the reference machine under load (the
 * slowest models: P2PDenominator/corrected-2000 took 11 s for 22 798 states).
 */
export const MODEL_STATES_PER_SECOND = 2_000;

/** Estimated seconds of one model configuration from its recorded state count. */
export function modelSeconds(distinctStates: number | undefined): number {
  return Math.max(0.05, (distinctStates ?? 100_000) / MODEL_STATES_PER_SECOND);
}
