/**
 * The P2P failure-tolerance experiment (claim S0-20): its decision rule on planted summaries, the
 * survivors' reference on a hand-built network, and the shape of small real runs.
 */
import { describe, expect, it } from "vitest";
import type { ProviderState, RecipientState } from "../../src/core/protocols/denominator.js";
import {
  decideScaling,
  decideTolerance,
  scalingSize,
  type ChurnScalePoint,
  planCrashes,
  runTolerance,
  summarizeSeries,
  survivorGap,
  wilson,
  type SeriesSummary,
  type ToleranceSample,
} from "../../src/audit/failure-tolerance.js";
import { medianInterval } from "../../src/audit/intervals.js";

function sample(
  settled: boolean,
  gap: number,
  extra: Partial<ToleranceSample> = {},
): ToleranceSample {
  return {
    series: "crashes",
    seed: 1,
    providers: [],
    recipients: [],
    settled,
    crashed: 0,
    joined: 0,
    liveRecipients: 10,
    doneRecipients: settled ? 10 : 9,
    initialSettled: settled,
    newcomersDone: 0,
    newcomersHeld: 0,
    newcomersWithoutProvider: 0,
    unrecognised: 0,
    unrecognisedEmpty: 0,
    survivorGap: gap,
    survivorGapAll: gap,
    simulatorGap: gap,
    violated: [],
    messages: 0,
    lastGrantMs: 1000,
    waitingOnCrashed: settled ? 0 : 1,
    ...extra,
  };
}

const series = (settled: readonly boolean[], gaps: readonly number[]): SeriesSummary =>
  summarizeSeries(
    "crashes",
    gaps.map((g, i) => sample(settled[i] ?? true, g)),
  );

const all = (n: number, v = true) => Array.from({ length: n }, () => v);
const base = series(all(8), [0.05, 0.06, 0.08, 0.1, 0.1, 0.12, 0.15, 0.17]);

describe("decideTolerance", () => {
  it("holds when the other series settles as often and its median distance is within the failure-free interval", () => {
    expect(
      decideTolerance(base, series(all(8), [0.01, 0.02, 0.03, 0.04, 0.05, 0.1, 0.15, 0.2])),
    ).toBe("holds");
  });

  it("fails when the other series settles less often beyond its interval", () => {
    expect(
      decideTolerance(base, series(all(8, false), [0.05, 0.06, 0.08, 0.1, 0.1, 0.12, 0.15, 0.17])),
    ).toBe("fails");
  });

  it("fails when its whole distance interval lies above the failure-free one", () => {
    expect(decideTolerance(base, series(all(8), [0.3, 0.31, 0.32, 0.4, 0.4, 0.5, 0.5, 0.6]))).toBe(
      "fails",
    );
  });

  it("is undecided when the median distance is above the failure-free interval but its own interval overlaps it", () => {
    expect(decideTolerance(base, series(all(8), [0.1, 0.2, 0.2, 0.2, 0.25, 0.3, 0.3, 0.3]))).toBe(
      "undecided",
    );
  });

  it("holds with a few unsettled runs when the rate's interval still reaches the failure-free rate", () => {
    const s = [true, true, true, true, true, true, false, true];
    expect(decideTolerance(base, series(s, [0.05, 0.06, 0.08, 0.1, 0.1, 0.12, 0.15, 0.17]))).toBe(
      "holds",
    );
  });

  it("is undecided when the settle rate falls below the failure-free interval but its own interval overlaps it", () => {
    const s = [true, false, true, false, true, false, true, false];
    expect(decideTolerance(base, series(s, [0.05, 0.06, 0.08, 0.1, 0.1, 0.12, 0.15, 0.17]))).toBe(
      "undecided",
    );
  });
});

describe("wilson", () => {
  it("gives the score interval (8/8: [0.676, 1]; 0/8: [0, 0.324])", () => {
    expect(wilson(8, 8)).toMatchObject({ rate: 1, upper: 1 });
    expect(wilson(8, 8).lower).toBeCloseTo(0.6756, 3);
    expect(wilson(0, 8).upper).toBeCloseTo(0.3244, 3);
  });
});

describe("survivorGap", () => {
  const recipient = (id: string, need: number, received: Record<string, number>): RecipientState =>
    ({
      role: "recipient",
      id,
      statedNeed: need,
      satisfaction: Object.values(received).reduce((a, b) => a + b, 0),
      providers: Object.fromEntries(Object.entries(received).map(([p, r]) => [p, { received: r }])),
    }) as unknown as RecipientState;
  const provider = (
    id: string,
    capacity: number,
    recipients: Record<string, number>,
  ): ProviderState => ({ role: "provider", id, capacity, recipients }) as unknown as ProviderState;

  // P1 (capacity 4) and P2 (capacity 4) each recognise R1 only; R1 needs 6 and got 3 from each.
  const states = [
    provider("P1", 4, { R1: 1 }),
    provider("P2", 4, { R1: 1 }),
    recipient("R1", 6, { P1: 3, P2: 3 }),
  ];

  it("is 0 when the recipient holds the reference allocation", () => {
    expect(survivorGap(states, [true, true, true])).toBeCloseTo(0, 9);
  });

  it("after P2 crashes: the survivors' reference gives R1 only P1's 4; grants from P2 no longer count", () => {
    // Held from live providers: 3; reference: 4 → |3 − 4| / 6.
    expect(survivorGap(states, [true, false, true], "live")).toBeCloseTo(1 / 6, 9);
    // Counting P2's earlier grant as held: 6 against 4 → 2 / 6.
    expect(survivorGap(states, [true, false, true], "all")).toBeCloseTo(2 / 6, 9);
  });
});

