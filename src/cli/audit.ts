/**
 * `commons-spec audit [--profile quick|standard|full] [--seeds K] [--seed S] [--only ID,…]
 * [--out DIR] [--format html,md,json] [--time-budget S] [--shard i/n | --jobs N]`: runs the evidence of every
 * selected claim of the design documents (spec/claims.json) and writes the ledger (ledger.json,
 * ledger.md, report.html, manifest.json, reproduce.sh, traces/, data/). `commons-spec audit merge DIR…
 * --out DIR` joins the ledgers of shards. `audit --list` lists the catalogue with its expected
 * verdicts without running anything; `audit --schema` prints the catalogue's JSON Schema.
 *
 * Exit codes: 0 every verdict is the one the catalogue expects (or the listing was printed);
 * 1 a verdict differs from the catalogue's expectation (evidence did not reproduce as recorded);
 * 2 bad usage, a claims file that does not validate, or an output that cannot be written;
 * 70 an internal error, among them a part of --jobs that crashed (named, with its claims and the
 * command that replays it).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import {
  AUDIT_PROFILES,
  ClaimsError,
  claimsJsonSchema,
  defaultClaimsPath,
  loadClaims,
  packageRoot,
  type Claim,
  type ClaimsCatalogue,
} from "../audit/claims.js";
import { costPlan, defaultJobs, type CostPlan } from "../audit/claim-costs.js";
import { sha256 } from "../audit/documents.js";
import { repositoryContext } from "../audit/evidence.js";
import {
  assembleUnits,
  checkSameAudit,
  LEDGER_VERSION,
  mergeLedgers,
  runLedger,
  selectClaims,
  selectWork,
  summarizeClaims,
  type Ledger,
  type LedgerClaim,
} from "../audit/ledger.js";
import { parseUnitJson, UNITS_DIR, unitFileProblem } from "../audit/claim-units.js";
import { listClaims, type ListedClaim, type Listing, type Tested } from "../audit/listing.js";
import {
  AUDIT_FORMATS,
  auditFiles,
  loadAverage,
  machineFacts,
  OutputError,
  readArtifacts,
  writeFilesAtomically,
  type AuditFormat,
} from "../audit/output.js";
import {
  ALLOCATION_COST_CLAIMS,
  ALLOCATION_COST_PLAN,
  measureAllocationCost,
} from "../audit/allocation-cost.js";
import { MIN_SEEDS, PROFILES, type AuditProfileName } from "../audit/profiles.js";
import { FIGURE_DATA_PREFIX } from "../audit/report/paths.js";
import type { ReportFacts } from "../audit/report/index.js";
import { workKey } from "../audit/runners.js";
import { replayStat } from "../audit/stat-replay.js";
import { DEBUG_ENV } from "./errors.js";
import { EXIT, UsageError, type CliIO } from "./io.js";

export interface AuditOptions {
  readonly list?: boolean;
  readonly json?: boolean;
  readonly schema?: boolean;
  readonly only?: string;
  readonly claims?: string;
  readonly profile?: AuditProfileName;
  readonly seeds?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly format?: string;
  readonly timeBudget?: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly run?: number;
  /**
   * Processes to run the claims in (parts as --shard makes them), merged into one ledger; 1 runs
   * in this process. Default: the cores, fewer for a cheap selection (`defaultJobs`).
   */
  readonly jobs?: number;
  /**
   * The command that runs one part with --jobs (default: this package's bin under this node);
   * tests run the sources instead of the build.
   */
  readonly childCommand?: readonly string[];
}

/** The default output directory of an audit run. */
export const DEFAULT_AUDIT_OUT = "audit-report";
/** The default seed of an audit run (properties, SPRT master seed, first simulation seed). */
export const DEFAULT_AUDIT_SEED = 1;

const TESTED: Record<Tested, string> = {
  "as-written": "tested as written",
  "with-deviations": "tested with deviations",
  "not-tested": "not tested yet",
  untestable: "untestable",
};

/**
 * Seconds for a reader: two decimals under 1 s, one under 10 s, whole seconds above, minutes from
 * 2 min on.
 */
function seconds(x: number): string {
  const s = x < 1 ? `${x.toFixed(2)} s` : x < 10 ? `${x.toFixed(1)} s` : `${Math.round(x)} s`;
  return x >= 120 ? `${s} (${(x / 60).toFixed(1)} min)` : s;
}

function formatClaim(c: ListedClaim, plan?: CostPlan): string {
  const v = c.expectedVerdict;
  const deviations = c.tested === "with-deviations" ? ` (${c.deviations.length})` : "";
  const lines = [
    `  ${c.id.padEnd(6)} ${c.kind} · ${TESTED[c.tested]}${deviations} · expected: ${v.status}` +
      `   [${c.section.heading}, lines ${c.section.lines[0]}–${c.section.lines[1]}]`,
    `         ${c.statement}`,
  ];
  if (c.claimed !== undefined) lines.push(`         claimed: ${c.claimed}`);
  if (c.evidence.length > 0)
    lines.push(
      `         evidence: ${c.evidence.map((e) => `${e.label} → ${e.role}${e.packaged ? "" : " (not in the package)"}`).join(" · ")}`,
    );
  lines.push(`         why: ${v.reason}`);
  if (v.condition !== undefined) lines.push(`         condition: ${v.condition}`);
  if (v.measured !== undefined) lines.push(`         measured: ${v.measured}`);
  if (v.scope !== undefined) lines.push(`         scope: ${v.scope}`);
  if (c.planned !== undefined) lines.push(`         planned: ${c.planned.method}`);
  const cost = plan?.claimSeconds[c.id];
  if (plan !== undefined && cost !== undefined)
    lines.push(`         cost: ≈ ${seconds(cost)} of CPU in the ${plan.profile} profile`);
  return lines.join("\n");
}

function counts(record: Readonly<Record<string, number>>): string {
  return Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(" · ");
}

