/**
 * The ledger: every selected claim of the catalogue with its evidence run and its verdict about
 * the design. `runLedger` runs the audit (a selection, a profile, a seed, a shard); `mergeLedgers`
 * joins the ledgers of shards into the ledger one run would have written. The ledger holds no
 * timestamps or durations: the same version, profile, seed and selection give a byte-identical
 * `ledger.json` (wall-clock facts go to the manifest).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Claim, ClaimsCatalogue, VerdictStatus } from "./claims.js";
import { VERDICT_STATUSES, packageRoot } from "./claims.js";
import type { EvidenceContext } from "./evidence.js";
import { sha256 } from "./documents.js";
import { planShards } from "./claim-costs.js";
import { testedOf, type Tested } from "./listing.js";
import { MIN_SEEDS, PROFILES, type AuditProfileName } from "./profiles.js";
import {
  CLAIM_PLACEHOLDER,
  EvidenceRunner,
  workKey,
  type Artifacts,
  type EvidenceResult,
  type RunnerContext,
} from "./runners.js";
import { sequentialSeedRunner, type SeedRunner } from "./seed-runs.js";
import {
  assembleRuns,
  claimUnits,
  parseUnitJson,
  runUnit,
  unitJson,
  unitPath,
  UNITS_DIR,
  type ClaimUnit,
  type UnitFile,
} from "./claim-units.js";
import { decideVerdict, type Verdict } from "./verdict.js";

export const LEDGER_VERSION = 1;

export interface LedgerEvidence extends EvidenceResult {
  readonly role: Claim["evidence"][number]["role"];
  readonly note?: string;
}

export interface LedgerClaim {
  readonly id: string;
  readonly document: string;
  readonly section: Claim["section"];
  readonly statement: string;
  readonly claimed?: string;
  readonly kind: Claim["kind"];
  readonly tested: Tested;
  readonly deviations: readonly string[];
  readonly decision?: Claim["decision"];
  readonly verdict: Verdict;
  readonly expected: VerdictStatus;
  readonly evidence: readonly LedgerEvidence[];
  readonly reproduce: string;
  readonly planned?: Claim["planned"];
}

export interface LedgerSettings {
  readonly profile: AuditProfileName;
  readonly seed: number;
  readonly seeds: readonly number[];
  readonly quietFraction: number;
  readonly runsFactor: number;
  /** The claims asked for (null: all of them). */
  readonly only: readonly string[] | null;
}

export interface Ledger {
  readonly ledgerVersion: number;
  readonly toolkit: { readonly name: string; readonly version: string };
  readonly catalogue: { readonly sha256: string; readonly claims: number };
  readonly documents: readonly {
    readonly id: string;
    readonly file: string;
    readonly sha256: string;
  }[];
  readonly settings: LedgerSettings;
  readonly counts: {
    readonly claims: number;
    readonly perVerdict: Readonly<Record<VerdictStatus, number>>;
    readonly perDocument: Readonly<Record<string, Readonly<Record<VerdictStatus, number>>>>;
    readonly differFromCatalogue: number;
  };
  /** Claims whose verdict differs from the catalogue's expected verdict. */
  readonly differ: readonly string[];
  /** Claims this run did not decide (skipped by the profile or the time budget). */
  readonly incomplete: readonly string[];
  /** What this profile did not run, with estimated costs. */
  readonly skipped: readonly {
    readonly evidence: string;
    readonly claims: readonly string[];
    readonly seconds: number;
    readonly profile: string;
    readonly why: string;
  }[];
  readonly claims: readonly LedgerClaim[];
}

