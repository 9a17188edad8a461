/**
 * The documents' protocol variants (src/audit/variants.ts): V2 with λ = 1 and damping on, V1 also
 * on a full mesh, every change listed; and the audit runs both variants of a scenario and labels
 * them in the ledger.
 */
import { describe, expect, it } from "vitest";
import { loadClaims, type Claim, type ClaimsCatalogue } from "../../src/audit/claims.js";
import { repositoryContext, resolveEvidence } from "../../src/audit/evidence.js";
import { runLedger } from "../../src/audit/ledger.js";
import { PROFILES, SCENARIO_SECONDS_PER_SEED } from "../../src/audit/profiles.js";
import { scenarioVariant } from "../../src/audit/variants.js";
import { builtinScenario } from "../../src/engine/sim/builtins.js";
import { parseScenarioDocument } from "../../src/engine/sim/scenario.js";

const doc = (name: string) => {
  const b = builtinScenario(name);
  if (b === undefined) throw new Error(name);
  return b.document;
};

describe("scenarioVariant", () => {
  it("V2: λ 0.5 → 1 and damping off → on, the rest untouched", () => {
    const v = scenarioVariant(doc("v2-100"), "documents");
    expect(v.changes).toEqual([
      { run: "v2-100", path: "v2.relaxation", toolkit: 0.5, documents: 1 },
      { run: "v2-100", path: "v2.damping", toolkit: false, documents: true },
    ]);
    const parsed = parseScenarioDocument(v.document, "v2-100");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const run = parsed.runs[0];
    expect(run).toMatchObject({ protocol: "v2", v2: { relaxation: 1, damping: true } });
    expect(run?.topology).toEqual({ kind: "random-regular", degree: 6 });
  });

  it("V1 also goes all-to-all; set resizes every run of a suite for both variants", () => {
    const set = { "nodes.count": 10 };
    const toolkit = scenarioVariant(doc("v1-vs-v2-100"), undefined, set);
    expect(toolkit.changes).toEqual([]);
    const documents = scenarioVariant(doc("v1-vs-v2-100"), "documents", set);
    expect(documents.changes).toContainEqual({
      run: "v1-100",
      path: "topology",
      toolkit: { kind: "random-regular", degree: 6 },
      documents: { kind: "full-mesh" },
    });
    expect(
      documents.changes.filter((c) => c.run === "v2-100 (same graph)").map((c) => c.path),
    ).toEqual(["v2.relaxation", "v2.damping"]);
    for (const v of [toolkit, documents]) {
      const parsed = parseScenarioDocument(v.document, "x");
      expect(parsed.ok).toBe(true);
      if (parsed.ok) for (const r of parsed.runs) expect(r.nodes).toMatchObject({ count: 10 });
    }
  });

  it("refuses a scenario without a V1 or V2 run", () => {
    expect(() => scenarioVariant(doc("router-burst"), "documents")).toThrow(/V1 and V2 runs only/);
  });

  it("evidence naming a variant is labelled, and a bad set field is reported", () => {
    const ctx = repositoryContext();
    expect(
      resolveEvidence(
        {
          kind: "scenario",
          name: "v1-vs-v2-100",
          variant: "documents",
          set: { "nodes.count": 10 },
          role: "qualifies",
        },
        ctx,
      ).label,
    ).toBe(
      "scenario v1-vs-v2-100 (the documents' protocol: λ = 1, damping on, V1 all-to-all; nodes.count = 10)",
    );
    expect(() =>
      resolveEvidence(
        { kind: "scenario", name: "v2-100", set: { "nodes.count": "many" }, role: "qualifies" },
        ctx,
      ),
    ).toThrow(/nodes\.count/);
  });
});

describe("the audit runs both variants", () => {
  it("labels the documents' run and lists its changes beside the toolkit's run", async () => {
    const catalogue = loadClaims();
    const base = catalogue.claims.find((c) => c.id === "S3-11") as Claim;
    const claim: Claim = {
      ...base,
      evidence: [
        { kind: "scenario", name: "v2-small", role: "qualifies" },
        { kind: "scenario", name: "v2-small", variant: "documents", role: "qualifies" },
      ],
    };
    const cat: ClaimsCatalogue = {
      ...catalogue,
      claims: catalogue.claims.map((c) => (c.id === "S3-11" ? claim : c)),
    };
    const run = await runLedger(cat, repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S3-11"],
      catalogueSha256: "0".repeat(64),
    });
    const [toolkit, documents] = run.ledger.claims[0]?.evidence ?? [];
    expect(toolkit?.label).toBe("scenario v2-small");
    expect(toolkit?.simulation?.variant).toBeUndefined();
    expect(documents?.label).toBe("scenario v2-small (the documents' protocol: λ = 1, damping on)");
    expect(documents?.simulation).toMatchObject({
      variant: "documents",
      changes: [
        { path: "v2.relaxation", toolkit: 0.5, documents: 1 },
        { path: "v2.damping", toolkit: false, documents: true },
      ],
      data: "data/scenario-v2-small-documents.csv",
    });
    expect(documents?.reproduce).toContain(
      "commons-spec simulate v2-small --sweep 'v2.relaxation=1' --sweep 'v2.damping=true' --seed 1",
    );
    expect(run.artifacts.has("data/scenario-v2-small.csv")).toBe(true);
    expect(run.artifacts.has("data/scenario-v2-small-documents.csv")).toBe(true);
  });
});

