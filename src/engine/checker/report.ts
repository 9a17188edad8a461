/**
 * Human-readable reports of checker runs and counterexamples, and the ITF export.
 *
 * Values print in TLA+ notation: records `[a |-> 1]`, sequences and tuples `<<1, 2>>`, sets
 * `{1, 2}` (sorted), functions/maps `(k :> v @@ …)`, booleans `TRUE`/`FALSE`, strings quoted.
 */
import { isTuple, makeTrace, type ItfTrace } from "../trace/itf.js";
import { canonicalText } from "./fingerprint.js";
import type { Model } from "./model.js";
import type { ActionCoverage, CheckResult, Counterexample } from "./result.js";
import type { SimulationResult } from "./simulate.js";

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A value in TLA+ notation (deterministic: record fields, set elements and map keys sorted). */
export function formatValue(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Object.is(v, -0) ? "0" : String(v);
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "TRUE" : "FALSE";
    case "undefined":
      return "undefined";
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) return `<<${v.map(formatValue).join(", ")}>>`;
      if (isTuple(v)) return `<<${v.items.map(formatValue).join(", ")}>>`;
      if (v instanceof Set) {
        const items = [...v].map((x) => [canonicalText(x), formatValue(x)] as const);
        items.sort((a, b) => byText(a[0], b[0]));
        return `{${items.map((x) => x[1]).join(", ")}}`;
      }
      if (v instanceof Map) {
        if (v.size === 0) return "<<>>";
        const items = [...v].map(([k, x]) => [canonicalText(k), k, x] as const);
        items.sort((a, b) => byText(a[0], b[0]));
        return `(${items.map(([, k, x]) => `${formatValue(k)} :> ${formatValue(x)}`).join(" @@ ")})`;
      }
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort(byText);
      return `[${keys.map((k) => `${k} |-> ${formatValue(o[k])}`).join(", ")}]`;
    }
    default:
      return String(v);
  }
}

function vars<S, C>(model: Model<S, C>, s: S): Readonly<Record<string, unknown>> {
  return model.toItf !== undefined
    ? model.toItf(s)
    : (s as unknown as Readonly<Record<string, unknown>>);
}

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * What changed in a variable, as `path = value` pairs: a record whose keys stayed the same is
 * split into its changed fields (recursively, `depth` levels), so a step that changes one field
 * of one node prints that field instead of every node in full. Other values print whole.
 */
function changedParts(
  path: string,
  before: unknown,
  after: unknown,
  depth: number,
): [string, unknown][] {
  if (depth > 0 && isRecord(before) && isRecord(after)) {
    const kb = Object.keys(before).sort();
    const ka = Object.keys(after).sort();
    if (kb.length === ka.length && kb.every((k, i) => k === ka[i])) {
      const out: [string, unknown][] = [];
      for (const k of ka) {
        if (canonicalText(before[k]) === canonicalText(after[k])) continue;
        const field = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)
          ? `${path}.${k}`
          : `${path}[${JSON.stringify(k)}]`;
        out.push(...changedParts(field, before[k], after[k], depth - 1));
      }
      return out;
    }
  }
  return [[path, after]];
}

/**
 * A counterexample step by step: the initial state in full, then for each step the action
 * taken and the variables it changed (records split into their changed fields, two levels
 * deep: `nodes.P.pending = TRUE`); for a lasso, where the behaviour loops back.
 */
