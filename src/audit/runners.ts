/**
 * Runners: one per kind of evidence, each returning structured evidence — counts, states,
 * cases, seeds, α/β, estimates with their intervals, counterexample lengths — and an outcome
 * relative to what the toolkit expects of that check (src/audit/verdict.ts says what the outcome
 * means for a claim). Everything here is packaged: property checks, model configurations, the
 * statistical claims' SPRT runs, simulations over seeds and the ITC stamp-size experiment run
 * from the installed package; findings, sections, vitest-only checks and timing benchmarks are
 * reported as `recorded`.
 */
import { CATALOGUE as MODELS } from "../../models/registry.js";
import { referenceCatalog } from "../../properties/catalog.js";
import {
  decideClaim,
  replayStatCommand,
  runEstimation,
  STAT_CLAIM,
  statClaims,
  type EstimationSetting,
} from "../../properties/convergence-stats.js";
import { runProperty, type InvariantProperty } from "../../properties/property.js";
import { checkModel } from "../engine/checker/bfs.js";
import { compareWithExpected } from "../engine/checker/expected.js";
import { counterexampleToItf } from "../engine/checker/report.js";
import { builtinScenario } from "../engine/sim/builtins.js";
import { parseScenarioDocument } from "../engine/sim/scenario.js";
import type { ItfTrace } from "../engine/trace/itf.js";
import { agrees, evaluate, show } from "./calculation.js";
import type { Evidence, Measure, ScenarioMetric } from "./claims.js";
import { resolveEvidence, type EvidenceContext } from "./evidence.js";
import {
  decideMedian,
  medianInterval,
  round6,
  type Comparison,
  type MedianEstimate,
  roundMedian,
} from "./intervals.js";
import { measureItcSizes, type ItcSizeResult } from "./itc-sizes.js";
import {
  measureTurnover,
  type LeaveKind,
  type TurnoverOptions,
  type TurnoverResult,
  type TurnoverSummary,
} from "./itc-turnover.js";
import { measureSlotMatching, type SlotMatchingResult } from "./slot-matching.js";
import {
  CRASHED_PROVIDERS,
  CRASHED_RECIPIENTS,
  JOINS_PER_MINUTE,
  measureScaling,
  measureTolerance,
  SCALING_SIZES,
  SCALING_TOLERANCE_HEADINGS,
  scalingSize,
  TOLERANCE_HEADINGS,
  type ChurnScalePoint,
  type ChurnScaleResult,
  type SeriesSummary,
  type ToleranceResult,
} from "./failure-tolerance.js";
import {
  factorHeading,
  FACTOR_BASE,
  LAW_EXPECTED,
  LAW_HEADING,
  measureFactor,
  outcomeAgainst,
  measureLaw,
  perRoundSetting,
  PER_ROUND_BASE,
  SPEED_FACTORS,
  type BootstrapEstimate,
  type Decision,
  type FactorPoint,
  type FactorResult,
  type LawPoint,
  type LawResult,
  type SpeedFactor,
} from "./per-round-speed.js";
import {
  itcOpCostResult,
  runV2Sweep,
  scalingSecondsPerSeed,
  scalingSweep,
  sweepWork,
  v1ConvergenceResult,
  v1ScalingResult,
  v2ScalingResult,
  type ScalingExperiment,
  type ScalingResult,
  type V2Sweep,
} from "./scaling-experiments.js";
import { runSizeSweep, type ExponentFit, type SizeRun } from "./scaling-sweeps.js";
import {
  ITC_TURNOVER_SECONDS_PER_SEED,
  modelSeconds,
  PER_ROUND_FACTOR_SECONDS_PER_RUN,
  PER_ROUND_LAW_SECONDS_PER_RUN,
  PER_ROUND_RUNS,
  TOLERANCE_SECONDS_PER_SEED,
  SCALE_TOLERANCE_SECONDS_PER_SEED,
  PROFILES,
  profileFor,
  scenarioSecondsPerSeed,
  type AuditProfile,
  type AuditProfileName,
} from "./profiles.js";
import {
  isCensoredMetric,
  nullIsInfinite,
  summariesMeasuring,
  SCENARIO_METRICS,
  type SeedRunner,
  type SeedSummary,
} from "./seed-runs.js";
import { sweepCommand } from "./evidence.js";
import {
  horizonAt,
  roundsNeededPoint,
  showRoundsNeeded,
  type RoundsNeededPoint,
} from "./rounds-needed.js";
import { statParamName, type StatParamValue } from "./stat-params.js";
import {
  dependenceOf,
  runStatSweep,
  type StatPointResult,
  type SweepDependence,
} from "./stat-sweep.js";
import type { EvidenceOutcome, ParameterDependence } from "./verdict.js";
import {
  scenarioVariant,
  selectRuns,
  type ScenarioVariant,
  type VariantChange,
} from "./variants.js";

/** The settings of one audit run that every runner sees. */
export interface RunnerContext {
  readonly profile: AuditProfile;
  /** The audit's seed: property and SPRT master seed, first simulation seed. */
  readonly seed: number;
  /** The simulation seeds: seed, seed + 1, … (profile or --seeds). */
  readonly seeds: readonly number[];
  readonly seedRunner: SeedRunner;
  readonly evidence: EvidenceContext;
  /** Wall clock (ms) and the time-budget deadline: items not started by then are not run. */
  readonly now: () => number;
  readonly deadline?: number;
  /** The model catalogue (default models/registry.ts; a test swaps a configuration). */
  readonly models?: typeof MODELS;
  /**
   * Sweeps already run (by units of a split claim, src/audit/claim-units.ts), in sweep order:
   * their items are decided from these runs instead of running the sweep.
   */
  readonly injectedRuns?: ReadonlyMap<ScalingExperiment, readonly SizeRun[]>;
}

export interface PropertyEvidence {
  readonly id: string;
  readonly seed: number;
  readonly runsFactor: number;
  readonly cases: number;
  readonly plannedCases: number;
  readonly status: "held" | "violated" | "not-run";
  readonly failureClass?: string;
  readonly counterexample?: string;
  readonly path?: string;
}

export interface ModelEvidence {
  readonly model: string;
  readonly config: string;
  readonly mustFail: boolean;
  readonly verdict: string;
  readonly property?: string;
  readonly distinctStates: number;
  readonly depth: number;
  readonly counterexampleStates?: number;
  readonly expected: Readonly<Record<string, unknown>>;
  /** Differences from the recorded result (empty: as recorded). */
  readonly differences: readonly string[];
  /** Where the counterexample's ITF trace is written (relative to the output directory). */
  readonly trace?: string;
}

export interface StatEvidence {
  readonly test: "Wald SPRT";
  readonly hypotheses: { readonly h0: string; readonly h1: string };
  readonly p0: number;
  readonly p1: number;
  readonly alpha: number;
  readonly beta: number;
  readonly maxRuns: number;
  readonly masterSeed: number;
  readonly runs: number;
  readonly successes: number;
  readonly decision: "holds" | "fails" | "undecided";
  readonly expected: "holds" | "fails";
  readonly estimate: {
    readonly p: number;
    readonly lower: number;
    readonly upper: number;
    readonly confidence: number;
    readonly interval: "two-sided Hoeffding (indicative: the SPRT stopped on the data)";
  };
  readonly worstError: number;
  readonly firstFailingRun?: number;
  readonly setting: EstimationSetting;
  /** Every run of the SPRT (relative to the output directory). */
  readonly data: string;
  /** The largest honest error after every round of every run (relative to the output directory). */
  readonly roundsData?: string;
}

export interface RunStats {
  readonly run: string;
  readonly seeds: readonly number[];
  readonly converged: number;
  readonly censored: number;
  /** Runs with a safety check violated, and which checks. */
  readonly violations: number;
  readonly violated: readonly string[];
  readonly metrics: Readonly<Partial<Record<ScenarioMetric, MedianEstimate>>>;
}

export interface SimulationEvidence {
  readonly scenario: string;
  readonly seeds: readonly number[];
  readonly quietFraction: number;
  readonly runs: readonly RunStats[];
  readonly measure?: Measure & {
    readonly decision: "holds" | "fails" | "undecided";
    readonly median: MedianEstimate;
  };
  /** `documents`: the design documents' protocol, with every change from the toolkit's. */
  readonly variant?: ScenarioVariant;
  readonly changes?: readonly VariantChange[];
  /** Scenario fields set in every run (both variants alike). */
  readonly set?: Readonly<Record<string, number | string | boolean>>;
  /** The per-seed series (relative to the output directory). */
  readonly data: string;
}

export interface ScalingEvidence {
  readonly experiment: "itc-stamp-sizes";
  readonly sizes: readonly number[];
  readonly seeds: readonly number[];
  readonly stepsPerProcess: number;
  readonly logarithmicExponent: number;
  readonly exponents: ItcSizeResult["exponents"];
  /** Vector clocks through the same runs (the same fit). */
  readonly vectorClockExponents?: ItcSizeResult["vcExponents"];
  readonly data: string;
}

export interface TurnoverEvidence {
  readonly experiment: "itc-turnover";
  readonly leave: LeaveKind;
  readonly active: number;
  readonly generations: number;
  readonly messagesPerLeave: number;
  readonly seeds: readonly number[];
  /** The decision rule: the median exponent's interval against `threshold`. */
  readonly rule: { readonly op: Comparison; readonly threshold: number };
  readonly summary: TurnoverSummary;
  /** Every sample of every run, both ways of leaving (relative to the output directory). */
  readonly data: string;
}

/** A scaling experiment over n (S2-14, S3-25, S2-19; src/audit/scaling-experiments.ts). */
export interface FitEvidence {
  readonly experiment: ScalingExperiment;
  readonly scenario: string;
  /** `documents`: the design documents' protocol (V1 all-to-all); else the toolkit's. */
  readonly variant?: "documents";
  readonly sizes: readonly number[];
  readonly seeds: readonly number[];
  readonly horizonMs: number;
  readonly quietFraction: number;
  readonly fits: readonly ExponentFit[];
  readonly rules: ScalingResult["rules"];
  readonly logarithmicExponent?: number;
  readonly convergedPerN: ScalingResult["convergedPerN"];
  /** Runs that did not settle within the horizon with the quiet margin. */
  readonly censored: number;
  /** Every run (relative to the output directory). */
  readonly data: string;
}

