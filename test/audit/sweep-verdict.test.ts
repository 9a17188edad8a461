/**
 * Conditional verdicts from sweeps: when a claim's statistical test holds at some values of a
 * parameter the toolkit chose and fails at others, the audit's verdict is conditional with the
 * measured condition, shown over its sweep in the ledger (structured fields).
 */
import { describe, expect, it } from "vitest";
import { loadClaims, type Claim, type ClaimsCatalogue } from "../../src/audit/claims.js";
import { repositoryContext } from "../../src/audit/evidence.js";
import { ledgerJson, runLedger } from "../../src/audit/ledger.js";
import { decideVerdict } from "../../src/audit/verdict.js";

const catalogue = loadClaims();
const claim = (id: string): Claim => {
  const c = catalogue.claims.find((x) => x.id === id);
  if (c === undefined) throw new Error(id);
  return c;
};

describe("a sweep that depends on its parameter", () => {
  it("decideVerdict: conditional with the measured condition, whatever the other evidence says", () => {
    const c = claim("S0-6");
    const v = decideVerdict(c, [
      { label: "STAT-2", role: "refutes", outcome: "supports" },
      {
        label: "STAT-2 over noise",
        role: "confirms",
        outcome: "depends",
        dependence: {
          parameter: "noise",
          holds: [0, 0.1],
          fails: [0.2],
          undecided: [],
          condition: "holds for noise ≤ 0.1, fails for noise ≥ 0.2",
        },
      },
      { label: "§13 finding", role: "refutes", outcome: "recorded" },
    ]);
    expect(v).toMatchObject({
      status: "conditional",
      condition: "holds for noise ≤ 0.1, fails for noise ≥ 0.2",
      basis: "partly-recorded",
      asExpected: true,
      dependsOn: [
        {
          evidence: "STAT-2 over noise",
          parameter: "noise",
          holds: [0, 0.1],
          fails: [0.2],
        },
      ],
    });
    expect(v.reason).toMatch(/depends on a parameter the toolkit chose/);
    expect(v.reason).toMatch(/STAT-2 refutes/);
  });

  it("a sweep that holds (or fails) everywhere decides like any executed item", () => {
    const c = claim("S0-6");
    const v = decideVerdict(c, [
      { label: "STAT-2", role: "refutes", outcome: "supports" },
      { label: "sweep", role: "confirms", outcome: "contradicts" },
    ]);
    expect(v.status).toBe("refuted");
    expect(v.dependsOn).toBeUndefined();
  });

  it("the audit runs the sweep and writes the verdict, the condition and every point", async () => {
    const base = claim("S0-17");
    const only: Claim = {
      ...base,
      evidence: [
        {
          kind: "sweep",
          stat: "STAT-2",
          parameter: "noise",
          values: [0.1, 0.3],
          set: { rounds: 20 },
          role: "confirms",
        },
      ],
    };
    const cat: ClaimsCatalogue = {
      ...catalogue,
      claims: catalogue.claims.map((c) => (c.id === "S0-17" ? only : c)),
    };
    const run = await runLedger(cat, repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S0-17"],
      catalogueSha256: "0".repeat(64),
    });
    const lc = run.ledger.claims[0];
    expect(lc?.verdict).toMatchObject({
      status: "conditional",
      condition: "holds for noise ≤ 0.1, fails for noise ≥ 0.3 (STAT-2's setting with rounds=20)",
      asExpected: true,
    });
    expect(lc?.verdict.dependsOn?.[0]).toMatchObject({
      parameter: "noise",
      holds: [0.1],
      fails: [0.3],
    });
    const e = lc?.evidence[0];
    expect(e?.outcome).toBe("depends");
    expect(e?.reproduce).toBe(
      "commons-spec stats --claim STAT-2 --seed 1 --set rounds=20 --sweep noise=0.1,0.3",
    );
    expect(e?.sweep).toMatchObject({
      stat: "STAT-2",
      parameter: "noise",
      set: { rounds: 20 },
      masterSeed: 1,
      alpha: 0.01,
      dependence: { monotone: true, boundary: { holdsUpTo: 0.1, failsFrom: 0.3 } },
    });
    expect(e?.sweep?.points.map((p) => [p.at["noise"], p.decision])).toEqual([
      [0.1, "holds"],
      [0.3, "fails"],
    ]);
    expect(run.artifacts.get(e?.sweep?.data ?? "")).toMatch(/^noise,decision,runs/);
    // Same seed, same ledger, byte for byte (no clock in the sweep's fields).
    const again = await runLedger(cat, repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S0-17"],
      catalogueSha256: "0".repeat(64),
      now: () => 1e12 * Math.random(),
    });
    expect(ledgerJson(again.ledger)).toBe(ledgerJson(run.ledger));
  });
});
