import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT, UsageError, type CliIO } from "../../src/cli/io.js";
import { registerModelCommands } from "../../src/cli/model.js";
import { parseTrace } from "../../src/engine/trace/itf.js";

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `commons-spec <argv>` with the model commands, handling errors as src/cli/main.ts does. */
async function run(argv: string[], step = 1): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let t = 0;
  const io: CliIO = { out: (s) => out.push(s), err: (s) => err.push(s), now: () => (t += step) };
  const result = { code: EXIT.ok as number };
  const cmd = new Command("commons-spec")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerModelCommands(cmd, io, result, { stderrIsTTY: false });
  let code: number;
  try {
    await cmd.parseAsync(argv, { from: "user" });
    code = result.code;
  } catch (e) {
    if (e instanceof CommanderError) code = e.code === "commander.helpDisplayed" ? 0 : EXIT.usage;
    else if (e instanceof UsageError) {
      io.err(`commons-spec: ${e.message}\n`);
      code = EXIT.usage;
    } else throw e;
  }
  return { code, out: out.join(""), err: err.join("") };
}

const dir = mkdtempSync(join(tmpdir(), "commons-spec-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("commons-spec model", () => {
  it("lists the models, their configurations and expected results", async () => {
    const r = await run(["model", "list"]);
    expect(r.code).toBe(0);
    for (const m of ["ItcCausality", "SlotAllocation", "DenominatorGossip", "V1Rounds", "Router"])
      expect(r.out).toContain(m);
    expect(r.out).toMatch(
      /seed +violation, NeverOverGrants, 104 states, counterexample 8 states +\(must fail\)/,
    );
  });

  it("checks a model: summary with states, depth, states/s, coverage, collision probability and verdict", async () => {
    const r = await run(["model", "DenominatorGossip"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("DenominatorGossip (config corrected): 123 distinct states");
    expect(r.out).toContain("depth 10");
    expect(r.out).toContain("states/s");
    expect(r.out).toContain("collision probability");
    expect(r.out).toMatch(/GrantR1 +\d+ +\d+ +\d+/);
    expect(r.out).toContain("verdict: ok");
  });

  it("exits 1 on a violation, prints the counterexample and writes it as ITF atomically", async () => {
    const out = join(dir, "cex.itf.json");
    const r = await run(["model", "DenominatorGossip", "--config", "seed", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("invariant NeverOverGrants violated; 8 states");
    expect(r.out).toContain("State 7: <GrantR2>");
    const { trace, states } = parseTrace(JSON.parse(readFileSync(out, "utf8")));
    expect(states.length).toBe(8);
    expect(trace["#meta"]).toMatchObject({
      model: "DenominatorGossip",
      property: "NeverOverGrants",
      config: "seed",
    });
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("writes lassos with their loop", async () => {
    const out = join(dir, "lasso.itf.json");
    const r = await run(["model", "Router", "--config", "single-lane", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("liveness property ControlNeverStarved violated");
    const { trace } = parseTrace(JSON.parse(readFileSync(out, "utf8")));
    expect(trace.loop).toBeGreaterThanOrEqual(0);
    expect(trace["#meta"]).toMatchObject({ verdict: "liveness" });
  });

  it("reads a JSON configuration merged over the default, validated", async () => {
    const good = join(dir, "seedbook.json");
    writeFileSync(good, JSON.stringify({ book: "seed", need: { R1: 2 } }));
    const r = await run(["model", "DenominatorGossip", "--config", good]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("NeverOverGrants");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ capacity: -1 }));
    const b = await run(["model", "DenominatorGossip", "--config", bad]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^commons-spec: --config: .*bad\.json: capacity: /);
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{");
    expect((await run(["model", "DenominatorGossip", "--config", notJson])).code).toBe(2);
  });

  it("reports usage errors on one line with exit 2, no stack trace", async () => {
    const cases: [string[], RegExp][] = [
      [["model", "Nope"], /unknown model "Nope"/],
      [["model", "Router", "--config", "nope"], /has no configuration "nope"/],
      [["model", "Router", "--config", join(dir, "missing.json")], /cannot read .*ENOENT/],
      [["model", "Router", "--max-states", "0"], /must be a positive integer/],
      [["model", "Router", "--memory-mb", "x"], /must be a positive number/],
      [["model", "Router", "--simulate", "--seed", "1.5"], /must be an integer/],
      [
        [
          "model",
          "DenominatorGossip",
          "--config",
          "seed",
          "--out",
          join(dir, "no", "such", "dir.json"),
        ],
        /--out: cannot write/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it("stops at a budget with a partial result (exit 0)", async () => {
    const r = await run(["model", "SlotAllocation", "--config", "naive", "--max-states", "100"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("stopped by maxStates");
    expect(r.out).toContain("verdict: budget");
    const d = await run(["model", "Router", "--max-depth", "2"]);
    expect(d.out).toContain("stopped by maxDepth");
  });

  it("simulates with a seed and prints a replay command that reproduces the counterexample", async () => {
    const r = await run([
      "model",
      "V1Rounds",
      "--config",
      "half",
      "--simulate",
      "--seed",
      "5",
      "--depth",
      "12",
      "--walks",
      "100",
    ]);
    expect(r.code).toBe(1);
    const replay = /replay: commons-spec (model .*)\n/.exec(r.out)?.[1];
    if (replay === undefined) throw new Error("no replay line");
    const again = await run(replay.split(" "));
    expect(again.code).toBe(1);
    const cex = (s: string) => s.slice(s.indexOf("counterexample:"), s.indexOf("replay:"));
    expect(cex(again.out)).toBe(cex(r.out));
    const ok = await run(["model", "Router", "--simulate", "--walks", "50", "--depth", "20"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("simulation, seed 42: 50 walks");
  });

  it("prints progress to stderr with --progress", async () => {
    const r = await run(["model", "ItcCausality", "--config", "two", "--progress"], 2000);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/progress: \d+ distinct, \d+ generated, depth \d+/);
    const quiet = await run(["model", "ItcCausality", "--config", "two"], 2000);
    expect(quiet.err).toBe("");
  });

  it("--expect compares every configuration of a model with the recorded results", async () => {
    const r = await run(["model", "Router", "--expect"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("4 configurations run, 4 as recorded, 0 different");
    expect(r.out).toContain("single-lane");
    const all = await run(["model", "check-expected", "--quick"]);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/skipped \(slow/);
    expect(all.out).toMatch(/\d+ configurations run, (\d+) as recorded, 0 different/);
  });
});
