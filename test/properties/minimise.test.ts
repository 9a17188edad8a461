/**
 * The deletion pass after shrinking (properties/minimise.ts): counterexamples of the allocation
 * suite are 1-minimal — deleting any single recipient, capacity slot, need slot or optional
 * field of a slot makes the failure class disappear — and replaying the reported path reports
 * the same counterexample.
 */
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";
import { arbAllocationInput } from "../../properties/arbitraries/allocation.js";
import { arbSlotPair } from "../../properties/arbitraries/slot-edges.js";
import {
  arbAllocationInputCase,
  type AllocationInputCase,
} from "../../properties/allocation-input.js";
import {
  allocationInputReductions,
  allocationInputSize,
  minimise,
  reduceAllocationArguments,
  reduceCommitmentCaseArguments,
  reduceConvergenceArguments,
  reduceDampingArguments,
  reduceDenominatorArguments,
  reduceEffectArguments,
  reduceFlagsArguments,
  reduceItcArguments,
  reduceJoinArguments,
  reduceResidualArguments,
  reduceSlotIndexArguments,
  reduceSlotPairArguments,
  reduceVClockArguments,
  reduceWeightsArguments,
  type Reducer,
} from "../../properties/minimise.js";
import { arbConvergenceCase, arbFlags, arbResidualCase } from "../../properties/convergence.js";
import { arbV1EffectCase, arbV2EffectCase } from "../../properties/node-effects.js";
import { arbV2JoinCase } from "../../properties/nodes.js";
import { arbDampingCase } from "../../properties/damping.js";
import { arbItcCase } from "../../properties/itc.js";
import { arbItcOps } from "../../properties/arbitraries/itc.js";
import { arbVClockEventCase } from "../../properties/vclock.js";
import { arbProviderCase, arbRecipientCase } from "../../properties/denominator.js";
import { arbWeights } from "../../properties/recognition.js";
import { SCHEMA_CASES, schemaCase } from "../../properties/schema-cases.js";
import { arbSchemaTrial, schemaProperties, type SchemaTrial } from "../../properties/schemas.js";
import { arbSlotIndexCase } from "../../properties/slot-index.js";
import {
  runProperty,
  safeFailureClass,
  type InvariantProperty,
} from "../../properties/property.js";
import { referenceCatalog } from "../../properties/catalog.js";
import { withClassesSetAside } from "../../properties/violation.js";
import { allocationInputSchema } from "../../src/core/schemas/allocation.js";
import { commitmentSchema } from "../../src/core/schemas/commitment.js";
import { availabilitySlotSchema, needSlotSchema, type Slot } from "../../src/core/schemas/slots.js";
import type { Implementation } from "../../src/verify/implementation.js";
import { plantedIndex, sharesOver16Weights } from "../mutants/_planted.js";
import { compatIndexProperties } from "../../properties/compat.js";
import { suitesFor } from "../../src/verify/suites.js";

async function loadMutant(file: string): Promise<Implementation> {
  return (
    (await import(/* @vite-ignore */ new URL(`../mutants/${file}`, import.meta.url).href)) as {
      default: Implementation;
    }
  ).default;
}

function property(impl: Implementation, id: string): InvariantProperty {
  const p = suitesFor(impl).find((x) => x.id === id);
  if (p === undefined) throw new Error(`no ${id}`);
  return p;
}

/** Whether `args` fails property `p` with class `cls` (as the runner judges a case). */
function failsWith(p: InvariantProperty, args: unknown, cls: string): boolean {
  const prop = p.build();
  const out = withClassesSetAside([], () => prop.run(args), cls);
  return (
    out !== null && !fc.PreconditionFailure.isFailure(out) && safeFailureClass(out.error) === cls
  );
}

/** The single deletions of `args` (by `p`'s reducer) that still fail with `cls` (none: 1-minimal). */
function keptDeletions(p: InvariantProperty, args: unknown, cls: string): number {
  let n = 0;
  for (const c of (p.reduce ?? reduceAllocationArguments)(args)) if (failsWith(p, c, cls)) n++;
  return n;
}

