import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { denominatorGossip, denominatorGossipConfig } from "../../models/DenominatorGossip.js";
import { P2P_SMALL } from "../../models/impl/P2PDenominator.js";
import { EXIT, UsageError } from "../../src/cli/io.js";
import { registerTraceCommands } from "../../src/cli/trace.js";
import { checkModel } from "../../src/engine/checker/bfs.js";
import { counterexampleToItf } from "../../src/engine/checker/report.js";
import { runScenario } from "../../src/engine/sim/run.js";
import { capture } from "../helpers/capture.js";
import { scenario } from "../engine/sim/helpers.js";

/** Runs `commons-spec <argv>` with the trace commands, handling errors as src/cli/main.ts does. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const result = { code: EXIT.ok as number };
  const program = new Command("commons-spec")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerTraceCommands(program, io, result);
  let code: number;
  try {
    await program.parseAsync(argv, { from: "user" });
    code = result.code;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`commons-spec: ${e.message}\n`);
      code = EXIT.usage;
    } else if (e instanceof CommanderError) code = EXIT.usage;
    else throw e;
  }
  return { code, out: io.stdout(), err: io.stderr() };
}

const dir = mkdtempSync(join(tmpdir(), "commons-spec-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const seedCex = (() => {
  const cex = checkModel(denominatorGossip, {
    ...denominatorGossipConfig,
    book: "seed",
  }).counterexample;
  if (cex === undefined) throw new Error("no counterexample");
  return counterexampleToItf(denominatorGossip, cex);
})();

const simRun = (() => {
  const out = runScenario(scenario(P2P_SMALL), { traceStates: 10_000, seed: 4 });
  return JSON.parse(JSON.stringify(out.trace)) as {
    states: { node: string; view: Record<string, unknown>; input: { msg: string } }[];
  };
})();

describe("commons-spec trace validate", () => {
  it("TRACE-4 exits 0 when the model explains a checker counterexample (ITF)", async () => {
    const f = file("cex.itf.json", JSON.stringify(seedCex));
    const r = await cli([
      "trace",
      "validate",
      f,
      "--model",
      "DenominatorGossip",
      "--config",
      "seed",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("DenominatorGossip (config seed)");
    expect(r.out).toContain("(itf, 8 entries): 8 of 8 entries matched");
    expect(r.out).toContain("verdict: ok");
  });

  it("follows a simulator run of p2p-small (seed from the trace), and rejects a tampered copy at the tampered step", async () => {
    const f = file("run.itf.json", JSON.stringify(simRun));
    const ok = await cli([
      "trace",
      "validate",
      f,
      "--model",
      "P2PDenominator",
      "--config",
      "p2p-small",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("(config p2p-small, seed 4 from the trace)");
    expect(ok.out).toContain(`(simulator, ${simRun.states.length} entries)`);

    const k = simRun.states.findIndex(
      (s) => s.node === "P" && s.input.msg === "allocation_request",
    );
    const tampered = JSON.parse(JSON.stringify(simRun)) as typeof simRun;
    (tampered.states[k] as (typeof simRun.states)[number]).view["grants"] = { "#bigint": "9" };
    const g = file("tampered.itf.json", JSON.stringify(tampered));
    const bad = await cli([
      "trace",
      "validate",
      g,
      "--model",
      "P2PDenominator",
      "--config",
      "p2p-small",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(
      `verdict: mismatch — entry ${k} (trace.states[${k}], action Deliver) cannot be matched`,
    );
    expect(bad.out).toMatch(/last\.view\.grants: model \d, logged 9/);
  });

  it("validates NDJSON and prints the result as JSON with --json", async () => {
    const f = file(
      "log.ndjson",
      [
        '{"init": true, "vars": {"held": {"R1": 0, "R2": 0}}}',
        "",
        '{"action": "RequestR1"}',
        '{"action": "GrantR1", "vars": {"book.R1": 1}, "note": "granted 1"}',
      ].join("\n"),
    );
    const r = await cli(["trace", "validate", f, "--model", "DenominatorGossip", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { verdict: string; format: string; matched: number };
    expect(json).toMatchObject({ verdict: "ok", format: "ndjson", matched: 3 });
  });

  it("TRACE-4 exits 1 on a mismatch and on an exceeded frontier", async () => {
    const f = file("bad.ndjson", '{"action": "RequestR1"}\n{"action": "GrantR2"}\n');
    const r = await cli(["trace", "validate", f, "--model", "DenominatorGossip"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("entry 1 (line 2, action GrantR2)");
    expect(r.out).toContain("action GrantR2 is not enabled");

    const g = file("any.ndjson", "{}\n{}\n{}\n");
    const cap = await cli([
      "trace",
      "validate",
      g,
      "--model",
      "DenominatorGossip",
      "--max-frontier",
      "3",
    ]);
    expect(cap.code).toBe(1);
    expect(cap.out).toContain("verdict: frontier-exceeded");
  });

  it("TRACE-4 exits 2 on bad input, naming the line or field", async () => {
    const f = file("broken.ndjson", '{"action": "RequestR1"}\n{"vars": {"held": nope}}\n');
    const r = await cli(["trace", "validate", f, "--model", "DenominatorGossip"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.ndjson: invalid log\n {2}line 2: not valid JSON/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace

    const v = file("var.ndjson", '{"vars": {"hold": 1}}\n');
    const rv = await cli(["trace", "validate", v, "--model", "DenominatorGossip"]);
    expect(rv.code).toBe(2);
    expect(rv.err).toContain("line 1: vars.hold: DenominatorGossip has no variable hold");

    const itf = file("vars.itf.json", JSON.stringify({ vars: ["x"], states: [{ x: 1 }] }));
    const ri = await cli(["trace", "validate", itf, "--model", "DenominatorGossip"]);
    expect(ri.code).toBe(2);
    expect(ri.err).toContain("trace.vars: x is not a variable of DenominatorGossip");

    const unknown = await cli(["trace", "validate", itf, "--model", "Nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown model "Nope"');

    const missing = await cli(["trace", "validate", join(dir, "none.ndjson"), "--model", "Router"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("cannot read (ENOENT)");

    const noModel = await cli(["trace", "validate", itf]);
    expect(noModel.code).toBe(2);
  });
});
