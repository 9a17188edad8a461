import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../helpers/command.js";
import { denominatorGossip, denominatorGossipConfig } from "../../models/DenominatorGossip.js";
import { P2P_SMALL } from "../../models/impl/P2PDenominator.js";

import { registerTraceCommands } from "../../src/cli/trace.js";
import { checkModel } from "../../src/engine/checker/bfs.js";
import { counterexampleToItf } from "../../src/engine/checker/report.js";
import { runScenario } from "../../src/engine/sim/run.js";
import { capture } from "../helpers/capture.js";
import { scenario } from "../engine/sim/helpers.js";

const cli = (argv: string[], io?: ReturnType<typeof capture>) =>
  runCommand(registerTraceCommands, argv, io);

/** `commons-spec trace validate <args…>`. */
const validate = (args: string[]) => cli(["trace", "validate", ...args]);

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
    const r = await validate([f, "--model", "DenominatorGossip", "--config", "seed"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("DenominatorGossip (config seed)");
    expect(r.out).toContain("(itf, 8 entries): 8 of 8 entries matched");
    expect(r.out).toContain("verdict: ok");
  });

  it("follows a simulator run of p2p-small (seed from the trace), and rejects a tampered copy at the tampered step", async () => {
    const f = file("run.itf.json", JSON.stringify(simRun));
    const ok = await validate([f, "--model", "P2PDenominator", "--config", "p2p-small"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("(config p2p-small, seed 4 from the trace)");
    expect(ok.out).toContain(`(simulator, ${simRun.states.length} entries)`);

    const k = simRun.states.findIndex(
      (s) => s.node === "P" && s.input.msg === "allocation_request",
    );
    const tampered = JSON.parse(JSON.stringify(simRun)) as typeof simRun;
    (tampered.states[k] as (typeof simRun.states)[number]).view["grants"] = { "#bigint": "9" };
    const g = file("tampered.itf.json", JSON.stringify(tampered));
    const bad = await validate([g, "--model", "P2PDenominator", "--config", "p2p-small"]);
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
    const r = await validate([f, "--model", "DenominatorGossip", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { verdict: string; format: string; matched: number };
    expect(json).toMatchObject({ verdict: "ok", format: "ndjson", matched: 3 });
  });

  it("TRACE-4 exits 1 on a mismatch and on an exceeded frontier", async () => {
    const f = file("bad.ndjson", '{"action": "RequestR1"}\n{"action": "GrantR2"}\n');
    const r = await validate([f, "--model", "DenominatorGossip"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("entry 1 (line 2, action GrantR2)");
    expect(r.out).toContain("action GrantR2 is not enabled");

    const g = file("any.ndjson", "{}\n{}\n{}\n");
    const cap = await validate([g, "--model", "DenominatorGossip", "--max-frontier", "3"]);
    expect(cap.code).toBe(1);
    expect(cap.out).toContain("verdict: frontier-exceeded");
  });

  it("TRACE-4 exits 2 on bad input, naming the line or field", async () => {
    const f = file("broken.ndjson", '{"action": "RequestR1"}\n{"vars": {"held": nope}}\n');
    const r = await validate([f, "--model", "DenominatorGossip"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.ndjson: invalid log\n {2}line 2: not valid JSON/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace

    const v = file("var.ndjson", '{"vars": {"hold": 1}}\n');
    const rv = await validate([v, "--model", "DenominatorGossip"]);
    expect(rv.code).toBe(2);
    expect(rv.err).toContain("line 1: vars.hold: DenominatorGossip has no variable hold");

    const itf = file("vars.itf.json", JSON.stringify({ vars: ["x"], states: [{ x: 1 }] }));
    const ri = await validate([itf, "--model", "DenominatorGossip"]);
    expect(ri.code).toBe(2);
    expect(ri.err).toContain("trace.vars: x is not a variable of DenominatorGossip");

    const unknown = await validate([itf, "--model", "Nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown model "Nope"');

    const missing = await validate([join(dir, "none.ndjson"), "--model", "Router"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("cannot read (ENOENT)");

    const noModel = await validate([itf]);
    expect(noModel.code).toBe(2);
  });

  describe("budgets (issue 13: a 10⁶-line stuttering log ran with no limit and no progress)", () => {
    const stuttering = (n: number) => file(`stutter-${n}.ndjson`, "{}\n".repeat(n));

    it("TRACE-5 --max-entries: a longer log is incomplete (exit 3), never a pass; the checked prefix is named", async () => {
      const f = stuttering(500);
      const r = await validate([f, "--model", "DenominatorGossip", "--max-entries", "100"]);
      expect(r.code).toBe(3);
      expect(r.out).toContain("100 of 500 entries matched");
      expect(r.out).toMatch(
        /verdict: incomplete — stopped at entry 100 \(line 101\) of 500: the log has more entries than --max-entries 100; the 100 entries before it are explained, the rest were not checked \(not a pass/,
      );
      const json = await validate([
        f,
        "--model",
        "DenominatorGossip",
        "--max-entries",
        "100",
        "--json",
      ]);
      expect(JSON.parse(json.out)).toMatchObject({
        verdict: "incomplete",
        matched: 100,
        stopped: { entry: 100, reason: "max-entries", limit: 100 },
      });
      // Within the limit: the verdict is the log's own.
      const all = await validate([f, "--model", "DenominatorGossip"]);
      expect(all.code).toBe(0);
    });

    it("TRACE-5 --time-budget: stops as incomplete (exit 3) when the clock passes the budget", async () => {
      const io = capture();
      let t = 0;
      const clocked = { ...io, now: () => (t += 100) }; // 100 ms per look at the clock
      const r = await cli(
        [
          "trace",
          "validate",
          stuttering(5000),
          "--model",
          "DenominatorGossip",
          "--time-budget",
          "1",
        ],
        clocked,
      );
      expect(r.code).toBe(3);
      expect(r.out).toMatch(
        /verdict: incomplete — stopped at entry \d+ \(line \d+\) of 5000: the time budget of 1 s was spent/,
      );
      expect(r.out).toMatch(/raise --time-budget/);
      expect(r.out).not.toMatch(/verdict: ok/);
    });

    it("a mismatch inside the checked part is still a violation (exit 1)", async () => {
      const f = file(
        "late-bad.ndjson",
        `${"{}\n".repeat(50)}{"action": "Explode"}\n${"{}\n".repeat(200)}`,
      );
      const r = await validate([f, "--model", "DenominatorGossip", "--max-entries", "100"]);
      expect(r.code).toBe(1);
      expect(r.out).toContain("verdict: mismatch — entry 50");
    });

    it("--progress draws a bar with an ETA on stderr when it is not a terminal; --no-progress none", async () => {
      const run = async (flag: string) => {
        let drawn = "";
        const stream = new Writable({
          write(chunk: Buffer, _enc, cb) {
            drawn += chunk.toString();
            cb();
          },
        });
        const io = { ...capture(), progress: { stream, isTTY: false } };
        const r = await cli(
          ["trace", "validate", stuttering(300), "--model", "DenominatorGossip", flag],
          io,
        );
        expect(r.code).toBe(0);
        return drawn;
      };
      expect(await run("--progress")).toMatch(/300\/300 entries \| ETA/);
      expect(await run("--no-progress")).toBe("");
    });

    it("rejects a bad --time-budget or --max-entries with exit 2", async () => {
      const f = stuttering(3);
      for (const bad of [
        ["--time-budget", "0"],
        ["--time-budget", "x"],
        ["--max-entries", "0"],
        ["--max-entries", "-5"],
      ])
        expect((await validate([f, "--model", "DenominatorGossip", ...bad])).code).toBe(2);
    });
  });
});
