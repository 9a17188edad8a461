/**
 * What `commons-spec simulate` checks before it starts a run, and how it writes: the cost of
 * each scenario against the limits (`--force` overrides), that `--out` can be written (so a
 * long run never ends in a crash), the atomic write of the trace, and `--print <name>`.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { BUILTIN_SCENARIOS, builtinScenario } from "../engine/sim/builtins.js";
import { checkCost, formatCostRefusal, type CostLimits } from "../engine/sim/cost.js";
import type { Scenario } from "../engine/sim/scenario.js";
import { UsageError } from "./io.js";

function errCode(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" ? c : String(e);
}

const tmpOf = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);

/**
 * Fails (UsageError naming the path) unless `path` can be written the way `writeTraceAtomically`
 * will: its temporary file can be created next to it, and the path is not a directory.
 */
export function assertWritable(path: string, option = "--out"): void {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // does not exist yet: fine
  }
  if (isDir) throw new UsageError(`${option}: cannot write ${path} (it is a directory)`);
  const tmp = tmpOf(path);
  try {
    closeSync(openSync(tmp, "w"));
  } catch (e) {
    throw new UsageError(`${option}: cannot write ${path} (${errCode(e)})`);
  }
  rmSync(tmp, { force: true });
}

/** Writes `text` to `path` atomically (a temporary file in the same directory, then a rename). */
export function writeTraceAtomically(path: string, text: string, option = "--out"): void {
  const tmp = tmpOf(path);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${option}: cannot write ${path} (${errCode(e)})`);
  }
}

/** Scenario files larger than this are refused unread (beyond any affordable scenario). */
export const MAX_SCENARIO_FILE_BYTES = 256 * 2 ** 20;

/** Fails (UsageError) when `path` is a file larger than MAX_SCENARIO_FILE_BYTES. */
export function assertReadableSize(path: string): void {
  const size = statSync(path).size;
  if (size > MAX_SCENARIO_FILE_BYTES)
    throw new UsageError(
      `${path}: ${size} bytes, more than a scenario file can be (${MAX_SCENARIO_FILE_BYTES}); a generated population (nodes.count) describes large networks`,
    );
}

/** Refuses (UsageError) the first scenario whose estimated cost is above the limits. */
export function assertAffordable(
  runs: readonly Scenario[],
  name: string,
  limits?: CostLimits,
): void {
  for (const s of runs) {
    const v = checkCost(s, limits);
    if (v.over !== undefined) throw new UsageError(formatCostRefusal(s.name ?? name, v));
  }
}

/** `--print <name>`: the built-in scenario as a JSON document to start a file from. */
export function printedScenario(name: string): string {
  const b = builtinScenario(name);
  if (b === undefined)
    throw new UsageError(
      `--print: no built-in scenario "${name}" (known: ${BUILTIN_SCENARIOS.map((x) => x.name).join(", ")})`,
    );
  return `${JSON.stringify(b.document, null, 2)}\n`;
}