describe("minimise", () => {
  it("deletes to a fixpoint where no single deletion keeps the failure", () => {
    // Values: sets of numbers; the failure needs 3 and 7 together.
    const parts = function* (xs: readonly number[]) {
      for (let i = 0; i < xs.length; i++) yield xs.filter((_, j) => j !== i);
    };
    const fails = (xs: readonly number[]) => xs.includes(3) && xs.includes(7);
    const r = minimise([1, 3, 4, 5, 7, 9], parts, fails);
    expect(r).toMatchObject({ value: [3, 7], deletions: 4, complete: true });
    // Stopped at once: the value as it was, not complete.
    const stopped = minimise([1, 3, 7], parts, fails, () => true);
    expect(stopped).toMatchObject({ value: [1, 3, 7], deletions: 0, complete: false });
  });

  it("offers only valid allocation inputs, each one part smaller", () => {
    fc.assert(
      fc.property(arbAllocationInput({ edges: false }), (input) => {
        const size = allocationInputSize(input);
        const total = size.slots + size.recipients + size.needs + size.fields;
        let n = 0;
        for (const c of allocationInputReductions(input)) {
          n++;
          expect(allocationInputSchema.safeParse(c).success).toBe(true);
          const s = allocationInputSize(c);
          expect(s.slots + s.recipients + s.needs + s.fields).toBeLessThan(total);
        }
        expect(n).toBe(total);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it("offers only valid commitments and slot pairs", () => {
    for (const c of fc.sample(arbAllocationInputCase, { seed: 42, numRuns: 6 }))
      for (const [d] of reduceCommitmentCaseArguments([c]) as Iterable<[AllocationInputCase]>)
        for (const x of [d.provider, ...d.others])
          expect(commitmentSchema.safeParse(x).error).toBeUndefined();
    for (const pair of fc.sample(arbSlotPair(), { seed: 42, numRuns: 100 }))
      for (const [[a, b]] of reduceSlotPairArguments([pair]) as Iterable<[[Slot, Slot]]>) {
        expect(availabilitySlotSchema.safeParse(a).error).toBeUndefined();
        expect(needSlotSchema.safeParse(b).error).toBeUndefined();
      }
  });
});

describe("the reducers of COMPAT-6, RES, CONV, V2-4, V2-6, V1-4, SCHEMA-1, DAMP, ITC, VC, P2P and REC-1", () => {
  /** Parts of a value the pass can delete, counted as candidates of `reduce` (nested ones too). */
  const parts = (reduce: Reducer, v: unknown) => [...reduce([v])].length;

  it("offer cases with fewer parts, of the same shape, schedules in time order", () => {
    const arbitraries: readonly [string, fc.Arbitrary<unknown>, Reducer][] = [
      ["COMPAT-6", arbSlotIndexCase, reduceSlotIndexArguments],
      ["RES", arbResidualCase, reduceResidualArguments],
      ["CONV-1", arbConvergenceCase, reduceConvergenceArguments],
      ["CONV-2", arbFlags, reduceFlagsArguments],
      ["V2-4", arbV2JoinCase, reduceJoinArguments],
      ["V2-6", arbV2EffectCase, reduceEffectArguments],
      ["V1-4", arbV1EffectCase, reduceEffectArguments],
      ["DAMP", arbDampingCase(), reduceDampingArguments],
      ["ITC", arbItcCase(), reduceItcArguments],
      ["ITC-13", arbItcOps({ minLength: 50, maxLength: 80 }), reduceItcArguments],
      ["VC-4", arbVClockEventCase, reduceVClockArguments],
      ["P2P-1…3", arbProviderCase(), reduceDenominatorArguments],
      ["P2P-5…8", arbRecipientCase(), reduceDenominatorArguments],
      ["REC-1", arbWeights(), reduceWeightsArguments],
    ];
    for (const [id, arb, reduce] of arbitraries)
      for (const v of fc.sample(arb, { seed: 42, numRuns: 20 })) {
        const n = parts(reduce, v);
        let k = 0;
        for (const [c] of reduce([v]) as Iterable<[unknown]>) {
          // Parts counted for the first 40 candidates of each (quadratic otherwise).
          if (k++ < 40) expect(parts(reduce, c), id).toBeLessThan(n);
          // The same fields (a map of weights is the part deleted: it loses a key).
          if (!Array.isArray(v) && id !== "REC-1")
            expect(Object.keys(c as object).sort(), id).toEqual(Object.keys(v as object).sort());
          // A schedule stays in time order.
          const steps = (c as { steps?: { at: number }[] }).steps ?? [];
          steps.forEach((st, i) => expect(st.at, id).toBeGreaterThanOrEqual(steps[i - 1]?.at ?? 0));
          // Every delivery of one publication (same sender, same stamp or clock) says the same.
          const said = new Map<string, string>();
          for (const st of steps as { from?: string; msg?: { stamp?: unknown; vc?: unknown } }[]) {
            if (st.msg === undefined) continue;
            const key = `${st.from}:${JSON.stringify(st.msg.stamp ?? st.msg.vc)}`;
            const text = JSON.stringify(st.msg);
            expect(said.get(key) ?? text, id).toBe(text);
            said.set(key, text);
          }
        }
      }
  });

  it("SCHEMA-1: the case is built again from the smaller valid input, keeping its kind and verdict", () => {
    const p = schemaProperties()[0] as InvariantProperty;
    for (const t of fc.sample(arbSchemaTrial(), { seed: 42, numRuns: 40 })) {
      const before = allocationInputSize(t.input);
      for (const [c] of (p.reduce ?? (() => []))([t]) as Iterable<[SchemaTrial]>) {
        expect(allocationInputSchema.safeParse(c.input).success).toBe(true);
        const after = allocationInputSize(c.input);
        expect(after.slots + after.recipients + after.needs + after.fields).toBeLessThan(
          before.slots + before.recipients + before.needs + before.fields,
        );
        expect([c.case.cls, c.case.expect, c.pick]).toEqual([t.case.cls, t.case.expect, t.pick]);
        // The rebuilt case is what the generator would have built from that input.
        const kind = SCHEMA_CASES.find((k) => k.name === c.case.cls);
        expect(kind).toBeDefined();
        if (kind !== undefined) expect(c.case).toEqual(schemaCase(kind, c.input, c.pick));
        // A rejection keeps its defect: the reference still rejects it.
        if (c.case.expect === "reject")
          expect(allocationInputSchema.safeParse(c.case.value).success).toBe(false);
      }
    }
  });
});

// Mutants and invariants whose shrunk counterexamples kept unneeded parts before the pass
// (bench/RESULTS.md, "Counterexample size").
const CASES: readonly (readonly [string, string])[] = [
  ["alloc-no-cross-slot.ts", "ALLOC-TIER-1"],
  ["alloc-cap-no-redistribute.ts", "ALLOC-WORK-1"],
  ["alloc-damping-zero-as-one.ts", "ALLOC-PROP-1"],
  ["alloc-tiers-swapped.ts", "ALLOC-RESULT-1"],
  ["alloc-remote-counted-twice.ts", "ALLOC-DENOM-1"],
  // Pairs of slots, cases of commitments, recognition graphs and dynamics rounds have their own
  // reducers.
  ["compat-no-same-city.ts", "COMPAT-5"],
  ["compat-touching-windows.ts", "COMPAT-5"],
  ["input-mutual-only.ts", "INPUT-1"],
  ["recognition-mr-max.ts", "REC-2"],
  ["dynamics-ignores-schedule.ts", "DYN-7"],
  // Scheduled cases: each step (a delivery, a tick, an emit, a read).
  ["router-dedup-refresh-on-drop.ts", "ROUTER-3"],
  ["v1-advance-on-any-peer.ts", "V1-2"],
];

describe("counterexamples are 1-minimal", () => {
  for (const [file, id] of CASES) {
    it(`${file} ${id}`, async () => {
      const p = property(await loadMutant(file), id);
      const o = runProperty(p, { seed: 42, maxFailures: 5 });
      expect(o.failures.length).toBeGreaterThan(0);
      for (const f of o.failures) {
        expect(f.shrunk).toBe(true);
        const args = JSON.parse(f.counterexample ?? "null") as unknown;
        expect(failsWith(p, args, f.failureClass)).toBe(true);
        expect(p.reduce).toBeDefined();
        expect(keptDeletions(p, args, f.failureClass), f.counterexample).toBe(0);
        // The replay command's path (and class) reports the same minimised counterexample.
        const again = runProperty(p, {
          seed: 42,
          path: f.path ?? "",
          targetClass: f.failureClass,
        });
        expect(again.failures.map((g) => [g.failureClass, g.counterexample])).toEqual([
          [f.failureClass, f.counterexample],
        ]);
      }
    });
  }

  it("the check can fail: without the pass, fast-check's counterexample keeps parts", async () => {
    const p = property(await loadMutant("alloc-no-cross-slot.ts"), "ALLOC-TIER-1");
    const { reduce: _reduce, ...withoutPass } = p;
    const o = runProperty(withoutPass, { seed: 42 });
    const f = o.failures[0];
    expect(f).toBeDefined();
    const args = JSON.parse(f?.counterexample ?? "null") as unknown;
    expect(keptDeletions(p, args, f?.failureClass ?? "")).toBeGreaterThan(0);
  });
});

/** A printed counterexample read back (fc.stringify writes JavaScript: `undefined`, `Number.NaN`). */
function readBack(printed: string | undefined): unknown {
  return new Function(`return (${printed ?? "null"});`)() as unknown;
}

// The suites whose counterexamples the pass reaches since issue 9 §4's second part, each through
// `verify`'s adapter (a zoo mutant) and, for `check`, through the reference's catalogue (the same
// property factories). `seed` is where fast-check alone leaves removable parts; `rawKeepsParts`
// false marks a suite whose generator fast-check already shrinks part by part (arrays without a
// minimum length), where a hand-made case shows that the pass is wired instead.
const WIRED: readonly {
  readonly file: string;
  readonly id: string;
  readonly seed: number;
  readonly rawKeepsParts: boolean;
}[] = [
  { file: "slot-index-no-antimeridian.ts", id: "COMPAT-6", seed: 42, rawKeepsParts: true },
  { file: "residual-net-counts-own.ts", id: "RES-1", seed: 17, rawKeepsParts: true },
  { file: "residual-net-counts-own.ts", id: "RES-2", seed: 17, rawKeepsParts: true },
  { file: "convergence-at-epsilon.ts", id: "CONV-1", seed: 42, rawKeepsParts: true },
  { file: "convergence-network-two-thirds.ts", id: "CONV-2", seed: 42, rawKeepsParts: false },
  { file: "v2-joins-duplicate-grant.ts", id: "V2-4", seed: 42, rawKeepsParts: false },
  { file: "v2-naive-residual.ts", id: "V2-6", seed: 42, rawKeepsParts: true },
  { file: "v1-no-relaxation.ts", id: "V1-4", seed: 42, rawKeepsParts: true },
  { file: "validation-no-unique-ids.ts", id: "SCHEMA-1", seed: 42, rawKeepsParts: true },
  // Damping: each entry of the history (histories of 20–40 entries stay at 20 under fast-check).
  { file: "damping-no-window.ts", id: "DAMP-1", seed: 42, rawKeepsParts: true },
  { file: "damping-no-window.ts", id: "DAMP-2", seed: 42, rawKeepsParts: true },
  { file: "damping-ties-input-order.ts", id: "DAMP-3", seed: 3, rawKeepsParts: true },
  { file: "damping-flat-step-oscillates.ts", id: "DAMP-4", seed: 42, rawKeepsParts: true },
  // ITC: each operation of the run (deep and wide runs start with 20–60 forks; ITC-13's runs
  // have at least 50 operations) and each topped pick.
  { file: "itc-leq-no-lift.ts", id: "ITC-2", seed: 42, rawKeepsParts: true },
  { file: "itc-leq-no-lift.ts", id: "ITC-3", seed: 42, rawKeepsParts: true },
  { file: "itc-event-by-reference.ts", id: "ITC-4", seed: 42, rawKeepsParts: true },
  { file: "itc-fork-shares-id.ts", id: "ITC-5", seed: 42, rawKeepsParts: true },
  { file: "itc-fork-shares-id.ts", id: "ITC-6", seed: 42, rawKeepsParts: true },
  { file: "itc-peek-keeps-id.ts", id: "ITC-7", seed: 5, rawKeepsParts: true },
  { file: "itc-encode-32bit.ts", id: "ITC-8", seed: 5, rawKeepsParts: true },
  { file: "itc-decode-lenient.ts", id: "ITC-9", seed: 42, rawKeepsParts: true },
  { file: "itc-join-accepts-overlap.ts", id: "ITC-10", seed: 42, rawKeepsParts: true },
  { file: "itc-grow-before-fill.ts", id: "ITC-13", seed: 42, rawKeepsParts: true },
  // Vector clocks: each entry of a clock (clocks of 20–50 entries stay at 20 under fast-check),
  // of VC-1's runs the last process and each operation.
  { file: "vclock-join-min.ts", id: "VC-1", seed: 3, rawKeepsParts: true },
  { file: "vclock-join-min.ts", id: "VC-2", seed: 5, rawKeepsParts: true },
  { file: "vclock-varint-boundary.ts", id: "VC-3", seed: 5, rawKeepsParts: true },
  { file: "vclock-counter-int32.ts", id: "VC-4", seed: 5, rawKeepsParts: true },
  // Denominator agents: each request or step (a message, a round), each party of the
  // configuration (a provider serves 20–30 recipients or a recipient has 20–40 partners in one
  // case in six; fast-check keeps those crowds).
  { file: "denominator-provider-overwrites-book.ts", id: "P2P-1", seed: 3, rawKeepsParts: true },
  { file: "denominator-grants-strangers.ts", id: "P2P-3", seed: 42, rawKeepsParts: true },
  { file: "denominator-counts-stray-responses.ts", id: "P2P-5", seed: 42, rawKeepsParts: true },
  { file: "denominator-gossip-full-trust.ts", id: "P2P-7", seed: 42, rawKeepsParts: true },
  // Recognition: each weight (maps of 20–50 weights stay at 20 under fast-check). No zoo mutant
  // fails REC-1 only with many weights; a planted bug does (test/mutants/_planted.ts).
  { file: "(planted) shares-over-16-weights", id: "REC-1", seed: 42, rawKeepsParts: true },
];

/** Planted bugs (test/mutants/_planted.ts), by the name a row gives as its file. */
const PLANTED: Readonly<Record<string, Implementation>> = {
  "(planted) shares-over-16-weights": sharesOver16Weights,
};

describe("counterexamples are 1-minimal: index, residual, convergence, V2-4, node effects, schemas, damping, itc, vclock, denominator, recognition", () => {
  it("check: the reference catalogue's properties of these invariants carry the pass", () => {
    const ids = new Set(WIRED.map((w) => w.id));
    const found = referenceCatalog().filter((p) => ids.has(p.id));
    expect(new Set(found.map((p) => p.id))).toEqual(ids);
    for (const p of found) expect(p.reduce, p.id).toBeDefined();
  });

  for (const w of WIRED) {
    it(`verify: ${w.file} ${w.id} (seed ${w.seed})`, async () => {
      const p = property(PLANTED[w.file] ?? (await loadMutant(w.file)), w.id);
      expect(p.reduce).toBeDefined();
      const o = runProperty(p, { seed: w.seed, maxFailures: 5 });
      expect(o.failures.length).toBeGreaterThan(0);
      for (const f of o.failures) {
        expect(f.shrunk).toBe(true);
        const args = readBack(f.counterexample);
        expect(failsWith(p, args, f.failureClass), f.counterexample).toBe(true);
        expect(keptDeletions(p, args, f.failureClass), f.counterexample).toBe(0);
        const again = runProperty(p, {
          seed: w.seed,
          path: f.path ?? "",
          targetClass: f.failureClass,
        });
        expect(again.failures.map((g) => [g.failureClass, g.counterexample])).toEqual([
          [f.failureClass, f.counterexample],
        ]);
      }
      if (!w.rawKeepsParts) return;
      // Without the pass, fast-check's counterexample of some class keeps a removable part: the
      // 1-minimality asserted above fails.
      const { reduce: _reduce, ...withoutPass } = p;
      const raw = runProperty(withoutPass, { seed: w.seed, maxFailures: 5 });
      expect(raw.failures.map((f) => f.failureClass)).toEqual(
        o.failures.map((f) => f.failureClass),
      );
      const kept = raw.failures.map((f) =>
        keptDeletions(p, readBack(f.counterexample), f.failureClass),
      );
      expect(Math.max(...kept)).toBeGreaterThan(0);
    });
  }

  it("check: COMPAT-4 (the reference's own index) with a planted bug, seed 42", () => {
    const reference = referenceCatalog().find((p) => p.id === "COMPAT-4");
    expect(reference?.reduce).toBeDefined();
    const p = compatIndexProperties(plantedIndex)[0] as InvariantProperty;
    const o = runProperty(p, { seed: 42, maxFailures: 5 });
    expect(o.failures.length).toBeGreaterThan(0);
    for (const f of o.failures) {
      expect(f.shrunk).toBe(true);
      const args = readBack(f.counterexample);
      expect(failsWith(p, args, f.failureClass), f.counterexample).toBe(true);
      expect(keptDeletions(p, args, f.failureClass), f.counterexample).toBe(0);
      const again = runProperty(p, { seed: 42, path: f.path ?? "", targetClass: f.failureClass });
      expect(again.failures.map((g) => [g.failureClass, g.counterexample])).toEqual([
        [f.failureClass, f.counterexample],
      ]);
    }
    // fast-check's own counterexample kept optional fields of slots that the failure does not need.
    const { reduce: _reduce, ...withoutPass } = p;
    const raw = runProperty(withoutPass, { seed: 42, maxFailures: 5 });
    const kept = raw.failures.map((f) =>
      keptDeletions(p, readBack(f.counterexample), f.failureClass),
    );
    expect(Math.max(...kept)).toBeGreaterThan(0);
  });

  it("CONV-2 and V2-4: a case with a removable part is cut back to a 1-minimal one", async () => {
    // fast-check deletes array elements itself, so at seed 42 their counterexamples are already
    // 1-minimal; these cases, one part too many, show the pass is wired and can fail.
    const cases: readonly [string, string, unknown[], string][] = [
      [
        "convergence-network-two-thirds.ts",
        "CONV-2",
        [[true, false, true, true]], // 75 %: a `true` can go (2 of 3 is still below 80 %)
        "network-converged-below-80",
      ],
      [
        "v2-joins-duplicate-grant.ts",
        "V2-4",
        [
          {
            newcomers: 1,
            ops: [
              { op: "tick", dt: 50 }, // the 50 ms tick can go
              { op: "deliver", k: 0 },
              { op: "duplicate", k: 0 },
            ],
          },
        ],
        "CoreError: join: the stamps' ids overlap «v»",
      ],
    ];
    for (const [file, id, args, cls] of cases) {
      const p = property(await loadMutant(file), id);
      expect(failsWith(p, args, cls), id).toBe(true);
      expect(keptDeletions(p, args, cls), id).toBeGreaterThan(0);
      const m = minimise(args, p.reduce ?? (() => []), (v) => failsWith(p, v, cls));
      expect(m.deletions, id).toBeGreaterThan(0);
      expect(keptDeletions(p, m.value, cls), id).toBe(0);
    }
  });
});

/** The words of a command printed with `shellWord` (bare, or in single quotes with `'\''`). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line))
    words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] as string));
  return words;
}

describe("the printed replay command reprints the 1-minimal counterexample", () => {
  const mutant = (f: string) => fileURLToPath(new URL(`../mutants/${f}`, import.meta.url));
  for (const [file, id] of [
    ["convergence-at-epsilon.ts", "CONV-1"],
    ["v2-joins-duplicate-grant.ts", "V2-4"],
    ["validation-no-unique-ids.ts", "SCHEMA-1"],
    ["damping-flat-step-oscillates.ts", "DAMP-4"],
    ["itc-grow-before-fill.ts", "ITC-13"],
    ["vclock-counter-int32.ts", "VC-4"],
    ["denominator-grants-strangers.ts", "P2P-3"],
  ] as const) {
    it(`verify ${file} --only ${id}`, async () => {
      const io = capture();
      expect(await main(["verify", mutant(file), "--only", id], io)).toBe(1);
      const printed = io.stdout();
      const shown = [...printed.matchAll(/^ {6}counterexample: (.*)$/gm)].map((m) => m[1]);
      const replays = [...printed.matchAll(/^ {6}replay: commons-spec (.*)$/gm)].map((m) => m[1]);
      expect(shown.length).toBeGreaterThan(0);
      expect(replays).toHaveLength(shown.length);
      for (const [k, line] of replays.entries()) {
        // Isolated, never `--in-process`: this file runs under V8 coverage, and a mutant loaded
        // in this process brings jiti's second copy of src/core into the coverage figures.
        const again = capture();
        expect(await main(shellWords(line ?? ""), again)).toBe(1);
        expect(
          [...again.stdout().matchAll(/^ {6}counterexample: (.*)$/gm)].map((m) => m[1]),
        ).toEqual([shown[k]]);
      }
    });
  }
});
