/**
 * Units of work below a claim: a claim whose costly work is only sweeps over n that split by seed
 * (S2-19's two V1 sweeps) can be run as one unit per sweep and seed, in any parts (`--shard i/n`,
 * `--jobs n`). A part runs its units and writes their raw runs (`units/*.json` of its output); the
 * merge (`audit merge`, the parent of `--jobs`) puts the runs back in the sweep's own order (sizes,
 * then the scenario's runs, then seeds: `runSizeSweep`) and decides the claim from them, with the
 * ledger, figures and data files one process writes.
 *
 * Only sweeps whose runs are complete in their `SizeRun`s split: the V2 sweep (S2-14, S3-25) also
 * keeps each run's stamp costs (`runV2Sweep`), so it stays whole.
 */
import type { Claim } from "./claims.js";
import { PROFILES, type AuditProfileName } from "./profiles.js";
import { SCALING_HEADINGS, workKey } from "./runners.js";
import {
  scalingSecondsPerSeed,
  scalingSweep,
  type ScalingExperiment,
} from "./scaling-experiments.js";
import { runSizeSweep, type SizeRun } from "./scaling-sweeps.js";

/** The sweeps that split by seed (their runs are all the experiment keeps). */
export const SPLIT_EXPERIMENTS: readonly ScalingExperiment[] = ["v1-scaling", "v1-convergence"];

/** One unit: a claim's sweep at one seed (the `index`-th of the audit's seeds, from 0). */
export interface ClaimUnit {
  readonly claim: string;
  readonly experiment: ScalingExperiment;
  readonly index: number;
  /** `claim:experiment:i` (i from 1), how plans and manifests name it. */
  readonly id: string;
  /** The unit's share of the planned CPU of its claim (its sweep's cost per seed). */
  readonly weight: number;
}

/** What a part writes for a unit (`units/<claim>-<experiment>-<i>.json`). */
export interface UnitFile {
  readonly claim: string;
  readonly experiment: ScalingExperiment;
  readonly index: number;
  readonly seed: number;
  readonly runs: readonly SizeRun[];
}

export const UNITS_DIR = "units";

export function unitPath(u: Pick<ClaimUnit, "claim" | "experiment" | "index">): string {
  return `${UNITS_DIR}/${u.claim}-${u.experiment}-${u.index + 1}.json`;
}

/**
 * The units of a claim in a profile with `seeds` seeds per simulation, in sweep order (the
 * experiments as the claim cites them, seeds within); undefined when the claim does not split:
 * some costly work of it is not a splitting sweep, or none of its sweeps runs in the profile
 * (`maxSecondsPerSeed`: a skipped sweep is decided as not run wherever the claim is decided).
 */
export function claimUnits(
  c: Claim,
  profile: AuditProfileName,
  seeds: number,
): ClaimUnit[] | undefined {
  const p = PROFILES[profile];
  const experiments: ScalingExperiment[] = [];
  for (const e of c.evidence) {
    if (workKey(e) === undefined) continue;
    const x = e.kind === "results" ? SCALING_HEADINGS[e.heading] : undefined;
    if (x === undefined || !SPLIT_EXPERIMENTS.includes(x)) return undefined;
    if (scalingSecondsPerSeed(x, p) > p.maxSecondsPerSeed || experiments.includes(x)) continue;
    experiments.push(x);
  }
  if (experiments.length === 0) return undefined;
  const units: ClaimUnit[] = [];
  for (const experiment of experiments) {
    const weight = scalingSecondsPerSeed(experiment, p);
    for (let index = 0; index < seeds; index++)
      units.push({
        claim: c.id,
        experiment,
        index,
        id: `${c.id}:${experiment}:${index + 1}`,
        weight,
      });
  }
  return units;
}

/**
 * A unit file's text: JSON, with the numbers JSON cannot hold (NaN, ±Infinity, −0) written as
 * `{"$number": "NaN"}` and so on, so that the merge decides the claim from the very runs the part
 * computed.
 */
export function unitJson(f: UnitFile): string {
  return `${JSON.stringify(f, (_k, v: unknown) =>
    typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))
      ? { $number: Object.is(v, -0) ? "-0" : String(v) }
      : v,
  )}\n`;
}

/** The unit file of `unitJson`'s text. */
export function parseUnitJson(text: string): UnitFile {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const n = (v as { $number?: unknown }).$number;
      if (keys.length === 1 && typeof n === "string") return n === "-0" ? -0 : Number(n);
    }
    return v;
  }) as UnitFile;
}

/**
 * What is wrong with a unit file read back by a merge, named by its field path (undefined when
 * its shape is one a part writes): the claim, a splitting sweep, the index of one of the audit's
 * `seeds` and that seed, and for every size of the sweep the same number (at least one) of runs,
 * each at a size of the sweep and the unit's seed, with `rounds` null or a count and a `summary`
 * object. A merge decides a claim from these runs, so a damaged file must stop it, not change
 * the verdict. (The summaries' own fields are not checked one by one.)
 */
