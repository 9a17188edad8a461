import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";
import { referenceCatalog } from "../../properties/catalog.js";

/** How many invariants `check` runs. */
const N = referenceCatalog().length;

describe("commons-spec check", () => {
  it("lists every invariant of the catalogue", async () => {
    const io = capture();
    expect(await main(["check", "--list"], io)).toBe(0);
    for (const id of ["ITC-7", "COMPAT-4", "ALLOC-CAP-1", "ALLOC-WORK-1", "DYN-2", "SCHEMA-1"]) {
      expect(io.stdout()).toContain(id);
    }
  });

  it("checks a suite against the reference and prints each invariant, its cases and the seed", async () => {
    const io = capture();
    const code = await main(["check", "--suite", "allocation", "--runs", "20", "--seed", "7"], io);
    expect(io.stdout()).toContain("seed 7");
    expect(io.stdout()).toMatch(/✓ ALLOC-CAP-1 .* 20 cases/);
    const n = referenceCatalog().filter((p) => p.suite === "allocation").length;
    expect(io.stdout()).toMatch(new RegExp(`\\n${n} invariants checked, ${n} held, 0 violated`));
    expect(code).toBe(0);
  });

  it("prints JSON with --json", async () => {
    const io = capture();
    expect(await main(["check", "--only", "DAMP-1,CONV-2", "--runs", "5", "--json"], io)).toBe(0);
    const parsed = JSON.parse(io.stdout()) as {
      outcomes: { id: string; ok: boolean }[];
      violated: number;
    };
    expect(parsed.outcomes.map((o) => o.id)).toEqual(["DAMP-1", "CONV-2"]);
    expect(parsed.violated).toBe(0);
  });

  it.each([
    [["check", "--suite", "nonsense"], /unknown suite "nonsense"/],
    [["check", "--only", "NOPE-1"], /unknown invariant "NOPE-1"/],
    [["check", "--seed", "abc"], /--seed.*integer/],
    [["check", "--runs", "0"], /--runs.*positive integer/],
    [["check", "--path", "0:1"], /exactly one --only/],
    [
      ["check", "--only", "ALLOC-CAP-1", "--suite", "itc"],
      /--only ALLOC-CAP-1 --suite itc selects no invariant \(ALLOC-CAP-1 is in suite allocation\)/,
    ],
    [
      ["check", "--only", "DAMP-1", "--shard", "2/2"],
      /--shard 2\/2 selects no invariant \(1 selected before sharding\)/,
    ],
    [["check", "--only", "DAMP-1", "--path", "xyz"], /--path.*"xyz" is not a replay path/],
    [
      ["check", "--only", "DAMP-1", "--path", "99999999"],
      /--path.*case 99999999 is beyond the largest replayable case/,
    ],
    [["check", "--only", "DAMP-1", "--path", "0:99999"], /--path: no case at path 0:99999/],
    [["frobnicate"], /unknown command/],
    [[], /Usage: commons-spec/],
  ])("rejects bad usage %j with exit code 2 and a clear message", async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("CI ergonomics", () => {
  it("--shard i/n partitions the invariants deterministically: disjoint, covering, stable", async () => {
    const ids = async (argv: string[]) => {
      const io = capture();
      expect(await main(["check", "--list", ...argv], io)).toBe(0);
      return io
        .stdout()
        .trim()
        .split("\n")
        .map((l) => l.split(/\s+/)[0]);
    };
    const all = await ids([]);
    const parts = await Promise.all([1, 2, 3].map((i) => ids(["--shard", `${i}/3`])));
    expect(parts.flat().sort()).toEqual([...all].sort());
    expect(new Set(parts.flat()).size).toBe(all.length);
    expect(await ids(["--shard", "2/3"])).toEqual(parts[1]);
  });

  it("--profile quick runs a fifth of the cases, deep five times as many", async () => {
    const cases = async (profile: string) => {
      const io = capture();
      await main(["check", "--only", "CONV-2", "--profile", profile, "--json"], io);
      return (JSON.parse(io.stdout()) as { outcomes: { numRuns: number }[] }).outcomes[0]?.numRuns;
    };
    expect(await cases("quick")).toBe(100);
    expect(await cases("ci")).toBe(500);
    expect(await cases("deep")).toBe(2500);
  });

  it("--reporter junit prints JUnit XML with one testcase per invariant", async () => {
    const io = capture();
    expect(
      await main(["check", "--suite", "dynamics", "--runs", "3", "--reporter", "junit"], io),
    ).toBe(0);
    expect(io.stdout()).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="commons-spec reference" tests="\d+" failures="0"/,
    );
    expect(io.stdout()).toMatch(
      /<testcase classname="reference.dynamics" name="DYN-2 [^"]*" time="[\d.]+">/,
    );
  });

  it.each([
    [["check", "--shard", "4/3"], /--shard.*1 ≤ i ≤ n/],
    [["check", "--profile", "huge"], /--profile.*Allowed choices are quick, ci, deep/],
    [["check", "--reporter", "tap"], /--reporter.*Allowed choices are pretty, json, junit/],
  ])("rejects %j with exit 2", async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
  });
});

