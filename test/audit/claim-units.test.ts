/**
 * A claim split below the claim level (src/audit/claim-units.ts): S2-19's two V1 sweeps run as one
 * unit per sweep and seed, spread over parts, and decided by the merge from the units' runs. The
 * contract: one process (`--jobs 1`), `--jobs 2`, `--jobs 3` and shards 1/3..3/3 joined by
 * `audit merge` write a byte-identical ledger.json and identical data files; the runs are put back
 * in the sweep's order whatever part ran them.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultClaimsPath, loadClaims, type Claim } from "../../src/audit/claims.js";
import { planShards } from "../../src/audit/claim-costs.js";
import {
  assembleRuns,
  claimUnits,
  parseUnitJson,
  unitFileProblem,
  unitJson,
  type ClaimUnit,
  type UnitFile,
} from "../../src/audit/claim-units.js";
import { selectWork } from "../../src/audit/ledger.js";
import { PROFILES } from "../../src/audit/profiles.js";
import { workKey } from "../../src/audit/runners.js";
import type { SizeRun } from "../../src/audit/scaling-sweeps.js";
import { runAudit } from "../../src/cli/audit.js";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

const cat = loadClaims(defaultClaimsPath());
const byId = (id: string) => cat.claims.find((c) => c.id === id) as Claim;

describe("claims split into units (planning)", () => {
  it("splits S2-19 into one unit per sweep and seed, and leaves shared or V2 sweeps whole", () => {
    const units = claimUnits(byId("S2-19"), "quick", 5) as ClaimUnit[];
    expect(units.map((u) => u.id)).toEqual([
      ...[1, 2, 3, 4, 5].map((i) => `S2-19:v1-scaling:${i}`),
      ...[1, 2, 3, 4, 5].map((i) => `S2-19:v1-convergence:${i}`),
    ]);
    // S2-14's sweep keeps each run's stamp costs besides its runs: not split.
    expect(claimUnits(byId("S2-14"), "full", 20)).toBeUndefined();
    expect(claimUnits(byId("S4-2"), "quick", 5)).toBeUndefined();
  });

  for (const profile of ["quick", "standard", "full"] as const)
    it(`plans S2-19's units in the ${profile} profile: each in one part, none with one part`, () => {
      const seeds = PROFILES[profile].seeds;
      const units = (claimUnits(byId("S2-19"), profile, seeds) as ClaimUnit[]).map((u) => u.id);
      // Full: the catalogue (S2-19 is half of it); otherwise S2-19 with the cheap S4 claims.
      const claims = cat.claims.filter(
        (c) => profile === "full" || c.id.startsWith("S4-") || c.id === "S2-19",
      );
      const whole = planShards(claims, 3, profile, workKey);
      for (const n of [2, 3, 4]) {
        const parts = planShards(claims, n, profile, workKey, { seeds });
        expect(parts.flatMap((p) => p.ids)).not.toContain("S2-19");
        expect(
          parts
            .flatMap((p) => p.units)
            .sort()
            .join(),
        ).toBe([...units].sort().join());
        expect(parts.flatMap((p) => p.ids).sort()).toEqual(
          claims
            .map((c) => c.id)
            .filter((id) => id !== "S2-19")
            .sort(),
        );
        // The units share out the claim's planned CPU: the total is the same as unsplit.
        const total = (ps: readonly { seconds: number }[]) => ps.reduce((s, p) => s + p.seconds, 0);
        expect(total(parts)).toBeCloseTo(total(whole), 6);
      }
      const one = planShards(claims, 1, profile, workKey, { seeds });
      expect(one[0]?.units).toEqual([]);
      expect(one[0]?.ids).toContain("S2-19");
    });

  it("splits a claim only when it costs more than a part's even share", () => {
    // Quick: S2-19 (≈ 6 s) is far below half the catalogue (≈ 100 s): whole.
    const quick = planShards(cat.claims, 2, "quick", workKey, { seeds: 5 });
    expect(quick.flatMap((p) => p.units)).toEqual([]);
    // Standard: 621 s against 1 479 s in all: whole with 2 parts, split with 4.
    expect(
      planShards(cat.claims, 2, "standard", workKey, { seeds: 8 }).flatMap((p) => p.units),
    ).toEqual([]);
    expect(
      planShards(cat.claims, 4, "standard", workKey, { seeds: 8 }).flatMap((p) => p.units),
    ).toHaveLength(16);
  });

  it("keeps a claim whole without split (a time budget) and gives each shard its units", () => {
    const whole = selectWork(cat, ["S2-19"], { index: 1, count: 2 }, "quick");
    expect(whole.units).toEqual([]);
    const shards = [1, 2].map((index) =>
      selectWork(cat, ["S2-19"], { index, count: 2 }, "quick", { seeds: 5 }),
    );
    expect(shards.flatMap((s) => s.claims)).toEqual([]);
    expect(shards.map((s) => s.units.length)).toEqual([5, 5]);
  });
});

/** A made-up run: enough for the order and the checks of `assembleRuns`. */
const run = (n: number, seed: number, tag: string): SizeRun =>
  ({ n, seed, rounds: 5, summary: { run: tag } }) as unknown as SizeRun;

