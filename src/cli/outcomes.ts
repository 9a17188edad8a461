import cliProgress from "cli-progress";
import {
  makeOutcome,
  plannedRuns,
  type PropertyFailure,
  type PropertyOutcome,
  type SuiteName,
  utcLine,
} from "../../properties/property.js";
import type { ExecOptions, InvariantExecutor } from "../verify/executor.js";
import type { InvariantInfo } from "../verify/protocol.js";
import { CorpusLocationError, readCorpus, saveToCorpus, type CorpusEntry } from "./corpus.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { junitXml } from "./junit.js";
import { replayCommand } from "../verify/replay.js";

export { replayCommand };
import type { RunSelection } from "./run-options.js";

export interface RunContext {
  /** What is being checked: "reference" or the implementation's name (corpus entries are per target). */
  readonly target: string;
  /** The known suites and a hint listing the invariants, for error messages. */
  readonly suites: readonly string[];
  readonly listHint: string;
  /** The one-line command that replays a failure of property `id`. */
  readonly replay: (
    id: string,
    seed: number,
    path: string | undefined,
    failureClass?: string,
  ) => string;
  /** Printed first by the pretty reporter. */
  readonly heading: readonly string[];
  /** When the command started (the time budget counts from there: loading included). */
  readonly startedAt?: number;
  /** A note after an outcome's line, e.g. what it means for a design claim ("refutes S0-16"). */
  readonly annotate?: (id: string, ok: boolean) => string | undefined;
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
  if (sel.failureClass !== undefined && sel.path === undefined) {
    throw new UsageError(
      "--failure-class goes with --path (it names the class of that counterexample)",
    );
  }
  if (sel.path !== undefined && sel.only.length !== 1) {
    throw new UsageError("--path replays one counterexample: give exactly one --only ID with it");
  }
  const chosen = all.filter(
    (p) =>
      (sel.suites.length === 0 || sel.suites.includes(p.suite)) &&
      (sel.only.length === 0 || sel.only.includes(p.id)),
  );
  // An empty selection is a mistake (a typo in a CI matrix must not go green).
  if (chosen.length === 0) {
    const given = [
      ...(sel.only.length > 0 ? [`--only ${sel.only.join(",")}`] : []),
      ...(sel.suites.length > 0 ? [`--suite ${sel.suites.join(",")}`] : []),
    ].join(" ");
    const where = sel.only
      .map((id) => all.find((p) => p.id === id))
      .filter((p) => p !== undefined)
      .map((p) => `${p.id} is in suite ${p.suite}`);
    throw new UsageError(
      `${given || "the selection"} selects no invariant${where.length > 0 ? ` (${where.join(", ")})` : ""}`,
    );
  }
  const shard = sel.shard;
  if (shard === undefined) return chosen;
  const part = chosen.filter((_, k) => k % shard.count === shard.index - 1);
  if (part.length === 0)
    throw new UsageError(
      `--shard ${shard.index}/${shard.count} selects no invariant (${chosen.length} selected before sharding)`,
    );
  return part;
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
  const utc = utcLine(f);
  if (utc !== undefined) io.out(`      ${utc}\n`);
  if (f.stopped === true && f.path !== undefined)
    io.out(`      (the case was stopped: not shrunk)\n`);
  else if (!f.shrunk && f.path !== undefined)
    io.out(`      (shrinking was cut short: replaying the path shrinks it further)\n`);
  io.out(`      seed ${seed}${f.path !== undefined ? `, path ${f.path}` : ""}\n`);
  if (replay !== undefined) io.out(`      replay: ${replay}\n`);
}

/** What the pretty reporter prints after the counts of a not-run or cut-short invariant. */
function coverageNote(o: PropertyOutcome): string | undefined {
  if (o.status === "not-run") return "not run: the time budget was spent before it started";
  if (o.interrupted && o.numRuns < o.plannedRuns)
    return `cut short by the time budget: ${o.numRuns} of ${o.plannedRuns} cases ran`;
  return undefined;
}

