/**
 * How the audit splits its claims into parts (`--shard i/n`, `--jobs n`): every claim in exactly
 * one part, claims that share work in the same part (else two parts run it twice), parts of about
 * equal estimated cost, the same split every time.
 */
import { describe, expect, it } from "vitest";
import { loadClaims, defaultClaimsPath, type Claim } from "../../src/audit/claims.js";
import {
  CHEAP_CLAIM_SECONDS,
  MIN_PART_SECONDS,
  QUICK_CLAIM_SECONDS,
  STANDARD_CLAIM_SECONDS,
  claimSeconds,
  defaultJobs,
  planShards,
  plannedSeconds,
  workGroups,
} from "../../src/audit/claim-costs.js";
import { workKey } from "../../src/audit/runners.js";
import { AUDIT_PROFILES } from "../../src/audit/claims.js";
import { PROFILES } from "../../src/audit/profiles.js";

const cat = loadClaims(defaultClaimsPath());
const claims: readonly Claim[] = cat.claims;

describe("audit parts (claim-costs)", () => {
  it("keeps claims that share work in one group", () => {
    const groups = workGroups(claims, workKey);
    const groupOf = (id: string) => groups.findIndex((g) => g.includes(id));
    // The V2 sweep (S2-14 and S3-25), the failure-tolerance series (one claim, two items), and
    // every claim naming the same scenario.
    expect(groupOf("S2-14")).toBe(groupOf("S3-25"));
    for (const g of groups) expect(g.length).toBeGreaterThan(0);
    expect(groups.flat().sort()).toEqual(claims.map((c) => c.id).sort());
    const owner = new Map<string, number>();
    groups.forEach((g, k) => {
      for (const id of g)
        for (const e of (claims.find((c) => c.id === id) as Claim).evidence) {
          const w = workKey(e);
          if (w === undefined) continue;
          const had = owner.get(w);
          if (had !== undefined) expect(had, `${id}: ${w}`).toBe(k);
          owner.set(w, k);
        }
    });
  });

  for (const profile of AUDIT_PROFILES)
    it(`splits the ${profile} profile into parts of about equal cost, the same way each time`, () => {
      for (const n of [1, 2, 3, 4, 8]) {
        const parts = planShards(claims, n, profile, workKey);
        expect(parts).toHaveLength(n);
        const ids = parts.flatMap((p) => p.ids);
        expect(ids.sort()).toEqual(claims.map((c) => c.id).sort());
        for (const p of parts) {
          const order = p.ids.map((id) => claims.findIndex((c) => c.id === id));
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }
        // Greedy longest-first: no part exceeds the cheapest by more than the costliest group.
        const costliest = Math.max(
          ...workGroups(claims, workKey).map((g) =>
            g.reduce(
              (s, id) => s + claimSeconds(claims.find((c) => c.id === id) as Claim, profile),
              0,
            ),
          ),
        );
        // Planned CPU costs of the parts (no clock is read here).
        const planned = parts.map((p) => p.seconds);
        expect(Math.max(...planned) - Math.min(...planned)).toBeLessThanOrEqual(costliest + 1e-9);
        expect(planShards(claims, n, profile, workKey)).toEqual(parts);
      }
    });

  it("charges every measured claim its measured cost in quick and standard, and the expensive ones more in full", () => {
    for (const [profile, table] of [
      ["quick", QUICK_CLAIM_SECONDS],
      ["standard", STANDARD_CLAIM_SECONDS],
    ] as const) {
      for (const [id, s] of Object.entries(table)) {
        expect(
          claims.some((c) => c.id === id),
          id,
        ).toBe(true);
        expect(s).toBeGreaterThan(0);
      }
      // The plan of a measured profile is its measurement (no scaling from another profile).
      for (const c of claims)
        expect(claimSeconds(c, profile), `${profile} ${c.id}`).toBe(
          table[c.id] ?? CHEAP_CLAIM_SECONDS,
        );
    }
    // Measured 2026-12-07 (bench/RESULTS.md, session 8): quick 102.6 s, standard 1 479 s of CPU.
    expect(plannedSeconds(claims, "quick")).toBeCloseTo(105, -1);
    expect(plannedSeconds(claims, "standard")).toBeCloseTo(1484, -1);
    const s037 = claims.find((c) => c.id === "S0-37") as Claim;
    expect(claimSeconds(s037, "full")).toBeGreaterThan(claimSeconds(s037, "standard"));
  });

  it("defaults --jobs to the cores, fewer for a selection too cheap or too small to split", () => {
    const pick = (ids: readonly string[]) => claims.filter((c) => ids.includes(c.id));
    // The whole catalogue in quick: every core of a 2- or 4-core machine, one process on one core.
    expect(plannedSeconds(claims, "quick")).toBeGreaterThan(4 * MIN_PART_SECONDS);
    expect(defaultJobs(claims, "quick", 2, workKey)).toBe(2);
    expect(defaultJobs(claims, "quick", 4, workKey)).toBe(4);
    expect(defaultJobs(claims, "quick", 1, workKey)).toBe(1);
    // No more processes than groups of claims sharing work, whatever the cores.
    const groups = workGroups(claims, workKey).length;
    expect(defaultJobs(claims, "full", 10_000, workKey)).toBe(groups);
    // The selection the ledger tests run (cheap, three claims in two groups): one process.
    const cheap = pick(["S0-14", "S4-2", "S4-5"]);
    expect(plannedSeconds(cheap, "quick")).toBeLessThan(MIN_PART_SECONDS);
    expect(defaultJobs(cheap, "quick", 8, workKey)).toBe(1);
    // One group, however costly (S2-14 and S3-25 share the V2 sweep): one process.
    const oneGroup = pick(["S2-14", "S3-25"]);
    expect(plannedSeconds(oneGroup, "standard")).toBeGreaterThan(2 * MIN_PART_SECONDS);
    expect(defaultJobs(oneGroup, "standard", 8, workKey)).toBe(1);
    // Two costly groups of about the cost of two parts: two processes on 8 cores.
    const two = pick(["S2-9", "S2-19"]);
    expect(workGroups(two, workKey)).toHaveLength(2);
    expect(defaultJobs(two, "standard", 8, workKey)).toBe(2);
  });

  it("counts the units of a claim that splits by seed in the default --jobs, as the planner does", () => {
    const pick = (ids: readonly string[]) => claims.filter((c) => ids.includes(c.id));
    const nonEmpty = (sel: readonly Claim[], n: number, seeds: number) =>
      planShards(sel, n, "standard", workKey, { seeds }).every(
        (p) => p.ids.length + p.units.length > 0,
      );
    // S2-19 alone in the standard profile (621 s, two V1 sweeps × 8 seeds = 16 units): one group,
    // but every core up to its 16 units gets a part; whole (no `split`: --time-budget) one process.
    const s219 = pick(["S2-19"]);
    for (const [cores, jobs] of [
      [1, 1],
      [2, 2],
      [4, 4],
      [8, 8],
      [32, 16],
    ] as const) {
      expect(defaultJobs(s219, "standard", cores, workKey, { seeds: 8 })).toBe(jobs);
      expect(defaultJobs(s219, "standard", cores, workKey)).toBe(1);
    }
    expect(nonEmpty(s219, 16, 8)).toBe(true);
    expect(nonEmpty(s219, 17, 8)).toBe(false);
    // Its units follow --seeds: 5 seeds, 10 units.
    expect(defaultJobs(s219, "standard", 32, workKey, { seeds: 5 })).toBe(10);
    // Too cheap to split in the quick profile (5.7 s < MIN_PART_SECONDS): one process.
    expect(plannedSeconds(s219, "quick")).toBeLessThan(MIN_PART_SECONDS);
    expect(defaultJobs(s219, "quick", 8, workKey, { seeds: 5 })).toBe(1);
    // With S2-9 (117 s, whole) on 8 cores: S2-19 costs more than an eighth of 738 s, so splits.
    expect(defaultJobs(pick(["S2-9", "S2-19"]), "standard", 8, workKey, { seeds: 8 })).toBe(8);
    // The even-share rule: four groups of 63.7 s in quick, S2-19 (5.7 s) one of them. Five parts
    // would need S2-19 split, but it costs less than 63.7 / 5 s, so it stays whole and the default
    // stays at the four groups, though 8 cores and 6 parts of 10 s would allow more.
    const four = pick(["S0-17", "S2-1", "S2-4", "S2-8", "S2-19"]);
    expect(workGroups(four, workKey)).toHaveLength(4);
    expect(Math.floor(plannedSeconds(four, "quick") / MIN_PART_SECONDS)).toBe(6);
    expect(defaultJobs(four, "quick", 8, workKey, { seeds: 5 })).toBe(4);
    // The whole catalogue: unchanged on 2 and 4 cores; on unbounded cores the full profile's
    // S2-19 becomes its 40 units (20 seeds × 2 sweeps) instead of one group.
    for (const p of AUDIT_PROFILES)
      for (const cores of [2, 4])
        expect(defaultJobs(claims, p, cores, workKey, { seeds: PROFILES[p].seeds })).toBe(cores);
    const groups = workGroups(claims, workKey).length;
    expect(defaultJobs(claims, "full", 10_000, workKey, { seeds: 20 })).toBe(groups - 1 + 40);
  });
});
