/**
 * The claims catalogue (spec/claims.json): every checkable claim of the five design documents,
 * in our own words with its figures, what would decide it, the evidence this repository already
 * has, and the verdict about the design that this evidence supports. The zod schema below is the
 * single source of truth; spec/claims.schema.json is its JSON Schema export
 * (`commons-spec audit --schema`).
 *
 * Two kinds of expectation are kept apart on purpose:
 * - an evidence item's `role` says what the toolkit's own expected outcome of that check means for
 *   the claim ("STAT-2 holds" means the SPRT rejects the seed's claim: role `refutes`);
 * - `expectedVerdict` is the verdict about the *design document's claim* that the existing
 *   evidence supports (confirmed, refuted, conditional, inconclusive, not run, untestable).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const CLAIM_KINDS = [
  "safety",
  "liveness",
  "statistical",
  "scaling",
  "figure",
  "definition",
  "untestable",
] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const VERDICT_STATUSES = [
  "confirmed",
  "refuted",
  "conditional",
  "inconclusive",
  "not-run",
  "untestable",
] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** What the toolkit's own expected outcome of an evidence item says about the claim. */
export const EVIDENCE_ROLES = ["confirms", "refutes", "qualifies", "context"] as const;
export type EvidenceRole = (typeof EVIDENCE_ROLES)[number];

export const AUDIT_PROFILES = ["quick", "standard", "full"] as const;

const text = z.string().trim().min(1);
const sentence = z.string().trim().min(10);

/** A place in a design document: the heading of its section and the lines the claim rests on. */
export const sectionRefSchema = z.strictObject({
  heading: text.describe("a heading of the document, without the leading #'s"),
  lines: z
    .tuple([z.int().min(1), z.int().min(1)])
    .refine(([a, b]) => a <= b, "the range must not end before it starts")
    .describe("first and last line (1-based, inclusive); inside the heading's section"),
});
export type SectionRef = z.infer<typeof sectionRefSchema>;

/** Arithmetic as data: a number, or [operator, ...operands]. */
export type Expr = number | readonly [string, ...Expr[]];
export const EXPR_OPERATORS = ["+", "-", "*", "/", "log2", "ln", "sqrt", "min", "max"] as const;
export const exprSchema: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.number().refine(Number.isFinite, "must be finite"),
    z.tuple(
      [z.enum(EXPR_OPERATORS)],
      z.lazy(() => exprSchema),
    ),
  ]),
) as z.ZodType<Expr>;

const role = z.enum(EVIDENCE_ROLES);
const note = z.string().trim().min(1).optional();
const specSection = z
  .string()
  .regex(/^\d+(\.\d+)*$/, "a SPEC.md section number such as 13.1")
  .describe("a section number of spec/SPEC.md");

/** The per-seed metrics a scenario's decision rule may use (src/audit/seed-runs.ts). */
export const SCENARIO_METRICS = [
  "settleMs",
  "settleRounds",
  "messagesToSettle",
  "messages",
  "referenceGap",
  "lagRate",
  "controlLagged",
  "capacityUsage",
  "duplicateRate",
  "stampMeanBytes",
  "stampMaxBytes",
  "roundStatesPerRound",
  "dedupRelief",
  "worstLaneP50Ms",
  "worstLaneP99Ms",
  // Runs with need changes (scenario `needChanges`, src/engine/sim/need-changes.ts): per-seed
  // percentiles of the latency from a change to its publication and to the changed node seeing
  // an allocation that took it into account (a change never seen counts as +∞), and the message
  // rate over the change window (peak per second, peak over mean).
  "changeToPublishP50Ms",
  "changeToPublishP90Ms",
  "changeToPublishMaxMs",
  "changeToVisibleP50Ms",
  "changeToVisibleP90Ms",
  "changeToVisibleMaxMs",
  "peakRate",
  "peakToMeanRate",
] as const;
export type ScenarioMetric = (typeof SCENARIO_METRICS)[number];

/**
 * A scenario's decision rule: "the median of `metric` over the seeds `op` `value`", decided by
 * the median's order-statistic interval (all of it on one side of the threshold, or
 * inconclusive). When it holds, the evidence plays its role (a `refutes` item refutes the claim).
 */
