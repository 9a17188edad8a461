/**
 * `commons-spec audit --list [--only ID,…] [--json] [--claims FILE]` and `commons-spec audit
 * --schema`: the claims ledger of the design documents (spec/claims.json) — every claim with its
 * kind, whether the toolkit tests it as written, its evidence and the verdict about the design
 * that the existing evidence supports. The audit runners (profiles, sweeps, the report) come
 * later; until then `audit` without --list or --schema is a usage error.
 *
 * Exit codes: 0 listed, 2 bad usage or a claims file that does not validate (named by path).
 */
import type { Command } from "commander";
import { ClaimsError, claimsJsonSchema, defaultClaimsPath, loadClaims } from "../audit/claims.js";
import { repositoryContext } from "../audit/evidence.js";
import { listClaims, type ListedClaim, type Listing, type Tested } from "../audit/listing.js";
import { EXIT, UsageError, type CliIO } from "./io.js";

export interface AuditOptions {
  readonly list?: boolean;
  readonly json?: boolean;
  readonly schema?: boolean;
  readonly only?: string;
  readonly claims?: string;
}

const TESTED: Record<Tested, string> = {
  "as-written": "tested as written",
  "with-deviations": "tested with deviations",
  "not-tested": "not tested yet",
  untestable: "untestable",
};

function formatClaim(c: ListedClaim): string {
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
  return lines.join("\n");
}

function counts(record: Readonly<Record<string, number>>): string {
  return Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(" · ");
}

export function formatListing(listing: Listing, source: string): string {
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
    for (const c of claims) out.push(formatClaim(c));
  }
  const k = listing.counts;
  out.push(
    "",
    `claims per document: ${counts(k.perDocument)}`,
    `per kind: ${counts(k.perKind)}`,
    `tested: ${counts(k.perTested)}`,
    `expected verdicts: ${counts(k.perVerdict)}`,
  );
  return `${out.join("\n")}\n`;
}

/** Runs `audit` with already-parsed options; returns the exit code. */
export function runAudit(opts: AuditOptions, io: CliIO): number {
  if (opts.schema === true) {
    if (opts.list === true) throw new UsageError("audit: --schema and --list do not combine");
    io.out(`${JSON.stringify(claimsJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }
  if (opts.list !== true)
    throw new UsageError(
      "audit: only --list (the claims ledger) and --schema exist so far; the audit runs and the report come later",
    );
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
  try {
    const cat = loadClaims(path);
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
  io.out(
    opts.json === true
      ? `${JSON.stringify({ source, ...listing }, null, 2)}\n`
      : formatListing(listing, source),
  );
  return EXIT.ok;
}

export function registerAuditCommand(program: Command, io: CliIO, result: { code: number }): void {
  program
    .command("audit")
    .description(
      "the claims of the design documents (spec/claims.json) with their evidence and expected verdicts",
    )
    .option("--list", "print the claims ledger")
    .option("--only <ids>", "only these claims (comma-separated ids, e.g. S0-6,S2-4)")
    .option("--json", "print the ledger as JSON")
    .option("--claims <file>", "read another claims catalogue instead of spec/claims.json")
    .option("--schema", "print the JSON Schema of the claims catalogue")
    .action((opts: AuditOptions) => {
      result.code = runAudit(opts, io);
    });
}