describe("a suite's runs picked by name", () => {
  type ScenarioItem = Extract<Claim["evidence"][number], { kind: "scenario" }>;
  const v1Only = (measure?: ScenarioItem["measure"]): ScenarioItem => ({
    kind: "scenario",
    name: "v1-vs-v2-100",
    variant: "documents",
    set: { "nodes.count": 8, duration: 900_000 },
    runs: ["v1-100"],
    role: "confirms",
    ...(measure !== undefined ? { measure } : {}),
  });

  const withEvidence = (evidence: Claim["evidence"]): ClaimsCatalogue => {
    const catalogue = loadClaims();
    return {
      ...catalogue,
      claims: catalogue.claims.map((c) => (c.id === "S2-11" ? { ...c, evidence } : c)),
    };
  };

  it("runs only the V1 run, lists only its changes, and counts N(N − 1) round-states a round", async () => {
    const run = await runLedger(
      withEvidence([v1Only({ metric: "roundStatesPerRound", op: ">=", value: 56, run: "v1-100" })]),
      repositoryContext(),
      {
        profile: "quick",
        seed: 1,
        only: ["S2-11"],
        catalogueSha256: "0".repeat(64),
      },
    );
    const e = run.ledger.claims[0]?.evidence[0];
    expect(e?.label).toBe(
      "scenario v1-vs-v2-100 (the documents' protocol: λ = 1, damping on, V1 all-to-all; nodes.count = 8, duration = 900000; run v1-100 only)",
    );
    const sim = e?.simulation;
    expect(sim?.runs.map((r) => r.run)).toEqual(["v1-100"]);
    expect(new Set(sim?.changes?.map((c) => c.run))).toEqual(new Set(["v1-100"]));
    // On a full mesh of 8 every participant sends its round state to the 7 others once a round:
    // 56 a round at every seed, 10 rounds of 90 s in 900 s.
    expect(sim?.measure).toMatchObject({
      decision: "holds",
      median: { n: 5, median: 56, lower: 56, upper: 56 },
    });
    expect(e?.outcome).toBe("supports");
    const csv = run.artifacts.get(sim?.data as string) ?? "";
    const [header, ...rows] = csv.trim().split("\n");
    const cols = (header as string).split(",");
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      const cells = r.split(",");
      const sent = Number(cells[cols.indexOf("sent:round-state")]);
      expect(sent).toBe(8 * 7 * 10);
      expect(Number(cells[cols.indexOf("roundStatesPerRound")])).toBe(sent / 10);
      expect(cells[cols.indexOf("protocol")]).toBe("v1");
    }
  });

  it("refuses a run the suite does not have, naming it", () => {
    expect(() => resolveEvidence({ ...v1Only(), runs: ["v1-1000"] }, repositoryContext())).toThrow(
      /v1-vs-v2-100 has no run v1-1000 \(its runs: v1-100, v2-100 \(same graph\)\)/,
    );
  });

  it("items measuring one skipped simulation share its cost, counted once", async () => {
    const big = { ...v1Only(), set: { duration: 270_000 } };
    const evidence: Claim["evidence"] = [
      { ...big, measure: { metric: "roundStatesPerRound", op: ">=", value: 9900, run: "v1-100" } },
      { ...big, measure: { metric: "settleRounds", op: ">", value: 10, run: "v1-100" } },
    ];
    const run = await runLedger(withEvidence(evidence), repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S2-11"],
      catalogueSha256: "0".repeat(64),
    });
    const perSeed = SCENARIO_SECONDS_PER_SEED['v1-vs-v2-100@documents{"duration":270000}[v1-100]'];
    expect(perSeed).toBeGreaterThan(PROFILES.quick.maxSecondsPerSeed);
    const cost = (perSeed as number) * PROFILES.standard.seeds;
    const c = run.ledger.claims[0];
    expect(c?.evidence.map((x) => x.cost?.seconds)).toEqual([cost, cost]);
    expect(c?.verdict).toMatchObject({ status: "not-run", costSeconds: cost, profile: "standard" });
    expect(run.ledger.skipped).toHaveLength(1);
    expect(run.ledger.skipped[0]).toMatchObject({ seconds: cost, claims: ["S2-11"] });
  });
});
