/**
 * The design documents' protocol variants beside the toolkit's (issue 10, item 5). The toolkit
 * runs V1 and V2 with changes the documents do not make (SPEC §13): grants under-relaxed with
 * λ = 0.5 and the documents' damping off, and V1 gossiping round-states to graph neighbours
 * instead of to every participant. A scenario evidence item with `"variant": "documents"` runs the
 * same scenario with those changes undone — λ = 1, damping on, and V1 on a full mesh — and the
 * ledger labels it and lists every change. `set` (dotted paths, as `simulate --sweep`) resizes a
 * scenario for both variants alike (e.g. `nodes.count` 30, where a full mesh of 100 is too slow).
 * What stays the toolkit's in both: V2's heartbeat and freshness rule (without a heartbeat the
 * freshness rule would drop quiet peers, a rule the documents do not have either).
 */
import type { ScenarioInput, SuiteInput } from "../engine/sim/scenario.js";

export const SCENARIO_VARIANTS = ["documents"] as const;
export type ScenarioVariant = (typeof SCENARIO_VARIANTS)[number];

/** One change a variant makes to one run of a scenario. */
export interface VariantChange {
  /** The run of a suite (or the scenario's name). */
  readonly run: string;
  readonly path: string;
  readonly toolkit: unknown;
  readonly documents: unknown;
}

export type ScenarioValue = number | string | boolean | null | readonly unknown[] | object;

type Doc = Record<string, unknown>;

function getPath(doc: unknown, path: readonly string[]): unknown {
  let at: unknown = doc;
  for (const k of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Doc)[k];
  }
  return at;
}

function setPath(doc: unknown, path: readonly string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  // An array stays an array (`router.subscribers.0.perTick` sets one subscriber's rate).
  if (Array.isArray(doc)) {
    const copy: unknown[] = [...(doc as unknown[])];
    const i = Number(head);
    copy[i] = setPath(copy[i], rest, value);
    return copy;
  }
  const base: Doc = typeof doc === "object" && doc !== null ? { ...(doc as Doc) } : {};
  base[head] = setPath(base[head], rest, value);
  return base;
}

/** The toolkit's defaults the documents' variant undoes, per protocol (SPEC §13). */
const DEFAULTS: Readonly<Record<"v1" | "v2", Readonly<Record<string, unknown>>>> = {
  v1: { "v1.relaxation": 0.5, "v1.damping": false },
  v2: { "v2.relaxation": 0.5, "v2.damping": false },
};

const DOCUMENTS: Readonly<Record<"v1" | "v2", Readonly<Record<string, unknown>>>> = {
  v1: { "v1.relaxation": 1, "v1.damping": true, topology: { kind: "full-mesh" } },
  v2: { "v2.relaxation": 1, "v2.damping": true },
};

/** What a variant says, in short, for a label: "λ = 1, damping on, V1 all-to-all". */
export function variantSummary(protocols: readonly string[]): string {
  const parts = ["λ = 1", "damping on"];
  if (protocols.includes("v1")) parts.push("V1 all-to-all");
  return parts.join(", ");
}

function runsOf(doc: ScenarioInput | SuiteInput): Doc[] {
  const d = doc as Doc;
  return Array.isArray(d["compare"]) ? (d["compare"] as Doc[]) : [d];
}

/** The protocols of a scenario's runs. */
export function protocolsOf(doc: ScenarioInput | SuiteInput): string[] {
  return [...new Set(runsOf(doc).map((r) => String(r["protocol"] ?? "")))];
}

/**
 * The scenario with `set` applied to every run and, for the documents' variant, the toolkit's
 * changes undone in every V1 and V2 run; with the list of what the variant changed. Throws an
 * Error when the variant does not apply (no V1 or V2 run).
 */
export function scenarioVariant(
  doc: ScenarioInput | SuiteInput,
  variant: ScenarioVariant | undefined,
  set: Readonly<Record<string, unknown>> = {},
): { document: ScenarioInput | SuiteInput; changes: VariantChange[] } {
  const changes: VariantChange[] = [];
  const name = String((doc as Doc)["name"] ?? "");
  const apply = (run: Doc): Doc => {
    let r: unknown = run;
    for (const [path, value] of Object.entries(set)) r = setPath(r, path.split("."), value);
    const protocol = String((r as Doc)["protocol"] ?? "");
    if (variant === "documents" && (protocol === "v1" || protocol === "v2"))
      for (const [path, value] of Object.entries(DOCUMENTS[protocol])) {
        const parts = path.split(".");
        const current = getPath(r, parts) ?? DEFAULTS[protocol][path];
        changes.push({
          run: String((r as Doc)["name"] ?? name),
          path,
          toolkit: current,
          documents: value,
        });
        r = setPath(r, parts, value);
      }
    return r as Doc;
  };
  const d = doc as Doc;
  if (variant === "documents" && !protocolsOf(doc).some((p) => p === "v1" || p === "v2"))
    throw new Error(`scenario ${name}: the documents' variant applies to V1 and V2 runs only`);
  const document = (
    Array.isArray(d["compare"]) ? { ...d, compare: (d["compare"] as Doc[]).map(apply) } : apply(d)
  ) as ScenarioInput | SuiteInput;
  return { document, changes };
}

/**
 * The runs of a scenario an item names (every run when it names none), in the scenario's order;
 * an Error names a run the scenario does not have.
 */
export function selectRuns<R extends { readonly name?: string | undefined }>(
  runs: readonly R[],
  names: readonly string[] | undefined,
  scenario: string,
): R[] {
  if (names === undefined) return [...runs];
  const have = runs.map((r) => r.name ?? scenario);
  const unknown = names.filter((n) => !have.includes(n));
  if (unknown.length > 0)
    throw new Error(
      `scenario ${scenario} has no run ${unknown.join(", ")} (its runs: ${have.join(", ")})`,
    );
  return runs.filter((r) => names.includes(r.name ?? scenario));
}