export const measureSchema = z.strictObject({
  metric: z.enum(SCENARIO_METRICS),
  op: z.enum([">", ">=", "<", "<="]),
  value: z.number().refine(Number.isFinite, "must be finite"),
  run: text.optional().describe("the run of a suite the rule is about (default: every run)"),
});
export type Measure = z.infer<typeof measureSchema>;

export const evidenceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("invariant"),
    id: z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z]+)*-\d+$/, "an invariant ID such as STAT-2"),
    role,
    note,
  }),
  z.strictObject({ kind: z.literal("model"), model: text, config: text, role, note }),
  z.strictObject({
    kind: z.literal("scenario"),
    name: text,
    role,
    note,
    measure: measureSchema.optional(),
    variant: z
      .enum(["documents"])
      .optional()
      .describe(
        "documents: the design documents' protocol instead of the toolkit's (λ = 1, damping on, V1 all-to-all; src/audit/variants.ts)",
      ),
    set: z
      .record(
        z.string().regex(/^[A-Za-z_]\w*(\.\w+)*$/, "a dotted path such as nodes.count"),
        z.union([z.number().refine(Number.isFinite, "must be finite"), z.string(), z.boolean()]),
      )
      .optional()
      .describe("scenario fields set in every run, for both variants (as `simulate --sweep`)"),
    runs: z
      .array(text)
      .min(1)
      .optional()
      .describe(
        "the runs of a suite to simulate, by name (default: every run): e.g. only its V1 run where the V2 run would cost more than it tells",
      ),
  }),
  z.strictObject({
    kind: z.literal("finding"),
    section: specSection,
    item: z.int().min(1).optional(),
    role,
    note,
  }),
  z.strictObject({ kind: z.literal("section"), section: specSection, role, note }),
  z
    .strictObject({
      kind: z.literal("results"),
      heading: text.describe("a heading of bench/RESULTS.md, without the leading #'s"),
      role,
      note: text,
    })
    .describe("a recorded benchmark: in the repository, not in the published package"),
  z
    .strictObject({
      kind: z.literal("sweep"),
      stat: z.string().regex(/^STAT-\d+$/, "a statistical claim such as STAT-2"),
      parameter: text.describe("a parameter of `commons-spec stats` (noise, epsilon, rounds, …)"),
      values: z.array(z.union([z.number().refine(Number.isFinite, "must be finite"), text])).min(2),
      set: z
        .record(z.string(), z.union([z.number().refine(Number.isFinite, "must be finite"), text]))
        .optional()
        .describe("parameters fixed at every point (as `stats --set`)"),
      profile: z
        .enum(["standard", "full"])
        .optional()
        .describe(
          "the smallest audit profile that runs this sweep (default: every profile); a smaller one lists it as not run with its estimated cost",
        ),
      role,
      note,
    })
    .describe(
      "a statistical claim's SPRT at every value of one parameter the toolkit chose: where it is accepted the claim holds there, where it is rejected it fails there",
    ),
  z.strictObject({
    kind: z.literal("calculation"),
    expr: exprSchema,
    equals: z.number().refine(Number.isFinite, "must be finite"),
    tolerance: z.number().min(0).optional(),
    role,
    note: text,
  }),
]);
export type Evidence = z.infer<typeof evidenceSchema>;

export const expectedVerdictSchema = z.strictObject({
  status: z.enum(VERDICT_STATUSES),
  reason: sentence,
  condition: text.optional().describe("when status is conditional: where it holds and fails"),
  scope: text.optional().describe("the only settings the evidence covers (seeds, parameters)"),
  measured: text.optional().describe("what the existing evidence measured, with its figures"),
});
export type ExpectedVerdict = z.infer<typeof expectedVerdictSchema>;