/** The plan's last lines: the CPU in all, the parts and the estimated wall time. */
function formatPlan(
  plan: CostPlan,
  jobsGiven: boolean,
  cores: number,
  timeBudget?: number,
): string[] {
  const why = jobsGiven ? "--jobs" : `the default on ${cores} core${cores === 1 ? "" : "s"}`;
  return [
    `planned CPU in the ${plan.profile} profile: ≈ ${seconds(plan.totalSeconds)} in all`,
    `estimated wall time with ${plan.jobs} process${plan.jobs === 1 ? "" : "es"} (${why}): ≈ ${seconds(plan.wallSeconds)}` +
      (plan.jobs === 1
        ? ""
        : ` — the costliest part; parts ≈ ${plan.parts.map((p) => seconds(p.seconds)).join(", ")}`),
    ...splitLines(plan),
    ...(timeBudget !== undefined
      ? [
          `with --time-budget ${timeBudget} every claim runs whole (none is split into units); evidence not started within the budget is not run`,
        ]
      : []),
    "(planning figures measured on a 2-core VM: src/audit/claim-costs.ts, dist/src/audit/claim-costs.js when installed; a loaded machine takes longer)",
  ];
}

/** The claims a plan splits below the claim: how many units each, over how many parts. */
function splitLines(plan: CostPlan): string[] {
  const units = new Map<string, { units: number; parts: number }>();
  for (const p of plan.parts) {
    const mine = new Set<string>();
    for (const u of p.units) {
      const claim = u.slice(0, u.indexOf(":"));
      const x = units.get(claim) ?? { units: 0, parts: 0 };
      x.units++;
      if (!mine.has(claim)) x.parts++;
      mine.add(claim);
      units.set(claim, x);
    }
  }
  return [...units].map(
    ([claim, x]) =>
      `${claim} is split into ${x.units} units (one sweep at one seed each) over ${x.parts} part${x.parts === 1 ? "" : "s"}; the merge decides it from their runs`,
  );
}

export function formatListing(
  listing: Listing,
  source: string,
  plan?: {
    readonly plan: CostPlan;
    readonly jobsGiven: boolean;
    readonly cores: number;
    /** `--time-budget`: every claim stays whole. */
    readonly timeBudget?: number;
  },
): string {
  const out: string[] = [
    `commons-spec audit --list — ${listing.counts.claims} claims of ${listing.documents.length} design documents (${source})`,
    "Expected verdicts are about the design documents' claims and rest on the evidence already in this",
    "repository; an evidence item's role says what the toolkit's own expected outcome of that check",
    "means for the claim (STAT-2 holding refutes a claim of seed 000).",
  ];
  for (const doc of listing.documents) {
    const claims = listing.claims.filter((c) => c.document === doc.file);
    if (claims.length === 0) continue;
    out.push(
      "",
      `${doc.id}  ${doc.file} — ${claims.length} claim${claims.length === 1 ? "" : "s"}`,
    );
    for (const c of claims) out.push(formatClaim(c, plan?.plan));
  }
  const k = listing.counts;
  out.push(
    "",
    `claims per document: ${counts(k.perDocument)}`,
    `per kind: ${counts(k.perKind)}`,
    `tested: ${counts(k.perTested)}`,
    `expected verdicts: ${counts(k.perVerdict)}`,
  );
  if (plan !== undefined)
    out.push(...formatPlan(plan.plan, plan.jobsGiven, plan.cores, plan.timeBudget));
  return `${out.join("\n")}\n`;
}

/**
 * How a run with these options splits claims below the claim (`planShards`' `split`: seeds per
 * simulation), or undefined when it keeps every claim whole (`--time-budget`, as `runLedger`).
 */
function runSplit(
  opts: AuditOptions,
  profile: AuditProfileName,
): { readonly seeds: number } | undefined {
  return opts.timeBudget === undefined
    ? { seeds: opts.seeds ?? PROFILES[profile].seeds }
    : undefined;
}

/**
 * The processes a run with these options uses for `selected` (a part of `--shard` aside: it runs
 * in its own process), and how it splits claims: `--jobs`, by default `defaultJobs` on `cores`
 * (counting the units of claims that split, except under `--time-budget`). `audit --list` plans
 * with the same, so that it plans what the run does.
 */
export function auditJobs(
  opts: AuditOptions,
  selected: readonly Claim[],
  profile: AuditProfileName,
  cores: number,
): { readonly jobs: number; readonly split: { readonly seeds: number } | undefined } {
  const split = runSplit(opts, profile);
  return { jobs: opts.jobs ?? defaultJobs(selected, profile, cores, workKey, split), split };
}

