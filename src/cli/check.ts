import { referenceCatalog } from "../../properties/catalog.js";
import { SUITES } from "../../properties/property.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { runAndReport, selectProperties } from "./outcomes.js";

export interface CheckOptions {
  readonly seed: number;
  readonly suites?: readonly string[];
  readonly only?: readonly string[];
  readonly runs?: number;
  readonly runsFactor?: number;
  readonly path?: string;
  readonly list?: boolean;
  readonly json?: boolean;
}

/** `commons-spec check`: runs the invariant catalogue against the built-in reference implementation. */
export function runCheck(o: CheckOptions, io: CliIO): number {
  const chosen = selectProperties(referenceCatalog(), o.suites, o.only, {
    suites: SUITES,
    listHint: "see commons-spec check --list",
  });
  if (typeof chosen === "string") throw new UsageError(chosen);
  if (o.path !== undefined && (o.only ?? []).length !== 1) {
    throw new UsageError("--path replays one counterexample: give exactly one --only ID with it");
  }
  if (o.list === true) {
    for (const p of chosen) io.out(`${p.id.padEnd(18)} ${p.suite.padEnd(10)} ${p.title}\n`);
    return EXIT.ok;
  }
  const outcomes = runAndReport(
    chosen,
    {
      ...o,
      heading: [
        `commons-spec check — reference implementation, ${chosen.length} invariants`,
        `seed ${o.seed}  (replay this run: commons-spec check --seed ${o.seed})`,
      ],
      replay: (id, seed, path) =>
        `commons-spec check --only ${id} --seed ${seed}${path !== undefined ? ` --path ${path}` : ""}`,
    },
    io,
  );
  return outcomes.every((x) => x.ok) ? EXIT.ok : EXIT.violated;
}
