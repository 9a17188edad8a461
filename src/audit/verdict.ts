/**
 * From evidence results to a verdict about the design document's claim.
 *
 * Each evidence item is run (or looked up) and gets an outcome relative to what the toolkit
 * itself expects of that check:
 * - `supports`: the expected outcome reproduced (a property held, a must-fail model failed as
 *   recorded, the SPRT decided as expected, a scenario's rule held over its seeds, arithmetic
 *   recomputed);
 * - `contradicts`: the opposite happened (a property was violated, a must-fail model passed, the
 *   SPRT decided the other way, a scenario's rule failed over its whole interval);
 * - `inconclusive`: no decision (SPRT undecided, an interval straddling the threshold, censored
 *   runs);
 * - `not-run`: skipped by the profile or the time budget (with its estimated cost);
 * - `recorded`: not executable by the package (a SPEC.md finding or section, a vitest-only check,
 *   a recorded benchmark, figures without a machine rule): it counts as the catalogue recorded it;
 * - `depends`: a sweep over a parameter the toolkit chose (observation noise, ε, horizon, …) found
 *   the claim holding at some of its values and failing at others (the item states where).
 *
 * The item's role then says what it means for the claim. The mapping (the decision rule every
 * claim shares; a scenario's `measure` makes its part of the rule explicit):
 * 1. kind untestable → untestable. A decisive sweep that depends on its parameter → conditional,
 *    the condition being where it holds and where it fails ("holds for noise ≤ 0.15, fails for
 *    noise ≥ 0.2"), measured: it is as expected when the catalogue expects conditional (the
 *    catalogue's condition is what it recorded; the measured one is in the verdict).
 * 2. pro = confirms-items that support; con = refutes-items that support + confirms-items that
 *    contradict (a counterexample to what should hold); lost = refutes-items that contradict.
 *    Recorded items count on their side as recorded, unless an executed item of the same role
 *    was lost or contradicted (recorded evidence never outvotes a re-run that disagrees).
 * 3. pro and con → conditional (the catalogue's condition when it has one). Only one side, for a
 *    claim the catalogue holds conditional, with qualifying evidence supported or recorded →
 *    conditional with the catalogue's condition (the qualifying items carry its other side).
 *    Otherwise con → refuted; pro → confirmed.
 * 4. Otherwise: lost → inconclusive (the refutation did not reproduce); an inconclusive decisive
 *    item → inconclusive; a decisive item not run → not run (with its cost); else the
 *    catalogue's own status (a claim without decisive evidence: planned, or judged from figures).
 */
import type { Claim, EvidenceRole, VerdictStatus } from "./claims.js";

export const EVIDENCE_OUTCOMES = [
  "supports",
  "contradicts",
  "inconclusive",
  "not-run",
  "recorded",
  "depends",
] as const;
export type EvidenceOutcome = (typeof EVIDENCE_OUTCOMES)[number];

/** What the verdict needs to know about one evidence item's result. */
export interface OutcomeForVerdict {
  readonly label: string;
  readonly role: EvidenceRole;
  readonly outcome: EvidenceOutcome;
  /** Estimated cost (seconds) of running it, for a not-run item. */
  readonly costSeconds?: number;
  /** What the cost pays for, when items share it (one simulation): counted once. */
  readonly costWork?: string;
  /** The profile that would run it, for a not-run item. */
  readonly profile?: string;
  /** Censored runs, for an inconclusive item. */
  readonly censored?: number;
  /** For a `depends` item: where the claim holds and fails over the swept parameter. */
  readonly dependence?: ParameterDependence;
}

/** Where a claim holds and fails over one parameter the toolkit chose (a sweep's result). */
export interface ParameterDependence {
  readonly parameter: string;
  readonly holds: readonly (number | string)[];
  readonly fails: readonly (number | string)[];
  readonly undecided: readonly (number | string)[];
  /** In words: "holds for noise ≤ 0.15, fails for noise ≥ 0.2". */
  readonly condition: string;
}

export interface Verdict {
  readonly status: VerdictStatus;
  readonly reason: string;
  readonly condition?: string;
  /** How the verdict was reached: re-run evidence, partly recorded evidence, or the catalogue. */
  readonly basis: "executed" | "partly-recorded" | "recorded" | "catalogue" | "untestable";
  /** Whether it is the verdict the catalogue expects. */
  readonly asExpected: boolean;
  readonly censored?: number;
  readonly costSeconds?: number;
  readonly profile?: string;
  /**
   * For a conditional verdict that rests on sweeps: each sweep's evidence label and where the
   * claim holds and fails over its parameter (the condition above joins their conditions).
   */
  readonly dependsOn?: readonly (ParameterDependence & { readonly evidence: string })[];
}

const executed = (o: OutcomeForVerdict) =>
  o.outcome === "supports" || o.outcome === "contradicts" || o.outcome === "depends";

const decisive = (o: OutcomeForVerdict) => o.role === "confirms" || o.role === "refutes";

function labels(xs: readonly OutcomeForVerdict[]): string {
  return xs.map((x) => x.label).join(", ");
}