/** Runs `audit` with already-parsed options; returns the exit code. */
export async function runAudit(opts: AuditOptions, io: CliIO): Promise<number> {
  if (opts.schema === true) {
    if (opts.list === true) throw new UsageError("audit: --schema and --list do not combine");
    io.out(`${JSON.stringify(claimsJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }
  if (opts.list !== true) return runAuditLedger(opts, io);
  const path = opts.claims ?? defaultClaimsPath();
  // Name the package's own catalogue the same way wherever the package is installed.
  const source = opts.claims ?? "spec/claims.json";
  let only: string[] | undefined;
  if (opts.only !== undefined) {
    only = opts.only
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (only.length === 0) throw new UsageError("audit: --only needs claim ids (S0-1,S2-4,…)");
  }
  let listing: Listing;
  let cat: ClaimsCatalogue;
  try {
    cat = loadClaims(path);
    const known = new Set(cat.claims.map((c) => c.id));
    const unknown = (only ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new UsageError(
        `audit: unknown claim ${unknown.map((u) => `"${u}"`).join(", ")} (see commons-spec audit --list)`,
      );
    listing = listClaims(cat, repositoryContext(), only);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof ClaimsError) throw new UsageError(e.message);
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  // What the selection would cost in the profile, with --jobs or the default job count.
  const profile = opts.profile ?? "quick";
  const selected = selectClaims(cat, only);
  const cores = availableParallelism();
  // As the run plans (with --time-budget every claim stays whole: no units).
  const { jobs, split } = auditJobs(opts, selected, profile, cores);
  const plan = costPlan(selected, profile, jobs, workKey, split);
  const timeBudget = opts.timeBudget;
  if (opts.json === true) {
    const { claimSeconds, ...totals } = plan;
    const claims = listing.claims.map((c) => ({ ...c, costSeconds: claimSeconds[c.id] }));
    const planned = {
      ...totals,
      jobsGiven: opts.jobs !== undefined,
      cores,
      ...(timeBudget !== undefined ? { timeBudgetSeconds: timeBudget } : {}),
    };
    io.out(`${JSON.stringify({ source, ...listing, claims, plan: planned }, null, 2)}\n`);
  } else
    io.out(
      formatListing(listing, source, {
        plan,
        jobsGiven: opts.jobs !== undefined,
        cores,
        ...(timeBudget !== undefined ? { timeBudget } : {}),
      }),
    );
  return EXIT.ok;
}

function parseOnly(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const only = v
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
  if (only.length === 0) throw new UsageError("audit: --only needs claim ids (S0-1,S2-4,…)");
  return only;
}

function parseFormats(v: string | undefined): AuditFormat[] {
  if (v === undefined) return [...AUDIT_FORMATS];
  const fs = v
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
  for (const f of fs)
    if (!(AUDIT_FORMATS as readonly string[]).includes(f))
      throw new UsageError(`audit: --format: unknown format "${f}" (html, md, json)`);
  if (fs.length === 0) throw new UsageError("audit: --format needs html, md or json");
  return fs as AuditFormat[];
}

function loadCatalogue(path: string): ClaimsCatalogue {
  try {
    return loadClaims(path);
  } catch (e) {
    if (e instanceof ClaimsError) throw new UsageError(e.message);
    throw e;
  }
}

const MARK: Record<string, string> = {
  supports: "✓",
  contradicts: "✗",
  inconclusive: "?",
  "not-run": "-",
  recorded: "·",
  depends: "≷",
};

/** One claim on the console: its verdict, then each evidence item and what it means for the claim. */
export function formatLedgerClaim(c: LedgerClaim): string {
  const v = c.verdict;
  const extra =
    v.status === "conditional" && v.condition !== undefined
      ? ` — ${v.condition}`
      : v.status === "not-run" && v.costSeconds !== undefined
        ? ` (≈ ${v.costSeconds} s, profile ${v.profile ?? "?"})`
        : "";
  const lines = [
    `  ${c.id.padEnd(6)} ${v.status.padEnd(12)} ${v.asExpected ? "" : `(catalogue: ${c.expected}) `}${c.kind}${extra}`,
  ];
  for (const e of c.evidence) {
    if (e.outcome === "recorded") continue;
    const meaning =
      e.outcome === "supports" && (e.role === "refutes" || e.role === "confirms")
        ? ` — ${e.role} ${c.id}`
        : e.outcome === "contradicts" && e.role === "confirms"
          ? ` — refutes ${c.id} (expected to hold)`
          : e.outcome === "contradicts" && e.role === "refutes"
            ? ` — no longer refutes ${c.id}`
            : e.outcome === "depends" && e.role === "confirms"
              ? ` — ${c.id} is conditional on it`
              : e.kind === "sweep" && (e.outcome === "supports" || e.outcome === "contradicts")
                ? // What the SPRT decided, not what the claim is: a qualifying sweep's success
                  // rule (within ε after T rounds) may not be the claim's own figure.
                  ` — the SPRT ${e.outcome === "supports" ? "accepts" : "rejects"} at every point (every honest estimate within ε = ${e.sweep?.setting.epsilon ?? "?"} after ${e.sweep?.parameter === "rounds" ? "each point's T" : `T = ${e.sweep?.setting.rounds ?? "?"}`} rounds); it ${e.role === "qualifies" ? "qualifies" : "is context for"} ${c.id}, it does not decide it`
                : "";
    lines.push(`      ${MARK[e.outcome] ?? " "} ${e.label}${meaning}: ${e.observed}`);
  }
  return lines.join("\n");
}

/** Refuses an output path that exists and is not a directory before anything runs. */
function checkOutDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`--out: ${out} exists and is not a directory`);
}

/** Runs the audit and writes its files. */
async function runAuditLedger(opts: AuditOptions, io: CliIO): Promise<number> {
  if (opts.json === true)
    throw new UsageError("audit: --json goes with --list (an audit run writes ledger.json)");
  const profile = opts.profile ?? "quick";
  const seed = opts.seed ?? DEFAULT_AUDIT_SEED;
  const seeds = opts.seeds ?? PROFILES[profile].seeds;
  if (seeds < MIN_SEEDS)
    throw new UsageError(
      `audit: --seeds ${seeds}: at least ${MIN_SEEDS} (no figure rests on fewer)`,
    );
  const formats = parseFormats(opts.format);
  const only = parseOnly(opts.only);
  const out = opts.out ?? DEFAULT_AUDIT_OUT;
  checkOutDir(out);
  const claimsPath = opts.claims ?? defaultClaimsPath();
  const cat = loadCatalogue(claimsPath);
  const known = new Set(cat.claims.map((c) => c.id));
  const unknown = (only ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new UsageError(
      `audit: --only: unknown claim ${unknown.map((u) => `"${u}"`).join(", ")} (see commons-spec audit --list)`,
    );
  if (opts.jobs !== undefined && opts.jobs > 1 && opts.shard !== undefined)
    throw new UsageError("audit: --jobs and --shard do not combine (--jobs makes the parts)");
  // A part (--shard) runs in this process; otherwise --jobs, or by default the cores (fewer
  // for a cheap selection: src/audit/claim-costs.ts, defaultJobs), as `audit --list` plans.
  const jobs =
    opts.shard !== undefined && opts.jobs === undefined
      ? 1
      : auditJobs(opts, selectClaims(cat, only), profile, availableParallelism()).jobs;
  if (jobs > 1)
    return runAuditJobs(
      opts,
      jobs,
      { profile, seed, seeds, formats, out, claimsPath, cat, only },
      io,
    );
  const ctx = repositoryContext();
  const startedAt = new Date();
  const load0 = loadAverage();
  const t0 = io.now();
  const shard = opts.shard;
  io.out(
    `commons-spec audit — profile ${profile} (${PROFILES[profile].target}), seed ${seed}, ${seeds} seeds per simulation${only !== undefined ? `, claims ${only.join(",")}` : ""}${shard !== undefined ? `, shard ${shard.index}/${shard.count}` : ""}\n`,
  );
  let run;
  try {
    run = await runLedger(cat, ctx, {
      profile,
      seed,
      seeds,
      ...(only !== undefined ? { only } : {}),
      ...(shard !== undefined ? { shard } : {}),
      now: io.now,
      catalogueSha256: sha256(readFileSync(claimsPath, "utf8")),
      ...(opts.timeBudget !== undefined ? { timeBudgetMs: opts.timeBudget * 1000 } : {}),
      onClaim: (c) => io.out(`${formatLedgerClaim(c)}\n`),
      // Not indented: a part of --jobs prints its claims' blocks only.
      onUnit: (u, ms) => io.out(`unit ${u.id} (${(ms / 1000).toFixed(1)} s)\n`),
    });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`audit: ${(e as Error).message}`);
  }
  const wallMs = io.now() - t0;
  const l = run.ledger;
  const manifest = {
    kind: "commons-spec audit",
    // The run's settings as a command (canonical: what reproduces this ledger, plus --out).
    command: [
      "commons-spec audit",
      `--profile ${profile}`,
      `--seed ${seed}`,
      `--seeds ${seeds}`,
      ...(only !== undefined ? [`--only ${only.join(",")}`] : []),
      ...(shard !== undefined ? [`--shard ${shard.index}/${shard.count}`] : []),
      ...(opts.timeBudget !== undefined ? [`--time-budget ${opts.timeBudget}`] : []),
      ...(opts.claims !== undefined ? [`--claims ${opts.claims}`] : []),
      `--format ${formats.join(",")}`,
      `--out ${out}`,
    ].join(" "),
    toolkit: l.toolkit,
    profile,
    target: PROFILES[profile].target,
    seed,
    seeds,
    ...(shard !== undefined ? { shard } : {}),
    jobs: 1,
    startedAt: startedAt.toISOString(),
    wallSeconds: Math.round(wallMs / 100) / 10,
    loadAverage: { start: load0, end: loadAverage() },
    machine: machineFacts(),
    ...(opts.timeBudget !== undefined ? { timeBudgetSeconds: opts.timeBudget } : {}),
    claimMilliseconds: run.timings,
    claimCpuMilliseconds: run.cpuTimings,
    ...(Object.keys(run.unitTimings).length > 0
      ? { unitMilliseconds: run.unitTimings, unitCpuMilliseconds: run.unitCpuTimings }
      : {}),
  };
  const artifacts = await withReport(l, run.artifacts, formats, manifest, io);
  let written: string[];
  try {
    written = writeFilesAtomically(out, auditFiles(l, artifacts, formats, manifest));
  } catch (e) {
    if (e instanceof OutputError) throw new UsageError(e.message);
    throw e;
  }
  return report(l, out, written, wallMs, io);
}

/**
 * The artifacts plus report.html and its figures' data when html is among the formats (the
 * figures' render time goes to the manifest and the report's cover).
 */
async function withReport(
  l: Ledger,
  artifacts: ReadonlyMap<string, string>,
  formats: readonly AuditFormat[],
  manifest: Record<string, unknown>,
  io: CliIO,
): Promise<Map<string, string>> {
  const out = new Map(artifacts);
  if (!formats.includes("html")) return out;
  // Loaded on demand: vega and vega-lite cost every other command ≈ 0.3 s of CPU to import.
  const { renderReport } = await import("../audit/report/index.js");
  // Allocation CPU time vs recipients: a measurement of this machine, kept in the manifest (and
  // the report), never in ledger.json.
  const profile = manifest.profile;
  const plan = ALLOCATION_COST_PLAN[isProfile(profile) ? profile : "quick"];
  const seed = typeof manifest.seed === "number" ? manifest.seed : 42;
  // Only when a claim the figure is drawn under is in the ledger (an --only selection without it
  // spends nothing).
  if (l.claims.some((c) => (ALLOCATION_COST_CLAIMS as readonly string[]).includes(c.id)))
    manifest.allocationCost = measureAllocationCost(seed, plan.sizes, plan.runs);
  const r = await renderReport(l, artifacts, manifest as ReportFacts, io.now);
  manifest.reportRenderSeconds = Math.round(r.renderMs / 100) / 10;
  for (const [k, v] of r.files) out.set(k, v);
  return out;
}

function report(
  l: Ledger,
  out: string,
  written: readonly string[],
  wallMs: number,
  io: CliIO,
): number {
  const counts = Object.entries(l.counts.perVerdict)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(" · ");
  io.out(`\n${l.counts.claims} claims: ${counts} (${(wallMs / 1000).toFixed(1)} s)\n`);
  if (l.skipped.length > 0) {
    const total = l.skipped.reduce((s, x) => s + x.seconds, 0);
    io.out(
      `not run in this profile: ${l.skipped.length} evidence item(s), ≈ ${total} s in all (${l.skipped.map((x) => `${x.evidence} ≈ ${x.seconds} s, ${x.profile}`).join("; ")})\n`,
    );
  }
  if (l.incomplete.length > 0)
    io.out(
      `${l.incomplete.length} claim(s) not decided by this run (profile or time budget): ${l.incomplete.join(", ")}\n`,
    );
  if (l.differ.length > 0)
    io.out(
      `${l.differ.length} verdict(s) differ from the catalogue's expectation: ${l.differ.join(", ")} (exit 1)\n`,
    );
  const units = written.filter((f) => f.startsWith(`${UNITS_DIR}/`));
  const nested = written.filter((f) => f.includes("/") && !f.startsWith(`${UNITS_DIR}/`));
  io.out(
    `wrote ${written.length} files to ${out}: ${written.filter((f) => !f.includes("/")).join(", ")}${nested.length > 0 ? `, ${nested.length} traces/data files` : ""}${units.length > 0 ? `, ${units.length} unit files (runs of split claims, for the merge)` : ""}\n`,
  );
  return l.differ.length > 0 ? EXIT.violated : EXIT.ok;
}

/** `audit merge DIR… --out DIR`: the ledger of one audit from the ledgers of its shards. */
async function runAuditMerge(
  dirs: readonly string[],
  opts: AuditOptions,
  io: CliIO,
): Promise<number> {
  if (dirs.length === 0) throw new UsageError("audit merge: give the shards' output directories");
  if (opts.out === undefined) throw new UsageError("audit merge: --out DIR is required");
  checkOutDir(opts.out);
  const formats = parseFormats(opts.format);
  const parts = dirs.map((d) => readLedger(d, "audit merge"));
  const cat = loadCatalogue(opts.claims ?? defaultClaimsPath());
  const { merged, artifacts, shardManifests, assembled, assemblyCpuMilliseconds } =
    await mergeParts(dirs, parts, cat);
  for (const c of assembled) io.out(`${formatLedgerClaim(c)}\n`);
  const manifest = {
    kind: "commons-spec audit merge",
    toolkit: merged.toolkit,
    profile: merged.settings.profile,
    seed: merged.settings.seed,
    seeds: merged.settings.seeds.length,
    mergedFrom: dirs,
    shards: shardManifests,
    ...(assembled.length > 0
      ? {
          // Claims the shards ran as units, decided by this merge: its CPU for each (the units'
          // own is in the shards' manifests, unitCpuMilliseconds).
          assemblyCpuMilliseconds,
          claimCpuMilliseconds: claimCpu(shardManifests, assemblyCpuMilliseconds),
        }
      : {}),
    machine: machineFacts(),
  };
  const withHtml = await withReport(merged, artifacts, formats, manifest, io);
  let written: string[];
  try {
    written = writeFilesAtomically(opts.out, auditFiles(merged, withHtml, formats, manifest));
  } catch (e) {
    if (e instanceof OutputError) throw new UsageError(e.message);
    throw e;
  }
  return report(merged, opts.out, written, 0, io);
}

/**
 * The ledger, traces and data, and manifests of shards' output directories, joined; the claims
 * the shards ran as units (`units/`, src/audit/claim-units.ts) decided here from their runs.
 */
async function mergeParts(
  dirs: readonly string[],
  parts: readonly Ledger[],
  cat: ClaimsCatalogue,
): Promise<{
  merged: Ledger;
  artifacts: Map<string, string>;
  shardManifests: unknown[];
  /** The claims decided from units, and the CPU milliseconds each took here. */
  assembled: readonly LedgerClaim[];
  assemblyCpuMilliseconds: Readonly<Record<string, number>>;
}> {
  try {
    checkSameAudit(parts);
  } catch (e) {
    throw new UsageError(`audit merge: ${(e as Error).message}`);
  }
  // The shards' traces and data: the same file from two shards must be the same.
  const artifacts = new Map<string, string>();
  const units: [string, string][] = [];
  const shardManifests: unknown[] = [];
  for (const d of dirs) {
    for (const [k, v] of readArtifacts(d)) {
      // The report's figure data is drawn again from the merged ledger (a shard's holds only
      // the decision rules of its own claims).
      if (k.startsWith(FIGURE_DATA_PREFIX)) continue;
      if (k.startsWith(`${UNITS_DIR}/`)) {
        const settings = parts[0]?.settings;
        let problem: string | undefined;
        try {
          problem =
            settings === undefined
              ? undefined
              : unitFileProblem(parseUnitJson(v), settings.profile, settings.seeds);
        } catch (e) {
          problem = `not JSON (${(e as Error).message})`;
        }
        if (problem !== undefined) throw new UsageError(`audit merge: ${join(d, k)}: ${problem}`);
        units.push([k, v]);
        continue;
      }
      const had = artifacts.get(k);
      if (had !== undefined && had !== v)
        throw new UsageError(
          `audit merge: ${join(d, k)} differs from the same file of another shard`,
        );
      artifacts.set(k, v);
    }
    const m = join(d, "manifest.json");
    if (existsSync(m)) {
      try {
        shardManifests.push(JSON.parse(readFileSync(m, "utf8")));
      } catch {
        shardManifests.push({ problem: `${m} is not JSON` });
      }
    }
  }
  let merged: Ledger;
  let assembled: Awaited<ReturnType<typeof assembleUnits>> = {
    claims: [],
    artifacts: new Map(),
    cpuTimings: {},
  };
  try {
    const first = parts[0];
    if (first !== undefined && units.length > 0) {
      assembled = await assembleUnits(cat, repositoryContext(), first.settings, units);
      for (const [k, v] of assembled.artifacts) {
        const had = artifacts.get(k);
        if (had !== undefined && had !== v)
          throw new Error(`${k} of a claim decided from units differs from a shard's`);
        artifacts.set(k, v);
      }
    }
    // The claims decided here join the shards' as one more ledger of the same audit.
    const fromUnits: Ledger[] =
      first === undefined || assembled.claims.length === 0
        ? []
        : [{ ...first, ...summarizeClaims(assembled.claims), claims: assembled.claims }];
    merged = mergeLedgers(
      [...parts, ...fromUnits],
      cat.claims.map((c) => c.id),
    );
  } catch (e) {
    throw new UsageError(`audit merge: ${(e as Error).message}`);
  }
  return {
    merged,
    artifacts,
    shardManifests,
    assembled: assembled.claims,
    assemblyCpuMilliseconds: assembled.cpuTimings,
  };
}

/**
 * Milliseconds per claim from the parts' manifests: a claim run whole is its part's figure
 * (`claimField`); a claim run as units (`unitField`, `claim:experiment:i`) the sum over its
 * units plus `extra` (what deciding it took in the merge).
 */
function claimTimes(
  manifests: readonly unknown[],
  claimField: string,
  unitField: string,
  extra: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  const field = (m: unknown, f: string): Record<string, number> =>
    typeof m === "object" && m !== null
      ? (((m as Record<string, unknown>)[f] ?? {}) as Record<string, number>)
      : {};
  for (const m of manifests) Object.assign(out, field(m, claimField));
  for (const m of manifests)
    for (const [unit, ms] of Object.entries(field(m, unitField))) {
      const claim = unit.slice(0, unit.indexOf(":"));
      out[claim] = (out[claim] ?? 0) + ms;
    }
  for (const [claim, ms] of Object.entries(extra)) out[claim] = (out[claim] ?? 0) + ms;
  return out;
}

/** CPU milliseconds per claim of the parts (a split claim: its units' and its assembly's). */
function claimCpu(
  manifests: readonly unknown[],
  assembly: Readonly<Record<string, number>>,
): Record<string, number> {
  return claimTimes(manifests, "claimCpuMilliseconds", "unitCpuMilliseconds", assembly);
}

/** A shard's ledger.json, checked to be a ledger of this version. */
function readLedger(dir: string, what: string): Ledger {
  const path = join(dir, "ledger.json");
  if (!existsSync(path)) throw new UsageError(`${what}: ${path} does not exist`);
  let l: Ledger;
  try {
    l = JSON.parse(readFileSync(path, "utf8")) as Ledger;
  } catch (e) {
    throw new UsageError(`${what}: ${path}: not JSON (${(e as Error).message})`);
  }
  if (
    typeof l !== "object" ||
    l === null ||
    l.ledgerVersion !== LEDGER_VERSION ||
    !Array.isArray(l.claims)
  )
    throw new UsageError(`${what}: ${path}: not a ledger of version ${LEDGER_VERSION}`);
  return l;
}

interface JobSettings {
  readonly profile: AuditProfileName;
  readonly seed: number;
  readonly seeds: number;
  readonly formats: readonly AuditFormat[];
  readonly out: string;
  readonly claimsPath: string;
  readonly cat: ClaimsCatalogue;
  readonly only: readonly string[] | undefined;
}

/**
 * Runs one part (`--shard i/n --format json`) in a child process: `done` resolves with how it
 * ended; `stop` ends it (SIGTERM) if it is still running, and says whether it was.
 */
function runPart(
  command: readonly string[],
  args: readonly string[],
  onBlock: (text: string) => void,
): { readonly done: Promise<PartExit>; stop(): boolean } {
  const [exe, ...pre] = command;
  const child = spawn(exe as string, [...pre, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const stop = (): boolean =>
    child.exitCode === null && child.signalCode === null && child.kill("SIGTERM");
  const done = new Promise<PartExit>((resolve) => {
    let settled = false;
    let pending = "";
    let err = "";
    // Claim blocks (indented lines) only, each whole: the parts' headers and summaries are the
    // parent's to print.
    const flush = (all: boolean) => {
      const lines = pending.split("\n");
      pending = all ? "" : (lines.pop() as string);
      const keep = lines.filter((l) => l.startsWith("  "));
      if (keep.length > 0) onBlock(`${keep.join("\n")}\n`);
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      pending += d;
      // A claim's block ends where the next one starts: print up to the last claim header.
      const at = pending.lastIndexOf("\n  S");
      if (at >= 0) {
        const rest = pending.slice(at + 1);
        pending = pending.slice(0, at + 1);
        flush(true);
        pending = rest;
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      err += d;
    });
    // A process that could not be started is a failed part like one that crashed.
    child.on("error", (e) => {
      if (settled) return;
      settled = true;
      resolve({ code: null, signal: null, err: `${err}could not start: ${e.message}` });
    });
    child.on("close", (code, signal) => {
      flush(true);
      if (settled) return;
      settled = true;
      resolve({ code, signal, err });
    });
  });
  return { done, stop };
}

/** How a part's process ended: its exit code, or the signal that ended it, and its stderr. */
interface PartExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly err: string;
}

/** A part that failed (or was stopped because another failed): what happened, its stderr. */
interface PartFailure {
  readonly index: number;
  readonly what: string;
  readonly err: string;
}

/** What went wrong with a part that ended as no part should (undefined when it did not). */
function partProblem(r: PartExit): string | undefined {
  if (r.signal !== null) return `was killed by ${r.signal}`;
  if (r.code === null) return "could not be started";
  // 1 is an audit whose verdicts differ from the catalogue's: a part that did its work.
  if (r.code !== EXIT.ok && r.code !== EXIT.violated) return `exited ${r.code}`;
  return undefined;
}

/**
 * The `commons-spec audit` command of a `--jobs` run with its settings, `split` (`--jobs N` for
 * the run itself, `--shard i/N` to replay one of its parts) and its output directory.
 */
function jobsCommand(s: JobSettings, opts: AuditOptions, split: string, out: string): string {
  return [
    "commons-spec audit",
    `--profile ${s.profile}`,
    `--seed ${s.seed}`,
    `--seeds ${s.seeds}`,
    ...(s.only !== undefined ? [`--only ${s.only.join(",")}`] : []),
    ...(opts.timeBudget !== undefined ? [`--time-budget ${opts.timeBudget}`] : []),
    ...(opts.claims !== undefined ? [`--claims ${opts.claims}`] : []),
    split,
    `--format ${s.formats.join(",")}`,
    `--out ${out}`,
  ].join(" ");
}

/**
 * The report of parts of `audit --jobs` that crashed (non-zero exit, a signal, a ledger missing,
 * malformed or not merging): a failure of the toolkit or of the machine, not of the user's input
 * (the parent checked that before starting them). Names each part, its claims, what it printed
 * last and the command that replays it alone.
 */
function formatPartFailures(
  failures: readonly PartFailure[],
  n: number,
  s: JobSettings,
  opts: AuditOptions,
): string {
  const stopped = failures.filter((f) => f.what.startsWith("stopped")).length;
  const lines = [
    `commons-spec: internal error: audit --jobs ${n}: ${failures.length - stopped} of ${n} parts failed${stopped > 0 ? `, ${stopped} stopped` : ""}; no ledger written`,
  ];
  for (const f of failures) {
    const work = selectWork(
      s.cat,
      s.only,
      { index: f.index, count: n },
      s.profile,
      opts.timeBudget === undefined ? { seeds: s.seeds } : undefined,
    );
    const claims = [...work.claims.map((c) => c.id), ...work.units.map((u) => `unit ${u.id}`)];
    const replay = jobsCommand(s, opts, `--shard ${f.index}/${n}`, `${s.out}-part-${f.index}`);
    const said = f.err.trim().split("\n").slice(-10);
    lines.push(
      `  part ${f.index}/${n} ${f.what}`,
      `    its claims: ${claims.length > 0 ? claims.join(", ") : "(none)"}`,
      ...(said.length > 0 && said[0] !== ""
        ? ["    its last error output:", ...said.map((l) => `      ${l}`)]
        : []),
      `    replay it alone: ${replay}`,
    );
  }
  lines.push(
    `  this is a failure of commons-spec or of the machine (a crash, memory, a killed process), not of your input; rerun the part with ${DEBUG_ENV}=1 for the stack trace`,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * `audit --jobs n`: the selected claims in n child processes, one part each (the parts of
 * `--shard i/n`: about equal estimated cost, claims sharing work together), merged into the
 * ledger one process would have written.
 */
async function runAuditJobs(
  opts: AuditOptions,
  n: number,
  s: JobSettings,
  io: CliIO,
): Promise<number> {
  const command = opts.childCommand ?? [
    process.execPath,
    join(packageRoot(), "bin", "commons-spec.js"),
  ];
  const tmp = mkdtempSync(join(tmpdir(), "commons-spec-audit-jobs-"));
  const startedAt = new Date();
  const load0 = loadAverage();
  const t0 = io.now();
  const common = [
    "audit",
    "--profile",
    s.profile,
    "--seed",
    String(s.seed),
    "--seeds",
    String(s.seeds),
    ...(s.only !== undefined ? ["--only", s.only.join(",")] : []),
    ...(opts.timeBudget !== undefined ? ["--time-budget", String(opts.timeBudget)] : []),
    ...(opts.claims !== undefined ? ["--claims", opts.claims] : []),
    "--format",
    "json",
  ];
  io.out(
    `commons-spec audit — profile ${s.profile} (${PROFILES[s.profile].target}), seed ${s.seed}, ${s.seeds} seeds per simulation${s.only !== undefined ? `, claims ${s.only.join(",")}` : ""}, ${n} processes\n`,
  );
  const dirs = Array.from({ length: n }, (_, i) => join(tmp, `part-${i + 1}`));
  try {
    const running = dirs.map((d, i) =>
      runPart(command, [...common, "--shard", `${i + 1}/${n}`, "--out", d], (t) => io.out(t)),
    );
    // The first part that fails stops the others: no ledger can be written any more.
    let first: number | undefined;
    const stopped = new Set<number>();
    const failures: PartFailure[] = [];
    const ledgers = await Promise.all(
      running.map(async (p, i) => {
        const r = await p.done;
        if (stopped.has(i)) {
          failures.push({ index: i + 1, what: `stopped when part ${first}/${n} failed`, err: "" });
          return undefined;
        }
        let what = partProblem(r);
        let ledger: Ledger | undefined;
        if (what === undefined)
          try {
            ledger = readLedger(dirs[i] as string, `part ${i + 1}/${n}`);
          } catch (e) {
            what = `wrote no usable ledger (${(e as Error).message})`;
          }
        if (what === undefined) return ledger;
        failures.push({ index: i + 1, what, err: r.err });
        if (first === undefined) {
          first = i + 1;
          running.forEach((q, j) => {
            if (j !== i && q.stop()) stopped.add(j);
          });
        }
        return undefined;
      }),
    );
    const parts = ledgers.filter((l): l is Ledger => l !== undefined);
    if (failures.length > 0) {
      failures.sort((a, b) => a.index - b.index);
      io.err(formatPartFailures(failures, n, s, opts));
      return EXIT.internal;
    }
    let joined;
    try {
      joined = await mergeParts(dirs, parts, s.cat);
    } catch (e) {
      // The parts are this toolkit's own: ledgers that do not merge are its bug.
      io.err(
        `commons-spec: internal error: audit --jobs ${n}: the parts' ledgers do not merge: ${(e as Error).message}\n`,
      );
      return EXIT.internal;
    }
    const { merged, artifacts, shardManifests, assembled, assemblyCpuMilliseconds } = joined;
    for (const c of assembled) io.out(`${formatLedgerClaim(c)}\n`);
    const wallMs = io.now() - t0;
    const manifest = {
      kind: "commons-spec audit",
      command: jobsCommand(s, opts, `--jobs ${n}`, s.out),
      toolkit: merged.toolkit,
      profile: s.profile,
      target: PROFILES[s.profile].target,
      seed: s.seed,
      seeds: s.seeds,
      jobs: n,
      startedAt: startedAt.toISOString(),
      wallSeconds: Math.round(wallMs / 100) / 10,
      loadAverage: { start: load0, end: loadAverage() },
      machine: machineFacts(),
      ...(opts.timeBudget !== undefined ? { timeBudgetSeconds: opts.timeBudget } : {}),
      // A claim the parts ran as units: the sum over its units, plus deciding it here.
      claimMilliseconds: claimTimes(shardManifests, "claimMilliseconds", "unitMilliseconds", {}),
      claimCpuMilliseconds: claimCpu(shardManifests, assemblyCpuMilliseconds),
      ...(assembled.length > 0 ? { assemblyCpuMilliseconds } : {}),
      parts: shardManifests,
    };
    const withHtml = await withReport(merged, artifacts, s.formats, manifest, io);
    let written: string[];
    try {
      written = writeFilesAtomically(s.out, auditFiles(merged, withHtml, s.formats, manifest));
    } catch (e) {
      if (e instanceof OutputError) throw new UsageError(e.message);
      throw e;
    }
    return report(merged, s.out, written, wallMs, io);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function parseSeedOption(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) > 0x7fff0000)
    throw new InvalidArgumentError("must be an integer from 0 to 2147418112");
  return Number(v);
}

function parseCount(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1 || Number(v) > 10_000)
    throw new InvalidArgumentError("must be an integer from 1 to 10000");
  return Number(v);
}

function parseIndex(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) > 1_000_000)
    throw new InvalidArgumentError("must be an integer from 0 to 1000000");
  return Number(v);
}

/**
 * `audit stat ID [--seed S] [--run i]`: replays a statistical claim's SPRT from master seed S
 * (every run, then the verdict), or only its run i. Exit 0 when the engine reaches the claim's
 * expected decision (or the run succeeds), 1 otherwise.
 */
function runAuditStat(args: readonly string[], opts: AuditOptions, io: CliIO): number {
  const [id, ...rest] = args;
  if (id === undefined || rest.length > 0)
    throw new UsageError("audit stat: give one statistical claim (STAT-1, STAT-2 or STAT-3)");
  let r;
  try {
    r = replayStat(id, opts.seed ?? DEFAULT_AUDIT_SEED, opts.run);
  } catch (e) {
    throw new UsageError(`audit stat: ${(e as Error).message}`);
  }
  io.out(`${r.lines.join("\n")}\n`);
  return r.asExpected ? EXIT.ok : EXIT.violated;
}

function parseSeconds(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError("must be a positive number of seconds");
  return n;
}

function parseShardOption(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(count >= 1) || !(index >= 1 && index <= count))
    throw new InvalidArgumentError("must be i/n with 1 ≤ i ≤ n, e.g. 2/4");
  return { index, count };
}

