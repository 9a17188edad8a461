/**
 * The claims catalogue (spec/claims.json): every claim has its required fields and a known kind,
 * names only evidence that exists, and cites its section of a design document; every finding of
 * SPEC.md, every STAT/DYN invariant and every must-fail model configuration is mapped to a claim.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import {
  ClaimsError,
  claimsJsonSchema,
  loadClaims,
  packageRoot,
  parseClaims,
  type Claim,
  type ClaimsCatalogue,
  type Evidence,
} from "../../src/audit/claims.js";
import {
  checkDocuments,
  findSeedsDirectory,
  headingsOf,
  lineCount,
  sectionProblem,
  SEEDS_ENV,
} from "../../src/audit/documents.js";
import {
  repositoryContext,
  resolveEvidence,
  unmappedFindings,
  unresolvedEvidence,
} from "../../src/audit/evidence.js";
import { indexSpec } from "../../src/audit/spec-index.js";

const root = packageRoot();
const raw = JSON.parse(readFileSync(`${root}/spec/claims.json`, "utf8")) as {
  claims: Record<string, unknown>[];
} & Record<string, unknown>;
const catalogue = loadClaims();
const ctx = repositoryContext();

/** A deep copy of the catalogue's raw JSON, changed by `edit`. */
function edited(edit: (doc: typeof raw) => void): unknown {
  const copy = structuredClone(raw);
  edit(copy);
  return copy;
}

function claimIndex(id: string): number {
  const i = raw.claims.findIndex((c) => c.id === id);
  if (i < 0) throw new Error(`no claim ${id}`);
  return i;
}

function issuesOf(value: unknown): string[] {
  try {
    parseClaims(value);
  } catch (e) {
    expect(e).toBeInstanceOf(ClaimsError);
    return [...(e as ClaimsError).issues];
  }
  return [];
}

function withEvidence(id: string, evidence: Evidence[]): ClaimsCatalogue {
  return {
    ...catalogue,
    claims: catalogue.claims.map((c): Claim => (c.id === id ? { ...c, evidence } : c)),
  };
}

describe("spec/claims.json", () => {
  it("validates, with claims from every design document", () => {
    expect(catalogue.claims.length).toBeGreaterThanOrEqual(80);
    for (const d of catalogue.documents)
      expect(catalogue.claims.filter((c) => c.document === d.file).length).toBeGreaterThan(0);
  });

  it("spec/claims.schema.json is the JSON Schema export of the zod schema, and accepts the catalogue", () => {
    const file = JSON.parse(readFileSync(`${root}/spec/claims.schema.json`, "utf8")) as unknown;
    // Regenerate with: commons-spec audit --schema > spec/claims.schema.json
    expect(file).toEqual(claimsJsonSchema());
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(file as object);
    expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
  });

  it("README states the catalogue's counts", () => {
    const readme = readFileSync(`${root}/README.md`, "utf8").replace(/\s+/g, " ");
    const n = (f: (c: Claim) => boolean) => catalogue.claims.filter(f).length;
    const perDoc = catalogue.documents
      .map(
        (d) =>
          `${n((c) => c.document === d.file)} in ${d.id === "S0" ? "seed " : ""}${d.file.slice(0, 3)}`,
      )
      .join(", ");
    expect(readme).toContain(`${catalogue.claims.length} claims: ${perDoc}`);
    const v = (s: string) => n((c) => c.expectedVerdict.status === s);
    expect(readme).toContain(
      `${v("confirmed")} confirmed, ${v("refuted")} refuted, ${v("conditional")} conditional, ${v("inconclusive")} inconclusive, ${v("not-run")} not run, ${v("untestable")} untestable`,
    );
  });

  it("names only evidence that exists (SPEC IDs, model configurations, scenarios, findings, benchmarks, arithmetic)", () => {
    expect(unresolvedEvidence(catalogue, ctx)).toEqual([]);
  });

  it("maps every SPEC finding, STAT and DYN invariant and must-fail model configuration to a claim", () => {
    expect(unmappedFindings(catalogue, ctx)).toEqual([]);
  });
});

