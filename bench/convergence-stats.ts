/**
 * Statistical convergence claims of SPEC.md §13.1, measured.
 *
 *   npx tsx bench/convergence-stats.ts [--seed N] [--quick] [--fixed N]
 *   npx tsx bench/convergence-stats.ts --claim STAT-1 --seed N [--run i]
 *
 * Without --claim:
 * 1. STAT-1 … STAT-3 decided by the SPRT exactly as the properties do (master seed = --seed).
 * 2. Fixed-size estimates: STAT-1's and STAT-2's settings over --fixed runs (default 1 000,
 *    --quick 200), the fraction with its 99 % Hoeffding interval and the one-sided Hoeffding
 *    decision of p ≥ 0.95.
 * 3. The horizon: Robbins–Monro and constant α = 0.3 after T = 10, 20, 40, 60, 100 rounds.
 * 4. The dishonest-fraction sweep: inflate ×5 with adaptive trust (the claim), with the seed's
 *    constant trust, and deflate ×5; f = 0 … 50 %, each decided by the SPRT; f* is the largest
 *    f such that the claim holds at every f' ≤ f of the grid.
 * 5. With 5 % liars: the largest honest error after T = 20 … 400 rounds, Robbins–Monro versus
 *    constant α.
 * Every experiment prints its master seed; a final JSON line holds every figure.
 *
 * With --claim: replays that claim's SPRT from --seed, printing every run; with --run i also,
 * the details of run i (instance, worst estimate).
 */
import {
  decideClaim,
  describeVerdict,
  INFLATE_5,
  runEstimation,
  runSeed,
  STAT_CLAIM,
  STAT_SETTING,
  statClaims,
  type EstimationSetting,
  type StatVerdict,
} from "../properties/convergence-stats.js";
import { replayStat } from "../src/audit/stat-replay.js";
import { SEED_LEARNING_RATE } from "../src/core/protocols/learning-rate.js";
import { deriveSeed } from "../src/engine/sim/rng.js";
import { hoeffdingDecide, hoeffdingEstimate } from "../src/engine/stats/hoeffding.js";

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const quick = args.includes("--quick");
const seed = Number.parseInt(option("--seed") ?? "42", 10);
const fixedRuns = Number.parseInt(option("--fixed") ?? (quick ? "200" : "1000"), 10);
const claimId = option("--claim");
const runIndex = option("--run");

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

if (claimId !== undefined) {
  // The replay lives in the package (`commons-spec audit stat`); this is a thin wrapper.
  let r;
  try {
    r = replayStat(
      claimId,
      seed,
      runIndex === undefined ? undefined : Number.parseInt(runIndex, 10),
    );
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  console.log(r.lines.join("\n"));
  process.exit(r.asExpected ? 0 : 1);
}

console.log(`convergence-stats bench — master seed ${seed}${quick ? " (quick)" : ""}`);
const report: Record<string, unknown> = { seed, quick, fixedRuns };

// 1. The claims, as the properties decide them.
console.log("\n1. Claims (SPRT: H0 p ≥ 0.95 vs H1 p ≤ 0.85, α = β = 0.01)");
const claims: unknown[] = [];
for (const c of statClaims()) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const v = decideClaim(c.setting, STAT_CLAIM, seed);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `  ${describeVerdict(c.id, STAT_CLAIM, v)}; ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU`,
  );
  claims.push({
    id: c.id,
    expect: c.expect,
    decision: v.decision,
    runs: v.sprt.runs,
    successes: v.sprt.successes,
    interval: [v.estimate.lower, v.estimate.upper],
    worstError: v.worstError,
    ms: Math.round(ms),
    cpuMs: Math.round(cpuMs),
  });
}
report["claims"] = claims;

// 2. Fixed-size Hoeffding estimates.
function fixed(label: string, s: EstimationSetting, n: number) {
  const master = deriveSeed(seed, label);
  const errors: number[] = [];
  let ok = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const r = runEstimation(s, runSeed(master, i), i);
    errors.push(r.maxError);
    if (r.ok) ok++;
  }
  const ms = (performance.now() - t0) / n;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / n;
  errors.sort((a, b) => a - b);
  const q = (p: number) => errors[Math.min(n - 1, Math.floor(p * n))] as number;
  const e = hoeffdingEstimate(ok, n, 0.01);
  return {
    label,
    master,
    runs: n,
    successes: ok,
    estimate: e.estimate,
    lower: e.lower,
    upper: e.upper,
    decide: hoeffdingDecide(ok, n, 0.95, 0.01),
    medianError: q(0.5),
    q95Error: q(0.95),
    maxError: q(1),
    msPerRun: ms,
    cpuMsPerRun: cpuMs,
  };
}
console.log(`\n2. Fixed-size estimates (${fixedRuns} runs, 99 % Hoeffding)`);
const fixedResults = [
  fixed("fixed:robbins-monro", STAT_SETTING, fixedRuns),
  fixed("fixed:constant", { ...STAT_SETTING, learningRate: SEED_LEARNING_RATE }, fixedRuns),
];
for (const f of fixedResults)
  console.log(
    `  ${f.label.padEnd(22)} ${f.successes}/${f.runs} p̂ = ${pct(f.estimate)} [${pct(f.lower)}, ${pct(f.upper)}]  ` +
      `p ≥ 0.95: ${f.decide}  max error median ${pct(f.medianError)}, q95 ${pct(f.q95Error)}, max ${pct(f.maxError)}  ` +
      `${f.msPerRun.toFixed(1)} ms/run wall, ${f.cpuMsPerRun.toFixed(1)} ms CPU  (master seed ${f.master})`,
  );
