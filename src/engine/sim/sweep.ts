/**
 * Multi-seed sweeps of a scenario (SPEC.md §13.2): a plan is the scenario's runs × a grid of
 * scenario fields (`--sweep nodes.count=100,200`) × a list of seeds; every point is one
 * `runScenario` with that seed, exactly what `commons-spec simulate <scenario> --seed s` runs.
 * Points run on `worker_threads`, one worker per core by default; each point is a separate,
 * self-contained run (no state shared between points), so its report does not depend on the
 * number of workers or on which worker ran it, and results are returned in plan order.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { err, ok, type Result } from "../../core/errors.js";
import { runScenario, type SimulationReport } from "./run.js";
import { parseScenarioDocument, type Population, type Scenario } from "./scenario.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** One swept scenario field and its values. */
export interface SweepAxis {
  /** As the user wrote it (`n`, `nodes.count`). */
  readonly key: string;
  /** The field path in the scenario document. */
  readonly path: readonly (string | number)[];
  readonly values: readonly JsonValue[];
}

export interface SweepParam {
  readonly key: string;
  readonly value: JsonValue;
}

/** One run of the plan. */
export interface SweepPoint {
  /** Position in the plan (results come back in this order). */
  readonly index: number;
  /** The scenario's name (a suite has several runs). */
  readonly run: string;
  readonly runIndex: number;
  /** Index of the grid point (same for every seed of one parameter combination). */
  readonly gridIndex: number;
  readonly params: readonly SweepParam[];
  readonly seed: number;
  readonly scenario: Scenario;
  /** How the replay line names the scenario (with the swept values, if any). */
  readonly source: string;
}

export interface SweepPlan {
  readonly name: string;
  /** The seeds given, or (without --seeds) the runs' own seeds. */
  readonly seeds: readonly number[];
  readonly axes: readonly SweepAxis[];
  readonly points: readonly SweepPoint[];
}

/** Short names for frequently swept fields. */
export const SWEEP_ALIASES: Readonly<Record<string, string>> = {
  n: "nodes.count",
  loss: "network.loss",
  duplicate: "network.duplicate",
};

/** At most this many points in one plan. */
export const MAX_POINTS = 100_000;

const SEED_MIN = -0x80000000;
const SEED_MAX = 0xffffffff;

function seedOf(s: string): number | null {
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) && n >= SEED_MIN && n <= SEED_MAX ? n : null;
}

/**
 * Parses a seed list: `1..8` (inclusive), `1,5,9`, or both (`1..4,10`). Seeds are 32-bit
 * integers; duplicates and descending ranges are errors.
 */
export function parseSeedList(text: string): Result<readonly number[], string> {
  const out: number[] = [];
  const seen = new Set<number>();
  const parts = text.split(",").map((p) => p.trim());
  for (const part of parts) {
    const range = /^(-?\d+)\s*\.\.\s*(-?\d+)$/.exec(part);
    let from: number | null;
    let to: number | null;
    if (range !== null) {
      from = seedOf(range[1] ?? "");
      to = seedOf(range[2] ?? "");
    } else from = to = seedOf(part);
    if (from === null || to === null)
      return err(
        `"${part}" is not a seed or a range of seeds (32-bit integers: 1..8, 1,5,9 or 1..4,10)`,
      );
    if (to < from) return err(`"${part}": the range goes down (write ${to}..${from})`);
    if (to - from + 1 + out.length > MAX_POINTS)
      return err(`"${text}": more than ${MAX_POINTS} seeds`);
    for (let s = from; s <= to; s++) {
      if (seen.has(s)) return err(`seed ${s} is listed twice`);
      seen.add(s);
      out.push(s);
    }
  }
  return ok(out);
}

function parseValue(v: string): JsonValue {
  try {
    return JSON.parse(v) as JsonValue;
  } catch {
    return v;
  }
}

