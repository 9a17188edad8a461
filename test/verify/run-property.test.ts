import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkReplayPath,
  describePath,
  describeThrown,
  runProperty,
  type InvariantProperty,
  type PropertyFailure,
  utcLine,
} from "../../properties/property.js";
import { throwFirstViolation, violation } from "../../properties/violation.js";

function prop(
  predicate: (n: number, xs: number[]) => void,
  numRuns = 200,
  id = "TOY-1",
): InvariantProperty {
  return {
    id,
    suite: "dynamics",
    title: "a toy property",
    numRuns,
    build: () =>
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), fc.array(fc.nat(50)), predicate),
  };
}

// Two defects under one invariant: large numbers are "big", negative ones "negative"; between
// them, a third class that only shows while shrinking a "big" case the wrong way.
const twoDefects = prop((n) => {
  if (n > 1000) violation("big", `${n} is big`);
  if (n > 10) violation("medium", `${n} is medium`);
  if (n < -1000) violation("negative", `${n} is negative`);
});

describe("runProperty", () => {
  it("tracks the replay path of every execution: the last failure seen is fast-check's counterexample path", () => {
    const seen: PropertyFailure[] = [];
    const o = runProperty(
      prop((n, xs) => {
        if (xs.length > 3 && n > 5) throw new Error("too long");
      }),
      { seed: 1, hooks: { onFailureStep: (f) => void seen.push(f) } },
    );
    expect(o.status).toBe("violated");
    expect(seen.length).toBeGreaterThan(2); // found, then shrunk step by step
    const last = seen[seen.length - 1];
    expect(last?.path).toBe(o.path);
    expect(last?.counterexample).toBe(o.counterexample);
    expect(o.counterexample).toBe("[6,[0,0,0,0]]");
  });

  it("with maxFailures 1 reports the first class only, shrunk within that class", () => {
    const o = runProperty(twoDefects, { seed: 42 });
    expect(o.failures.map((f) => f.failureClass)).toEqual(["big"]);
    // Unrestricted shrinking would have reached 11 (class "medium"): it stays at the boundary of "big".
    expect(o.counterexample).toBe("[1001,[]]");
  });

  it("reports every distinct class, each shrunk within its class, and each path replays exactly its counterexample", () => {
    const o = runProperty(twoDefects, { seed: 42, maxFailures: 5 });
    expect(o.failures.map((f) => f.failureClass).sort()).toEqual(["big", "medium", "negative"]);
    const byClass = Object.fromEntries(o.failures.map((f) => [f.failureClass, f]));
    expect(byClass["big"]?.counterexample).toBe("[1001,[]]");
    expect(byClass["medium"]?.counterexample).toBe("[11,[]]");
    expect(byClass["negative"]?.counterexample).toBe("[-1001,[]]");
    for (const f of o.failures) {
      const again = runProperty(twoDefects, { seed: 42, path: f.path as string });
      expect(again.numRuns).toBe(1);
      expect(again.failures).toHaveLength(1);
      expect(again.failures[0]?.failureClass).toBe(f.failureClass);
      expect(again.counterexample).toBe(f.counterexample);
      expect(again.path).toBe(f.path);
    }
    // The search went on after the first failure: it ran more cases than up to the first one.
    const firstOnly = runProperty(twoDefects, { seed: 42 });
    expect(o.numRuns).toBeGreaterThan(firstOnly.numRuns);
  });

  it("a case that shows several defects reports one not yet found, and its replay with the class reproduces it", () => {
    // Every case above 10 shows two defects at once; the property reports one it has not
    // reported yet (throwFirstViolation), so the second is not hidden behind the first.
    const both = prop((n) => {
      const found: { code: string; message: string }[] = [];
      if (n > 10) found.push({ code: "odd-one", message: `${n} breaks rule one` });
      if (n > 10) found.push({ code: "odd-two", message: `${n} breaks rule two` });
      throwFirstViolation(found);
    });
    const o = runProperty(both, { seed: 42, maxFailures: 5 });
    expect(o.failures.map((f) => f.failureClass).sort()).toEqual(["odd-one", "odd-two"]);
    for (const f of o.failures) {
      // Without the class, the replayed case shows the first rule it breaks …
      const plain = runProperty(both, { seed: 42, path: f.path as string });
      expect(plain.failures[0]?.failureClass).toBe("odd-one");
      // … with it (`--failure-class`), exactly the counterexample reported for that class.
      const again = runProperty(both, {
        seed: 42,
        path: f.path as string,
        targetClass: f.failureClass,
      });
      expect(again.failures).toHaveLength(1);
      expect(again.failures[0]?.failureClass).toBe(f.failureClass);
      expect(again.path).toBe(f.path);
      expect(again.counterexample).toBe(f.counterexample);
    }
  });

  it("a search resumed at case k finds what the whole search finds from k on, with absolute paths", () => {
    const whole = runProperty(twoDefects, { seed: 7, maxFailures: 5 });
    const firstIndex = Number(whole.failures[0]?.path?.split(":")[0]);
    const resumed = runProperty(twoDefects, {
      seed: 7,
      maxFailures: 4,
      startAt: firstIndex + 1,
      knownClasses: [whole.failures[0]?.failureClass as string],
    });
    expect(resumed.failures).toEqual(whole.failures.slice(1));
    expect(resumed.numRuns).toBe(whole.numRuns);
  });

  it("a run whose time limit is spent before it starts is not run, never violated", () => {
    const o = runProperty(twoDefects, { seed: 1, now: () => 0, timeLimitMs: 0 });
    expect(o).toMatchObject({ status: "not-run", ok: true, numRuns: 0, failures: [] });
  });

  it("a run interrupted before its first case completes is not run (fast-check calls that a failure)", () => {
    // Generating the first case takes 5 ms of fast-check's clock; the limit is 1 ms.
    const slow: InvariantProperty = {
      ...twoDefects,
      build: () =>
        fc.property(
          fc.nat().map((n) => {
            const end = Date.now() + 5;
            while (Date.now() < end);
            return n;
          }),
          () => undefined,
        ),
    };
    const o = runProperty(slow, { seed: 1, now: () => 0, timeLimitMs: 1 });
    expect(o).toMatchObject({ status: "not-run", ok: true, interrupted: true, failures: [] });
  });

  it("a run cut short by its time limit reports the cases it ran and holds", () => {
    let t = 0;
    const o = runProperty(
      {
        ...prop(() => undefined, 1000),
        build: () =>
          fc.property(fc.nat(), () => {
            const end = Date.now() + 2;
            while (Date.now() < end); // each case takes 2 ms of fast-check's clock
          }),
      },
      { seed: 1, now: () => t++, timeLimitMs: 30 },
    );
    expect(o.status).toBe("held");
    expect(o.interrupted).toBe(true);
    expect(o.numRuns).toBeGreaterThan(0);
    expect(o.numRuns).toBeLessThan(1000);
  });

  it.each([
    ["null", null, /^a thrown value that is not an Error: null$/],
    ["a number", 42, /^a thrown value that is not an Error: 42$/],
    ["a string", "oops", /^a thrown value that is not an Error: "oops"$/],
    [
      "an error whose message getter throws",
      Object.defineProperty(new Error("x"), "message", {
        get() {
          throw new Error("no");
        },
      }),
      /^an Error whose message cannot be read \(its message getter threw an error\)$/,
    ],
  ])("describes a thrown %s clearly", (_, thrown, message) => {
    expect(describeThrown(thrown)).toMatch(message);
    const o = runProperty(
      prop(() => {
        throw thrown;
      }),
      { seed: 1 },
    );
    expect(o.status).toBe("violated");
    expect(o.error).toMatch(message);
  });
});

