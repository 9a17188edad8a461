/**
 * Packed actions (packed.ts) against their definition, the object form: on random states of the
 * layout and on reachable states (the catalogue's configurations and the two Spin
 * configurations of bench/spin), every packed action gives exactly the encodings of the object
 * form's successors, in order — or declines, which it must when a successor does not fit the
 * layout, and never does on reachable states — every packed action property agrees with
 * `holds` on those steps, and the packed type invariant and invariants agree with the object
 * ones on every state tried. A planted bug in a packed action or a packed invariant fails the
 * comparison. (The search
 * with packed actions against the search on canonical texts, counterexamples included, is in
 * layout.test.ts.)
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../../models/registry.js";
import {
  compileLayout,
  LayoutMismatch,
  type StateCodec,
} from "../../../src/engine/checker/layout.js";
import type { Action, Model, PackedPredicate } from "../../../src/engine/checker/model.js";
import { packedSuccessors, type PackedNext } from "../../../src/engine/checker/packed.js";
import { arbitraryOf, reachable } from "./layout-gen.js";

/** The encoding of `t`, or undefined when it does not fit the layout. */
function wordsOf<S>(codec: StateCodec<S>, t: S): number[] | undefined {
  const w = new Uint32Array(codec.words);
  try {
    codec.encode(t, w, 0);
  } catch (e) {
    if (!(e instanceof LayoutMismatch)) throw e;
    return undefined;
  }
  return [...w];
}

/**
 * The first disagreement between the packed and object forms of `model`'s actions (and action
 * properties) on `states`, described; undefined when they agree. `mustAccept`: declining is a
 * disagreement (reachable states).
 */
function mismatch<S, C>(
  model: Model<S, C>,
  config: C,
  states: readonly S[],
  mustAccept: boolean,
): string | undefined {
  const layout = model.layout?.(config);
  if (layout === undefined) return "no layout";
  const codec = compileLayout<S>(layout, model.name);
  const forms = model.actions.map((a) => a.packed?.(config, codec));
  const props = (model.actionProperties ?? []).map((p) => ({
    p,
    packed: p.packedHolds?.(config, codec),
  }));
  const invariants: (readonly [string, (s: S) => boolean, PackedPredicate | undefined])[] = [
    ...(model.typeInvariant === undefined
      ? []
      : [
          [
            "TypeInvariant",
            (s: S) => (model.typeInvariant as NonNullable<typeof model.typeInvariant>)(s, config),
            model.packedTypeInvariant?.(config, codec),
          ] as const,
        ]),
    ...model.invariants.map(
      (q) => [q.name, (s: S) => q.holds(s, config), q.packedHolds?.(config, codec)] as const,
    ),
  ];
  const w = new Uint32Array(codec.words);
  const codes = new Int32Array(codec.scalars);
  const parentCodes = new Int32Array(codec.scalars);
  for (const s of states) {
    codec.encode(s, w, 0);
    codec.unpack(w, 0, parentCodes);
    for (const [name, holds, packed] of invariants) {
      if (packed === undefined) continue;
      const want = holds(s);
      if (packed(parentCodes) !== want)
        return `${name} on ${JSON.stringify(s)} is ${String(!want)} packed, ${String(want)} by holds`;
    }
    for (let a = 0; a < model.actions.length; a++) {
      const form = forms[a];
      if (form === undefined) continue;
      const action = model.actions[a] as Action<S, C>;
      const objects = action.next(s, config);
      const expected = objects.map((t) => wordsOf(codec, t));
      const got = packedSuccessors(form, codec, w, 0);
      const where = `${action.name} from ${JSON.stringify(s)}`;
      if (got === undefined) {
        if (mustAccept) return `${where}: declined on a reachable state`;
        continue;
      }
      if (expected.some((e) => e === undefined))
        return `${where}: a successor does not fit the layout, yet the packed form did not decline`;
      if (JSON.stringify(got) !== JSON.stringify(expected))
        return `${where}: packed ${JSON.stringify(got)} ≠ object ${JSON.stringify(expected)}`;
      for (const { p, packed } of props) {
        if (packed === undefined) continue;
        if (p.actions !== undefined && !p.actions.includes(action.name)) continue;
        for (let k = 0; k < objects.length; k++) {
          codec.unpack(Uint32Array.from(got[k] as number[]), 0, codes);
          const want = p.holds(s, objects[k] as S, action.name, config);
          if (packed(parentCodes, codes, action.name) !== want)
            return `${where}: ${p.name} on successor ${k} is ${String(!want)} packed, ${String(want)} by holds`;
        }
      }
    }
  }
  return undefined;
}

