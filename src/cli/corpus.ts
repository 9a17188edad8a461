import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { UsageError } from "./io.js";

/** One saved failing example: enough to replay the shrunk counterexample (seed + path). */
export const corpusEntrySchema = z.strictObject({
  target: z.string().min(1),
  id: z.string().min(1),
  seed: z.number().int(),
  path: z.string().regex(/^\d+(:\d+)*$/),
  counterexample: z.string().optional(),
  error: z.string().optional(),
});
export type CorpusEntry = z.infer<typeof corpusEntrySchema>;

function fileName(e: CorpusEntry): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");
  // Shrink paths can be hundreds of steps long: past 80 characters, a prefix and a hash keep
  // the name unique and within file-system limits (the path itself is inside the file).
  const path = safe(e.path);
  const short =
    path.length <= 80
      ? path
      : `${path.slice(0, 40)}~${createHash("sha256").update(e.path).digest("hex").slice(0, 16)}`;
  return `${safe(e.target)}--${safe(e.id)}--${e.seed}--${short}.json`;
}

/** Reads the corpus; a malformed file is a usage error naming the file and field. */
export function readCorpus(dir: string): CorpusEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".json"))
      .sort();
  } catch {
    return []; // no corpus yet
  }
  return names.map((n) => {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, n), "utf8"));
    } catch (e) {
      throw new UsageError(
        `corpus file ${join(dir, n)} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const r = corpusEntrySchema.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new UsageError(
        `corpus file ${join(dir, n)}: ${i?.path.join(".") || "(root)"}: ${i?.message ?? "invalid"}`,
      );
    }
    return r.data;
  });
}

/** Saves a failing example (atomically: written to a temporary file, then renamed). */
export function saveToCorpus(dir: string, e: CorpusEntry): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, fileName(e));
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(e, null, 2)}\n`);
  renameSync(tmp, target);
  return target;
}