function printOutcome(
  io: CliIO,
  o: PropertyOutcome,
  replay: (o: PropertyOutcome, f: PropertyFailure | undefined) => string,
  label = "",
  annotate?: RunContext["annotate"],
): void {
  if (o.status === "not-run") {
    io.out(`  - ${pad(o.id, 17)} ${pad(label + o.title, 92)}   not run\n`);
    if (o.note !== undefined) io.out(`      note: ${o.note}\n`);
    return;
  }
  const claimNote = annotate?.(o.id, o.ok);
  io.out(
    `  ${o.ok ? "✓" : "✗"} ${pad(o.id, 17)} ${pad(label + o.title, 92)} ${String(o.numRuns).padStart(5)} cases ${String(Math.round(o.ms)).padStart(6)} ms${claimNote === undefined ? "" : ` — ${claimNote}`}\n`,
  );
  const note = coverageNote(o);
  if (note !== undefined) io.out(`      ${note}\n`);
  if (o.detail !== undefined) io.out(`      ${o.detail}\n`);
  o.failures.forEach((f, k) => printFailure(io, f, k, o.failures.length, o.seed, replay(o, f)));
  if (!o.ok && o.failures.length === 0) io.out(`      replay: ${replay(o, undefined)}\n`);
  if (o.note !== undefined) io.out(`      note: ${o.note}\n`);
}

/** An invariant that did not start before the deadline. */
function notRun(p: InvariantInfo, seed: number): PropertyOutcome {
  return makeOutcome(p, {
    seed,
    failures: [],
    numRuns: 0,
    plannedRuns: p.numRuns,
    interrupted: true,
    ms: 0,
  });
}

/** A corpus replay, named as such in JUnit (a testcase apart from the invariant's own). */
function asCorpusReplay(o: PropertyOutcome): PropertyOutcome {
  return { ...o, title: `[corpus] ${o.title}` };
}

/** What a run reported, and the exit code it calls for. */
export interface RunReport {
  readonly outcomes: readonly PropertyOutcome[];
  readonly exitCode: number;
}

/**
 * Runs the selected invariants through the executor: first the saved failing examples of the
 * corpus that concern them, then every invariant with the run's seed. With a time budget, each
 * invariant gets a fair share of what is left (the rest of the budget over the invariants not
 * yet run); one that has not started when the budget is spent is *not run* (never violated),
 * one cut short reports the cases it ran (not a failure), and the executor is told the
 * deadline (an isolated run stops its worker there). Reports in the chosen format.
 *
 * Exit code: 1 when an invariant was violated; else 3 when `--require-all` was given and an
 * invariant did not run; else 0.
 */
