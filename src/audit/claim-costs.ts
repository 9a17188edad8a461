/**
 * What each claim costs to audit, and how the claims are split into parts that cost about the
 * same (`--shard i/n`, `--jobs n`).
 *
 * Costs are seconds of CPU per claim measured in the standard profile (bench/RESULTS.md, issue
 * 10, session 7: the standard audit with the process's CPU time sampled every 2 s against the
 * claim it was on). A claim that shares work with an earlier one (a simulation, a sweep) is
 * measured at almost nothing: the work is charged to the first claim that ran it. The split keeps
 * such claims in one part (`workGroups`), so that no part runs the same work twice.
 *
 * Other profiles are scaled from the standard figures by what differs between them (seeds per
 * simulation, property cases): a plan, not a measurement; the quick and full totals are stated
 * beside the measured ones in bench/RESULTS.md.
 */
import type { Claim, Evidence } from "./claims.js";
import { PROFILES, type AuditProfileName } from "./profiles.js";

/**
 * Seconds of CPU per claim, standard profile, master seed 1, 8 seeds. Claims not listed measured
 * under 0.5 s (they are charged `CHEAP_CLAIM_SECONDS`).
 */
export const STANDARD_CLAIM_SECONDS: Readonly<Record<string, number>> = {};

/** The charge of a claim that is not in the table. */
export const CHEAP_CLAIM_SECONDS = 0.2;

/**
 * How much more (or less) a claim costs in a profile than in the standard one, by the kind of
 * its most expensive evidence: simulations scale with the seeds, properties with the cases.
 */
function profileFactor(c: Claim, profile: AuditProfileName): number {
  if (profile === "standard") return 1;
  const p = PROFILES[profile];
  const s = PROFILES.standard;
  const seeds = p.seeds / s.seeds;
  const cases = p.runsFactor / s.runsFactor;
  let f = 0;
  for (const e of c.evidence) f = Math.max(f, kindFactor(e, seeds, cases));
  return f === 0 ? 1 : f;
}

function kindFactor(e: Evidence, seeds: number, cases: number): number {
  switch (e.kind) {
    case "scenario":
    case "results":
      return seeds;
    case "invariant":
      return cases;
    default:
      return 1;
  }
}

/**
 * Estimated seconds of CPU of one claim in a profile. The quick profile leaves out the standard
 * profile's expensive experiments (listed as not run): its estimate is scaled as above and capped
 * by `QUICK_CAP_SECONDS`, so it overstates rather than understates.
 */
export function claimSeconds(c: Claim, profile: AuditProfileName): number {
  const base = STANDARD_CLAIM_SECONDS[c.id] ?? CHEAP_CLAIM_SECONDS;
  const x = base * profileFactor(c, profile);
  return profile === "quick" ? Math.min(x, QUICK_CAP_SECONDS) : x;
}

/** The most a claim costs in the quick profile (its expensive items are listed, not run). */
export const QUICK_CAP_SECONDS = 25;

/**
 * The claims that must run in one process because they share work (`workOf` gives each evidence
 * item's work), as lists of ids in catalogue order, groups ordered by their first claim.
 */
export function workGroups(claims: readonly Claim[], workOf: (e: Evidence) => string): string[][] {
  const parent = claims.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  const owner = new Map<string, number>();
  claims.forEach((c, i) => {
    for (const e of c.evidence) {
      const w = workOf(e);
      const j = owner.get(w);
      if (j === undefined) owner.set(w, i);
      else {
        const a = find(i);
        const b = find(j);
        // The smaller index is the root: a group is named by its first claim.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, string[]>();
  claims.forEach((c, i) => {
    const r = find(i);
    const g = groups.get(r) ?? [];
    g.push(c.id);
    groups.set(r, g);
  });
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
}

/**
 * Splits `claims` into `count` parts of about equal estimated cost: groups that share work stay
 * together, the most expensive group goes first to the cheapest part (ties: the lower part
 * number). Deterministic; every claim is in exactly one part; each part lists its ids in
 * catalogue order. Parts may be empty when there are fewer groups than parts.
 */
export function planShards(
  claims: readonly Claim[],
  count: number,
  profile: AuditProfileName,
  workOf: (e: Evidence) => string,
): { readonly ids: string[]; readonly seconds: number }[] {
  const byId = new Map(claims.map((c, i) => [c.id, { c, i }] as const));
  const cost = (ids: readonly string[]) =>
    ids.reduce((s, id) => s + claimSeconds((byId.get(id) as { c: Claim }).c, profile), 0);
  const groups = workGroups(claims, workOf).map((ids) => ({ ids, seconds: cost(ids) }));
  // Longest first; among equal costs, catalogue order.
  const order = groups
    .map((g, k) => ({ g, k }))
    .sort((a, b) => b.g.seconds - a.g.seconds || a.k - b.k);
  const parts = Array.from({ length: count }, () => ({ ids: [] as string[], seconds: 0 }));
  for (const { g } of order) {
    let best = 0;
    for (let p = 1; p < count; p++)
      if ((parts[p] as { seconds: number }).seconds < (parts[best] as { seconds: number }).seconds)
        best = p;
    const part = parts[best] as { ids: string[]; seconds: number };
    part.ids.push(...g.ids);
    part.seconds += g.seconds;
  }
  const index = (id: string) => (byId.get(id) as { i: number }).i;
  return parts.map((p) => ({
    ids: [...p.ids].sort((a, b) => index(a) - index(b)),
    seconds: p.seconds,
  }));
}
