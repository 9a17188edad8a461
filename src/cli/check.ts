import { referenceCatalog } from "../../properties/catalog.js";
import { SUITES } from "../../properties/property.js";
import { packageClaimLabels } from "../audit/labels.js";
import { inProcessExecutor, invariantInfo } from "../verify/executor.js";
import { EXIT, type CliIO } from "./io.js";
import { replayCommand, runAndReport, selectProperties } from "./outcomes.js";
import type { RunSelection } from "./run-options.js";

/**
 * `commons-spec check`: runs the invariant catalogue against the built-in reference
 * implementation, in this process (the reference is trusted code: no worker, no timeouts),
 * through the same run loop as `verify` (time budget, corpus, reporters).
 */
export async function runCheck(
  sel: RunSelection & { readonly list?: boolean },
  io: CliIO,
): Promise<number> {
  const startedAt = io.now();
  const ctx = {
    target: "reference",
    suites: SUITES,
    listHint: "see commons-spec check --list",
    replay: (id: string, seed: number, path: string | undefined, cls?: string) =>
      replayCommand("commons-spec check", id, seed, path, cls),
  };
  // What a ✓ or ✗ means for the design documents' claims (`✓ STAT-2 … — refutes S0-16`).
  const labels = packageClaimLabels();
  const catalog = referenceCatalog();
  const chosen = selectProperties(catalog.map(invariantInfo), sel, ctx);
  if (sel.list === true) {
    for (const p of chosen) io.out(`${p.id.padEnd(18)} ${p.suite.padEnd(10)} ${p.title}\n`);
    return EXIT.ok;
  }
  const shard = sel.shard !== undefined ? `, shard ${sel.shard.index}/${sel.shard.count}` : "";
  const report = await runAndReport(
    inProcessExecutor(catalog, io.now),
    chosen,
    sel,
    {
      ...ctx,
      ...(labels !== undefined ? { annotate: labels.invariant } : {}),
      startedAt,
      heading: [
        `commons-spec check — reference implementation, ${chosen.length} invariants${shard}`,
        `seed ${sel.seed}  (replay this run: commons-spec check --seed ${sel.seed})`,
      ],
    },
    io,
  );
  return report.exitCode;
}
