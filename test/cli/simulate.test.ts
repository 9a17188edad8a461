import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../helpers/command.js";
import { capture } from "../helpers/capture.js";
import type { CliIO } from "../../src/cli/io.js";
import { registerSimulateCommand, runSimulate } from "../../src/cli/simulate.js";
import { BUILTIN_SCENARIOS } from "../../src/engine/sim/builtins.js";
import { DEFAULT_COST_LIMITS } from "../../src/engine/sim/cost.js";
import { parseScenarioDocument } from "../../src/engine/sim/scenario.js";
import { parseTrace } from "../../src/engine/trace/itf.js";

const cli = (argv: string[]) =>
  runCommand(registerSimulateCommand, argv, { ...capture(), now: () => 0 });

const dir = mkdtempSync(join(tmpdir(), "commons-sim-"));
const file = (name: string, doc: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
};
const small = {
  protocol: "v2",
  duration: 5000,
  nodes: { count: 12 },
  topology: { kind: "ring" },
};

describe("commons-spec simulate", () => {
  it("--list names every built-in scenario", async () => {
    const r = await cli(["simulate", "--list"]);
    expect(r.code).toBe(0);
    for (const n of [
      "seed-000-worked-example",
      "v2-100",
      "v2-10000",
      "partition-heal",
      "dishonest-20",
      "router-burst",
      "v1-vs-v2-100",
    ])
      expect(r.out).toContain(n);
  });

  it("exits 1 on seed 000's worked example and prints the violation with time, node and a replay command", async () => {
    const r = await cli(["simulate", "seed-000-worked-example"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ P2P-1/);
    expect(r.out).toMatch(/first at 1012\.0 ms on P1/);
    expect(r.out).toContain("replay: commons-spec simulate seed-000-worked-example --seed 0");
    expect(r.out).toMatch(/seed 0 {2}\(replay this run/);
  });

  it("exits 0 when every check holds, with convergence, messages by kind, stamps and topology", async () => {
    const r = await cli(["simulate", file("ok.json", small), "--seed", "9"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/seed 9/);
    expect(r.out).toMatch(/convergence: /);
    expect(r.out).toMatch(/by kind \(sent\): allocation \d+, commitment \d+/);
    expect(r.out).toMatch(/stamps \(ITC, Appendix-A bytes\): mean/);
    expect(r.out).toMatch(/topology: 12 nodes, 12 edges.*diameter 6 \(exact/);
    expect(r.out).toMatch(/id space \(ITC, ITC-ID-1\): 100\.00 % held by live nodes/);
    expect(r.out).toMatch(/6 checks, 6 held, 0 violated/);
  });

  it("writes the ITF trace atomically with --out, and --json prints the report", async () => {
    const out = join(dir, "trace.itf.json");
    const r = await cli(["simulate", file("t.json", small), "--out", out, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.slice(0, r.out.lastIndexOf("}") + 1)).protocol).toBe("v2");
    expect(parseTrace(JSON.parse(readFileSync(out, "utf8"))).states.length).toBeGreaterThan(10);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("runs a suite and compares its runs", async () => {
    const r = await cli([
      "simulate",
      file("suite.json", {
        name: "pair",
        compare: [small, { ...small, protocol: "v1", v1: { roundMs: 1000 } }],
      }),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/comparison\nrun +protocol/);
  });

  it.each([
    [{ ...small, topology: { kind: "random-regular" } }, /topology\.degree/],
    [{ ...small, network: { loss: 2 } }, /network\.loss/],
    [{ ...small, protocol: "v3" }, /protocol/],
    [{ ...small, nodes: { count: 0 } }, /nodes/],
    [
      { ...small, topology: { kind: "random-regular", degree: 3 }, nodes: { count: 11 } },
      /topology\.degree: nodes × degree = 33 must be even/,
    ],
    [
      {
        ...small,
        protocol: "p2p",
        p2p: { learningRate: { kind: "robbins-monro", a: 1, b: 1, gamma: 0.4 } },
      },
      /p2p\.learningRate: gamma must satisfy/,
    ],
    [
      { ...small, dishonest: { fraction: 0.2, strategy: { kind: "inflate", factor: 2 } } },
      /dishonest\.strategy\.kind/,
    ],
  ])(
    "SIM-8 rejects a bad scenario file with exit 2, naming the field (%#)",
    async (doc, message) => {
      const r = await cli(["simulate", file("bad.json", doc)]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    },
  );

  it("SIM-8 a bad scenario file exits 2 and names the field path; a good one runs", async () => {
    const bad = await cli([
      "simulate",
      file("sim8.json", { ...small, network: { latency: { dist: "uniform", min: 5, max: 1 } } }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/network\.latency\.max: must be at least min/);
    expect((await cli(["simulate", file("sim8-ok.json", small)])).code).toBe(0);
  });

  it("rejects a missing file, bad JSON and a bad seed with exit 2", async () => {
    expect((await cli(["simulate", join(dir, "nope.json")])).code).toBe(2);
    const bad = join(dir, "bad-json.json");
    writeFileSync(bad, "{");
    expect((await cli(["simulate", bad])).err).toMatch(/not valid JSON/);
    expect((await cli(["simulate", "v2-100", "--seed", "x"])).code).toBe(2);
    expect(existsSync(join(dir, "nope.json"))).toBe(false);
  });

  it("SIM-10 refuses a scenario whose estimated cost is above the limit before running it: exit 2, the field and the figures", async () => {
    const churn = await cli([
      "simulate",
      file("churn.json", {
        ...small,
        churn: { rates: [{ kind: "join", perMinute: 1e9, until: 5000 }] },
      }),
    ]);
    expect(churn.code).toBe(2);
    expect(churn.err).toMatch(/churn\.json: too expensive to run — about [\d.]+e\d+ events/);
    expect(churn.err).toMatch(/above the limit of 5\.0e7/);
    expect(churn.err).toMatch(/churn\.rates\[0\]\.perMinute \(1000000000\)/);
    expect(churn.err).toMatch(/--force/);
    expect(churn.out).toBe("");
    const mesh = await cli([
      "simulate",
      file("mesh.json", { ...small, nodes: { count: 1_000_000 }, topology: { kind: "full-mesh" } }),
    ]);
    expect(mesh.code).toBe(2);
    expect(mesh.err).toMatch(/nodes\.count \(1000000\)/);
  });

  it("SIM-10 --force runs a scenario above the limit", () => {
    const io: CliIO = { out: () => undefined, err: () => undefined, now: () => 0 };
    const limits = { ...DEFAULT_COST_LIMITS, events: 10 };
    const target = file("forced.json", small);
    expect(() => runSimulate({ target, costLimits: limits }, io, false)).toThrow(
      /too expensive to run.*above the limit of 10;/,
    );
    expect(runSimulate({ target, costLimits: limits, force: true }, io, false)).toBe(0);
  });

  it("SIM-11 --out that cannot be written fails before the run, naming the path; nothing is left behind", async () => {
    const missing = join(dir, "no-such-dir", "x.itf.json");
    const r = await cli(["simulate", file("o.json", small), "--out", missing]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--out: cannot write ${missing} (ENOENT)`);
    expect(r.out).toBe(""); // the run did not start
    const d = await cli(["simulate", file("o2.json", small), "--out", dir]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/it is a directory/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("--progress draws the bar with an ETA on a stream that is not a terminal", () => {
    let err = "";
    const io: CliIO = { out: () => undefined, err: () => undefined, now: () => 0 };
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      runSimulate({ target: file("p.json", small), progress: true }, io, false);
    } finally {
      process.stderr.write = write;
    }
    expect(err).toMatch(/\| 5\/5 s virtual \| ETA \w+/);
  });

  it("--print prints every built-in as a valid scenario file", async () => {
    for (const b of BUILTIN_SCENARIOS) {
      const r = await cli(["simulate", "--print", b.name]);
      expect(r.code).toBe(0);
      expect(parseScenarioDocument(JSON.parse(r.out), b.name).ok, b.name).toBe(true);
    }
    const bad = await cli(["simulate", "--print", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no built-in scenario "nope" \(known: seed-000-worked-example/);
  });

  it.each(["v2-small", "p2p-small", "v1-small", "seed-000-worked-example", "router-burst"])(
    "--print %s: the printed file runs exactly as the built-in",
    async (name) => {
      const printed = (await cli(["simulate", "--print", name])).out;
      const strip = (out: string) => {
        const j = JSON.parse(out) as Record<string, unknown>;
        delete j.wallMs;
        delete j.replay;
        return j;
      };
      const fromFile = await cli(["simulate", file(`${name}.json`, JSON.parse(printed)), "--json"]);
      const builtin = await cli(["simulate", name, "--json"]);
      expect(fromFile.code).toBe(builtin.code);
      expect(strip(fromFile.out)).toEqual(strip(builtin.out));
    },
  );
});
