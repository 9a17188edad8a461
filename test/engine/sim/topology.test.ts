import { describe, expect, it } from "vitest";
import { EventAgenda, EventQueue } from "../../../src/engine/sim/event-queue.js";
import { deriveSeed, Rng } from "../../../src/engine/sim/rng.js";
import {
  adjacencyOf,
  buildGraph,
  recognitionGraph,
  topologyStats,
  type TopologySpec,
} from "../../../src/engine/sim/topology.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

describe("event queue and seeded streams", () => {
  it("orders by time, then by insertion (ties are deterministic)", () => {
    const q = new EventQueue<{ time: number; seq: number; tag: string }>();
    let seq = 0;
    for (const [t, tag] of [
      [5, "a"],
      [1, "b"],
      [5, "c"],
      [1, "d"],
      [0, "e"],
    ] as const)
      q.push({ time: t, seq: seq++, tag });
    const out: string[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.tag);
    expect(out).toEqual(["e", "b", "d", "a", "c"]);
  });

  it("the typed agenda pops what the object queue pops, fields intact, slots reused (seed 7)", () => {
    // Interleaved pushes and pops with many equal times, past the initial capacity (1024).
    const rng = new Rng(7);
    const q = new EventQueue<{ time: number; seq: number; tag: number }>();
    const a = new EventAgenda();
    let seq = 0;
    const got: number[][] = [];
    const want: number[][] = [];
    for (let k = 0; k < 6000; k++) {
      if (rng.float() < 0.6 || q.size === 0) {
        const time = rng.int(0, 40) * 0.5;
        const tag = k;
        q.push({ time, seq: seq++, tag });
        a.push(time, tag % 5, tag, -tag - 1, { tag }, `t${tag}`, tag * 3);
      } else {
        const e = q.pop() as { time: number; tag: number };
        const t = a.peekTime();
        const s = a.pop();
        want.push([e.time, e.tag, e.tag % 5, -e.tag - 1, e.tag * 3]);
        got.push([
          t,
          a.node[s] as number,
          a.type[s] as number,
          a.from[s] as number,
          a.gen[s] as number,
        ]);
        expect(a.msg[s]).toEqual({ tag: e.tag });
        expect(a.name[s]).toBe(`t${e.tag}`);
      }
      expect(a.size).toBe(q.size);
    }
    while (q.size > 0) {
      const e = q.pop() as { time: number; tag: number };
      const t = a.peekTime();
      const s = a.pop();
      want.push([e.time, e.tag, e.tag % 5, -e.tag - 1, e.tag * 3]);
      got.push([
        t,
        a.node[s] as number,
        a.type[s] as number,
        a.from[s] as number,
        a.gen[s] as number,
      ]);
    }
    expect(got).toEqual(want);
    expect(a.pop()).toBe(-1);
    expect(a.peekTime()).toBe(Infinity);
  });

  it("derived streams are reproducible and independent of each other", () => {
    const a = Rng.derive(42, "node:a");
    const b = Rng.derive(42, "node:a");
    expect([a.float(), a.float(), a.int(0, 9)]).toEqual([b.float(), b.float(), b.int(0, 9)]);
    expect(deriveSeed(42, "node:a")).not.toBe(deriveSeed(42, "node:b"));
    expect(deriveSeed(42, "x")).not.toBe(deriveSeed(43, "x"));
  });
});

describe("topologies", () => {
  const degrees = (spec: TopologySpec, n: number) => {
    const g = buildGraph(spec, ids(n), new Rng(1));
    return adjacencyOf(g, ids(n)).map((a) => a.length);
  };

  it("ring, grid, star, full mesh have their textbook shape", () => {
    expect(new Set(degrees({ kind: "ring" }, 10))).toEqual(new Set([2]));
    expect(degrees({ kind: "star" }, 6)).toEqual([5, 1, 1, 1, 1, 1]);
    expect(new Set(degrees({ kind: "full-mesh" }, 7))).toEqual(new Set([6]));
    expect(Math.max(...degrees({ kind: "grid" }, 16))).toBe(4);
  });

  it("random regular graphs are simple and d-regular (configuration model with retries)", () => {
    for (const d of [3, 6, 10])
      expect(new Set(degrees({ kind: "random-regular", degree: d }, 200))).toEqual(new Set([d]));
  });

  it("Watts–Strogatz keeps k·n/2 edges; Barabási–Albert has a hub; Erdős–Rényi has about the asked mean degree", () => {
    expect(
      degrees({ kind: "watts-strogatz", k: 4, beta: 0.3 }, 100).reduce((a, b) => a + b, 0),
    ).toBe(400);
    expect(Math.max(...degrees({ kind: "barabasi-albert", m: 2 }, 300))).toBeGreaterThan(15);
    const er = degrees({ kind: "erdos-renyi", avgDegree: 6 }, 500);
    expect(er.reduce((a, b) => a + b, 0) / 500).toBeGreaterThan(5);
    expect(er.reduce((a, b) => a + b, 0) / 500).toBeLessThan(7);
  });

  it("recognition graphs have an edge exactly where both recognise each other (MR > 0)", () => {
    const g = recognitionGraph(["a", "b", "c"], { a: { b: 1, c: 2 }, b: { a: 3 }, c: {} });
    expect(g.size).toBe(1);
    expect(g.hasEdge("a", "b")).toBe(true);
  });

  it("SIM-7 reports components and an exact diameter, or a lower bound beyond 5 000 nodes", () => {
    const small = ids(12);
    const g = buildGraph({ kind: "ring" }, small, new Rng(1));
    const st = topologyStats(g, small, adjacencyOf(g, small), new Rng(1));
    expect(st).toMatchObject({ components: 1, diameter: 6, diameterExact: true });
    const parts = buildGraph({ kind: "explicit", edges: [["n0", "n1"]] }, ids(4), new Rng(1));
    expect(topologyStats(parts, ids(4), adjacencyOf(parts, ids(4)), new Rng(1)).components).toBe(3);
    const big = ids(6000);
    const r = buildGraph({ kind: "ring" }, big, new Rng(1));
    const bs = topologyStats(r, big, adjacencyOf(r, big), new Rng(1));
    expect(bs.diameterExact).toBe(false);
    expect(bs.diameter).toBe(3000); // double sweep is exact on a ring
    expect(bs.diameterNote).toMatch(/lower bound/);
  });
});
