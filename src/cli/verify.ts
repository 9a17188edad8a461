import { SUITES } from "../../properties/property.js";
import { loadImplementation } from "../verify/load.js";
import { providedSuites, suitesFor } from "../verify/suites.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { runAndReport, selectProperties } from "./outcomes.js";

export interface VerifyOptions {
  readonly module: string;
  readonly cwd: string;
  readonly seed: number;
  readonly suites?: readonly string[];
  readonly only?: readonly string[];
  readonly runs?: number;
  readonly path?: string;
  readonly timeBudgetMs?: number;
  readonly json?: boolean;
}

/**
 * `commons-spec verify <module>`: loads an implementation (TypeScript or JavaScript, no build
 * step) and runs every suite it implements. Exit 0 all hold, 1 a violation, 2 a module that
 * does not load or does not match the adapter shape.
 */
export async function runVerify(o: VerifyOptions, io: CliIO): Promise<number> {
  const loaded = await loadImplementation(o.module, o.cwd);
  if (!loaded.ok) throw new UsageError(loaded.error.message);
  const impl = loaded.value;
  const provided = providedSuites(impl);
  for (const s of o.suites ?? []) {
    if (
      (SUITES as readonly string[]).includes(s) &&
      !provided.includes(s as (typeof provided)[number])
    ) {
      throw new UsageError(
        `--suite ${s}: ${impl.name} does not implement it (it implements ${provided.join(", ")})`,
      );
    }
  }
  const chosen = selectProperties(suitesFor(impl), o.suites, o.only, {
    suites: SUITES,
    listHint: `${impl.name} is checked against ${suitesFor(impl)
      .map((p) => p.id)
      .join(", ")}`,
  });
  if (typeof chosen === "string") throw new UsageError(chosen);
  if (o.path !== undefined && (o.only ?? []).length !== 1) {
    throw new UsageError("--path replays one counterexample: give exactly one --only ID with it");
  }
  const base = `commons-spec verify ${o.module}`;
  const outcomes = runAndReport(
    chosen,
    {
      seed: o.seed,
      ...(o.runs !== undefined ? { runs: o.runs } : {}),
      ...(o.path !== undefined ? { path: o.path } : {}),
      ...(o.timeBudgetMs !== undefined ? { timeBudgetMs: o.timeBudgetMs } : {}),
      ...(o.json === true ? { json: true } : {}),
      heading: [
        `commons-spec verify — ${impl.name} (${o.module}): suites ${provided.join(", ")}; ${chosen.length} invariants`,
        `seed ${o.seed}  (replay this run: ${base} --seed ${o.seed})`,
      ],
      replay: (id, seed, path) =>
        `${base} --only ${id} --seed ${seed}${path !== undefined ? ` --path ${path}` : ""}`,
    },
    io,
  );
  return outcomes.every((x) => x.ok) ? EXIT.ok : EXIT.violated;
}
