/**
 * `commons-spec audit` end to end on a small selection (models, a property, router scenarios over
 * five seeds): the ledger is byte-identical for the same seed, shards merged give the ledger of
 * one run, the files are there, statistical and model fields are structured, a must-fail
 * configuration that passes changes the claim's verdict, and `check` / `model --expect` say
 * which claims a check refutes.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../models/registry.js";
import { loadClaims } from "../../src/audit/claims.js";
import { repositoryContext } from "../../src/audit/evidence.js";
import { runLedger, type Ledger } from "../../src/audit/ledger.js";
import { runAudit } from "../../src/cli/audit.js";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

const ONLY = "S0-14,S4-2,S4-5";
const dir = mkdtempSync(join(tmpdir(), "audit-ledger-"));
const at = (name: string) => join(dir, name);
const read = (d: string, f: string) => readFileSync(join(at(d), f), "utf8");

async function audit(...args: string[]) {
  const io = capture();
  const code = await main(["audit", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("commons-spec audit (ledger)", () => {
  let first: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    first = await audit("--only", ONLY, "--seed", "3", "--out", at("a"));
  });

  it("runs the selection and writes the ledger, manifest, reproduce script, traces and data", () => {
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    for (const f of [
      "ledger.json",
      "ledger.md",
      "manifest.json",
      "reproduce.sh",
      "traces/P2PDenominator-seed.itf.json",
      "data/scenario-router-burst.csv",
    ])
      expect(existsSync(join(at("a"), f)), f).toBe(true);
    expect(read("a", "data/scenario-router-burst.csv").trim().split("\n")).toHaveLength(1 + 5);
    expect(read("a", "reproduce.sh")).toMatch(
      /commons-spec audit --profile quick --seed 3 --seeds 5 --only S0-14,S4-2,S4-5/,
    );
    const manifest = JSON.parse(read("a", "manifest.json")) as Record<string, unknown>;
    expect(manifest).toHaveProperty("wallSeconds");
    // No --jobs: the default, and this selection is too cheap to split: one process (this one).
    expect(manifest.jobs).toBe(1);
    expect(first.out).not.toMatch(/processes/);
    expect(manifest).toHaveProperty("loadAverage");
    expect(read("a", "ledger.json")).not.toMatch(/startedAt|wallSeconds|loadAverage|"ms"/);
    expect(first.out).toMatch(/✓ model P2PDenominator\/seed — refutes S0-14/);
  });

  it("keeps evidence structured: counterexample lengths, seeds, intervals, the rule's decision", () => {
    const l = JSON.parse(read("a", "ledger.json")) as Ledger;
    expect(l.claims.map((c) => [c.id, c.verdict.status])).toEqual([
      ["S0-14", "refuted"],
      ["S4-2", "refuted"],
      ["S4-5", "confirmed"],
    ]);
    const s014 = l.claims[0];
    const model = s014?.evidence.find((e) => e.model?.config === "seed")?.model;
    expect(model).toMatchObject({
      mustFail: true,
      verdict: "violation",
      property: "NeverGrantsMoreThanItHas",
      counterexampleStates: 9,
      differences: [],
      trace: "traces/P2PDenominator-seed.itf.json",
    });
    const sim = l.claims[1]?.evidence.find((e) => e.simulation !== undefined)?.simulation;
    expect(sim?.seeds).toEqual([3, 4, 5, 6, 7]);
    expect(sim?.measure).toMatchObject({
      metric: "lagRate",
      op: ">",
      value: 0.01,
      decision: "holds",
    });
    expect(sim?.measure?.median.n).toBe(5);
    expect(sim?.measure?.median.lower).toBeGreaterThan(0.01);
    for (const c of l.claims) expect(c.reproduce).toMatch(/^commons-spec audit --only /);
  });

  it("writes a byte-identical ledger.json for the same seed, and a different one for another", async () => {
    expect((await audit("--only", ONLY, "--seed", "3", "--out", at("again"))).code).toBe(0);
    expect(read("again", "ledger.json")).toBe(read("a", "ledger.json"));
    expect(read("again", "ledger.md")).toBe(read("a", "ledger.md"));
    expect((await audit("--only", "S4-2", "--seed", "4", "--out", at("other"))).code).toBe(0);
    const other = JSON.parse(read("other", "ledger.json")) as Ledger;
    expect(other.settings.seeds).toEqual([4, 5, 6, 7, 8]);
  });

  it("merges shards into the ledger one run writes", async () => {
    expect(
      (await audit("--only", ONLY, "--seed", "3", "--shard", "1/2", "--out", at("s1"))).code,
    ).toBe(0);
    expect(
      (await audit("--only", ONLY, "--seed", "3", "--shard", "2/2", "--out", at("s2"))).code,
    ).toBe(0);
    const s1 = JSON.parse(read("s1", "ledger.json")) as Ledger;
    // S4-2 and S4-5 share the router-burst simulations: one part runs both.
    expect(s1.claims.map((c) => c.id)).toEqual(["S4-2", "S4-5"]);
    const merged = await audit("merge", at("s1"), at("s2"), "--out", at("merged"));
    expect(merged.err).toBe("");
    expect(merged.code).toBe(0);
    expect(read("merged", "ledger.json")).toBe(read("a", "ledger.json"));
    expect(read("merged", "ledger.md")).toBe(read("a", "ledger.md"));
    expect(existsSync(join(at("merged"), "traces/P2PDenominator-seed.itf.json"))).toBe(true);
    // Shards that overlap, or a missing shard, are refused (exit 2).
    const overlap = await audit("merge", at("a"), at("s1"), "--out", at("bad"));
    expect(overlap.code).toBe(2);
    expect(overlap.err).toMatch(/S4-2 is in more than one ledger/);
    const missing = await audit("merge", at("s1"), "--out", at("bad"));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing claims S0-14/);
    const foreign = await audit("merge", at("s1"), at("other"), "--out", at("bad"));
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/settings differs/);
    expect(existsSync(at("bad"))).toBe(false);
  });

  it("runs the parts in child processes with --jobs and writes the ledger one run writes", async () => {
    const io = capture();
    const code = await runAudit(
      {
        only: ONLY,
        seed: 3,
        jobs: 2,
        out: at("jobs"),
        // The sources, not the build (bin/commons-spec.js runs dist/).
        childCommand: [process.execPath, "--import", "tsx", "test/helpers/cli-entry.ts"],
      },
      io,
    );
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    expect(read("jobs", "ledger.json")).toBe(read("a", "ledger.json"));
    expect(read("jobs", "ledger.md")).toBe(read("a", "ledger.md"));
    const manifest = JSON.parse(read("jobs", "manifest.json")) as Record<string, unknown>;
    expect(manifest.jobs).toBe(2);
    expect(Object.keys(manifest.claimCpuMilliseconds as object).sort()).toEqual(
      ONLY.split(",").sort(),
    );
    // Each claim's block once, whole, from whichever part ran it.
    for (const id of ONLY.split(","))
      expect(io.stdout().match(new RegExp(`^  ${id} `, "gm"))).toHaveLength(1);
    const both = await audit("--only", ONLY, "--jobs", "2", "--shard", "1/2", "--out", at("bad"));
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--jobs and --shard do not combine/);
  });

  it("reports a part of --jobs that crashes as an internal error naming it, its claims and its replay", async () => {
    // Parts ended by test/helpers/failing-part.mjs (no audit runs): each way a part can fail.
    const jobs = async (out: string, ...modes: string[]) => {
      const io = capture();
      const code = await runAudit(
        {
          only: ONLY,
          seed: 3,
          jobs: 2,
          out: at(out),
          format: "json,md",
          childCommand: [process.execPath, "test/helpers/failing-part.mjs", ...modes, "--"],
        },
        io,
      );
      return { code, err: io.stderr() };
    };
    // The parts as --shard i/2 makes them (S4-2 and S4-5 share their simulations).
    const part1 = "S4-2, S4-5";
    const part2 = "S0-14";
    const replay = (i: number, out: string) =>
      `replay it alone: commons-spec audit --profile quick --seed 3 --seeds 5 --only ${ONLY} --shard ${i}/2 --format json,md --out ${at(out)}-part-${i}`;
    // A part killed: the other, still running ("hang"), is stopped, and named with its replay.
    const killed = await jobs("crash-1", "1=kill", "2=hang");
    expect(killed.code).toBe(70);
    expect(killed.err).toMatch(
      /^commons-spec: internal error: audit --jobs 2: 1 of 2 parts failed, 1 stopped; no ledger written\n/,
    );
    expect(killed.err).toContain(`part 1/2 was killed by SIGKILL\n    its claims: ${part1}\n`);
    expect(killed.err).toContain(replay(1, "crash-1"));
    expect(killed.err).toContain(
      `part 2/2 stopped when part 1/2 failed\n    its claims: ${part2}\n    ${replay(2, "crash-1")}\n`,
    );
    expect(killed.err).toMatch(/not of your input/);
    const garbage = await jobs("crash-2", "1=hang", "2=garbage");
    expect(garbage.code).toBe(70);
    expect(garbage.err).toMatch(
      /part 2\/2 wrote no usable ledger \(part 2\/2: .*ledger\.json: not JSON.*\)\n {4}its claims: S0-14\n/,
    );
    expect(garbage.err).toContain("part 1/2 stopped when part 2/2 failed");
    const exited = await jobs("crash-5", "1=exit", "2=hang");
    expect(exited.code).toBe(70);
    expect(exited.err).toContain(
      "part 1/2 exited 70\n    its claims: S4-2, S4-5\n    its last error output:\n      commons-spec: internal error: Error: planted crash of part 1\n",
    );
    // A part's exit 2 is not the user's bad input: the parent checked the input first.
    const usage = await jobs("crash-6", "1=hang", "2=usage");
    expect(usage.code).toBe(70);
    expect(usage.err).toMatch(/part 2\/2 exited 2\n.*\n.*\n {6}commons-spec: planted usage error/);
    // One part fine, the other writing nothing.
    const none = await jobs("crash-3", `1=copy:${at("s1")}`);
    expect(none.code).toBe(70);
    expect(none.err).toMatch(/1 of 2 parts failed/);
    expect(none.err).toMatch(/part 2\/2 wrote no usable ledger \(.*ledger\.json does not exist\)/);
    // Parts whose ledgers overlap do not merge: the toolkit's bug, not the user's.
    const overlap = await jobs("crash-4", `1=copy:${at("a")}`, `2=copy:${at("a")}`);
    expect(overlap.code).toBe(70);
    expect(overlap.err).toMatch(
      /internal error: audit --jobs 2: the parts' ledgers do not merge: .*more than one ledger/,
    );
    for (const d of ["crash-1", "crash-2", "crash-3", "crash-4", "crash-5", "crash-6"])
      expect(existsSync(at(d))).toBe(false);
  });

  it("changes the verdict when a must-fail configuration passes", async () => {
    // The seed provider's must-fail configurations now hold the corrected provider: they pass.
    const p2p = CATALOGUE.P2PDenominator as (typeof CATALOGUE)[string];
    const configs = p2p.configs;
    const passing = (name: string) => ({
      ...(configs[name] as (typeof configs)[string]),
      config: (configs.corrected as (typeof configs)[string]).config,
    });
    const models = {
      ...CATALOGUE,
      P2PDenominator: {
        ...p2p,
        configs: { ...configs, seed: passing("seed"), "seed-p2p-small": passing("seed-p2p-small") },
      },
    };
    const run = await runLedger(loadClaims(), repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S0-14"],
      models,
    });
    const c = run.ledger.claims[0];
    const model = c?.evidence.find((e) => e.model?.config === "seed");
    expect(model?.outcome).toBe("contradicts");
    expect(model?.observed).toMatch(/a must-fail configuration passed/);
    expect(c?.verdict.status).toBe("inconclusive");
    expect(c?.verdict.reason).toMatch(/did not reproduce/);
    expect(run.ledger.differ).toEqual(["S0-14"]);
    // The unchanged catalogue gives the recorded verdict.
    const ok = await runLedger(loadClaims(), repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S0-14"],
    });
    expect(ok.ledger.claims[0]?.verdict).toMatchObject({ status: "refuted", asExpected: true });
  });
});

describe("commons-spec audit --time-budget", () => {
  it("leaves what did not start by the deadline not run, with its cost, and exits 0", async () => {
    const r = await audit("--only", "S4-2", "--time-budget", "0.000001", "--out", at("budget"));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const l = JSON.parse(read("budget", "ledger.json")) as Ledger;
    const c = l.claims[0];
    expect(c?.verdict.status).toBe("not-run");
    expect(c?.evidence[0]).toMatchObject({ outcome: "not-run", observed: "time budget spent" });
    // An estimate from the profile's cost table (at least 1 s), not a measured time.
    expect(c?.evidence[0]?.cost?.seconds).toSatisfy((s: number) => Number.isInteger(s) && s >= 1);
    expect(l.incomplete).toEqual(["S4-2"]);
    expect(l.differ).toEqual([]);
    expect(r.out).toMatch(/not decided by this run .*: S4-2/);
  });
});

describe("refutation labels on the console", () => {
  it("check says which claims a passing check refutes", async () => {
    const io = capture();
    expect(await main(["check", "--only", "DYN-3"], io)).toBe(0);
    expect(io.stdout()).toMatch(/✓ DYN-3 .* ms — refutes S0-33/);
  });

  it("model --expect says which claims a must-fail configuration refutes", async () => {
    const io = capture();
    expect(await main(["model", "DenominatorGossip", "--expect"], io)).toBe(0);
    expect(io.stdout()).toMatch(/✓ DenominatorGossip seed .* — refutes S0-4/);
    expect(io.stdout()).not.toMatch(/DenominatorGossip corrected .* — refutes/);
  });
});
