import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { checkReplayPath } from "../../properties/property.js";
import { UsageError } from "./io.js";

/** One saved failing example: enough to replay the shrunk counterexample (seed + path). */
export const corpusEntrySchema = z.strictObject({
  target: z.string().min(1),
  id: z.string().min(1),
  seed: z.number().int().min(-0x80000000).max(0xffffffff),
  path: z.string().superRefine((p, ctx) => {
    const problem = checkReplayPath(p);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  }),
  failureClass: z.string().optional(),
  counterexample: z.string().optional(),
  error: z.string().optional(),
});
export type CorpusEntry = z.infer<typeof corpusEntrySchema>;

/** Corpus files larger than this are refused unread (an entry is a seed and a path). */
export const MAX_CORPUS_FILE_BYTES = 4 * 2 ** 20;

/** A corpus location that cannot be used (read or written): reported after the run's results. */
export class CorpusLocationError extends Error {
  constructor(message: string) {
    super(`corpus: ${message}`);
    this.name = "CorpusLocationError";
  }
}

function code(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" ? c : e instanceof Error ? e.message : String(e);
}

function fileName(e: CorpusEntry): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");
  // Long parts are shortened (the file holds them whole; the name only has to be unique), so
  // the name stays within the 255 bytes file systems allow whatever the target, id or path.
  const short = (s: string, max: number) =>
    s.length > max ? `${safe(s.slice(0, max - 20))}_${hash(s)}` : safe(s);
  return `${short(e.target, 60)}--${short(e.id, 60)}--${e.seed}--${short(e.path, 80)}.json`;
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * Reads the corpus. A directory that does not exist yet is an empty corpus; a location that
 * is not a directory or cannot be read throws a `CorpusLocationError` (the caller reports it
 * after the run); a malformed file is a usage error naming the file and field.
 */
export function readCorpus(dir: string): (CorpusEntry & { readonly file: string })[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new CorpusLocationError(`${dir} is not a directory`);
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".json"))
      .sort();
  } catch (e) {
    if (e instanceof CorpusLocationError) throw e;
    if (code(e) === "ENOENT") return []; // no corpus yet
    throw new CorpusLocationError(`cannot read the directory ${dir}: ${code(e)}`);
  }
  return names.map((n) => {
    const file = join(dir, n);
    let text: string;
    try {
      const size = statSync(file).size;
      if (size > MAX_CORPUS_FILE_BYTES)
        throw new UsageError(
          `corpus file ${file} is ${size} bytes, more than a corpus entry can be (${MAX_CORPUS_FILE_BYTES})`,
        );
      text = readFileSync(file, "utf8");
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new CorpusLocationError(`cannot read ${file}: ${code(e)}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new UsageError(
        `corpus file ${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const r = corpusEntrySchema.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new UsageError(
        `corpus file ${file}: ${i?.path.join(".") || "(root)"}: ${i?.message ?? "invalid"}`,
      );
    }
    return { ...r.data, file };
  });
}

/**
 * Creates `dir` and its missing parents one level at a time (Node's recursive mkdir spins
 * forever under /proc); a part that exists but is not a directory, or cannot be created, is
 * a `CorpusLocationError` naming it.
 */
function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  for (let cur = resolve(dir); ;) {
    let isDir: boolean;
    try {
      isDir = statSync(cur).isDirectory();
    } catch (e) {
      if (code(e) !== "ENOENT") throw new CorpusLocationError(`cannot use ${cur}: ${code(e)}`);
      missing.push(cur);
      const parent = dirname(cur);
      if (parent === cur) break;
      cur = parent;
      continue;
    }
    if (!isDir) throw new CorpusLocationError(`${cur} is not a directory`);
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if (code(e) !== "EEXIST")
        throw new CorpusLocationError(`cannot create the directory ${d}: ${code(e)}`);
    }
  }
}

/**
 * Saves a failing example (atomically: written to a temporary file, then renamed). A location
 * that cannot be written throws a `CorpusLocationError` naming it.
 */
export function saveToCorpus(dir: string, e: CorpusEntry): string {
  ensureDirectory(dir);
  const target = join(dir, fileName(e));
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(e, null, 2)}\n`);
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw new CorpusLocationError(`cannot write ${target}: ${code(err)}`);
  }
  return target;
}
