import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

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
    expect(io.stdout()).toMatch(/13 invariants checked, 13 held, 0 violated/);
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
