import { describe, expect, it } from "vitest";
import { percentile } from "../../../src/engine/sim/need-changes.js";
import { parseScenarioDocument } from "../../../src/engine/sim/scenario.js";
import { summarize, nullIsInfinite } from "../../../src/audit/seed-runs.js";
import { run, v1Doc, v2Doc } from "./helpers.js";

/** A quiet V2 network: constant 10 ms links, changes far apart after it has converged. */
const quietV2 = (over: Record<string, unknown> = {}) =>
  v2Doc({
    duration: 60_000,
    network: { latency: { dist: "constant", ms: 10 } },
    needChanges: { perMinute: 6, from: 20_000, until: 55_000 },
    ...over,
  });

const num = (v: unknown): number => {
  expect(typeof v).toBe("number");
  return v as number;
};

describe("need changes (S2-1, S3-1, S2-8)", () => {
  it("V2 publishes a change within its 100 ms debounce and is seen two debounces and two hops later", () => {
    const r = run(quietV2()).report;
    const m = r.metrics;
    expect(num(m["needChanges"])).toBeGreaterThanOrEqual(3);
    expect(m["changesUnpublished"]).toBe(0);
    expect(m["changesUnseen"]).toBe(0);
    // The debounce coalesces: a change is published when the armed recompute fires (≤ 100 ms).
    expect(num(m["changeToPublishMaxMs"])).toBeLessThanOrEqual(100);
    expect(num(m["changeToPublishP50Ms"])).toBe(100);
    // Publication (100) + a hop (10) + the provider's debounce (100) + a hop (10), at most.
    expect(num(m["changeToVisibleP50Ms"])).toBe(220);
    expect(num(m["changeToVisibleMaxMs"])).toBeLessThanOrEqual(220);
  });

  it("V1 publishes a change at its next round start and shows it after that round's compute", () => {
    const roundMs = 5_000;
    const r = run(
      v1Doc({
        network: { latency: { dist: "constant", ms: 10 } },
        needChanges: { perMinute: 12, from: 20_000, until: 80_000 },
      }),
    ).report;
    const m = r.metrics;
    expect(num(m["needChanges"])).toBeGreaterThanOrEqual(5);
    expect(m["changesUnseen"]).toBe(0);
    expect(num(m["changeToPublishMaxMs"])).toBeLessThanOrEqual(roundMs + 1_000);
    // Not reactive: a change waits for a round boundary, on average half a round.
    expect(num(m["changeToPublishP50Ms"])).toBeGreaterThan(500);
    // Seen once a provider computed on it (40 % into the round) and its results arrived.
    expect(num(m["changeToVisibleP50Ms"])).toBeGreaterThan(num(m["changeToPublishP50Ms"]));
    expect(num(m["changeToVisibleMaxMs"])).toBeLessThanOrEqual(
      num(m["changeToPublishMaxMs"]) + 0.4 * roundMs + 10 + 1_000,
    );
  });

  it("the message-rate bins account for every message sent in the window", () => {
    // Window = the whole run: mean × seconds = messages sent; V1's round bursts peak high.
    const duration = 100_000;
    const r = run(
      v1Doc({
        duration,
        needChanges: { perMinute: 6, from: 0, until: duration, binMs: 1000 },
      }),
    ).report;
    const sent = Object.values(r.sentByKind).reduce((a, b) => a + b, 0);
    expect(num(r.metrics["meanRate"]) * (duration / 1000)).toBeCloseTo(sent, 6);
    expect(num(r.metrics["peakToMeanRate"])).toBeGreaterThan(3);
    expect(num(r.metrics["peakRate"])).toBe(
      num(r.metrics["peakToMeanRate"]) * num(r.metrics["meanRate"]),
    );
  });

  it("a run without need changes reports none of these metrics", () => {
    const r = run(v2Doc({ duration: 3_000 })).report;
    expect(r.metrics["needChanges"]).toBeUndefined();
    const s = summarize(r, "x", 0.1);
    expect(s.metrics.changeToPublishP50Ms).toBeNull();
    expect(s.needChanges).toBeUndefined();
    expect(nullIsInfinite("changeToPublishP50Ms", [s])).toBe(false);
    const w = summarize(
      run(quietV2({ duration: 30_000, needChanges: { perMinute: 6, from: 5_000, until: 25_000 } }))
        .report,
      "x",
      0.1,
    );
    expect(w.needChanges).toBeGreaterThan(0);
    expect(nullIsInfinite("changeToPublishP50Ms", [w])).toBe(true);
    expect(nullIsInfinite("peakRate", [w])).toBe(false);
  });

  it("percentiles are nearest-rank and keep +∞", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 90)).toBe(4);
    expect(percentile([1, Number.POSITIVE_INFINITY], 100)).toBe(Number.POSITIVE_INFINITY);
  });

  it("the scenario file says where need changes do not apply", () => {
    const p2p = parseScenarioDocument(
      {
        protocol: "p2p",
        duration: 1000,
        nodes: { count: 4 },
        topology: { kind: "ring" },
        needChanges: { perMinute: 1, until: 500 },
      },
      "t",
    );
    expect(p2p.ok ? [] : p2p.errors).toEqual([
      "needChanges: need changes apply to V1 and V2 runs only",
    ]);
    const late = parseScenarioDocument(quietV2({ duration: 10_000 }), "t");
    expect(late.ok ? [] : late.errors).toEqual([
      "needChanges.until: must be at most the duration (10000)",
    ]);
  });
});
