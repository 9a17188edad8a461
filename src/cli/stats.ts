/**
 * `commons-spec stats --claim ID [--set k=v,…] [--sweep k=a:b:step|v1,v2,…]… [--seed S]
 * [--run i] [--json]`: runs a statistical claim's test — the SPRT the audit runs (STAT-1 …
 * STAT-3, or a claim of spec/claims.json that cites one) — with parameters the toolkit chose
 * overridden (observation noise, ε, horizon, learning-rate schedule, trust, liar fraction and
 * strategy, loss, partitions, n, the SPRT's own p0/p1/α/β), over a grid with --sweep. Prints a
 * table (or JSON) with the master seed and a replay command per point.
 *
 * Exit codes: 0 the test ran at every point (its decisions are data, whatever they are);
 * 2 bad usage or a bad parameter (the message names it).
 */
import { InvalidArgumentError, type Command } from "commander";
import { ClaimsError, loadClaims } from "../audit/claims.js";
import { estimationLine } from "../audit/stat-replay.js";
import {
  applyStatParams,
  StatParamError,
  statParamName,
  STAT_PARAMS,
  statValue,
  type StatParamValue,
} from "../audit/stat-params.js";
import {
  claimOptions,
  formatStatSweep,
  runStatSweep,
  settingLine,
  statsCommand,
  statSpec,
  type StatAxis,
} from "../audit/stat-sweep.js";
import { parseSweepAxis } from "../engine/sim/sweep.js";
import { runEstimation, runSeed, STAT_CLAIM } from "../../properties/convergence-stats.js";
import { EXIT, UsageError, type CliIO } from "./io.js";

/** The largest grid `stats` runs (each point is a whole SPRT). */
export const MAX_STAT_POINTS = 400;

/** The default master seed (the audit's). */
export const DEFAULT_STATS_SEED = 1;

interface StatsOptions {
  readonly claim?: string;
  readonly set?: readonly (readonly [string, StatParamValue])[];
  readonly sweep?: readonly StatAxis[];
  readonly seed?: number;
  readonly run?: number;
  readonly json?: boolean;
  readonly list?: boolean;
}

function setArg(
  v: string,
  prev: readonly (readonly [string, StatParamValue])[] | undefined,
): readonly (readonly [string, StatParamValue])[] {
  const out = [...(prev ?? [])];
  for (const part of v.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`"${part}": expected key=value (e.g. noise=0.1)`);
    const key = part.slice(0, eq).trim();
    let name: string;
    try {
      name = statParamName(key);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
    if (out.some(([k]) => k === name)) throw new InvalidArgumentError(`${name} is set twice`);
    out.push([name, statValue(part.slice(eq + 1))]);
  }
  return out;
}

function sweepArg(v: string, prev: readonly StatAxis[] | undefined): readonly StatAxis[] {
  const r = parseSweepAxis(v);
  if (!r.ok) throw new InvalidArgumentError(r.error);
  let name: string;
  try {
    name = statParamName(r.value.key);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  if ((prev ?? []).some((a) => a.parameter === name))
    throw new InvalidArgumentError(`${name} is swept twice`);
  return [...(prev ?? []), { parameter: name, values: r.value.values.map(statValue) }];
}

function seedArg(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) > 0x7fff0000)
    throw new InvalidArgumentError("must be an integer from 0 to 2147418112");
  return Number(v);
}

function runArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 100_000)
    throw new InvalidArgumentError("must be an integer from 0 to 100000");
  return Number(v);
}

/** What `--claim` runs: the STAT test, and the parameters the claim's own evidence fixes. */
export interface ResolvedStatClaim {
  readonly stat: string;
  /** Parameters the cited sweep sets (e.g. S0-26's `rate=adaptive:0.3`); `--set` overrides them. */
  readonly set: readonly (readonly [string, StatParamValue])[];
  /** The catalogue claim it came from, when `--claim` named one rather than STAT-n. */
  readonly from?: string;
}

/** The STAT claim behind `--claim`: STAT-n itself, or the first one a catalogue claim cites,
 * with the parameters that evidence item fixes (so the test run is the one the audit runs). */
export function resolveStatClaim(id: string): ResolvedStatClaim {
  if (statSpec(id) !== undefined) return { stat: id, set: [] };
  if (/^S\d-\d+$/.test(id)) {
    let claims;
    try {
      claims = loadClaims().claims;
    } catch (e) {
      if (e instanceof ClaimsError) throw new UsageError(`stats: ${e.message}`);
      throw e;
    }
    const c = claims.find((x) => x.id === id);
    if (c === undefined) throw new UsageError(`stats: --claim: unknown claim "${id}"`);
    for (const e of c.evidence) {
      if (e.kind === "invariant" && statSpec(e.id) !== undefined)
        return { stat: e.id, set: [], from: id };
      if (e.kind === "sweep")
        return {
          stat: e.stat,
          set: Object.entries(e.set ?? {}).map(([k, v]) => [statParamName(k), v] as const),
          from: id,
        };
    }
    throw new UsageError(
      `stats: --claim ${id}: its evidence has no statistical test (STAT-1, STAT-2 or STAT-3)`,
    );
  }
  throw new UsageError(
    `stats: --claim: unknown claim "${id}" (STAT-1, STAT-2, STAT-3, or a claim id such as S0-6)`,
  );
}

