/**
 * Recorded expected results of model runs (as the TLA+ Examples repository records state counts
 * and verdicts), and their comparison with an actual run: what CI checks on every commit.
 */
import type { CheckResult, Verdict } from "./result.js";

export interface ExpectedResult {
  readonly verdict: Verdict;
  readonly distinctStates?: number;
  /** BFS depth (longest shortest path). Recorded for complete runs only. */
  readonly depth?: number;
  /** For a failing run: the violated property. */
  readonly property?: string;
  /** For a failing run: the number of states in the counterexample (BFS: a shortest one). */
  readonly counterexampleStates?: number;
}

/**
 * The differences between a run and its recorded expectation, one line each (empty when they
 * agree). Only recorded fields are compared.
 */
export function compareWithExpected(
  result: CheckResult<unknown>,
  expected: ExpectedResult,
): string[] {
  const out: string[] = [];
  if (result.verdict !== expected.verdict)
    out.push(`verdict ${result.verdict}, expected ${expected.verdict}`);
  if (expected.distinctStates !== undefined && result.distinctStates !== expected.distinctStates)
    out.push(`${result.distinctStates} distinct states, expected ${expected.distinctStates}`);
  if (expected.depth !== undefined && result.depth !== expected.depth)
    out.push(`depth ${result.depth}, expected ${expected.depth}`);
  const property = result.counterexample?.property;
  if (expected.property !== undefined && property !== expected.property)
    out.push(`violated ${property ?? "nothing"}, expected ${expected.property}`);
  const length = result.counterexample?.states.length;
  if (expected.counterexampleStates !== undefined && length !== expected.counterexampleStates)
    out.push(`counterexample of ${length ?? 0} states, expected ${expected.counterexampleStates}`);
  return out;
}
