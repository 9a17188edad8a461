import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";
import { MUTANTS } from "../mutants/manifest.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe("commons-spec verify", () => {
  it("passes on the reference core, loaded through the same path as any module", async () => {
    const io = capture();
    const code = await main(["verify", here("../../src/verify/reference.ts"), "--runs", "30"], io);
    expect(io.stderr()).toBe("");
    expect(io.stdout()).toMatch(
      /suites itc, vclock, compat, allocation, dynamics, denominator, router, nodes, schemas/,
    );
    expect(io.stdout()).toMatch(/ 0 violated/);
    expect(code).toBe(0);
    // STAT-1…3 through the adapter (the reference opts in with a learner) take 42 + 6 + 8 SPRT
    // runs, ≈ 8 s of CPU: more than the default timeout on a loaded machine.
  }, 240_000);

  describe("catches every mutant of the zoo within the default budget, naming the invariant", () => {
    for (const m of MUTANTS) {
      it(m.file, async () => {
        const io = capture();
        const code = await main(["verify", here(`../mutants/${m.file}`)], io);
        expect(code, io.stderr() + io.stdout()).toBe(1);
        const violated = /violated: (.*)/.exec(io.stdout())?.[1]?.split(", ") ?? [];
        expect(
          violated.some((id) => m.caughtBy.includes(id)),
          `violated ${violated.join(", ")}`,
        ).toBe(true);
        // A one-line replay command and the shrunk counterexample are printed.
        expect(io.stdout()).toMatch(
          /replay: commons-spec verify .* --only [A-Z][A-Z0-9]*(-[A-Z]+)*-\d+ --seed 42/,
        );
        expect(io.stdout()).toMatch(/counterexample: /);
      });
    }
  });

  it("replays a failure from the printed command: same invariant, one case", async () => {
    const file = here("../mutants/alloc-ignores-capacity.ts");
    const first = capture();
    await main(["verify", file, "--only", "ALLOC-CAP-1"], first);
    const replay = /replay: commons-spec (verify .*)/.exec(first.stdout())?.[1];
    expect(replay).toBeDefined();
    const args = (replay as string).split(" ");
    const again = capture();
    expect(await main(args, again)).toBe(1);
    expect(again.stdout()).toMatch(/✗ ALLOC-CAP-1 .*\s1 cases/);
  });

  it.each([
    [["verify", "no/such/file.ts"], /cannot find the module file no\/such\/file\.ts/],
    [["verify", here("./fixtures/not-an-implementation.ts")], /exports no implementation/],
    [
      ["verify", here("./fixtures/bad-shape.ts")],
      /not an implementation: itc\.leq: expected a function/,
    ],
    [["verify", here("./fixtures/throws-on-load.ts")], /failed to load: boom at load time/],
    [
      ["verify", here("./fixtures/bad-agent.ts")],
      /not an implementation: denominatorAgent\.recipient\.estimate: expected a function/,
    ],
    [
      ["verify", here("./fixtures/bad-v2-node.ts")],
      /not an implementation: node\.v2\.lastAccepted: expected a function/,
    ],
    [
      ["verify", here("./fixtures/empty-node.ts")],
      /node: implements no node part \(router, v2, v1\)/,
    ],
    [
      ["verify", here("../mutants/damping-no-window.ts"), "--suite", "itc"],
      /does not implement it \(it implements dynamics\)/,
    ],
  ])("a module that does not load or does not match exits 2: %j", async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe("regression corpus", () => {
  it("saves failing examples, replays them first next time, and rejects a malformed corpus", async () => {
    const { mkdtempSync, readdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "corpus-"));
    const file = here("../mutants/alloc-ignores-capacity.ts");
    const first = capture();
    expect(await main(["verify", file, "--only", "ALLOC-CAP-1", "--corpus", dir], first)).toBe(1);
    const saved = readdirSync(dir);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^alloc-ignores-capacity--ALLOC-CAP-1--42--[\d_]+\.json$/);
    const second = capture();
    expect(
      await main(["verify", file, "--only", "ALLOC-CAP-1", "--corpus", dir, "--seed", "7"], second),
    ).toBe(1);
    expect(second.stdout()).toMatch(
      /replaying 1 saved failing example\(s\) first\n {2}✗ ALLOC-CAP-1 +\[corpus\]/,
    );
    writeFileSync(
      join(dir, "broken.json"),
      JSON.stringify({ target: "x", id: "ALLOC-CAP-1", seed: "nope", path: "0" }),
    );
    const third = capture();
    expect(await main(["verify", file, "--corpus", dir], third)).toBe(2);
    expect(third.stderr()).toMatch(/corpus file .*broken\.json: seed: /);
  });
});
