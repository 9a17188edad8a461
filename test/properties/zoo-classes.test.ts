/**
 * The zoo's mutants that name their expected failure classes (test/mutants/manifest.ts) show
 * one of them at the default seed and number of cases: the suites do not only notice the bug,
 * they say what it is. (test/verify/verify.test.ts runs the zoo through `verify` itself.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { failureClass } from "../../properties/violation.js";
import type { Implementation } from "../../src/verify/implementation.js";
import { suitesFor } from "../../src/verify/suites.js";
import { MUTANTS } from "../mutants/manifest.js";

describe("mutants show their expected failure class", () => {
  for (const m of MUTANTS.filter((x) => x.classes !== undefined)) {
    it(m.file, async () => {
      const impl = (
        (await import(
          /* @vite-ignore */ new URL(`../mutants/${m.file}`, import.meta.url).href
        )) as { default: Implementation }
      ).default;
      const expected = m.classes ?? [];
      const ids = new Set(expected.map((c) => c.slice(0, c.indexOf("/"))));
      const found: string[] = [];
      for (const p of suitesFor(impl).filter((x) => ids.has(x.id))) {
        // The first failing case, unshrunk: its class is what the suite says is wrong.
        const r = fc.check(p.build(), { seed: 42, numRuns: p.numRuns, endOnFailure: true });
        if (r.failed) found.push(`${p.id}/${failureClass(r.errorInstance)}`);
      }
      expect(
        found.some((c) => expected.includes(c)),
        `found ${found.join(", ") || "nothing"}`,
      ).toBe(true);
    });
  }
});
