/**
 * `commons-spec dynamics`: seed 000's worked example under every variant (SPEC §6.5: settles at
 * round 19 synchronously, at 11 sequentially without damping, never with it) and the §6.4 table,
 * checked against runDynamics run directly on the same sample; bad options exit 2.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbNetwork } from "../../properties/dynamics.js";
import { runDynamics } from "../../src/core/dynamics.js";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

async function dynamics(...args: string[]) {
  const io = capture();
  const code = await main(["dynamics", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("commons-spec dynamics", () => {
  it("prints the worked example under every variant and the §6.5 trajectory", async () => {
    const r = await dynamics("--only", "example");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/synchronous · net-of-others · damping on +settles at round 19/);
    expect(r.out).toMatch(/sequential · net-of-others · damping off +settles at round 11/);
    expect(r.out).toMatch(/sequential · net-of-others · damping on +never settles/);
    expect(r.out).toMatch(/synchronous · naive · damping on +never settles/);
    // The last round of the trajectory: the fixed point of SPEC §6.5 to two decimals.
    expect(r.out).toMatch(/^ +19 +372\.29\d\d +27\.70\d\d +50\.20\d\d +249\.79\d\d/m);
    expect(r.out).toContain("replay: commons-spec dynamics --only example");
  });

  it("--json gives every trajectory; --schedule/--damping pick the one printed", async () => {
    const j = JSON.parse((await dynamics("--only", "example", "--json")).out) as {
      workedExample: {
        schedule: string;
        damping: boolean;
        residual: string;
        settledAt: number | null;
        trajectory: unknown[];
      }[];
    };
    expect(j.workedExample).toHaveLength(8);
    const seqOff = j.workedExample.find(
      (w) => w.schedule === "sequential" && !w.damping && w.residual === "net-of-others",
    );
    expect(seqOff?.settledAt).toBe(11);
    expect(seqOff?.trajectory).toHaveLength(12);
    const text = await dynamics(
      "--only",
      "example",
      "--schedule",
      "sequential",
      "--damping",
      "off",
    );
    expect(text.out).toContain("trajectory, sequential · net-of-others · damping off:");
    expect(text.out).toMatch(/^ +11 +\d/m);
    expect(text.out).not.toMatch(/^ +12 +\d/m);
  });

  it("the table counts what runDynamics gives on the same sample", async () => {
    const r = await dynamics(
      "--only",
      "table",
      "--networks",
      "25",
      "--max-rounds",
      "60",
      "--seed",
      "5",
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      table: {
        seed: number;
        rows: {
          schedule: "synchronous" | "sequential";
          residual: "naive" | "net-of-others";
          damping: boolean;
          settled: number;
          networks: number;
        }[];
      };
      reproduce: string;
    };
    expect(j.table.seed).toBe(5);
    expect(j.table.rows).toHaveLength(8);
    expect(j.reproduce).toBe(
      "commons-spec dynamics --only table --seed 5 --networks 25 --max-rounds 60",
    );
    const sample = fc.sample(arbNetwork, { seed: 5, numRuns: 25 });
    for (const row of j.table.rows) {
      const settled = sample.filter(
        (n) =>
          runDynamics(n, {
            schedule: row.schedule,
            residual: row.residual,
            damping: row.damping,
            maxRounds: 60,
          }).settledAt !== null,
      ).length;
      expect(row.settled, JSON.stringify(row)).toBe(settled);
      expect(row.networks).toBe(25);
    }
    const text = await dynamics(
      "--only",
      "table",
      "--networks",
      "25",
      "--max-rounds",
      "60",
      "--seed",
      "5",
    );
    expect(text.out).toContain("| sequential | net-of-others | off |");
    expect(text.out).toContain(
      "seed 5; replay: commons-spec dynamics --only table --seed 5 --networks 25 --max-rounds 60",
    );
  });

  it.each([
    [["--networks", "0"], /--networks.*must be an integer from 1/],
    [["--networks", "abc"], /--networks.*must be an integer/],
    [["--max-rounds", "-1"], /--max-rounds/],
    [["--only", "plots"], /--only.*Allowed choices are example, table/],
    [["--damping", "maybe"], /--damping/],
    [["--seed", "x"], /--seed/],
  ])("bad option %j exits 2 naming it", async (args, message) => {
    const r = await dynamics(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe("");
  });
});
