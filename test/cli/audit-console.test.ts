import { describe, expect, it } from "vitest";
import type { LedgerClaim, LedgerEvidence } from "../../src/audit/ledger.js";
import { formatLedgerClaim } from "../../src/cli/audit.js";

// What the audit's console says about a claim for each evidence outcome × role: a check that
// passes may refute the claim, and the console must say so in words (issue 10 §2), never leave a
// bare ✓ that a reader takes for "the design holds".

function evidence(over: Partial<LedgerEvidence> & Pick<LedgerEvidence, "outcome" | "role">) {
  return {
    key: "property:STAT-2",
    label: "STAT-2",
    kind: "invariant",
    toolkitExpects: "the property fails",
    observed: "observed text",
    packaged: true,
    ...over,
  } as LedgerEvidence;
}

function claim(evidenceItems: LedgerEvidence[], over: Partial<LedgerClaim> = {}): LedgerClaim {
  return {
    id: "S0-8",
    document: "000.txt",
    section: { heading: "h", lines: [1, 2] },
    statement: "s",
    kind: "statistical",
    tested: "as-written",
    deviations: [],
    verdict: { status: "refuted", reason: "r", basis: "executed", asExpected: true },
    expected: "refuted",
    evidence: evidenceItems,
    reproduce: "commons-spec audit --only S0-8",
    ...over,
  } as LedgerClaim;
}

const evidenceLine = (c: LedgerClaim): string => formatLedgerClaim(c).split("\n")[1] ?? "";

describe("formatLedgerClaim: what each evidence outcome means for the claim", () => {
  it("a passing check that refutes the claim says 'refutes', with ✓", () => {
    const line = evidenceLine(claim([evidence({ outcome: "supports", role: "refutes" })]));
    expect(line).toBe("      ✓ STAT-2 — refutes S0-8: observed text");
  });

  it("a passing check that confirms the claim says 'confirms'", () => {
    const line = evidenceLine(claim([evidence({ outcome: "supports", role: "confirms" })]));
    expect(line).toBe("      ✓ STAT-2 — confirms S0-8: observed text");
  });

  it("a confirming check that fails refutes the claim, and says it was expected to hold", () => {
    const line = evidenceLine(claim([evidence({ outcome: "contradicts", role: "confirms" })]));
    expect(line).toBe("      ✗ STAT-2 — refutes S0-8 (expected to hold): observed text");
  });

  it("a refuting check that now passes on the design says it no longer refutes", () => {
    const line = evidenceLine(claim([evidence({ outcome: "contradicts", role: "refutes" })]));
    expect(line).toBe("      ✗ STAT-2 — no longer refutes S0-8: observed text");
  });

  it("a confirming sweep that depends on its parameter makes the claim conditional", () => {
    const line = evidenceLine(claim([evidence({ outcome: "depends", role: "confirms" })]));
    expect(line).toBe("      ≷ STAT-2 — S0-8 is conditional on it: observed text");
  });

  it("a qualifying sweep reports what the SPRT decided, not a verdict on the claim", () => {
    const sweep = {
      parameter: "noise",
      setting: { epsilon: 0.05, rounds: 40 },
    } as unknown as NonNullable<LedgerEvidence["sweep"]>;
    const accepted = evidenceLine(
      claim([evidence({ kind: "sweep", outcome: "supports", role: "qualifies", sweep })]),
    );
    expect(accepted).toBe(
      "      ✓ STAT-2 — the SPRT accepts at every point (every honest estimate within ε = 0.05 after T = 40 rounds); it qualifies S0-8, it does not decide it: observed text",
    );
    const rejected = evidenceLine(
      claim([evidence({ kind: "sweep", outcome: "contradicts", role: "context", sweep })]),
    );
    expect(rejected).toContain("the SPRT rejects at every point");
    expect(rejected).toContain("it is context for S0-8, it does not decide it");
    const overRounds = evidenceLine(
      claim([
        evidence({
          kind: "sweep",
          outcome: "supports",
          role: "qualifies",
          sweep: { ...sweep, parameter: "rounds" } as NonNullable<LedgerEvidence["sweep"]>,
        }),
      ]),
    );
    expect(overRounds).toContain("after each point's T rounds");
  });

  it("context and inconclusive items print their mark with no meaning attached", () => {
    expect(evidenceLine(claim([evidence({ outcome: "supports", role: "context" })]))).toBe(
      "      ✓ STAT-2: observed text",
    );
    expect(evidenceLine(claim([evidence({ outcome: "inconclusive", role: "confirms" })]))).toBe(
      "      ? STAT-2: observed text",
    );
    expect(evidenceLine(claim([evidence({ outcome: "not-run", role: "confirms" })]))).toBe(
      "      - STAT-2: observed text",
    );
  });

  it("recorded items are left off the console", () => {
    const c = claim([
      evidence({ outcome: "recorded", role: "confirms", label: "A" }),
      evidence({ outcome: "supports", role: "refutes", label: "B" }),
    ]);
    expect(formatLedgerClaim(c).split("\n")).toHaveLength(2);
    expect(evidenceLine(c)).toContain("B — refutes S0-8");
  });

  it("the heading line gives the verdict, the catalogue's when it differs, the condition and the cost", () => {
    expect(formatLedgerClaim(claim([])).split("\n")[0]).toBe("  S0-8   refuted      statistical");
    const differs = claim([], {
      verdict: { status: "confirmed", reason: "r", basis: "executed", asExpected: false },
      expected: "refuted",
    });
    expect(formatLedgerClaim(differs)).toBe(
      "  S0-8   confirmed    (catalogue: refuted) statistical",
    );
    const conditional = claim([], {
      verdict: {
        status: "conditional",
        reason: "r",
        condition: "holds for noise ≤ 0.1, fails ≥ 0.2",
        basis: "executed",
        asExpected: true,
      },
      expected: "conditional",
    });
    expect(formatLedgerClaim(conditional)).toBe(
      "  S0-8   conditional  statistical — holds for noise ≤ 0.1, fails ≥ 0.2",
    );
    const notRun = claim([], {
      verdict: {
        status: "not-run",
        reason: "r",
        basis: "catalogue",
        asExpected: true,
        costSeconds: 160,
        profile: "full",
      },
      expected: "not-run",
    });
    expect(formatLedgerClaim(notRun)).toBe(
      "  S0-8   not-run      statistical (≈ 160 s, profile full)",
    );
  });
});
