/**
 * A model checker's shortest counterexample (an ITF trace the audit wrote under traces/) as a
 * table the way TLC prints one: the initial state in full, then for each step the action taken
 * and only the variables (flattened to paths) whose value changed.
 */

export interface TraceStep {
  readonly index: number;
  readonly action: string;
  /** path → value (the first state: every path; later states: the changed ones). */
  readonly changes: readonly {
    readonly path: string;
    readonly before?: string;
    readonly after: string;
  }[];
  /** Changes left out of the table to keep it readable. */
  readonly more: number;
}

export interface TraceTable {
  readonly model: string;
  readonly config: string;
  readonly property: string;
  readonly verdict: string;
  readonly vars: readonly string[];
  readonly steps: readonly TraceStep[];
  /** States left out at the end (the table shows at most `maxSteps`). */
  readonly moreSteps: number;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** ITF's encodings of big integers, sets, maps, tuples → plain text. */
function show(v: Json): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if ("#bigint" in v && typeof v["#bigint"] === "string") return v["#bigint"];
  if ("#set" in v && Array.isArray(v["#set"])) return `{${v["#set"].map(show).join(", ")}}`;
  if ("#tup" in v && Array.isArray(v["#tup"])) return `⟨${v["#tup"].map(show).join(", ")}⟩`;
  if ("#map" in v && Array.isArray(v["#map"]))
    return `map{${v["#map"].map((kv) => (Array.isArray(kv) ? `${show(kv[0] ?? null)} ↦ ${show(kv[1] ?? null)}` : show(kv))).join(", ")}}`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}: ${show(x)}`)
    .join(", ")}}`;
}

const isRecord = (v: Json): v is { [k: string]: Json } =>
  v !== null &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  !["#bigint", "#set", "#tup", "#map"].some((k) => k in v);

/** Flattens records into dotted paths (arrays and ITF values stay whole). */
function flatten(v: Json, path: string, out: Map<string, string>): void {
  if (isRecord(v) && Object.keys(v).length > 0) {
    for (const k of Object.keys(v).sort())
      flatten(v[k] as Json, path === "" ? k : `${path}.${k}`, out);
    return;
  }
  out.set(path, show(v));
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The table of an ITF trace's text, or an error message when it is not one. */
export function traceTable(
  text: string,
  o: { readonly maxSteps?: number; readonly maxChanges?: number; readonly maxChars?: number } = {},
): TraceTable | string {
  const maxSteps = o.maxSteps ?? 40;
  const maxChanges = o.maxChanges ?? 24;
  const maxChars = o.maxChars ?? 140;
  let doc: { "#meta"?: Record<string, Json>; vars?: string[]; states?: { [k: string]: Json }[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (!Array.isArray(doc.states) || !Array.isArray(doc.vars)) return "not an ITF trace";
  const meta = doc["#meta"] ?? {};
  const vars = doc.vars;
  let prev = new Map<string, string>();
  const steps: TraceStep[] = [];
  doc.states.slice(0, maxSteps).forEach((st, i) => {
    const flat = new Map<string, string>();
    for (const v of vars) flatten(st[v] ?? null, v, flat);
    const sm = (st["#meta"] ?? {}) as Record<string, Json>;
    const changes: { path: string; before?: string; after: string }[] = [];
    for (const [path, after] of flat) {
      const before = prev.get(path);
      if (i === 0) changes.push({ path, after: clip(after, maxChars) });
      else if (before !== after)
        changes.push({
          path,
          ...(before !== undefined ? { before: clip(before, maxChars) } : {}),
          after: clip(after, maxChars),
        });
    }
    if (i > 0)
      for (const path of prev.keys())
        if (!flat.has(path))
          changes.push({ path, before: clip(prev.get(path) as string, maxChars), after: "(gone)" });
    steps.push({
      index: typeof sm.index === "number" ? sm.index : i,
      action: typeof sm.action === "string" ? sm.action : i === 0 ? "Init" : "?",
      changes: changes.slice(0, maxChanges),
      more: Math.max(0, changes.length - maxChanges),
    });
    prev = flat;
  });
  const str = (x: Json | undefined) => (typeof x === "string" ? x : "");
  return {
    model: str(meta.model),
    config: str(meta.config),
    property: str(meta.property),
    verdict: str(meta.verdict),
    vars,
    steps,
    moreSteps: Math.max(0, doc.states.length - maxSteps),
  };
}
