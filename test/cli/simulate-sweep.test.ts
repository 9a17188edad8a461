import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { runCommand } from "../helpers/command.js";
import { capture } from "../helpers/capture.js";
import type { CliIO } from "../../src/cli/io.js";
import { registerSimulateCommand } from "../../src/cli/simulate.js";

const cli = (argv: string[]) =>
  runCommand(registerSimulateCommand, argv, { ...capture(), now: () => 0 });

const dir = mkdtempSync(join(tmpdir(), "commons-sweep-"));
const file = (name: string, doc: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
};
const small = {
  name: "small",
  protocol: "v2",
  duration: 4000,
  nodes: { count: 10 },
  topology: { kind: "ring" },
  network: { loss: 0.02 },
};
const smallFile = file("small.json", small);

/** A JSON report without its wall time. */
function strip(r: Record<string, unknown>): Record<string, unknown> {
  const { wallMs: _w, ...rest } = r;
  return rest;
}

describe("commons-spec simulate --seeds / --sweep", () => {
  it("prints a row per seed and the spread: median, order-statistic CI, min, max", async () => {
    const r = await cli(["simulate", smallFile, "--seeds", "1..6", "--workers", "2"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^small: 6 runs = 6 seeds \(1\.\.6\), on 2 worker threads/);
    expect(r.out).toMatch(/seed +convergence +last change +quiet after +msgs to conv\. +msgs sent/);
    for (const s of [1, 2, 3, 4, 5, 6]) expect(r.out).toMatch(new RegExp(`\\n +${s}  `));
    expect(r.out).toMatch(
      /converged \(criterion held, then quiet ≥ 400 ms before the 4000 ms horizon\): \d\/6 runs \(95 % CI/,
    );
    expect(r.out).toMatch(/convergence time +6 /);
    expect(r.out).toMatch(/messages sent \(whole run\) +6 +\d+ +\[\d+, \d+\] \(96\.9 %\)/);
    expect(r.out).toMatch(/stamp bytes, max over nodes +6/);
    expect(r.out).toMatch(/safety: every check held in 6\/6 runs/);
    expect(r.out).toMatch(/replay one run: commons-spec simulate .*small\.json --seed \d/);
  });

  it("--json: each seed's report equals `simulate --seed s --json`, and the rows are summaries of it", async () => {
    const r = await cli(["simulate", smallFile, "--seeds", "2,5", "--json", "--workers", "2"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      seeds: number[];
      planned: number;
      finished: number;
      interrupted: boolean;
      groups: { rows: { seed: number; messagesSent: number; status: string }[]; runs: number }[];
      reports: Record<string, unknown>[];
    };
    expect(j).toMatchObject({ seeds: [2, 5], planned: 2, finished: 2, interrupted: false });
    expect(j.groups).toHaveLength(1);
    expect(j.groups[0]?.rows.map((x) => x.seed)).toEqual([2, 5]);
    for (const [i, seed] of [2, 5].entries()) {
      const plain = await cli(["simulate", smallFile, "--seed", String(seed), "--json"]);
      const single = JSON.parse(plain.out) as Record<string, unknown>;
      expect(strip(j.reports[i] as Record<string, unknown>)).toEqual(strip(single));
      expect(j.groups[0]?.rows[i]?.messagesSent).toBe(
        (single["messages"] as { sent: number }).sent,
      );
    }
    expect(strip(j.reports[0] as Record<string, unknown>)).not.toEqual(
      strip(j.reports[1] as Record<string, unknown>),
    );
  });

  it("a grid point's replay line reproduces it and prints the full report", async () => {
    const grid = await cli(["simulate", smallFile, "--seeds", "3", "--sweep", "n=8,12", "--json"]);
    const j = JSON.parse(grid.out) as {
      groups: { rows: { replay: string }[] }[];
      reports: { messages: { sent: number } }[];
    };
    const replay = j.groups[1]?.rows[0]?.replay ?? "";
    expect(replay).toBe(`commons-spec simulate ${smallFile} --sweep n=12 --seed 3`);
    const again = await cli(replay.split(" ").slice(1));
    expect(again.code).toBe(0);
    expect(again.out).toContain(`seed 3  (replay this run: ${replay})`);
    expect(again.out).toContain(`messages: ${j.reports[1]?.messages.sent} sent`);
    expect(again.out).toMatch(/topology: 12 nodes/);
  });

  it("tells a run that stayed quiet from one that reached the criterion at the very end", async () => {
    const r = await cli([
      "simulate",
      smallFile,
      "--seeds",
      "1..4",
      "--quiet-margin",
      "3999",
      "--workers",
      "2",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/censored: too little quiet|censored: criterion not met/);
    expect(r.out).not.toMatch(/\n +\d+ {2}converged /);
    expect(r.out).toMatch(/converged \(criterion held, then quiet ≥ 3999 ms .*\): 0\/4 runs/);
    // One seed with --quiet-margin: the full report, with the verdict spelled out.
    const one = await cli(["simulate", smallFile, "--seed", "1", "--quiet-margin", "3999"]);
    expect(one.out).toMatch(
      /convergence: (not shown — the criterion held at the end, but the run last changed at .* less than the required 3999 ms of quiet \(censored\)|no — the criterion did not hold)/,
    );
    const easy = await cli(["simulate", smallFile, "--seed", "1", "--quiet-margin", "0"]);
    expect(easy.out).toMatch(/convergence: (yes, at .* then quiet for|no — )/);
  });

  it("a suite and a grid: one block per grid point and a comparison", async () => {
    const suite = file("suite.json", {
      name: "pair",
      compare: [
        { ...small, name: "ring" },
        { ...small, name: "mesh", topology: { kind: "full-mesh" } },
      ],
    });
    const r = await cli(["simulate", suite, "--seeds", "1,2", "--sweep", "loss=0,0.05"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pair: 8 runs = 2 scenarios × 2 grid points × 2 seeds \(1,2\)/);
    for (const t of [
      "── ring · loss=0",
      "── ring · loss=0.05",
      "── mesh · loss=0",
      "── mesh · loss=0.05",
    ])
      expect(r.out).toContain(t);
    expect(r.out).toMatch(/comparison \(medians over seeds/);
    expect(r.out).toMatch(/grid point +converged +median conv\. time/);
  });

  it("exits 1 when a check is violated in some run, naming it in the row", async () => {
    const r = await cli(["simulate", "seed-000-worked-example", "--seeds", "0,1"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ P2P-1/);
    expect(r.out).toMatch(/safety: every check held in [01]\/2 runs/);
  });

  it("--progress draws runs done out of the total and an estimated time to finish", async () => {
    let drawn = "";
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        drawn += chunk.toString();
        done();
      },
    });
    let out = "";
    const io: CliIO = {
      out: (t) => void (out += t),
      err: () => undefined,
      now: () => 0,
      progress: { stream, isTTY: false },
    };
    const result = { code: -1 };
    const program = new Command("commons-spec").exitOverride();
    registerSimulateCommand(program, io, result);
    await program.parseAsync(["simulate", smallFile, "--seeds", "1..3", "--progress"], {
      from: "user",
    });
    expect(result.code).toBe(0);
    expect(drawn).toMatch(/small \[.*\] 100% \| 3\/3 runs \| ETA/);
    expect(out).toMatch(/^small: 3 runs/);
  });

  it("usage errors exit 2 with the reason", async () => {
    for (const [args, why] of [
      [["--seeds", "3..1"], /range goes down/],
      [["--seeds", "1,x"], /not a seed/],
      [["--seeds", "1..2", "--seed", "3"], /--seed .* or --seeds/],
      [["--seeds", "1..2", "--out", join(dir, "t.json")], /--out writes one run's trace/],
      [["--sweep", "nodes.count=abc"], /--sweep nodes\.count=abc: nodes\.count: /],
      [["--sweep", "n=1,2", "--sweep", "nodes.count=3"], /swept twice/],
      [["--sweep", "seed=1"], /--seeds/],
      [["--seeds", "1", "--workers", "0"], /integer from 1/],
      [["--quiet-margin", "soon"], /duration/],
      [["--workers", "2", "--out", join(dir, "t.json")], /--out writes one run's trace/],
    ] as const) {
      const r = await cli(["simulate", smallFile, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toMatch(why);
      expect(r.out).toBe("");
    }
    const none = await cli(["simulate", "--seeds", "1..2"]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/give a scenario/);
  });
});