/** The verdict about `claim` from its evidence outcomes (in the claim's evidence order). */
export function decideVerdict(claim: Claim, outcomes: readonly OutcomeForVerdict[]): Verdict {
  const expected = claim.expectedVerdict;
  const done = (v: Omit<Verdict, "asExpected">): Verdict => ({
    ...v,
    asExpected:
      v.status === expected.status &&
      (v.status !== "conditional" || v.condition === expected.condition),
  });
  if (claim.kind === "untestable")
    return done({
      status: "untestable",
      reason: claim.untestable ?? expected.reason,
      basis: "untestable",
    });
  const d = outcomes.filter(decisive);
  const depends = d.filter((o) => o.outcome === "depends" && o.dependence !== undefined);
  if (depends.length > 0) {
    const others = d.filter((o) => o.outcome !== "depends" && o.outcome !== "not-run");
    const dependsOn = depends.map((o) => ({
      evidence: o.label,
      ...(o.dependence as ParameterDependence),
    }));
    return {
      status: "conditional",
      reason:
        `depends on a parameter the toolkit chose: ${dependsOn.map((x) => `${x.evidence}: ${x.condition}`).join("; ")}` +
        (others.length > 0
          ? ` (the other evidence, at the toolkit's own setting: ${others.map((o) => `${o.label} ${o.role === "confirms" ? (o.outcome === "supports" ? "confirms" : o.outcome === "contradicts" ? "fails" : o.outcome) : o.outcome === "supports" ? "refutes" : o.outcome === "contradicts" ? "no longer refutes" : o.outcome}`).join(", ")})`
          : ""),
      condition: dependsOn.map((x) => x.condition).join("; "),
      basis: others.every(executed) ? "executed" : "partly-recorded",
      asExpected: expected.status === "conditional",
      dependsOn,
    };
  }
  const pro = d.filter((o) => o.role === "confirms" && o.outcome === "supports");
  const con = d.filter(
    (o) =>
      (o.role === "refutes" && o.outcome === "supports") ||
      (o.role === "confirms" && o.outcome === "contradicts"),
  );
  const lost = d.filter((o) => o.role === "refutes" && o.outcome === "contradicts");
  const brokenConfirm = d.some((o) => o.role === "confirms" && o.outcome === "contradicts");
  const recPro = brokenConfirm
    ? []
    : d.filter((o) => o.role === "confirms" && o.outcome === "recorded");
  const recCon =
    lost.length > 0 ? [] : d.filter((o) => o.role === "refutes" && o.outcome === "recorded");
  const allPro = [...pro, ...recPro];
  const allCon = [...con, ...recCon];
  // A one-sided result of a claim the catalogue holds conditional: the qualifying evidence
  // (supported or recorded) carries the other side, stated as the catalogue's condition.
  const qualifiers = outcomes.filter(
    (o) => o.role === "qualifies" && (o.outcome === "supports" || o.outcome === "recorded"),
  );
  const narrowed =
    expected.status === "conditional" &&
    expected.condition !== undefined &&
    qualifiers.length > 0 &&
    !brokenConfirm &&
    lost.length === 0;
  const basisOf = (xs: readonly OutcomeForVerdict[]): Verdict["basis"] =>
    xs.every(executed) ? "executed" : xs.some(executed) ? "partly-recorded" : "recorded";
  if (allPro.length > 0 && allCon.length > 0)
    return done({
      status: "conditional",
      reason: `confirmed by ${labels(allPro)}; refuted by ${labels(allCon)}`,
      condition:
        expected.condition ??
        `holds where ${labels(allPro)} apply, fails where ${labels(allCon)} apply`,
      basis: basisOf([...allPro, ...allCon]),
    });
  if (narrowed && (allPro.length > 0 || allCon.length > 0))
    return done({
      status: "conditional",
      reason: `${allPro.length > 0 ? `confirmed by ${labels(allPro)}` : `refuted by ${labels(allCon)}`}, within the limits that ${labels(qualifiers)} set`,
      condition: expected.condition as string,
      basis: basisOf([...allPro, ...allCon]),
    });
  if (allCon.length > 0)
    return done({
      status: "refuted",
      reason: `refuted by ${labels(allCon)}${con.some((o) => o.role === "confirms") ? " (a check that should hold failed)" : ""}`,
      basis: basisOf(allCon),
    });
  if (allPro.length > 0)
    return done({
      status: "confirmed",
      reason: `confirmed by ${labels(allPro)}${lost.length > 0 ? `; the refuting evidence did not reproduce (${labels(lost)})` : ""}`,
      basis: basisOf(allPro),
    });
  if (lost.length > 0)
    return done({
      status: "inconclusive",
      reason: `the refuting evidence did not reproduce: ${labels(lost)}`,
      basis: "executed",
    });
  const open = d.filter((o) => o.outcome === "inconclusive");
  if (open.length > 0) {
    const censored = open.reduce((s, o) => s + (o.censored ?? 0), 0);
    return done({
      status: "inconclusive",
      reason: `undecided: ${labels(open)}${censored > 0 ? ` (${censored} censored run${censored === 1 ? "" : "s"})` : ""}`,
      basis: "executed",
      ...(censored > 0 ? { censored } : {}),
    });
  }
  const skipped = d.filter((o) => o.outcome === "not-run");
  if (skipped.length > 0) {
    const work = new Map(skipped.map((o, k) => [o.costWork ?? `#${k}`, o.costSeconds ?? 0]));
    const cost = [...work.values()].reduce((s, x) => s + x, 0);
    const profiles = [
      ...new Set(skipped.flatMap((o) => (o.profile === undefined ? [] : [o.profile]))),
    ];
    return done({
      status: "not-run",
      reason: `not run in this profile: ${labels(skipped)}`,
      basis: "executed",
      costSeconds: Math.round(cost),
      ...(profiles.length > 0 ? { profile: profiles.join(", ") } : {}),
    });
  }
  return done({
    status: expected.status,
    reason:
      expected.status === "not-run" && claim.planned !== undefined
        ? `${expected.reason} Planned: ${claim.planned.method} (no runner for it in this version)`
        : expected.reason,
    ...(expected.condition !== undefined ? { condition: expected.condition } : {}),
    basis: "catalogue",
    ...(expected.status === "not-run" && claim.planned?.profile !== undefined
      ? { profile: claim.planned.profile }
      : {}),
  });
}
