/**
 * Replaying a statistical claim (STAT-1 … STAT-3) from the package: the SPRT from a master seed,
 * one line per run, then the verdict; or one run of it with its worst estimate. What
 * `commons-spec audit stat ID --seed S [--run i]` prints (bench/convergence-stats.ts --claim is a
 * thin wrapper around it).
 */
import {
  decideClaim,
  describeVerdict,
  runEstimation,
  runSeed,
  STAT_CLAIM,
  statClaims,
  type EstimationRun,
} from "../../properties/convergence-stats.js";

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/** One run as a line. */
export function estimationLine(r: EstimationRun): string {
  return (
    `run ${String(r.run).padStart(4)}  ${r.ok ? "ok  " : "FAIL"}  ${r.topology.padEnd(15)} ${String(r.nodes).padStart(3)} nodes ` +
    `${String(r.providers).padStart(2)} providers ${String(r.estimates).padStart(3)} estimates ${String(r.dishonest).padStart(2)} liars` +
    `${r.partitioned ? " partitioned" : "            "}  max error ${pct(r.maxError)}`
  );
}

export interface StatReplay {
  readonly lines: readonly string[];
  /** Whether the engine reached the claim's expected decision (or, with a run, the run succeeded). */
  readonly asExpected: boolean;
}

/** Replays `id` from `masterSeed`; throws an Error naming the known ids for an unknown one. */
export function replayStat(id: string, masterSeed: number, run?: number): StatReplay {
  const c = statClaims().find((x) => x.id === id);
  if (c === undefined)
    throw new Error(
      `unknown statistical claim ${id} (one of ${statClaims()
        .map((x) => x.id)
        .join(", ")})`,
    );
  const lines = [`${c.id} — ${c.title}`, `setting: ${JSON.stringify(c.setting)}`];
  if (run !== undefined) {
    const r = runEstimation(c.setting, runSeed(masterSeed, run), run);
    lines.push(
      estimationLine(r),
      `run seed ${r.seed} (master seed ${masterSeed}, run ${run}); worst: ${JSON.stringify(r.worst)}`,
    );
    return { lines, asExpected: r.ok };
  }
  const v = decideClaim(c.setting, STAT_CLAIM, masterSeed, (r) => lines.push(estimationLine(r)));
  lines.push(describeVerdict(c.id, STAT_CLAIM, v));
  return { lines, asExpected: v.decision === c.expect };
}
