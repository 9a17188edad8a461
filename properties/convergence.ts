/**
 * Residual need (SPEC.md §6.1, RES-1/2) and convergence detection (§6.3, CONV-1/2) of any
 * implementation (`ResidualUnderTest`, `ConvergenceUnderTest`), the reference core by default.
 * The oracles are the sections transcribed independently (properties/pipeline-oracle.ts);
 * generators aim at the edges: residuals exactly 0 (grants summing to the need), grants above
 * the need, the asking provider absent or the only giver, quantities at 1e-9 and 1e15;
 * denominator changes of exactly ε and one ulp either side, slots present in one state only,
 * 0–60 participants with exactly 80 % (and one fewer) converged.
 */
import fc from "fast-check";
import {
  CONVERGENCE_EPSILON,
  denominatorDelta,
  isConverged,
  networkConverged,
  type Denominators,
} from "../src/core/convergence.js";
import { RESIDUAL_VARIANTS, residualNeed, type ResidualVariant } from "../src/core/residual.js";
import { MAX_QUANTITY, MIN_MAGNITUDE } from "../src/core/schemas/primitives.js";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import {
  exactSum,
  residualTolerance,
  SPEC_EPSILON,
  specDenominatorChange,
  specIsConverged,
  specNetworkConverged,
  specResidual,
} from "./pipeline-oracle.js";
import {
  reduceConvergenceArguments,
  reduceFlagsArguments,
  reduceResidualArguments,
} from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { ConvergenceUnderTest, ResidualUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

export const referenceResidual: ResidualUnderTest = { residualNeed };
export const referenceConvergence: ConvergenceUnderTest = { isConverged, networkConverged };

// ---------------------------------------------------------------------------------------------
// Residual need

/** One residual question: a need, each provider's last grant to it, and who is asking. */
export interface ResidualCase {
  readonly need: number;
  readonly received: Readonly<Record<string, number>>;
  readonly provider: string;
}

const PROVIDERS = ["P0", "P1", "P2", "P3", "P4", "P5"] as const;

const arbAmount: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.constantFrom(MIN_MAGNITUDE, MAX_QUANTITY), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 500 }), weight: 4 },
  { arbitrary: fc.double({ min: MIN_MAGNITUDE, max: 1000, noNaN: true }), weight: 2 },
);

/**
 * Residual cases: random grants, grants that split the need exactly (residual exactly 0, or
 * exactly the asking provider's own grant), and grants summing past it.
 */
export const arbResidualCase: fc.Arbitrary<ResidualCase> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      need: arbAmount,
      received: fc.dictionary(fc.constantFrom(...PROVIDERS), arbAmount, { maxKeys: 6 }),
      provider: fc.constantFrom(...PROVIDERS, "P9"),
    }),
  },
  {
    // The need split exactly among 1–6 providers (integer parts, so the sum is exact).
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.uniqueArray(fc.constantFrom(...PROVIDERS), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: -1, max: 1 }),
        fc.nat(5),
        fc.boolean(),
      )
      .map(([ps, parts, over, ask, othersOnly]) => {
        const received: Record<string, number> = {};
        ps.forEach((p, i) => (received[p] = parts[i] ?? 0));
        const provider = ps[ask % ps.length] as string;
        // The need is what everyone gave (± 1), or exactly what the others gave.
        const sum = ps
          .filter((p) => !othersOnly || p !== provider)
          .reduce((s, p) => s + (received[p] ?? 0), 0);
        return { need: Math.max(0, sum - (othersOnly ? 0 : over)), received, provider };
      }),
  },
);

