/**
 * Logs for trace validation (SPEC.md §12.1), read into `LogEntry` lists. Every problem is
 * reported with where it is — `line 4: vars.book: …`, `trace.states[3].held: …` — so the CLI
 * can exit 2 with it.
 *
 * NDJSON: one JSON object per line, blank lines ignored:
 *   {"init": true, "vars": {...}}      optional, first line only: constrains the initial state
 *   {"action": "GrantR1", "vars": {...}}   one step by the named action
 *   {"vars": {...}}                    one step by any action (or stuttering)
 * `vars` maps variable names, or `variable.field.field` paths into records, to ITF values
 * (plain JSON numbers, strings, booleans, arrays and records, or {"#bigint"}, {"#set"},
 * {"#map"}, {"#tup"}). Unknown keys are errors; `note` is allowed and ignored.
 *
 * ITF (Apalache ADR-015): `states[0]` is the initial state and `states[i]` the state after step
 * i; the action is the state's `#meta.action` or its `mbt::actionTaken` variable (Quint), and
 * `mbt::…` variables are not compared. A lasso (`loop` and `#meta.loopAction`) adds the step
 * back to `states[loop]`.
 *
 * Simulator traces (`commons-spec simulate --out`, variables now, node, input, view,
 * violations) are read for models that drive the protocol code: each state is one step of the
 * lifted model — Start, Deliver, Fire, Drop or Duplicate by its `input.kind` — that logs `now`
 * and `last` (node, input, view, violations); partition and heal records are skipped (their
 * effect, lost messages, is recorded as drops); churn cannot be followed (fixed set of nodes).
 */
import { z } from "zod";
import { formatPath } from "../../core/errors.js";
import { fromItfValue, parseTrace } from "../trace/itf.js";
import type { Model } from "./model.js";
import { STUTTER } from "./result.js";
import { entryProblems, type LogEntry } from "./trace-validate.js";

export type LogFormat = "ndjson" | "itf" | "simulator";

export type LogParse =
  | {
      readonly ok: true;
      readonly format: LogFormat;
      readonly entries: readonly LogEntry[];
      /** The run seed a simulator trace records. */
      readonly seed?: number;
    }
  | { readonly ok: false; readonly errors: readonly string[] };

const lineSchema = z
  .strictObject({
    init: z.literal(true).optional(),
    action: z.string().min(1).optional(),
    vars: z.record(z.string().min(1), z.unknown()).optional(),
    note: z.string().optional(),
  })
  .refine((l) => l.init === undefined || l.action === undefined, {
    message: "an initial-state entry has no action",
    path: ["action"],
  });

function zodIssues(e: z.ZodError, prefix: string): string[] {
  return e.issues.map(
    (i) =>
      `${prefix}: ${formatPath(i.path.map((p) => (typeof p === "symbol" ? String(p) : p)))}: ${i.message}`,
  );
}

function decodeVars(
  vars: Readonly<Record<string, unknown>>,
  where: string,
  errors: string[],
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(vars)) {
    try {
      out.set(k, fromItfValue(v, `${where}.vars.${k}`));
    } catch (e) {
      errors.push((e as Error).message.replace(`${where}.`, `${where}: `));
    }
  }
  return out;
}

