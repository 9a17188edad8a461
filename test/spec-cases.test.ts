/**
 * SPEC.md names the cases its properties generate (a table row listing `Cases:`), and the
 * generators say which invariants they feed (`ids` in properties/boundary-catalog.ts). This test
 * fails when a row names a case its property never generates — not a class of a generator
 * feeding that invariant, or hit less often than its minimum in 1 000 cases — and when a
 * generator feeding an invariant has a boundary class SPEC does not list. Any suite plugs in
 * by giving its generators `ids` and SPEC a `Cases:` row.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BOUNDARY_CATALOG } from "../properties/boundary-catalog.js";
import {
  boundaries,
  measureBoundaries,
  type BoundaryMeasure,
  type GeneratorBoundaries,
} from "../properties/boundaries.js";
import { referenceCatalog } from "../properties/catalog.js";

const spec = readFileSync(new URL("../spec/SPEC.md", import.meta.url), "utf8");

const ID = /[A-Z][A-Z0-9]*(?:-[A-Z]+)*-\d+/g;

/** Every table row of a Markdown text that lists `Cases:`: the IDs of its first cell and the cases. */
export function caseRows(markdown: string): { ids: string[]; cases: string[]; line: number }[] {
  const out: { ids: string[]; cases: string[]; line: number }[] = [];
  markdown.split("\n").forEach((text, k) => {
    if (!text.startsWith("|")) return;
    const cells = text.split(/(?<!\\)\|/).slice(1, -1);
    const listed = cells.find((c) => c.includes("Cases:"));
    if (listed === undefined) return;
    const ids = [...(cells[0] ?? "").matchAll(ID)].map((m) => m[0]);
    const after = listed.slice(listed.indexOf("Cases:"));
    const cases = [...after.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    out.push({ ids, cases, line: k + 1 });
  });
  return out;
}

/** What is wrong with the rows against a catalogue of generators (empty when all is well). */
export function caseProblems(
  rows: ReturnType<typeof caseRows>,
  catalog: readonly GeneratorBoundaries<unknown>[],
  knownIds: ReadonlySet<string>,
  measure: (g: GeneratorBoundaries<unknown>) => readonly BoundaryMeasure[],
): string[] {
  const problems: string[] = [];
  const measured = new Map<string, readonly BoundaryMeasure[]>();
  const rates = (g: GeneratorBoundaries<unknown>) => {
    let m = measured.get(g.generator);
    if (m === undefined) measured.set(g.generator, (m = measure(g)));
    return m;
  };
  for (const row of rows) {
    if (row.ids.length === 0) problems.push(`line ${row.line}: a Cases: row names no invariant`);
    for (const id of row.ids) {
      if (!knownIds.has(id)) problems.push(`line ${row.line}: ${id} is not a property`);
      const feeding = catalog.filter((g) => g.ids?.includes(id));
      if (feeding.length === 0) problems.push(`line ${row.line}: no generator feeds ${id}`);
      for (const c of row.cases) {
        const hits = feeding.flatMap((g) => rates(g).filter((m) => m.cls === c));
        if (hits.length === 0) problems.push(`line ${row.line}: ${id} never generates "${c}"`);
        else if (!hits.some((m) => m.per1000 >= m.min))
          problems.push(
            `line ${row.line}: ${id} generates "${c}" ${Math.max(...hits.map((m) => m.per1000))} times per 1 000, below its minimum`,
          );
      }
    }
  }
  // The other direction: every class of a generator feeding an invariant is listed for it.
  for (const g of catalog) {
    for (const id of g.ids ?? []) {
      const listed = new Set(rows.filter((r) => r.ids.includes(id)).flatMap((r) => r.cases));
      for (const c of g.classes)
        if (!listed.has(c.name))
          problems.push(
            `${g.generator} generates "${c.name}" for ${id}, but SPEC.md does not list it`,
          );
    }
  }
  return problems;
}

describe("SPEC.md's generated cases are generated", () => {
  const rows = caseRows(spec);
  const knownIds = new Set(referenceCatalog().map((p) => p.id));

  it("the compat, allocation, damping and schema invariants list their cases", () => {
    const listed = new Set(rows.flatMap((r) => r.ids));
    for (const id of ["COMPAT-5", "ALLOC-RESULT-1", "ALLOC-WORK-1", "DAMP-4", "SCHEMA-1"])
      expect(listed.has(id), id).toBe(true);
  });

  it("every case a row lists is a boundary class of a generator feeding its invariant, hit often enough", () => {
    expect(caseProblems(rows, BOUNDARY_CATALOG, knownIds, (g) => measureBoundaries(g))).toEqual([]);
  });

  it("fails for a row naming a case never generated, a class SPEC omits, and an unknown ID", () => {
    const g = boundaries({
      generator: "digits",
      suite: "itc",
      ids: ["ITC-1"],
      arbitrary: fc.integer({ min: 0, max: 9 }),
      classes: [
        { name: "zero", spec: "—", hit: (v: number) => v === 0 },
        { name: "nine", spec: "—", hit: (v: number) => v === 9 },
      ],
    });
    const md = [
      "| ID | statement |",
      "|---|---|",
      "| ITC-1 | something. Cases: `zero`, `ten` |",
      "| NOPE-1 | Cases: `zero` |",
    ].join("\n");
    const problems = caseProblems(caseRows(md), [g], new Set(["ITC-1"]), (x) =>
      measureBoundaries(x, 1000, 1),
    );
    expect(problems).toEqual([
      'line 3: ITC-1 never generates "ten"',
      "line 4: NOPE-1 is not a property",
      "line 4: no generator feeds NOPE-1",
      'line 4: NOPE-1 never generates "zero"',
      'digits generates "nine" for ITC-1, but SPEC.md does not list it',
    ]);
  });
});