/** Boundary classes of `arbResidualCase` (SPEC.md §1, §6.1). */
export const RESIDUAL_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbResidualCase",
    suite: "dynamics",
    arbitrary: arbResidualCase,
    classes: [
      {
        name: "grants sum exactly to the need (naive residual exactly 0)",
        spec: "§6.1",
        hit: (c) => c.need > 0 && exactSum(Object.values(c.received)) === c.need,
      },
      {
        name: "grants sum past the need (clamped at 0)",
        spec: "§6.1",
        hit: (c) => exactSum(Object.values(c.received)) > c.need,
      },
      {
        name: "the others' grants alone sum exactly to the need",
        spec: "§6.1",
        hit: (c) =>
          c.need > 0 &&
          (c.received[c.provider] ?? 0) > 0 &&
          exactSum(
            Object.entries(c.received)
              .filter(([k]) => k !== c.provider)
              .map(([, v]) => v),
          ) === c.need,
        minPer1000: 5,
      },
      {
        name: "the asking provider gave nothing (absent)",
        spec: "§6.1",
        hit: (c) => !(c.provider in c.received),
      },
      {
        name: "the asking provider is the only one that gave",
        spec: "§6.1",
        hit: (c) => {
          const ks = Object.keys(c.received).filter((k) => (c.received[k] ?? 0) > 0);
          return ks.length === 1 && ks[0] === c.provider;
        },
      },
      { name: "nothing received", spec: "§6.1", hit: (c) => Object.keys(c.received).length === 0 },
      { name: "need 0", spec: "§1", hit: (c) => c.need === 0 },
      {
        name: "a quantity at 1e-9 or 1e15",
        spec: "§1",
        hit: (c) =>
          [c.need, ...Object.values(c.received)].some(
            (x) => x === MIN_MAGNITUDE || x === MAX_QUANTITY,
          ),
      },
    ],
  }),
];

function residualOf(impl: ResidualUnderTest, c: ResidualCase, v: ResidualVariant): number {
  return impl.residualNeed(c.need, c.received, c.provider, v);
}

/** RES-1 and RES-2 of a `residual` part. */
export function residualProperties(
  impl: ResidualUnderTest = referenceResidual,
  name = "reference",
): InvariantProperty[] {
  return [
    {
      id: "RES-1",
      suite: "dynamics",
      title:
        "residuals lie in [0, need]; net-of-others ≥ naive, differing by the asking provider's own grant",
      numRuns: 500,
      reduce: reduceResidualArguments,
      build: () =>
        fc.property(arbResidualCase, (c) => {
          const naive = residualOf(impl, c, "naive");
          const net = residualOf(impl, c, "net-of-others");
          for (const [v, x] of [
            ["naive", naive],
            ["net-of-others", net],
          ] as const)
            if (!(x >= 0 && x <= c.need))
              violation(
                "residual-out-of-range",
                `${name}: ${v} residual ${x} outside [0, need = ${c.need}]`,
              );
          if (net < naive)
            violation("net-below-naive", `${name}: net-of-others ${net} < naive ${naive}`);
          const own = c.received[c.provider] ?? 0;
          if (naive > 0 && Math.abs(net - naive - own) > residualTolerance(c.need, c.received))
            violation(
              "residuals-differ-by-more-than-own-grant",
              `${name}: net-of-others ${net} − naive ${naive} ≠ ${c.provider}'s own grant ${own}`,
            );
        }),
    },
    {
      id: "RES-2",
      suite: "dynamics",
      title:
        "both residual variants agree with SPEC §6.1 transcribed: max(0, need − Σ grants), with or without the asking provider's",
      numRuns: 500,
      reduce: reduceResidualArguments,
      build: () =>
        fc.property(arbResidualCase, (c) => {
          for (const v of RESIDUAL_VARIANTS) {
            const got = residualOf(impl, c, v);
            const want = specResidual(c.need, c.received, c.provider, v);
            if (!(Math.abs(got - want) <= residualTolerance(c.need, c.received)))
              violation(
                `${v}-mismatch`,
                `${name}: the ${v} residual of need ${c.need} given ${JSON.stringify(c.received)}, asked by ${c.provider}, is ${got}; SPEC §6.1 gives ${want}`,
              );
          }
        }),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Convergence

/** Slot ids: a few, or many (20–30 slots in one state). */
const SLOT_IDS = Array.from({ length: 30 }, (_, i) => `s${i}`);

const arbDen: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 2 },
  { arbitrary: fc.double({ min: 0, max: 10, noNaN: true }), weight: 2 },
  { arbitrary: fc.constantFrom(MIN_MAGNITUDE, MAX_QUANTITY), weight: 1 },
);

const arbDenominators = (
  many: boolean,
): fc.Arbitrary<Record<string, { mutual: number; nonMutual: number }>> =>
  fc.dictionary(
    fc.constantFrom(...(many ? SLOT_IDS : SLOT_IDS.slice(0, 3))),
    fc.record({ mutual: arbDen, nonMutual: arbDen }),
    many ? { minKeys: 20, maxKeys: 30 } : { maxKeys: 3 },
  );

/** How the current state differs from the previous one in one tier of one slot. */
const SHIFTS = [
  SPEC_EPSILON,
  -SPEC_EPSILON,
  // One ulp below and above ε (as a difference from 0).
  0.0009999999999999998,
  0.0010000000000000002,
  SPEC_EPSILON / 2,
  0,
] as const;

/** A convergence question: the previous state (or none) and the current one. */
export interface ConvergenceCase {
  readonly previous: Denominators | undefined;
  readonly current: Denominators;
}

/**
 * Pairs of states: independent ones, identical ones, one tier of one slot moved by exactly ε, one
 * ulp less or more, or half of it (from 0, where the difference is exact), a slot dropped or
 * added, and no previous state.
 */
export const arbConvergenceCase: fc.Arbitrary<ConvergenceCase> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ previous: arbDenominators(false), current: arbDenominators(false) }),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.oneof(
          { arbitrary: arbDenominators(false), weight: 3 },
          { arbitrary: arbDenominators(true), weight: 1 },
        ),
        fc.constantFrom(...SHIFTS),
        fc.nat(),
        fc.boolean(),
        fc.constantFrom("shift", "shift", "shift", "drop", "add"),
      )
      .map(([prev0, shift, k, mutual, how]) => {
        const prev: Record<string, { mutual: number; nonMutual: number }> = { ...prev0 };
        const keys = Object.keys(prev);
        const cur: Record<string, { mutual: number; nonMutual: number }> = { ...prev };
        if (how === "add") {
          const fresh = SLOT_IDS.find((s) => !(s in prev)) ?? "new";
          cur[fresh] = mutual
            ? { mutual: Math.abs(shift), nonMutual: 0 }
            : { mutual: 0, nonMutual: Math.abs(shift) };
        } else if (keys.length > 0) {
          const key = keys[k % keys.length] as string;
          const d = prev[key] as { mutual: number; nonMutual: number };
          if (how === "drop") {
            // Dropping a slot whose values are small moves by exactly those values.
            prev[key] = mutual
              ? { mutual: Math.abs(shift), nonMutual: 0 }
              : { mutual: 0, nonMutual: Math.abs(shift) };
            delete cur[key];
          } else {
            // From 0, so the difference is exactly `shift`.
            const base = shift < 0 ? Math.abs(shift) : 0;
            cur[key] = mutual ? { ...d, mutual: base + shift } : { ...d, nonMutual: base + shift };
            prev[key] = mutual ? { ...d, mutual: base } : { ...d, nonMutual: base };
          }
        }
        return { previous: prev, current: cur };
      }),
  },
  { weight: 1, arbitrary: arbDenominators(false).map((d) => ({ previous: d, current: { ...d } })) },
  {
    weight: 1,
    arbitrary: arbDenominators(false).map((d) => ({ previous: undefined, current: d })),
  },
);