export function registerAuditCommand(program: Command, io: CliIO, result: { code: number }): void {
  program
    .command("audit")
    .description(
      "audit the design documents' claims (spec/claims.json): run their evidence and write the ledger; 'audit merge DIR…' joins shards; --list lists the catalogue",
    )
    .argument("[action]", "'merge' to join the ledgers of shards; 'stat' to replay a STAT claim")
    .argument(
      "[args...]",
      "with merge: the shards' output directories; with stat: STAT-1, STAT-2 or STAT-3",
    )
    .addOption(
      new Option("--profile <name>", "how much to run (default quick)").choices([
        ...AUDIT_PROFILES,
      ]),
    )
    .option(
      "--seeds <k>",
      `seeds per simulation (at least ${MIN_SEEDS}; default: the profile's)`,
      parseCount,
    )
    .option(
      "--seed <s>",
      `seed of the audit (default ${DEFAULT_AUDIT_SEED}): simulations run seeds s … s+k−1`,
      parseSeedOption,
    )
    .option("--only <ids>", "only these claims (comma-separated ids, e.g. S0-6,S2-4)")
    .option("--out <dir>", `where to write the ledger (default ${DEFAULT_AUDIT_OUT})`)
    .option("--format <list>", "output formats: html,md,json (default all three)")
    .option("--time-budget <seconds>", "evidence not started by then is not run", parseSeconds)
    .option(
      "--shard <i/n>",
      "run only the i-th of n parts of the selected claims",
      parseShardOption,
    )
    .option(
      "--jobs <n>",
      "run the claims in n processes (the parts --shard makes: about equal cost, claims sharing work together) and write the one ledger they make; 1 runs in this process (default: the number of cores, fewer for a selection too cheap to split)",
      parseCount,
    )
    .option(
      "--run <i>",
      "with stat: replay only run i of the SPRT (its worst estimate)",
      parseIndex,
    )
    .option(
      "--list",
      "print the catalogue with its expected verdicts and each claim's planned CPU in --profile, with the total and the estimated wall time at --jobs, planned as the run with the same options (--seeds, --jobs, --time-budget) would go (runs nothing)",
    )
    .option("--json", "with --list: print it as JSON")
    .option("--claims <file>", "read another claims catalogue instead of spec/claims.json")
    .option("--schema", "print the JSON Schema of the claims catalogue")
    .action(async (action: string | undefined, dirs: string[], opts: AuditOptions) => {
      if (action === undefined) {
        result.code = await runAudit(opts, io);
        return;
      }
      if (action === "stat") {
        result.code = runAuditStat(dirs, opts, io);
        return;
      }
      if (action !== "merge")
        throw new UsageError(`audit: unknown action "${action}" ('merge DIR…' or 'stat ID')`);
      result.code = await runAuditMerge(dirs, opts, io);
    });
}

function isProfile(p: unknown): p is AuditProfileName {
  return typeof p === "string" && Object.hasOwn(PROFILES, p);
}
