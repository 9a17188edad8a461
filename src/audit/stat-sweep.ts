/**
 * A statistical claim's SPRT over a grid of parameters (`commons-spec stats`, and the audit's
 * sweep evidence): at every grid point the claim's setting with the parameters applied, decided
 * by Wald's SPRT from one master seed, with the estimate, its interval and replay commands. And
 * what a one-parameter sweep says about the claim: where it holds, where it fails, and the
 * condition in words ("holds for noise ≤ 0.15, fails for noise ≥ 0.2").
 */
import {
  decideClaim,
  runEstimation,
  STAT_CLAIM,
  statClaims,
  type EstimationSetting,
  type StatClaim,
  type StatDecision,
} from "../../properties/convergence-stats.js";
import { round6 } from "./intervals.js";
import {
  applyStatParams,
  showTopology,
  StatParamError,
  statParamName,
  type StatParamValue,
  type StatTest,
} from "./stat-params.js";

/** One swept parameter and its values. */
export interface StatAxis {
  readonly parameter: string;
  readonly values: readonly StatParamValue[];
}

export interface StatPointResult {
  /** The swept parameters' values at this point (fixed --set ones are in the base). */
  readonly at: Readonly<Record<string, StatParamValue>>;
  readonly decision: StatDecision;
  readonly runs: number;
  readonly successes: number;
  readonly estimate: {
    readonly p: number;
    readonly lower: number;
    readonly upper: number;
    readonly confidence: number;
  };
  readonly worstError: number;
  readonly firstFailingRun?: number;
  /** Replays this point (every run, then the decision). */
  readonly reproduce: string;
}

export interface StatSweepResult {
  /** The STAT claim whose test is run (STAT-1 … STAT-3). */
  readonly stat: string;
  readonly title: string;
  readonly masterSeed: number;
  /** The parameters fixed for every point (--set), in the order given. */
  readonly set: readonly (readonly [string, StatParamValue])[];
  readonly axes: readonly StatAxis[];
  /** The setting and SPRT options with the fixed parameters applied. */
  readonly base: StatTest;
  /** The decision the toolkit expects at the claim's own setting. */
  readonly expectedAtBase: "holds" | "fails";
  readonly points: readonly StatPointResult[];
}

/** The STAT claim a `--claim` names: STAT-1 … STAT-3 themselves, or undefined. */
export function statSpec(id: string) {
  return statClaims().find((c) => c.id === id);
}

/** Every grid point's values, the last axis varying fastest. */
export function gridOf(axes: readonly StatAxis[]): Record<string, StatParamValue>[] {
  let out: Record<string, StatParamValue>[] = [{}];
  for (const a of axes) out = out.flatMap((p) => a.values.map((v) => ({ ...p, [a.parameter]: v })));
  return out;
}

function showValue(v: StatParamValue): string {
  return String(v);
}

/** The `stats` command that replays a point (or one of its runs). */
export function statsCommand(
  stat: string,
  masterSeed: number,
  params: readonly (readonly [string, StatParamValue])[],
  run?: number,
): string {
  const set = params.map(([k, v]) => `${k}=${showValue(v)}`).join(",");
  return `commons-spec stats --claim ${stat} --seed ${masterSeed}${set === "" ? "" : ` --set ${set}`}${run === undefined ? "" : ` --run ${run}`}`;
}

export interface StatSweepOptions {
  readonly stat: string;
  readonly masterSeed: number;
  readonly set?: readonly (readonly [string, StatParamValue])[];
  readonly axes?: readonly StatAxis[];
  /** Called after each point (progress). */
  readonly onPoint?: (p: StatPointResult, done: number, total: number) => void;
  /**
   * Called after every round of every run with the largest honest error then (the point's
   * index in the grid, the run, its seed, the round t ≥ 1): the rounds-needed figure's data.
   */
  readonly onRound?: (point: number, run: number, seed: number, t: number, error: number) => void;
}

/**
 * Checks the whole grid first (every point's setting must be valid: a StatParamError names the
 * parameter), then runs the SPRT at every point. Throws StatParamError for an unknown claim.
 */