/** Flags of 0–60 participants: random, or exactly 80 % converged, or one fewer. */
export const arbFlags: fc.Arbitrary<boolean[]> = fc.oneof(
  { weight: 1, arbitrary: fc.array(fc.boolean(), { maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(0, -1, 1))
      .chain(([n, d]) => {
        const c = Math.min(n, Math.max(0, Math.ceil((4 * n) / 5) + d));
        const flags = Array.from({ length: n }, (_, i) => i < c);
        return fc.shuffledSubarray(flags, { minLength: n, maxLength: n });
      }),
  },
);

/** Boundary classes of the convergence generators (SPEC.md §6.3). */
export const CONVERGENCE_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbConvergenceCase",
    suite: "dynamics",
    arbitrary: arbConvergenceCase,
    classes: [
      {
        name: "largest change exactly ε (not converged)",
        spec: "§6.3",
        hit: (c) =>
          c.previous !== undefined && specDenominatorChange(c.previous, c.current) === SPEC_EPSILON,
      },
      {
        name: "largest change one ulp below ε (converged)",
        spec: "§6.3",
        hit: (c) =>
          c.previous !== undefined &&
          specDenominatorChange(c.previous, c.current) === 0.0009999999999999998,
      },
      {
        name: "largest change one ulp above ε",
        spec: "§6.3",
        hit: (c) =>
          c.previous !== undefined &&
          specDenominatorChange(c.previous, c.current) === 0.0010000000000000002,
      },
      {
        name: "a slot present in one state only",
        spec: "§6.3",
        hit: (c) =>
          c.previous !== undefined &&
          (Object.keys(c.previous).some((k) => !(k in c.current)) ||
            Object.keys(c.current).some((k) => !(k in (c.previous as Denominators)))),
      },
      { name: "no previous state", spec: "§6.3", hit: (c) => c.previous === undefined },
      {
        name: "identical states (converged)",
        spec: "§6.3",
        hit: (c) => c.previous !== undefined && specDenominatorChange(c.previous, c.current) === 0,
      },
      { name: "20–30 slots", spec: "§6.3", hit: (c) => Object.keys(c.current).length >= 20 },
      {
        name: "a denominator at 1e15 (ε below one ulp)",
        spec: "§1",
        hit: (c) =>
          Object.values(c.current).some(
            (d) => d.mutual === MAX_QUANTITY || d.nonMutual === MAX_QUANTITY,
          ),
      },
    ],
  }),
  boundaries({
    generator: "arbFlags",
    suite: "dynamics",
    arbitrary: arbFlags,
    classes: [
      {
        name: "no participant (vacuously converged)",
        spec: "§6.3",
        hit: (f) => f.length === 0,
        minPer1000: 5,
      },
      {
        name: "exactly 80 % converged",
        spec: "§6.3",
        hit: (f) => f.length > 0 && 5 * f.filter(Boolean).length === 4 * f.length,
      },
      {
        name: "one converged participant short of 80 %",
        spec: "§6.3",
        hit: (f) => {
          const c = f.filter(Boolean).length;
          return 5 * c < 4 * f.length && 5 * (c + 1) >= 4 * f.length;
        },
      },
      { name: "40–60 participants", spec: "§6.3", hit: (f) => f.length >= 40 },
    ],
  }),
];

