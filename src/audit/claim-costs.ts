/**
 * What each claim costs to audit, and how the claims are split into parts that cost about the
 * same (`--shard i/n`, `--jobs n`).
 *
 * Costs are seconds of CPU (user + system) per claim measured in the quick and standard profiles
 * (`claimCpuMilliseconds` of an audit's manifest.json; bench/RESULTS.md, issue 10, session 8). A
 * claim that shares work with an earlier one (a simulation, a sweep) is measured at almost
 * nothing: the work is charged to the first claim that ran it. The split keeps such claims in one
 * part (`workGroups`), so that no part runs the same work twice.
 *
 * The full profile is scaled from the standard figures by what differs between them (seeds per
 * simulation, property cases, sweep sizes): a plan, not a measurement.
 */
import type { Claim, Evidence } from "./claims.js";
import { SCALING_TOLERANCE_HEADINGS, TOLERANCE_HEADINGS } from "./failure-tolerance.js";
import { factorHeading, LAW_HEADING, SPEED_FACTORS } from "./per-round-speed.js";
import {
  PER_ROUND_RUNS,
  PROFILES,
  SCALING_SECONDS_PER_SEED,
  scenarioSecondsPerSeed,
  type AuditProfileName,
} from "./profiles.js";
import { SCALING_HEADINGS, simulationKey, workKey } from "./runners.js";
import { sweepWork } from "./scaling-experiments.js";
import { claimUnits } from "./claim-units.js";

/**
 * Seconds of CPU per claim, standard profile, master seed 1, 8 seeds: measured 2026-12-07
 * (session 8) by `node bin/commons-spec.js audit --profile standard --jobs 2 --out
 * /tmp/std8/out` (main at 396c5d5, 1 165 s of wall, load 1.3–2.8), its manifest's
 * `claimCpuMilliseconds` rounded (one decimal under 10 s, whole seconds above). 1 479 s in all;
 * the 86 claims not listed measured under 0.3 s (3.0 s together) and are charged
 * `CHEAP_CLAIM_SECONDS`.
 */
export const STANDARD_CLAIM_SECONDS: Readonly<Record<string, number>> = {
  "S0-1": 3.5,
  "S0-2": 1.1,
  "S0-6": 4.6,
  "S0-16": 7.4,
  "S0-17": 13,
  "S0-18": 26,
  "S0-19": 11,
  "S0-20": 0.4,
  "S0-26": 8.3,
  "S0-33": 0.5,
  "S0-37": 225,
  "S1-2": 1.5,
  "S1-3": 0.4,
  "S1-7": 0.5,
  "S1-8": 0.3,
  "S1-10": 7.7,
  "S1-14": 6.0,
  "S2-1": 57,
  "S2-4": 24,
  "S2-7": 4.1,
  "S2-8": 26,
  "S2-9": 117,
  "S2-10": 27,
  "S2-11": 85,
  "S2-14": 159,
  "S2-16": 30,
  "S2-19": 621,
  "S3-6": 0.4,
  "S3-7": 0.5,
  "S3-16": 1.5,
  "S3-18": 0.3,
  "S3-20": 0.7,
  "S3-22": 0.5,
  "S3-24": 0.4,
  "S4-1": 0.7,
  "S4-4": 1.0,
  "S4-10": 1.1,
  "S4-13": 1.6,
};

/**
 * Seconds of CPU per claim, quick profile, master seed 1, 5 seeds: measured 2026-12-07 (session
 * 8) by `nice -n 10 node bin/commons-spec.js audit --profile quick --jobs 1 --out /tmp/aud-q`
 * (branch w-aud, 88 s of wall, load 0.5–1.7), rounded as above. 102.6 s in all; the 99 claims not
 * listed measured under 0.3 s (3.0 s together).
 */
export const QUICK_CLAIM_SECONDS: Readonly<Record<string, number>> = {
  "S0-1": 2.8,
  "S0-2": 1.0,
  "S0-6": 6.8,
  "S0-16": 2.7,
  "S0-17": 20,
  "S0-26": 1.6,
  "S0-33": 0.5,
  "S1-2": 1.7,
  "S1-10": 0.8,
  "S1-14": 1.3,
  "S2-1": 13,
  "S2-4": 12,
  "S2-7": 2.8,
  "S2-8": 13,
  "S2-9": 4.0,
  "S2-14": 4.9,
  "S2-19": 5.7,
  "S3-7": 0.5,
  "S3-16": 1.4,
  "S3-18": 0.3,
  "S3-22": 0.4,
  "S4-1": 0.5,
  "S4-4": 0.6,
  "S4-10": 0.6,
  "S4-13": 1.1,
};

