/**
 * Boundary-class hit rates of every generator (properties/boundary-catalog.ts), per 1 000
 * cases at seed 42, as a Markdown table for bench/RESULTS.md.
 * Run: npx tsx bench/boundaries.ts [cases] [seed]
 */
import { BOUNDARY_CATALOG } from "../properties/boundary-catalog.js";
import { measureBoundaries } from "../properties/boundaries.js";

const cases = Number(process.argv[2] ?? "1000");
const seed = Number(process.argv[3] ?? "42");
console.log(`| suite | generator | boundary class | spec | hits / 1 000 | minimum |`);
console.log(`|---|---|---|---|---|---|`);
for (const g of BOUNDARY_CATALOG) {
  for (const m of measureBoundaries(g, cases, seed)) {
    console.log(`| ${m.suite} | ${m.generator} | ${m.cls} | ${m.spec} | ${m.per1000} | ${m.min} |`);
  }
}
