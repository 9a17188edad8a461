/**
 * Packed states against their definition, the canonical text: on random states of every
 * model's layout and on reachable states, decoding an encoding gives the same canonical text,
 * and two states have equal packed fingerprints iff their views have equal canonical texts; and
 * the search on packed states gives the same verdicts, counts, depths and counterexamples as the
 * search on canonical texts, on every recorded configuration.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOGUE, MODELS } from "../../../models/registry.js";
import { checkModel, searchEncoding } from "../../../src/engine/checker/bfs.js";
import { canonicalText, hashValue64 } from "../../../src/engine/checker/fingerprint.js";
import {
  bool,
  compileLayout,
  history,
  int,
  LayoutMismatch,
  nat,
  oneOf,
  optional,
  record,
  seq,
  tuple,
  type Layout,
} from "../../../src/engine/checker/layout.js";
import type { Model } from "../../../src/engine/checker/model.js";
import type { CheckResult } from "../../../src/engine/checker/result.js";
import { arbitraryOf, reachable } from "./layout-gen.js";

const fpOf = <S>(model: Model<S, unknown>, config: unknown) => {
  const enc = searchEncoding(model, config, true, true);
  const out = new Uint32Array(2);
  return (s: S) => {
    enc.fingerprint(s, out);
    return `${out[0]}:${out[1]}`;
  };
};

const canonicalFp = <S>(model: Model<S, unknown>, config: unknown) => {
  const out = new Uint32Array(2);
  return (s: S) => {
    const rep = model.symmetry !== undefined ? model.symmetry(s, config) : s;
    hashValue64(model.view !== undefined ? model.view(rep) : rep, out);
    return `${out[0]}:${out[1]}`;
  };
};

describe("layout codec", () => {
  it("round-trips every kind of layout and packs bits tightly", () => {
    const l = record({
      b: bool,
      i: int(-3, 4),
      e: oneOf("x", "y", 7, null),
      r: record({ n: nat(1000) }),
      t: tuple(nat(1), oneOf("a")),
      s: seq(5, record({ k: nat(2), o: optional(nat(70_000)) })),
      h: history(nat(9)),
    });
    const codec = compileLayout<unknown>(l, "T");
    expect(codec.fpWords).toBeLessThan(codec.words);
    const w = new Uint32Array(codec.words);
    fc.assert(
      fc.property(arbitraryOf(l), (v) => {
        codec.encode(v, w, 0);
        expect(canonicalText(codec.decode(w, 0))).toBe(canonicalText(v));
      }),
    );
  });

  it("names the field of a state that does not fit", () => {
    const codec = compileLayout<unknown>(record({ lanes: tuple(seq(2, nat(3))), ok: bool }), "M");
    const w = new Uint32Array(codec.words);
    expect(() => codec.encode({ lanes: [[1, 2, 3]], ok: true }, w, 0)).toThrow(LayoutMismatch);
    expect(() => codec.encode({ lanes: [[1, 2, 3]], ok: true }, w, 0)).toThrow(
      /lanes\[0\] is \[1,2,3\], expected an array of at most 2/,
    );
    expect(() => codec.encode({ lanes: [[1, 4]], ok: true }, w, 0)).toThrow(
      /lanes\[0\]\[1\] is 4, expected an integer in 0\.\.3/,
    );
    expect(() => codec.encode({ lanes: [[1]], ok: 1 }, w, 0)).toThrow(
      /ok is 1, expected a boolean/,
    );
  });
});

describe("states outside the layout", () => {
  const grid = (bound: number): Model<{ x: number }, null> => ({
    name: "Grid",
    doc: "x counts up to 5; the layout says at most `bound`.",
    variables: ["x"],
    init: () => [{ x: 0 }],
    actions: [{ name: "Inc", doc: "x + 1", next: (s) => (s.x < 5 ? [{ x: s.x + 1 }] : []) }],
    typeInvariant: (s) => s.x <= 3,
    invariants: [],
    terminal: () => true,
    layout: () => record({ x: nat(bound) }),
  });
  it("are new: a violated type invariant is reported as without a layout", () => {
    const r = checkModel(grid(3), null);
    expect(r.verdict).toBe("violation");
    expect(r.counterexample?.property).toBe("TypeInvariant");
    expect(summary(r)).toEqual(summary(checkModel(grid(3), null, { packed: false })));
  });
  it("fail the run, naming the field, when every property holds", () => {
    const m = { ...grid(2), typeInvariant: () => true };
    expect(() => checkModel(m, null)).toThrow(
      /Grid: a state does not fit the model's layout: x is 3/,
    );
  });
});

describe("packed fingerprints agree with canonical texts", () => {
  for (const [name, entry] of Object.entries(CATALOGUE)) {
    const model = entry.model;
    if (model.layout === undefined) continue;
    const configs = Object.entries(entry.configs).filter(([, c]) => c.slow !== true);
    for (const [cname, c] of configs) {
      it(`${name} ${cname}: on random states of the layout`, () => {
        const layout = model.layout?.(c.config) as Layout;
        const fp = fpOf(model, c.config);
        const cfp = canonicalFp(model, c.config);
        const codec = compileLayout<unknown>(layout, name);
        const w = new Uint32Array(codec.words);
        const arb = arbitraryOf(layout);
        fc.assert(
          fc.property(arb, arb, (x, y) => {
            codec.encode(x, w, 0);
            expect(canonicalText(codec.decode(w, 0))).toBe(canonicalText(x));
            expect(fp(x) === fp(y)).toBe(cfp(x) === cfp(y));
            expect(fp(x)).toBe(fp(codec.decode(w, 0)));
            // x with y's history fields: the same view, so the same fingerprint.
            if (layout.kind === "record" && typeof x === "object" && typeof y === "object") {
              const z = { ...(x as object) } as Record<string, unknown>;
              for (const f of layout.fields)
                if (f.history) z[f.name] = (y as Record<string, unknown>)[f.name];
              expect(cfp(z)).toBe(cfp(x));
              expect(fp(z)).toBe(fp(x));
            }
          }),
          { numRuns: 300 },
        );
      });
      it(`${name} ${cname}: on reachable states`, () => {
        const states = reachable(model, c.config, 3000);
        const fp = fpOf(model, c.config);
        const cfp = canonicalFp(model, c.config);
        const byPacked = new Map<string, string>();
        const byCanonical = new Map<string, string>();
        // Action properties indexed by action hold trivially on the steps of other actions.
        for (const ap of model.actionProperties ?? []) {
          if (ap.actions === undefined) continue;
          for (const s of states.slice(0, 500))
            for (const a of model.actions)
              if (!ap.actions.includes(a.name))
                for (const t of a.next(s, c.config))
                  expect(ap.holds(s, t, a.name, c.config)).toBe(true);
        }
        for (const s of states) {
          const p = fp(s);
          const q = cfp(s);
          expect(byPacked.get(p) ?? q).toBe(q);
          expect(byCanonical.get(q) ?? p).toBe(p);
          byPacked.set(p, q);
          byCanonical.set(q, p);
        }
      });
    }
  }
});

const summary = (r: CheckResult<unknown>) => ({
  verdict: r.verdict,
  distinct: r.distinctStates,
  generated: r.generatedStates,
  depth: r.depth,
  coverage: r.coverage,
  stoppedBy: r.stoppedBy,
  counterexample:
    r.counterexample === undefined
      ? undefined
      : {
          ...r.counterexample,
          states: r.counterexample.states.map((s) => canonicalText(s)),
        },
});

describe("the search on packed states is the search on canonical texts", () => {
  for (const [name, entry] of Object.entries(MODELS)) {
    if (entry.model.layout === undefined) continue;
    for (const [cname, c] of Object.entries(entry.configs)) {
      if (c.slow === true) continue;
      it(`${name} ${cname}`, () => {
        const packed = checkModel(entry.model, c.config);
        const canonical = checkModel(entry.model, c.config, { packed: false });
        expect(summary(packed)).toEqual(summary(canonical));
        // Budgets stop at the same point too.
        const cut = Math.max(1, Math.floor(packed.distinctStates / 2));
        expect(summary(checkModel(entry.model, c.config, { maxStates: cut }))).toEqual(
          summary(checkModel(entry.model, c.config, { maxStates: cut, packed: false })),
        );
      });
    }
  }
});

describe("successors encoded from their parent (encodeFrom) are encoded as in full", () => {
  /** Words of `s` encoded in full, and from `parent`; whether encodeFrom saw a change. */
  const both = <S>(codec: ReturnType<typeof compileLayout<S>>, s: S, parent: S) => {
    const pw = new Uint32Array(codec.words);
    codec.encode(parent, pw, 0);
    const full = new Uint32Array(codec.words);
    codec.encode(s, full, 0);
    const from = new Uint32Array(codec.words).fill(0xdeadbeef);
    const changed = codec.encodeFrom(s, parent, pw, 0, from, 0);
    return { full: [...full], from: [...from], changed };
  };
  for (const [name, entry] of Object.entries(CATALOGUE)) {
    const model = entry.model;
    if (model.layout === undefined) continue;
    const configs = Object.entries(entry.configs).filter(([, c]) => c.slow !== true);
    for (const [cname, c] of configs) {
      const layout = model.layout(c.config);
      it(`${name} ${cname}: random states sharing some fields with a random parent`, () => {
        const codec = compileLayout<unknown>(layout, name);
        const cfp = canonicalFp(model, c.config);
        const arb = arbitraryOf(layout);
        const fields = layout.kind === "record" ? layout.fields : [];
        fc.assert(
          fc.property(
            arb,
            arb,
            fc.array(fc.boolean(), { minLength: fields.length, maxLength: fields.length }),
            (x, parent, take) => {
              // x with some fields replaced by the parent's own (the same references).
              const s =
                layout.kind === "record"
                  ? Object.fromEntries(
                      fields.map((f, k) => [
                        f.name,
                        ((take[k] === true ? parent : x) as Record<string, unknown>)[f.name],
                      ]),
                    )
                  : x;
              const r = both(codec, s, parent);
              expect(r.from).toEqual(r.full);
              const own = s as Record<string, unknown>;
              const shared = fields.every(
                (f) => f.history || own[f.name] === (parent as Record<string, unknown>)[f.name],
              );
              if (layout.kind === "record") expect(r.changed).toBe(!shared);
              if (!r.changed) expect(cfp(s)).toBe(cfp(parent));
            },
          ),
          { numRuns: 300 },
        );
      });
      it(`${name} ${cname}: every transition from reachable states`, () => {
        const codec = compileLayout<unknown>(layout, name);
        const cfp = canonicalFp(model, c.config);
        for (const s of reachable(model, c.config, 1000))
          for (const a of model.actions)
            for (const t of a.next(s, c.config)) {
              // A successor outside the layout (cut by the constraint): both encodings refuse it.
              const w = new Uint32Array(codec.words);
              let fits = true;
              try {
                codec.encode(t, w, 0);
              } catch (e) {
                if (!(e instanceof LayoutMismatch)) throw e;
                fits = false;
              }
              if (!fits) {
                codec.encode(s, w, 0);
                expect(() => codec.encodeFrom(t, s, w, 0, new Uint32Array(codec.words), 0)).toThrow(
                  LayoutMismatch,
                );
                continue;
              }
              const r = both(codec, t, s);
              expect(r.from).toEqual(r.full);
              if (!r.changed) expect(cfp(t)).toBe(cfp(s));
            }
      });
    }
  }
});