export function unitFileProblem(
  x: unknown,
  profile: AuditProfileName,
  seeds: readonly number[],
): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(x)) return "not a unit file (an object with claim, experiment, index, seed, runs)";
  if (typeof x.claim !== "string") return "claim: must be a claim id";
  const experiment = x.experiment;
  if (!SPLIT_EXPERIMENTS.some((e) => e === experiment))
    return `experiment: must be one of ${SPLIT_EXPERIMENTS.join(", ")}, got ${JSON.stringify(experiment)}`;
  const index = x.index;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= seeds.length)
    return `index: must be an integer from 0 to ${seeds.length - 1} (the audit's ${seeds.length} seeds), got ${JSON.stringify(index)}`;
  if (x.seed !== seeds[index])
    return `seed: ${JSON.stringify(x.seed)}, not the audit's seed ${seeds[index]} for index ${index}`;
  if (!Array.isArray(x.runs)) return "runs: must be an array";
  const sizes = scalingSweep(experiment as ScalingExperiment, PROFILES[profile], seeds).sizes;
  const perSize = new Map<number, number>(sizes.map((n) => [n, 0]));
  for (const [i, r] of (x.runs as unknown[]).entries()) {
    if (!isObject(r)) return `runs[${i}]: must be an object`;
    const count = typeof r.n === "number" ? perSize.get(r.n) : undefined;
    if (count === undefined)
      return `runs[${i}].n: must be a size of the sweep (${sizes.join(", ")}), got ${JSON.stringify(r.n)}`;
    perSize.set(r.n as number, count + 1);
    if (r.seed !== x.seed) return `runs[${i}].seed: must be the unit's seed ${String(x.seed)}`;
    const rounds = r.rounds;
    if (rounds !== null && !(typeof rounds === "number" && Number.isInteger(rounds) && rounds >= 0))
      return `runs[${i}].rounds: must be null or a count of rounds`;
    if (!isObject(r.summary)) return `runs[${i}].summary: must be an object`;
  }
  const counts = [...perSize.values()];
  const first = counts[0] ?? 0;
  if (first === 0 || counts.some((c) => c !== first))
    return `runs: every size of the sweep (${sizes.join(", ")}) must have the same number of runs, at least one; got ${counts.join(", ")}`;
  return undefined;
}

/** Runs one unit: its sweep at its one seed (`seeds`: the audit's seeds). */
export function runUnit(
  u: ClaimUnit,
  profile: AuditProfileName,
  seeds: readonly number[],
): UnitFile {
  const seed = seeds[u.index];
  if (seed === undefined)
    throw new Error(`unit ${u.id}: no seed ${u.index + 1} of ${seeds.length}`);
  const runs = runSizeSweep(scalingSweep(u.experiment, PROFILES[profile], [seed]));
  return { claim: u.claim, experiment: u.experiment, index: u.index, seed, runs };
}

/**
 * The runs of each of a claim's sweeps from its unit files (in any order), in the order one
 * `runSizeSweep` over every seed gives: each size in the sweep's order, the scenario's runs at
 * that size in their order, the seeds within. Throws when a unit is missing, doubled or foreign.
 */
export function assembleRuns(
  units: readonly ClaimUnit[],
  files: readonly UnitFile[],
  profile: AuditProfileName,
  seeds: readonly number[],
): Map<ScalingExperiment, SizeRun[]> {
  const byId = new Map<string, UnitFile>();
  for (const f of files) {
    const id = `${f.claim}:${f.experiment}:${f.index + 1}`;
    if (!units.some((u) => u.id === id)) throw new Error(`unit ${id} is not one of its claim's`);
    if (byId.has(id)) throw new Error(`unit ${id} is in more than one part`);
    if (f.seed !== seeds[f.index])
      throw new Error(`unit ${id}: seed ${f.seed}, not the audit's ${seeds[f.index]}`);
    byId.set(id, f);
  }
  const missing = units.filter((u) => !byId.has(u.id)).map((u) => u.id);
  if (missing.length > 0)
    throw new Error(`missing units ${missing.join(", ")} (a part was not merged)`);
  const out = new Map<ScalingExperiment, SizeRun[]>();
  for (const experiment of new Set(units.map((u) => u.experiment))) {
    const mine = units
      .filter((u) => u.experiment === experiment)
      .sort((a, b) => a.index - b.index)
      .map((u) => byId.get(u.id) as UnitFile);
    const runs: SizeRun[] = [];
    for (const n of scalingSweep(experiment, PROFILES[profile], seeds).sizes) {
      const at = mine.map((f) => f.runs.filter((r) => r.n === n));
      const perSeed = Math.max(0, ...at.map((a) => a.length));
      for (let j = 0; j < perSeed; j++)
        for (const a of at) {
          const r = a[j];
          if (r !== undefined) runs.push(r);
        }
    }
    out.set(experiment, runs);
  }
  return out;
}
