/**
 * The scaling experiments of claims S2-14, S3-25 and S2-19 (src/audit/scaling-sweeps.ts,
 * itc-op-cost.ts, scaling-experiments.ts): the counting walks compute what the ITC library
 * computes, the log–log fit recovers a known exponent, and each decision rule decides the way
 * its catalogue entry says on intervals built to sit on either side of its threshold. Small runs:
 * the logic, not the audit's figures.
 */
import { describe, expect, it } from "vitest";
import * as itc from "../../src/core/itc/index.js";
import type { Stamp } from "../../src/core/itc/index.js";
import { Rng } from "../../src/engine/sim/rng.js";
import { countJoin, countLeq, measureOpCost } from "../../src/audit/itc-op-cost.js";
import {
  decideContains,
  decideExponent,
  fitExponent,
  logarithmicExponent,
  runSizeSweep,
  type ExponentFit,
} from "../../src/audit/scaling-sweeps.js";
import {
  finalOperandPairs,
  thresholdDecision,
  v1ScalingResult,
} from "../../src/audit/scaling-experiments.js";

/** Random stamps from a random history: forks, events, sends and receives (seeded). */
function history(seed: number, n: number, steps: number): Stamp[] {
  const rng = Rng.derive(seed, "scaling-claims-test");
  const ps: Stamp[] = [itc.seed()];
  while (ps.length < n) {
    const i = rng.int(0, ps.length - 1);
    const [a, b] = itc.fork(ps[i] as Stamp);
    ps[i] = a;
    ps.push(b);
  }
  for (let k = 0; k < steps; k++) {
    const p = rng.int(0, n - 1);
    const q = (p + 1 + rng.int(0, n - 2)) % n;
    if (rng.float() < 0.3) ps[p] = itc.event(ps[p] as Stamp);
    else {
      const [s, m] = itc.send(ps[p] as Stamp);
      ps[p] = s;
      ps[q] = itc.receive(ps[q] as Stamp, m);
    }
  }
  return ps;
}

describe("countLeq and countJoin", () => {
  it("compute the library's leq and join on stamps of random histories", () => {
    for (const seed of [1, 2, 3, 4])
      for (const n of [2, 5, 12]) {
        const ps = history(seed, n, 6 * n);
        for (const a of ps)
          for (const b of ps) {
            expect(countLeq(a.event, b.event).result).toBe(itc.leq(a, itc.peek(b)));
            if (a === b) continue;
            const j = countJoin(a.event, b.event).result;
            expect(itc.encode({ id: 0, event: j } as Stamp)).toEqual(
              itc.encode(itc.peek(itc.join(a, itc.peek(b)))),
            );
          }
      }
  });

  it("count one visit per call of the paper's definitions", () => {
    expect(countLeq(3, 4).visits).toBe(1);
    expect(countJoin(3, 4)).toEqual({ result: 4, visits: 1 });
    // (1, 2, 0) ⊔ 0: the counter is expanded to (0, 0, 0), the pair swapped (the smaller root
    // first: a second call), and the walk goes down both sides (two more).
    expect(countJoin({ n: 1, l: 2, r: 0 }, 0)).toEqual({
      result: { n: 1, l: 2, r: 0 },
      visits: 4,
    });
    // leq stops at the first larger counter: (2, 1, 0) ≤ 1 fails at the root.
    expect(countLeq({ n: 2, l: 1, r: 0 }, 1)).toEqual({ result: false, visits: 1 });
    expect(countLeq({ n: 0, l: 1, r: 0 }, 1)).toEqual({ result: true, visits: 3 });
  });

  it("grow with the event trees: larger histories cost more visits per operation", () => {
    const pairs = (n: number) => {
      const ps = history(7, n, 10 * n);
      return ps.slice(1).map((peer) => ({ own: ps[0] as Stamp, peer }));
    };
    const small = measureOpCost(pairs(4), 50, 1, "4");
    const large = measureOpCost(pairs(32), 50, 1, "32");
    expect(small.pairs).toBe(3);
    expect(large.pairs).toBe(31);
    expect(large.joinVisits).toBeGreaterThan(small.joinVisits);
    expect(large.operandBits).toBeGreaterThan(small.operandBits);
  });
});

