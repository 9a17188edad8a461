import {
  runProperty,
  type InvariantProperty,
  type PropertyOutcome,
  type SuiteName,
} from "../../properties/property.js";
import type { CliIO } from "./io.js";

export interface RunListOptions {
  readonly seed: number;
  readonly runs?: number;
  readonly runsFactor?: number;
  readonly path?: string;
  readonly json?: boolean;
  /** Total wall-clock budget in ms, shared among the properties still to run. */
  readonly timeBudgetMs?: number;
  /** The one-line command that replays a failure of property `id`. */
  readonly replay: (id: string, seed: number, path: string | undefined) => string;
  /** Printed first (not in --json mode). */
  readonly heading: readonly string[];
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/**
 * Runs properties one after another and prints, per property, ✓ or ✗ with its ID, title and
 * number of cases; for a failure the shrunk counterexample, the error and the replay command.
 * Returns the outcomes.
 */
export function runAndReport(
  props: readonly InvariantProperty[],
  o: RunListOptions,
  io: CliIO,
): PropertyOutcome[] {
  const json = o.json === true;
  if (!json) for (const line of o.heading) io.out(`${line}\n`);
  const outcomes: PropertyOutcome[] = [];
  const started = io.now();
  let suite: SuiteName | undefined;
  props.forEach((p, k) => {
    if (!json && p.suite !== suite) {
      suite = p.suite;
      io.out(`\n${suite}\n`);
    }
    const left = o.timeBudgetMs === undefined ? undefined : o.timeBudgetMs - (io.now() - started);
    const outcome = runProperty(p, {
      seed: o.seed,
      now: io.now,
      ...(o.runs !== undefined ? { numRuns: o.runs } : {}),
      ...(o.runsFactor !== undefined ? { runsFactor: o.runsFactor } : {}),
      ...(o.path !== undefined ? { path: o.path } : {}),
      ...(left !== undefined ? { timeLimitMs: Math.max(1, left / (props.length - k)) } : {}),
    });
    outcomes.push(outcome);
    if (json) return;
    const mark = outcome.ok ? "✓" : "✗";
    io.out(
      `  ${mark} ${pad(p.id, 17)} ${pad(p.title, 92)} ${String(outcome.numRuns).padStart(5)} cases ${String(Math.round(outcome.ms)).padStart(6)} ms\n`,
    );
    if (!outcome.ok) {
      if (outcome.error !== undefined) io.out(`      ${outcome.error.split("\n")[0] ?? ""}\n`);
      if (outcome.counterexample !== undefined)
        io.out(`      counterexample: ${outcome.counterexample}\n`);
      io.out(`      seed ${o.seed}${outcome.path !== undefined ? `, path ${outcome.path}` : ""}\n`);
      io.out(`      replay: ${o.replay(p.id, o.seed, outcome.path)}\n`);
    }
  });
  const failed = outcomes.filter((x) => !x.ok);
  const cases = outcomes.reduce((s, x) => s + x.numRuns, 0);
  const secs = ((io.now() - started) / 1000).toFixed(1);
  if (json) {
    io.out(
      `${JSON.stringify({ seed: o.seed, outcomes, held: outcomes.length - failed.length, violated: failed.length }, null, 2)}\n`,
    );
  } else {
    io.out(
      `\n${outcomes.length} invariants checked, ${outcomes.length - failed.length} held, ${failed.length} violated (${cases} cases in ${secs} s)\n`,
    );
    if (failed.length > 0) io.out(`violated: ${failed.map((x) => x.id).join(", ")}\n`);
  }
  return outcomes;
}

/** Keeps the properties of the requested suites and IDs; throws a message naming an unknown one. */
export function selectProperties(
  all: readonly InvariantProperty[],
  suites: readonly string[] | undefined,
  only: readonly string[] | undefined,
  known: { readonly suites: readonly string[]; readonly listHint: string },
): InvariantProperty[] | string {
  for (const s of suites ?? []) {
    if (!known.suites.includes(s))
      return `--suite: unknown suite "${s}" (known: ${known.suites.join(", ")})`;
  }
  const ids = new Set(all.map((p) => p.id));
  for (const id of only ?? []) {
    if (!ids.has(id)) return `--only: unknown invariant "${id}" (${known.listHint})`;
  }
  return all.filter(
    (p) =>
      (suites === undefined || suites.length === 0 || suites.includes(p.suite)) &&
      (only === undefined || only.length === 0 || only.includes(p.id)),
  );
}