function decimal(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * Parses `key=v1,v2,…`, `key=[json, …]` or `key=from:to:step` (numbers). Values are JSON where
 * they parse as JSON (numbers, true/false, null, "strings"), bare strings otherwise. The key is a
 * dotted path into the scenario document (`network.loss`, `dishonest.strategy.sigma`,
 * `network.links.0.loss`) or an alias from SWEEP_ALIASES.
 */
export function parseSweepAxis(text: string): Result<SweepAxis, string> {
  const eq = text.indexOf("=");
  if (eq <= 0) return err(`"${text}": expected key=value,value,… (e.g. nodes.count=50,100,200)`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const pathText = SWEEP_ALIASES[key] ?? key;
  if (!/^[A-Za-z_][\w]*(\.[\w]+)*$/.test(pathText))
    return err(`"${key}": not a field path (dotted, like network.loss or nodes.count)`);
  const path = pathText.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (path[0] === "seed") return err(`"${key}": seeds are swept with --seeds, not --sweep`);
  if (path[0] === "protocol" || path[0] === "compare")
    return err(`"${key}": the protocol cannot be swept (use a suite with "compare")`);
  let values: JsonValue[];
  const step = /^(-?[\d.e+-]+):(-?[\d.e+-]+):([\d.e+-]+)$/.exec(raw);
  if (raw.startsWith("[")) {
    const v = parseValue(raw);
    if (!Array.isArray(v) || v.length === 0)
      return err(`"${key}": ${raw} is not a non-empty JSON array`);
    values = v;
  } else if (step !== null) {
    const [a, b, s] = [Number(step[1]), Number(step[2]), Number(step[3])];
    if (![a, b, s].every(Number.isFinite) || s <= 0 || b < a)
      return err(`"${key}=${raw}": a range is from:to:step with from ≤ to and step > 0`);
    const count = Math.floor(decimal((b - a) / s)) + 1;
    if (count > MAX_POINTS) return err(`"${key}=${raw}": more than ${MAX_POINTS} values`);
    values = Array.from({ length: count }, (_, i) => decimal(a + i * s));
  } else {
    if (raw === "") return err(`"${key}": no values`);
    values = raw.split(",").map((v) => parseValue(v.trim()));
  }
  const seen = new Set<string>();
  for (const v of values) {
    const k = JSON.stringify(v);
    if (seen.has(k)) return err(`"${key}": the value ${k} is listed twice`);
    seen.add(k);
  }
  return ok({ key, path, values });
}

/** Sets `path` in a copy of `doc`; an error names the path where it cannot. */
function setPath(doc: unknown, path: readonly (string | number)[], value: JsonValue): unknown {
  const root = structuredClone(doc) as Record<string, unknown>;
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number;
    const last = i === path.length - 1;
    const where = path.slice(0, i).join(".") || "the scenario";
    if (Array.isArray(cur)) {
      if (typeof seg !== "number")
        throw new SweepPathError(`${where} is a list: "${seg}" is not an index`);
      if (seg >= cur.length)
        throw new SweepPathError(`${where} has ${cur.length} entries: no index ${seg}`);
    } else if (typeof cur !== "object" || cur === null)
      throw new SweepPathError(`${where} is not an object`);
    const c = cur as Record<string | number, unknown>;
    if (last) {
      // A value of another type than the scenario's (a string for a count): say so here, where
      // the schema would only say that a union did not match.
      const old = c[seg];
      const kind = (v: unknown) => (Array.isArray(v) ? "list" : typeof v);
      if (old !== undefined && old !== null && value !== null && kind(old) !== kind(value))
        throw new SweepPathError(
          `${path.join(".")}: expected a ${kind(old)} as in the scenario (${JSON.stringify(old)}), got ${JSON.stringify(value)}`,
        );
      c[seg] = value;
    } else {
      c[seg] ??= typeof path[i + 1] === "number" ? [] : {};
      cur = c[seg];
    }
  }
  return root;
}

class SweepPathError extends Error {}

function shellWord(s: string): string {
  return /^[\w.,:=+\-/@[\]]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `key=value` as a command-line word. */
export function formatParam(p: SweepParam): string {
  return `${p.key}=${typeof p.value === "string" ? p.value : JSON.stringify(p.value)}`;
}

/**
 * The plan: every run of the scenario (a suite has several) × every combination of the axes'
 * values (in the order given, the last axis varying fastest) × every seed (without seeds: each
 * run's own). Each swept scenario
 * is validated again by the scenario schema; an error names the swept value and the field.
 */
export function planSweep(
  runs: readonly Scenario[],
  name: string,
  target: string,
  axes: readonly SweepAxis[],
  seeds?: readonly number[],
): Result<SweepPlan, string[]> {
  let combos: SweepParam[][] = [[]];
  for (const a of axes)
    combos = combos.flatMap((c) => a.values.map((value) => [...c, { key: a.key, value }]));
  const size = runs.length * combos.length * (seeds?.length ?? 1);
  if (size > MAX_POINTS) return err([`${size} runs in the sweep (at most ${MAX_POINTS})`]);
  const points: SweepPoint[] = [];
  const errors: string[] = [];
  runs.forEach((base, runIndex) => {
    combos.forEach((params, gridIndex) => {
      let scenario = base;
      if (params.length > 0) {
        let doc: unknown = base;
        try {
          params.forEach((p, i) => {
            doc = setPath(doc, axes[i]?.path ?? [], p.value);
          });
        } catch (e) {
          if (!(e instanceof SweepPathError)) throw e;
          errors.push(`--sweep ${params.map(formatParam).join(" ")}: ${e.message}`);
          return;
        }
        const parsed = parseScenarioDocument(doc, base.name ?? name);
        if (!parsed.ok) {
          errors.push(
            ...parsed.errors.map(
              (m) =>
                `--sweep ${params.map(formatParam).join(" ")}${runs.length > 1 ? ` (run ${base.name ?? runIndex})` : ""}: ${m}`,
            ),
          );
          return;
        }
        scenario = parsed.runs[0] as Scenario;
      }
      const source = [target, ...params.map((p) => `--sweep ${shellWord(formatParam(p))}`)].join(
        " ",
      );
      for (const seed of seeds ?? [base.seed])
        points.push({
          index: points.length,
          run: base.name ?? name,
          runIndex,
          gridIndex,
          params,
          seed,
          scenario,
          source,
        });
    });
  });
  if (errors.length > 0) return err([...new Set(errors)]);
  return ok({ name, seeds: seeds ?? [...new Set(runs.map((r) => r.seed))], axes, points });
}

/** Runs one point in this thread: the same call `commons-spec simulate --seed` makes. */
export function runSweepPoint(
  point: Pick<SweepPoint, "scenario" | "seed" | "source">,
  o: {
    readonly stopOnViolation?: boolean;
    readonly now?: () => number;
    readonly onProgress?: (time: number, duration: number) => void;
  } = {},
): SimulationReport {
  return runScenario(point.scenario, {
    seed: point.seed,
    source: point.source,
    ...(o.now !== undefined ? { now: o.now } : {}),
    ...(o.stopOnViolation === true ? { stopOnViolation: true } : {}),
    ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
  }).report;
}

/** Rough cost of a point (nodes × virtual time), to start the longest runs first. */
function costOf(s: Scenario): number {
  const n = Array.isArray(s.nodes) ? s.nodes.length : (s.nodes as Population).count;
  return n * s.duration;
}

// ---------------------------------------------------------------------------------------------
// The worker pool.

/** Main thread → worker. */
export interface SweepTask {
  readonly kind: "run";
  readonly index: number;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly source: string;
  readonly stopOnViolation: boolean;
}

/** Worker → main thread. */
export type SweepWorkerMessage =
  | { readonly kind: "progress"; readonly index: number; readonly time: number }
  | { readonly kind: "done"; readonly index: number; readonly report: SimulationReport }
  | { readonly kind: "error"; readonly index: number; readonly message: string };

export type SweepResult =
  | { readonly index: number; readonly ok: true; readonly report: SimulationReport }
  | { readonly index: number; readonly ok: false; readonly error: string };

export interface SweepProgress {
  /** Points finished. */
  readonly done: number;
  readonly total: number;
  /** Finished points plus the virtual-time fraction of those in progress, over the total. */
  readonly fraction: number;
}

export interface SweepRunOptions {
  /** Worker threads (default: os.availableParallelism(), at most one per point). */
  readonly workers?: number;
  readonly stopOnViolation?: boolean;
  /** Aborting stops every worker; the outcome keeps the points already finished. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SweepProgress) => void;
  readonly onResult?: (r: SweepResult) => void;
  /** Heap limit of each worker (MB); default: Node's. */
  readonly memoryMb?: number;
}

export interface SweepOutcome {
  /** In plan order; undefined for points not run (interrupted). */
  readonly results: readonly (SweepResult | undefined)[];
  readonly interrupted: boolean;
  readonly workers: number;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/** The URL of tsx's ESM API (its `import` entry), resolved from this file. */
function tsxApiUrl(from: string): string {
  const cjs = createRequire(from).resolve("tsx/esm/api");
  return pathToFileURL(join(dirname(cjs), "index.mjs")).href;
}

function startWorker(memoryMb: number | undefined): Worker {
  const options =
    memoryMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: memoryMb } } : {};
  const self = import.meta.url;
  return self.endsWith(".ts")
    ? // Running from the TypeScript sources (the test suite): the worker loads them through tsx,
      // as src/verify/isolated.ts does.
      new Worker(
        `import(${JSON.stringify(tsxApiUrl(self))}).then((m) => m.tsImport(${JSON.stringify(new URL("./sweep-worker.ts", self).href)}, ${JSON.stringify(self)}));`,
        { ...options, eval: true },
      )
    : new Worker(new URL("./sweep-worker.js", self), options);
}

/**
 * Runs the plan's points on worker threads. Each worker takes the next point (longest first) when
 * it is free; a worker that dies fails only its point (a fresh worker takes the rest).
 */
export function runSweep(plan: SweepPlan, o: SweepRunOptions = {}): Promise<SweepOutcome> {
  const total = plan.points.length;
  const workers = Math.max(1, Math.min(o.workers ?? defaultWorkers(), Math.max(1, total)));
  const results: (SweepResult | undefined)[] = Array.from({ length: total }, () => undefined);
  const queue = [...plan.points]
    .sort((a, b) => costOf(b.scenario) - costOf(a.scenario) || a.index - b.index)
    .map((p) => p.index);
  const partial = new Map<number, number>();
  let done = 0;
  return new Promise<SweepOutcome>((resolve) => {
    const live = new Set<Worker>();
    let finished = false;
    const progress = () => {
      if (o.onProgress === undefined) return;
      let running = 0;
      for (const f of partial.values()) running += f;
      o.onProgress({ done, total, fraction: total === 0 ? 1 : (done + running) / total });
    };
    const finish = (interrupted: boolean) => {
      if (finished) return;
      finished = true;
      o.signal?.removeEventListener("abort", onAbort);
      const stops = [...live].map((w) => w.terminate());
      live.clear();
      void Promise.all(stops).then(() => resolve({ results, interrupted, workers }));
    };
    const onAbort = () => finish(true);
    const record = (r: SweepResult) => {
      if (results[r.index] !== undefined) return;
      results[r.index] = r;
      partial.delete(r.index);
      done++;
      o.onResult?.(r);
      progress();
      if (done === total) finish(false);
    };
    const spawn = () => {
      if (finished) return;
      const next = queue.shift();
      if (next === undefined) return;
      const w = startWorker(o.memoryMb);
      live.add(w);
      let current = next;
      const send = (index: number) => {
        current = index;
        const p = plan.points[index] as SweepPoint;
        partial.set(index, 0);
        const task: SweepTask = {
          kind: "run",
          index,
          scenario: p.scenario,
          seed: p.seed,
          source: p.source,
          stopOnViolation: o.stopOnViolation === true,
        };
        w.postMessage(task);
      };
      w.on("message", (m: SweepWorkerMessage) => {
        if (finished) return;
        if (m.kind === "progress") {
          const d = plan.points[m.index]?.scenario.duration ?? 1;
          partial.set(m.index, Math.min(1, m.time / d));
          progress();
          return;
        }
        record(
          m.kind === "done"
            ? { index: m.index, ok: true, report: m.report }
            : { index: m.index, ok: false, error: m.message },
        );
        const n = queue.shift();
        if (n !== undefined) send(n);
        else {
          live.delete(w);
          void w.terminate();
        }
      });
      const died = (why: string) => {
        if (finished || !live.has(w)) return;
        live.delete(w);
        record({ index: current, ok: false, error: why });
        spawn();
      };
      w.on("error", (e) =>
        died(`the worker failed: ${e instanceof Error ? e.message : String(e)}`),
      );
      w.on("exit", (code) => died(`the worker exited with code ${code} during the run`));
      send(next);
    };
    if (total === 0) {
      finish(false);
      return;
    }
    if (o.signal?.aborted === true) {
      finish(true);
      return;
    }
    o.signal?.addEventListener("abort", onAbort);
    for (let i = 0; i < workers; i++) spawn();
  });
}