export interface MatchingEvidence {
  readonly experiment: "slot-matching";
  readonly availability: number;
  readonly needs: readonly number[];
  readonly seeds: readonly number[];
  readonly allExact: boolean;
  readonly maxFraction: number;
  readonly fractions: SlotMatchingResult["fractions"];
  readonly data: string;
}

/**
 * The per-round speed experiments (src/audit/per-round-speed.ts): rounds needed to bring every
 * honest estimate within ε for good, in the per-round estimation setting of SPEC §13.1.
 */
export interface PerRoundEvidence {
  readonly experiment: "per-round-law" | "per-round-factor";
  readonly masterSeed: number;
  /** Runs per point (each seeded by runSeed(masterSeed, i)). */
  readonly runs: number;
  /** The shared parameters (as `stats --set`) and the resulting base setting. */
  readonly set: Readonly<Record<string, number | string>>;
  readonly horizon: number;
  readonly epsilon: number;
  readonly decision: Decision;
  /** The law (S0-18): per topology and n, the diameter, rounds needed and rounds / (ln n · D). */
  readonly law?: {
    readonly topologies: readonly string[];
    readonly sizes: readonly number[];
    readonly points: readonly LawPoint[];
    readonly largestLower: number | null;
    readonly smallestUpper: number | null;
    readonly slope: BootstrapEstimate;
    readonly exponent: BootstrapEstimate;
    readonly lnSlope: BootstrapEstimate;
    readonly censored: number;
  };
  /** One factor (S0-19): rounds needed per value, from the document's faster to its slower. */
  readonly factor?: {
    readonly id: string;
    readonly label: string;
    readonly parameter: string;
    readonly values: readonly (number | string)[];
    readonly points: readonly FactorPoint[];
  };
  /** Every run (relative to the output directory). */
  readonly data: string;
}

/**
 * The P2P failure-tolerance experiment (src/audit/failure-tolerance.ts, claim S0-20): the
 * failure-free series and one other (crashes, or joins), each over the same seeds.
 */
export interface ToleranceEvidence {
  readonly experiment: "p2p-failure-tolerance";
  readonly series: "crashes" | "joins";
  readonly seeds: readonly number[];
  /** The decision of `series` against the failure-free series. */
  readonly decision: Decision;
  readonly failureFree: SeriesSummary;
  readonly other: SeriesSummary;
  readonly data: string;
}

/**
 * The P2P experiment at scale (claim S0-37): crash and join series at each n, over the same
 * seeds; the decision compares the largest n with the smallest (crashes), or the join series
 * with the crash series at the largest n (joins).
 */
export interface ScaleToleranceEvidence {
  readonly experiment: "p2p-scale-churn";
  readonly series: "crashes" | "joins";
  readonly seeds: readonly number[];
  readonly decision: Decision;
  readonly points: readonly ChurnScalePoint[];
  readonly data: string;
}

export interface CalculationEvidence {
  readonly expression: string;
  readonly value: number;
  readonly equals: number;
  readonly tolerance?: number;
}

export interface SweepEvidence {
  readonly test: "Wald SPRT";
  readonly stat: string;
  readonly parameter: string;
  readonly values: readonly (number | string)[];
  /** Parameters fixed at every point. */
  readonly set: Readonly<Record<string, number | string>>;
  readonly masterSeed: number;
  readonly p0: number;
  readonly p1: number;
  readonly alpha: number;
  readonly beta: number;
  readonly maxRuns: number;
  /** The claim's setting with the fixed parameters (`set`) applied; each point changes the swept one. */
  readonly setting: EstimationSetting;
  /** One SPRT per value, in the order swept. */
  readonly points: readonly StatPointResult[];
  readonly dependence: SweepDependence;
  /** Every point's decision (relative to the output directory). */
  readonly data: string;
  /**
   * Every run's largest honest error after each round, per value (columns: the parameter, run,
   * seed, round, maxError).
   */
  readonly rounds: string;
  /**
   * Rounds needed to bring every honest estimate within the claim's ε for good, per value: the
   * median over the point's runs with its interval, censored runs (still outside ε at the
   * horizon) counted as +∞ (src/audit/rounds-needed.ts).
   */
  readonly roundsNeeded: {
    readonly epsilon: number;
    readonly points: readonly RoundsNeededPoint[];
  };
}

/** The result of one evidence item (before its role is applied). */
export interface EvidenceResult {
  readonly key: string;
  readonly label: string;
  readonly kind: Evidence["kind"];
  readonly outcome: EvidenceOutcome;
  /** What the toolkit expects of the check, whatever the claim. */
  readonly toolkitExpects: string;
  /** What was observed, in one line. */
  readonly observed: string;
  readonly reproduce?: string;
  readonly packaged: boolean;
  /**
   * For not-run items: the estimated cost and the profile that runs it; `work` names what the
   * cost pays for when items share it (a simulation several items measure).
   */
  readonly cost?: {
    readonly seconds: number;
    readonly profile: AuditProfileName;
    readonly work?: string;
  };
  readonly censored?: number;
  readonly property?: PropertyEvidence;
  readonly model?: ModelEvidence;
  readonly stat?: StatEvidence;
  readonly simulation?: SimulationEvidence;
  readonly scaling?: ScalingEvidence;
  readonly matching?: MatchingEvidence;
  readonly turnover?: TurnoverEvidence;
  readonly perRound?: PerRoundEvidence;
  readonly fit?: FitEvidence;
  readonly tolerance?: ToleranceEvidence;
  readonly scaleTolerance?: ScaleToleranceEvidence;
  readonly calculation?: CalculationEvidence;
  readonly sweep?: SweepEvidence;
  /** For a sweep whose outcome is `depends`: where the claim holds and fails. */
  readonly dependence?: ParameterDependence;
}

/** The profiles from the cheapest to the most thorough. */
const PROFILE_ORDER: readonly AuditProfileName[] = ["quick", "standard", "full"];

/** Files a run produces besides the ledger: traces and data series, by relative path. */
export type Artifacts = Map<string, string>;

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "-");
}

/** The identity of an evidence item: items with the same key share one run. */
export function evidenceKey(e: Evidence): string {
  switch (e.kind) {
    case "invariant":
      return `invariant:${e.id}`;
    case "model":
      return `model:${e.model}/${e.config}`;
    case "scenario":
      return `scenario:${simulationKey(e)}${e.measure === undefined ? "" : `:${e.measure.run ?? "*"}:${e.measure.metric}${e.measure.op}${e.measure.value}`}`;
    case "finding":
      return `finding:${e.section}:${e.item ?? ""}`;
    case "section":
      return `section:${e.section}`;
    case "results":
      return `results:${e.heading}`;
    case "calculation":
      return `calculation:${JSON.stringify(e.expr)}=${e.equals}`;
    case "sweep":
      return `sweep:${e.stat}:${e.parameter}=${JSON.stringify(e.values)}:${JSON.stringify(e.set ?? {})}`;
  }
}

/**
 * The costly work an item runs, which other items may share: a scenario's simulations (whatever
 * each item measures of them), one packaged experiment for all its headings (the
 * failure-tolerance and scale-churn series, the ITC turnover, a scaling sweep shared by two
 * experiments, the ITC sizes, slot matching and per-round experiments), a sweep's SPRTs;
 * undefined for the cheap rest (a property, a model configuration, arithmetic, a recorded
 * finding or benchmark), which a second process may as well run again.
 * `--shard` keeps the claims sharing costly work in one part.
 */
export function workKey(e: Evidence): string | undefined {
  if (e.kind === "scenario") return `scenario:${simulationKey(e)}`;
  if (e.kind === "sweep") return evidenceKey(e);
  if (e.kind !== "results") return undefined;
  const h = e.heading;
  if (h === TOLERANCE_HEADINGS.crashes || h === TOLERANCE_HEADINGS.joins)
    return "p2p-failure-tolerance";
  if (h === SCALING_TOLERANCE_HEADINGS.crashes || h === SCALING_TOLERANCE_HEADINGS.joins)
    return "p2p-scale-churn";
  if (h === ITC_TURNOVER_HEADINGS.graceful || h === ITC_TURNOVER_HEADINGS.silent)
    return "itc-turnover";
  const experiment = SCALING_HEADINGS[h];
  if (experiment !== undefined) return `scaling:${sweepWork(experiment)}`;
  const packaged =
    h === ITC_SIZES_HEADING ||
    h === SLOT_MATCHING_HEADING ||
    h === LAW_HEADING ||
    SPEED_FACTORS.some((f) => factorHeading(f) === h);
  // A recorded benchmark is not run: nothing to share.
  return packaged ? evidenceKey(e) : undefined;
}

/** The simulations an item runs: the scenario, its variant, its set fields and its runs. */
export function simulationKey(e: Extract<Evidence, { kind: "scenario" }>): string {
  return `${e.name}${e.variant === undefined ? "" : `@${e.variant}`}${e.set === undefined ? "" : JSON.stringify(e.set)}${e.runs === undefined ? "" : `[${e.runs.join(",")}]`}`;
}

/** The file name part of a scenario item's data: v2-100, v2-100-documents, …-nodes.count-30. */
export function simulationFileName(e: Extract<Evidence, { kind: "scenario" }>): string {
  return safeName(
    `${e.name}${e.variant === undefined ? "" : `-${e.variant}`}${Object.entries(e.set ?? {})
      .map(([k, v]) => `-${k}-${String(v)}`)
      .join("")}${e.runs === undefined ? "" : `-runs-${e.runs.join("-")}`}`,
  );
}

/** The heading of bench/RESULTS.md whose sizes the packaged ITC experiment reproduces. */
export const ITC_SIZES_HEADING = "ITC operations per second and encoded stamp sizes";

