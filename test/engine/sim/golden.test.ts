/**
 * Golden traces (issue 12): speed work on the simulator, the protocols and ITC must leave every
 * run byte-identical. Each case's trace, report and effect stream are hashed and compared with
 * test/engine/sim/golden.json, recorded before the optimisations.
 *
 * Re-record (only when a behaviour change is intended, and say so in the commit):
 *   GOLDEN_UPDATE=1 npx vitest run test/engine/sim/golden.test.ts
 * Also check the built-ins at full length (minutes): GOLDEN_FULL=1 (combine with GOLDEN_UPDATE).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { digest, goldenCases, type GoldenDigest } from "./golden-cases.js";

const FILE = fileURLToPath(new URL("./golden.json", import.meta.url));
const update = process.env["GOLDEN_UPDATE"] === "1";
const full = process.env["GOLDEN_FULL"] === "1";

const recorded: Record<string, GoldenDigest> = (() => {
  try {
    return JSON.parse(readFileSync(FILE, "utf8")) as Record<string, GoldenDigest>;
  } catch {
    return {};
  }
})();
const fresh: Record<string, GoldenDigest> = { ...recorded };

describe("golden traces: same seed, byte-identical trace, report and effects", () => {
  const cases = goldenCases();
  it("every built-in scenario has a quick case, every protocol is covered", () => {
    const protocols = new Set(cases.filter((c) => !c.full).map((c) => c.scenario.protocol));
    expect([...protocols].sort()).toEqual(["p2p", "router", "v1", "v2"]);
    for (const c of cases.filter((x) => x.full))
      expect(cases.some((q) => !q.full && q.name === c.name.slice(5))).toBe(true);
    expect(cases.filter((x) => x.full).length).toBeGreaterThanOrEqual(10);
  });
  for (const c of cases) {
    if (c.full && !full) continue;
    it(`${c.name} (${c.scenario.protocol}, ${c.scenario.duration} ms virtual)`, () => {
      const d = digest(c.scenario);
      fresh[c.name] = d;
      if (update) return;
      expect(
        recorded[c.name],
        `no golden record for ${c.name}: run with GOLDEN_UPDATE=1`,
      ).toBeDefined();
      expect(d).toEqual(recorded[c.name]);
    });
  }
  it("the digest sees a change: another seed, or a shorter run, gives other hashes", () => {
    const c = cases.find((x) => x.name === "v2-small");
    expect(c).toBeDefined();
    const s = c?.scenario as NonNullable<typeof c>["scenario"];
    const base = digest(s);
    const other = digest({ ...s, seed: s.seed + 1 });
    expect(other.trace).not.toBe(base.trace);
    const shorter = digest({ ...s, duration: s.duration / 2 });
    expect(shorter.trace).not.toBe(base.trace);
    expect(shorter.report).not.toBe(base.report);
    expect(shorter.effects).not.toBe(base.effects);
  });
  afterAll(() => {
    if (!update) return;
    const sorted: Record<string, GoldenDigest> = {};
    for (const k of Object.keys(fresh).sort()) sorted[k] = fresh[k] as GoldenDigest;
    writeFileSync(FILE, `${JSON.stringify(sorted, null, 2)}\n`);
  });
});
