import { resolve } from "node:path";
import { createJiti } from "jiti";

/**
 * Imports a user's module — TypeScript or JavaScript, ES module or CommonJS (`.ts`, `.mts`,
 * `.cts`, `.js`, `.mjs`, `.cjs`), in a project of either `"type"` — without a build step, and
 * returns its exports: an ES module's named exports, or for CommonJS `{ default: module.exports,
 * …module.exports }` (a TypeScript `export default` compiled to CommonJS is its `default`).
 *
 * jiti transpiles the user's own files (TypeScript; `./x.js` finds `./x.ts`) and leaves
 * packages in `node_modules` to Node, so `commons-spec` imported or required by the module is
 * the very instance the caller runs (`require(esm)`, Node ≥ 20.19): one copy of every class and
 * schema. It registers no loader hooks, so it works alike on the main thread and inside a
 * `worker_thread`, and it writes nothing to disk unless `COMMONS_SPEC_TRANSPILE_CACHE` names a
 * directory for jiti's cache of transpiled files.
 *
 * Throws what the module throws; a syntax error's message carries its file:line:column.
 */
export async function importUserModule(absolutePath: string): Promise<Record<string, unknown>> {
  const jiti = createJiti(import.meta.url, {
    fsCache: transpileCacheDir() ?? false,
    interopDefault: false,
    tryNative: false,
  });
  try {
    return (await jiti.import(absolutePath)) as Record<string, unknown>;
  } catch (e) {
    throw withLocation(e);
  }
}

/**
 * Where transpiled files are kept between runs: `COMMONS_SPEC_TRANSPILE_CACHE` names a directory
 * (created if missing; a relative path is taken from the working directory); unset or empty,
 * nothing is written. An entry is keyed by the file's path
 * and a hash of its source, so an edited file is transpiled afresh.
 */
function transpileCacheDir(): string | undefined {
  const dir = process.env["COMMONS_SPEC_TRANSPILE_CACHE"];
  return dir === undefined || dir === "" ? undefined : resolve(dir);
}

/**
 * The implementation a module exports: its `default` export, else its export named
 * `implementation`. A CommonJS module that sets `exports.implementation` has its whole
 * `module.exports` as `default`; that object is skipped for its `implementation`. A
 * TypeScript `export = defineImplementation(…)` arrives as the implementation's own fields.
 */
export function exportedImplementation(mod: Record<string, unknown>): unknown {
  const dflt = mod["default"];
  const named = mod["implementation"];
  const isCommonJsExports =
    named !== undefined &&
    typeof dflt === "object" &&
    dflt !== null &&
    (dflt as Record<string, unknown>)["implementation"] === named;
  if (isCommonJsExports) return named;
  if (dflt === undefined && named === undefined && typeof mod["name"] === "string") return mod;
  return dflt ?? named;
}

/** A parse error's first line names no place; jiti puts `file:line:col` on the next line. */
function withLocation(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const [first, second] = e.message.split("\n");
  const where = second?.trim();
  if (first === undefined || where === undefined || !/:\d+:\d+$/.test(where)) return e;
  const err = new Error(`${first.trim()} (${where})`, { cause: e });
  return err;
}
