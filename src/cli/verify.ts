import { SUITES } from "../../properties/property.js";
import { inProcessExecutor, type InvariantExecutor } from "../verify/executor.js";
import { describeDomain } from "../verify/domain.js";
import { startIsolated, type IsolationLimits } from "../verify/isolated.js";
import { loadImplementation } from "../verify/load.js";
import type { InvariantInfo } from "../verify/protocol.js";
import { suitesFor } from "../verify/suites.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { junitNotLoaded } from "./junit.js";
import { replayCommand, runAndReport, selectProperties } from "./outcomes.js";
import type { RunSelection } from "./run-options.js";

/** How `verify` runs the code under test: isolated in a worker (default) or in this process. */
export interface VerifyIsolation {
  /** Run in this process: no timeouts, no exit guard (for debugging with breakpoints). */
  readonly inProcess: boolean;
  readonly limits: IsolationLimits;
}

/**
 * `commons-spec verify <module>`: loads an implementation (TypeScript or JavaScript, no build
 * step) and runs every suite it implements, isolated in a worker thread (src/verify/isolated.ts).
 * Exit 0 all hold, 1 a violation (TIMEOUT, EXIT, CRASH and PROTOTYPE-POLLUTION included), 2 a
 * module that does not load or does not match the adapter shape.
 */
export async function runVerify(
  module: string,
  cwd: string,
  sel: RunSelection,
  isolation: VerifyIsolation,
  io: CliIO,
): Promise<number> {
  const startedAt = io.now();
  let executor: InvariantExecutor & {
    readonly name: string;
    readonly domain: readonly string[];
  };
  const judge = sel.judgeCompat !== undefined ? { judgeCompat: sel.judgeCompat } : {};
  if (isolation.inProcess) {
    const loaded = await loadImplementation(module, cwd);
    if (!loaded.ok) throw new UsageError(loaded.error.message);
    if (sel.judgeCompat === "own" && loaded.value.compat === undefined)
      throw new UsageError(
        `--judge-compat own: ${loaded.value.name} has no compat part to judge by`,
      );
    const props = suitesFor(loaded.value, judge);
    executor = {
      ...inProcessExecutor(props, io.now),
      name: loaded.value.name,
      domain: describeDomain(loaded.value, judge),
    };
  } else {
    const started = await startIsolated(module, cwd, isolation.limits, io, {
      ...judge,
      ...(sel.timeBudgetMs !== undefined ? { hardDeadline: startedAt + sel.timeBudgetMs } : {}),
    });
    if (!started.ok && started.error.budgetSpent === true)
      return budgetSpentLoading(module, sel, io, io.now() - startedAt);
    if (!started.ok) throw new UsageError(started.error.message);
    executor = started.value;
    if (started.value.loadChanges.length > 0)
      io.err(
        `commons-spec: note: ${module} changed built-ins while loading (kept as its environment): ${started.value.loadChanges.join("; ")}\n`,
      );
  }
  try {
    return await verifyWith(executor, module, sel, io, startedAt);
  } finally {
    await executor.close();
  }
}

/**
 * The time budget ran out before the implementation had loaded: nothing ran, and which
 * invariants it would have faced is unknown (the worker lists them once loaded). Partial
 * coverage as the budget's contract says: exit 0, or 3 with --require-all.
 */
function budgetSpentLoading(module: string, sel: RunSelection, io: CliIO, ms: number): number {
  const exitCode = sel.requireAll === true ? EXIT.incomplete : EXIT.ok;
  const budget = (sel.timeBudgetMs ?? 0) / 1000;
  const why = `the time budget of ${budget} s was spent while ${module} was still loading (stopped after ${(ms / 1000).toFixed(1)} s)`;
  if (sel.reporter === "json")
    io.out(
      `${JSON.stringify(
        {
          target: module,
          seed: sel.seed,
          timeBudgetMs: sel.timeBudgetMs,
          complete: false,
          loaded: false,
          note: why,
          outcomes: [],
          held: 0,
          violated: 0,
          notRun: null,
          cutShort: 0,
          exitCode,
        },
        null,
        2,
      )}\n`,
    );
  else if (sel.reporter === "junit") io.out(junitNotLoaded(module, why));
  else
    io.out(
      `commons-spec verify — ${module}\nNOT RUN: every invariant — ${why}${sel.requireAll === true ? "; --require-all: exit code 3" : "; coverage is partial (--require-all makes this a failure)"}\n`,
    );
  return exitCode;
}

async function verifyWith(
  executor: InvariantExecutor & { readonly name: string; readonly domain: readonly string[] },
  module: string,
  sel: RunSelection,
  io: CliIO,
  startedAt: number,
): Promise<number> {
  const name = executor.name;
  const all: readonly InvariantInfo[] = executor.invariants;
  const provided = [...new Set(all.map((p) => p.suite))];
  for (const s of sel.suites) {
    if (
      (SUITES as readonly string[]).includes(s) &&
      !provided.includes(s as (typeof provided)[number])
    ) {
      throw new UsageError(
        `--suite ${s}: ${name} does not implement it (it implements ${provided.join(", ")})`,
      );
    }
  }
  const base = `commons-spec verify ${module}${sel.judgeCompat !== undefined ? ` --judge-compat ${sel.judgeCompat}` : ""}`;
  const ctx = {
    target: name,
    suites: SUITES,
    listHint: `${name} is checked against ${all.map((p) => p.id).join(", ")}`,
    replay: (id: string, seed: number, path: string | undefined, cls?: string) =>
      replayCommand(base, id, seed, path, cls),
  };
  const chosen = selectProperties(all, sel, ctx);
  const shard = sel.shard !== undefined ? `, shard ${sel.shard.index}/${sel.shard.count}` : "";
  const report = await runAndReport(
    executor,
    chosen,
    sel,
    {
      ...ctx,
      startedAt,
      heading: [
        `commons-spec verify — ${name} (${module}): suites ${provided.join(", ")}; ${chosen.length} invariants${shard}`,
        `seed ${sel.seed}  (replay this run: ${base} --seed ${sel.seed})`,
        ...executor.domain,
      ],
    },
    io,
  );
  return report.exitCode;
}