describe("the schema rejects a broken catalogue, naming the claim and field", () => {
  it.each([
    [
      "a missing statement",
      (d: typeof raw) => delete d.claims[0]?.statement,
      /\(S0-1\)\.statement/,
    ],
    [
      "an unknown kind",
      (d: typeof raw) => {
        (d.claims[0] as Record<string, unknown>).kind = "vibes";
      },
      /\(S0-1\)\.kind/,
    ],
    [
      "an unknown field",
      (d: typeof raw) => {
        (d.claims[0] as Record<string, unknown>).colour = "red";
      },
      /\(S0-1\).*colour/,
    ],
    [
      "a missing expected verdict",
      (d: typeof raw) => delete d.claims[3]?.expectedVerdict,
      /\(S0-4\)\.expectedVerdict/,
    ],
    [
      "a duplicate id",
      (d: typeof raw) => {
        (d.claims[1] as Record<string, unknown>).id = "S0-1";
      },
      /duplicate id S0-1/,
    ],
    [
      "an id of another document",
      (d: typeof raw) => {
        (d.claims[0] as Record<string, unknown>).document = "001_02ded93e01b659d5.txt";
      },
      /S0-1 belongs to 000_/,
    ],
    [
      "a line range past the end of the document",
      (d: typeof raw) => {
        (d.claims[0] as { section: { lines: number[] } }).section.lines = [3, 5000];
      },
      /past the end of 000_/,
    ],
    [
      "a conditional verdict without its condition",
      (d: typeof raw) => {
        const v = d.claims[claimIndex("S0-28")]?.expectedVerdict as Record<string, unknown>;
        delete v.condition;
      },
      /\(S0-28\)\.expectedVerdict\.condition/,
    ],
    [
      "an untestable claim without its reason",
      (d: typeof raw) => delete d.claims[claimIndex("S0-23")]?.untestable,
      /\(S0-23\)\.untestable/,
    ],
    [
      "deviations on a claim tested as written",
      (d: typeof raw) => {
        (d.claims[claimIndex("S0-4")] as Record<string, unknown>).deviations = ["x"];
      },
      /\(S0-4\)\.deviations/,
    ],
    [
      "evidence that does not test as written, without deviations",
      (d: typeof raw) => {
        (d.claims[claimIndex("S0-6")] as Record<string, unknown>).deviations = [];
      },
      /\(S0-6\)\.deviations/,
    ],
    [
      "no evidence and no planned method",
      // No claim is plan-only any more: S0-37 (which has no planned method) loses its evidence.
      (d: typeof raw) => {
        (d.claims[claimIndex("S0-37")] as Record<string, unknown>).evidence = [];
      },
      /\(S0-37\)\.planned/,
    ],
    [
      "a refuted verdict without refuting evidence",
      (d: typeof raw) => {
        const c = d.claims[claimIndex("S0-9")] as { evidence: { role: string }[] };
        for (const e of c.evidence) e.role = "context";
      },
      /\(S0-9\)\.expectedVerdict\.status: a refuted claim/,
    ],
    [
      "an unknown evidence kind",
      (d: typeof raw) => {
        (d.claims[0] as { evidence: unknown[] }).evidence.push({ kind: "hunch", role: "confirms" });
      },
      /\(S0-1\)\.evidence\[5\]/,
    ],
  ])("%s", (_what, edit, message) => {
    const issues = issuesOf(edited(edit));
    expect(issues.join("\n")).toMatch(message);
  });

  it("claims are listed in id order", () => {
    const issues = issuesOf(
      edited((d) => {
        const [a, b] = [d.claims[0], d.claims[1]];
        if (a && b) [d.claims[0], d.claims[1]] = [b, a];
      }),
    );
    expect(issues.join("\n")).toMatch(/in id order: S0-1 after S0-2/);
  });
});