/** The heading of bench/RESULTS.md whose candidate counts the slot-matching experiment reproduces. */
export const SLOT_MATCHING_HEADING = "Slot matching: 100 availability slots × 100 000 need slots";

/**
 * The headings of bench/RESULTS.md whose scaling experiments the audit runs from the package
 * (src/audit/scaling-experiments.ts), one per experiment.
 */
export const SCALING_HEADINGS: Readonly<Record<string, ScalingExperiment>> = {
  "V2 messages to settle against n": "v2-scaling",
  "ITC leq and join cost on stamps from V2 runs": "itc-op-cost",
  "V1 cost per round against n (all-to-all)": "v1-scaling",
  "V1 convergence within 60 rounds against n (neighbour gossip)": "v1-convergence",
};

/** How the ledger names each scaling experiment. */
export const SCALING_LABELS: Readonly<Record<ScalingExperiment, string>> = {
  "v2-scaling": "V2 messages to settle against n (packaged experiment, the toolkit's V2)",
  "itc-op-cost":
    "ITC leq and join cost on stamps from V2 runs, counted in tree visits (packaged experiment)",
  "v1-scaling": "V1 all-to-all cost per round against n (packaged experiment, the documents' V1)",
  "v1-convergence":
    "V1 convergence within 60 rounds against n (packaged experiment, the toolkit's neighbour gossip)",
};

/** What the toolkit expects of each scaling experiment, whatever the claim. */
export const SCALING_EXPECTS: Readonly<Record<ScalingExperiment, string>> = {
  "v2-scaling":
    "messages to settle grow linearly in n: the fitted exponent's interval contains 1 (at most a quarter of the seeds censored)",
  "itc-op-cost":
    "the cost of join or of leq grows faster than logarithmically in n: its exponent's interval lies above a log₂ n curve's",
  "v1-scaling":
    "each participant's work per round grows with n: messages per round with exponent above 1.5, clock bytes above 0.8",
  "v1-convergence":
    "no threshold near n = 100: at some n below 100 at most half the runs converge within 60 rounds",
};

/** The largest fraction of pairs the index may check for "O(N × U / B)" to be borne out. */
export const SLOT_MATCHING_MAX_FRACTION = 0.05;

/** What the slot-matching experiment runs in each profile. */
export function slotMatchingOptions(profile: AuditProfile, seeds: readonly number[]) {
  return {
    availability: 100,
    needs: profile.name === "quick" ? [1000, 4000, 16000] : [1000, 4000, 16000, 64000],
    seeds,
  };
}

/**
 * The headings of bench/RESULTS.md whose stamp sizes under long-term turnover the packaged
 * experiment (src/audit/itc-turnover.ts) measures, one per way of leaving.
 */
export const ITC_TURNOVER_HEADINGS: Readonly<Record<LeaveKind, string>> = {
  graceful: "ITC stamps under turnover: graceful leaves",
  silent: "ITC stamps under turnover: silent leavers",
};

/**
 * What the turnover experiment runs in each profile: 32 active participants, 4 messages per
 * departure; graceful runs last 60 generations (their sizes grow for tens of generations before
 * they level), silent ones 20 (their sizes, and the cost of every operation, grow linearly). The
 * larger profiles add seeds only, so that every profile decides by the same runs' rule.
 */
export function turnoverOptions(seeds: readonly number[]): TurnoverOptions {
  return {
    active: 32,
    generations: { graceful: 60, silent: 20 },
    messagesPerLeave: 4,
    samplesPerGeneration: 4,
    seeds,
  };
}

/**
 * The turnover experiment's rules. Silent leavers: the size grows faster than logarithmically in
 * the departures (the exponent's interval lies above the one a log₂ curve has over the same
 * departures). Graceful leaves: the size grows far slower than in proportion to the departures
 * (the interval lies below 1/2).
 */
export const TURNOVER_GRACEFUL_MAX_EXPONENT = 0.5;

/** What the ITC experiment runs in each profile. */
export function itcSizeOptions(profile: AuditProfile, seeds: readonly number[]) {
  return {
    sizes: profile.name === "quick" ? [4, 8, 16, 32, 64] : [4, 8, 16, 32, 64, 128],
    stepsPerProcess: profile.name === "full" ? 50 : 20,
    seeds,
  };
}

/**
 * What the law experiment (S0-18) runs: three topologies of very different diameter (ring ≈ n/2,
 * grid ≈ 2√n, random 4-regular ≈ log n) at n = 10 … 1 000, `runs` runs per point.
 */
export function lawOptions(masterSeed: number, runs: number) {
  return {
    topologies: ["ring", "grid", "random-regular:4"],
    sizes: [10, 30, 100, 300, 1000],
    runs,
    masterSeed,
    resamples: 1000,
  };
}

/**
 * Stands for the citing claim's id in an evidence item's reproduce command: an item shared by
 * several claims runs once, and each claim's ledger entry names itself (so that a shard's
 * ledger entry is the same as one run's).
 */
export const CLAIM_PLACEHOLDER = "{claim}";

