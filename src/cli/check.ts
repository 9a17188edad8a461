import { referenceCatalog } from "../../properties/catalog.js";
import {
  runProperty,
  SUITES,
  type InvariantProperty,
  type PropertyOutcome,
  type SuiteName,
} from "../../properties/property.js";
import { EXIT, UsageError, type CliIO } from "./io.js";

export interface CheckOptions {
  readonly seed: number;
  readonly suites?: readonly string[];
  readonly only?: readonly string[];
  readonly runs?: number;
  readonly runsFactor?: number;
  readonly path?: string;
  readonly list?: boolean;
  readonly json?: boolean;
}

function select(catalog: readonly InvariantProperty[], o: CheckOptions): InvariantProperty[] {
  for (const s of o.suites ?? []) {
    if (!(SUITES as readonly string[]).includes(s)) {
      throw new UsageError(`--suite: unknown suite "${s}" (known: ${SUITES.join(", ")})`);
    }
  }
  const ids = new Set(catalog.map((p) => p.id));
  for (const id of o.only ?? []) {
    if (!ids.has(id))
      throw new UsageError(`--only: unknown invariant "${id}" (see commons-spec check --list)`);
  }
  if (o.path !== undefined && (o.only ?? []).length !== 1) {
    throw new UsageError("--path replays one counterexample: give exactly one --only ID with it");
  }
  return catalog.filter(
    (p) =>
      (o.suites === undefined || o.suites.length === 0 || o.suites.includes(p.suite)) &&
      (o.only === undefined || o.only.length === 0 || o.only.includes(p.id)),
  );
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** `commons-spec check`: runs the invariant catalogue against the built-in reference implementation. */
export function runCheck(o: CheckOptions, io: CliIO): number {
  const catalog = referenceCatalog();
  const chosen = select(catalog, o);
  if (o.list === true) {
    for (const p of chosen) io.out(`${pad(p.id, 18)} ${pad(p.suite, 10)} ${p.title}\n`);
    return EXIT.ok;
  }
  if (o.json !== true) {
    io.out(`commons-spec check — reference implementation, ${chosen.length} invariants\n`);
    io.out(`seed ${o.seed}  (replay this run: commons-spec check --seed ${o.seed})\n`);
  }
  const outcomes: PropertyOutcome[] = [];
  const started = io.now();
  let suite: SuiteName | undefined;
  for (const p of chosen) {
    if (o.json !== true && p.suite !== suite) {
      suite = p.suite;
      io.out(`\n${suite}\n`);
    }
    const outcome = runProperty(p, {
      seed: o.seed,
      now: io.now,
      ...(o.runs !== undefined ? { numRuns: o.runs } : {}),
      ...(o.runsFactor !== undefined ? { runsFactor: o.runsFactor } : {}),
      ...(o.path !== undefined ? { path: o.path } : {}),
    });
    outcomes.push(outcome);
    if (o.json === true) continue;
    const mark = outcome.ok ? "✓" : "✗";
    io.out(
      `  ${mark} ${pad(p.id, 17)} ${pad(p.title, 92)} ${String(outcome.numRuns).padStart(5)} cases ${String(Math.round(outcome.ms)).padStart(6)} ms\n`,
    );
    if (!outcome.ok) {
      if (outcome.error !== undefined) io.out(`      ${outcome.error.split("\n")[0] ?? ""}\n`);
      if (outcome.counterexample !== undefined)
        io.out(`      counterexample: ${outcome.counterexample}\n`);
      const replay = `commons-spec check --only ${p.id} --seed ${o.seed}${outcome.path !== undefined ? ` --path ${outcome.path}` : ""}`;
      io.out(`      replay: ${replay}\n`);
    }
  }
  const failed = outcomes.filter((x) => !x.ok);
  const cases = outcomes.reduce((s, x) => s + x.numRuns, 0);
  const secs = ((io.now() - started) / 1000).toFixed(1);
  if (o.json === true) {
    io.out(
      `${JSON.stringify({ seed: o.seed, outcomes, held: outcomes.length - failed.length, violated: failed.length }, null, 2)}\n`,
    );
  } else {
    io.out(
      `\n${outcomes.length} invariants checked, ${outcomes.length - failed.length} held, ${failed.length} violated (${cases} cases in ${secs} s)\n`,
    );
    if (failed.length > 0) io.out(`violated: ${failed.map((x) => x.id).join(", ")}\n`);
  }
  return failed.length === 0 ? EXIT.ok : EXIT.violated;
}