/** The claim's fixed parameters under the user's `--set` (the user's value wins per key). */
function withClaimDefaults(
  claimSet: readonly (readonly [string, StatParamValue])[],
  userSet: readonly (readonly [string, StatParamValue])[],
): readonly (readonly [string, StatParamValue])[] {
  return [...claimSet.filter(([k]) => !userSet.some(([u]) => u === k)), ...userSet];
}

function listParameters(): string {
  const w = Math.max(...Object.keys(STAT_PARAMS).map((k) => k.length));
  return `${Object.entries(STAT_PARAMS)
    .map(([k, d]) => `  ${k.padEnd(w)}  ${d.describe}`)
    .join("\n")}\n`;
}

/** Runs `stats` with parsed options; returns the exit code. */
export function runStats(opts: StatsOptions, io: CliIO): number {
  if (opts.list === true) {
    io.out(listParameters());
    return EXIT.ok;
  }
  if (opts.claim === undefined)
    throw new UsageError("stats: --claim ID is required (STAT-1, STAT-2, STAT-3 or e.g. S0-6)");
  const resolved = resolveStatClaim(opts.claim);
  const stat = resolved.stat;
  const seed = opts.seed ?? DEFAULT_STATS_SEED;
  // A parameter the claim fixes but --sweep varies is left to the sweep.
  const set = withClaimDefaults(
    resolved.set.filter(([k]) => !(opts.sweep ?? []).some((a) => a.parameter === k)),
    opts.set ?? [],
  );
  const axes = opts.sweep ?? [];
  const points = axes.reduce((n, a) => n * a.values.length, 1);
  if (points > MAX_STAT_POINTS)
    throw new UsageError(
      `stats: --sweep: ${points} grid points, more than ${MAX_STAT_POINTS} (each is a whole SPRT)`,
    );
  // Which test a catalogue claim stands for, and what its evidence fixes (stderr keeps --json clean).
  if (resolved.from !== undefined) {
    const fixed = resolved.set.map(([k, v]) => `${k}=${String(v)}`).join(",");
    io.err(
      `${resolved.from}: ${stat}${fixed === "" ? "" : ` with ${fixed} as its evidence fixes (--set overrides)`}\n`,
    );
  }
  try {
    if (opts.run !== undefined) {
      if (axes.length > 0) throw new UsageError("stats: --run replays one point: no --sweep");
      const spec = statSpec(stat);
      const t = applyStatParams({ setting: spec?.setting as never, claim: STAT_CLAIM }, set);
      const r = runEstimation(t.setting, runSeed(seed, opts.run), opts.run);
      if (opts.json === true) io.out(`${JSON.stringify({ stat, seed, set, run: r }, null, 2)}\n`);
      else
        io.out(
          [
            `${stat}, one run: ${settingLine(t.setting)}`,
            estimationLine(r),
            `run seed ${r.seed} (master seed ${seed}, run ${opts.run}); ${r.ok ? "every honest estimate within ε" : "NOT every honest estimate within ε"}; worst: ${JSON.stringify(r.worst)}`,
            `replay: ${statsCommand(stat, seed, set, opts.run)}`,
            "",
          ].join("\n"),
        );
      return EXIT.ok;
    }
    const r = runStatSweep({ stat, masterSeed: seed, set, axes });
    if (opts.json === true)
      io.out(
        `${JSON.stringify(
          {
            stat: r.stat,
            title: r.title,
            masterSeed: r.masterSeed,
            set: Object.fromEntries(r.set),
            sweep: r.axes,
            setting: r.base.setting,
            test: { name: "Wald SPRT", ...claimOptions(r.base.claim) },
            expectedAtBase: r.expectedAtBase,
            points: r.points,
          },
          null,
          2,
        )}\n`,
      );
    else io.out(formatStatSweep(r));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof StatParamError) throw new UsageError(`stats: ${e.message}`);
    throw e;
  }
}

export function registerStatsCommand(program: Command, io: CliIO, result: { code: number }): void {
  program
    .command("stats")
    .description(
      "run a statistical claim's SPRT with the toolkit's parameters overridden, or over a grid (--sweep)",
    )
    .option("--claim <id>", "STAT-1, STAT-2, STAT-3, or a claim of spec/claims.json citing one")
    .option("--set <k=v,…>", "fix parameters (repeatable); --list-parameters names them", setArg)
    .option(
      "--sweep <k=values>",
      "vary a parameter: a:b:step, v1,v2,… or a JSON array (repeatable: the grid is every combination)",
      sweepArg,
    )
    .option("--seed <s>", `master seed of the SPRT (default ${DEFAULT_STATS_SEED})`, seedArg)
    .option("--run <i>", "replay only run i of the test (its worst estimate)", runArg)
    .option("--json", "print the result as JSON")
    .option("--list-parameters", "list the parameters --set and --sweep accept")
    .action((opts: StatsOptions & { listParameters?: boolean }) => {
      result.code = runStats(
        { ...opts, ...(opts.listParameters === true ? { list: true } : {}) },
        io,
      );
    });
}
