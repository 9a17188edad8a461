import { describe, expect, it } from "vitest";
import { registerSuites } from "../../src/verify/vitest.js";
import { referenceImplementation } from "../../src/verify/reference.js";
import mutant from "../mutants/alloc-ignores-capacity.js";
import doublyBroken from "./fixtures/doubly-broken.js";

// The integration as a user writes it: the reference core's suites run as vitest tests.
registerSuites(
  referenceImplementation,
  { describe, it },
  { runsFactor: 0.1, suites: ["allocation", "dynamics"] },
);

describe("registerSuites reports a violation as a failing test", () => {
  it("registers one test per invariant, and a mutant's test throws with the counterexample and replay", () => {
    const tests: { name: string; body: () => void }[] = [];
    registerSuites(mutant, {
      describe: (_n, body) => body(),
      it: (name, body) => void tests.push({ name, body }),
    });
    expect(tests.map((t) => t.name.split(" ")[0])).toContain("ALLOC-CAP-1");
    const cap = tests.find((t) => t.name.startsWith("ALLOC-CAP-1"));
    expect(() => cap?.body()).toThrow(
      /ALLOC-CAP-1 violated by alloc-ignores-capacity[\s\S]*counterexample:[\s\S]*replay: commons-spec verify/,
    );
  });
});

describe("registerSuites reports every failure class", () => {
  it("a test's message lists each class with its counterexample and replay", () => {
    const tests: { name: string; body: () => void }[] = [];
    registerSuites(doublyBroken, {
      describe: (_n, body) => body(),
      it: (name, body) => void tests.push({ name, body }),
    });
    const det = tests.find((t) => t.name.startsWith("ALLOC-DET-1"));
    expect(() => det?.body()).toThrow(
      /ALLOC-DET-1 violated by doubly-broken: .*\(and (\d+) more failure classes?\)\n\[1\/\d\] class: [\s\S]*replay: commons-spec verify <module> --only ALLOC-DET-1 --seed 42 --path [\d:]+ --failure-class \S+\n\[2\/\d\] class: [\s\S]*counterexample: [\s\S]*replay: /,
    );
  });
});