export function formatCounterexample<S, C>(model: Model<S, C>, cex: Counterexample<S>): string {
  const what =
    cex.kind === "deadlock"
      ? "deadlock"
      : cex.kind === "liveness"
        ? `liveness property ${cex.property} violated (a fair behaviour that never satisfies it)`
        : cex.kind === "action-property"
          ? `action property ${cex.property} violated`
          : `invariant ${cex.property} violated`;
  const lines = [`counterexample: ${what}; ${cex.states.length} states`];
  let prev: Readonly<Record<string, unknown>> | undefined;
  cex.states.forEach((s, i) => {
    const cur = vars(model, s);
    const head =
      i === 0 ? "State 0: <Initial predicate>" : `State ${i}: <${cex.actions[i - 1] ?? "?"}>`;
    const marks: string[] = [];
    if (cex.loop === i) marks.push("loop starts here");
    lines.push(`${head}${marks.length > 0 ? `  (${marks.join("; ")})` : ""}`);
    const changed = model.variables.filter(
      (v) => prev === undefined || canonicalText(prev[v]) !== canonicalText(cur[v]),
    );
    for (const v of changed) {
      if (prev === undefined) lines.push(`  /\\ ${v} = ${formatValue(cur[v])}`);
      else
        for (const [path, x] of changedParts(v, prev[v], cur[v], 2))
          lines.push(`  /\\ ${path} = ${formatValue(x)}`);
    }
    if (prev !== undefined) {
      const same = model.variables.filter((v) => !changed.includes(v));
      if (same.length > 0) lines.push(`  (unchanged: ${same.join(", ")})`);
    }
    prev = cur;
  });
  if (cex.loop !== undefined) {
    const closing = cex.actions[cex.states.length - 1] ?? "?";
    lines.push(`Back to state ${cex.loop} by <${closing}>, and around forever.`);
  } else if (cex.kind === "deadlock") {
    lines.push(`No action is enabled in state ${cex.states.length - 1}.`);
  }
  return `${lines.join("\n")}\n`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function lpad(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

/** Per-action coverage as a table; actions never taken are flagged. */
export function formatCoverage(coverage: readonly ActionCoverage[]): string {
  const w = Math.max(6, ...coverage.map((c) => c.action.length));
  const lines = [
    `  ${pad("action", w)}  ${lpad("enabled", 10)}  ${lpad("taken", 10)}  ${lpad("new states", 10)}`,
  ];
  for (const c of coverage)
    lines.push(
      `  ${pad(c.action, w)}  ${lpad(String(c.enabled), 10)}  ${lpad(String(c.taken), 10)}  ${lpad(String(c.distinctNew), 10)}${c.taken === 0 ? "  (never taken)" : ""}`,
    );
  return `${lines.join("\n")}\n`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function verdictLine(r: { verdict: string; counterexample?: { property: string } }): string {
  switch (r.verdict) {
    case "ok":
      return "verdict: ok — every property holds";
    case "budget":
      return "verdict: budget — stopped before the end, no violation found so far (partial result)";
    default:
      return `verdict: ${r.verdict} — ${r.counterexample?.property ?? ""}`;
  }
}

/** The summary of a breadth-first run: counts, throughput, collision estimate, coverage, verdict. */
export function formatSummary(r: CheckResult<unknown>, title?: string): string {
  const lines = [
    `${title ?? r.model}: ${r.distinctStates} distinct states, ${r.generatedStates} generated, depth ${r.depth}, ${r.queueSize} left in queue`,
    `  ${Math.round(r.statesPerSecond)} states/s over ${(r.elapsedMs / 1000).toFixed(2)} s; memory ≈ ${bytes(r.memoryBytes)} (${r.bytesPerState.toFixed(1)} bytes per stored state)`,
    `  fingerprint collision probability: ${r.collisionProbability.toExponential(1)} (n²/2^65), ${r.collisionProbabilityObserved.toExponential(1)} (from actual fingerprints)`,
  ];
  if (r.constrainedStates > 0)
    lines.push(`  ${r.constrainedStates} states outside the state constraint (not expanded)`);
  if (r.livenessChecked.length > 0)
    lines.push(`  liveness checked: ${r.livenessChecked.join(", ")}`);
  if (r.stoppedBy !== undefined) lines.push(`  stopped by ${r.stoppedBy}`);
  if (r.workers !== undefined && r.workers > 1) lines.push(`  ${r.workers} worker threads`);
  lines.push("coverage:");
  return `${lines.join("\n")}\n${formatCoverage(r.coverage)}${verdictLine(r)}\n`;
}

/** The summary of a simulation run. */
export function formatSimulationSummary(r: SimulationResult<unknown>, title?: string): string {
  const lines = [
    `${title ?? r.model}: simulation, seed ${r.seed}: ${r.walks} walks, ${r.steps} steps, ${r.distinctStates} distinct states, longest walk ${r.depth} steps`,
    `  ${Math.round(r.statesPerSecond)} steps/s over ${(r.elapsedMs / 1000).toFixed(2)} s`,
  ];
  if (r.counterexample !== undefined)
    lines.push(`  violation found on walk ${r.counterexample.walk} (0-based)`);
  lines.push("coverage:");
  return `${lines.join("\n")}\n${formatCoverage(r.coverage)}${verdictLine(r)}\n`;
}

/**
 * A counterexample as an ITF trace (Apalache ADR-015): the model's variables, one ITF state per
 * state (its `#meta` holds the index and the action that produced it), `loop` for a lasso, and
 * trace `#meta` with the model, the property, its kind, the verdict and `extra`.
 */
export function counterexampleToItf<S, C>(
  model: Model<S, C>,
  cex: Counterexample<S>,
  extra: Readonly<Record<string, unknown>> = {},
): ItfTrace {
  const steps = cex.states.map((s, i) => {
    const action = i > 0 ? cex.actions[i - 1] : undefined;
    return { state: vars(model, s), ...(action !== undefined ? { action } : {}) };
  });
  const verdict =
    cex.kind === "deadlock" ? "deadlock" : cex.kind === "liveness" ? "liveness" : "violation";
  const loopAction = cex.loop !== undefined ? cex.actions[cex.states.length - 1] : undefined;
  return makeTrace(model.variables, steps, {
    ...(cex.loop !== undefined ? { loop: cex.loop } : {}),
    meta: {
      source: "commons-spec model checker",
      model: model.name,
      property: cex.property,
      kind: cex.kind,
      verdict,
      ...(loopAction !== undefined ? { loopAction } : {}),
      ...extra,
    },
  });
}
