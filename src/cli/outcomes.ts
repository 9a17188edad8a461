import cliProgress from "cli-progress";
import type { PropertyFailure, PropertyOutcome, SuiteName } from "../../properties/property.js";
import type { InvariantExecutor } from "../verify/executor.js";
import type { InvariantInfo } from "../verify/protocol.js";
import { readCorpus, saveToCorpus } from "./corpus.js";
import { UsageError, type CliIO } from "./io.js";
import { junitXml } from "./junit.js";
import type { RunSelection } from "./run-options.js";

export interface RunContext {
  /** What is being checked: "reference" or the implementation's name (corpus entries are per target). */
  readonly target: string;
  /** The known suites and a hint listing the invariants, for error messages. */
  readonly suites: readonly string[];
  readonly listHint: string;
  /** The one-line command that replays a failure of property `id`. */
  readonly replay: (id: string, seed: number, path: string | undefined) => string;
  /** Printed first by the pretty reporter. */
  readonly heading: readonly string[];
}

/** The one-line command that replays a counterexample: `<base> --only ID --seed S [--path P]`. */
export function replayCommand(
  base: string,
  id: string,
  seed: number,
  path: string | undefined,
): string {
  return `${base} --only ${id} --seed ${seed}${path !== undefined ? ` --path ${path}` : ""}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** Keeps the requested suites, IDs and shard; throws a UsageError naming an unknown one. */
export function selectProperties<P extends Pick<InvariantInfo, "id" | "suite">>(
  all: readonly P[],
  sel: RunSelection,
  ctx: Pick<RunContext, "suites" | "listHint">,
): P[] {
  for (const s of sel.suites) {
    if (!ctx.suites.includes(s))
      throw new UsageError(`--suite: unknown suite "${s}" (known: ${ctx.suites.join(", ")})`);
  }
  const ids = new Set(all.map((p) => p.id));
  for (const id of sel.only) {
    if (!ids.has(id)) throw new UsageError(`--only: unknown invariant "${id}" (${ctx.listHint})`);
  }
  if (sel.path !== undefined && sel.only.length !== 1) {
    throw new UsageError("--path replays one counterexample: give exactly one --only ID with it");
  }
  const chosen = all.filter(
    (p) =>
      (sel.suites.length === 0 || sel.suites.includes(p.suite)) &&
      (sel.only.length === 0 || sel.only.includes(p.id)),
  );
  const shard = sel.shard;
  return shard === undefined
    ? chosen
    : chosen.filter((_, k) => k % shard.count === shard.index - 1);
}

function printFailure(
  io: CliIO,
  f: PropertyFailure,
  k: number,
  n: number,
  seed: number,
  replay: string | undefined,
): void {
  const head = n > 1 ? `[${k + 1}/${n}] ` : "";
  io.out(`      ${head}${f.error.split("\n")[0] ?? ""}\n`);
  io.out(`      class: ${f.failureClass}\n`);
  if (f.counterexample !== undefined) io.out(`      counterexample: ${f.counterexample}\n`);
  if (f.stopped === true && f.path !== undefined)
    io.out(`      (the case was stopped: not shrunk)\n`);
  else if (!f.shrunk && f.path !== undefined)
    io.out(`      (shrinking was cut short: replaying the path shrinks it further)\n`);
  io.out(`      seed ${seed}${f.path !== undefined ? `, path ${f.path}` : ""}\n`);
  if (replay !== undefined) io.out(`      replay: ${replay}\n`);
}

function printOutcome(
  io: CliIO,
  o: PropertyOutcome,
  replay: (o: PropertyOutcome, f: PropertyFailure | undefined) => string,
  label = "",
): void {
  io.out(
    `  ${o.ok ? "✓" : "✗"} ${pad(o.id, 17)} ${pad(label + o.title, 92)} ${String(o.numRuns).padStart(5)} cases ${String(Math.round(o.ms)).padStart(6)} ms\n`,
  );
  if (o.detail !== undefined) io.out(`      ${o.detail}\n`);
  o.failures.forEach((f, k) => printFailure(io, f, k, o.failures.length, o.seed, replay(o, f)));
  if (!o.ok && o.failures.length === 0) io.out(`      replay: ${replay(o, undefined)}\n`);
  if (o.note !== undefined) io.out(`      note: ${o.note}\n`);
}

/**
 * Runs the selected invariants through the executor: first the saved failing examples of the
 * corpus that concern them, then every invariant with the run's seed. Reports in the chosen
 * format and returns every outcome (corpus replays included).
 */
export async function runAndReport(
  executor: InvariantExecutor,
  props: readonly InvariantInfo[],
  sel: RunSelection,
  ctx: RunContext,
  io: CliIO,
): Promise<PropertyOutcome[]> {
  const pretty = sel.reporter === "pretty";
  if (pretty) for (const line of ctx.heading) io.out(`${line}\n`);
  const started = io.now();
  const outcomes: PropertyOutcome[] = [];
  const replayOf = (o: PropertyOutcome, f: PropertyFailure | undefined) =>
    ctx.replay(o.id, o.seed, f?.path ?? o.path);
  const exec = async (id: string, options: Parameters<InvariantExecutor["run"]>[1]) => {
    const r = await executor.run(id, options);
    if (!r.ok)
      throw new UsageError(
        `--path ${options.path ?? ""}: ${r.message} (${id}, seed ${options.seed})`,
      );
    return r.outcome;
  };

  // 1. The corpus: each saved counterexample is replayed exactly (seed + path) before anything new.
  const byId = new Map(props.map((p) => [p.id, p]));
  const saved =
    sel.corpus === undefined || sel.path !== undefined
      ? []
      : readCorpus(sel.corpus).filter((e) => e.target === ctx.target && byId.has(e.id));
  if (pretty && saved.length > 0)
    io.out(`\ncorpus (${sel.corpus}): replaying ${saved.length} saved failing example(s) first\n`);
  for (const e of saved) {
    const o = await exec(e.id, { seed: e.seed, path: e.path });
    outcomes.push(o);
    if (pretty) printOutcome(io, o, replayOf, "[corpus] ");
  }

  // 2. The run itself.
  const bar =
    io.progress !== undefined &&
    (io.progress.isTTY || sel.progress === true) &&
    pretty &&
    props.length > 1
      ? new cliProgress.SingleBar(
          {
            stream: io.progress.stream,
            format: " {bar} {value}/{total} invariants | {id}",
            clearOnComplete: true,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(props.length, 0, { id: "" });
  let suite: SuiteName | undefined;
  for (const [k, p] of props.entries()) {
    bar?.update(k, { id: p.id });
    const left =
      sel.timeBudgetMs === undefined ? undefined : sel.timeBudgetMs - (io.now() - started);
    const o = await exec(p.id, {
      seed: sel.seed,
      ...(sel.runs !== undefined ? { numRuns: sel.runs } : {}),
      ...(sel.runsFactor !== undefined ? { runsFactor: sel.runsFactor } : {}),
      ...(sel.path !== undefined ? { path: sel.path } : {}),
      ...(left !== undefined ? { timeLimitMs: Math.max(1, left / (props.length - k)) } : {}),
    });
    outcomes.push(o);
    if (sel.corpus !== undefined) {
      for (const f of o.failures) {
        if (f.path === undefined) continue;
        saveToCorpus(sel.corpus, {
          target: ctx.target,
          id: o.id,
          seed: o.seed,
          path: f.path,
          ...(f.counterexample !== undefined ? { counterexample: f.counterexample } : {}),
          error: f.error,
        });
      }
    }
    if (!pretty) continue;
    if (p.suite !== suite) {
      suite = p.suite;
      bar?.stop();
      io.out(`\n${suite}\n`);
      bar?.start(props.length, k, { id: p.id });
    }
    printOutcome(io, o, replayOf);
  }
  bar?.update(props.length, { id: "" });
  bar?.stop();

  const failed = outcomes.filter((x) => !x.ok);
  const cases = outcomes.reduce((s, x) => s + x.numRuns, 0);
  const secs = ((io.now() - started) / 1000).toFixed(1);
  if (sel.reporter === "json") {
    io.out(
      `${JSON.stringify({ target: ctx.target, seed: sel.seed, outcomes, held: outcomes.length - failed.length, violated: failed.length }, null, 2)}\n`,
    );
  } else if (sel.reporter === "junit") {
    io.out(junitXml(ctx.target, outcomes, (o) => replayOf(o, o.failures[0])));
  } else {
    io.out(
      `\n${outcomes.length} invariants checked, ${outcomes.length - failed.length} held, ${failed.length} violated (${cases} cases in ${secs} s)\n`,
    );
    if (failed.length > 0)
      io.out(`violated: ${[...new Set(failed.map((x) => x.id))].join(", ")}\n`);
    if (sel.corpus !== undefined && failed.length > 0)
      io.out(`failing examples saved to ${sel.corpus}\n`);
  }
  return outcomes;
}