report["fixed"] = fixedResults;

// 3. The horizon T.
const horizonRuns = quick ? 50 : 200;
console.log(`\n3. Horizon (${horizonRuns} runs each)`);
const horizon: unknown[] = [];
for (const T of [10, 20, 40, 60, 100]) {
  for (const [name, lr] of [
    ["robbins-monro", STAT_SETTING.learningRate],
    ["constant 0.3", SEED_LEARNING_RATE],
  ] as const) {
    const f = fixed(
      `horizon:${name}:${T}`,
      { ...STAT_SETTING, rounds: T, learningRate: lr },
      horizonRuns,
    );
    console.log(
      `  T = ${String(T).padStart(3)} ${name.padEnd(14)} ${f.successes}/${f.runs} p̂ = ${pct(f.estimate)} [${pct(f.lower)}, ${pct(f.upper)}]  ` +
        `max error median ${pct(f.medianError)}, q95 ${pct(f.q95Error)}`,
    );
    horizon.push({ T, rate: name, ...f });
  }
}
report["horizon"] = horizon;

// 4. The dishonest-fraction sweep.
const fractions = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];
const sweeps: readonly [
  string,
  Partial<EstimationSetting>,
  EstimationSetting["dishonest"]["strategy"],
][] = [
  ["inflate ×5, adaptive trust", {}, INFLATE_5],
  ["inflate ×5, constant trust (seed)", { trust: "constant" }, INFLATE_5],
  ["deflate ×5, adaptive trust", {}, { kind: "deflate", factor: 5 }],
];
console.log("\n4. Dishonest-fraction sweep (SPRT per fraction)");
const sweepOut: unknown[] = [];
for (const [name, patch, strategy] of sweeps) {
  let fStar: number | undefined;
  let holding = true;
  for (const f of fractions) {
    const s: EstimationSetting = {
      ...STAT_SETTING,
      ...patch,
      dishonest: { fraction: f, strategy },
    };
    const master = deriveSeed(seed, `sweep:${name}:${f}`);
    let withLiar = 0;
    let withLiarOk = 0;
    const errors: number[] = [];
    const t0 = performance.now();
    const v: StatVerdict = decideClaim(s, STAT_CLAIM, master, (r) => {
      errors.push(r.maxError);
      if (r.dishonest > 0) {
        withLiar++;
        if (r.ok) withLiarOk++;
      }
    });
    const ms = performance.now() - t0;
    errors.sort((a, b) => a - b);
    const median = errors[Math.floor(errors.length / 2)] as number;
    holding = holding && v.decision === "holds";
    if (holding) fStar = f;
    console.log(
      `  ${name.padEnd(34)} f = ${pct(f).padStart(6)}: ${v.decision.padEnd(9)} after ${String(v.sprt.runs).padStart(3)} runs, ` +
        `${v.sprt.successes} ok (p̂ = ${pct(v.estimate.estimate)}); runs with a liar: ${withLiarOk}/${withLiar} ok; ` +
        `median max error ${pct(median)}; ${(ms / 1000).toFixed(1)} s (master seed ${master})`,
    );
    sweepOut.push({
      strategy: name,
      fraction: f,
      decision: v.decision,
      runs: v.sprt.runs,
      successes: v.sprt.successes,
      withLiar,
      withLiarOk,
      medianError: median,
      ms: Math.round(ms),
      master,
    });
  }
  console.log(`  → ${name}: f* = ${fStar === undefined ? "none (fails at f = 0)" : pct(fStar)}`);
}
report["sweep"] = sweepOut;

// 5. Why: a liar's pull does not decay, the Robbins–Monro gain does.
const pullRuns = quick ? 30 : 60;
console.log(
  `\n5. Error with 5 % liars (inflate ×5, adaptive trust) versus the horizon (${pullRuns} runs each)`,
);
const pull: unknown[] = [];
for (const T of [20, 60, 200, 400]) {
  for (const [name, lr] of [
    ["robbins-monro", STAT_SETTING.learningRate],
    ["constant 0.3", SEED_LEARNING_RATE],
  ] as const) {
    const f = fixed(
      `pull:${name}:${T}`,
      {
        ...STAT_SETTING,
        rounds: T,
        learningRate: lr,
        dishonest: { fraction: 0.05, strategy: INFLATE_5 },
      },
      pullRuns,
    );
    console.log(
      `  T = ${String(T).padStart(3)} ${name.padEnd(14)} ${f.successes}/${f.runs} ok; max error median ${pct(f.medianError)}, q95 ${pct(f.q95Error)}  (master seed ${f.master})`,
    );
    pull.push({ T, rate: name, ...f });
  }
}
report["pull"] = pull;
console.log(`\n${JSON.stringify(report)}`);
