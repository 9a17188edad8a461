import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { UsageError, type CliIO } from "../../src/cli/io.js";
import { registerSimulateCommand } from "../../src/cli/simulate.js";
import { parseTrace } from "../../src/engine/trace/itf.js";

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), now: () => 0 };
  const result = { code: 0 };
  const program = new Command("commons-spec")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerSimulateCommand(program, io, result);
  try {
    await program.parseAsync(argv, { from: "user" });
    return { code: result.code, out, err };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out, err: err + e.message };
    if (e instanceof CommanderError) return { code: 2, out, err };
    throw e;
  }
}

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
    expect(r.out).toMatch(/5 checks, 5 held, 0 violated/);
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
});
