import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CHEAP_CLAIM_SECONDS,
  STANDARD_CLAIM_SECONDS,
  defaultJobs,
} from "../../src/audit/claim-costs.js";
import { claimsJsonSchema, loadClaims } from "../../src/audit/claims.js";
import { PROFILES } from "../../src/audit/profiles.js";
import { workKey } from "../../src/audit/runners.js";
import { auditJobs } from "../../src/cli/audit.js";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

const catalogue = loadClaims();

describe("commons-spec audit --list", () => {
  it("prints every claim with its kind, how it is tested, its evidence and the expected verdict", async () => {
    const io = capture();
    expect(await main(["audit", "--list"], io)).toBe(0);
    const out = io.stdout();
    for (const c of catalogue.claims) expect(out).toContain(`  ${c.id.padEnd(6)} ${c.kind} · `);
    expect(out).toMatch(/S0-6 +statistical · tested with deviations \(5\) · expected: conditional/);
    expect(out).toContain("STAT-2 → refutes");
    expect(out).toContain("STAT-4 → refutes (not in the package)");
    expect(out).toMatch(/^claims per document: S0 \d+ · S1 \d+ · S2 \d+ · S3 \d+ · S4 \d+$/m);
    expect(out).toMatch(/^expected verdicts: confirmed \d+ · refuted \d+/m);
  });

  it("--json gives the ledger with resolved evidence and counts", async () => {
    const io = capture();
    expect(await main(["audit", "--list", "--json"], io)).toBe(0);
    const parsed = JSON.parse(io.stdout()) as {
      claims: { id: string; evidence: { label: string; command?: string; role: string }[] }[];
      counts: { claims: number; perKind: Record<string, number> };
    };
    expect(parsed.counts.claims).toBe(catalogue.claims.length);
    expect(parsed.claims.map((c) => c.id)).toEqual(catalogue.claims.map((c) => c.id));
    const s06 = parsed.claims.find((c) => c.id === "S0-6");
    expect(s06?.evidence[0]).toEqual(
      expect.objectContaining({
        label: "STAT-2",
        role: "refutes",
        command: "commons-spec check --only STAT-2",
      }),
    );
    expect(Object.values(parsed.counts.perKind).reduce((a, b) => a + b, 0)).toBe(
      catalogue.claims.length,
    );
  });

  it("--only restricts the ledger", async () => {
    const io = capture();
    expect(await main(["audit", "--list", "--only", "S4-3,S0-6", "--json"], io)).toBe(0);
    const parsed = JSON.parse(io.stdout()) as { claims: { id: string }[] };
    expect(parsed.claims.map((c) => c.id)).toEqual(["S0-6", "S4-3"]);
  });

  it("gives each claim's planned CPU for the profile, the total and the estimated wall time", async () => {
    const io = capture();
    expect(await main(["audit", "--list", "--profile", "standard", "--jobs", "2"], io)).toBe(0);
    const out = io.stdout();
    expect(out.match(/^ {9}cost: ≈ [\d.]+ s.* of CPU in the standard profile$/gm)).toHaveLength(
      catalogue.claims.length,
    );
    expect(out).toMatch(/^planned CPU in the standard profile: ≈ \d+ s \([\d.]+ min\) in all$/m);
    expect(out).toMatch(/^estimated wall time with 2 processes \(--jobs\): ≈ \d+ s .*; parts ≈ /m);
    // A selection one claim dominates: the wall time is that claim's part, not half the total.
    const json = capture();
    const args = [
      "audit",
      "--list",
      "--json",
      "--profile",
      "standard",
      "--only",
      "S2-9,S2-14,S4-2",
    ];
    expect(await main([...args, "--jobs", "2"], json)).toBe(0);
    const parsed = JSON.parse(json.stdout()) as {
      claims: { id: string; costSeconds: number }[];
      plan: {
        profile: string;
        jobs: number;
        jobsGiven: boolean;
        totalSeconds: number;
        parts: { ids: string[]; units: string[]; seconds: number }[];
        wallSeconds: number;
      };
    };
    const s214 = STANDARD_CLAIM_SECONDS["S2-14"] as number;
    expect(parsed.claims.map((c) => [c.id, c.costSeconds])).toEqual([
      ["S2-9", STANDARD_CLAIM_SECONDS["S2-9"]],
      ["S2-14", s214],
      ["S4-2", CHEAP_CLAIM_SECONDS],
    ]);
    const total = parsed.claims.reduce((a, c) => a + c.costSeconds, 0);
    expect(parsed.plan).toMatchObject({ profile: "standard", jobs: 2, jobsGiven: true });
    expect(parsed.plan.totalSeconds).toBeCloseTo(total, 6);
    expect(parsed.plan.parts.map((p) => p.ids)).toEqual([["S2-14"], ["S2-9", "S4-2"]]);
    expect(parsed.plan.parts.map((p) => p.units)).toEqual([[], []]);
    expect(s214).toBeGreaterThan(total / 2);
    expect(parsed.plan.wallSeconds).toBe(s214);
    // Without --jobs: the default job count of this machine for the selection.
    const dflt = capture();
    expect(await main(args, dflt)).toBe(0);
    const plan = (JSON.parse(dflt.stdout()) as typeof parsed).plan;
    const selected = catalogue.claims.filter((c) => ["S2-9", "S2-14", "S4-2"].includes(c.id));
    expect(plan.jobsGiven).toBe(false);
    expect(plan.jobs).toBe(defaultJobs(selected, "standard", availableParallelism(), workKey));
    expect(plan.wallSeconds).toBe(plan.jobs === 1 ? plan.totalSeconds : s214);
    // S2-19 dominates too, but splits by seed (src/audit/claim-units.ts): its 16 units (two
    // sweeps × 8 seeds) are spread over the parts, and the wall time is about half the total.
    const split = capture();
    const only219 = ["audit", "--list", "--profile", "standard", "--only", "S2-9,S2-19,S4-2"];
    expect(await main([...only219, "--jobs", "2", "--json"], split)).toBe(0);
    const p219 = (JSON.parse(split.stdout()) as typeof parsed).plan;
    const s219 = STANDARD_CLAIM_SECONDS["S2-19"] as number;
    expect(p219.parts.flatMap((p) => p.ids)).toEqual(["S2-9", "S4-2"]);
    expect(p219.parts.flatMap((p) => p.units)).toHaveLength(16);
    for (const p of p219.parts) expect(p.units.length).toBeGreaterThan(0);
    expect(p219.wallSeconds).toBeLessThan(s219);
    expect(p219.wallSeconds).toBeLessThan(p219.totalSeconds / 2 + s219 / 8);
    const text = capture();
    expect(await main([...only219, "--jobs", "2"], text)).toBe(0);
    expect(text.stdout()).toMatch(/^S2-19 is split into 16 units .* over 2 parts; /m);
  });

  it("plans the default --jobs with the units of a claim that splits, and none under --time-budget", async () => {
    type Plan = {
      jobs: number;
      jobsGiven: boolean;
      parts: { ids: string[]; units: string[] }[];
      timeBudgetSeconds?: number;
    };
    const list = async (...more: string[]) => {
      const io = capture();
      const args = ["audit", "--list", "--profile", "standard", "--only", "S2-19", ...more];
      expect(await main([...args, "--json"], io)).toBe(0);
      const text = capture();
      expect(await main(args, text)).toBe(0);
      return { plan: (JSON.parse(io.stdout()) as { plan: Plan }).plan, text: text.stdout() };
    };
    const selected = catalogue.claims.filter((c) => c.id === "S2-19");
    const cores = availableParallelism();
    // Without --jobs: one part per core up to S2-19's 16 units (two sweeps × 8 seeds), the job
    // count the run takes (`auditJobs`, the run's own choice).
    const dflt = await list();
    expect(dflt.plan.jobsGiven).toBe(false);
    expect(dflt.plan.jobs).toBe(Math.min(cores, 16));
    expect(dflt.plan.jobs).toBe(
      defaultJobs(selected, "standard", cores, workKey, { seeds: PROFILES.standard.seeds }),
    );
    expect(dflt.plan.jobs).toBe(
      auditJobs({ profile: "standard" }, selected, "standard", cores).jobs,
    );
    if (dflt.plan.jobs > 1) {
      expect(dflt.plan.parts.flatMap((p) => p.units)).toHaveLength(16);
      for (const p of dflt.plan.parts) expect(p.units.length).toBeGreaterThan(0);
    }
    // --seeds sets the units: 5 seeds, 10 units.
    expect((await list("--seeds", "5")).plan.jobs).toBe(Math.min(cores, 10));
    // With --time-budget the run keeps every claim whole: one group, one process, no units.
    const budget = await list("--time-budget", "600");
    expect(budget.plan).toMatchObject({ jobs: 1, jobsGiven: false, timeBudgetSeconds: 600 });
    expect(
      auditJobs({ profile: "standard", timeBudget: 600 }, selected, "standard", cores).jobs,
    ).toBe(1);
    expect(budget.plan.parts).toEqual([{ ids: ["S2-19"], units: [], seconds: 621 }]);
    expect(budget.text).toMatch(/^with --time-budget 600 every claim runs whole /m);
    expect(budget.text).not.toMatch(/^S2-19 is split into/m);
    const two = await list("--time-budget", "600", "--jobs", "2");
    expect(two.plan.parts.map((p) => [p.ids, p.units])).toEqual([
      [["S2-19"], []],
      [[], []],
    ]);
    const twoSplit = await list("--jobs", "2");
    expect(twoSplit.plan.parts.map((p) => p.units.length)).toEqual([8, 8]);
    expect(twoSplit.text).toMatch(/^S2-19 is split into 16 units .* over 2 parts; /m);
    expect(twoSplit.text).not.toMatch(/--time-budget/);
  });

  it("--schema prints the catalogue's JSON Schema", async () => {
    const io = capture();
    expect(await main(["audit", "--schema"], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual(claimsJsonSchema());
  });

  const dir = mkdtempSync(join(tmpdir(), "commons-spec-audit-"));
  const raw = JSON.parse(
    readFileSync(new URL("../../spec/claims.json", import.meta.url), "utf8"),
  ) as {
    claims: Record<string, unknown>[];
  };
  const missing = structuredClone(raw);
  delete missing.claims[2]?.kind;
  writeFileSync(join(dir, "missing-kind.json"), JSON.stringify(missing));
  const ghost = structuredClone(raw);
  (ghost.claims[0]?.evidence as unknown[]).push({
    kind: "scenario",
    name: "ghost",
    role: "confirms",
  });
  writeFileSync(join(dir, "ghost.json"), JSON.stringify(ghost));
  writeFileSync(join(dir, "not-json.json"), "{");

  it.each([
    [["audit", "--seeds", "3"], /at least 5/],
    [["audit", "--seeds", "x"], /--seeds.*must be an integer/],
    [["audit", "--format", ","], /--format needs html, md or json/],
    [["audit", "--format", "pdf"], /unknown format "pdf"/],
    [["audit", "--only", "S9-9"], /unknown claim "S9-9"/],
    [["audit", "--json"], /--json goes with --list/],
    [["audit", "--shard", "3/2"], /--shard.*i\/n/],
    [["audit", "--time-budget", "-1"], /--time-budget.*positive/],
    [["audit", "--profile", "huge"], /--profile.*huge/],
    [["audit", "frobnicate"], /unknown action "frobnicate"/],
    [["audit", "stat"], /give one statistical claim/],
    [
      ["audit", "stat", "STAT-9"],
      /unknown statistical claim STAT-9 \(one of STAT-1, STAT-2, STAT-3\)/,
    ],
    [["audit", "stat", "STAT-2", "--run", "-1"], /--run.*integer/],
    [["audit", "merge", "--out", join(dir, "m")], /give the shards' output directories/],
    [["audit", "merge", dir], /--out DIR is required/],
    [["audit", "merge", dir, "--out", join(dir, "m")], /ledger\.json does not exist/],
    [["audit", "--claims", join(dir, "missing-kind.json")], /claims\[2\] \(S0-3\)\.kind/],
    [
      ["audit", "--only", "S0-10", "--out", join(dir, "not-json.json")],
      /exists and is not a directory/,
    ],
    [["audit", "--list", "--only", "S9-9"], /unknown claim "S9-9"/],
    [["audit", "--list", "--only", ","], /--only needs claim ids/],
    [["audit", "--list", "--schema"], /do not combine/],
    [["audit", "--list", "--frobnicate"], /unknown option/],
    [["audit", "--list", "--claims", join(dir, "nope.json")], /nope\.json: cannot be read/],
    [["audit", "--list", "--claims", join(dir, "not-json.json")], /not JSON/],
    [["audit", "--list", "--claims", join(dir, "missing-kind.json")], /claims\[2\] \(S0-3\)\.kind/],
    [
      ["audit", "--list", "--claims", join(dir, "ghost.json")],
      /S0-1 evidence\[5\]: unknown built-in scenario ghost/,
    ],
  ])("rejects %j with exit code 2 and a clear message", async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe("commons-spec audit stat", () => {
  it("replays a statistical claim's SPRT from its master seed, and one of its runs, from the package", async () => {
    const io = capture();
    expect(await main(["audit", "stat", "STAT-2", "--seed", "7"], io)).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(/^STAT-2 — /);
    expect(out).toMatch(/accepted H1 \(rejected the claim\)/);
    expect(out).toMatch(/master seed 7; replay: commons-spec audit stat STAT-2 --seed 7\n$/);
    const run0 = /^run +0 .*$/m.exec(out)?.[0];
    expect(run0).toBeDefined();
    const one = capture();
    const code = await main(["audit", "stat", "STAT-2", "--seed", "7", "--run", "0"], one);
    expect([0, 1]).toContain(code);
    expect(one.stdout()).toContain(run0 as string);
    expect(one.stdout()).toMatch(/\(master seed 7, run 0\); worst: /);
  });
});