describe("fitExponent", () => {
  const sizes = [10, 30, 100, 300];
  const seeds = [1, 2, 3, 4, 5];
  const noise = (n: number, seed: number) => 1 + 0.05 * Math.sin(n * seed);

  it("recovers the exponent of a power law over seeds, and its value at a larger n", () => {
    const f = fitExponent("x", sizes, seeds, (n, s) => 3 * n ** 1.5 * noise(n, s), 10_000);
    expect(f.censoredSeeds).toBe(0);
    expect(f.exponent.lower as number).toBeGreaterThan(1.45);
    expect(f.exponent.upper as number).toBeLessThan(1.55);
    expect(f.perN.map((p) => p.n)).toEqual(sizes);
    const at = f.extrapolated?.value.median as number;
    expect(at / (3 * 10_000 ** 1.5)).toBeGreaterThan(0.8);
    expect(at / (3 * 10_000 ** 1.5)).toBeLessThan(1.25);
  });

  it("has no exponent for a seed with a censored run (counted as +∞)", () => {
    const f = fitExponent("x", sizes, seeds, (n, s) => (s === 5 && n === 300 ? null : n));
    expect(f.censoredSeeds).toBe(1);
    expect(f.exponent.upper).toBeNull();
    expect(f.exponent.lower).toBe(1);
    expect(f.perN[3]?.value.censored).toBe(1);
  });

  it("the logarithm's exponent over the sizes is the slope of log log₂ n", () => {
    expect(logarithmicExponent([10, 300])).toBeCloseTo(
      Math.log(Math.log2(300) / Math.log2(10)) / Math.log(30),
      5,
    );
    // Far below linear growth over these sizes: what S2-14's rule compares with.
    expect(logarithmicExponent([10, 30, 100, 300])).toBeLessThan(0.35);
  });
});

/** A fit with a given exponent interval over 5 seeds (`censored` of them censored). */
function fit(lower: number | null, upper: number | null, censored = 0): ExponentFit {
  return {
    metric: "x",
    exponent: { n: 5, median: lower, lower, upper, confidence: 0.9375, censored },
    censoredSeeds: censored,
    perN: [],
  };
}

describe("decision rules", () => {
  it("S3-25: linear when the interval contains 1; refuted when it lies on one side", () => {
    expect(decideContains(fit(0.9, 1.1), 1, 0.25)).toBe("holds");
    expect(decideContains(fit(1.2, 1.6), 1, 0.25)).toBe("fails");
    expect(decideContains(fit(0.4, 0.8), 1, 0.25)).toBe("fails");
    // Censored seeds: an unbounded interval decides nothing, nor do too many censored seeds.
    expect(decideContains(fit(0.9, null, 1), 1, 0.25)).toBe("undecided");
    expect(decideContains(fit(0.9, 1.1, 2), 1, 0.25)).toBe("undecided");
    expect(decideContains(fit(1.2, null, 2), 1, 0.25)).toBe("undecided");
  });

  it("S2-14 and S2-19: the whole interval on one side of the threshold", () => {
    expect(decideExponent(fit(0.9, 1.2), ">", 0.3, 0.25)).toBe("holds");
    expect(decideExponent(fit(0.1, 0.25), ">", 0.3, 0.25)).toBe("fails");
    expect(decideExponent(fit(0.2, 0.5), ">", 0.3, 0.25)).toBe("undecided");
    expect(decideExponent(fit(0.9, 1.2, 2), ">", 0.3, 0.25)).toBe("undecided");
  });

  it("S2-19's threshold: no cliff at 100 when V1 already fails below it", () => {
    const p = (n: number, converged: number) => ({ n, converged, runs: 8 });
    expect(thresholdDecision([p(10, 6), p(30, 2), p(100, 0)])).toBe("holds");
    expect(thresholdDecision([p(10, 8), p(30, 7), p(300, 1)])).toBe("fails");
    expect(thresholdDecision([p(10, 8), p(30, 7), p(300, 6)])).toBe("undecided");
    expect(thresholdDecision([p(300, 0)])).toBe("undecided");
  });
});

describe("the sweeps on small networks", () => {
  it("all-to-all V1 sends n(n − 1) round-states a round, and its rule sees quadratic growth", () => {
    const sweep = {
      scenario: "v1-vs-v2-100",
      variant: "documents" as const,
      runs: ["v1-100"],
      sizes: [8, 16, 32],
      seeds: [1, 2],
      set: { duration: 2 * 90_000 },
      quietFraction: 0.1,
    };
    const r = v1ScalingResult(sweep, runSizeSweep(sweep));
    const states = r.fits.find((f) => f.metric === "roundStatesPerRound");
    expect(states?.perN.map((p) => p.value.median)).toEqual([56, 240, 992]);
    expect(r.rules.map((x) => x.decision)).toEqual(["holds", "holds"]);
  });

  it("V2's final stamps give one pair per peer a node accepted from", () => {
    const sweep = {
      scenario: "v2-100",
      sizes: [8],
      seeds: [1],
      set: { duration: 5_000 },
      quietFraction: 0.1,
    };
    let pairs = 0;
    let peers = 0;
    runSizeSweep(sweep, (_n, _seed, out) => {
      pairs = finalOperandPairs(out.result.states, out.result.alive).length;
      for (const st of out.result.states)
        peers += Object.keys((st as { lastCommitStamp: object }).lastCommitStamp).length;
    });
    expect(pairs).toBeGreaterThan(0);
    expect(pairs).toBe(peers);
  });
});
