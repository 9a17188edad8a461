/**
 * The hostile-input fuzz of every parser (test/hostile/parsers.ts) at depth.
 *
 *   node --import tsx bench/hostile-fuzz.ts [--deep] [--runs N] [--seed N] [--only name,name]
 *
 * `--deep` feeds 10⁶ inputs to each parser (default 10⁴); `--runs` sets the number; `--only`
 * picks parsers by name (case-insensitive prefix: "itc", "scenario", …). The oracle is the CI
 * test's (test/hostile/fuzz.test.ts): each input parses or is rejected with the project's typed
 * user error, and what parses round-trips. Prints, per parser, the inputs accepted and rejected,
 * the wall time, and the slowest single input (a hang would show there); any oracle failure is
 * printed with its seed and path and the command that replays it, and the exit code is 1.
 */
import fc from "fast-check";
import { parserTargets, scratch, type ParserTarget } from "../test/hostile/parsers.js";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const deep = args.includes("--deep");
const runs = Number(flag("--runs") ?? (deep ? 1_000_000 : 10_000));
const seed = Number(flag("--seed") ?? "42");
const only = (flag("--only") ?? "")
  .split(",")
  .filter((s) => s !== "")
  .map((s) => s.toLowerCase());

const s = scratch();
const targets = parserTargets(s).filter(
  (t) => only.length === 0 || only.some((o) => t.name.toLowerCase().startsWith(o)),
);
console.log(
  `hostile fuzz: ${targets.length} parsers × ${runs} inputs, seed ${seed} (replay: node --import tsx bench/hostile-fuzz.ts --runs ${runs} --seed ${seed}${only.length > 0 ? ` --only ${only.join(",")}` : ""})`,
);

interface Row {
  name: string;
  accepted: number;
  rejected: number;
  wallS: number;
  slowestMs: number;
  failure?: string;
}

function runOne(t: ParserTarget): Row {
  const row: Row = { name: t.name, accepted: 0, rejected: 0, wallS: 0, slowestMs: 0 };
  const t0 = performance.now();
  let next = runs / 10;
  const r = fc.check(
    fc.property(t.arbitrary, (x) => {
      const a = performance.now();
      row[t.check(x)]++;
      const ms = performance.now() - a;
      if (ms > row.slowestMs) row.slowestMs = ms;
      if (row.accepted + row.rejected >= next) {
        next += runs / 10;
        process.stdout.write(
          `  ${t.name}: ${row.accepted + row.rejected} inputs, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
        );
      }
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  row.wallS = (performance.now() - t0) / 1000;
  if (r.failed)
    row.failure = `seed ${r.seed}, path ${r.counterexamplePath ?? "?"}: ${String(r.errorInstance).slice(0, 500)}`;
  return row;
}

const rows: Row[] = [];
for (const t of targets) {
  const row = runOne(t);
  rows.push(row);
  console.log(
    `${row.name}: ${row.accepted + row.rejected} inputs (${row.accepted} accepted, ${row.rejected} rejected) in ${row.wallS.toFixed(1)} s; slowest input ${row.slowestMs.toFixed(1)} ms${row.failure !== undefined ? `\n  ORACLE FAILED: ${row.failure}` : ""}`,
  );
}
s.dispose();
console.log(JSON.stringify({ seed, runs, rows }));
process.exitCode = rows.some((r) => r.failure !== undefined) ? 1 : 0;