function auditReproduce(claimArg: string, ctx: RunnerContext): string {
  const seeds = ctx.seeds.length === ctx.profile.seeds ? "" : ` --seeds ${ctx.seeds.length}`;
  return `commons-spec audit --only ${claimArg} --profile ${ctx.profile.name} --seed ${ctx.seed}${seeds}`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function showMedian(e: MedianEstimate, unit = ""): string {
  const f = (x: number | null) => (x === null ? "∞" : `${round6(x)}${unit}`);
  return `median ${f(e.median)} [${f(e.lower)}, ${f(e.upper)}] (${pct(e.confidence)}, n = ${e.n}${e.censored > 0 ? `, ${e.censored} censored` : ""})`;
}

/**
 * Runs the evidence items of the audit, sharing one run between items with the same key.
 * `claimOf(key)` names a claim that cites the item (for its reproduce command).
 */
export class EvidenceRunner {
  private readonly cache = new Map<string, EvidenceResult>();
  private readonly sims = new Map<
    string,
    { summaries: readonly SeedSummary[]; changes: readonly VariantChange[] }
  >();
  private itc: ItcSizeResult | undefined;
  private matching: SlotMatchingResult | undefined;
  private turnover: TurnoverResult | undefined;
  private law: LawResult | undefined;
  private tolerance: ToleranceResult | undefined;
  private scaleTolerance: ChurnScaleResult | undefined;
  private readonly factors = new Map<string, FactorResult>();
  private v2Sweep: V2Sweep | undefined;
  private readonly v1Sweeps = new Map<ScalingExperiment, readonly SizeRun[]>();
  private catalogue: InvariantProperty[] | undefined;
  readonly artifacts: Artifacts = new Map();

  constructor(private readonly ctx: RunnerContext) {
    for (const [experiment, runs] of ctx.injectedRuns ?? []) this.v1Sweeps.set(experiment, runs);
  }

  private budgetSpent(): boolean {
    return this.ctx.deadline !== undefined && this.ctx.now() >= this.ctx.deadline;
  }

  async run(e: Evidence): Promise<EvidenceResult> {
    const key = evidenceKey(e);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const r = await this.runFresh(e, key);
    this.cache.set(key, r);
    return r;
  }

  private base(e: Evidence, key: string) {
    const resolved = resolveEvidence(e, this.ctx.evidence);
    return { key, label: resolved.label, kind: e.kind, toolkitExpects: resolved.toolkitExpects };
  }

  private notRun(
    e: Evidence,
    key: string,
    seconds: number,
    profile: AuditProfileName,
    why: string,
  ): EvidenceResult {
    return {
      ...this.base(e, key),
      outcome: "not-run",
      observed: why,
      packaged: true,
      cost: {
        seconds: Math.max(1, Math.round(seconds)),
        profile,
        // Items that share one simulation share its cost (counted once in the skipped list).
        ...(e.kind === "scenario" ? { work: `scenario:${simulationKey(e)}` } : {}),
      },
    };
  }

  private async runFresh(e: Evidence, key: string): Promise<EvidenceResult> {
    const ctx = this.ctx;
    switch (e.kind) {
      case "calculation": {
        const value = evaluate(e.expr);
        const ok = agrees(value, e.equals, e.tolerance);
        return {
          ...this.base(e, key),
          outcome: ok ? "supports" : "contradicts",
          observed: `${show(e.expr)} = ${round6(value)}${ok ? "" : `, not ${e.equals}`}`,
          reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
          packaged: true,
          calculation: {
            expression: show(e.expr),
            value: round6(value),
            equals: e.equals,
            ...(e.tolerance !== undefined ? { tolerance: e.tolerance } : {}),
          },
        };
      }
      case "finding":
      case "section":
        return {
          ...this.base(e, key),
          outcome: "recorded",
          observed: "stated in spec/SPEC.md (not re-run by the audit)",
          packaged: true,
        };
      case "invariant":
        return this.runInvariant(e, key);
      case "sweep":
        return this.runSweepItem(e, key);
      case "model":
        return this.runModel(e, key);
      case "scenario":
        return this.runScenarioItem(e, key);
      case "results":
        if (e.heading === ITC_SIZES_HEADING) return this.runItcSizes(e, key);
        if (e.heading === SLOT_MATCHING_HEADING) return this.runSlotMatching(e, key);
        if (e.heading === ITC_TURNOVER_HEADINGS.graceful)
          return this.runTurnover(e, key, "graceful");
        if (e.heading === ITC_TURNOVER_HEADINGS.silent) return this.runTurnover(e, key, "silent");
        if (e.heading === LAW_HEADING) return this.runLaw(e, key);
        if (e.heading === TOLERANCE_HEADINGS.crashes) return this.runTolerance(e, key, "crashes");
        if (e.heading === TOLERANCE_HEADINGS.joins) return this.runTolerance(e, key, "joins");
        if (e.heading === SCALING_TOLERANCE_HEADINGS.crashes)
          return this.runScaleTolerance(e, key, "crashes");
        if (e.heading === SCALING_TOLERANCE_HEADINGS.joins)
          return this.runScaleTolerance(e, key, "joins");
        {
          const f = SPEED_FACTORS.find((x) => factorHeading(x) === e.heading);
          if (f !== undefined) return this.runFactor(e, key, f);
        }
        {
          const experiment = SCALING_HEADINGS[e.heading];
          if (experiment !== undefined) return this.runScaling(e, key, experiment);
        }
        return {
          ...this.base(e, key),
          outcome: "recorded",
          observed: `a recorded benchmark (bench/RESULTS.md); timings are not re-run by the audit`,
          packaged: false,
        };
    }
  }

  private runInvariant(
    e: Extract<Evidence, { kind: "invariant" }>,
    key: string,
  ): EvidenceResult | Promise<EvidenceResult> {
    const ctx = this.ctx;
    const stat = statClaims().find((c) => c.id === e.id);
    if (stat !== undefined) {
      if (this.budgetSpent()) return this.notRun(e, key, 10, ctx.profile.name, "time budget spent");
      const claim = STAT_CLAIM;
      const rows: string[] = [
        "run,seed,ok,maxError,nodes,topology,providers,estimates,dishonest,partitioned",
      ];
      // The largest honest error after every round of every run (the success-by-round figure).
      const byRound: string[] = ["run,seed,round,maxError"];
      const v = decideClaim(
        stat.setting,
        claim,
        ctx.seed,
        (r) =>
          rows.push(
            `${r.run},${r.seed},${r.ok},${round6(r.maxError)},${r.nodes},${r.topology},${r.providers},${r.estimates},${r.dishonest},${r.partitioned}`,
          ),
        (s, seed, i) =>
          runEstimation(s, seed, i, (t, err) => byRound.push(`${i},${seed},${t},${round6(err)}`)),
      );
      const data = `data/stat-${e.id}.csv`;
      const roundsData = `data/stat-${e.id}-rounds.csv`;
      this.artifacts.set(data, `${rows.join("\n")}\n`);
      this.artifacts.set(roundsData, `${byRound.join("\n")}\n`);
      const outcome: EvidenceOutcome =
        v.decision === "undecided"
          ? "inconclusive"
          : v.decision === stat.expect
            ? "supports"
            : "contradicts";
      const est = v.estimate;
      return {
        ...this.base(e, key),
        outcome,
        observed:
          `SPRT ${v.decision === "holds" ? "accepted H0 (p ≥ " + claim.p0 + ")" : v.decision === "fails" ? "accepted H1 (p ≤ " + claim.p1 + ")" : "undecided"} ` +
          `after ${v.sprt.runs} runs, ${est.successes}/${est.runs} within ε, p̂ = ${pct(est.estimate)} [${pct(est.lower)}, ${pct(est.upper)}]`,
        reproduce: `${replayStatCommand(e.id, ctx.seed)}${v.firstFailure !== undefined ? `  (first failing run: ${replayStatCommand(e.id, ctx.seed, v.firstFailure.run)})` : ""}`,
        packaged: true,
        stat: {
          test: "Wald SPRT",
          hypotheses: { h0: `p ≥ ${claim.p0}`, h1: `p ≤ ${claim.p1}` },
          p0: claim.p0,
          p1: claim.p1,
          alpha: claim.alpha,
          beta: claim.beta,
          maxRuns: claim.maxRuns,
          masterSeed: ctx.seed,
          runs: v.sprt.runs,
          successes: v.sprt.successes,
          decision: v.decision,
          expected: stat.expect,
          estimate: {
            p: round6(est.estimate),
            lower: round6(est.lower),
            upper: round6(est.upper),
            confidence: round6(est.confidence),
            interval: "two-sided Hoeffding (indicative: the SPRT stopped on the data)",
          },
          worstError: round6(v.worstError),
          ...(v.firstFailure !== undefined ? { firstFailingRun: v.firstFailure.run } : {}),
          setting: stat.setting,
          data,
          roundsData,
        },
      };
    }
    this.catalogue ??= referenceCatalog();
    const p = this.catalogue.find((x) => x.id === e.id);
    if (p === undefined)
      return {
        ...this.base(e, key),
        outcome: "recorded",
        observed: "checked by a vitest test of the repository (not in the package)",
        packaged: false,
      };
    if (this.budgetSpent()) return this.notRun(e, key, 1, ctx.profile.name, "time budget spent");
    const factor = ctx.profile.runsFactor;
    const o = runProperty(p, { seed: ctx.seed, runsFactor: factor, now: ctx.now });
    const f = o.failures[0];
    const outcome: EvidenceOutcome =
      o.status === "violated" ? "contradicts" : o.status === "held" ? "supports" : "not-run";
    const counterexample =
      f?.counterexample === undefined
        ? undefined
        : f.counterexample.length > 500
          ? `${f.counterexample.slice(0, 500)}…`
          : f.counterexample;
    return {
      ...this.base(e, key),
      outcome,
      observed:
        o.status === "violated"
          ? `violated after ${o.numRuns} cases: ${f?.failureClass ?? o.error ?? ""}`
          : `held in ${o.numRuns} cases`,
      reproduce: `commons-spec check --only ${e.id} --seed ${ctx.seed}${factor === 1 ? "" : ` --runs-factor ${factor}`}${f?.path !== undefined ? ` --path ${f.path}` : ""}`,
      packaged: true,
      property: {
        id: e.id,
        seed: ctx.seed,
        runsFactor: factor,
        cases: o.numRuns,
        plannedCases: o.plannedRuns,
        status: o.status,
        ...(f !== undefined ? { failureClass: f.failureClass } : {}),
        ...(counterexample !== undefined ? { counterexample } : {}),
        ...(f?.path !== undefined ? { path: f.path } : {}),
      },
    };
  }

  private runSweepItem(e: Extract<Evidence, { kind: "sweep" }>, key: string): EvidenceResult {
    const ctx = this.ctx;
    // ≈ 3 s of CPU per point (a failing point stops after a few runs, a holding one after ~42).
    const cost = 3 * e.values.length;
    if (
      e.profile !== undefined &&
      PROFILE_ORDER.indexOf(ctx.profile.name) < PROFILE_ORDER.indexOf(e.profile)
    )
      return this.notRun(
        e,
        key,
        cost,
        e.profile,
        `a costly sweep: left to the ${e.profile} profile`,
      );
    if (this.budgetSpent()) return this.notRun(e, key, cost, ctx.profile.name, "time budget spent");
    const set = Object.entries(e.set ?? {}) as [string, StatParamValue][];
    // Every run's largest honest error after each round (every sweep is over the per-round
    // setting): the rounds needed, in the ledger at the claim's ε and in the report's figure.
    const parameter = statParamName(e.parameter);
    const byRound: string[] = [`${parameter},run,seed,round,maxError`];
    /** Per point, per run: the errors by round. */
    const errors: number[][][] = e.values.map(() => []);
    const r = runStatSweep({
      stat: e.stat,
      masterSeed: ctx.seed,
      set,
      axes: [{ parameter: e.parameter, values: e.values }],
      onRound: (k: number, i: number, seed: number, t: number, err: number) => {
        const x = round6(err);
        byRound.push(`${csvCell(String(e.values[k]))},${i},${seed},${t},${x}`);
        const point = errors[k] as number[][];
        (point[i] ??= [])[t - 1] = x;
      },
    });
    const dependence = dependenceOf(parameter, r.points);
    const data = `data/sweep-${safeName(`${e.stat}-${parameter}${set.map(([k, v]) => `-${k}-${String(v)}`).join("")}`)}.csv`;
    const roundsData = data.replace(/\.csv$/, "-rounds.csv");
    this.artifacts.set(roundsData, `${byRound.join("\n")}\n`);
    const epsilon = r.base.setting.epsilon;
    const roundsNeeded = {
      epsilon,
      points: e.values.map((v, k) =>
        roundsNeededPoint(
          v,
          horizonAt(parameter, v, r.base.setting.rounds),
          (errors[k] as number[][]).filter((x) => x !== undefined),
          epsilon,
        ),
      ),
    };
    this.artifacts.set(
      data,
      csvLines(
        `${parameter},decision,runs,successes,p,lower,upper,worstError,firstFailingRun`,
        r.points,
        (p) =>
          `${String(p.at[parameter])},${p.decision},${p.runs},${p.successes},${p.estimate.p},${p.estimate.lower},${p.estimate.upper},${p.worstError},${p.firstFailingRun ?? ""}`,
      ),
    );
    const mixed = dependence.holds.length > 0 && dependence.fails.length > 0;
    const outcome: EvidenceOutcome = mixed
      ? "depends"
      : dependence.undecided.length > 0
        ? "inconclusive"
        : dependence.fails.length === 0
          ? "supports"
          : "contradicts";
    const c = r.base.claim;
    return {
      ...this.base(e, key),
      outcome,
      observed: `${dependence.condition} (SPRT at each point: ${r.points.map((p) => `${String(p.at[parameter])} ${p.decision} after ${p.runs}`).join("; ")}); rounds needed to stay within ε = ${epsilon}, median [interval]: ${roundsNeeded.points.map((p) => `${String(p.value)} → ${showRoundsNeeded(p)}`).join("; ")}`,
      reproduce: sweepCommand(e, ctx.seed),
      packaged: true,
      ...(mixed
        ? {
            dependence: {
              parameter: dependence.parameter,
              holds: dependence.holds,
              fails: dependence.fails,
              undecided: dependence.undecided,
              condition: `${dependence.condition} (${e.stat}'s setting${set.length > 0 ? ` with ${set.map(([k, v]) => `${k}=${String(v)}`).join(", ")}` : ""})`,
            },
          }
        : {}),
      sweep: {
        test: "Wald SPRT",
        stat: e.stat,
        parameter,
        values: e.values,
        set: Object.fromEntries(r.set),
        masterSeed: ctx.seed,
        p0: c.p0,
        p1: c.p1,
        alpha: c.alpha,
        beta: c.beta,
        maxRuns: c.maxRuns,
        setting: r.base.setting,
        points: r.points,
        dependence,
        data,
        rounds: roundsData,
        roundsNeeded,
      },
    };
  }

  private runModel(e: Extract<Evidence, { kind: "model" }>, key: string): EvidenceResult {
    const ctx = this.ctx;
    const m = (ctx.models ?? MODELS)[e.model];
    const entry = m?.configs[e.config];
    if (m === undefined || entry === undefined)
      throw new Error(`unknown model ${e.model}/${e.config}`);
    const cost = modelSeconds(entry.expected.distinctStates);
    if (entry.slow === true && !ctx.profile.slowModels)
      return this.notRun(
        e,
        key,
        cost,
        "standard",
        `slow configuration: left to the standard profile`,
      );
    if (this.budgetSpent()) return this.notRun(e, key, cost, ctx.profile.name, "time budget spent");
    const r = checkModel(m.model, entry.config, { now: ctx.now });
    const differences = compareWithExpected(r, entry.expected);
    const cex = r.counterexample;
    const sameVerdict =
      r.verdict === entry.expected.verdict &&
      (entry.expected.property === undefined || cex?.property === entry.expected.property);
    let trace: string | undefined;
    if (cex !== undefined) {
      trace = `traces/${safeName(`${e.model}-${e.config}`)}.itf.json`;
      const itf: ItfTrace = counterexampleToItf(m.model, cex, {
        config: e.config,
        mode: "bfs",
      });
      this.artifacts.set(trace, `${JSON.stringify(itf, null, 2)}\n`);
    }
    const mustFail = entry.mustFail === true;
    return {
      ...this.base(e, key),
      outcome: sameVerdict ? "supports" : "contradicts",
      observed:
        r.verdict === "ok"
          ? `all properties hold, ${r.distinctStates} states, depth ${r.depth}${mustFail ? " — a must-fail configuration passed" : ""}`
          : `${r.verdict} of ${cex?.property ?? "?"}, shortest counterexample ${cex?.states.length ?? 0} states, ${r.distinctStates} states${differences.length > 0 ? ` (differs: ${differences.join("; ")})` : ""}`,
      reproduce: `commons-spec model ${e.model} --config ${e.config}${cex !== undefined ? ` --out ${safeName(`${e.model}-${e.config}`)}.itf.json` : ""}`,
      packaged: true,
      model: {
        model: e.model,
        config: e.config,
        mustFail,
        verdict: r.verdict,
        ...(cex !== undefined
          ? { property: cex.property, counterexampleStates: cex.states.length }
          : {}),
        distinctStates: r.distinctStates,
        depth: r.depth,
        expected: { ...entry.expected },
        differences,
        ...(trace !== undefined ? { trace } : {}),
      },
    };
  }

  private async simulations(
    e: Extract<Evidence, { kind: "scenario" }>,
  ): Promise<{ summaries: readonly SeedSummary[]; changes: readonly VariantChange[] }> {
    const key = simulationKey(e);
    const hit = this.sims.get(key);
    if (hit !== undefined) return hit;
    const name = e.name;
    const b = builtinScenario(name);
    if (b === undefined) throw new Error(`unknown built-in scenario ${name}`);
    const v = scenarioVariant(b.document, e.variant, e.set);
    const parsed = parseScenarioDocument(v.document, name);
    if (!parsed.ok) throw new Error(`built-in scenario ${name}: ${parsed.errors.join("; ")}`);
    const runs = selectRuns(parsed.runs, e.runs, name);
    const out = await this.ctx.seedRunner.run({
      runs,
      seeds: this.ctx.seeds,
      quietFraction: this.ctx.profile.quietFraction,
    });
    // The changes of the runs that ran (a suite run left out changed nothing here).
    const ran = new Set(runs.map((x) => x.name ?? name));
    const r = { summaries: out, changes: v.changes.filter((c) => ran.has(c.run)) };
    this.sims.set(key, r);
    this.artifacts.set(`data/scenario-${simulationFileName(e)}.csv`, summariesCsv(out));
    return r;
  }

  private async runScenarioItem(
    e: Extract<Evidence, { kind: "scenario" }>,
    key: string,
  ): Promise<EvidenceResult> {
    const ctx = this.ctx;
    const costName = simulationKey(e);
    const perSeed = scenarioSecondsPerSeed(costName);
    const needs = profileFor(costName);
    if (perSeed > ctx.profile.maxSecondsPerSeed)
      return this.notRun(
        e,
        key,
        perSeed * PROFILES[needs].seeds,
        needs,
        `≈ ${perSeed} s of CPU per seed: left to the ${needs} profile`,
      );
    if (this.budgetSpent() && !this.sims.has(costName))
      return this.notRun(e, key, perSeed * ctx.seeds.length, ctx.profile.name, "time budget spent");
    const { summaries, changes } = await this.simulations(e);
    const runNames = [...new Set(summaries.map((s) => s.run))];
    const runs: RunStats[] = runNames.map((run) => {
      const all = summaries.filter((s) => s.run === run);
      const metrics: Partial<Record<ScenarioMetric, MedianEstimate>> = {};
      for (const m of SCENARIO_METRICS) {
        // A censored run's time is unknown and beyond the horizon (+∞, null); any other missing
        // value means the metric does not apply to this scenario.
        const xs = summariesMeasuring(m, all);
        const censoredMetric = isCensoredMetric(m);
        const measured = xs.filter((x) => !(censoredMetric && x.censored));
        if (!nullIsInfinite(m, xs) && measured.some((x) => x.metrics[m] === null)) continue;
        if (measured.length === 0 && m !== "settleMs") continue;
        metrics[m] = roundMedian(
          medianInterval(xs.map((x) => (censoredMetric && x.censored ? null : x.metrics[m]))),
        );
      }
      const violated = [...new Set(all.flatMap((s) => s.violated))].sort();
      return {
        run,
        seeds: all.map((s) => s.seed),
        converged: all.filter((s) => s.converged).length,
        censored: all.filter((s) => s.censored).length,
        violations: all.filter((s) => s.violated.length > 0).length,
        violated,
        metrics,
      };
    });
    const censored = runs.reduce((s, r) => s + r.censored, 0);
    let measure: SimulationEvidence["measure"];
    let outcome: EvidenceOutcome = "recorded";
    let observed = runs
      .map(
        (r) =>
          `${r.run}: ${r.converged}/${r.seeds.length} converged with the quiet margin, ${r.censored} censored` +
          (r.metrics.settleMs !== undefined
            ? `, settle time ${showMedian(r.metrics.settleMs, " ms")}`
            : ""),
      )
      .join("; ");
    if (e.measure !== undefined) {
      const m = e.measure;
      const inRun = summariesMeasuring(
        m.metric,
        summaries.filter((x) => m.run === undefined || x.run === m.run),
      );
      const values = inRun.map((x) =>
        isCensoredMetric(m.metric) && x.censored ? null : x.metrics[m.metric],
      );
      if (
        !isCensoredMetric(m.metric) &&
        !nullIsInfinite(m.metric, inRun) &&
        values.some((v) => v === null)
      )
        throw new Error(`scenario ${e.name} does not measure ${m.metric}`);
      const median = roundMedian(medianInterval(values));
      const decision = decideMedian(median, m.op as Comparison, m.value);
      measure = { ...m, decision, median };
      outcome = outcomeOf([decision]);
      observed = `${m.metric} ${showMedian(median)}; rule median ${m.op} ${m.value}: ${decision === "holds" ? "holds" : decision === "fails" ? "fails" : "undecided (the interval straddles it)"}. ${observed}`;
    } else observed = `figures only (no machine rule): ${observed}`;
    return {
      ...this.base(e, key),
      outcome,
      observed,
      reproduce: `${auditReproduce(CLAIM_PLACEHOLDER, ctx)}${oneSeedCommand(e, changes, ctx.seeds[0] ?? ctx.seed)}`,
      packaged: true,
      ...(censored > 0 && outcome === "inconclusive" ? { censored } : {}),
      simulation: {
        scenario: e.name,
        seeds: ctx.seeds,
        quietFraction: ctx.profile.quietFraction,
        runs,
        ...(measure !== undefined ? { measure } : {}),
        ...(e.variant !== undefined ? { variant: e.variant, changes } : {}),
        ...(e.set !== undefined ? { set: e.set } : {}),
        data: `data/scenario-${simulationFileName(e)}.csv`,
      },
    };
  }

  private runScaling(
    e: Extract<Evidence, { kind: "results" }>,
    key: string,
    experiment: ScalingExperiment,
  ): EvidenceResult {
    const ctx = this.ctx;
    const sweep = scalingSweep(experiment, ctx.profile, ctx.seeds);
    const perSeed = scalingSecondsPerSeed(experiment, ctx.profile);
    const work = sweepWork(experiment);
    const ran = work === "v2-scaling" ? this.v2Sweep !== undefined : this.v1Sweeps.has(experiment);
    if (perSeed > ctx.profile.maxSecondsPerSeed)
      return {
        ...this.notRun(
          e,
          key,
          perSeed * ctx.seeds.length,
          "full",
          `≈ ${perSeed} s of CPU per seed`,
        ),
        cost: {
          seconds: Math.max(1, Math.round(perSeed * ctx.seeds.length)),
          profile: "full",
          work: `scaling:${work}`,
        },
      };
    if (this.budgetSpent() && !ran)
      return {
        ...this.notRun(e, key, perSeed * ctx.seeds.length, ctx.profile.name, "time budget spent"),
        cost: {
          seconds: Math.max(1, Math.round(perSeed * ctx.seeds.length)),
          profile: ctx.profile.name,
          work: `scaling:${work}`,
        },
      };
    let r: ScalingResult;
    if (work === "v2-scaling") {
      this.v2Sweep ??= runV2Sweep(sweep);
      r =
        experiment === "itc-op-cost"
          ? itcOpCostResult(sweep, this.v2Sweep)
          : v2ScalingResult(sweep, this.v2Sweep);
    } else {
      const runs = this.v1Sweeps.get(experiment) ?? runSizeSweep(sweep);
      this.v1Sweeps.set(experiment, runs);
      r =
        experiment === "v1-scaling"
          ? v1ScalingResult(sweep, runs)
          : v1ConvergenceResult(sweep, runs);
    }
    const data = `data/scaling-${experiment}.csv`;
    const metrics = [...new Set(r.rows.flatMap((x) => Object.keys(x.values)))];
    this.artifacts.set(
      data,
      csvLines(`n,seed,converged,censored,${metrics.join(",")}`, r.rows, (x) =>
        [
          x.n,
          x.seed,
          x.converged,
          x.censored,
          ...metrics.map((m) => {
            const v = x.values[m];
            return v === null || v === undefined ? "" : String(round6(v));
          }),
        ].join(","),
      ),
    );
    const outcome: EvidenceOutcome =
      experiment === "itc-op-cost"
        ? // Either operation growing faster than logarithmically refutes "O(log N)".
          r.rules.some((x) => x.decision === "holds")
          ? "supports"
          : r.rules.every((x) => x.decision === "fails")
            ? "contradicts"
            : "inconclusive"
        : outcomeOf(r.rules.map((x) => x.decision));
    const censored = r.rows.filter((x) => x.censored).length;
    const fitText = r.fits
      .map(
        (f) =>
          `${f.metric}: exponent ${showMedian(f.exponent)}${f.censoredSeeds > 0 ? ` (${f.censoredSeeds} seeds censored)` : ""}${f.extrapolated !== undefined ? `, at n = ${f.extrapolated.n} ${showMedian(f.extrapolated.value)}` : ""}`,
      )
      .join("; ");
    const conv = r.convergedPerN.map((p) => `n=${p.n}: ${p.converged}/${p.runs}`).join(", ");
    const horizonMs = Number(sweep.set?.["duration"] ?? 0);
    return {
      ...this.base(e, key),
      label: SCALING_LABELS[experiment],
      toolkitExpects: SCALING_EXPECTS[experiment],
      outcome,
      observed:
        `n = ${sweep.sizes.join(", ")}, ${ctx.seeds.length} seeds, horizon ${horizonMs / 1000} s: ${fitText}` +
        `${r.logarithmicExponent !== undefined ? `; a log₂ n curve has exponent ${r.logarithmicExponent} over these sizes` : ""}` +
        `; converged within the horizon with the quiet margin: ${conv}; rule: ${r.rules.map((x) => `${x.metric} — ${x.rule}: ${x.decision}`).join("; ")}`,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      ...(censored > 0 && outcome === "inconclusive" ? { censored } : {}),
      fit: {
        experiment,
        scenario: sweep.scenario,
        ...(sweep.variant === "documents" ? { variant: "documents" as const } : {}),
        sizes: sweep.sizes,
        seeds: sweep.seeds,
        horizonMs,
        quietFraction: sweep.quietFraction,
        fits: r.fits,
        rules: r.rules,
        ...(r.logarithmicExponent !== undefined
          ? { logarithmicExponent: r.logarithmicExponent }
          : {}),
        convergedPerN: r.convergedPerN,
        censored,
        data,
      },
    };
  }

  private runSlotMatching(e: Extract<Evidence, { kind: "results" }>, key: string): EvidenceResult {
    const ctx = this.ctx;
    const o = slotMatchingOptions(ctx.profile, ctx.seeds);
    if (this.matching === undefined) {
      if (this.budgetSpent()) return this.notRun(e, key, 10, ctx.profile.name, "time budget spent");
      this.matching = measureSlotMatching(o);
      this.artifacts.set(
        "data/slot-matching.csv",
        csvLines(
          "availability,needs,seed,pairs,exact,candidates,fraction",
          this.matching.points,
          (p) =>
            `${o.availability},${p.needs},${p.seed},${p.pairs},${p.exact},${p.candidates},${p.fraction}`,
        ),
      );
    }
    const r = this.matching;
    const max = SLOT_MATCHING_MAX_FRACTION;
    const decisions = r.fractions.map((f) => decideMedian(f.fraction, "<", max));
    const outcome: EvidenceOutcome = !r.allExact ? "contradicts" : outcomeOf(decisions);
    return {
      ...this.base(e, key),
      label: "slot matching, index vs brute force (packaged experiment)",
      toolkitExpects: `the index finds exactly the brute-force pairs and checks under ${max * 100} % of the pairs at every size`,
      outcome,
      observed: `${r.allExact ? "exact at every size and seed" : "NOT exact"}; fraction of pairs checked ${r.fractions.map((f) => `N=${f.needs}: ${showMedian(f.fraction)}`).join("; ")}`,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      matching: {
        experiment: "slot-matching",
        availability: o.availability,
        needs: o.needs,
        seeds: o.seeds,
        allExact: r.allExact,
        maxFraction: max,
        fractions: r.fractions.map((f) => ({ needs: f.needs, fraction: roundMedian(f.fraction) })),
        data: "data/slot-matching.csv",
      },
    };
  }

  private runTurnover(
    e: Extract<Evidence, { kind: "results" }>,
    key: string,
    leave: LeaveKind,
  ): EvidenceResult {
    const ctx = this.ctx;
    const o = turnoverOptions(ctx.seeds);
    if (this.turnover === undefined) {
      if (this.budgetSpent())
        return {
          ...this.notRun(
            e,
            key,
            ITC_TURNOVER_SECONDS_PER_SEED * o.seeds.length,
            ctx.profile.name,
            "time budget spent",
          ),
          cost: {
            seconds: Math.max(1, Math.round(ITC_TURNOVER_SECONDS_PER_SEED * o.seeds.length)),
            profile: ctx.profile.name,
            work: "itc-turnover",
          },
        };
      this.turnover = measureTurnover(o);
      this.artifacts.set(
        "data/itc-turnover.csv",
        csvLines(
          "leave,seed,departed,generation,meanBytes,maxBytes,meanIdDepth,maxIdDepth",
          this.turnover.samples,
          (p) =>
            `${p.leave},${p.seed},${p.departed},${round6(p.departed / o.active)},${p.meanBytes},${p.maxBytes},${p.meanIdDepth},${p.maxIdDepth}`,
        ),
      );
    }
    const s = this.turnover.summaries.find((x) => x.leave === leave) as TurnoverSummary;
    const rule =
      leave === "silent"
        ? { op: ">" as const, threshold: s.logarithmicExponent }
        : { op: "<" as const, threshold: TURNOVER_GRACEFUL_MAX_EXPONENT };
    const outcome = outcomeOf([decideMedian(s.exponent, rule.op, rule.threshold)]);
    const generations = o.generations[leave];
    return {
      ...this.base(e, key),
      label: `ITC stamps under turnover, ${leave === "silent" ? "silent leavers" : "graceful leaves"} (packaged experiment)`,
      toolkitExpects:
        leave === "silent"
          ? "stamps grow faster than logarithmically in the departures (the departed participants' ids are never reclaimed)"
          : `stamps grow far slower than in proportion to the departures (growth exponent below ${TURNOVER_GRACEFUL_MAX_EXPONENT})`,
      outcome,
      observed:
        `${o.active} active participants, ${generations} generations of turnover: growth exponent of the mean bytes against the departures over the second half ${showMedian(s.exponent)} (a logarithmic curve has ${s.logarithmicExponent}); ` +
        `mean bytes ${showMedian(s.firstGenerationBytes, " B")} in the first generation, ${showMedian(s.lastGenerationBytes, " B")} in the last; largest id depth in the last generation ${showMedian(s.lastGenerationMaxIdDepth)}`,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      turnover: {
        experiment: "itc-turnover",
        leave,
        active: o.active,
        generations,
        messagesPerLeave: o.messagesPerLeave,
        seeds: o.seeds,
        rule,
        summary: s,
        data: "data/itc-turnover.csv",
      },
    };
  }

  private runTolerance(
    e: Extract<Evidence, { kind: "results" }>,
    key: string,
    series: "crashes" | "joins",
  ): EvidenceResult {
    const ctx = this.ctx;
    const label =
      series === "crashes"
        ? `P2P survivors after ${CRASHED_PROVIDERS} provider and ${CRASHED_RECIPIENTS} recipient crashes in the allocation round (packaged experiment)`
        : `P2P newcomers joining at ${JOINS_PER_MINUTE}/min without recognition (packaged experiment)`;
    const toolkitExpects =
      series === "crashes"
        ? "with crashes in the allocation round the survivors settle less often than failure-free runs beyond the interval (a recipient whose request a crashed provider never answered asks it every round: nothing tells it the provider is gone)"
        : "runs with newcomers settle less often than failure-free runs beyond the interval (no provider recognises a newcomer: it is granted 0 and keeps asking)";
    if (ctx.profile.name === "quick" || this.budgetSpent()) {
      const seconds =
        TOLERANCE_SECONDS_PER_SEED * Math.max(ctx.seeds.length, PROFILES.standard.seeds);
      return {
        ...this.notRun(
          e,
          key,
          seconds,
          ctx.profile.name === "quick" ? "standard" : ctx.profile.name,
          ctx.profile.name === "quick"
            ? `≈ ${seconds.toFixed(1)} s of CPU (3 series × ${PROFILES.standard.seeds} seeds): left to the standard profile, whose ${PROFILES.standard.seeds} seeds the settle-rate rule needs`
            : "time budget spent",
        ),
        label,
        toolkitExpects,
        cost: {
          seconds: Math.max(1, Math.round(seconds)),
          profile: ctx.profile.name === "quick" ? "standard" : ctx.profile.name,
          work: "p2p-failure-tolerance",
        },
      };
    }
    if (this.tolerance === undefined) {
      this.tolerance = measureTolerance(ctx.seeds);
      this.artifacts.set(
        "data/p2p-failure-tolerance.csv",
        csvLines(
          "series,seed,settled,initialSettled,crashed,joined,liveRecipients,doneRecipients,waitingOnCrashed,lastGrantMs,unrecognised,unrecognisedEmpty,newcomersDone,newcomersHeld,survivorGap,survivorGapAll,simulatorGap,violated",
          this.tolerance.samples,
          (x) =>
            `${x.series},${x.seed},${x.settled},${x.initialSettled},${x.crashed},${x.joined},${x.liveRecipients},${x.doneRecipients},${x.waitingOnCrashed},${round6(x.lastGrantMs)},${x.unrecognised},${x.unrecognisedEmpty},${x.newcomersDone},${round6(x.newcomersHeld)},${x.survivorGap === null ? "" : round6(x.survivorGap)},${x.survivorGapAll === null ? "" : round6(x.survivorGapAll)},${x.simulatorGap === null ? "" : round6(x.simulatorGap)},${x.violated.join(" ")}`,
        ),
      );
    }
    const r = this.tolerance;
    const base = r.series.find((x) => x.series === "failure-free") as SeriesSummary;
    const other = r.series.find((x) => x.series === series) as SeriesSummary;
    const decision = series === "crashes" ? r.crashes : r.joins;
    // Both items refute (the catalogue's role): each is supported when its series fails against
    // the failure-free one — survivors waiting on a crashed provider, newcomers never granted.
    const outcome = refutingOutcome(decision);
    const common = `failure-free: settled ${settleRate(base.settle)}, distance to the reference ${showMedian(base.gap)}`;
    const observed =
      series === "crashes"
        ? `${common}, last grant by ${Math.round(base.lastGrantMs)} ms; ${CRASHED_PROVIDERS} providers and ${CRASHED_RECIPIENTS} recipients crashed in the allocation round (0–1 s): survivors settled ${settleRate(other.settle)}, ${other.waitingOnCrashed} recipients in all left asking a crashed provider that never answered; distance to the survivors' reference (grants from live providers: the document's provider resets its allocations each round) ${showMedian(other.gap)}; counting a crashed provider's earlier grants as held, against the same reference (not comparable: the reference has none of that capacity) ${showMedian(other.gapAll)}; safety violated in ${other.violated} runs; decision ${decision}`
        : `${common}; with ${other.newcomers} newcomers in all (${showMedian(other.joined)} a run): settled ${settleRate(other.settle)} (the initial recipients alone: ${settleRate(other.initialSettle)}); newcomers done ${other.newcomersDone}/${other.newcomers} (${other.newcomersWithoutProvider} had no provider neighbour), holding ${round6(other.newcomersHeld)} in all; decision ${decision}`;
    return {
      ...this.base(e, key),
      label,
      toolkitExpects,
      outcome,
      observed,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      tolerance: {
        experiment: "p2p-failure-tolerance",
        series,
        seeds: ctx.seeds,
        decision,
        failureFree: base,
        other,
        data: "data/p2p-failure-tolerance.csv",
      },
    };
  }

  /** The P2P experiment at scale (claim S0-37; src/audit/failure-tolerance.ts `measureScaling`). */
  private runScaleTolerance(
    e: Extract<Evidence, { kind: "results" }>,
    key: string,
    series: "crashes" | "joins",
  ): EvidenceResult {
    const ctx = this.ctx;
    const sizes = SCALING_SIZES.join(" and ");
    const label =
      series === "crashes"
        ? `P2P survivors at n = ${sizes}, 20 % of the nodes crashing (packaged experiment)`
        : `P2P at n = ${sizes}, 10 % of n joining without recognition (packaged experiment)`;
    const toolkitExpects =
      series === "crashes"
        ? "with crashes in the allocation round the survivors settle less often than the same population without crashes beyond the interval, at every n (S0-20's finding at scale: nothing tells a recipient that a provider has gone)"
        : "runs with newcomers settle less often than their own initial recipients beyond the interval (no provider recognises a newcomer)";
    if (ctx.profile.name === "quick" || this.budgetSpent()) {
      const seconds =
        SCALE_TOLERANCE_SECONDS_PER_SEED * Math.max(ctx.seeds.length, PROFILES.standard.seeds);
      const profile = ctx.profile.name === "quick" ? "standard" : ctx.profile.name;
      return {
        ...this.notRun(
          e,
          key,
          seconds,
          profile,
          ctx.profile.name === "quick"
            ? `≈ ${Math.round(seconds)} s of CPU (2 series × ${SCALING_SIZES.length} sizes × ${PROFILES.standard.seeds} seeds): left to the standard profile`
            : "time budget spent",
        ),
        label,
        toolkitExpects,
        cost: { seconds: Math.max(1, Math.round(seconds)), profile, work: "p2p-scale-churn" },
      };
    }
    if (this.scaleTolerance === undefined) {
      this.scaleTolerance = measureScaling(SCALING_SIZES, ctx.seeds);
      this.artifacts.set(
        "data/p2p-scale-churn.csv",
        csvLines(
          "n,series,seed,settled,initialSettled,crashed,joined,liveRecipients,doneRecipients,newcomersDone,survivorGap,messages,violated",
          this.scaleTolerance.samples,
          (x) =>
            `${x.n},${x.series},${x.seed},${x.settled},${x.initialSettled},${x.crashed},${x.joined},${x.liveRecipients},${x.doneRecipients},${x.newcomersDone},${x.survivorGap === null ? "" : round6(x.survivorGap)},${x.messages},${x.violated.join(" ")}`,
        ),
      );
    }
    const r = this.scaleTolerance;
    const decision = series === "crashes" ? r.crashes : r.joins;
    // Both items refute (the catalogue's role), as S0-20's do.
    const outcome = refutingOutcome(decision);
    const observed = r.points
      .map((p) => {
        const z = scalingSize(p.n);
        return series === "crashes"
          ? `n = ${p.n} (${z.crashedProviders} providers and ${z.crashedRecipients} recipients crashed): survivors settled ${settleRate(p.crashes.settle)}, distance to the survivors' reference ${showMedian(p.crashes.gap)}, messages per node ${showMedian(p.messagesPerNode)}, safety violated in ${p.crashes.violated} runs`
          : `n = ${p.n} (${p.joins.newcomers} newcomers in all): settled ${settleRate(p.joins.settle)}, the initial recipients alone ${settleRate(p.joins.initialSettle)}, newcomers done ${p.joins.newcomersDone}/${p.joins.newcomers}`;
      })
      .join("; ");
    return {
      ...this.base(e, key),
      label,
      toolkitExpects,
      outcome,
      observed: `${observed}; decision ${decision}`,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      scaleTolerance: {
        experiment: "p2p-scale-churn",
        series,
        seeds: ctx.seeds,
        decision,
        points: r.points,
        data: "data/p2p-scale-churn.csv",
      },
    };
  }

  /** Runs per point of the per-round experiments in this profile, or the profile that runs them. */
  private perRoundRuns(): number {
    return PER_ROUND_RUNS[this.ctx.profile.name];
  }

  private runLaw(e: Extract<Evidence, { kind: "results" }>, key: string): EvidenceResult {
    const ctx = this.ctx;
    const runs = this.perRoundRuns();
    const o = lawOptions(ctx.seed, Math.max(runs, PER_ROUND_RUNS.standard));
    const label = "rounds to ε against ln n × diameter, per-round setting (packaged experiment)";
    const toolkitExpects =
      "no one constant lies in every (topology, n) point's interval of rounds / (ln n · D): rounds grow with n, hardly with the diameter (the law holds where one constant does)";
    if (runs === 0 || this.budgetSpent()) {
      const seconds = PER_ROUND_LAW_SECONDS_PER_RUN * o.runs;
      return {
        ...this.notRun(
          e,
          key,
          seconds,
          runs === 0 ? "standard" : ctx.profile.name,
          runs === 0
            ? `≈ ${Math.round(seconds)} s of CPU (${o.runs} runs × ${o.topologies.length} topologies × ${o.sizes.length} sizes): left to the standard profile`
            : "time budget spent",
        ),
        label,
        toolkitExpects,
      };
    }
    if (this.law === undefined) {
      this.law = measureLaw(o);
      this.artifacts.set(
        "data/per-round-law.csv",
        csvLines(
          "topology,nodes,run,seed,diameter,lnNTimesD,roundsNeeded,ratio",
          this.law.samples,
          (x) =>
            `${x.topology},${x.nodes},${x.run},${x.seed},${x.diameter},${x.x},${x.rounds ?? ""},${x.ratio ?? ""}`,
        ),
      );
    }
    const r = this.law;
    const s = perRoundSetting([]);
    const fit = (b: BootstrapEstimate) => `${b.estimate} [${b.lower}, ${b.upper}]`;
    const byTopology = o.topologies
      .map(
        (t) =>
          `${t}: ${r.points
            .filter((p) => p.topology === t)
            .map((p) => `n = ${p.nodes} (D ${p.diameter.median}) ${showMedian(p.rounds)}`)
            .join(", ")}`,
      )
      .join("; ");
    return {
      ...this.base(e, key),
      label,
      toolkitExpects,
      outcome: outcomeAgainst(r.decision, LAW_EXPECTED),
      observed:
        `rounds / (ln n · D): ${r.decision === "holds" ? "one constant fits every point" : r.decision === "fails" ? "no constant fits every point" : "undecided"} ` +
        `(largest lower bound ${r.largestLower ?? "∞"}, smallest upper bound ${r.smallestUpper ?? "∞"}); ` +
        `slope of rounds against ln n · D ${fit(r.slope)} rounds per unit, exponent ${fit(r.exponent)} (the law: 1), slope against ln n alone ${fit(r.lnSlope)} (95 % bootstrap, ${r.slope.n} uncensored runs, ${r.censored} censored); rounds needed, ${byTopology}`,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      ...(r.censored > 0 && r.decision === "undecided" ? { censored: r.censored } : {}),
      perRound: {
        experiment: "per-round-law",
        masterSeed: ctx.seed,
        runs: o.runs,
        set: Object.fromEntries(PER_ROUND_BASE),
        horizon: s.rounds,
        epsilon: s.epsilon,
        decision: r.decision,
        law: {
          topologies: o.topologies,
          sizes: o.sizes,
          points: r.points,
          largestLower: r.largestLower,
          smallestUpper: r.smallestUpper,
          slope: r.slope,
          exponent: r.exponent,
          lnSlope: r.lnSlope,
          censored: r.censored,
        },
        data: "data/per-round-law.csv",
      },
    };
  }

  private runFactor(
    e: Extract<Evidence, { kind: "results" }>,
    key: string,
    f: SpeedFactor,
  ): EvidenceResult {
    const ctx = this.ctx;
    const runs = this.perRoundRuns();
    const label = `rounds to ε over ${f.label}, per-round setting (packaged experiment)`;
    const toolkitExpects = `rounds needed at ${f.parameter} = ${String(f.values[0])} lie ${f.expect === "holds" ? "below" : "above"} those at ${String(f.values[f.values.length - 1])} beyond their intervals (the document's direction ${f.expect === "holds" ? "holds" : "fails"} for this factor)`;
    if (runs === 0 || this.budgetSpent()) {
      const n = Math.max(runs, PER_ROUND_RUNS.standard);
      const seconds = PER_ROUND_FACTOR_SECONDS_PER_RUN * f.values.length * n;
      return {
        ...this.notRun(
          e,
          key,
          seconds,
          runs === 0 ? "standard" : ctx.profile.name,
          runs === 0
            ? `≈ ${Math.round(seconds)} s of CPU (${n} runs × ${f.values.length} values): left to the standard profile`
            : "time budget spent",
        ),
        label,
        toolkitExpects,
      };
    }
    let r = this.factors.get(f.id);
    if (r === undefined) {
      r = measureFactor(f, ctx.seed, runs);
      this.factors.set(f.id, r);
      // One file for every factor run so far, in catalogue order (the figure draws them all).
      const all = [...this.factors.values()];
      this.artifacts.set(
        "data/per-round-factors.csv",
        csvLines(
          "factor,parameter,value,run,seed,roundsNeeded",
          all.flatMap((x) => x.samples.map((y) => ({ ...y, factor: x.factor, p: x.parameter }))),
          (x) =>
            `${x.factor},${x.p},${csvCell(String(x.value))},${x.run},${x.seed},${x.rounds ?? ""}`,
        ),
      );
    }
    const s = perRoundSetting([...FACTOR_BASE, ...(f.set ?? [])]);
    const censored = r.samples.filter((x) => x.rounds === null).length;
    return {
      ...this.base(e, key),
      label,
      toolkitExpects,
      outcome: outcomeAgainst(r.decision, f.expect),
      observed:
        `rounds needed for ε = ${s.epsilon} (horizon ${s.rounds}), ${f.parameter} from the document's faster to its slower: ` +
        `${r.points.map((p) => `${String(p.value)} → ${showMedian(p.rounds)}`).join("; ")}; ` +
        `${r.decision === "holds" ? "faster as the document says, beyond the intervals" : r.decision === "fails" ? "SLOWER where the document says faster, beyond the intervals" : "the ends' intervals overlap: undecided"}`,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      ...(censored > 0 && r.decision === "undecided" ? { censored } : {}),
      perRound: {
        experiment: "per-round-factor",
        masterSeed: ctx.seed,
        runs,
        set: Object.fromEntries([...PER_ROUND_BASE, ...FACTOR_BASE, ...(f.set ?? [])]),
        horizon: s.rounds,
        epsilon: s.epsilon,
        decision: r.decision,
        factor: {
          id: f.id,
          label: f.label,
          parameter: f.parameter,
          values: f.values,
          points: r.points,
        },
        data: "data/per-round-factors.csv",
      },
    };
  }

  private runItcSizes(e: Extract<Evidence, { kind: "results" }>, key: string): EvidenceResult {
    const ctx = this.ctx;
    const o = itcSizeOptions(ctx.profile, ctx.seeds);
    if (this.itc === undefined) {
      if (this.budgetSpent()) return this.notRun(e, key, 20, ctx.profile.name, "time budget spent");
      this.itc = measureItcSizes(o);
      this.artifacts.set(
        "data/itc-stamp-sizes.csv",
        csvLines(
          "workload,n,seed,meanBytes,maxBytes,vcMeanBytes,vcMaxBytes",
          this.itc.points,
          (p) =>
            `${p.workload},${p.n},${p.seed},${p.meanBytes},${p.maxBytes},${p.vcMeanBytes},${p.vcMaxBytes}`,
        ),
      );
    }
    const r = this.itc;
    // Faster than logarithmic growth: every workload's exponent interval lies above the
    // exponent a logarithmic curve has over the same sizes.
    const decisions = r.exponents.map((x) => decideMedian(x.exponent, ">", r.logarithmicExponent));
    const outcome = outcomeOf(decisions);
    return {
      ...this.base(e, key),
      label: "ITC stamp sizes vs participants (packaged experiment)",
      toolkitExpects: "stamp sizes grow faster than logarithmically in the participants",
      outcome,
      observed: `${r.exponents.map((x) => `${x.workload}: exponent ${showMedian(x.exponent)}`).join("; ")}; a logarithmic curve has exponent ${r.logarithmicExponent} over N = ${o.sizes.join(", ")}; vector clocks on the same runs: ${r.vcExponents.map((x) => `${x.workload} exponent ${showMedian(x.exponent)}`).join("; ")}`,
      reproduce: auditReproduce(CLAIM_PLACEHOLDER, ctx),
      packaged: true,
      scaling: {
        experiment: "itc-stamp-sizes",
        sizes: o.sizes,
        seeds: o.seeds,
        stepsPerProcess: o.stepsPerProcess,
        logarithmicExponent: r.logarithmicExponent,
        exponents: r.exponents,
        vectorClockExponents: r.vcExponents,
        data: "data/itc-stamp-sizes.csv",
      },
    };
  }
}

/** One CSV cell: quoted when it holds a comma, a quote or a line break. */
function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A data file: its header line, then one line per item (newline-terminated). */
export function csvLines<T>(header: string, items: readonly T[], line: (x: T) => string): string {
  return `${[header, ...items.map(line)].join("\n")}\n`;
}

/**
 * The outcome of an item decided by one or more interval rules: supports when every rule holds,
 * contradicts when one fails, inconclusive otherwise (an interval straddles its threshold).
 */
export function outcomeOf(
  decisions: readonly ("holds" | "fails" | "undecided")[],
): EvidenceOutcome {
  return decisions.every((d) => d === "holds")
    ? "supports"
    : decisions.some((d) => d === "fails")
      ? "contradicts"
      : "inconclusive";
}

/** One seed of a scenario item from `simulate`, when its changes can be said with --sweep. */
function oneSeedCommand(
  e: Extract<Evidence, { kind: "scenario" }>,
  changes: readonly VariantChange[],
  seed: number,
): string {
  const b = builtinScenario(e.name);
  const suite = b !== undefined && "compare" in b.document;
  const sweeps = [
    ...Object.entries(e.set ?? {}).map(([k, v]) => [k, v] as const),
    ...changes.map((c) => [c.path, c.documents] as const),
  ];
  // simulate --sweep sets a path in every run of a suite: per-protocol changes cannot be said.
  if (suite && changes.length > 0) return "";
  const unique = [...new Map(sweeps.map(([k, v]) => [k, JSON.stringify(v)])).entries()];
  return `  (one seed: commons-spec simulate ${e.name}${unique.map(([k, v]) => ` --sweep '${k}=${v.startsWith("{") ? `[${v}]` : v}'`).join("")} --seed ${seed})`;
}

/** The per-seed series of a scenario as CSV. */
export function summariesCsv(xs: readonly SeedSummary[]): string {
  // Messages sent per kind and, for router runs, latency percentiles per lane: one column each,
  // over the union of the kinds and lanes any run has (sorted, so the columns do not depend on
  // the order of the runs).
  const kinds = [...new Set(xs.flatMap((s) => Object.keys(s.sentByKind)))].sort();
  const lanes = [
    ...new Set(xs.flatMap((s) => (s.latency === undefined ? [] : Object.keys(s.latency.p50)))),
  ].sort();
  const head = [
    "run",
    "seed",
    "converged",
    "censored",
    "quietMs",
    "horizonMs",
    "violated",
    ...SCENARIO_METRICS,
    "protocol",
    "nodes",
    ...kinds.map((k) => `${SENT_PREFIX}${k}`),
    ...lanes.flatMap((l) => [`${LATENCY_PREFIX.p50}${l}`, `${LATENCY_PREFIX.p99}${l}`]),
  ];
  const cell = (v: unknown) => {
    const s =
      v === null || v === undefined ? "" : typeof v === "number" ? String(round6(v)) : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = xs.map((s) =>
    [
      s.run,
      s.seed,
      s.converged,
      s.censored,
      s.quietMs,
      s.horizonMs,
      s.violated.join(" "),
      ...SCENARIO_METRICS.map((m) => s.metrics[m]),
      s.protocol,
      s.nodes,
      ...kinds.map((k) => s.sentByKind[k] ?? 0),
      ...lanes.flatMap((l) => [s.latency?.p50[l] ?? null, s.latency?.p99[l] ?? null]),
    ]
      .map(cell)
      .join(","),
  );
  return `${[head.join(","), ...rows].join("\n")}\n`;
}

/** Column prefixes of a scenario CSV: messages sent of one kind; a router lane's percentiles. */
export const SENT_PREFIX = "sent:";
export const LATENCY_PREFIX = { p50: "p50:", p99: "p99:" } as const;

/** A settle rate as "k/n [lower, upper]" (Wilson 95 %). */
function settleRate(x: SeriesSummary["settle"]): string {
  return `${x.k}/${x.n} [${pct(x.lower)}, ${pct(x.upper)}]`;
}

/** The outcome of an item whose role is to refute: its series failing supports the refutation. */
function refutingOutcome(decision: Decision): EvidenceOutcome {
  return decision === "fails" ? "supports" : decision === "holds" ? "contradicts" : "inconclusive";
}
