import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { referenceCatalog } from "../properties/catalog.js";

const spec = readFileSync(new URL("../spec/SPEC.md", import.meta.url), "utf8");

/** Rows of the invariant tables: `| ID | statement | checked by |`. */
const rows = [...spec.matchAll(/^\| ([A-Z][A-Z0-9]*(?:-[A-Z]+)*-\d+) \| (.+) \| (.+) \|$/gm)].map(
  (m) => ({
    id: m[1] as string,
    statement: m[2] as string,
    checkedBy: m[3] as string,
  }),
);

describe("spec/SPEC.md and the code agree", () => {
  it("has an invariant catalogue with unique IDs", () => {
    expect(rows.length).toBeGreaterThan(40);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every invariant names a test or property that exists and checks it", () => {
    const catalog = new Set(referenceCatalog().map((p) => p.id));
    const missing: string[] = [];
    for (const row of rows) {
      const propertyNamed = /property `([A-Z][A-Z0-9]*(?:-[A-Z]+)*-\d+)`/.exec(row.checkedBy)?.[1];
      if (propertyNamed !== undefined) {
        if (propertyNamed !== row.id || !catalog.has(row.id))
          missing.push(`${row.id}: no property ${propertyNamed} in the catalogue`);
        continue;
      }
      const m = /`(test\/[^`›]+?)\s*›\s*([A-Z][A-Z0-9]*(?:-[A-Z]+)*-\d+)`/.exec(row.checkedBy);
      if (m === null) {
        missing.push(`${row.id}: "checked by" names neither a property nor a test`);
        continue;
      }
      const [, where, id] = m as unknown as [string, string, string];
      const path = new URL(`../${where.trim()}`, import.meta.url);
      const files: URL[] = [];
      if (existsSync(path) && statSync(path).isDirectory()) {
        for (const f of readdirSync(path))
          if (f.endsWith(".test.ts")) files.push(new URL(`${path.href}/${f}`));
      } else if (existsSync(path)) files.push(path);
      const titled = files.some((f) =>
        new RegExp(`(it|test)\\(\\s*["'\`]${id}\\b|\\$\\{p\\.id\\}`).test(readFileSync(f, "utf8")),
      );
      const viaCatalog = catalog.has(id);
      if (id !== row.id || (!titled && !viaCatalog))
        missing.push(`${row.id}: no test titled ${id} in ${where}`);
    }
    expect(missing).toEqual([]);
  });

  it("every property of the catalogue is an invariant of the spec", () => {
    const ids = new Set(rows.map((r) => r.id));
    expect(
      referenceCatalog()
        .map((p) => p.id)
        .filter((id) => !ids.has(id)),
    ).toEqual([]);
  });
});
