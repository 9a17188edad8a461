/**
 * The evidence a claim names, resolved against what this repository ships: invariant IDs of
 * spec/SPEC.md (and whether `commons-spec check` runs them), model configurations of
 * models/registry.ts with their recorded results, built-in simulator scenarios, SPEC.md sections and
 * findings, recorded benchmarks of bench/RESULTS.md (in the repository only), and recomputed
 * arithmetic. A reference that does not resolve is a problem of the
 * catalogue; so is a finding, a STAT/DYN invariant or a must-fail model configuration that no
 * claim cites (every existing finding must be mapped to the claims it bears on).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE as MODELS } from "../../models/registry.js";
import { referenceCatalog } from "../../properties/catalog.js";
import { STAT_CLAIM } from "../../properties/convergence-stats.js";
import type { ExpectedResult } from "../engine/checker/expected.js";
import { BUILTIN_SCENARIOS, builtinScenario } from "../engine/sim/builtins.js";
import { parseScenarioDocument } from "../engine/sim/scenario.js";
import { agrees, evaluate, show } from "./calculation.js";
import type { ClaimsCatalogue, Evidence, EvidenceRole } from "./claims.js";
import { packageRoot } from "./claims.js";
import { factorHeading, LAW_HEADING, SPEED_FACTORS } from "./per-round-speed.js";
import { SCALING_TOLERANCE_HEADINGS, TOLERANCE_HEADINGS } from "./failure-tolerance.js";
import { findingLabel, indexSpec, type SpecIndex } from "./spec-index.js";
import { applyStatParams, statParamName, type StatParamValue } from "./stat-params.js";
import { statsCommand, statSpec } from "./stat-sweep.js";
import { protocolsOf, scenarioVariant, selectRuns, variantSummary } from "./variants.js";

/** A model configuration as the audit needs it: its recorded result. */
export interface ModelConfigFacts {
  readonly expected: ExpectedResult;
  readonly mustFail: boolean;
}

/** What evidence may refer to. Built from the repository by `repositoryContext()`. */
export interface EvidenceContext {
  readonly spec: SpecIndex;
  /** IDs that `commons-spec check` runs (the property catalogue). */
  readonly propertyIds: ReadonlySet<string>;
  readonly models: ReadonlyMap<string, ReadonlyMap<string, ModelConfigFacts>>;
  readonly scenarios: ReadonlySet<string>;
  /**
   * Headings of bench/RESULTS.md, when the repository is at hand (bench/ is not in the published
   * package: there, `results` evidence is listed without being verified).
   */
  readonly resultsHeadings?: ReadonlySet<string>;
}

/**
 * Headings of bench/RESULTS.md whose deterministic part the audit re-runs from the package (the
 * timings stay benchmarks): the ITC stamp sizes and the slot-matching candidate counts.
 */