/** The measured tables, per profile (the full profile is scaled from the standard one). */
const MEASURED: Partial<Record<AuditProfileName, Readonly<Record<string, number>>>> = {
  quick: QUICK_CLAIM_SECONDS,
  standard: STANDARD_CLAIM_SECONDS,
};

/** The charge of a claim that is not in a table (the unlisted claims measured 0.03 s on average). */
export const CHEAP_CLAIM_SECONDS = 0.05;

/**
 * What one evidence item's cost becomes in a profile: a factor on the measured standard cost, and
 * work the standard profile does not run at all (seconds).
 */
function itemScale(
  e: Evidence,
  profile: AuditProfileName,
  pays: boolean,
): { factor: number; extra: number } {
  const p = PROFILES[profile];
  const s = PROFILES.standard;
  const seeds = p.seeds / s.seeds;
  switch (e.kind) {
    case "scenario": {
      const per = scenarioSecondsPerSeed(simulationKey(e));
      const runsHere = per <= p.maxSecondsPerSeed;
      // Not run in the standard profile: not in the measured figure, added at its estimate (by
      // the first claim that cites it: the work is done once).
      if (per > s.maxSecondsPerSeed)
        return { factor: 0, extra: runsHere && pays ? per * p.seeds : 0 };
      return { factor: runsHere ? seeds : 0, extra: 0 };
    }
    case "results": {
      const h = e.heading;
      const experiment = SCALING_HEADINGS[h];
      if (experiment !== undefined) {
        const per = SCALING_SECONDS_PER_SEED[sweepWork(experiment)];
        return {
          factor: per === undefined ? seeds : (per[profile] / per.standard) * seeds,
          extra: 0,
        };
      }
      if (h === LAW_HEADING || SPEED_FACTORS.some((f) => factorHeading(f) === h))
        return { factor: PER_ROUND_RUNS[profile] / PER_ROUND_RUNS.standard, extra: 0 };
      const standardOnly = (
        [
          ...Object.values(TOLERANCE_HEADINGS),
          ...Object.values(SCALING_TOLERANCE_HEADINGS),
        ] as string[]
      ).includes(h);
      // A recorded benchmark is not run by the audit.
      if (!standardOnly && workKey(e) === undefined) return { factor: 0, extra: 0 };
      return { factor: standardOnly && profile === "quick" ? 0 : seeds, extra: 0 };
    }
    case "invariant":
      return { factor: p.runsFactor / s.runsFactor, extra: 0 };
    default:
      return { factor: 1, extra: 0 };
  }
}

/**
 * Estimated seconds of CPU of one claim in a profile: its measured cost in a measured profile
 * (quick, standard); otherwise its measured standard cost times a factor from its items (simulations scale with the seeds and a sweep's per-seed cost, the per-round
 * experiments with their runs, properties with their cases; what a profile leaves out counts 0),
 * plus what the standard profile did not run and this one does. An item's share of its claim's
 * cost is not known: a larger profile takes the largest factor, the quick one the smallest (its
 * claims' costly items are mostly the ones it leaves out). A plan, not a measurement.
 */
export function claimSeconds(
  c: Claim,
  profile: AuditProfileName,
  /** For each costly work, the claim that pays for it (`payers`); default: this one. */
  payer?: ReadonlyMap<string, string>,
): number {
  const measured = MEASURED[profile];
  if (measured !== undefined) return measured[c.id] ?? CHEAP_CLAIM_SECONDS;
  const base = STANDARD_CLAIM_SECONDS[c.id] ?? CHEAP_CLAIM_SECONDS;
  const factors: number[] = [];
  let extra = 0;
  for (const e of c.evidence) {
    const w = workKey(e);
    const x = itemScale(
      e,
      profile,
      w === undefined || payer === undefined || payer.get(w) === c.id,
    );
    factors.push(x.factor);
    extra += x.extra;
  }
  const factor =
    factors.length === 0 ? 1 : profile === "quick" ? Math.min(...factors) : Math.max(...factors);
  return Math.max(base * factor, profile === "quick" ? 0 : CHEAP_CLAIM_SECONDS) + extra;
}

/** For each costly work (`workKey`), the first claim in `claims` that runs it. */
export function payers(claims: readonly Claim[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of claims)
    for (const e of c.evidence) {
      const w = workKey(e);
      if (w !== undefined && !m.has(w)) m.set(w, c.id);
    }
  return m;
}