/** CONV-1 and CONV-2 of a `convergence` part. */
export function convergenceProperties(
  impl: ConvergenceUnderTest = referenceConvergence,
  name = "reference",
): InvariantProperty[] {
  const isReference = impl === referenceConvergence;
  return [
    {
      id: "CONV-1",
      suite: "dynamics",
      title:
        "converged iff every denominator moved by less than ε (SPEC §6.3 transcribed); never without a previous state",
      numRuns: 500,
      reduce: reduceConvergenceArguments,
      build: () =>
        fc.property(arbConvergenceCase, ({ previous, current }) => {
          const got = impl.isConverged(previous, current);
          if (previous === undefined) {
            if (got)
              violation(
                "converged-without-previous",
                `${name}: converged without a previous state`,
              );
            return;
          }
          const d = specDenominatorChange(previous, current);
          const want = specIsConverged(previous, current);
          if (got && !want)
            violation(
              "converged-though-moved",
              `${name}: converged, but a denominator moved by ${d} ≥ ε = ${SPEC_EPSILON}`,
            );
          if (!got && want)
            violation(
              "not-converged-though-still",
              `${name}: not converged, but every denominator moved by less than ε (largest change ${d})`,
            );
          if (!impl.isConverged(current, current))
            violation(
              "state-not-converged-with-itself",
              `${name}: a state is not converged with itself`,
            );
          if (isReference) {
            if (CONVERGENCE_EPSILON !== SPEC_EPSILON)
              violation("reference-helpers-disagree", "ε is not the spec's");
            if (denominatorDelta(previous, current) !== d)
              violation("reference-helpers-disagree", "denominatorDelta disagrees with §6.3");
          }
        }),
    },
    {
      id: "CONV-2",
      suite: "dynamics",
      title: "the network is converged iff at least 80 % of participants are (exact)",
      numRuns: 500,
      reduce: reduceFlagsArguments,
      build: () =>
        fc.property(arbFlags, (flags) => {
          const got = impl.networkConverged(flags);
          const want = specNetworkConverged(flags);
          const c = flags.filter(Boolean).length;
          if (got && !want)
            violation(
              "network-converged-below-80",
              `${name}: network converged with ${c} of ${flags.length} participants converged (< 80 %)`,
            );
          if (!got && want)
            violation(
              "network-not-converged-at-80",
              `${name}: network not converged with ${c} of ${flags.length} participants converged (≥ 80 %)`,
            );
        }),
    },
  ];
}