export const claimSchema = z.strictObject({
  id: z.string().regex(/^S\d-\d+$/, "an id such as S0-8 (document prefix, number)"),
  document: text,
  section: sectionRefSchema,
  alsoAt: z.array(sectionRefSchema).optional(),
  statement: sentence.describe("the claim in our own words, with its figures"),
  claimed: text.optional().describe("the figure(s) as claimed, in short"),
  kind: z.enum(CLAIM_KINDS),
  decision: z
    .strictObject({ metric: text, method: text, rule: text })
    .optional()
    .describe("what would confirm or refute it; absent only for untestable claims"),
  asWritten: z.boolean().describe("whether the toolkit's evidence tests the claim as written"),
  deviations: z.array(text),
  evidence: z.array(evidenceSchema),
  planned: z
    .strictObject({ method: sentence, profile: z.enum(AUDIT_PROFILES).optional() })
    .optional(),
  untestable: sentence.optional().describe("why the claim cannot be tested (kind untestable)"),
  expectedVerdict: expectedVerdictSchema,
});
export type Claim = z.infer<typeof claimSchema>;

export const documentSchema = z.strictObject({
  id: z.string().regex(/^S\d$/),
  file: z.string().regex(/^[\w.-]+\.txt$/, "a file name in the seeds directory"),
  about: sentence.describe("what the document is, in our words"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  lines: z.int().min(1),
});
export type DesignDocument = z.infer<typeof documentSchema>;

function claimNumber(id: string): [number, number] {
  const m = /^S(\d)-(\d+)$/.exec(id);
  return m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
}

/** The rules one claim must satisfy beyond its field types. */
function claimProblems(c: Claim): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const untestableKind = c.kind === "untestable";
  const untestableVerdict = c.expectedVerdict.status === "untestable";
  if (untestableKind !== untestableVerdict)
    out.push({
      path: ["expectedVerdict", "status"],
      message: "kind untestable and verdict untestable go together",
    });
  if (untestableKind !== (c.untestable !== undefined))
    out.push({
      path: ["untestable"],
      message: untestableKind
        ? "an untestable claim states why (untestable)"
        : "only an untestable claim has an untestable reason",
    });
  if (!untestableKind && c.decision === undefined)
    out.push({ path: ["decision"], message: "a testable claim states what would decide it" });
  c.evidence.forEach((e, i) => {
    if (e.kind === "sweep" && e.role !== "confirms" && e.role !== "qualifies")
      out.push({
        path: ["evidence", i, "role"],
        message: "a sweep confirms (the claim holds where the SPRT accepts) or qualifies",
      });
  });
  if (c.asWritten && c.deviations.length > 0)
    out.push({ path: ["deviations"], message: "a claim tested as written has no deviations" });
  if (!c.asWritten && !untestableKind && c.evidence.length > 0 && c.deviations.length === 0)
    out.push({
      path: ["deviations"],
      message: "evidence that does not test the claim as written lists its deviations",
    });
  if (c.asWritten && c.evidence.length === 0)
    out.push({ path: ["asWritten"], message: "nothing tests the claim yet (no evidence)" });
  if (c.evidence.length === 0 && !untestableKind && c.planned === undefined)
    out.push({ path: ["planned"], message: "a claim without evidence states a planned method" });
  const status = c.expectedVerdict.status;
  if (status === "not-run" && c.planned === undefined)
    out.push({ path: ["planned"], message: "a claim not run yet states a planned method" });
  if (
    (status === "confirmed" || status === "refuted" || status === "conditional") &&
    c.evidence.length === 0
  )
    out.push({ path: ["expectedVerdict", "status"], message: `${status} needs evidence` });
  const roles = new Set(c.evidence.map((e) => e.role));
  if (status === "refuted" && !roles.has("refutes"))
    out.push({
      path: ["expectedVerdict", "status"],
      message: "a refuted claim cites evidence that refutes it",
    });
  if (status === "confirmed" && (!roles.has("confirms") || roles.has("refutes")))
    out.push({
      path: ["expectedVerdict", "status"],
      message: "a confirmed claim cites evidence that confirms it and none that refutes it",
    });
  if (status === "conditional" && c.expectedVerdict.condition === undefined)
    out.push({
      path: ["expectedVerdict", "condition"],
      message: "a conditional verdict states its condition",
    });
  if (status !== "conditional" && c.expectedVerdict.condition !== undefined)
    out.push({
      path: ["expectedVerdict", "condition"],
      message: "only a conditional verdict has a condition (use scope)",
    });
  return out;
}

