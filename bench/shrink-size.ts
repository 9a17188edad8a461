/**
 * Size of the counterexamples `verify` reports for the allocation mutants of the zoo
 * (test/mutants/manifest.ts): per failure, the capacity slots, recipients, need slots and
 * optional fields (windows, window bounds, locations and their fields) left in the input.
 * Run: npx tsx bench/shrink-size.ts   (in-process, seed 42, default settings)
 */
import { fileURLToPath } from "node:url";
import { main } from "../src/cli/main.js";
import type { AllocationInput } from "../src/core/schemas/allocation.js";
import { MUTANTS } from "../test/mutants/manifest.js";
import { allocationInputSize } from "../properties/minimise.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const only = process.argv.slice(2);
const files = MUTANTS.map((m) => m.file).filter(
  (f) => f.startsWith("alloc-") && (only.length === 0 || only.some((o) => f.includes(o))),
);
const totals = { n: 0, slots: 0, recipients: 0, needs: 0, fields: 0 };
console.log(`| mutant | invariant / class | slots | recipients | needs | optional fields |`);
console.log(`|---|---|---|---|---|---|`);
for (const file of files) {
  let out = "";
  const io = {
    out: (t: string) => void (out += t),
    err: () => undefined,
    now: () => performance.now(),
  };
  await main(
    ["verify", here(`../test/mutants/${file}`), "--suite", "allocation", "--json", "--in-process"],
    io,
  );
  const report = JSON.parse(out) as {
    outcomes: { id: string; failures: { failureClass: string; counterexample?: string }[] }[];
  };
  for (const o of report.outcomes)
    for (const f of o.failures) {
      if (f.counterexample === undefined) continue;
      const value = JSON.parse(f.counterexample) as unknown[];
      const s = allocationInputSize(value[0] as AllocationInput);
      totals.n++;
      totals.slots += s.slots;
      totals.recipients += s.recipients;
      totals.needs += s.needs;
      totals.fields += s.fields;
      console.log(
        `| ${file.replace(/\.ts$/, "")} | ${o.id} / ${f.failureClass} | ${s.slots} | ${s.recipients} | ${s.needs} | ${s.fields} |`,
      );
    }
}
const avg = (x: number) => (totals.n === 0 ? "—" : (x / totals.n).toFixed(2));
console.log(
  `| **mean of ${totals.n}** | | ${avg(totals.slots)} | ${avg(totals.recipients)} | ${avg(totals.needs)} | ${avg(totals.fields)} |`,
);