describe("replay paths", () => {
  it.each([
    ["xyz", /not a replay path/],
    ["1::2", /not a replay path/],
    ["-1", /not a replay path/],
    ["99999999", /beyond the largest replayable case/],
    ["0:0:…:0 (100001 steps)", /shrinking steps/],
  ])("rejects %s", (label, message) => {
    const path = label.endsWith("(100001 steps)") ? `0${":0".repeat(100_001)}` : label;
    expect(checkReplayPath(path)).toMatch(message);
  });

  it("accepts what fast-check prints, and describes the case a path designates without running it", () => {
    const o = runProperty(twoDefects, { seed: 42 });
    expect(checkReplayPath(o.path as string)).toBeUndefined();
    let ran = false;
    const spy = prop(() => {
      ran = true;
    });
    const d = describePath({ ...spy, build: twoDefects.build }, 42, o.path as string);
    expect(d).toEqual({ ok: true, counterexample: o.counterexample });
    expect(ran).toBe(false);
    expect(describePath(twoDefects, 42, `${o.path}:99999`)).toMatchObject({ ok: false });
  });
});

describe("counterexample text", () => {
  it("lists the counterexample's instants written with a non-zero offset, with their UTC equivalent", () => {
    const p: InvariantProperty = {
      id: "TOY-2",
      suite: "compat",
      title: "instants",
      numRuns: 5,
      build: () =>
        fc.property(
          fc.constantFrom({ start: "2026-03-29T02:30:00+02:00", end: "2026-03-29T03:00:00Z" }),
          () => violation("always", "fails"),
        ),
    };
    const [f] = runProperty(p, { seed: 1 }).failures;
    expect(f?.instants).toEqual(["2026-03-29T02:30:00+02:00 (= 00:30:00Z)"]);
    expect(f === undefined ? undefined : utcLine(f)).toBe(
      "in UTC: 2026-03-29T02:30:00+02:00 (= 00:30:00Z)",
    );
    // Without such instants, no field and no line.
    const [g] = runProperty(
      prop(() => violation("always", "fails")),
      { seed: 1 },
    ).failures;
    expect(g?.instants).toBeUndefined();
    expect(g === undefined ? "x" : utcLine(g)).toBeUndefined();
  });
});

