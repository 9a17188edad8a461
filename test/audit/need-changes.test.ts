/**
 * The audit's need-change metrics (S2-1, S3-1, S2-8): a scenario item with `needChanges` set
 * measures latency percentiles over seeds, and a percentile that falls on a change never seen
 * within the horizon counts as +∞ (it fails an upper bound) instead of "not measured".
 */
import { describe, expect, it } from "vitest";
import { loadClaims, type Claim, type ClaimsCatalogue } from "../../src/audit/claims.js";
import { repositoryContext } from "../../src/audit/evidence.js";
import { runLedger } from "../../src/audit/ledger.js";

type ScenarioItem = Extract<Claim["evidence"][number], { kind: "scenario" }>;
const V2 = "v2-100 (same graph)";

const item = (
  changes: { perMinute: number; from: number; until: number },
  measure: ScenarioItem["measure"],
  role: ScenarioItem["role"],
): ScenarioItem => ({
  kind: "scenario",
  name: "v1-vs-v2-100",
  set: {
    "nodes.count": 8,
    duration: 60_000,
    "needChanges.perMinute": changes.perMinute,
    "needChanges.from": changes.from,
    "needChanges.until": changes.until,
  },
  runs: [V2],
  role,
  ...(measure !== undefined ? { measure } : {}),
});

describe("need-change evidence in the audit", () => {
  it("measures V2's publication latency over seeds; an unseen change is +∞, not a missing value", async () => {
    const catalogue = loadClaims();
    const evidence: Claim["evidence"] = [
      item(
        { perMinute: 30, from: 20_000, until: 50_000 },
        { metric: "changeToPublishMaxMs", op: "<=", value: 100, run: V2 },
        "confirms",
      ),
      // Ten changes a second up to the very end: the last ones cannot be seen before the horizon.
      item(
        { perMinute: 600, from: 55_000, until: 60_000 },
        { metric: "changeToVisibleMaxMs", op: "<=", value: 1000, run: V2 },
        "qualifies",
      ),
    ];
    const cat: ClaimsCatalogue = {
      ...catalogue,
      claims: catalogue.claims.map((c) => (c.id === "S3-1" ? { ...c, evidence } : c)),
    };
    const run = await runLedger(cat, repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S3-1"],
      catalogueSha256: "0".repeat(64),
    });
    const [quiet, late] = run.ledger.claims[0]?.evidence ?? [];
    // Seed 3's 8 participants include no provider: no change to make, no latency to count
    // (it is left out of the latency percentiles, not counted as +∞).
    expect(quiet?.simulation?.measure).toMatchObject({
      decision: "holds",
      median: { n: 4, median: 100, upper: 100, censored: 0 },
    });
    expect(quiet?.outcome).toBe("supports");
    // Three of the four seeds with changes have one never seen (+∞), one saw them all: the
    // median is +∞ and its interval reaches a finite value, so the rule is undecided.
    expect(late?.simulation?.measure).toMatchObject({
      decision: "undecided",
      median: { n: 4, median: null, upper: null, censored: 3 },
    });
    expect(late?.simulation?.measure?.median.lower).toBeGreaterThan(0);
    expect(late?.outcome).toBe("inconclusive");
    // The per-seed data leaves the unseen percentiles (and seed 3's, which had no change) empty.
    const csv = run.artifacts.get(late?.simulation?.data as string) ?? "";
    const [header, ...rows] = csv.trim().split("\n");
    const col = (header as string).split(",").indexOf("changeToVisibleMaxMs");
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.split(",")[col] === "")).toHaveLength(4);
    expect(run.ledger.claims[0]?.verdict.status).toBe("confirmed");
  });
});
