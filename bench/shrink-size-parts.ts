/**
 * Counterexample size of the invariants with a deletion pass, on a zoo mutant (or a planted bug,
 * test/mutants/_planted.ts) each: per reported failure, the parts the invariant's reducer could
 * delete (its candidates: needs, queries, grants, slots, flags, operations, steps, spec entries,
 * parts of the valid input, history entries, clock entries, weights, requests, parties) and how
 * many of those deletions keep the failure class, without the pass (fast-check's counterexample)
 * and with it; the executions of the property each run took (a count, not a time) and the CPU
 * time of each run (process.cpuUsage, main thread).
 *
 * Sets: `issue9-4b` (default; COMPAT-6, RES-*, CONV-*, V2-4, V2-6, V1-4, SCHEMA-1, the reducers
 * of issue 9 §4's second part) and `reducers` (DAMP-*, ITC-*, VC-*, P2P-*, REC-1, the reducers
 * added after it).
 * Run: npx tsx bench/shrink-size-parts.ts [--set reducers]   (in-process, runProperty, --max-failures 5)
 */
import fc from "fast-check";
import { runProperty, safeFailureClass, type InvariantProperty } from "../properties/property.js";
import { withClassesSetAside } from "../properties/violation.js";
import type { Implementation } from "../src/verify/implementation.js";
import { suitesFor } from "../src/verify/suites.js";
import { sharesOver16Weights } from "../test/mutants/_planted.js";

const SETS = {
  "issue9-4b": [
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
  ],
  reducers: [
    ["damping-no-window.ts", "DAMP-1", 42],
    ["damping-no-window.ts", "DAMP-2", 42],
    ["damping-first-three.ts", "DAMP-2", 42],
    ["damping-ties-input-order.ts", "DAMP-3", 3],
    ["damping-flat-step-oscillates.ts", "DAMP-4", 42],
    ["itc-fill-no-normalise.ts", "ITC-1", 42],
    ["itc-leq-no-lift.ts", "ITC-2", 42],
    ["itc-leq-no-lift.ts", "ITC-3", 42],
    ["itc-event-by-reference.ts", "ITC-4", 42],
    ["itc-fork-shares-id.ts", "ITC-5", 42],
    ["itc-fork-shares-id.ts", "ITC-6", 42],
    ["itc-peek-keeps-id.ts", "ITC-7", 5],
    ["itc-encode-32bit.ts", "ITC-8", 5],
    ["itc-decode-lenient.ts", "ITC-9", 42],
    ["itc-join-accepts-overlap.ts", "ITC-10", 42],
    ["itc-grow-before-fill.ts", "ITC-13", 42],
    ["vclock-join-min.ts", "VC-1", 3],
    ["vclock-join-min.ts", "VC-2", 5],
    ["vclock-varint-boundary.ts", "VC-3", 5],
    ["vclock-counter-int32.ts", "VC-4", 5],
    ["vclock-leq-strict.ts", "VC-4", 42],
    ["denominator-provider-overwrites-book.ts", "P2P-1", 3],
    ["denominator-capacity-rounded-up.ts", "P2P-2", 42],
    ["denominator-grants-strangers.ts", "P2P-3", 42],
    ["denominator-counts-stray-responses.ts", "P2P-5", 42],
    ["denominator-gossip-full-trust.ts", "P2P-7", 42],
    ["(planted) shares-over-16-weights", "REC-1", 42],
  ],
} as const;

const setName = process.argv.includes("--set")
  ? (process.argv[process.argv.indexOf("--set") + 1] ?? "")
  : "issue9-4b";
if (!(setName in SETS)) {
  console.error(`--set: one of ${Object.keys(SETS).join(", ")}`);
  process.exit(2);
}
const CASES: readonly (readonly [string, string, number])[] = SETS[setName as keyof typeof SETS];
const PLANTED: Readonly<Record<string, Implementation>> = {
  "(planted) shares-over-16-weights": sharesOver16Weights,
};

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
  "| mutant | invariant / class | seed | parts without → with | deletions keeping the class without → with | executions without → with | CPU s without → with |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [file, id, seed] of CASES) {
  const impl =
    PLANTED[file] ??
    (
      (await import(new URL(`../test/mutants/${file}`, import.meta.url).href)) as {
        default: Implementation;
      }
    ).default;
  const p = suitesFor(impl).find((x) => x.id === id) as InvariantProperty;
  const { reduce: _r, ...raw } = p;
  const run = (q: InvariantProperty) => {
    let executions = 0;
    const t = process.cpuUsage();
    const o = runProperty(q, {
      seed,
      maxFailures: 5,
      hooks: { beforeCase: () => void executions++ },
    });
    const c = process.cpuUsage(t);
    return { o, executions, cpu: ((c.user + c.system) / 1e6).toFixed(2) };
  };
  const a = run(raw);
  const b = run(p);
  a.o.failures.forEach((f, k) => {
    const g = b.o.failures[k];
    const x = readBack(f.counterexample);
    const y = readBack(g?.counterexample);
    const parts = (v: unknown) => [...(p.reduce?.(v) ?? [])].length;
    console.log(
      `| ${file.replace(/\.ts$/, "")} | ${id} / ${f.failureClass}${g?.failureClass === f.failureClass ? "" : " (class differs!)"} | ${seed} | ${parts(x)} → ${parts(y)} | ${keptDeletions(p, x, f.failureClass)} → ${keptDeletions(p, y, f.failureClass)} | ${k === 0 ? `${a.executions} → ${b.executions} | ${a.cpu} → ${b.cpu}` : " |"} |`,
    );
  });
}
