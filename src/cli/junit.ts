import type { PropertyOutcome } from "../../properties/property.js";

function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** JUnit XML of a run: one testsuite per invariant suite, one testcase per invariant. */
export function junitXml(
  target: string,
  outcomes: readonly PropertyOutcome[],
  replay: (o: PropertyOutcome) => string,
): string {
  const suites = [...new Set(outcomes.map((o) => o.suite))];
  const lines = [`<?xml version="1.0" encoding="UTF-8"?>`];
  const failures = outcomes.filter((o) => !o.ok).length;
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  lines.push(
    `<testsuites name="commons-spec ${esc(target)}" tests="${outcomes.length}" failures="${failures}" time="${secs(outcomes.reduce((s, o) => s + o.ms, 0))}">`,
  );
  for (const s of suites) {
    const mine = outcomes.filter((o) => o.suite === s);
    lines.push(
      `  <testsuite name="${esc(s)}" tests="${mine.length}" failures="${mine.filter((o) => !o.ok).length}" time="${secs(mine.reduce((a, o) => a + o.ms, 0))}">`,
    );
    for (const o of mine) {
      lines.push(
        `    <testcase classname="${esc(`${target}.${s}`)}" name="${esc(`${o.id} ${o.title}`)}" time="${secs(o.ms)}">`,
      );
      lines.push(
        `      <properties><property name="cases" value="${o.numRuns}"/><property name="seed" value="${o.seed}"/>${o.detail !== undefined ? `<property name="detail" value="${esc(o.detail)}"/>` : ""}</properties>`,
      );
      if (!o.ok) {
        const body = [
          o.error ?? "",
          o.counterexample !== undefined ? `counterexample: ${o.counterexample}` : "",
          `replay: ${replay(o)}`,
        ]
          .filter((x) => x !== "")
          .join("\n");
        lines.push(
          `      <failure message="${esc((o.error ?? "violated").split("\n")[0] ?? "")}" type="${esc(o.id)}">${esc(body)}</failure>`,
        );
      }
      lines.push(`    </testcase>`);
    }
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`);
  return `${lines.join("\n")}\n`;
}