export interface AuditRunOptions {
  readonly profile: AuditProfileName;
  readonly seed: number;
  /** Seeds per simulation (default: the profile's). */
  readonly seeds?: number;
  readonly only?: readonly string[];
  readonly shard?: { readonly index: number; readonly count: number };
  readonly now?: () => number;
  /** Milliseconds from the start: evidence not started by then is not run. */
  readonly timeBudgetMs?: number;
  readonly seedRunner?: SeedRunner;
  /** The model catalogue (default models/registry.ts; tests swap a configuration). */
  readonly models?: RunnerContext["models"];
  /** SHA-256 of the catalogue's file (default: the package's spec/claims.json). */
  readonly catalogueSha256?: string;
  /** Called after each claim (progress). */
  readonly onClaim?: (c: LedgerClaim, done: number, total: number) => void;
  /** Called after each unit of a split claim a shard runs (progress; wall milliseconds). */
  readonly onUnit?: (u: ClaimUnit, ms: number) => void;
}

export interface AuditRun {
  readonly ledger: Ledger;
  readonly artifacts: Artifacts;
  /** Wall-clock facts (for the manifest): milliseconds per claim. */
  readonly timings: Readonly<Record<string, number>>;
  /** CPU milliseconds (user + system, the whole process) per claim, for the manifest. */
  readonly cpuTimings: Readonly<Record<string, number>>;
  /** The same per unit of a split claim this shard ran (`claim:experiment:i`). */
  readonly unitTimings: Readonly<Record<string, number>>;
  readonly unitCpuTimings: Readonly<Record<string, number>>;
}

function toolkit(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}

function catalogueHash(): string {
  return sha256(readFileSync(join(packageRoot(), "spec", "claims.json"), "utf8"));
}

/**
 * The claims of a selection, in catalogue order, then the shard's part of them: the parts cost
 * about the same in `profile` and claims that share work are in one part (src/audit/claim-costs.ts).
 * A claim split into units (`selectWork`) is in no part.
 */
export function selectClaims(
  cat: ClaimsCatalogue,
  only: readonly string[] | undefined,
  shard?: { readonly index: number; readonly count: number },
  profile: AuditProfileName = "quick",
  split?: { readonly seeds: number },
): Claim[] {
  return selectWork(cat, only, shard, profile, split).claims;
}

/**
 * A shard's work: the claims it runs whole (`selectClaims`) and, with `split` (seeds per
 * simulation) and more than one part, the units of the claims split below the claim that fall to
 * it (src/audit/claim-units.ts), in sweep order.
 */
export function selectWork(
  cat: ClaimsCatalogue,
  only: readonly string[] | undefined,
  shard?: { readonly index: number; readonly count: number },
  profile: AuditProfileName = "quick",
  split?: { readonly seeds: number },
): { claims: Claim[]; units: ClaimUnit[] } {
  const wanted = only === undefined ? undefined : new Set(only);
  const chosen = cat.claims.filter((c) => wanted === undefined || wanted.has(c.id));
  if (shard === undefined) return { claims: chosen, units: [] };
  const part = planShards(chosen, shard.count, profile, workKey, split)[shard.index - 1];
  const mine = new Set(part?.ids ?? []);
  const unitIds = new Set(part?.units ?? []);
  const units =
    split === undefined || unitIds.size === 0
      ? []
      : chosen.flatMap((c) =>
          (claimUnits(c, profile, split.seeds) ?? []).filter((u) => unitIds.has(u.id)),
        );
  return { claims: chosen.filter((c) => mine.has(c.id)), units };
}

function zeroes(): Record<VerdictStatus, number> {
  return Object.fromEntries(VERDICT_STATUSES.map((k) => [k, 0])) as Record<VerdictStatus, number>;
}

