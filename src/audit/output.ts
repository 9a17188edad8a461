/**
 * Writing an audit's files: ledger.json, ledger.md, manifest.json, reproduce.sh, traces/*.itf.json
 * and data/*.csv (report.html and its data/figure-*.csv come from src/audit/report/, passed in
 * with the artifacts). Everything is written into a staging directory inside the output directory
 * first and then renamed into place, so an interrupted or failed run leaves no half-written file.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, platform, release } from "node:os";
import { dirname, join, relative } from "node:path";
import { packageRoot } from "./claims.js";
import { sha256 } from "./documents.js";
import { ledgerJson, type Ledger } from "./ledger.js";
import { ledgerMarkdown } from "./markdown.js";

export const AUDIT_FORMATS = ["json", "md", "html"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The machine and the source the audit ran on (for the manifest). */
export function machineFacts(): Record<string, unknown> {
  let commit: string | null = null;
  try {
    commit = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: packageRoot(),
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    })
      .toString()
      .trim();
  } catch {
    commit = null;
  }
  return {
    commit,
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
  };
}

export function loadAverage(): readonly number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}

/** reproduce.sh: re-runs the audit and compares the ledgers, plus every claim's own command. */
export function reproduceScript(l: Ledger): string {
  const s = l.settings;
  const seeds = ` --seeds ${s.seeds.length}`;
  const only = s.only === null ? "" : ` --only ${s.only.join(",")}`;
  const lines = [
    "#!/bin/sh",
    `# Reproduces this audit ledger (${l.toolkit.name} ${l.toolkit.version}, profile ${s.profile}, seed ${s.seed}).`,
    "# Same version, profile, seed and selection give a byte-identical ledger.json.",
    "# Usage: sh reproduce.sh [directory for the new run]  (default: ./audit-reproduced)",
    "set -e",
    'here=$(dirname "$0")',
    "out=${1:-audit-reproduced}",
    `npx commons-spec audit --profile ${s.profile} --seed ${s.seed}${seeds}${only} --out "$out" --format json,md || test $? -eq 1`,
    'if cmp -s "$here/ledger.json" "$out/ledger.json"; then echo "ledger.json reproduced byte for byte"; else echo "ledger.json differs" >&2; exit 1; fi',
    "",
    "# One claim at a time:",
    ...l.claims.map((c) => `#   ${c.id} (${c.verdict.status}): ${c.reproduce}`),
    "",
    "# Evidence items:",
    ...[
      ...new Set(
        l.claims.flatMap((c) =>
          c.evidence.flatMap((e) =>
            e.reproduce === undefined ? [] : [`#   ${e.label}: ${e.reproduce}`],
          ),
        ),
      ),
    ],
    "",
  ];
  return lines.join("\n");
}

/** A user-facing problem writing the output (the CLI turns it into exit 2). */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/**
 * Writes `files` (relative path → content) into `dir` atomically: all into a staging directory
 * inside `dir`, then each renamed into place. Returns the relative paths written.
 */
export function writeFilesAtomically(dir: string, files: ReadonlyMap<string, string>): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(
      `--out: cannot create ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  if (!statSync(dir).isDirectory()) throw new OutputError(`--out: ${dir} is not a directory`);
  const staging = join(dir, `.audit-staging-${process.pid}`);
  const written: string[] = [];
  try {
    rmSync(staging, { recursive: true, force: true });
    for (const [rel, text] of files) {
      const p = join(staging, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
    for (const rel of [...files.keys()].sort()) {
      const target = join(dir, rel);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, rel), target);
      written.push(rel);
    }
  } catch (e) {
    throw new OutputError(
      `--out: cannot write into ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return written;
}

/** The files of an audit run (or merge). */
export function auditFiles(
  l: Ledger,
  artifacts: ReadonlyMap<string, string>,
  formats: readonly AuditFormat[],
  manifest: Record<string, unknown>,
): Map<string, string> {
  const files = new Map<string, string>();
  const json = ledgerJson(l);
  if (formats.includes("json")) files.set("ledger.json", json);
  if (formats.includes("md")) files.set("ledger.md", ledgerMarkdown(l));
  files.set("reproduce.sh", reproduceScript(l));
  for (const [k, v] of [...artifacts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    files.set(k, v);
  files.set(
    "manifest.json",
    `${JSON.stringify(
      {
        ...manifest,
        ledgerSha256: sha256(json),
        files: [...files.keys(), "manifest.json"].sort(),
      },
      null,
      2,
    )}\n`,
  );
  return files;
}

/** The artifacts (traces/, data/, a shard's units/) of an audit directory, for merging. */
export function readArtifacts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const sub of ["traces", "data", "units"]) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort())
      out.set(relative(dir, join(d, f)), readFileSync(join(d, f), "utf8"));
  }
  return out;
}
