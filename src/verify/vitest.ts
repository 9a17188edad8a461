import { runProperty, utcLine } from "../../properties/property.js";
import type { JudgeCompat } from "./domain.js";
import type { Implementation } from "./implementation.js";
import { replayCommand } from "./replay.js";
import { suitesFor } from "./suites.js";

/** The two functions of a test runner the integration needs (vitest's, jest's, node:test's). */
export interface TestRunnerHooks {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void, timeout?: number): void;
}

export interface SuiteTestOptions {
  /** Default 42, like the CLI. */
  readonly seed?: number;
  /** Multiply every invariant's default number of cases (e.g. 0.2 for quick runs). */
  readonly runsFactor?: number;
  /** Only these suites. */
  readonly suites?: readonly string[];
  /** Per-test timeout in ms passed to `it` (default 60 000). */
  readonly timeout?: number;
  /** Distinct failure classes reported per invariant (default 5, like the CLI). */
  readonly maxFailures?: number;
  /** As `verify --judge-compat`: allocation eligibility by SPEC §4 (`spec`) or the implementation's compat (`own`). */
  readonly judgeCompat?: JudgeCompat;
}

/**
 * Registers one test per invariant the implementation is checked against, so the suites run
 * from a user's own test files:
 *
 *   import { describe, it } from "vitest";
 *   import { registerSuites } from "commons-spec";
 *   import impl from "./my-impl.js";
 *   registerSuites(impl, { describe, it });
 *
 * A failing test's message holds every distinct failure class found (up to `maxFailures`), each
 * with its shrunk counterexample, the seed, the path and the replay command. Runs in the test
 * runner's own process (no worker, no timeouts: the runner's own test timeout applies).
 */
export function registerSuites(
  impl: Implementation,
  hooks: TestRunnerHooks,
  options: SuiteTestOptions = {},
): void {
  const seed = options.seed ?? 42;
  const props = suitesFor(
    impl,
    options.judgeCompat !== undefined ? { judgeCompat: options.judgeCompat } : {},
  ).filter((p) => options.suites === undefined || options.suites.includes(p.suite));
  hooks.describe(`commons-spec: ${impl.name}`, () => {
    for (const p of props) {
      hooks.it(
        `${p.id} ${p.title}`,
        () => {
          const o = runProperty(p, {
            seed,
            maxFailures: options.maxFailures ?? 5,
            ...(options.runsFactor !== undefined ? { runsFactor: options.runsFactor } : {}),
          });
          if (o.ok) return;
          const n = o.failures.length;
          throw new Error(
            [
              `${p.id} violated by ${impl.name}: ${o.error ?? ""}${n > 1 ? ` (and ${n - 1} more failure class${n > 2 ? "es" : ""})` : ""}`,
              ...o.failures.map((f, k) =>
                [
                  `${n > 1 ? `[${k + 1}/${n}] ` : ""}class: ${f.failureClass}`,
                  ...(k > 0 ? [f.error] : []),
                  ...(f.counterexample !== undefined
                    ? [`counterexample: ${f.counterexample}`]
                    : []),
                  ...(utcLine(f) !== undefined ? [utcLine(f) as string] : []),
                  `seed ${seed}${f.path !== undefined ? `, path ${f.path}` : ""}`,
                  `replay: ${replayCommand("commons-spec verify <module>", p.id, seed, f.path, f.failureClass)}`,
                ].join("\n"),
              ),
            ].join("\n"),
          );
        },
        options.timeout ?? 60_000,
      );
    }
  });
}