/** Counts, differences and the skipped list of a set of claims (also used by merge). */
export function summarizeClaims(
  claims: readonly LedgerClaim[],
): Pick<Ledger, "counts" | "differ" | "incomplete" | "skipped"> {
  const perVerdict = zeroes();
  const perDocument: Record<string, Record<VerdictStatus, number>> = {};
  const skipped = new Map<
    string,
    { evidence: string; claims: string[]; seconds: number; profile: string; why: string }
  >();
  for (const c of claims) {
    perVerdict[c.verdict.status]++;
    const doc = c.id.split("-")[0] ?? "";
    perDocument[doc] ??= zeroes();
    perDocument[doc][c.verdict.status]++;
    for (const e of c.evidence)
      if (e.outcome === "not-run" && e.cost !== undefined) {
        // Items sharing one piece of work (a simulation) are one row: its cost is paid once.
        const work = e.cost.work ?? e.key;
        const s = skipped.get(work) ?? {
          evidence: e.label,
          claims: [],
          seconds: e.cost.seconds,
          profile: e.cost.profile,
          why: e.observed,
        };
        if (!s.claims.includes(c.id)) s.claims.push(c.id);
        skipped.set(work, s);
      }
  }
  // A claim this run could not decide (profile, time budget) is incomplete, not a disagreement.
  const differ = claims
    .filter((c) => !c.verdict.asExpected && c.verdict.status !== "not-run")
    .map((c) => c.id);
  const incomplete = claims
    .filter((c) => c.verdict.status === "not-run" && c.expected !== "not-run")
    .map((c) => c.id);
  return {
    counts: { claims: claims.length, perVerdict, perDocument, differFromCatalogue: differ.length },
    differ,
    incomplete,
    skipped: [...skipped.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, s]) => s),
  };
}

