/**
 * The design documents the catalogue cites live outside the repository (the project's shared
 * seeds directory); nothing of them is copied in. The catalogue keeps each document's SHA-256 and
 * line count, and every claim's section as a heading plus a line range. When the documents are
 * at hand, `checkDocuments` verifies that they are the ones the catalogue was written against and
 * that every cited range lies inside the section its heading names.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ClaimsCatalogue, SectionRef } from "./claims.js";

/** The environment variable that names the seeds directory. */
export const SEEDS_ENV = "COMMONS_SPEC_SEEDS";

/**
 * The directory holding the design documents: $COMMONS_SPEC_SEEDS, else the nearest
 * `shared/seeds` beside the repository or one of its parents (a clone has `../shared/seeds`).
 * Undefined when there is none.
 */
export function findSeedsDirectory(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const named = env[SEEDS_ENV];
  if (named !== undefined && named !== "") return resolve(named);
  let dir = resolve(root);
  for (let up = 0; up < 4; up++) {
    const candidate = join(dir, "shared", "seeds");
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

interface Heading {
  readonly level: number;
  readonly text: string;
  /** 1-based. */
  readonly line: number;
}

/** Markdown headings outside fenced code blocks. */
export function headingsOf(text: string): Heading[] {
  const out: Heading[] = [];
  let fenced = false;
  text.split("\n").forEach((l, i) => {
    if (/^\s*```/.test(l)) fenced = !fenced;
    if (fenced) return;
    const m = /^(#{1,6}) (.+?)\s*$/.exec(l);
    if (m !== null) out.push({ level: (m[1] as string).length, text: m[2] as string, line: i + 1 });
  });
  return out;
}

/** Line count as `wc -l` would give it for a file ending with a newline. */
export function lineCount(text: string): number {
  const n = text.split("\n").length;
  return text.endsWith("\n") ? n - 1 : n;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Why `ref` does not lie in the section its heading names, or undefined when it does. */
export function sectionProblem(headings: readonly Heading[], ref: SectionRef): string | undefined {
  const [from, to] = ref.lines;
  const named = headings.filter((h) => h.text === ref.heading);
  if (named.length === 0) return `no heading "${ref.heading}"`;
  const h = named.filter((x) => x.line <= from).at(-1);
  if (h === undefined) return `lines ${from}–${to} come before the heading "${ref.heading}"`;
  const next = headings.find((x) => x.line > h.line && x.level <= h.level);
  const last = next === undefined ? Number.POSITIVE_INFINITY : next.line - 1;
  if (to > last)
    return `lines ${from}–${to} run past the section "${ref.heading}" (lines ${h.line}–${last})`;
  return undefined;
}

export interface DocumentCheck {
  readonly file: string;
  /** Problems with this document (missing, changed, sections not found). */
  readonly problems: readonly string[];
}

/** Checks each document of the catalogue in `dir`: present, unchanged, every cited section in it. */
export function checkDocuments(cat: ClaimsCatalogue, dir: string): DocumentCheck[] {
  return cat.documents.map((doc) => {
    const path = join(dir, doc.file);
    if (!existsSync(path)) return { file: doc.file, problems: [`${path} does not exist`] };
    const text = readFileSync(path, "utf8");
    const problems: string[] = [];
    const hash = sha256(text);
    if (hash !== doc.sha256)
      problems.push(
        `${doc.file} has changed (sha256 ${hash}, catalogue ${doc.sha256}): re-read it, re-check its claims, then update the hash`,
      );
    const lines = lineCount(text);
    if (lines !== doc.lines)
      problems.push(`${doc.file} has ${lines} lines, catalogue ${doc.lines}`);
    const headings = headingsOf(text);
    for (const c of cat.claims.filter((x) => x.document === doc.file))
      for (const ref of [c.section, ...(c.alsoAt ?? [])]) {
        const p = sectionProblem(headings, ref);
        if (p !== undefined) problems.push(`${c.id}: ${p}`);
      }
    return { file: doc.file, problems };
  });
}