describe("--time-budget is a real budget", () => {
  // A budget far smaller than the run: most invariants cannot start in time.
  const tiny = ["check", "--time-budget", "0.001"];

  it("invariants that did not start are reported as not run, never violated (pretty)", async () => {
    const io = capture();
    expect(await main(tiny, io)).toBe(0);
    const out = io.stdout();
    expect(out).not.toMatch(/✗/);
    expect(out).not.toMatch(/violated: /);
    expect(out).toMatch(/\n {2}- [A-Z0-9-]+ +.* not run\n/);
    expect(out).toMatch(
      new RegExp(
        `\\n\\d+ of ${N} invariants checked, \\d+ held, 0 violated, \\d+ NOT RUN \\(\\d+ cases in [\\d.]+ s\\)\\n`,
      ),
    );
    expect(out).toMatch(
      /NOT RUN \(the time budget of 0\.001 s was spent first\): [A-Z].* — coverage is partial \(--require-all makes this a failure\)/,
    );
  });

  it("json and junit say so too, with the counts", async () => {
    const json = capture();
    expect(await main([...tiny, "--json"], json)).toBe(0);
    const r = JSON.parse(json.stdout()) as {
      outcomes: { id: string; status: string; ok: boolean; numRuns: number; failures: unknown[] }[];
      notRun: number;
      violated: number;
      complete: boolean;
    };
    expect(r.violated).toBe(0);
    expect(r.complete).toBe(false);
    const notRun = r.outcomes.filter((o) => o.status === "not-run");
    expect(notRun.length).toBe(r.notRun);
    expect(r.notRun).toBeGreaterThan(0);
    for (const o of notRun) expect(o).toMatchObject({ ok: true, numRuns: 0, failures: [] });
    expect(r.outcomes.every((o) => o.status === "held" || o.status === "not-run")).toBe(true);

    const junit = capture();
    expect(await main([...tiny, "--reporter", "junit"], junit)).toBe(0);
    const xml = junit.stdout();
    expect(xml).toMatch(
      new RegExp(
        `<testsuites name="commons-spec reference" tests="${N}" failures="0" skipped="\\d+"`,
      ),
    );
    expect(xml).not.toMatch(/<failure /);
    expect(
      (
        xml.match(/<skipped message="not run: the time budget was spent before it started"\/>/g) ??
        []
      ).length,
    ).toBeGreaterThan(0);
  });

  it("--require-all turns invariants not run into a failed run (exit code 3), not a violation", async () => {
    const io = capture();
    expect(await main([...tiny, "--require-all"], io)).toBe(3);
    expect(io.stdout()).toMatch(/--require-all: exit code 3/);
    expect(io.stdout()).not.toMatch(/violated: /);
    // Within budget, --require-all changes nothing.
    const ok = capture();
    expect(
      await main(
        ["check", "--only", "DAMP-1", "--runs", "5", "--time-budget", "600", "--require-all"],
        ok,
      ),
    ).toBe(0);
  });

  it("an invariant cut short reports the cases it ran and holds; --require-all fails it (exit 3)", async () => {
    // One share of 50 ms for an invariant of 5 000 cases.
    const io = capture();
    const code = await main(
      ["check", "--only", "ALLOC-CAP-1", "--runs", "5000", "--time-budget", "0.05", "--json"],
      io,
    );
    expect(code).toBe(0);
    const o = (JSON.parse(io.stdout()) as { outcomes: Record<string, unknown>[] }).outcomes[0];
    expect(o?.["interrupted"]).toBe(true);
    expect(o?.["status"]).not.toBe("violated");
    expect(o?.["numRuns"] as number).toBeLessThan(5000);
    // Cut short is not "everything checked": --require-all fails the run (exit 3), and says so.
    const strict = capture();
    const args = ["check", "--only", "ALLOC-CAP-1", "--runs", "5000", "--time-budget", "0.05"];
    expect(await main([...args, "--require-all"], strict)).toBe(3);
    expect(strict.stdout()).toMatch(
      /cut short by the time budget: ALLOC-CAP-1 \(\d+\/5000 cases\) — --require-all: exit code 3/,
    );
    const lax = capture();
    expect(await main(args, lax)).toBe(0);
    expect(lax.stdout()).toMatch(/— coverage is partial \(--require-all makes this a failure\)/);
  });
});

describe("--progress", () => {
  it("draws the bar on stderr even when it is not a terminal", async () => {
    const { PassThrough } = await import("node:stream");
    const stream = new PassThrough();
    let drawn = "";
    stream.on("data", (d: Buffer) => void (drawn += String(d)));
    const io = { ...capture(), progress: { stream, isTTY: false } };
    const args = ["check", "--suite", "dynamics", "--runs", "3"];
    expect(await main([...args, "--progress"], io)).toBe(0);
    expect(drawn).toMatch(/\d+\/\d+ invariants/);
    // Without --progress, nothing is drawn on a stream that is not a terminal.
    drawn = "";
    expect(await main(args, { ...capture(), progress: { stream, isTTY: false } })).toBe(0);
    expect(drawn).toBe("");
  });
});
