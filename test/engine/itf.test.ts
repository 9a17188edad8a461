import { describe, expect, it } from "vitest";
import {
  fromItfValue,
  makeTrace,
  parseTrace,
  toItfValue,
  tup,
} from "../../src/engine/trace/itf.js";

describe("ITF encoding (Apalache ADR-015, as Quint writes it)", () => {
  it("encodes every kind deterministically", () => {
    const v = {
      b: true,
      s: "x",
      i: 42,
      big: 2n ** 70n,
      r: 1.5,
      set: new Set([3, 1, 2]),
      map: new Map<unknown, unknown>([
        ["z", 1],
        ["a", tup(1, "x")],
      ]),
      seq: [1, 2],
    };
    expect(toItfValue(v)).toEqual({
      b: true,
      big: { "#bigint": "1180591620717411303424" },
      i: { "#bigint": "42" },
      map: {
        "#map": [
          ["a", { "#tup": [{ "#bigint": "1" }, "x"] }],
          ["z", { "#bigint": "1" }],
        ],
      },
      r: 1.5,
      s: "x",
      seq: [{ "#bigint": "1" }, { "#bigint": "2" }],
      set: { "#set": [{ "#bigint": "1" }, { "#bigint": "2" }, { "#bigint": "3" }] },
    });
    expect(JSON.stringify(toItfValue({ set: new Set([2, 1]) }))).toBe(
      JSON.stringify(toItfValue({ set: new Set([1, 2]) })),
    );
  });

  it("round-trips through fromItfValue", () => {
    const v = {
      set: new Set(["a", "b"]),
      map: new Map([[1, [true]]]),
      t: tup(1, 2),
      n: 7,
      r: 0.25,
    };
    const back = fromItfValue(JSON.parse(JSON.stringify(toItfValue(v)))) as typeof v;
    expect(back.set).toEqual(new Set(["a", "b"]));
    expect(back.map).toEqual(new Map([[1, [true]]]));
    expect(back.t.items).toEqual([1, 2]);
    expect(back.n).toBe(7);
    expect(back.r).toBe(0.25);
  });

  it("builds and parses traces, with the action taken and a lasso loop", () => {
    const trace = makeTrace(["x"], [{ state: { x: 0 } }, { state: { x: 1 }, action: "Inc" }], {
      loop: 0,
      meta: { source: "test" },
    });
    expect(trace.states[1]?.["#meta"]).toEqual({ index: 1, action: "Inc" });
    expect(trace.loop).toBe(0);
    const { states } = parseTrace(JSON.parse(JSON.stringify(trace)));
    expect(states).toEqual([{ x: 0 }, { x: 1 }]);
  });

  it("rejects malformed traces with the path", () => {
    expect(() => parseTrace({ vars: ["x"], states: [{}] })).toThrow("trace.states[0].x: missing");
    expect(() => parseTrace({ vars: ["x"], states: [{ x: { "#bigint": "1.5" } }] })).toThrow(
      "trace.states[0].x: #bigint",
    );
    expect(() => parseTrace({ vars: ["x"], states: [{ x: 1 }], loop: 3 })).toThrow("trace.loop");
    expect(() => toItfValue({ f: () => 1 })).toThrow("value.f: a function");
  });
});
