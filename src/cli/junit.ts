import { utcLine, type PropertyFailure, type PropertyOutcome } from "../../properties/property.js";

function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** JUnit XML of a run that ran nothing because `target` did not load in time: one skipped case. */
export function junitNotLoaded(target: string, why: string): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="commons-spec ${esc(target)}" tests="1" failures="0" skipped="1" time="0.000">`,
    `  <testsuite name="load" tests="1" failures="0" skipped="1" time="0.000">`,
    `    <testcase classname="${esc(target)}" name="load" time="0.000">`,
    `      <skipped message="${esc(why)}"/>`,
    `    </testcase>`,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

/**
 * JUnit XML of a run: one testsuite per invariant suite, one testcase per invariant. A
 * violated invariant has one `<failure>` listing every failure class found (each with its
 * counterexample, seed, path and replay command); an invariant that did not run within the
 * time budget is `<skipped>`; one cut short says so in its properties.
 */
export function junitXml(
  target: string,
  outcomes: readonly PropertyOutcome[],
  replay: (o: PropertyOutcome, f: PropertyFailure | undefined) => string,
): string {
  const suites = [...new Set(outcomes.map((o) => o.suite))];
  const lines = [`<?xml version="1.0" encoding="UTF-8"?>`];
  const count = (os: readonly PropertyOutcome[], status: PropertyOutcome["status"]) =>
    os.filter((o) => o.status === status).length;
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  lines.push(
    `<testsuites name="commons-spec ${esc(target)}" tests="${outcomes.length}" failures="${count(outcomes, "violated")}" skipped="${count(outcomes, "not-run")}" time="${secs(outcomes.reduce((s, o) => s + o.ms, 0))}">`,
  );
  for (const s of suites) {
    const mine = outcomes.filter((o) => o.suite === s);
    lines.push(
      `  <testsuite name="${esc(s)}" tests="${mine.length}" failures="${count(mine, "violated")}" skipped="${count(mine, "not-run")}" time="${secs(mine.reduce((a, o) => a + o.ms, 0))}">`,
    );
    for (const o of mine) {
      lines.push(
        `    <testcase classname="${esc(`${target}.${s}`)}" name="${esc(`${o.id} ${o.title}`)}" time="${secs(o.ms)}">`,
      );
      const cut =
        o.status !== "not-run" && o.interrupted && o.numRuns < o.plannedRuns
          ? `<property name="cutShort" value="${o.numRuns} of ${o.plannedRuns} cases ran (time budget)"/>`
          : "";
      lines.push(
        `      <properties><property name="cases" value="${o.numRuns}"/><property name="seed" value="${o.seed}"/>${cut}${o.detail !== undefined ? `<property name="detail" value="${esc(o.detail)}"/>` : ""}</properties>`,
      );
      if (o.status === "not-run") {
        lines.push(
          `      <skipped message="not run: the time budget was spent before it started"/>`,
        );
      } else if (o.status === "violated") {
        const n = o.failures.length;
        const message =
          n <= 1
            ? ((o.error ?? "violated").split("\n")[0] ?? "")
            : `${n} failure classes: ${o.failures.map((f) => f.failureClass).join("; ")}`;
        const body = o.failures
          .map((f, k) =>
            [
              n > 1 ? `[${k + 1}/${n}] ${f.failureClass}` : `class: ${f.failureClass}`,
              f.error,
              f.counterexample !== undefined ? `counterexample: ${f.counterexample}` : "",
              utcLine(f) ?? "",
              `seed ${o.seed}${f.path !== undefined ? `, path ${f.path}` : ""}`,
              `replay: ${replay(o, f)}`,
            ]
              .filter((x) => x !== "")
              .join("\n"),
          )
          .join("\n\n");
        lines.push(
          `      <failure message="${esc(message)}" type="${esc(o.id)}">${esc(body || `replay: ${replay(o, undefined)}`)}</failure>`,
        );
      }
      lines.push(`    </testcase>`);
    }
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`);
  return `${lines.join("\n")}\n`;
}
