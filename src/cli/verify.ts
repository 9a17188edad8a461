import { SUITES } from "../../properties/property.js";
import { describeDomain } from "../verify/domain.js";
import { loadImplementation } from "../verify/load.js";
import { providedSuites, suitesFor } from "../verify/suites.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { replayCommand, runAndReport, selectProperties } from "./outcomes.js";
import type { RunSelection } from "./run-options.js";

/**
 * `commons-spec verify <module>`: loads an implementation (TypeScript or JavaScript, no build
 * step) and runs every suite it implements. Exit 0 all hold, 1 a violation, 2 a module that
 * does not load or does not match the adapter shape.
 */
export async function runVerify(
  module: string,
  cwd: string,
  sel: RunSelection,
  io: CliIO,
): Promise<number> {
  const loaded = await loadImplementation(module, cwd);
  if (!loaded.ok) throw new UsageError(loaded.error.message);
  const impl = loaded.value;
  const provided = providedSuites(impl);
  for (const s of sel.suites) {
    if (
      (SUITES as readonly string[]).includes(s) &&
      !provided.includes(s as (typeof provided)[number])
    ) {
      throw new UsageError(
        `--suite ${s}: ${impl.name} does not implement it (it implements ${provided.join(", ")})`,
      );
    }
  }
  const judge = sel.judgeCompat !== undefined ? { judgeCompat: sel.judgeCompat } : {};
  if (sel.judgeCompat === "own" && impl.compat === undefined)
    throw new UsageError(
      `--judge-compat own: ${impl.name} has no compat part to judge by (it implements ${provided.join(", ")})`,
    );
  const all = suitesFor(impl, judge);
  const base = `commons-spec verify ${module}${sel.judgeCompat !== undefined ? ` --judge-compat ${sel.judgeCompat}` : ""}`;
  const ctx = {
    target: impl.name,
    suites: SUITES,
    listHint: `${impl.name} is checked against ${all.map((p) => p.id).join(", ")}`,
    replay: (id: string, seed: number, path: string | undefined) =>
      replayCommand(base, id, seed, path),
  };
  const chosen = selectProperties(all, sel, ctx);
  const shard = sel.shard !== undefined ? `, shard ${sel.shard.index}/${sel.shard.count}` : "";
  const outcomes = runAndReport(
    chosen,
    sel,
    {
      ...ctx,
      heading: [
        `commons-spec verify — ${impl.name} (${module}): suites ${provided.join(", ")}; ${chosen.length} invariants${shard}`,
        `seed ${sel.seed}  (replay this run: ${base} --seed ${sel.seed})`,
        ...describeDomain(impl, judge),
      ],
    },
    io,
  );
  return outcomes.every((x) => x.ok) ? EXIT.ok : EXIT.violated;
}