describe("evidence that does not exist is reported", () => {
  it.each<[string, Evidence, RegExp]>([
    ["an unknown invariant", { kind: "invariant", id: "NOPE-1", role: "confirms" }, /NOPE-1/],
    [
      "an unknown model",
      { kind: "model", model: "Nope", config: "x", role: "confirms" },
      /unknown model Nope/,
    ],
    [
      "an unknown configuration",
      { kind: "model", model: "Router", config: "nope", role: "confirms" },
      /Router has no configuration nope/,
    ],
    [
      "an unknown scenario",
      { kind: "scenario", name: "nope", role: "confirms" },
      /unknown built-in scenario nope/,
    ],
    [
      "a section without findings",
      { kind: "finding", section: "7", role: "confirms" },
      /§7 has no finding/,
    ],
    [
      "a numbered finding without its item",
      { kind: "finding", section: "13.1", role: "confirms" },
      /name the item/,
    ],
    [
      "a finding item that does not exist",
      { kind: "finding", section: "13.1", item: 99, role: "confirms" },
      /no finding 99/,
    ],
    [
      "a SPEC section that does not exist",
      { kind: "section", section: "99.9", role: "confirms" },
      /no section 99\.9/,
    ],
    [
      "a benchmark heading that does not exist",
      { kind: "results", heading: "Nope", role: "confirms", note: "n" },
      /no heading "Nope"/,
    ],
    [
      "arithmetic that does not come out",
      { kind: "calculation", expr: ["*", 600, 16], equals: 30000, role: "refutes", note: "n" },
      /600 × 16 = 9600, not 30000/,
    ],
  ])("%s", (_what, e, message) => {
    expect(() => resolveEvidence(e, ctx)).toThrow(message);
    expect(unresolvedEvidence(withEvidence("S0-1", [e]), ctx).join("\n")).toMatch(
      new RegExp(`S0-1 evidence\\[0\\]: .*${message.source}`),
    );
  });

  it("resolves what exists, with the command that reproduces it", () => {
    expect(
      resolveEvidence({ kind: "invariant", id: "STAT-2", role: "refutes" }, ctx),
    ).toMatchObject({
      label: "STAT-2",
      command: "commons-spec check --only STAT-2",
      packaged: true,
    });
    expect(
      resolveEvidence({ kind: "invariant", id: "STAT-4", role: "refutes" }, ctx),
    ).toMatchObject({
      packaged: false,
    });
    expect(
      resolveEvidence(
        { kind: "model", model: "DenominatorGossip", config: "seed", role: "refutes" },
        ctx,
      ),
    ).toMatchObject({
      command: "commons-spec model DenominatorGossip --config seed --expect",
      toolkitExpects: expect.stringMatching(/^must fail: violation of NeverOverGrants/) as unknown,
    });
  });
});

describe("every existing finding must be mapped", () => {
  const without = (drop: (e: Evidence) => boolean): ClaimsCatalogue => ({
    ...catalogue,
    claims: catalogue.claims.map((c) => ({ ...c, evidence: c.evidence.filter((e) => !drop(e)) })),
  });

  it.each<[string, (e: Evidence) => boolean, RegExp]>([
    [
      "a STAT invariant",
      (e) => e.kind === "invariant" && e.id === "STAT-2",
      /STAT-2 is cited by no claim/,
    ],
    [
      "a DYN invariant",
      (e) => e.kind === "invariant" && e.id === "DYN-6",
      /DYN-6 is cited by no claim/,
    ],
    [
      "a must-fail configuration",
      (e) => e.kind === "model" && e.model === "V1Rounds" && e.config === "half",
      /V1Rounds\/half is cited by no claim/,
    ],
    [
      "a numbered finding",
      (e) => e.kind === "finding" && e.section === "12.2" && e.item === 5,
      /§12\.2 finding 5 .* is cited by no claim/,
    ],
    [
      "an unmarked finding section",
      (e) => e.kind === "section" && e.section === "6.5",
      /§6\.5 .* is cited by no claim/,
    ],
  ])("%s cited by no claim is reported", (_what, drop, message) => {
    expect(unmappedFindings(without(drop), ctx).join("\n")).toMatch(message);
  });
});