export function runStatSweep(o: StatSweepOptions): StatSweepResult {
  const spec = statSpec(o.stat);
  if (spec === undefined)
    throw new StatParamError(
      `unknown statistical claim ${o.stat} (${statClaims()
        .map((c) => c.id)
        .join(", ")}, or a claim of spec/claims.json whose evidence cites one)`,
    );
  const set = (o.set ?? []).map(([k, v]) => [statParamName(k), v] as const);
  const axes = (o.axes ?? []).map((a) => ({ ...a, parameter: statParamName(a.parameter) }));
  const start: StatTest = { setting: spec.setting, claim: STAT_CLAIM };
  const base = applyStatParams(start, set);
  const grid = gridOf(axes);
  const tests = grid.map((at) => {
    const params = [...set, ...Object.entries(at)] as [string, StatParamValue][];
    return { at, params, test: applyStatParams(start, params) };
  });
  const points: StatPointResult[] = [];
  for (const { at, params, test } of tests) {
    const k = points.length;
    const onRound = o.onRound;
    const v =
      onRound === undefined
        ? decideClaim(test.setting, test.claim, o.masterSeed)
        : decideClaim(test.setting, test.claim, o.masterSeed, undefined, (s, seed, i) =>
            runEstimation(s, seed, i, (t, err) => onRound(k, i, seed, t, err)),
          );
    const e = v.estimate;
    const p: StatPointResult = {
      at,
      decision: v.decision,
      runs: v.sprt.runs,
      successes: v.sprt.successes,
      estimate: {
        p: round6(e.estimate),
        lower: round6(e.lower),
        upper: round6(e.upper),
        confidence: round6(e.confidence),
      },
      worstError: round6(v.worstError),
      ...(v.firstFailure !== undefined ? { firstFailingRun: v.firstFailure.run } : {}),
      reproduce: statsCommand(spec.id, o.masterSeed, params),
    };
    points.push(p);
    o.onPoint?.(p, points.length, tests.length);
  }
  return {
    stat: spec.id,
    title: spec.title,
    masterSeed: o.masterSeed,
    set,
    axes,
    base,
    expectedAtBase: spec.expect,
    points,
  };
}

/** What a one-parameter sweep says about a claim whose test it is. */
export interface SweepDependence {
  readonly parameter: string;
  readonly holds: readonly StatParamValue[];
  readonly fails: readonly StatParamValue[];
  readonly undecided: readonly StatParamValue[];
  /** Numeric, sorted, and the holding values all on one side of the failing ones. */
  readonly monotone: boolean;
  /** The largest (or smallest) value where it holds next to the first where it fails. */
  readonly boundary?: {
    readonly holdsUpTo?: number;
    readonly failsFrom?: number;
    readonly holdsFrom?: number;
    readonly failsUpTo?: number;
  };
  /** In words: "holds for noise ≤ 0.15, fails for noise ≥ 0.2". */
  readonly condition: string;
}