export const PACKAGED_RESULTS: Readonly<Record<string, string>> = {
  "ITC operations per second and encoded stamp sizes":
    "the audit re-runs the stamp sizes over N and seeds (src/audit/itc-sizes.ts); timings stay a benchmark",
  "Slot matching: 100 availability slots × 100 000 need slots":
    "the audit re-runs exactness and the fraction of pairs checked over sizes and seeds (src/audit/slot-matching.ts); timings stay a benchmark",
  "ITC stamps under turnover: graceful leaves":
    "the audit re-runs the turnover experiment over seeds (src/audit/itc-turnover.ts)",
  "ITC stamps under turnover: silent leavers":
    "the audit re-runs the turnover experiment over seeds (src/audit/itc-turnover.ts)",
  [TOLERANCE_HEADINGS.crashes]:
    "the audit re-runs P2P runs with provider and recipient crashes against failure-free runs over seeds (src/audit/failure-tolerance.ts)",
  [TOLERANCE_HEADINGS.joins]:
    "the audit re-runs P2P runs with newcomers against failure-free runs over seeds (src/audit/failure-tolerance.ts)",
  [SCALING_TOLERANCE_HEADINGS.crashes]:
    "the audit re-runs P2P runs at n = 100 and 1 000 with 20 % of the nodes crashing, over seeds (src/audit/failure-tolerance.ts)",
  [SCALING_TOLERANCE_HEADINGS.joins]:
    "the audit re-runs P2P runs at n = 100 and 1 000 with 10 % of n joining, over seeds (src/audit/failure-tolerance.ts)",
  [LAW_HEADING]:
    "the audit re-runs rounds to ε over topologies and n in the per-round setting (src/audit/per-round-speed.ts)",
  ...Object.fromEntries(
    SPEED_FACTORS.map((f) => [
      factorHeading(f),
      `the audit re-runs rounds to ε over ${f.label} in the per-round setting (src/audit/per-round-speed.ts)`,
    ]),
  ),
  "V2 messages to settle against n":
    "the audit re-runs V2 at each n over seeds and fits the exponent (src/audit/scaling-experiments.ts)",
  "ITC leq and join cost on stamps from V2 runs":
    "the audit re-runs V2 at each n over seeds and counts leq and join visits on its stamps (src/audit/scaling-experiments.ts)",
  "V1 cost per round against n (all-to-all)":
    "the audit re-runs the documents' all-to-all V1 at each n over seeds (src/audit/scaling-experiments.ts)",
  "V1 convergence within 60 rounds against n (neighbour gossip)":
    "the audit re-runs V1 at each n over seeds (src/audit/scaling-experiments.ts)",
};

/** SPEC sections whose findings carry no **Finding** marker but must still be mapped. */
export const UNMARKED_FINDING_SECTIONS: readonly string[] = ["5.5", "6.5"];

