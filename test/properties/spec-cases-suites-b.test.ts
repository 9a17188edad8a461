/**
 * SPEC.md §11 "Oracles and generated cases: itc, vclock, nodes, router, denominator": every
 * invariant of these suites has a row naming its oracle and the cases its generators reach; each
 * case named must be a boundary class of one of the generators that invariant's property draws
 * from, hit at least its minimum per 1 000 cases. A row that names a case the property never
 * generates fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { measureBoundaries, type BoundaryMeasure } from "../../properties/boundaries.js";
import { ITC_VCLOCK_BOUNDARIES } from "../../properties/itc-boundaries.js";
import { PROTOCOL_BOUNDARIES } from "../../properties/protocol-boundaries.js";
import { denominatorProperties, referenceDenominatorAgent } from "../../properties/denominator.js";
import { itcProperties } from "../../properties/itc.js";
import {
  referenceV1Node,
  referenceV2Node,
  v1NodeProperties,
  v2NodeProperties,
} from "../../properties/nodes.js";
import { referenceRouter, routerProperties } from "../../properties/router.js";
import { vclockProperties } from "../../properties/vclock.js";

const spec = readFileSync(new URL("../../spec/SPEC.md", import.meta.url), "utf8");
const HEADING = "### 11.3 Oracles and generated cases: itc, vclock, nodes, router, denominator";

/** The generators each invariant's property draws from (by the names in the catalogue). */
const GENERATORS: Record<string, readonly string[]> = {
  "ITC-1": ["arbItcCase"],
  "ITC-2": ["arbItcCase"],
  "ITC-3": ["arbItcCase"],
  "ITC-4": ["arbItcCase"],
  "ITC-5": ["arbItcCase"],
  "ITC-6": ["arbItcScenario"],
  "ITC-7": ["arbItcScenario"],
  "ITC-8": ["arbItcCase"],
  "ITC-9": ["arbItcDecodeCase"],
  "ITC-10": ["arbItcCase"],
  "ITC-11": [],
  "VC-1": ["arbVClockRun"],
  "VC-2": ["arbVClock"],
  "VC-3": ["arbVClock", "arbVClockCorruption"],
  "VC-4": ["arbVClockEventCase"],
  "V2-1": ["arbV2Case"],
  "V2-2": ["arbV2Case"],
  "V2-4": ["arbV2JoinCase"],
  "V2-5": ["arbV2Case"],
  "V1-1": ["arbV1Case(timers)"],
  "V1-2": ["arbV1Case(round states)"],
  "ROUTER-1": ["arbRouterCase"],
  "ROUTER-2": ["arbRouterCase"],
  "ROUTER-3": ["arbRouterCase(dedup)"],
  "ROUTER-4": ["arbRouterCase(segmented)"],
  "P2P-1": ["arbProviderCase"],
  "P2P-2": ["arbProviderCase"],
  "P2P-3": ["arbProviderCase"],
  "P2P-5": ["arbRecipientCase"],
  "P2P-6": ["arbRecipientCase"],
  "P2P-7": ["arbRecipientCase"],
  "P2P-8": ["arbRecipientCase"],
};

/** The rows of the table: invariant, oracle, the cases named (in backticks). */
function rows(): { id: string; oracle: string; cases: string[] }[] {
  const start = spec.indexOf(HEADING);
  expect(start, `SPEC.md has no section "${HEADING}"`).toBeGreaterThanOrEqual(0);
  const end = spec.indexOf("\n## ", start);
  const section = spec.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9]*-\d+)` \| (.+?) \| (.+) \|$/gm)].map((m) => ({
    id: m[1] as string,
    oracle: m[2] as string,
    cases: [...(m[3] as string).matchAll(/`([^`]+)`/g)].map((c) => c[1] as string),
  }));
}

const measures = new Map<string, BoundaryMeasure[]>();
function measured(generator: string): BoundaryMeasure[] {
  const hit = measures.get(generator);
  if (hit !== undefined) return hit;
  const g = [...ITC_VCLOCK_BOUNDARIES, ...PROTOCOL_BOUNDARIES].find(
    (x) => x.generator === generator,
  );
  if (g === undefined) throw new Error(`no generator ${generator} in the boundary catalogue`);
  const m = measureBoundaries(g);
  measures.set(generator, m);
  return m;
}

describe("SPEC §11: the oracles and generated cases of the itc, vclock, nodes, router and denominator suites", () => {
  const ids = [
    ...itcProperties(),
    ...vclockProperties(),
    ...v2NodeProperties(referenceV2Node),
    ...v1NodeProperties(referenceV1Node),
    ...routerProperties(referenceRouter),
    ...denominatorProperties(referenceDenominatorAgent),
  ].map((p) => p.id);

  it("every invariant of these suites has a row, with its oracle, and no row names another", () => {
    const table = rows();
    expect(table.map((r) => r.id).sort()).toEqual([...new Set(ids)].sort());
    for (const r of table) expect(r.oracle.trim().length, r.id).toBeGreaterThan(10);
    expect(Object.keys(GENERATORS).sort()).toEqual([...new Set(ids)].sort());
  });

  for (const r of rows()) {
    it(`${r.id}: every case the row names is generated often enough`, () => {
      const gens = GENERATORS[r.id] ?? [];
      if (gens.length === 0) {
        expect(r.cases, `${r.id} has no generator, so its row names no case`).toEqual([]);
        return;
      }
      expect(r.cases.length, `${r.id} names no generated case`).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const c of r.cases) {
        const found = gens.flatMap((g) => measured(g)).filter((m) => m.cls === c);
        if (found.length === 0)
          problems.push(`"${c}" is not a boundary class of ${gens.join(", ")}`);
        else if (!found.some((m) => m.per1000 >= m.min && m.per1000 > 0))
          problems.push(
            `"${c}" is generated ${found.map((m) => m.per1000).join("/")} per 1 000, below ${found[0]?.min}`,
          );
      }
      expect(problems).toEqual([]);
    });
  }
});