/** The evidence runner of an audit's settings (runs injected: sweeps already run, by units). */
function auditRunner(
  evidence: EvidenceContext,
  o: Pick<AuditRunOptions, "profile" | "seed" | "seedRunner" | "models">,
  seeds: readonly number[],
  now: () => number,
  deadline?: number,
  injected?: RunnerContext["injectedRuns"],
): EvidenceRunner {
  return new EvidenceRunner({
    profile: PROFILES[o.profile],
    seed: o.seed,
    seeds,
    seedRunner: o.seedRunner ?? sequentialSeedRunner,
    evidence,
    now,
    ...(o.models !== undefined ? { models: o.models } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
    ...(injected !== undefined ? { injectedRuns: injected } : {}),
  });
}

/** One claim of the ledger: its evidence run by `runner`, its verdict. */
async function runClaim(
  c: Claim,
  runner: EvidenceRunner,
  profile: AuditProfileName,
  seed: number,
  seeds: number,
): Promise<LedgerClaim> {
  const seedsArg = seeds === PROFILES[profile].seeds ? "" : ` --seeds ${seeds}`;
  const evidenceOut: LedgerEvidence[] = [];
  for (const e of c.evidence) {
    const r = await runner.run(e);
    evidenceOut.push({
      ...r,
      ...(r.reproduce !== undefined
        ? { reproduce: r.reproduce.replace(CLAIM_PLACEHOLDER, c.id) }
        : {}),
      role: e.role,
      ...(e.note !== undefined ? { note: e.note } : {}),
    });
  }
  const verdict = decideVerdict(
    c,
    evidenceOut.map((r) => ({
      label: r.label,
      role: r.role,
      outcome: r.outcome,
      ...(r.cost !== undefined
        ? {
            costSeconds: r.cost.seconds,
            profile: r.cost.profile,
            ...(r.cost.work !== undefined ? { costWork: r.cost.work } : {}),
          }
        : {}),
      ...(r.censored !== undefined ? { censored: r.censored } : {}),
      ...(r.dependence !== undefined ? { dependence: r.dependence } : {}),
    })),
  );
  return {
    id: c.id,
    document: c.document,
    section: c.section,
    statement: c.statement,
    ...(c.claimed !== undefined ? { claimed: c.claimed } : {}),
    kind: c.kind,
    tested: testedOf(c),
    deviations: c.deviations,
    ...(c.decision !== undefined ? { decision: c.decision } : {}),
    verdict,
    expected: c.expectedVerdict.status,
    evidence: evidenceOut,
    reproduce: `commons-spec audit --only ${c.id} --profile ${profile} --seed ${seed}${seedsArg}`,
    ...(c.planned !== undefined ? { planned: c.planned } : {}),
  };
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs the audit of the selected claims. Throws an Error on a catalogue problem. */
export async function runLedger(
  cat: ClaimsCatalogue,
  evidence: EvidenceContext,
  o: AuditRunOptions,
): Promise<AuditRun> {
  const profile = PROFILES[o.profile];
  const k = o.seeds ?? profile.seeds;
  if (!(Number.isInteger(k) && k >= MIN_SEEDS))
    throw new Error(`seeds: at least ${MIN_SEEDS} (a figure never rests on fewer)`);
  const seeds = Array.from({ length: k }, (_, i) => o.seed + i);
  const now = o.now ?? (() => performance.now());
  const started = now();
  const deadline = o.timeBudgetMs !== undefined ? started + o.timeBudgetMs : undefined;
  const runner = auditRunner(evidence, o, seeds, now, deadline);
  // A time budget keeps every claim whole: a unit the budget stopped would leave its claim to be
  // decided from part of a sweep.
  const split = o.timeBudgetMs === undefined ? { seeds: k } : undefined;
  const { claims: selected, units } = selectWork(cat, o.only, o.shard, o.profile, split);
  const claims: LedgerClaim[] = [];
  const timings: Record<string, number> = {};
  const cpuTimings: Record<string, number> = {};
  for (const c of selected) {
    const t0 = now();
    const c0 = cpu();
    const lc = await runClaim(c, runner, o.profile, o.seed, k);
    claims.push(lc);
    timings[c.id] = Math.round(now() - t0);
    cpuTimings[c.id] = Math.round(cpu() - c0);
    o.onClaim?.(lc, claims.length, selected.length);
  }
  const unitFiles = new Map<string, string>();
  const unitTimings: Record<string, number> = {};
  const unitCpuTimings: Record<string, number> = {};
  for (const u of units) {
    const t0 = now();
    const c0 = cpu();
    unitFiles.set(unitPath(u), unitJson(runUnit(u, o.profile, seeds)));
    unitTimings[u.id] = Math.round(now() - t0);
    unitCpuTimings[u.id] = Math.round(cpu() - c0);
    o.onUnit?.(u, unitTimings[u.id] as number);
  }
  const ledger: Ledger = {
    ...ledgerHeader(cat, o, seeds),
    ...summarizeClaims(claims),
    claims,
  };
  return {
    ledger,
    artifacts: new Map([...runner.artifacts, ...unitFiles]),
    timings,
    cpuTimings,
    unitTimings,
    unitCpuTimings,
  };
}

/** What every ledger of one audit has in common: toolkit, catalogue, documents, settings. */
function ledgerHeader(
  cat: ClaimsCatalogue,
  o: Pick<AuditRunOptions, "profile" | "seed" | "only" | "catalogueSha256">,
  seeds: readonly number[],
): Pick<Ledger, "ledgerVersion" | "toolkit" | "catalogue" | "documents" | "settings"> {
  const profile = PROFILES[o.profile];
  return {
    ledgerVersion: LEDGER_VERSION,
    toolkit: toolkit(),
    catalogue: { sha256: o.catalogueSha256 ?? catalogueHash(), claims: cat.claims.length },
    documents: cat.documents.map((d) => ({ id: d.id, file: d.file, sha256: d.sha256 })),
    settings: {
      profile: o.profile,
      seed: o.seed,
      seeds: [...seeds],
      quietFraction: profile.quietFraction,
      runsFactor: profile.runsFactor,
      only:
        o.only === undefined
          ? null
          : cat.claims.filter((c) => o.only?.includes(c.id)).map((c) => c.id),
    },
  };
}

/**
 * The claims the parts of one audit split into units (`selectWork`), decided from the units'
 * files (`units/*.json`, any order, from any parts): each claim's sweeps put back in sweep order
 * and its evidence run on them, as one process runs it. Returns the claims (catalogue order), the
 * data files their evidence writes, and the CPU milliseconds each claim's assembly took. Throws an
 * Error when a unit is missing, doubled or not of these settings.
 */
export async function assembleUnits(
  cat: ClaimsCatalogue,
  evidence: EvidenceContext,
  settings: LedgerSettings,
  files: Iterable<readonly [string, string]>,
): Promise<{
  claims: LedgerClaim[];
  artifacts: Artifacts;
  cpuTimings: Record<string, number>;
}> {
  const parsed: UnitFile[] = [];
  for (const [path, text] of files) {
    if (!path.startsWith(`${UNITS_DIR}/`)) continue;
    try {
      parsed.push(parseUnitJson(text));
    } catch (e) {
      throw new Error(`${path}: not JSON (${(e as Error).message})`);
    }
  }
  const claims: LedgerClaim[] = [];
  const artifacts: Artifacts = new Map();
  const cpuTimings: Record<string, number> = {};
  const k = settings.seeds.length;
  for (const c of cat.claims) {
    const mine = parsed.filter((f) => f.claim === c.id);
    if (mine.length === 0) continue;
    const units = claimUnits(c, settings.profile, k);
    if (units === undefined) throw new Error(`claim ${c.id} has unit files but does not split`);
    const c0 = cpu();
    const runs = assembleRuns(units, mine, settings.profile, settings.seeds);
    const runner = auditRunner(
      evidence,
      { profile: settings.profile, seed: settings.seed },
      settings.seeds,
      () => 0,
      undefined,
      runs,
    );
    claims.push(await runClaim(c, runner, settings.profile, settings.seed, k));
    for (const [p, t] of runner.artifacts) artifacts.set(p, t);
    cpuTimings[c.id] = Math.round(cpu() - c0);
  }
  const known = new Set(cat.claims.map((c) => c.id));
  const foreign = parsed.filter((f) => !known.has(f.claim)).map((f) => f.claim);
  if (foreign.length > 0)
    throw new Error(`unit files of unknown claims ${[...new Set(foreign)].join(", ")}`);
  return { claims, artifacts, cpuTimings };
}

/** The canonical text of a ledger (what ledger.json holds). */
export function ledgerJson(l: Ledger): string {
  return `${JSON.stringify(l, null, 2)}\n`;
}

/**
 * Checks that ledgers are of one audit (same toolkit, catalogue, documents and settings); returns
 * the first. Throws an Error naming the first that is not.
 */
export function checkSameAudit(parts: readonly Ledger[]): Ledger {
  const first = parts[0];
  if (first === undefined) throw new Error("nothing to merge");
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  parts.forEach((p, i) => {
    for (const field of ["ledgerVersion", "toolkit", "catalogue", "documents", "settings"] as const)
      if (!same(p[field], first[field]))
        throw new Error(
          `ledger ${i + 1}: its ${field} differs from ledger 1's (not shards of one audit)`,
        );
  });
  return first;
}

/**
 * Joins the ledgers of the shards of one audit: same toolkit, catalogue, documents and
 * settings; disjoint claims whose union is the selection. Returns the ledger one run would have
 * written; throws an Error naming what does not fit.
 */
export function mergeLedgers(parts: readonly Ledger[], catalogueOrder: readonly string[]): Ledger {
  const first = checkSameAudit(parts);
  const seen = new Map<string, LedgerClaim>();
  for (const p of parts)
    for (const c of p.claims) {
      if (seen.has(c.id)) throw new Error(`claim ${c.id} is in more than one ledger`);
      seen.set(c.id, c);
    }
  const expected = first.settings.only ?? catalogueOrder;
  const missing = expected.filter((id) => !seen.has(id));
  if (missing.length > 0)
    throw new Error(`missing claims ${missing.join(", ")} (a shard was not merged)`);
  const extra = [...seen.keys()].filter((id) => !expected.includes(id));
  if (extra.length > 0) throw new Error(`claims outside the selection: ${extra.join(", ")}`);
  const claims = expected.map((id) => seen.get(id) as LedgerClaim);
  return {
    ledgerVersion: first.ledgerVersion,
    toolkit: first.toolkit,
    catalogue: first.catalogue,
    documents: first.documents,
    settings: first.settings,
    ...summarizeClaims(claims),
    claims,
  };
}
