/**
 * Audit profiles: how many seeds each simulation runs over, how many cases each property
 * generates, and which evidence a profile leaves out because of its cost. Every cost is an
 * estimate in **seconds of CPU** (what a run takes on an idle core of the project's reference
 * machine, a 2-core VM): per seed of each built-in scenario, per model configuration from its
 * recorded state count (bench/RESULTS.md, 2026-12-07 session 5, has the measurements). Under
 * load a second of CPU takes longer on the clock; the estimates are used only to plan and to
 * say what a skipped item would cost, and nothing in the ledger depends on the clock.
 */
import type { AUDIT_PROFILES } from "./claims.js";

export type AuditProfileName = (typeof AUDIT_PROFILES)[number];

export interface AuditProfile {
  readonly name: AuditProfileName;
  /** Seeds per simulation (at least 5). */
  readonly seeds: number;
  /** Multiplier of every property's default number of cases (as `check --runs-factor`). */
  readonly runsFactor: number;
  /** Scenarios costing more than this per seed (estimated CPU seconds) are left to a larger profile. */
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
    maxSecondsPerSeed: 8,
    slowModels: false,
    quietFraction: 0.1,
    target: "under 5 minutes on 2 cores",
  },
  standard: {
    name: "standard",
    seeds: 8,
    runsFactor: 1,
    maxSecondsPerSeed: 100,
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
  // `simulate NAME --seed 1`, user + system CPU of the process less ≈ 0.8 s of CLI start
  // (p2p-small's whole run), 2026-12-07 session 5: v2-100 7.4 s, partition-heal 11.0 s,
  // v1-vs-v2-100 28.0 s, v2-10000 119.4 s (peak RSS 745 MiB), dishonest-20 1.4 s,
  // router-burst 1.1 s, router-burst-lanes 1.1 s.
  "v2-100": 7,
  "partition-heal": 11,
  "dishonest-20": 0.7,
  "router-burst": 0.3,
  "router-burst-lanes": 0.3,
  "v1-vs-v2-100": 28,
  "v2-10000": 120,
  // The documents' variants (src/audit/variants.ts), keyed as the runner keys them; CPU of one
  // seed through the runner, 2026-12-07 session 4. λ = 1 keeps V2 publishing until the horizon.
  "v2-100@documents": 10,
  'v1-vs-v2-100{"nodes.count":10}': 2.1,
  'v1-vs-v2-100@documents{"nodes.count":10}': 1.5,
  // V1 alone, all-to-all at 100 participants (9 900 round-states, as many commitments and the
  // results per round): ≈ 6–7 s of CPU per round (21.3 s for 3 rounds, seed 1, 2026-12-07);
  // 30 rounds ≈ 200 s (the suite's 120 rounds would be ≈ 800 s).
  'v1-vs-v2-100@documents{"duration":270000}[v1-100]': 22,
  'v1-vs-v2-100@documents{"duration":2700000}[v1-100]': 200,
  // Seed 004's router claims S4-1, S4-4, S4-10, S4-13 (router-burst resized through `set`):
  // 0.01–0.12 s of CPU per seed each, 6.4 s for all 21 × 5 runs (seeds 1–5, load ≈ 13,
  // 2026-12-07 session 5); rounded up to 0.2.
  'router-burst{"nodes.count":10,"router.blocks":250}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":250,"router.subscribers.0.perTick":15}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":250,"router.subscribers.0.perTick":10}': 0.2,
  'router-burst{"nodes.count":10,"duration":1500,"router.tickMs":1,"router.subscribers.0.perTick":4,"network.latency.min":0,"network.latency.max":0,"router.blocks":37,"router.blockIntervalMs":35}': 0.2,
  'router-burst{"nodes.count":10,"duration":1500,"router.tickMs":1,"router.subscribers.0.perTick":4,"network.latency.min":0,"network.latency.max":0,"router.blocks":185,"router.blockIntervalMs":7}': 0.2,
  'router-burst{"nodes.count":10,"duration":1500,"router.tickMs":1,"router.subscribers.0.perTick":4,"network.latency.min":0,"network.latency.max":0,"router.blocks":333,"router.blockIntervalMs":3.9}': 0.2,
  'router-burst{"nodes.count":10,"duration":1500,"router.tickMs":1,"router.subscribers.0.perTick":4,"network.latency.min":0,"network.latency.max":0,"router.blocks":433,"router.blockIntervalMs":3}': 0.2,
  'router-burst{"nodes.count":10,"duration":1500,"router.blocks":37,"router.blockIntervalMs":35,"network.latency.min":0,"network.latency.max":0}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":100,"router.dedup":"drop","router.duplicateInventory":0.1}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":100,"router.dedup":"drop","router.duplicateInventory":0.2}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":100,"router.dedup":"drop","router.duplicateInventory":0.3}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":100,"router.dedup":"drop","router.duplicateInventory":0.4}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":100,"router.dedup":"drop","router.duplicateInventory":0.5}': 0.2,
  'router-burst{"nodes.count":10,"router.blocks":100,"router.dedup":"drop","router.duplicateInventory":0.6}': 0.2,
  'router-burst{"router.capacity":1024}': 0.2,
  'router-burst{"router.capacity":4096}': 0.2,
  'router-burst{"router.capacity":8192}': 0.2,
  'router-burst{"router.capacity":16384}': 0.2,
  'router-burst{"router.subscribers.0.perTick":20}': 0.2,
  'router-burst{"router.capacity":4096,"router.subscribers.0.perTick":20}': 0.2,
  'router-burst{"router.capacity":8192,"router.subscribers.0.perTick":20}': 0.2,
  // Need changes (S2-1, S3-1, S2-8), seed 1, 2026-12-07 at load ≈ 11–12, CPU (wall): V1 at 100
  // over 900 s 2.3 s (7.8 s); both at 10 over 900 s 4.1 s (23.6 s); V2 at 100 over 300 s
  // 14.6 s (≈ 40 s).
  'v1-vs-v2-100{"duration":900000,"needChanges.perMinute":12,"needChanges.from":180000,"needChanges.until":720000}[v1-100]': 2.3,
  'v1-vs-v2-100{"nodes.count":10,"duration":900000,"needChanges.perMinute":12,"needChanges.from":180000,"needChanges.until":720000}': 4.1,
  'v1-vs-v2-100{"duration":300000,"needChanges.perMinute":12,"needChanges.from":150000,"needChanges.until":290000}[v2-100 (same graph)]': 15,
  // The documents' protocols at 10 with need changes: 3.7 s of CPU (20.9 s of wall), seed 1.
  'v1-vs-v2-100@documents{"nodes.count":10,"duration":900000,"needChanges.perMinute":12,"needChanges.from":180000,"needChanges.until":720000}': 3.7,
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
 * Seconds of CPU per seed of the ITC turnover experiment (src/audit/itc-turnover.ts, both ways of
 * leaving at the settings of src/audit/runners.ts turnoverOptions): 6.05 s for 5 seeds at load
 * ≈ 14, 2026-12-07 (bench/RESULTS.md, session 5). Used for the cost of a skipped run.
 */
export const ITC_TURNOVER_SECONDS_PER_SEED = 1.2;

/**
 * Seconds of CPU per seed of the scaling sweeps (src/audit/scaling-experiments.ts) in each
 * profile, keyed by the sweep (`v2-scaling` is shared by S3-25 and S2-14; `v1-scaling` and
 * `v1-convergence` are S2-19's two parts). Measured 2026-12-07 session 6 at load ≈ 10–15
 * (bench/RESULTS.md): quick V2 at n = 10, 20, 40 over 60 s 8.5 s for 5 seeds; standard V2 at
 * 10, 30, 100, 300 over 120 s 239 s for 8 seeds; quick all-to-all V1 at 10, 20, 40 over 5 rounds
 * 5.5 s for 5 seeds; quick neighbour-gossip V1 at 10, 30 over 60 rounds 4.3 s for 5 seeds;
 * standard all-to-all V1 at 10…80 98.8 s for 8 seeds; standard neighbour-gossip V1 at 10…300
 * 631 s for 8 seeds (79 s a seed, most of it n = 300). The full figures are extrapolated (V2 and
 * gossip V1 at 1 000, all-to-all V1 at 160: per-run cost ≈ n^1.2–n³ from the measured sizes).
 */
export const SCALING_SECONDS_PER_SEED: Readonly<
  Record<string, Readonly<Record<AuditProfileName, number>>>
> = {
  "v2-scaling": { quick: 1.7, standard: 30, full: 150 },
  "v1-scaling": { quick: 1.1, standard: 12, full: 90 },
  "v1-convergence": { quick: 0.9, standard: 80, full: 350 },
};

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

/**
 * Runs per point of the per-round speed experiments (S0-18, S0-19; src/audit/per-round-speed.ts):
 * none in the quick profile (listed as not run with their cost), 20 in the standard one, 40 in
 * the full one. At 10 runs the smallest effect (S0-19's degree factor, ≈ 4 rounds) was beyond
 * its intervals at master seed 1 but not at 2 or 4; at 20 it is at seeds 1–6 (bench/RESULTS.md).
 */
export const PER_ROUND_RUNS: Readonly<Record<AuditProfileName, number>> = {
  quick: 0,
  standard: 20,
  full: 40,
};

/**
 * Seconds of CPU per run index of the law experiment (all 15 points: ring, grid and random
 * 4-regular at n = 10, 30, 100, 300, 1 000, diameters included): 20.5 s for 10 runs, 6.9 s for
 * 3, 2026-12-07 session 6 (bench/RESULTS.md).
 */
export const PER_ROUND_LAW_SECONDS_PER_RUN = 2.1;

/**
 * Seconds of CPU per run of one factor value (100 recipients, 100 rounds): all nine factors × 3
 * values × 10 runs took 9.2 s, 2026-12-07 session 6 (≈ 0.034 s a run), rounded up.
 */
export const PER_ROUND_FACTOR_SECONDS_PER_RUN = 0.04;

/**
 * Seconds of CPU per seed of the P2P failure-tolerance experiment (S0-20;
 * src/audit/failure-tolerance.ts: three 40-node runs of 20 s virtual per seed): 1.05 s for 10
 * seeds, 2026-12-07 session 6 (bench/RESULTS.md), rounded up. The quick profile leaves it out
 * (its decision wants at least the standard profile's 8 seeds).
 */
export const TOLERANCE_SECONDS_PER_SEED = 0.15;

/**
 * Seconds of CPU per seed of the P2P experiment at scale (S0-37; `measureScaling`: a crash and a
 * join run at n = 100 and at n = 1 000, 20 s virtual each): 212 s of user CPU for the standard
 * audit of S0-37 (8 seeds), 2026-12-07 session 6 at load 2.5–9 (bench/RESULTS.md), rounded up;
 * n = 1 000 is almost all of it (the survivors' reference over ≈ 700 recipients). n = 10 000 is
 * not run (the reference's cost grows faster than n²).
 */
export const SCALE_TOLERANCE_SECONDS_PER_SEED = 28;
