import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

const hostile = (f: string) => fileURLToPath(new URL(`./fixtures/hostile/${f}`, import.meta.url));

async function verify(file: string, ...args: string[]) {
  const io = capture();
  const code = await main(["verify", hostile(file), ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** The lines printed for one invariant, up to the next invariant. */
function block(out: string, id: string): string {
  const m = new RegExp(`\\n {2}[✓✗-] ${id} `).exec(out);
  if (m === null) return "";
  const rest = out.slice(m.index + 1);
  const next = rest.slice(1).search(/\n {2}[✓✗-] |\n\n/);
  return next < 0 ? rest : rest.slice(0, next + 1);
}

// Every implementation here is a TypeScript module: the worker loads it through tsx.
describe("verify isolates the code under test (a worker thread)", () => {
  it("an adapter call that never returns is a TIMEOUT naming the call, with a replay command; the next invariants still run", async () => {
    const r = await verify("hangs-in-join.ts", "--only", "ITC-1,ITC-2", "--call-timeout", "0.5");
    expect(r.code).toBe(1);
    for (const id of ["ITC-1", "ITC-2"]) {
      const b = block(r.out, id);
      expect(b).toMatch(/✗/);
      expect(b).toMatch(
        /itc\.join did not return within 0\.5 s \(--call-timeout\) in the case at path \d+/,
      );
      expect(b).toMatch(/class: TIMEOUT/);
      expect(b).toMatch(/counterexample: \[/);
      expect(b).toMatch(
        new RegExp(
          `replay: commons-spec verify .*hangs-in-join\\.ts --only ${id} --seed 42 --path \\d+`,
        ),
      );
    }
    expect(r.out).toMatch(/2 invariants checked, 0 held, 2 violated/);
    // The search went on after the case that hung, in a fresh worker, and a second hang ended it.
    expect(r.out).toMatch(/note: the search stopped at a second TIMEOUT \(path \d+\)/);
  });

  it("the time budget stops a worker stuck inside a case at the deadline: cut short, the rest not run, never violated", async () => {
    // The call timeout (three times the budget) is far beyond the budget, so only the deadline can stop the hung
    // join. The budget counts loading too (on a loaded machine loading the worker alone has
    // taken 9 s and more), so when the deadline came before the first join, the run is repeated
    // with twice the budget: every attempt must be a clean stop (never violated), and one must
    // stop inside the hung join.
    let stoppedInJoin = false;
    for (let budget = 20; !stoppedInJoin && budget <= 320; budget *= 2) {
      const r = await verify(
        "hangs-in-join.ts",
        "--only",
        "ITC-1,ITC-2",
        "--call-timeout",
        String(budget * 3),
        "--time-budget",
        String(budget),
      );
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(/✗|violated: /);
      // The deadline came while the worker was still loading: nothing ran (a clean stop too).
      if (/NOT RUN: every invariant — .* was still loading/.test(r.out)) continue;
      // ITC-1 hangs in its first case that joins: not run, or cut short after the cases before it.
      expect(r.out).toMatch(
        new RegExp(`NOT RUN \\(the time budget of ${budget} s was spent first\\): (ITC-1, )?ITC-2`),
      );
      stoppedInJoin =
        /note: stopped at the deadline of the time budget while itc\.join had been running for [\d.]+ s/.test(
          r.out,
        );
    }
    expect(stoppedInJoin).toBe(true);
    const strict = await verify(
      "hangs-in-join.ts",
      "--only",
      "ITC-1",
      "--call-timeout",
      "60",
      "--time-budget",
      "1",
      "--require-all",
    );
    expect(strict.code, strict.out).toBe(3);
  });

  it("a case that takes too long (many quick calls) is a TIMEOUT of the case, naming the call in progress", async () => {
    const r = await verify("slow-event.ts", "--only", "ITC-7", "--case-timeout", "0.3");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /a case did not finish within 0\.3 s \(--case-timeout\) in the case at path [\d:]+; in progress: itc\.event/,
    );
  });

  it.each([
    ["exits.ts", /compat\.compatible called process\.exit\(0\): refused/],
    ["kills.ts", /damping\.dampingFactor called process\.kill\(\d+, SIGKILL\): refused/],
  ])(
    "%s: an implementation that ends or signals the process is an EXIT failure with a shrunk counterexample, never a pass",
    async (file, message) => {
      const r = await verify(file);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(message);
      expect(r.out).toMatch(/class: EXIT/);
      expect(r.out).toMatch(/counterexample: /);
      expect(r.out).not.toMatch(/ 0 violated/);
      expect(r.out).not.toMatch(/not shrunk/);
    },
  );

  it("a crash of the worker (an uncaught error the implementation left in a timer) is a CRASH; the next invariant runs in a fresh worker", async () => {
    const r = await verify("crashes-later.ts", "--only", "COMPAT-1,COMPAT-2", "--runs", "20");
    expect(r.code).toBe(1);
    for (const id of ["COMPAT-1", "COMPAT-2"]) {
      const b = block(r.out, id);
      expect(b).toMatch(
        /crashed with an uncaught error .*: boom in a timer \(after the invariant's last case\)/,
      );
      expect(b).toMatch(/class: CRASH/);
      expect(b).toMatch(/ 20 cases/);
    }
  });

  it("an implementation that ends its worker from a timer (outside any call) is an EXIT of the invariant in progress, never a pass", async () => {
    const r = await verify("exits-in-timer.ts", "--only", "COMPAT-1,COMPAT-2", "--runs", "20");
    expect(r.code).toBe(1);
    for (const id of ["COMPAT-1", "COMPAT-2"]) {
      const b = block(r.out, id);
      expect(b).toMatch(
        /the implementation ended its worker \(process\.exit or the like, exit code 0\)/,
      );
      expect(b).toMatch(/class: EXIT/);
    }
  });

  it("an implementation that runs out of memory is a CRASH of the invariant in progress", async () => {
    const r = await verify("exhausts-memory.ts", "--only", "DAMP-1", "--worker-memory", "96");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /ran out of memory \(the worker's heap is limited to 96 MB, --worker-memory\) \(during damping\.dampingFactor\)/,
    );
    expect(r.out).toMatch(/class: CRASH/);
  });

  it("prototype pollution is detected after the case, reported with a shrunk counterexample, and undone", async () => {
    const r = await verify("pollutes.ts", "--only", "DAMP-1,DAMP-4");
    expect(r.code).toBe(1);
    const b = block(r.out, "DAMP-1");
    expect(b).toMatch(/changed built-ins during this case: Object\.prototype\.polluted was added/);
    expect(b).toMatch(/class: PROTOTYPE-POLLUTION/);
    // Shrunk within the class: the smallest history that pollutes has three entries.
    expect(b).toMatch(
      /counterexample: \[\{"history":\[\{[^\]]*\},\{[^\]]*\},\{[^\]]*\}\],"now":\d+\}\]/,
    );
    // Restored after each case: a fixed scenario with short histories is judged on clean built-ins.
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("a thrown non-Error names the adapter method and the value", async () => {
    const r = await verify("throws-null.ts", "--only", "COMPAT-1");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/compat\.compatible threw a value that is not an Error: null/);
  });

  it("an error whose message getter throws is described with the method, not re-thrown", async () => {
    const r = await verify("throws-unreadable.ts", "--only", "DAMP-1");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /damping\.dampingFactor threw an Error whose message cannot be read \(its message getter threw an error\)/,
    );
    expect(r.err).toBe("");
  });

  it("an adapter method that returns a Promise is named", async () => {
    const r = await verify("returns-promise.ts", "--only", "DAMP-1");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /damping\.dampingFactor returned a Promise where a value is expected: adapter methods must return their result synchronously/,
    );
    expect(r.out).toMatch(/class: RETURNED-PROMISE:damping\.dampingFactor/);
  });

  it("what the implementation prints goes to stderr: --json on stdout stays parseable", async () => {
    const r = await verify("chatty.ts", "--only", "DAMP-1", "--runs", "5", "--json");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { held: number }).held).toBe(1);
    expect(r.err).toMatch(/dampingFactor called with \d+ entries/);
  });

  it("a module whose loading never ends is stopped at --load-timeout (exit 2, named), not waited for", async () => {
    const io = capture();
    const code = await main(
      [
        "verify",
        fileURLToPath(new URL("./fixtures/hangs-on-load.ts", import.meta.url)),
        "--load-timeout",
        "3",
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(
      /hangs-on-load\.ts did not finish loading within 3 s \(--load-timeout\)/,
    );
  });

  it("a time budget spent while the module is still loading stops the load there: nothing ran, exit 0 (3 with --require-all), every reporter says so", async () => {
    // The load timeout (600 s by default) is far beyond the budget: without the deadline
    // reaching into the load, this run would end at the load timeout with exit 2.
    const file = fileURLToPath(new URL("./fixtures/hangs-on-load.ts", import.meta.url));
    const run = async (...args: string[]) => {
      const io = capture();
      const code = await main(["verify", file, "--time-budget", "1", ...args], io);
      return { code, out: io.stdout(), err: io.stderr() };
    };
    const pretty = await run();
    expect(pretty.code).toBe(0);
    expect(pretty.out).toMatch(
      /NOT RUN: every invariant — the time budget of 1 s was spent while .*hangs-on-load\.ts was still loading \(stopped after [\d.]+ s\); coverage is partial/,
    );
    expect(pretty.out).not.toMatch(/✓|held/);
    expect(pretty.err).not.toMatch(/did not finish loading/);
    const strict = await run("--require-all");
    expect(strict.code, strict.out).toBe(3);
    expect(strict.out).toMatch(/--require-all: exit code 3/);
    const json = await run("--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      complete: false,
      loaded: false,
      outcomes: [],
      held: 0,
      violated: 0,
      notRun: null,
      timeBudgetMs: 1000,
      exitCode: 0,
    });
    const junit = await run("--reporter", "junit");
    expect(junit.code).toBe(0);
    expect(junit.out).toMatch(/<testsuites [^>]*tests="1" failures="0" skipped="1"/);
    expect(junit.out).toMatch(/<skipped message="the time budget of 1 s was spent while/);
  });

  it("a time budget spent while a fresh worker reloads the module (after a TIMEOUT) stops the reload: the TIMEOUT is kept, the rest is not run", async () => {
    // The budget counts the first load too (seconds on a loaded machine): when it was spent
    // before the first join, the run is repeated with twice the budget.
    let reloadStopped = false;
    for (let budget = 10; !reloadStopped && budget <= 320; budget *= 2) {
      const dir = mkdtempSync(join(tmpdir(), "commons-reload-"));
      process.env["COMMONS_SPEC_TEST_MARKER"] = join(dir, "loaded");
      try {
        const r = await verify(
          "hangs-on-reload.ts",
          "--only",
          "ITC-1,ITC-2",
          "--call-timeout",
          "0.5",
          "--time-budget",
          String(budget),
        );
        if (/was still loading/.test(r.out)) {
          expect(r.code).toBe(0);
          continue;
        }
        // Without the deadline reaching into the reload, the run would wait for
        // --load-timeout (600 s) and report the reload as a CRASH.
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/itc\.join did not return within 0\.5 s \(--call-timeout\)/);
        expect(r.out).toMatch(
          /note: stopped at the deadline of the time budget while a fresh worker was loading the implementation/,
        );
        expect(r.out).toMatch(
          new RegExp(`NOT RUN \\(the time budget of ${budget} s was spent first\\): ITC-2`),
        );
        expect(r.out).not.toMatch(/CRASH|could not load/);
        reloadStopped = true;
      } finally {
        delete process.env["COMMONS_SPEC_TEST_MARKER"];
        rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(reloadStopped).toBe(true);
  });

  it("a module that ends the process while loading does not load (exit 2, named)", async () => {
    const io = capture();
    const code = await main(
      ["verify", fileURLToPath(new URL("./fixtures/exits-on-load.ts", import.meta.url))],
      io,
    );
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(
      /exits-on-load\.ts failed to load: the implementation ended its worker \(process\.exit or the like, exit code 0\)/,
    );
  });
});