export async function runAndReport(
  executor: InvariantExecutor,
  props: readonly InvariantInfo[],
  sel: RunSelection,
  ctx: RunContext,
  io: CliIO,
): Promise<RunReport> {
  const pretty = sel.reporter === "pretty";
  if (pretty) for (const line of ctx.heading) io.out(`${line}\n`);
  const started = ctx.startedAt ?? io.now();
  const deadline = sel.timeBudgetMs !== undefined ? started + sel.timeBudgetMs : undefined;
  const outcomes: PropertyOutcome[] = [];
  const replayOf = (o: PropertyOutcome, f: PropertyFailure | undefined) =>
    ctx.replay(o.id, o.seed, f?.path ?? o.path, f?.failureClass);
  /** `from`: the corpus file the path was read from (else it is --path). */
  const exec = async (id: string, options: ExecOptions, from?: string) => {
    const r = await executor.run(id, {
      ...options,
      ...(deadline !== undefined ? { hardDeadline: deadline } : {}),
    });
    if (!r.ok)
      throw new UsageError(
        `${from !== undefined ? `corpus file ${from}` : "--path"}: ${r.message} (${id}, seed ${options.seed})`,
      );
    return r.outcome;
  };
  /** Whether the budget is spent: nothing may start any more. */
  const spent = () => deadline !== undefined && io.now() >= deadline;

  // 1. The corpus: each saved counterexample is replayed exactly (seed + path) before anything new.
  // A corpus location that cannot be read or written is reported after the results (exit 2).
  let corpusProblem: CorpusLocationError | undefined;
  const byId = new Map(props.map((p) => [p.id, p]));
  let saved: (CorpusEntry & { readonly file: string })[] = [];
  if (sel.corpus !== undefined && sel.path === undefined) {
    try {
      saved = readCorpus(sel.corpus).filter((e) => e.target === ctx.target && byId.has(e.id));
    } catch (e) {
      if (!(e instanceof CorpusLocationError)) throw e;
      corpusProblem = e;
    }
  }
  const replays: PropertyOutcome[] = [];
  if (pretty && saved.length > 0)
    io.out(`\ncorpus (${sel.corpus}): replaying ${saved.length} saved failing example(s) first\n`);
  for (const e of saved) {
    const p = byId.get(e.id) as InvariantInfo;
    const o = spent()
      ? notRun({ ...p, numRuns: 1 }, e.seed)
      : await exec(
          e.id,
          {
            seed: e.seed,
            path: e.path,
            ...(e.failureClass !== undefined ? { targetClass: e.failureClass } : {}),
          },
          e.file,
        );
    replays.push(o);
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
            // --progress on a stream that is not a terminal: cli-progress draws only when told.
            noTTYOutput: !io.progress.isTTY,
            notTTYSchedule: 1000,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(props.length, 0, { id: "" });
  let suite: SuiteName | undefined;
  for (const [k, p] of props.entries()) {
    bar?.update(k, { id: p.id });
    const runs = {
      ...(sel.runs !== undefined ? { numRuns: sel.runs } : {}),
      ...(sel.runsFactor !== undefined ? { runsFactor: sel.runsFactor } : {}),
    };
    let o: PropertyOutcome;
    if (spent()) {
      o = notRun({ ...p, numRuns: sel.path !== undefined ? 1 : plannedRuns(p, runs) }, sel.seed);
    } else {
      // A fair share: what is left of the budget over the invariants not yet run.
      const share = deadline === undefined ? undefined : (deadline - io.now()) / (props.length - k);
      o = await exec(p.id, {
        seed: sel.seed,
        maxFailures: sel.maxFailures,
        ...runs,
        ...(sel.path !== undefined ? { path: sel.path } : {}),
        ...(sel.failureClass !== undefined ? { targetClass: sel.failureClass } : {}),
        ...(share !== undefined ? { timeLimitMs: share } : {}),
      });
    }
    outcomes.push(o);
    if (sel.corpus !== undefined && corpusProblem === undefined) {
      try {
        for (const f of o.failures) {
          if (f.path === undefined) continue;
          saveToCorpus(sel.corpus, {
            target: ctx.target,
            id: o.id,
            seed: o.seed,
            path: f.path,
            failureClass: f.failureClass,
            ...(f.counterexample !== undefined ? { counterexample: f.counterexample } : {}),
            error: f.error,
          });
        }
      } catch (e) {
        if (!(e instanceof CorpusLocationError)) throw e;
        corpusProblem = e;
      }
    }
    if (!pretty) continue;
    if (p.suite !== suite) {
      suite = p.suite;
      bar?.stop();
      io.out(`\n${suite}\n`);
      bar?.start(props.length, k, { id: p.id });
    }
    printOutcome(io, o, replayOf, "", ctx.annotate);
  }
  bar?.update(props.length, { id: "" });
  bar?.stop();

  const failed = outcomes.filter((x) => x.status === "violated");
  const skipped = outcomes.filter((x) => x.status === "not-run");
  const ran = outcomes.length - skipped.length;
  const cutShort = outcomes.filter((x) => x.status !== "not-run" && coverageNote(x) !== undefined);
  const cases = outcomes.reduce((s, x) => s + x.numRuns, 0);
  const secs = ((io.now() - started) / 1000).toFixed(1);
  const replayFailed = replays.filter((x) => x.status === "violated");
  const exitCode =
    failed.length > 0 || replayFailed.length > 0
      ? EXIT.violated
      : // Cut short is partial coverage too: --require-all promises everything was checked.
        sel.requireAll === true && (skipped.length > 0 || cutShort.length > 0)
        ? EXIT.incomplete
        : EXIT.ok;
  if (sel.reporter === "json") {
    io.out(
      `${JSON.stringify(
        {
          target: ctx.target,
          seed: sel.seed,
          ...(sel.timeBudgetMs !== undefined ? { timeBudgetMs: sel.timeBudgetMs } : {}),
          complete: skipped.length === 0 && cutShort.length === 0,
          outcomes,
          held: outcomes.filter((x) => x.status === "held").length,
          violated: failed.length,
          notRun: skipped.length,
          cutShort: cutShort.length,
          ...(sel.corpus !== undefined
            ? {
                corpus: {
                  dir: sel.corpus,
                  replayed: replays,
                  stillFailing: replayFailed.length,
                  ...(corpusProblem !== undefined ? { problem: corpusProblem.message } : {}),
                },
              }
            : {}),
          exitCode: corpusProblem !== undefined ? EXIT.usage : exitCode,
        },
        null,
        2,
      )}\n`,
    );
  } else if (sel.reporter === "junit") {
    io.out(junitXml(ctx.target, [...replays.map(asCorpusReplay), ...outcomes], replayOf));
  } else {
    const counts =
      skipped.length === 0
        ? `${ran} invariants checked, ${ran - failed.length} held, ${failed.length} violated`
        : `${ran} of ${outcomes.length} invariants checked, ${ran - failed.length} held, ${failed.length} violated, ${skipped.length} NOT RUN`;
    io.out(`\n${counts} (${cases} cases in ${secs} s)\n`);
    if (failed.length > 0) {
      io.out(`violated: ${[...new Set(failed.map((x) => x.id))].join(", ")}\n`);
      const classes = failed.reduce((n, x) => n + x.failures.length, 0);
      io.out(
        `distinct failures: ${classes} in ${failed.length} invariant${failed.length === 1 ? "" : "s"} (at most ${sel.maxFailures} per invariant: --max-failures)\n`,
      );
    }
    if (skipped.length > 0)
      io.out(
        `NOT RUN (the time budget of ${(sel.timeBudgetMs ?? 0) / 1000} s was spent first): ${skipped.map((x) => x.id).join(", ")}${sel.requireAll === true ? " — --require-all: exit code 3" : " — coverage is partial (--require-all makes this a failure)"}\n`,
      );
    if (cutShort.length > 0)
      io.out(
        `cut short by the time budget: ${cutShort.map((x) => `${x.id} (${x.numRuns}/${x.plannedRuns} cases)`).join(", ")}${sel.requireAll === true ? " — --require-all: exit code 3" : " — coverage is partial (--require-all makes this a failure)"}\n`,
      );
    if (replays.length > 0)
      io.out(
        `corpus: ${replays.length} saved failing example${replays.length === 1 ? "" : "s"} replayed first, ${replayFailed.length} still failing${replayFailed.length > 0 ? ` (${[...new Set(replayFailed.map((x) => x.id))].join(", ")})` : ""}\n`,
      );
    if (sel.corpus !== undefined && failed.length > 0 && corpusProblem === undefined)
      io.out(`failing examples saved to ${sel.corpus}\n`);
  }
  // The results are out; now the corpus location that could not be used (exit 2).
  if (corpusProblem !== undefined) throw new UsageError(corpusProblem.message);
  return { outcomes: [...replays, ...outcomes], exitCode };
}
