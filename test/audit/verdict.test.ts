/**
 * The verdict mapping (src/audit/verdict.ts) and the intervals it rests on: with every evidence
 * item as the catalogue expects, every claim gets the catalogue's verdict; when evidence stops
 * reproducing — a must-fail model that passes, a check that should hold and fails, an undecided
 * test — the verdict changes.
 */
import { describe, expect, it } from "vitest";
import { loadClaims, type Claim } from "../../src/audit/claims.js";
import { decideMedian, medianInterval } from "../../src/audit/intervals.js";
import { claimLabels } from "../../src/audit/labels.js";
import {
  decideVerdict,
  type EvidenceOutcome,
  type OutcomeForVerdict,
} from "../../src/audit/verdict.js";

const cat = loadClaims();
const claim = (id: string): Claim => {
  const c = cat.claims.find((x) => x.id === id);
  if (c === undefined) throw new Error(id);
  return c;
};

function outcomes(
  c: Claim,
  of: (e: Claim["evidence"][number], i: number) => EvidenceOutcome,
): OutcomeForVerdict[] {
  // A claim the catalogue expects inconclusive with decisive evidence (S3-25: its runs do not
  // settle within the horizon) expects that evidence to be undecided, whatever the mode.
  const undecided = (e: Claim["evidence"][number]) =>
    c.expectedVerdict.status === "inconclusive" && (e.role === "confirms" || e.role === "refutes");
  return c.evidence.map((e, i) => ({
    label: `${e.kind}[${i}]`,
    role: e.role,
    outcome: undecided(e) ? "inconclusive" : of(e, i),
  }));
}

/** What a run gives when everything reproduces: executed items support, the rest is recorded. */
function realistic(e: Claim["evidence"][number]): EvidenceOutcome {
  if (e.kind === "finding" || e.kind === "section" || e.kind === "results") return "recorded";
  if (e.kind === "scenario" && e.measure === undefined) return "recorded";
  return "supports";
}

describe("decideVerdict", () => {
  it.each([
    ["supports", (): EvidenceOutcome => "supports"],
    ["is recorded", (): EvidenceOutcome => "recorded"],
    ["reproduces (executed items support, the rest is recorded)", realistic],
  ] as const)("gives every claim the catalogue's expected verdict when each item %s", (_, mode) => {
    const wrong = cat.claims
      .map((c) => ({ c, v: decideVerdict(c, outcomes(c, mode)) }))
      .filter(({ v }) => !v.asExpected)
      .map(({ c, v }) => `${c.id}: ${v.status}, catalogue ${c.expectedVerdict.status}`);
    expect(wrong).toEqual([]);
  });

  it("a must-fail model that passes changes the verdict of every claim it refutes alone", () => {
    const changed: string[] = [];
    const checked: string[] = [];
    for (const c of cat.claims) {
      const mustFail = c.evidence.filter((e) => e.kind === "model" && e.role === "refutes");
      if (mustFail.length === 0 || c.expectedVerdict.status !== "refuted") continue;
      checked.push(c.id);
      // Every other item as recorded; the must-fail models now pass (contradict the toolkit).
      const v = decideVerdict(
        c,
        outcomes(c, (e) =>
          e.kind === "model" && e.role === "refutes"
            ? "contradicts"
            : e.kind === "model" || e.kind === "invariant" || e.kind === "calculation"
              ? "supports"
              : "recorded",
        ),
      );
      if (v.status !== "refuted" || !v.asExpected) changed.push(c.id);
      const executedRefutation = c.evidence.some(
        (e) =>
          e.role === "refutes" &&
          e.kind !== "model" &&
          ["invariant", "calculation"].includes(e.kind),
      );
      // Only another executed refutation may keep the verdict: recorded findings never do.
      if (!executedRefutation) expect(v.status, c.id).not.toBe("refuted");
    }
    expect(checked.length).toBeGreaterThan(3);
    expect(changed.length).toBeGreaterThan(0);
  });

  it("S0-14: the seed provider's models passing turns refuted into inconclusive", () => {
    const c = claim("S0-14");
    const ok = decideVerdict(c, outcomes(c, realistic));
    expect(ok).toMatchObject({ status: "refuted", asExpected: true, basis: "partly-recorded" });
    const broken = decideVerdict(
      c,
      outcomes(c, (e) =>
        e.kind === "model" && e.role === "refutes" ? "contradicts" : realistic(e),
      ),
    );
    expect(broken.status).not.toBe("refuted");
    expect(broken.asExpected).toBe(false);
    expect(broken.reason).toMatch(/did not reproduce/);
  });

  it("a check that should confirm and fails refutes the claim (S4-5: single-lane models)", () => {
    const c = claim("S4-5");
    expect(decideVerdict(c, outcomes(c, realistic)).status).toBe("confirmed");
    const v = decideVerdict(
      c,
      outcomes(c, (e) => (e.kind === "model" ? "contradicts" : realistic(e))),
    );
    expect(v.status).toBe("refuted");
    expect(v.reason).toMatch(/should hold failed/);
  });

  it("undecided evidence is inconclusive with its censored runs; skipped evidence is not run with its cost", () => {
    const c = claim("S2-10");
    const scenario = (o: EvidenceOutcome) =>
      c.evidence.map((e, i): OutcomeForVerdict => ({
        label: `${e.kind}[${i}]`,
        role: e.role,
        outcome: e.kind === "scenario" ? o : e.kind === "finding" ? "recorded" : "supports",
        ...(o === "inconclusive" ? { censored: 3 } : {}),
        ...(o === "not-run" ? { costSeconds: 400, profile: "standard" } : {}),
      }));
    // The finding still refutes: recorded evidence counts on its side.
    expect(decideVerdict(c, scenario("inconclusive")).status).toBe("refuted");
    const noFinding = { ...c, evidence: c.evidence.filter((e) => e.kind !== "finding") };
    const open = decideVerdict(
      noFinding,
      scenario("inconclusive").filter((o) => !o.label.startsWith("finding")),
    );
    // Three scenario items (v2-100, v1-vs-v2-100, v2-100 in the documents' protocol), 3 each.
    expect(open).toMatchObject({ status: "inconclusive", censored: 9 });
    const skipped = decideVerdict(
      noFinding,
      scenario("not-run").filter((o) => !o.label.startsWith("finding")),
    );
    expect(skipped).toMatchObject({ status: "not-run", costSeconds: 1200, profile: "standard" });
  });

  it("untestable claims stay untestable whatever the evidence", () => {
    const c = cat.claims.find((x) => x.kind === "untestable") as Claim;
    expect(decideVerdict(c, []).status).toBe("untestable");
  });
});

