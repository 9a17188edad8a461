/**
 * Counterexample size of the invariants whose deletion pass came with issue 9 §4's second part
 * (COMPAT-6, RES-*, CONV-*, V2-4, V2-6, V1-4, SCHEMA-1), on a zoo mutant each: per reported
 * failure, the parts the invariant's reducer could delete (its candidates: needs, queries,
 * grants, slots, flags, operations, steps, spec entries, parts of the valid input) and how many
 * of those deletions keep the failure class, without the pass (fast-check's counterexample) and
 * with it; and the executions of the property each run took (a count, not a time).
 * Run: npx tsx bench/shrink-size-parts.ts   (in-process, runProperty, --max-failures 5)
 */
import fc from "fast-check";
import { runProperty, safeFailureClass, type InvariantProperty } from "../properties/property.js";
import { withClassesSetAside } from "../properties/violation.js";
import type { Implementation } from "../src/verify/implementation.js";
import { suitesFor } from "../src/verify/suites.js";

const CASES = [
  ["slot-index-no-antimeridian.ts", "COMPAT-6", 42],
  ["residual-net-counts-own.ts", "RES-1", 17],
  ["residual-net-counts-own.ts", "RES-2", 17],
  ["residual-net-counts-own.ts", "RES-2", 42],
  ["convergence-at-epsilon.ts", "CONV-1", 42],
  ["convergence-network-two-thirds.ts", "CONV-2", 42],
  ["v2-joins-duplicate-grant.ts", "V2-4", 42],
  ["v2-naive-residual.ts", "V2-6", 42],
  ["v1-no-relaxation.ts", "V1-4", 42],
  ["validation-no-unique-ids.ts", "SCHEMA-1", 42],
  ["validation-accepts-nan.ts", "SCHEMA-1", 42],
] as const;

const readBack = (s: string | undefined) => new Function(`return (${s ?? "null"});`)() as unknown;

function keptDeletions(p: InvariantProperty, args: unknown, cls: string): number {
  let n = 0;
  const prop = p.build();
  for (const c of p.reduce?.(args) ?? []) {
    const out = withClassesSetAside([], () => prop.run(c), cls);
    if (
      out !== null &&
      !fc.PreconditionFailure.isFailure(out) &&
      safeFailureClass(out.error) === cls
    )
      n++;
  }
  return n;
}

console.log(
  "| mutant | invariant / class | seed | parts without → with | deletions keeping the class without → with | executions without → with |",
);
console.log("|---|---|---|---|---|---|");
for (const [file, id, seed] of CASES) {
  const impl = (
    (await import(new URL(`../test/mutants/${file}`, import.meta.url).href)) as {
      default: Implementation;
    }
  ).default;
  const p = suitesFor(impl).find((x) => x.id === id) as InvariantProperty;
  const { reduce: _r, ...raw } = p;
  const run = (q: InvariantProperty) => {
    let executions = 0;
    const o = runProperty(q, {
      seed,
      maxFailures: 5,
      hooks: { beforeCase: () => void executions++ },
    });
    return { o, executions };
  };
  const a = run(raw);
  const b = run(p);
  a.o.failures.forEach((f, k) => {
    const g = b.o.failures[k];
    const x = readBack(f.counterexample);
    const y = readBack(g?.counterexample);
    const parts = (v: unknown) => [...(p.reduce?.(v) ?? [])].length;
    console.log(
      `| ${file.replace(/\.ts$/, "")} | ${id} / ${f.failureClass}${g?.failureClass === f.failureClass ? "" : " (class differs!)"} | ${seed} | ${parts(x)} → ${parts(y)} | ${keptDeletions(p, x, f.failureClass)} → ${keptDeletions(p, y, f.failureClass)} | ${k === 0 ? `${a.executions} → ${b.executions}` : ""} |`,
    );
  });
}
