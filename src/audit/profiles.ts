/**
 * Audit profiles: how many seeds each simulation runs over, how many cases each property
 * generates, and which evidence a profile leaves out because of its cost. The costs are
 * estimates measured on the project's reference machine (a 2-core shared VM loaded by other
 * jobs): seconds per seed of each built-in scenario, seconds per model configuration from its
 * recorded state count. Those marked CPU are seconds of CPU (what a run takes on an idle core);
 * the older scenario figures were wall time at load ≈ 12–16 (2026-12-06) and overstate the CPU
 * (bench/RESULTS.md, 2026-12-07 session 3). They are used only to plan and to say what a
 * skipped item would cost; nothing in the ledger depends on the clock.
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
  // Wall time at load ≈ 12–16 (2026-12-06). Seed 1's CPU, 2026-12-07: v1-vs-v2-100 34.6 s,
  // partition-heal 13.4 s, the documents' v2-100 10.0 s (2–3 times less). Kept as they are
  // because the profile limits below were set against these figures: changing the unit would
  // move scenarios between profiles.
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
  // Need changes (S2-1, S3-1, S2-8), seed 1, 2026-12-07 at load ≈ 11–12, CPU (wall): V1 at 100
  // over 900 s 2.3 s (7.8 s); both at 10 over 900 s 4.1 s (23.6 s); V2 at 100 over 300 s
  // 14.6 s (≈ 40 s). Listed at about 3 × CPU, the scale of the figures above.
  'v1-vs-v2-100{"duration":900000,"needChanges.perMinute":12,"needChanges.from":180000,"needChanges.until":720000}[v1-100]': 7,
  'v1-vs-v2-100{"nodes.count":10,"duration":900000,"needChanges.perMinute":12,"needChanges.from":180000,"needChanges.until":720000}': 12,
  'v1-vs-v2-100{"duration":300000,"needChanges.perMinute":12,"needChanges.from":150000,"needChanges.until":290000}[v2-100 (same graph)]': 45,
  // The documents' protocols at 10 with need changes: 3.7 s of CPU (20.9 s of wall), seed 1.
  'v1-vs-v2-100@documents{"nodes.count":10,"duration":900000,"needChanges.perMinute":12,"needChanges.from":180000,"needChanges.until":720000}': 12,
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
 * Distinct states checked per second of CPU, single thread. Measured 2026-12-07 on the one
 * configuration a profile leaves out (SlotAllocation/naive-large: 434 230 states in 15.5 s of
 * CPU, 69 s of wall at load ≈ 12, i.e. ≈ 28 000 states per CPU second); the earlier 2 000 was
 * wall time under load (P2PDenominator/corrected-2000: 11 s for 22 798 states) and overstated
 * naive-large's cost 14-fold. Models differ in their cost per state, so this is rounded down.
 */
export const MODEL_STATES_PER_SECOND = 20_000;

/** Estimated seconds of one model configuration from its recorded state count. */
export function modelSeconds(distinctStates: number | undefined): number {
  return Math.max(0.05, (distinctStates ?? 100_000) / MODEL_STATES_PER_SECOND);
}
