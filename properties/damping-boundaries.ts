/**
 * Boundary classes of the damping suite's generator (`arbDampingCase`, SPEC.md §6.2): each
 * class of history, the window's edges, ties in time, unsorted and long histories.
 */
import { boundaries, type BoundaryClass } from "./boundaries.js";
import { arbDampingCase, specDamping, specWindow, type DampingCase } from "./damping.js";

const W = 30_000;

const inWindow = (c: DampingCase) =>
  c.history.filter((e) => c.now - W < e.timestamp && e.timestamp <= c.now);

const classes: BoundaryClass<DampingCase>[] = [
  ...(["oscillating", "smooth", "moderate", "fewer-than-three"] as const).map(
    (cls): BoundaryClass<DampingCase> => ({
      name: `classified ${cls}`,
      spec: "§6.2",
      minPer1000: 50,
      hit: (c) => specDamping(c.history, c.now).cls === cls,
    }),
  ),
  {
    name: "an entry exactly 30 s old (out)",
    spec: "§6.2 (window)",
    minPer1000: 50,
    hit: (c) => c.history.some((e) => e.timestamp === c.now - W),
  },
  {
    name: "an entry 30 s − 1 ms old (in)",
    spec: "§6.2 (window)",
    minPer1000: 50,
    hit: (c) => c.history.some((e) => e.timestamp === c.now - W + 1),
  },
  {
    name: "an entry at now",
    spec: "§6.2 (window)",
    minPer1000: 50,
    hit: (c) => c.history.some((e) => e.timestamp === c.now),
  },
  {
    name: "an entry in the future",
    spec: "§6.2 (window)",
    minPer1000: 50,
    hit: (c) => c.history.some((e) => e.timestamp > c.now),
  },
  {
    name: "a tie in time among the last three",
    spec: "§6.2 (order)",
    minPer1000: 30,
    hit: (c) => {
      const w = specWindow(c.history, c.now);
      return new Set(w.map((e) => e.timestamp)).size < w.length;
    },
  },
  {
    name: "a tie in time at the cut between the last three and older entries",
    spec: "§6.2 (order)",
    minPer1000: 10,
    hit: (c) => {
      const w = specWindow(c.history, c.now);
      const oldest = w[0];
      return (
        w.length === 3 &&
        oldest !== undefined &&
        inWindow(c).filter((e) => e.timestamp === oldest.timestamp).length >
          w.filter((e) => e.timestamp === oldest.timestamp).length
      );
    },
  },
  {
    name: "a flat step (no change) among the last three",
    spec: "§6.2 (classes)",
    minPer1000: 30,
    hit: (c) => {
      const v = specWindow(c.history, c.now).map((e) => e.overAllocation);
      return v.length === 3 && (v[0] === v[1] || v[1] === v[2]);
    },
  },
  {
    name: "equal magnitudes of opposite signs among the last three",
    spec: "§6.2 (classes)",
    hit: (c) => {
      const v = specWindow(c.history, c.now).map((e) => e.overAllocation);
      return v.some((x) => x !== 0 && v.includes(-x));
    },
  },
  {
    name: "more than three entries in the window",
    spec: "§6.2 (last three)",
    minPer1000: 100,
    hit: (c) => inWindow(c).length > 3,
  },
  {
    name: "a history not sorted by time",
    spec: "§6.2 (order)",
    minPer1000: 100,
    hit: (c) => c.history.some((e, k) => k > 0 && e.timestamp < (c.history[k - 1]?.timestamp ?? 0)),
  },
  {
    name: "20 or more entries",
    spec: "§6.2",
    minPer1000: 50,
    hit: (c) => c.history.length >= 20,
  },
  {
    name: "now at the edges of time (≤ 30 001 ms, ≥ 2^53 − 30 001 ms)",
    spec: "§1 (timestamps)",
    minPer1000: 5,
    hit: (c) => c.now <= W + 1 || c.now >= Number.MAX_SAFE_INTEGER - W - 1,
  },
  {
    name: "the seed's example [10, 5, 8]",
    spec: "§6.2",
    minPer1000: 5,
    hit: (c) => c.history.map((e) => e.overAllocation).join() === "10,5,8",
  },
];

/** The damping suite's generator and its boundary classes. */
export const DAMPING_BOUNDARIES = boundaries<DampingCase>({
  generator: "arbDampingCase",
  suite: "dynamics",
  ids: ["DAMP-1", "DAMP-2", "DAMP-3", "DAMP-4"],
  arbitrary: arbDampingCase(),
  classes,
});