export function repositoryContext(root: string = packageRoot()): EvidenceContext {
  const models = new Map<string, Map<string, ModelConfigFacts>>();
  for (const [name, m] of Object.entries(MODELS)) {
    const configs = new Map<string, ModelConfigFacts>();
    for (const [c, entry] of Object.entries(m.configs))
      configs.set(c, { expected: entry.expected, mustFail: entry.mustFail === true });
    models.set(name, configs);
  }
  const results = join(root, "bench", "RESULTS.md");
  const resultsHeadings = existsSync(results)
    ? new Set(
        readFileSync(results, "utf8")
          .split("\n")
          .flatMap((l) => /^#{1,6} (.+?)\s*$/.exec(l)?.slice(1, 2) ?? []),
      )
    : undefined;
  return {
    ...(resultsHeadings === undefined ? {} : { resultsHeadings }),
    spec: indexSpec(readFileSync(join(root, "spec", "SPEC.md"), "utf8")),
    propertyIds: new Set(referenceCatalog().map((p) => p.id)),
    models,
    scenarios: new Set(BUILTIN_SCENARIOS.map((s) => s.name)),
  };
}

/** An evidence item as a reader sees it. */
export interface ResolvedEvidence {
  /** "STAT-2", "model DenominatorGossip/seed", "§13.1 finding 3", … */
  readonly label: string;
  readonly role: EvidenceRole;
  /** What the toolkit itself expects of this check (its own ✓), independent of the claim. */
  readonly toolkitExpects: string;
  /** The command that reproduces it from the installed package, when there is one. */
  readonly command?: string;
  /** Whether the published package can reproduce it (false: a vitest test of the repository). */
  readonly packaged: boolean;
  readonly note?: string;
}

function describeExpected(e: ExpectedResult): string {
  const states = e.distinctStates === undefined ? "" : `, ${e.distinctStates} states`;
  if (e.verdict === "ok") return `all properties hold${states}`;
  const cex =
    e.counterexampleStates === undefined ? "" : `, counterexample of ${e.counterexampleStates}`;
  return `${e.verdict}${e.property === undefined ? "" : ` of ${e.property}`}${cex}${states}`;
}

/** Resolves one evidence item; throws an Error naming what does not exist. */
export function resolveEvidence(e: Evidence, ctx: EvidenceContext): ResolvedEvidence {
  const base = { role: e.role, ...(e.note === undefined ? {} : { note: e.note }) };
  switch (e.kind) {
    case "invariant": {
      const inCatalogue = ctx.propertyIds.has(e.id);
      if (!inCatalogue && !ctx.spec.invariantIds.has(e.id))
        throw new Error(`unknown invariant ${e.id} (neither in SPEC.md's tables nor a property)`);
      return inCatalogue
        ? {
            ...base,
            label: e.id,
            toolkitExpects: "the property holds",
            command: `commons-spec check --only ${e.id}`,
            packaged: true,
          }
        : {
            ...base,
            label: e.id,
            toolkitExpects: "its test passes (a vitest test: not in the package)",
            packaged: false,
          };
    }
    case "model": {
      const configs = ctx.models.get(e.model);
      if (configs === undefined) throw new Error(`unknown model ${e.model}`);
      const facts = configs.get(e.config);
      if (facts === undefined) throw new Error(`model ${e.model} has no configuration ${e.config}`);
      return {
        ...base,
        label: `model ${e.model}/${e.config}`,
        toolkitExpects: `${facts.mustFail ? "must fail: " : ""}${describeExpected(facts.expected)}`,
        command: `commons-spec model ${e.model} --config ${e.config} --expect`,
        packaged: true,
      };
    }
    case "scenario": {
      if (!ctx.scenarios.has(e.name)) throw new Error(`unknown built-in scenario ${e.name}`);
      if (e.variant === undefined && e.set === undefined && e.runs === undefined)
        return {
          ...base,
          label: `scenario ${e.name}`,
          toolkitExpects: "a deterministic simulation (its summary and safety checks)",
          command: `commons-spec simulate ${e.name}`,
          packaged: true,
        };
      const b = builtinScenario(e.name);
      if (b === undefined) throw new Error(`unknown built-in scenario ${e.name}`);
      const v = scenarioVariant(b.document, e.variant, e.set);
      const parsed = parseScenarioDocument(v.document, e.name);
      if (!parsed.ok)
        throw new Error(
          `scenario ${e.name}${e.variant === undefined ? "" : ` (${e.variant}' variant)`}: ${parsed.errors.join("; ")}`,
        );
      selectRuns(parsed.runs, e.runs, e.name);
      const set = Object.entries(e.set ?? {})
        .map(([k, x]) => `${k} = ${String(x)}`)
        .join(", ");
      const what = [
        e.variant === "documents"
          ? `the documents' protocol: ${variantSummary(protocolsOf(b.document))}`
          : "the toolkit's protocol",
        ...(set === "" ? [] : [set]),
        ...(e.runs === undefined ? [] : [`run ${e.runs.join(", ")} only`]),
      ].join("; ");
      return {
        ...base,
        label: `scenario ${e.name} (${what})`,
        toolkitExpects: "a deterministic simulation (its summary and safety checks)",
        command: `commons-spec audit --only <claim>`,
        packaged: true,
      };
    }
    case "finding": {
      const sectionFindings = ctx.spec.findings.filter((f) => f.section === e.section);
      if (sectionFindings.length === 0)
        throw new Error(`SPEC.md §${e.section} has no finding (no **Finding** paragraph)`);
      const numbered = sectionFindings.some((f) => f.item !== undefined);
      if (numbered && e.item === undefined)
        throw new Error(`SPEC.md §${e.section}'s findings are numbered: name the item`);
      if (e.item !== undefined && !sectionFindings.some((f) => f.item === e.item))
        throw new Error(`SPEC.md §${e.section} has no finding ${e.item}`);
      return {
        ...base,
        label: findingLabel(e),
        toolkitExpects: "a finding stated in SPEC.md",
        packaged: true,
      };
    }
    case "section": {
      if (!ctx.spec.sections.has(e.section)) throw new Error(`SPEC.md has no section ${e.section}`);
      return {
        ...base,
        label: `SPEC.md §${e.section}`,
        toolkitExpects: "a section of SPEC.md",
        packaged: true,
      };
    }
    case "results": {
      if (ctx.resultsHeadings !== undefined && !ctx.resultsHeadings.has(e.heading))
        throw new Error(`bench/RESULTS.md has no heading "${e.heading}"`);
      const packagedPart = PACKAGED_RESULTS[e.heading];
      return {
        ...base,
        label: `bench/RESULTS.md "${e.heading}"`,
        toolkitExpects:
          packagedPart === undefined
            ? "a recorded benchmark (bench/ is not in the package)"
            : `a recorded benchmark; ${packagedPart}`,
        ...(packagedPart === undefined ? {} : { command: "commons-spec audit --only <claim>" }),
        packaged: packagedPart !== undefined,
      };
    }
    case "sweep": {
      const spec = statSpec(e.stat);
      if (spec === undefined) throw new Error(`unknown statistical claim ${e.stat}`);
      const set = Object.entries(e.set ?? {}) as [string, StatParamValue][];
      // Every point must be a valid setting (throws naming the parameter).
      const parameter = statParamName(e.parameter);
      for (const v of e.values)
        applyStatParams({ setting: spec.setting, claim: STAT_CLAIM }, [...set, [parameter, v]]);
      return {
        ...base,
        label: sweepLabel(e),
        toolkitExpects: `${e.stat}'s SPRT at every ${parameter} swept (where it accepts, the claim holds there)`,
        command: sweepCommand(e, 1),
        packaged: true,
      };
    }
    case "calculation": {
      const value = evaluate(e.expr);
      if (!agrees(value, e.equals, e.tolerance))
        throw new Error(`${show(e.expr)} = ${value}, not ${e.equals}`);
      return {
        ...base,
        label: `${show(e.expr)} = ${Number(value.toPrecision(6))}`,
        toolkitExpects: "arithmetic, recomputed",
        packaged: true,
      };
    }
  }
}

/** A sweep item as a reader sees it: "STAT-2 over noise (0, 0.05, …, 0.3), rounds=20". */
export function sweepLabel(e: Extract<Evidence, { kind: "sweep" }>): string {
  const set = Object.entries(e.set ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(",");
  return `${e.stat} over ${e.parameter} (${e.values.map(String).join(", ")})${set === "" ? "" : `, ${set}`}`;
}

/** The `stats` command that runs a sweep item from a master seed. */
export function sweepCommand(e: Extract<Evidence, { kind: "sweep" }>, masterSeed: number): string {
  return `${statsCommand(e.stat, masterSeed, Object.entries(e.set ?? {}))} --sweep ${e.parameter}=${e.values.map(String).join(",")}`;
}

/** Every evidence item of the catalogue that does not resolve, as "S0-8 evidence[2]: …". */
export function unresolvedEvidence(cat: ClaimsCatalogue, ctx: EvidenceContext): string[] {
  const out: string[] = [];
  for (const c of cat.claims)
    c.evidence.forEach((e, i) => {
      try {
        resolveEvidence(e, ctx);
      } catch (err) {
        out.push(`${c.id} evidence[${i}]: ${(err as Error).message}`);
      }
    });
  return out;
}

/**
 * What exists but no claim cites: SPEC findings (and the unmarked finding sections), STAT-* and
 * DYN-* invariants, and model configurations that must fail.
 */
export function unmappedFindings(cat: ClaimsCatalogue, ctx: EvidenceContext): string[] {
  const cited = cat.claims.flatMap((c) => c.evidence);
  const out: string[] = [];
  for (const f of ctx.spec.findings)
    if (!cited.some((e) => e.kind === "finding" && e.section === f.section && e.item === f.item))
      out.push(`${findingLabel(f)} (SPEC.md line ${f.line}) is cited by no claim`);
  for (const s of UNMARKED_FINDING_SECTIONS)
    if (!cited.some((e) => (e.kind === "section" || e.kind === "finding") && e.section === s))
      out.push(`SPEC.md §${s} (findings without a marker) is cited by no claim`);
  for (const id of ctx.spec.invariantIds)
    if (/^(STAT|DYN)-/.test(id) && !cited.some((e) => e.kind === "invariant" && e.id === id))
      out.push(`${id} is cited by no claim`);
  for (const [model, configs] of ctx.models)
    for (const [config, facts] of configs)
      if (
        facts.mustFail &&
        !cited.some((e) => e.kind === "model" && e.model === model && e.config === config)
      )
        out.push(`must-fail configuration ${model}/${config} is cited by no claim`);
  return out;
}