describe("assembling a split claim's runs", () => {
  const seeds = [7, 8, 9, 10, 11];
  const units = (claimUnits(byId("S2-19"), "quick", 5) as ClaimUnit[]).filter(
    (u) => u.experiment === "v1-convergence",
  );
  // v1-convergence in the quick profile: n = 10, 30; two runs of the suite each, to see that a
  // size's runs stay in their order, then the seeds.
  const file = (index: number): UnitFile => {
    const seed = seeds[index] as number;
    return {
      claim: "S2-19",
      experiment: "v1-convergence",
      index,
      seed,
      runs: [run(10, seed, "a"), run(10, seed, "b"), run(30, seed, "a"), run(30, seed, "b")],
    };
  };
  const files = [4, 2, 0, 3, 1].map(file);

  it("puts the runs back in sweep order: sizes, the suite's runs, then the seeds", () => {
    const runs = assembleRuns(units, files, "quick", seeds).get("v1-convergence") ?? [];
    const order = runs.map((r) => `${r.n}/${(r.summary as { run: string }).run}/${r.seed}`);
    expect(order).toEqual(
      [10, 30].flatMap((n) => ["a", "b"].flatMap((t) => seeds.map((s) => `${n}/${t}/${s}`))),
    );
  });

  it("writes a unit's runs so that the merge reads back the very numbers, NaN and ±∞ included", () => {
    const odd = {
      ...file(0),
      runs: [
        {
          n: 10,
          seed: 7,
          rounds: 5,
          summary: {
            metrics: { a: Number.NaN, b: Infinity, c: -Infinity, d: -0, e: null, f: 1.5 },
          },
        } as unknown as SizeRun,
      ],
    };
    const back = parseUnitJson(unitJson(odd));
    expect(back).toEqual(odd);
    const m = (back.runs[0]?.summary as unknown as { metrics: Record<string, unknown> }).metrics;
    expect(Object.is(m.d, -0)).toBe(true);
    expect(Number.isNaN(m.a)).toBe(true);
  });

  it("refuses a missing, doubled, foreign or mis-seeded unit", () => {
    expect(() => assembleRuns(units, files.slice(1), "quick", seeds)).toThrow(
      /missing units S2-19:v1-convergence:5/,
    );
    expect(() => assembleRuns(units, [...files, file(2)], "quick", seeds)).toThrow(
      /S2-19:v1-convergence:3 is in more than one part/,
    );
    expect(() =>
      assembleRuns(units, [...files, { ...file(0), experiment: "v1-scaling" }], "quick", seeds),
    ).toThrow(/S2-19:v1-scaling:1 is not one of its claim's/);
    expect(() =>
      assembleRuns(units, [file(0), file(1), { ...file(2), seed: 99 }], "quick", seeds),
    ).toThrow(/seed 99, not the audit's 9/);
  });
});

describe("a damaged unit file (unitFileProblem)", () => {
  const seeds = [7, 8, 9, 10, 11];
  const ok: UnitFile = {
    claim: "S2-19",
    experiment: "v1-convergence",
    index: 2,
    seed: 9,
    runs: [run(10, 9, "a"), run(10, 9, "b"), run(30, 9, "a"), run(30, 9, "b")],
  };
  const problem = (x: unknown) => unitFileProblem(x, "quick", seeds);
  const withRun = (i: number, r: unknown) => ({
    ...ok,
    runs: ok.runs.map((x, j) => (j === i ? r : x)),
  });
  it("accepts what a part writes, read back", () => {
    expect(problem(parseUnitJson(unitJson(ok)))).toBeUndefined();
  });
  it("names the field of every damage that would change the runs a merge decides from", () => {
    const r0 = ok.runs[0] as SizeRun;
    const cases: [unknown, RegExp][] = [
      [null, /^not a unit file/],
      [{ ...ok, claim: 3 }, /^claim: /],
      [
        { ...ok, experiment: "v2-scaling" },
        /^experiment: must be one of v1-scaling, v1-convergence/,
      ],
      [{ ...ok, index: 5 }, /^index: must be an integer from 0 to 4/],
      [{ ...ok, index: 1.5 }, /^index: /],
      [{ ...ok, seed: 99 }, /^seed: 99, not the audit's seed 9 for index 2/],
      [{ ...ok, runs: "x" }, /^runs: must be an array/],
      [withRun(1, 7), /^runs\[1\]: must be an object/],
      [
        withRun(1, { ...r0, n: 20 }),
        /^runs\[1\]\.n: must be a size of the sweep \(10, 30\), got 20/,
      ],
      [withRun(0, { foo: 1 }), /^runs\[0\]\.n: /],
      [withRun(0, { ...r0, seed: 8 }), /^runs\[0\]\.seed: must be the unit's seed 9/],
      [withRun(0, { ...r0, rounds: -1 }), /^runs\[0\]\.rounds: /],
      [withRun(0, { ...r0, rounds: "5" }), /^runs\[0\]\.rounds: /],
      [withRun(0, { ...r0, summary: null }), /^runs\[0\]\.summary: must be an object/],
      [{ ...ok, runs: ok.runs.slice(1) }, /^runs: every size .* same number of runs.*got 1, 2$/],
      [{ ...ok, runs: [] }, /^runs: every size .*got 0, 0$/],
    ];
    for (const [x, re] of cases) expect(problem(x), JSON.stringify(x)).toMatch(re);
    // null rounds (a V2 run's) is a valid value.
    expect(problem(withRun(0, { ...r0, rounds: null }))).toBeUndefined();
  });
});

describe("S2-19 in parts: the ledger one process writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "audit-units-"));
  const at = (name: string) => join(dir, name);
  const read = (d: string, f: string) => readFileSync(join(at(d), f), "utf8");
  const base = ["--only", "S2-19", "--seeds", "5", "--seed", "2"];
  const child = [process.execPath, "--import", "tsx", "test/helpers/cli-entry.ts"];
  const data = (d: string) => readdirSync(join(at(d), "data")).sort();

  async function audit(...args: string[]) {
    const io = capture();
    const code = await main(["audit", ...args], io);
    return { code, out: io.stdout(), err: io.stderr() };
  }
  async function jobs(n: number, out: string) {
    const io = capture();
    const code = await runAudit(
      {
        only: "S2-19",
        seeds: 5,
        seed: 2,
        jobs: n,
        format: "json",
        out: at(out),
        childCommand: child,
      },
      io,
    );
    return { code, out: io.stdout(), err: io.stderr() };
  }

  let one: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    one = await audit(...base, "--jobs", "1", "--format", "json", "--out", at("one"));
  });

  it("runs it whole in one process", () => {
    expect(one.err).toBe("");
    expect(one.code).toBe(0);
    expect(existsSync(join(at("one"), "units"))).toBe(false);
    expect(data("one")).toEqual(["scaling-v1-convergence.csv", "scaling-v1-scaling.csv"]);
  });

  it("shards 1/3..3/3 run its units; audit merge decides it as one process does", async () => {
    const shardUnits: string[] = [];
    for (const i of [1, 2, 3]) {
      const r = await audit(...base, "--shard", `${i}/3`, "--format", "json", "--out", at(`s${i}`));
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(/^ {2}S2-19 /m);
      const manifest = JSON.parse(read(`s${i}`, "manifest.json")) as {
        unitCpuMilliseconds: Record<string, number>;
      };
      shardUnits.push(...Object.keys(manifest.unitCpuMilliseconds));
      expect(readdirSync(join(at(`s${i}`), "units")).length).toBe(
        Object.keys(manifest.unitCpuMilliseconds).length,
      );
    }
    expect(shardUnits.sort()).toEqual(
      (claimUnits(byId("S2-19"), "quick", 5) as ClaimUnit[]).map((u) => u.id).sort(),
    );
    // Given in any order: the runs go back in sweep order.
    const merged = await audit("merge", at("s3"), at("s1"), at("s2"), "--out", at("merged"));
    expect(merged.err).toBe("");
    expect(merged.code).toBe(0);
    expect(merged.out.match(/^ {2}S2-19 /gm)).toHaveLength(1);
    expect(read("merged", "ledger.json")).toBe(read("one", "ledger.json"));
    expect(data("merged").filter((f) => f.startsWith("scaling-"))).toEqual(data("one"));
    for (const f of data("one"))
      expect(read("merged", `data/${f}`), f).toBe(read("one", `data/${f}`));
    expect(existsSync(join(at("merged"), "units"))).toBe(false);
    expect(existsSync(join(at("merged"), "report.html"))).toBe(true);
    // A shard missing: its units are missing, nothing is written.
    const missing = await audit("merge", at("s1"), at("s2"), "--out", at("bad"));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing units S2-19:/);
    const doubled = await audit(
      "merge",
      at("s1"),
      at("s2"),
      at("s3"),
      at("s1"),
      "--out",
      at("bad"),
    );
    expect(doubled.code).toBe(2);
    expect(doubled.err).toMatch(/is in more than one part/);
    expect(existsSync(at("bad"))).toBe(false);
    // A damaged unit file: refused, naming the file and the field; nothing is written.
    const damaged = at("s1-damaged");
    cpSync(at("s1"), damaged, { recursive: true });
    const name = readdirSync(join(damaged, "units"))[0] as string;
    const path = join(damaged, "units", name);
    const unit = JSON.parse(readFileSync(path, "utf8")) as { runs: unknown[] };
    unit.runs[0] = { foo: 1 };
    writeFileSync(path, JSON.stringify(unit));
    const bad = await audit("merge", damaged, at("s2"), at("s3"), "--out", at("bad"));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${path}: runs[0].n: must be a size of the sweep`);
    expect(existsSync(at("bad"))).toBe(false);
  });

  it("names the units of a part of --jobs that crashed, with its replay", async () => {
    // Parts ended by test/helpers/failing-part.mjs (no audit runs).
    const io = capture();
    const code = await runAudit(
      {
        only: "S2-19",
        seeds: 5,
        seed: 2,
        jobs: 2,
        format: "json",
        out: at("crash"),
        childCommand: [process.execPath, "test/helpers/failing-part.mjs", "1=exit", "2=hang", "--"],
      },
      io,
    );
    expect(code).toBe(70);
    const mine = selectWork(cat, ["S2-19"], { index: 1, count: 2 }, "quick", { seeds: 5 });
    expect(mine.units.length).toBeGreaterThan(0);
    expect(io.stderr()).toContain(
      `its claims: ${mine.units.map((u) => `unit ${u.id}`).join(", ")}\n`,
    );
    expect(io.stderr()).toMatch(/replay it alone: .* --only S2-19 --shard 1\/2 /);
  });

  for (const n of [2, 3])
    it(`--jobs ${n} spreads its units over ${n} processes and writes the same ledger`, async () => {
      const r = await jobs(n, `jobs${n}`);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(read(`jobs${n}`, "ledger.json")).toBe(read("one", "ledger.json"));
      for (const f of data("one"))
        expect(read(`jobs${n}`, `data/${f}`), f).toBe(read("one", `data/${f}`));
      expect(r.out.match(/^ {2}S2-19 /gm)).toHaveLength(1);
      const manifest = JSON.parse(read(`jobs${n}`, "manifest.json")) as {
        jobs: number;
        claimCpuMilliseconds: Record<string, number>;
        assemblyCpuMilliseconds: Record<string, number>;
        parts: { unitCpuMilliseconds?: Record<string, number> }[];
      };
      expect(manifest.jobs).toBe(n);
      // The claim's CPU: every unit's, in whichever part, and deciding it in the parent.
      const units = manifest.parts.flatMap((p) => Object.values(p.unitCpuMilliseconds ?? {}));
      expect(units).toHaveLength(10);
      expect(manifest.claimCpuMilliseconds["S2-19"]).toBe(
        units.reduce((a, b) => a + b, 0) + (manifest.assemblyCpuMilliseconds["S2-19"] as number),
      );
      // `audit --list` with the same options planned exactly these parts.
      const listed = await audit("--list", ...base, "--jobs", String(n), "--json");
      const plan = (JSON.parse(listed.out) as { plan: { parts: { units: string[] }[] } }).plan;
      expect(manifest.parts.map((p) => Object.keys(p.unitCpuMilliseconds ?? {}))).toEqual(
        plan.parts.map((p) => p.units),
      );
    });

  it("--time-budget keeps S2-19 whole over --jobs 2, as audit --list --time-budget plans", async () => {
    const io = capture();
    const code = await runAudit(
      {
        only: "S2-19",
        seeds: 5,
        seed: 2,
        jobs: 2,
        timeBudget: 600,
        format: "json",
        out: at("budget"),
        childCommand: child,
      },
      io,
    );
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const manifest = JSON.parse(read("budget", "manifest.json")) as {
      parts: { claimCpuMilliseconds: Record<string, number>; unitCpuMilliseconds?: unknown }[];
    };
    expect(manifest.parts.map((p) => p.unitCpuMilliseconds)).toEqual([undefined, undefined]);
    expect(existsSync(join(at("budget"), "units"))).toBe(false);
    const listed = await audit("--list", ...base, "--jobs", "2", "--time-budget", "600", "--json");
    const plan = (
      JSON.parse(listed.out) as {
        plan: { parts: { ids: string[]; units: string[] }[]; timeBudgetSeconds: number };
      }
    ).plan;
    expect(plan.timeBudgetSeconds).toBe(600);
    expect(plan.parts.map((p) => p.units)).toEqual([[], []]);
    expect(manifest.parts.map((p) => Object.keys(p.claimCpuMilliseconds))).toEqual(
      plan.parts.map((p) => p.ids),
    );
    expect(plan.parts.flatMap((p) => p.ids)).toEqual(["S2-19"]);
  });
});