describe("medianInterval", () => {
  it("uses [min, max] for 5 seeds (coverage 1 − 2/32) and narrower order statistics for more", () => {
    const e = medianInterval([5, 1, 4, 2, 3]);
    expect(e).toMatchObject({ n: 5, median: 3, lower: 1, upper: 5, censored: 0 });
    expect(e.confidence).toBeCloseTo(0.9375, 10);
    const big = medianInterval(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(big.lower).toBe(6);
    expect(big.upper).toBe(15);
    expect(big.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it("counts censored runs as +∞: an unbounded upper end, a median at ∞ when most are censored", () => {
    const e = medianInterval([100, null, 300, 200, null]);
    expect(e).toMatchObject({ median: 300, lower: 100, upper: null, censored: 2 });
    expect(decideMedian(e, ">", 50)).toBe("holds");
    expect(decideMedian(e, "<=", 1000)).toBe("undecided");
    const most = medianInterval([null, null, null, 5, null]);
    expect(most.median).toBeNull();
    expect(decideMedian(most, ">", 2000)).toBe("undecided");
    expect(decideMedian(medianInterval([null, null, null, null, null]), ">", 2000)).toBe("holds");
  });

  it("decides a rule only when the whole interval is on one side", () => {
    const e = medianInterval([10, 11, 12, 13, 14]);
    expect(decideMedian(e, ">", 5)).toBe("holds");
    expect(decideMedian(e, ">", 20)).toBe("fails");
    expect(decideMedian(e, ">", 12)).toBe("undecided");
  });
});

describe("claimLabels", () => {
  const labels = claimLabels(cat);
  it("says which claims a passing check refutes, and which a failing one refutes", () => {
    expect(labels.invariant("STAT-3", true)).toMatch(/^refutes .*S0-16/);
    expect(labels.invariant("ROUTER-4", false)).toMatch(/^refutes .*S4-11.* \(expected to hold\)/);
    expect(labels.invariant("STAT-3", false)).toMatch(/^no longer refutes/);
    expect(labels.model("P2PDenominator", "seed", true)).toMatch(/refutes S0-14/);
    expect(labels.model("P2PDenominator", "corrected", true)).toBeUndefined();
  });
});