/** The dependence of the claim on one swept parameter (points of a one-axis sweep). */
export function dependenceOf(
  parameter: string,
  points: readonly StatPointResult[],
): SweepDependence {
  const values = points.map((p) => p.at[parameter] as StatParamValue);
  const by = (d: StatDecision) =>
    points.filter((p) => p.decision === d).map((p) => p.at[parameter] as StatParamValue);
  const holds = by("holds");
  const fails = by("fails");
  const undecided = by("undecided");
  const numeric = values.every((v) => typeof v === "number");
  let monotone = false;
  let boundary: SweepDependence["boundary"];
  let condition: string;
  const list = (xs: readonly StatParamValue[]) => xs.map(String).join(", ");
  if (numeric && holds.length > 0 && fails.length > 0) {
    const h = holds as number[];
    const f = fails as number[];
    const maxH = Math.max(...h);
    const minH = Math.min(...h);
    const maxF = Math.max(...f);
    const minF = Math.min(...f);
    if (maxH < minF) {
      monotone = true;
      boundary = { holdsUpTo: maxH, failsFrom: minF };
      condition = `holds for ${parameter} ≤ ${maxH}, fails for ${parameter} ≥ ${minF}`;
    } else if (maxF < minH) {
      monotone = true;
      boundary = { failsUpTo: maxF, holdsFrom: minH };
      condition = `fails for ${parameter} ≤ ${maxF}, holds for ${parameter} ≥ ${minH}`;
    } else
      condition = `holds for ${parameter} ∈ {${list(h)}}, fails for ${parameter} ∈ {${list(f)}}`;
  } else if (holds.length > 0 && fails.length > 0)
    condition = `holds for ${parameter} ∈ {${list(holds)}}, fails for ${parameter} ∈ {${list(fails)}}`;
  else if (fails.length === 0 && holds.length > 0)
    condition = `holds at every ${parameter} swept (${list(holds)})`;
  else if (holds.length === 0 && fails.length > 0)
    condition = `fails at every ${parameter} swept (${list(fails)})`;
  else condition = `undecided at every ${parameter} swept`;
  if (undecided.length > 0 && (holds.length > 0 || fails.length > 0))
    condition += `; undecided at ${parameter} = ${list(undecided)}`;
  return {
    parameter,
    holds,
    fails,
    undecided,
    monotone,
    ...(boundary !== undefined ? { boundary } : {}),
    condition,
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/** The sweep as a table (one row per grid point) with the seed and the replay commands. */
export function formatStatSweep(r: StatSweepResult): string {
  const names = r.axes.map((a) => a.parameter);
  const head = [...names, "decision", "runs", "within ε", "p̂ [interval]", "worst error", "replay"];
  const rows = r.points.map((p) => [
    ...names.map((n) => String(p.at[n])),
    p.decision,
    String(p.runs),
    `${p.successes}/${p.runs}`,
    `${pct(p.estimate.p)} [${pct(p.estimate.lower)}, ${pct(p.estimate.upper)}]`,
    pct(p.worstError),
    p.reproduce,
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const c = r.base.claim;
  const s = r.base.setting;
  const out = [
    `${r.stat} — ${r.title}`,
    `setting: ${settingLine(s)}${r.set.length > 0 ? `  (--set ${r.set.map(([k, v]) => `${k}=${String(v)}`).join(",")})` : ""}`,
    `test: Wald SPRT, H0 p ≥ ${c.p0} against H1 p ≤ ${c.p1}, α = ${c.alpha}, β = ${c.beta}, at most ${c.maxRuns} runs; success = every honest estimate within ε after T rounds`,
    `master seed ${r.masterSeed} (every point runs i = 0, 1, … seeded from it); the toolkit expects "${r.expectedAtBase}" at ${r.stat}'s own setting`,
    "",
    line(head),
    ...rows.map(line),
  ];
  if (r.axes.length === 1) {
    const a = r.axes[0] as StatAxis;
    out.push("", `over ${a.parameter}: ${dependenceOf(a.parameter, r.points).condition}`);
  }
  const failing = r.points.find((p) => p.firstFailingRun !== undefined);
  if (failing !== undefined && failing.firstFailingRun !== undefined)
    out.push(`one failing run: ${failing.reproduce} --run ${failing.firstFailingRun}`);
  return `${out.join("\n")}\n`;
}

/** The setting in one line. */
export function settingLine(s: EstimationSetting): string {
  const lr =
    s.learningRate.kind === "constant"
      ? `constant α = ${s.learningRate.alpha}`
      : s.learningRate.kind === "adaptive"
        ? `adaptive α ≤ ${s.learningRate.alpha} (halved on oscillation)`
        : `Robbins–Monro (${s.learningRate.a}, ${s.learningRate.b}, ${s.learningRate.gamma})`;
  const d = s.dishonest;
  const st = d.strategy;
  const how =
    st.kind === "noise"
      ? `noise σ = ${st.sigma}`
      : st.kind === "collude"
        ? `collude at ${st.value}`
        : `${st.kind} ×${st.factor}`;
  return [
    `n = ${s.nodes.min === s.nodes.max ? s.nodes.min : `${s.nodes.min}–${s.nodes.max}`}`,
    `T = ${s.rounds}`,
    `ε = ${s.epsilon}`,
    `noise h = ${s.noise}`,
    lr,
    `${s.trust} trust`,
    `loss ${s.loss}`,
    `partition chance ${s.partitionChance}`,
    d.fraction > 0 ? `liars ${d.fraction} (${how})` : "no liars",
    // The gossip factors, only when set (SPEC §13.1's setting leaves them out).
    ...(s.topology !== undefined ? [`topology ${showTopology(s.topology)}`] : []),
    ...(s.fanout !== undefined ? [`fanout ${s.fanout}`] : []),
    ...(s.gossipEvery !== undefined ? [`gossip every ${s.gossipEvery} rounds`] : []),
    ...(s.delay !== undefined ? [`gossip delay ${s.delay} rounds`] : []),
    ...(s.hint !== undefined ? [`capacity hint ×${s.hint}`] : []),
  ].join(", ");
}

/** The SPRT options in the ledger's form. */
export function claimOptions(c: StatClaim) {
  return { p0: c.p0, p1: c.p1, alpha: c.alpha, beta: c.beta, maxRuns: c.maxRuns };
}