const spinConfig = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../bench/spin/${file}.json`, import.meta.url), "utf8"));

const withPacked = Object.entries(CATALOGUE).filter(([, e]) =>
  e.model.actions.some((a) => a.packed !== undefined),
);

describe("packed actions give the object form's successors", () => {
  it("Router and DenominatorGossip have packed forms of every action", () => {
    expect(withPacked.map(([n]) => n)).toEqual(
      expect.arrayContaining(["Router", "DenominatorGossip"]),
    );
    for (const [, e] of withPacked)
      expect(e.model.actions.filter((a) => a.packed === undefined)).toEqual([]);
  });
  it("they have packed forms of the type invariant and every invariant (new states are not built)", () => {
    for (const [, e] of withPacked) {
      expect(e.model.packedTypeInvariant).toBeDefined();
      expect(e.model.invariants.filter((q) => q.packedHolds === undefined)).toEqual([]);
    }
  });
  for (const [name, entry] of withPacked) {
    const model = entry.model;
    const configs: [string, unknown][] = Object.entries(entry.configs)
      .filter(([, c]) => c.slow !== true)
      .map(([n, c]) => [n, c.config]);
    if (name === "Router" || name === "DenominatorGossip")
      configs.push([`${name}.big (Spin)`, entry.configSchema.parse(spinConfig(`${name}.big`))]);
    for (const [cname, config] of configs) {
      const layout = model.layout?.(config);
      if (layout === undefined) continue;
      it(`${name} ${cname}: on random states of the layout`, () => {
        fc.assert(
          fc.property(fc.array(arbitraryOf(layout), { minLength: 1, maxLength: 20 }), (states) => {
            expect(mismatch(model, config, states, false)).toBeUndefined();
          }),
          { numRuns: 150 },
        );
      });
      it(`${name} ${cname}: on reachable states`, () => {
        expect(mismatch(model, config, reachable(model, config, 2000), true)).toBeUndefined();
      });
    }
  }
});

describe("a planted bug in a packed action fails the comparison", () => {
  /** `model` with action `name`'s packed form changed by `plant` (applied to each successor). */
  const planted = <S, C>(
    model: Model<S, C>,
    name: string,
    plant: (codec: StateCodec<unknown>) => (p: Int32Array, o: Int32Array) => void,
  ): Model<S, C> => ({
    ...model,
    actions: model.actions.map((a) =>
      a.name !== name || a.packed === undefined
        ? a
        : {
            ...a,
            packed: (config: C, codec: StateCodec<unknown>): PackedNext => {
              const real = (a.packed as NonNullable<typeof a.packed>)(config, codec);
              const bug = plant(codec);
              return (p, o, emit) =>
                real(p, o, () => {
                  bug(p, o);
                  emit();
                });
            },
          },
    ),
  });
  const cases: [
    string,
    string,
    (codec: StateCodec<unknown>) => (p: Int32Array, o: Int32Array) => void,
  ][] = [
    // Consume of a control message forgets to clear ctlPending.
    [
      "Router",
      "Consume",
      (codec) => {
        const k = codec.index("ctlPending");
        return (p, o) => {
          o[k] = p[k] as number;
        };
      },
    ],
    // Tick does not age fwdAge of the first item.
    [
      "Router",
      "Tick",
      (codec) => {
        const k = codec.index("fwdAge.a");
        return (p, o) => {
          o[k] = p[k] as number;
        };
      },
    ],
    // A response adds one too few when it carries more than one.
    [
      "DenominatorGossip",
      "RespondR2",
      (codec) => {
        const k = codec.index("held.R2");
        return (p, o) => {
          if ((o[k] as number) > (p[k] as number) + 1) o[k] = (o[k] as number) - 1;
        };
      },
    ],
  ];
  for (const [name, action, plant] of cases)
    it(`${name}: ${action}`, () => {
      const entry = CATALOGUE[name] as (typeof CATALOGUE)[string];
      const config = entry.configSchema.parse(spinConfig(`${name}.big`));
      const states = reachable(entry.model, config, 2000);
      expect(mismatch(entry.model, config, states, true)).toBeUndefined();
      expect(mismatch(planted(entry.model, action, plant), config, states, true)).toMatch(
        new RegExp(`^${action} from .*: packed`),
      );
    });
});

describe("a planted bug in a packed invariant fails the comparison", () => {
  const cases: [string, string, (m: Model<unknown, unknown>) => Model<unknown, unknown>][] = [
    // Router's packed TypeInvariant rejects a fwdAge at the TTL (which typeOK allows).
    [
      "Router",
      "TypeInvariant",
      (m) => ({
        ...m,
        packedTypeInvariant: (config, codec) => {
          const real = (m.packedTypeInvariant as NonNullable<typeof m.packedTypeInvariant>)(
            config,
            codec,
          );
          const k = codec.index("fwdAge.a");
          const ttl = (config as { ttl: number }).ttl;
          return (c) => real(c) && (c[k] as number) < ttl;
        },
      }),
    ],
    // DenominatorGossip's NeverOverGrants counts the first response in flight twice.
    [
      "DenominatorGossip",
      "NeverOverGrants",
      (m) => ({
        ...m,
        invariants: m.invariants.map((q) => ({
          ...q,
          packedHolds: (config: unknown, codec: StateCodec<unknown>) => {
            const real = (q.packedHolds as NonNullable<typeof q.packedHolds>)(config, codec);
            const held = codec.index("held.R1");
            const amount = codec.index("responses[0].amount");
            return (c: Int32Array) => {
              c[held] = (c[held] as number) + (c[amount] as number);
              const ok = real(c);
              c[held] = (c[held] as number) - (c[amount] as number);
              return ok;
            };
          },
        })),
      }),
    ],
  ];
  for (const [name, property, plant] of cases)
    it(`${name}: ${property}`, () => {
      const entry = CATALOGUE[name] as (typeof CATALOGUE)[string];
      const config = entry.configSchema.parse(spinConfig(`${name}.big`));
      const states = reachable(entry.model, config, 2000);
      expect(mismatch(entry.model, config, states, true)).toBeUndefined();
      expect(mismatch(plant(entry.model), config, states, true)).toMatch(
        new RegExp(`^${property} on .* packed`),
      );
    });
});