/** Reads an NDJSON log (see the module comment). */
export function parseNdjson(text: string): LogParse {
  const errors: string[] = [];
  const entries: LogEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const where = `line ${i + 1}`;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      errors.push(`${where}: not valid JSON (${(e as Error).message})`);
      return;
    }
    const r = lineSchema.safeParse(json);
    if (!r.success) {
      errors.push(...zodIssues(r.error, where));
      return;
    }
    if (r.data.init === true && entries.length > 0)
      errors.push(`${where}: init: only the first entry may be an initial state`);
    entries.push({
      location: where,
      init: r.data.init === true,
      ...(r.data.action !== undefined ? { action: r.data.action } : {}),
      vars: decodeVars(r.data.vars ?? {}, where, errors),
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  if (entries.length === 0) return { ok: false, errors: ["the log has no entries"] };
  return { ok: true, format: "ndjson", entries };
}

export const SIMULATOR_VARIABLES = ["now", "node", "input", "view", "violations"] as const;

const ACTION_OF_INPUT: Readonly<Record<string, string>> = {
  start: "Start",
  message: "Deliver",
  timer: "Fire",
  drop: "Drop",
  duplicate: "Duplicate",
};

/** The entries of a simulator trace, as steps of a lifted model (see the module comment). */
export function simulatorEntries(states: readonly Record<string, unknown>[]): {
  entries: LogEntry[];
  errors: string[];
} {
  const entries: LogEntry[] = [];
  const errors: string[] = [];
  states.forEach((st, i) => {
    const where = `trace.states[${i}]`;
    const input = st["input"];
    const kind =
      typeof input === "object" && input !== null ? (input as Record<string, unknown>)["kind"] : "";
    const timer =
      typeof input === "object" && input !== null
        ? (input as Record<string, unknown>)["timer"]
        : "";
    if (kind === "partition" || kind === "heal") return;
    const action = typeof kind === "string" ? ACTION_OF_INPUT[kind] : undefined;
    if (action === undefined) {
      errors.push(
        `${where}.input.kind: ${String(kind)} cannot be followed by a model with a fixed set of nodes (churn is not modelled)`,
      );
      return;
    }
    if (typeof timer === "string" && timer.startsWith("sim:")) {
      errors.push(`${where}.input.timer: ${timer} is churn, which is not modelled`);
      return;
    }
    entries.push({
      location: where,
      init: false,
      action,
      vars: new Map<string, unknown>([
        ["now", st["now"]],
        [
          "last",
          {
            node: st["node"],
            input: st["input"],
            view: st["view"],
            violations: st["violations"],
          },
        ],
      ]),
    });
  });
  return { entries, errors };
}

/** The `#meta` fields the validator reads: an action name must be a non-empty string. */
const actionName = z.string().min(1, "must be a non-empty action name").optional();
const itfDocSchema = z.looseObject({
  vars: z.array(z.string()),
  states: z.array(z.looseObject({ "#meta": z.looseObject({ action: actionName }).optional() })),
  loop: z.number().int().nonnegative().optional(),
  "#meta": z.looseObject({ loopAction: actionName }).optional(),
});

/**
 * Reads an ITF trace for `model`: a trace of the model's own variables (or some of them), or,
 * for a model driving the protocol code (`lifted`), a simulator trace.
 */
export function parseItf<S, C>(doc: unknown, model: Model<S, C>, lifted: boolean): LogParse {
  const shape = itfDocSchema.safeParse(doc);
  if (!shape.success) return { ok: false, errors: zodIssues(shape.error, "trace") };
  let decoded: Record<string, unknown>[];
  try {
    decoded = parseTrace(doc).states;
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  const t = shape.data;
  const meta = t["#meta"] ?? {};
  const vars = t.vars.filter((v) => !v.startsWith("mbt::"));
  const isSimulator =
    lifted &&
    SIMULATOR_VARIABLES.every((v) => vars.includes(v)) &&
    vars.length === SIMULATOR_VARIABLES.length;
  if (isSimulator) {
    const { entries, errors } = simulatorEntries(decoded);
    if (errors.length > 0) return { ok: false, errors };
    if (entries.length === 0) return { ok: false, errors: ["trace.states: no steps to validate"] };
    const seed = meta["seed"];
    return {
      ok: true,
      format: "simulator",
      entries,
      ...(typeof seed === "number" && Number.isSafeInteger(seed) ? { seed } : {}),
    };
  }
  const unknown = vars.filter((v) => !model.variables.includes(v));
  if (unknown.length > 0)
    return {
      ok: false,
      errors: [
        `trace.vars: ${unknown.join(", ")} ${unknown.length === 1 ? "is not a variable" : "are not variables"} of ${model.name} (its variables: ${model.variables.join(", ")})${lifted ? "; a simulator trace has exactly the variables now, node, input, view, violations" : ""}`,
      ],
    };
  if (decoded.length === 0) return { ok: false, errors: ["trace.states: the trace has no states"] };
  const actionOf = (i: number): string | undefined => {
    const m = t.states[i]?.["#meta"];
    const a =
      typeof m === "object" && m !== null ? (m as Record<string, unknown>)["action"] : undefined;
    if (typeof a === "string") return a;
    const taken: unknown = decoded[i]?.["mbt::actionTaken"];
    return typeof taken === "string" && taken !== "" && taken !== "init" ? taken : undefined;
  };
  const varsOf = (i: number) =>
    new Map(vars.map((v) => [v, (decoded[i] as Record<string, unknown>)[v]] as const));
  const entries: LogEntry[] = decoded.map((_, i) => {
    const action = i === 0 ? undefined : actionOf(i);
    return {
      location: `trace.states[${i}]`,
      init: i === 0,
      ...(action !== undefined ? { action } : {}),
      vars: varsOf(i),
    };
  });
  if (t.loop !== undefined) {
    const closing = meta["loopAction"];
    entries.push({
      location: `trace.loop (back to states[${t.loop}])`,
      init: false,
      action: typeof closing === "string" ? closing : STUTTER,
      vars: varsOf(t.loop),
    });
  }
  return { ok: true, format: "itf", entries };
}

/**
 * Reads a log file's text: ITF when it is one JSON document with `states` (or the name ends in
 * `.itf.json` / `.json`), NDJSON otherwise (or when the name ends in `.ndjson` / `.jsonl`).
 * Entries are checked against the model's variables.
 */
export function parseLog<S, C>(
  text: string,
  fileName: string,
  model: Model<S, C>,
  lifted: boolean,
): LogParse {
  const lower = fileName.toLowerCase();
  let r: LogParse;
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) r = parseNdjson(text);
  else {
    let doc: unknown;
    let whole = true;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      whole = false;
      if (lower.endsWith(".json"))
        return { ok: false, errors: [`not valid JSON (${(e as Error).message})`] };
    }
    r =
      whole && typeof doc === "object" && doc !== null && !Array.isArray(doc) && "states" in doc
        ? parseItf(doc, model, lifted)
        : lower.endsWith(".json")
          ? { ok: false, errors: ["trace: an ITF trace is a JSON object with vars and states"] }
          : parseNdjson(text);
  }
  if (!r.ok) return r;
  const problems = entryProblems(model, r.entries);
  return problems.length > 0 ? { ok: false, errors: problems } : r;
}