/**
 * The claims that must run in one process because they share work (`workOf` gives each evidence
 * item's work), as lists of ids in catalogue order, groups ordered by their first claim.
 */
export function workGroups(
  claims: readonly Claim[],
  workOf: (e: Evidence) => string | undefined,
): string[][] {
  const parent = claims.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  const owner = new Map<string, number>();
  claims.forEach((c, i) => {
    for (const e of c.evidence) {
      const w = workOf(e);
      if (w === undefined) continue;
      const j = owner.get(w);
      if (j === undefined) owner.set(w, i);
      else {
        const a = find(i);
        const b = find(j);
        // The smaller index is the root: a group is named by its first claim.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, string[]>();
  claims.forEach((c, i) => {
    const r = find(i);
    const g = groups.get(r) ?? [];
    g.push(c.id);
    groups.set(r, g);
  });
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
}

/** A part of a plan: the claims it runs whole, the units of split claims it runs, its planned CPU. */
export interface PlannedPart {
  readonly ids: string[];
  /** Units of claims split below the claim (`claimUnits`), by id, in their claims' sweep order. */
  readonly units: string[];
  readonly seconds: number;
}

/**
 * Splits `claims` into `count` parts of about equal estimated cost: groups that share work stay
 * together, the most expensive group goes first to the cheapest part (ties: the lower part
 * number). Deterministic; every claim is in exactly one part; each part lists its ids in
 * catalogue order. Parts may be empty when there are fewer groups than parts.
 *
 * With `split` (and more than one part), a claim that is a group of its own, costs more than a
 * part's even share (total / count) and splits by seed (`claimUnits`, `split.seeds` seeds per
 * simulation) is planned as its units instead, each charged its share of the claim's planned CPU: such a claim is in no part's `ids`, its units are
 * spread over the parts, and the merge decides it.
 */
export function planShards(
  claims: readonly Claim[],
  count: number,
  profile: AuditProfileName,
  workOf: (e: Evidence) => string | undefined,
  split?: { readonly seeds: number },
): PlannedPart[] {
  const byId = new Map(claims.map((c, i) => [c.id, { c, i }] as const));
  const pay = payers(claims);
  const cost = (ids: readonly string[]) =>
    ids.reduce((s, id) => s + claimSeconds((byId.get(id) as { c: Claim }).c, profile, pay), 0);
  const items: { ids: string[]; unit?: string; seconds: number }[] = [];
  const groups = workGroups(claims, workOf).map((ids) => ({ ids, seconds: cost(ids) }));
  const share = groups.reduce((s, g) => s + g.seconds, 0) / count;
  for (const { ids, seconds: whole } of groups) {
    const one = ids.length === 1 ? byId.get(ids[0] as string)?.c : undefined;
    // Only a claim that alone costs more than a part's even share: each process that runs units
    // pays its own start and warm-up for them (bench/RESULTS.md, issue 10, session 9).
    const units =
      split !== undefined && count > 1 && one !== undefined && whole > share
        ? claimUnits(one, profile, split.seeds)
        : undefined;
    if (units === undefined) {
      items.push({ ids, seconds: whole });
      continue;
    }
    const weights = units.reduce((s, u) => s + u.weight, 0);
    for (const u of units)
      items.push({ ids: [], unit: u.id, seconds: (whole * u.weight) / weights });
  }
  // Longest first; among equal costs, catalogue (and sweep) order.
  const order = items
    .map((g, k) => ({ g, k }))
    .sort((a, b) => b.g.seconds - a.g.seconds || a.k - b.k);
  const parts = Array.from({ length: count }, () => ({
    ids: [] as string[],
    units: [] as { k: number; id: string }[],
    seconds: 0,
  }));
  for (const { g, k } of order) {
    let best = 0;
    for (let p = 1; p < count; p++)
      if ((parts[p] as { seconds: number }).seconds < (parts[best] as { seconds: number }).seconds)
        best = p;
    const part = parts[best] as (typeof parts)[number];
    part.ids.push(...g.ids);
    if (g.unit !== undefined) part.units.push({ k, id: g.unit });
    part.seconds += g.seconds;
  }
  const index = (id: string) => (byId.get(id) as { i: number }).i;
  return parts.map((p) => ({
    ids: [...p.ids].sort((a, b) => index(a) - index(b)),
    units: [...p.units].sort((a, b) => a.k - b.k).map((u) => u.id),
    seconds: p.seconds,
  }));
}

/**
 * The least planned CPU (seconds) a part must have to get a process of its own when `--jobs` is
 * not given: a child process costs about 0.5 s of CPU to start (loading the toolkit; measured
 * 2026-12-07 with `audit --list`), and its ledger is read and merged after it; below this the
 * parallel gain is within the noise of that overhead.
 */
export const MIN_PART_SECONDS = 10;

/** The planned CPU (seconds) of `claims` in `profile`, each costly work charged once. */
export function plannedSeconds(claims: readonly Claim[], profile: AuditProfileName): number {
  const pay = payers(claims);
  return claims.reduce((s, c) => s + claimSeconds(c, profile, pay), 0);
}

/**
 * The number of processes `audit` runs `claims` in when `--jobs` is not given: the cores, but no
 * more than parts of at least `MIN_PART_SECONDS` planned each on average (a cheap selection runs
 * in the one process), and no more than the plan for that many parts has work for: every part
 * gets a group of claims sharing work or, with `split` (as `planShards`: a run without
 * `--time-budget`), a unit of a claim split below the claim — so `--only S2-19` in the standard
 * profile runs its units in parallel, while a claim that does not split (or costs no more than a
 * part's even share) stays one group. A part with nothing to do would cost a process. 1 runs in
 * the audit's own process.
 */
export function defaultJobs(
  claims: readonly Claim[],
  profile: AuditProfileName,
  cores: number,
  workOf: (e: Evidence) => string | undefined,
  split?: { readonly seeds: number },
): number {
  const byCost = Math.floor(plannedSeconds(claims, profile) / MIN_PART_SECONDS);
  const groups = workGroups(claims, workOf);
  // At most one part per group, plus, for each claim that can split, one per unit beyond its
  // first: the items of a plan in which every claim that can split does.
  let items = groups.length;
  if (split !== undefined)
    for (const ids of groups) {
      const one = ids.length === 1 ? claims.find((c) => c.id === ids[0]) : undefined;
      const units = one === undefined ? undefined : claimUnits(one, profile, split.seeds);
      if (units !== undefined) items += units.length - 1;
    }
  // The most parts, then fewer until the plan (with its even-share rule) leaves no part empty.
  for (let n = Math.min(cores, byCost, items); n > 1; n--)
    if (
      planShards(claims, n, profile, workOf, split).every((p) => p.ids.length + p.units.length > 0)
    )
      return n;
  return 1;
}

/** What a selection is planned to cost in a profile with a number of processes (`audit --list`). */
export interface CostPlan {
  readonly profile: AuditProfileName;
  /** Processes the plan is for (`--jobs`, or its default). */
  readonly jobs: number;
  /** Planned CPU seconds per claim, in catalogue order (each costly work charged once). */
  readonly claimSeconds: Readonly<Record<string, number>>;
  /** Planned CPU seconds in all. */
  readonly totalSeconds: number;
  /**
   * The parts `--jobs` runs (`planShards`, claims that split by seed spread as their units), with
   * their planned CPU seconds.
   */
  readonly parts: readonly {
    readonly ids: readonly string[];
    readonly units: readonly string[];
    readonly seconds: number;
  }[];
  /**
   * Estimated wall seconds with one core per part: the critical path, max(total / jobs, the
   * costliest part), not counting the processes' start (≈ 0.5 s each).
   */
  readonly wallSeconds: number;
}

/** Seconds to the hundredth (the cheapest claims are charged 0.05 s). */
const hundredth = (x: number): number => Math.round(x * 100) / 100;

/** The cost plan of `claims` (in catalogue order) in `profile` over `jobs` processes. */
export function costPlan(
  claims: readonly Claim[],
  profile: AuditProfileName,
  jobs: number,
  workOf: (e: Evidence) => string | undefined,
  /**
   * Seeds per simulation (how many units a split claim has), as `planShards`; undefined when
   * every claim stays whole (a run with `--time-budget`).
   */
  split: { readonly seeds: number } | undefined,
): CostPlan {
  const pay = payers(claims);
  const perClaim = claims.map((c) => [c.id, claimSeconds(c, profile, pay)] as const);
  const total = perClaim.reduce((s, [, x]) => s + x, 0);
  const parts = planShards(claims, jobs, profile, workOf, split);
  const costliest = Math.max(0, ...parts.map((p) => p.seconds));
  return {
    profile,
    jobs,
    claimSeconds: Object.fromEntries(perClaim.map(([id, x]) => [id, hundredth(x)])),
    totalSeconds: hundredth(total),
    parts: parts.map((p) => ({ ids: p.ids, units: p.units, seconds: hundredth(p.seconds) })),
    wallSeconds: hundredth(Math.max(total / jobs, costliest)),
  };
}