describe("the experiment's runs (small: two seeds)", () => {
  it("crashes the planned providers and recipients, and the joins series adds unrecognised newcomers", () => {
    const b = runTolerance("failure-free", 3);
    expect(b.crashed).toBe(0);
    expect(b.settled).toBe(true);
    const plan = planCrashes(3, b.providers, b.recipients);
    expect(plan.filter((c) => b.providers.includes(c.node))).toHaveLength(3);
    expect(plan.filter((c) => b.recipients.includes(c.node))).toHaveLength(5);
    expect(plan).toEqual(planCrashes(3, b.providers, b.recipients));
    const c = runTolerance("crashes", 3, plan);
    expect(c.crashed).toBe(8);
    expect(c.violated).toEqual([]);
    const j = runTolerance("joins", 3);
    expect(j.joined).toBeGreaterThan(0);
    expect(j.newcomersHeld).toBe(0);
    expect(j.initialSettled).toBe(true);
  });
});

describe("crashes during the allocation round (S0-20)", () => {
  it("draws S0-20's and S0-37's crashes in the allocation round", () => {
    for (const seed of [1, 2, 3]) {
      const b = runTolerance("failure-free", seed);
      for (const c of planCrashes(seed, b.providers, b.recipients)) {
        expect(c.at).toBeGreaterThanOrEqual(0);
        expect(c.at).toBeLessThan(1000);
      }
      // Every grant of a failure-free run is made early in the run (the allocation round).
      expect(b.lastGrantMs).toBeLessThan(1100);
    }
    const big = scalingSize(100);
    const ids = Array.from({ length: 100 }, (_, i) => `N${i}`);
    for (const c of planCrashes(1, ids.slice(0, 30), ids.slice(30), big)) {
      expect(c.at).toBeGreaterThanOrEqual(0);
      expect(c.at).toBeLessThan(1000);
    }
  });

  it("a run that does not settle has every unfinished recipient waiting on a crashed provider", () => {
    let unsettled = 0;
    for (const seed of [1, 2, 3, 4]) {
      const b = runTolerance("failure-free", seed);
      expect(b.waitingOnCrashed).toBe(0);
      const c = runTolerance("crashes", seed, planCrashes(seed, b.providers, b.recipients));
      expect(c.waitingOnCrashed).toBe(c.liveRecipients - c.doneRecipients);
      if (!c.settled) unsettled++;
    }
    expect(unsettled).toBeGreaterThan(0);
  });
});

describe("decideScaling (S0-37: n = 100 against n = 1 000)", () => {
  const point = (n: number, crashes: SeriesSummary, joins: SeriesSummary): ChurnScalePoint => ({
    n,
    crashes,
    joins,
    messagesPerNode: medianInterval([3.5]),
  });
  const never = series(all(8, false), [0.05, 0.06, 0.08, 0.1, 0.1, 0.12, 0.15, 0.17]);
  // Runs with newcomers that never settle while their initial recipients all do.
  const joinsOpen = summarizeSeries(
    "joins",
    [0.05, 0.06, 0.08, 0.1, 0.1, 0.12, 0.15, 0.17].map((g) =>
      sample(false, g, { initialSettled: true }),
    ),
  );
  const far = series(all(8), [0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37]);

  it("crashes hold when the larger n settles as often and no farther; joins fail when they never settle", () => {
    expect(decideScaling([point(100, base, joinsOpen), point(1000, base, joinsOpen)])).toEqual({
      crashes: "holds",
      joins: "fails",
    });
  });

  it("crashes fail when the larger n settles less often, or sits farther beyond the intervals", () => {
    expect(decideScaling([point(100, base, never), point(1000, never, never)]).crashes).toBe(
      "fails",
    );
    expect(decideScaling([point(100, base, never), point(1000, far, never)]).crashes).toBe("fails");
  });

  it("crashes fail when the survivors settle less often than the population without crashes, at every n alike", () => {
    // No degradation with n, but neither size settles while its crash-free population does.
    expect(decideScaling([point(100, never, base), point(1000, never, base)]).crashes).toBe(
      "fails",
    );
  });

  it("compares the largest n with the smallest, not the other way round", () => {
    // A smaller n that degrades is not a failure of scale.
    expect(decideScaling([point(100, far, base), point(1000, base, base)]).crashes).toBe("holds");
  });

  it("joins hold when runs with newcomers settle as often as their initial recipients", () => {
    expect(decideScaling([point(100, base, base), point(1000, base, base)]).joins).toBe("holds");
    // Judged against the initial recipients, not the crash series: both failing is no pass.
    expect(decideScaling([point(100, never, joinsOpen), point(1000, never, joinsOpen)])).toEqual({
      crashes: "fails",
      joins: "fails",
    });
  });

  it("is undecided with no point", () => {
    expect(decideScaling([])).toEqual({ crashes: "undecided", joins: "undecided" });
  });

  it("scales churn with n: 20 % of the nodes crash (7.5 % providers, 12.5 % recipients), 10 % join", () => {
    expect(scalingSize(1000)).toMatchObject({
      nodes: 1000,
      crashedProviders: 75,
      crashedRecipients: 125,
      joinsPerMinute: 600,
    });
  });
});
