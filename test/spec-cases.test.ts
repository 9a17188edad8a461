/**
 * SPEC.md names the cases its properties generate — a table row listing `Cases:`, or a row of a
 * table with a "cases" column (§11.2's generators, §11.3's oracles and cases) — and the
 * generators say which invariants they feed (`ids` in properties/boundary-catalog.ts). This test
 * fails when a row names a case its property never generates — not a class of a generator
 * feeding that invariant, or hit less often than its minimum in 1 000 cases — and when a class of
 * a generator feeding invariants is listed for none of them. Any suite plugs in by giving its
 * generators `ids` and SPEC a row. §11.3 also gives every invariant of its suites a row naming
 * its oracle.
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
import { denominatorProperties, referenceDenominatorAgent } from "../properties/denominator.js";
import { itcProperties } from "../properties/itc.js";
import {
  referenceV1Node,
  referenceV2Node,
  v1NodeProperties,
  v2NodeProperties,
} from "../properties/nodes.js";
import { referenceRouter, routerProperties } from "../properties/router.js";
import { vclockProperties } from "../properties/vclock.js";

const SECTION_11_3 =
  "### 11.3 Oracles and generated cases: itc, vclock, nodes, router, denominator";
const spec = readFileSync(new URL("../spec/SPEC.md", import.meta.url), "utf8");

const ID = /[A-Z][A-Z0-9]*(?:-[A-Z]+)*-\d+/g;

/** A row naming cases: the IDs of its first cell, the cases, its cells by column name. */
export interface CaseRow {
  readonly ids: string[];
  readonly cases: string[];
  readonly line: number;
  /** The cells, keyed by the table's header (lower case). */
  readonly cells: Readonly<Record<string, string>>;
}

const cellsOf = (text: string) =>
  text
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);

/**
 * Every table row of a Markdown text that names cases: in a cell after `Cases:`, or in the
 * column of a table whose header has "cases" in it.
 */
export function caseRows(markdown: string): CaseRow[] {
  const out: CaseRow[] = [];
  let header: string[] | undefined;
  markdown.split("\n").forEach((text, k) => {
    if (!text.startsWith("|")) {
      header = undefined;
      return;
    }
    const cells = cellsOf(text);
    if (header === undefined) {
      header = cells.map((c) => c.toLowerCase());
      return;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) return;
    const column = header.findIndex((h) => h.includes("cases"));
    const listed = cells.find((c) => c.includes("Cases:"));
    let cases: string[];
    if (listed !== undefined) cases = ticked(listed.slice(listed.indexOf("Cases:")));
    else if (column >= 0) cases = ticked(cells[column] ?? "");
    else return;
    const named: Record<string, string> = {};
    (header ?? []).forEach((h, i) => (named[h] = cells[i] ?? ""));
    const ids = [...(cells[0] ?? "").matchAll(ID)].map((m) => m[0]);
    out.push({ ids, cases, line: k + 1, cells: named });
  });
  return out;
}

/** What is wrong with the rows against a catalogue of generators (empty when all is well). */
export function caseProblems(
  rows: readonly CaseRow[],
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
      // A row of an invariant with no generator (a fixed scenario) names no case.
      if (feeding.length === 0 && row.cases.length > 0)
        problems.push(`line ${row.line}: no generator feeds ${id}`);
      if (feeding.length > 0 && row.cases.length === 0)
        problems.push(`line ${row.line}: ${id} names no generated case`);
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
  // The other direction: every class of a generator feeding invariants is listed for one of them.
  for (const g of catalog) {
    const ids = g.ids ?? [];
    if (ids.length === 0) continue;
    const listed = new Set(
      rows.filter((r) => r.ids.some((id) => ids.includes(id))).flatMap((r) => r.cases),
    );
    for (const c of g.classes)
      if (!listed.has(c.name))
        problems.push(
          `${g.generator} generates "${c.name}" for ${ids.join(", ")}, but SPEC.md does not list it`,
        );
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

  it("§11.3: every invariant of the itc, vclock, nodes, router and denominator suites has a row naming its oracle, and no row names another", () => {
    const start = spec.indexOf(SECTION_11_3);
    expect(start, `SPEC.md has no section "${SECTION_11_3}"`).toBeGreaterThanOrEqual(0);
    const end = spec.indexOf("\n## ", start);
    const table = caseRows(spec.slice(start, end < 0 ? undefined : end));
    const ids = [
      ...itcProperties(),
      ...vclockProperties(),
      ...v2NodeProperties(referenceV2Node),
      ...v1NodeProperties(referenceV1Node),
      ...routerProperties(referenceRouter),
      ...denominatorProperties(referenceDenominatorAgent),
    ].map((p) => p.id);
    expect(table.flatMap((r) => r.ids).sort()).toEqual([...new Set(ids)].sort());
    for (const r of table)
      expect((r.cells["oracle"] ?? "").length, r.ids.join()).toBeGreaterThan(10);
  });

  it("every case a row lists is a boundary class of a generator feeding its invariant, hit often enough", () => {
    expect(caseProblems(rows, BOUNDARY_CATALOG, knownIds, (g) => measureBoundaries(g))).toEqual([]);
  });

  it("fails for a row naming a case never generated or none, a class SPEC omits, and an unknown ID", () => {
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
      "",
      "| invariant | oracle | cases generated |",
      "|---|---|---|",
      "| `ITC-1` | the paper | `eleven` |",
      "| `ITC-1` | the paper | |",
      "| `ITC-11` | a fixed scenario | |",
    ].join("\n");
    const rows = caseRows(md);
    expect(rows.map((r) => [r.ids, r.cases, r.cells["oracle"]])).toEqual([
      [["ITC-1"], ["zero", "ten"], undefined],
      [["NOPE-1"], ["zero"], undefined],
      [["ITC-1"], ["eleven"], "the paper"],
      [["ITC-1"], [], "the paper"],
      [["ITC-11"], [], "a fixed scenario"],
    ]);
    const problems = caseProblems(rows, [g], new Set(["ITC-1", "ITC-11"]), (x) =>
      measureBoundaries(x, 1000, 1),
    );
    expect(problems).toEqual([
      'line 3: ITC-1 never generates "ten"',
      "line 4: NOPE-1 is not a property",
      "line 4: no generator feeds NOPE-1",
      'line 4: NOPE-1 never generates "zero"',
      'line 8: ITC-1 never generates "eleven"',
      "line 9: ITC-1 names no generated case",
      'digits generates "nine" for ITC-1, but SPEC.md does not list it',
    ]);
  });
});