describe("the deletion pass after shrinking (reduce)", () => {
  // fast-check cannot shrink a constant; the pass deletes what the failure does not need.
  const pair: InvariantProperty = {
    id: "TOY-3",
    suite: "compat",
    title: "3 and 7 together",
    numRuns: 3,
    reduce: function* (args) {
      const [xs] = args as [number[]];
      for (let i = 0; i < xs.length; i++) yield [xs.filter((_, j) => j !== i)];
    },
    build: () =>
      fc.property(fc.constant([1, 3, 4, 5, 7, 9]), (xs) => {
        if (xs.length < 3) violation("short", "a short list"); // another class: never kept
        if (xs.includes(3) && xs.includes(7)) violation("pair", `${xs.join()} has 3 and 7`);
      }),
  };

  it("keeps each deletion that fails with the same class, to a fixpoint; the replay gives the same", () => {
    const o = runProperty(pair, { seed: 3, now: () => 0 });
    expect(o.failures).toMatchObject([
      {
        failureClass: "pair",
        counterexample: "[[3,7,9]]",
        error: "3,7,9 has 3 and 7",
        shrunk: true,
      },
    ]);
    const again = runProperty(pair, {
      seed: 3,
      path: o.failures[0]?.path ?? "",
      targetClass: "pair",
    });
    expect(again.failures[0]?.counterexample).toBe("[[3,7,9]]");
    // Without the pass, fast-check's counterexample is the whole list.
    const { reduce: _r, ...plain } = pair;
    expect(runProperty(plain, { seed: 3 }).failures[0]?.counterexample).toBe("[[1,3,4,5,7,9]]");
  });

  it("stops at the time limit: what it reached, not shrunk, the run interrupted", () => {
    let calls = 0;
    // 0 until the pass has run one candidate, then past the deadline.
    const now = () => (++calls <= 3 ? 0 : 10_000);
    const o = runProperty(pair, { seed: 3, now, timeLimitMs: 5_000 });
    expect(o.failures).toMatchObject([{ counterexample: "[[3,4,5,7,9]]", shrunk: false }]);
    expect(o.interrupted).toBe(true);
  });
});
