/**
 * What a check printed by `check` or `model check-expected` means for the design documents'
 * claims: a ✓ on a check whose role is `refutes` is evidence *against* a claim ("✓ STAT-2 —
 * refutes S0-16"), and a ✗ on a check that should confirm a claim refutes it. Read from the
 * claims catalogue; without one (a broken install) nothing is added.
 */
import { loadClaims, type ClaimsCatalogue, type Evidence } from "./claims.js";

export interface ClaimLabels {
  /** The note for an invariant's line: `ok` is whether the toolkit's expectation held. */
  readonly invariant: (id: string, ok: boolean) => string | undefined;
  /** The note for a model configuration's line of check-expected. */
  readonly model: (model: string, config: string, asRecorded: boolean) => string | undefined;
}

function note(
  cat: ClaimsCatalogue,
  match: (e: Evidence) => boolean,
  ok: boolean,
): string | undefined {
  const refutes = new Set<string>();
  const confirms = new Set<string>();
  for (const c of cat.claims)
    for (const e of c.evidence) {
      if (!match(e)) continue;
      if (e.role === "refutes") refutes.add(c.id);
      if (e.role === "confirms") confirms.add(c.id);
    }
  if (ok && refutes.size > 0) return `refutes ${[...refutes].join(", ")}`;
  if (!ok && confirms.size > 0) return `refutes ${[...confirms].join(", ")} (expected to hold)`;
  if (!ok && refutes.size > 0) return `no longer refutes ${[...refutes].join(", ")}`;
  return undefined;
}

export function claimLabels(cat: ClaimsCatalogue): ClaimLabels {
  return {
    invariant: (id, ok) => note(cat, (e) => e.kind === "invariant" && e.id === id, ok),
    model: (model, config, asRecorded) =>
      note(cat, (e) => e.kind === "model" && e.model === model && e.config === config, asRecorded),
  };
}

/** The package's labels, or none when its catalogue cannot be read. */
export function packageClaimLabels(): ClaimLabels | undefined {
  try {
    return claimLabels(loadClaims());
  } catch {
    return undefined;
  }
}