export const claimsCatalogueSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1),
    documents: z.array(documentSchema).min(1),
    claims: z.array(claimSchema).min(1),
  })
  .superRefine((cat, ctx) => {
    const docs = new Map<string, DesignDocument>();
    cat.documents.forEach((d, i) => {
      if (docs.has(d.id))
        ctx.addIssue({ code: "custom", path: ["documents", i, "id"], message: "duplicate id" });
      docs.set(d.id, d);
    });
    const seen = new Set<string>();
    let previous: [number, number] = [-1, 0];
    cat.claims.forEach((c, i) => {
      const at = (p: (string | number)[]) => ["claims", i, ...p];
      if (seen.has(c.id))
        ctx.addIssue({ code: "custom", path: at(["id"]), message: `duplicate id ${c.id}` });
      seen.add(c.id);
      const n = claimNumber(c.id);
      if (n[0] < previous[0] || (n[0] === previous[0] && n[1] <= previous[1]))
        ctx.addIssue({
          code: "custom",
          path: at(["id"]),
          message: `claims are listed in id order: ${c.id} after S${previous[0]}-${previous[1]}`,
        });
      previous = n;
      const doc = docs.get(c.id.split("-")[0] ?? "");
      if (doc === undefined)
        ctx.addIssue({ code: "custom", path: at(["id"]), message: "no document with its prefix" });
      else if (doc.file !== c.document)
        ctx.addIssue({
          code: "custom",
          path: at(["document"]),
          message: `${c.id} belongs to ${doc.file}`,
        });
      else
        for (const [k, ref] of [c.section, ...(c.alsoAt ?? [])].entries())
          if (ref.lines[1] > doc.lines)
            ctx.addIssue({
              code: "custom",
              path: at(k === 0 ? ["section", "lines"] : ["alsoAt", k - 1, "lines"]),
              message: `past the end of ${doc.file} (${doc.lines} lines)`,
            });
      for (const p of claimProblems(c))
        ctx.addIssue({ code: "custom", path: at(p.path), message: p.message });
    });
  });
export type ClaimsCatalogue = z.infer<typeof claimsCatalogueSchema>;

/** A claims file that does not parse or does not match the schema: what is wrong and where. */
export class ClaimsError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
    this.name = "ClaimsError";
  }
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out === "" ? "(root)" : out;
}

/** Validates a parsed claims document; throws ClaimsError listing every offending path. */
export function parseClaims(value: unknown, where = "claims"): ClaimsCatalogue {
  const r = claimsCatalogueSchema.safeParse(value);
  if (r.success) return r.data;
  const claims = (value as { claims?: unknown } | null)?.claims;
  const issues = r.error.issues.map((i) => {
    // Name the claim by its id as well as its index: "claims[7] (S0-8).kind".
    let path = formatIssuePath(i.path);
    if (i.path[0] === "claims" && typeof i.path[1] === "number" && Array.isArray(claims)) {
      const id = (claims[i.path[1]] as { id?: unknown } | undefined)?.id;
      if (typeof id === "string")
        path = path.replace(`claims[${i.path[1]}]`, `claims[${i.path[1]}] (${id})`);
    }
    return `${path}: ${i.message}`;
  });
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  throw new ClaimsError(`${where}: ${issues[0] ?? "invalid"}${more}`, issues);
}

/** The package's root: the nearest directory above this module that holds spec/claims.json. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "spec", "claims.json")) && existsSync(join(dir, "package.json")))
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new ClaimsError(`no spec/claims.json above ${from}`);
    dir = up;
  }
}

/** Where the catalogue ships: spec/claims.json of the package. */
export function defaultClaimsPath(): string {
  return join(packageRoot(), "spec", "claims.json");
}

/** Reads and validates a claims catalogue (by default the package's spec/claims.json). */
export function loadClaims(path: string = defaultClaimsPath()): ClaimsCatalogue {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch {
    throw new ClaimsError(`${path}: cannot be read`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new ClaimsError(`${path}: not JSON (${(e as Error).message})`);
  }
  return parseClaims(value, path);
}

/** The JSON Schema (draft 2020-12) of the catalogue, as spec/claims.schema.json holds it. */
export function claimsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(claimsCatalogueSchema, { target: "draft-2020-12", io: "input" });
}