describe("SPEC.md's findings are read from its text", () => {
  it("finds marked findings and numbered items in SPEC.md", () => {
    const spec = ctx.spec;
    expect(spec.findings.filter((f) => f.section === "13.1").map((f) => f.item)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    const s3 = spec.findings.filter((f) => f.section === "3");
    expect(s3.map((f) => f.item)).toEqual([undefined]);
    expect(spec.invariantIds.has("STAT-4")).toBe(true);
  });

  it("parses sections, paragraphs and items of a made-up spec", () => {
    const text = [
      "## 1. One",
      "| X-1 | a | b |",
      "**Findings.** (1) first. (2) second.",
      "## 2. Two",
      "**Finding (example):** unnumbered.",
      "### 2.1 Sub",
      "**Findings.**",
      "",
      "1. a",
      "",
      "2. b",
      "| Y-2 | c | d |",
      "3. not part of the paragraph",
    ].join("\n");
    const ix = indexSpec(text);
    expect([...ix.sections.keys()]).toEqual(["1", "2", "2.1"]);
    expect([...ix.invariantIds]).toEqual(["X-1", "Y-2"]);
    expect(ix.findings.map((f) => [f.section, f.item ?? null])).toEqual([
      ["1", 1],
      ["1", 2],
      ["2", null],
      ["2.1", 1],
      ["2.1", 2],
    ]);
  });
});

describe("sections of the design documents", () => {
  // Made-up text in the documents' shape; nothing of the documents is copied here.
  const text = [
    "# Title", // 1
    "## Alpha", // 2
    "a", // 3
    "```", // 4
    "# not a heading inside a fence", // 5
    "```", // 6
    "### Beta", // 7
    "b", // 8
    "## Gamma", // 9
    "c", // 10
    "## Alpha", // 11
    "d", // 12
  ].join("\n");
  const headings = headingsOf(text);

  it("ignores fenced lines and counts lines", () => {
    expect(headings.map((h) => h.text)).toEqual(["Title", "Alpha", "Beta", "Gamma", "Alpha"]);
    expect(lineCount(`${text}\n`)).toBe(12);
    expect(lineCount(text)).toBe(12);
  });

  it.each<[string, [number, number], string | undefined]>([
    ["Alpha", [3, 8], undefined], // a level-2 section includes its level-3 subsections
    ["Beta", [8, 8], undefined],
    ["Alpha", [12, 12], undefined], // the second Alpha
    ["Alpha", [3, 10], "run past"],
    ["Beta", [3, 3], "come before"],
    ["Delta", [3, 3], 'no heading "Delta"'],
  ])("%s %j", (heading, lines, problem) => {
    const p = sectionProblem(headings, { heading, lines });
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(problem);
  });

  it("the seeds directory comes from the environment first", () => {
    expect(findSeedsDirectory("/nonexistent", { [SEEDS_ENV]: "/somewhere/seeds" })).toBe(
      "/somewhere/seeds",
    );
    expect(findSeedsDirectory("/nonexistent", {})).toBeUndefined();
  });

  const seeds = findSeedsDirectory(root);
  const title =
    seeds === undefined
      ? `every cited section lies in its document (SKIPPED: no design documents found; set ${SEEDS_ENV} to their directory)`
      : `every cited section lies in its document, and the documents are unchanged (${seeds})`;
  it.skipIf(seeds === undefined)(title, () => {
    const checks = checkDocuments(catalogue, seeds as string);
    expect(checks.flatMap((c) => c.problems)).toEqual([]);
  });

  it("reports a changed, missing or mis-cited document", () => {
    if (seeds === undefined) return; // needs the documents; covered by the skipped test's message
    const doc = catalogue.documents[0];
    if (doc === undefined) throw new Error("no document");
    const changed: ClaimsCatalogue = {
      ...catalogue,
      documents: [
        { ...doc, sha256: "0".repeat(64), lines: doc.lines + 1 },
        { ...doc, file: "nope.txt" },
      ],
      claims: catalogue.claims.map((c) =>
        c.id === "S0-1" ? { ...c, section: { heading: "Core Question", lines: [3, 60] } } : c,
      ),
    };
    const problems = checkDocuments(changed, seeds)
      .flatMap((c) => c.problems)
      .join("\n");
    expect(problems).toMatch(/has changed \(sha256/);
    expect(problems).toMatch(/lines, catalogue/);
    expect(problems).toMatch(/nope\.txt does not exist/);
    expect(problems).toMatch(/S0-1: lines 3–60 run past the section "Core Question"/);
  });
});
