/**
 * The rest of the pipeline (SPEC.md §11.4): the properties hold on the reference, their oracles
 * agree with the reference core where the spec fixes the answer, and they fail on wrong answers
 * with the documented failure classes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocationInputProperties,
  judgeAllocationInput,
  type AllocationInputCase,
} from "../../properties/allocation-input.js";
import { arbNetwork } from "../../properties/dynamics.js";
import {
  dynamicsRoundProperties,
  judgeDynamicsRound,
  referenceDynamics,
  type DynamicsRoundCase,
} from "../../properties/dynamics-round.js";
import { convergenceProperties, residualProperties } from "../../properties/convergence.js";
import { referenceItc } from "../../properties/itc.js";
import { fillSuffices, itcSizeProperties, specEvent } from "../../properties/itc-size.js";
import { arbStamp } from "../../properties/arbitraries/itc.js";
import { referenceLearner, runLearning } from "../../properties/learning.js";
import { referenceDenominatorAgent } from "../../properties/denominator.js";
import { v1EffectProperties, v2EffectProperties } from "../../properties/node-effects.js";
import { referenceV1Node, referenceV2Node } from "../../properties/nodes.js";
import {
  specDynamicsRound,
  specIsConverged,
  specNetworkConverged,
  specResidual,
  specShare,
} from "../../properties/pipeline-oracle.js";
import { assertProperty, runProperty } from "../../properties/property.js";
import { recognitionProperties } from "../../properties/recognition.js";
import { referenceSlotIndex, slotIndexProperties } from "../../properties/slot-index.js";
import { failureClass } from "../../properties/violation.js";
import { STAT_SETTING } from "../../properties/convergence-stats.js";
import { allocate } from "../../src/core/allocation/allocate.js";
import { allocationInputFromCommitments } from "../../src/core/allocation/from-commitments.js";
import { runDynamics, DYNAMICS_SCHEDULES } from "../../src/core/dynamics.js";
import * as itc from "../../src/core/itc/index.js";
import { RESIDUAL_VARIANTS } from "../../src/core/residual.js";
import { allocationInputSchema } from "../../src/core/schemas/allocation.js";
import { checkImplementation } from "../../src/verify/load.js";

const seed = 42;

describe("the rest of the pipeline on the reference (SPEC.md §11.4)", () => {
  for (const p of [
    ...recognitionProperties(),
    ...allocationInputProperties(),
    ...residualProperties(),
    ...convergenceProperties(),
    ...dynamicsRoundProperties(),
    ...slotIndexProperties(referenceSlotIndex, undefined),
    ...itcSizeProperties(referenceItc),
    ...v2EffectProperties(referenceV2Node),
    ...v1EffectProperties(referenceV1Node),
  ]) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }
});

/** The class a judge throws on a case, or undefined when it accepts. */
function classOf(judge: () => void): string | undefined {
  try {
    judge();
    return undefined;
  } catch (e) {
    return failureClass(e);
  }
}

describe("the oracles agree with the reference core where the spec fixes the answer", () => {
  it("DYN-7 the reference round and the §6.4 transcription both reproduce runDynamics round by round", () => {
    fc.assert(
      fc.property(
        arbNetwork,
        fc.constantFrom(...RESIDUAL_VARIANTS),
        fc.constantFrom(...DYNAMICS_SCHEDULES),
        fc.boolean(),
        (net, residual, schedule, damping) => {
          const run = runDynamics(net, { residual, schedule, damping, maxRounds: 12 });
          for (let t = 1; t < run.rounds.length; t++) {
            const before = run.rounds[t - 1];
            const now = run.rounds[t];
            if (before === undefined || now === undefined) continue;
            const input = { residual, schedule, dampingFactors: now.dampingFactors };
            for (const round of [
              referenceDynamics.round(net, before.grants, input),
              specDynamicsRound(net, before.grants, input),
            ]) {
              const c: DynamicsRoundCase = {
                network: net,
                previous: before.grants,
                input,
                origin: "reachable",
              };
              expect(classOf(() => judgeDynamicsRound(c, round, "x"))).toBeUndefined();
              for (const p of net.providers)
                for (const r of net.recipients)
                  for (const n of r.need_slots)
                    expect(round.grants[p.pubKey]?.[r.pubKey]?.[n.id] ?? 0).toBeCloseTo(
                      now.grants[p.pubKey]?.[r.pubKey]?.[n.id] ?? 0,
                      9,
                    );
            }
          }
        },
      ),
      { seed, numRuns: 60 },
    );
  });

  it("ITC-12 the transcribed event is the reference's on random stamps, and the paper's vectors", () => {
    fc.assert(
      fc.property(
        arbStamp({ maxLength: 60 }).filter((s) => s.id !== 0),
        (s) => {
          expect(itc.equals(specEvent(s), itc.event(s))).toBe(true);
        },
      ),
      { seed, numRuns: 500 },
    );
    // The paper: event of the left half of a forked seed, then again (notes/itc.md).
    const [left] = itc.fork(itc.seed());
    const once = specEvent(left);
    expect(itc.toString(once)).toBe(itc.toString(itc.parse("((1,0), (0,1,0))")));
    expect(itc.toString(specEvent(once))).toBe(itc.toString(itc.parse("((1,0), (0,2,0))")));
    // Fill suffices after a join that leaves the owned half behind the other.
    expect(fillSuffices(itc.parse("((0,1), (0,2,0))"))).toBe(true);
    expect(itc.toString(specEvent(itc.parse("((0,1), (0,2,0))")))).toBe("((0,1), 2)");
  });

  it("RES-2, CONV-1/2 worked examples of the transcriptions", () => {
    expect(specResidual(10, { P: 4, Q: 3 }, "P", "naive")).toBe(3);
    expect(specResidual(10, { P: 4, Q: 3 }, "P", "net-of-others")).toBe(7);
    expect(specResidual(5, { Q: 7 }, "P", "net-of-others")).toBe(0);
    expect(specIsConverged(undefined, {})).toBe(false);
    expect(
      specIsConverged({ s: { mutual: 0, nonMutual: 0 } }, { s: { mutual: 0.001, nonMutual: 0 } }),
    ).toBe(false);
    expect(
      specIsConverged({ s: { mutual: 0, nonMutual: 0 } }, { s: { mutual: 0.0009, nonMutual: 0 } }),
    ).toBe(true);
    expect(specIsConverged({ s: { mutual: 0.0005, nonMutual: 0 } }, {})).toBe(true);
    expect(specNetworkConverged([true, true, true, true, false])).toBe(true);
    expect(specNetworkConverged([true, true, true, false, false])).toBe(false);
    expect(specNetworkConverged([])).toBe(true);
    expect(specShare({ a: 3, b: 1 }, "a")).toBe(0.75);
    expect(specShare({ a: 0 }, "a")).toBe(0);
    expect(specShare({ a: 1 }, "b")).toBe(0);
  });
});

describe("the judges fail on wrong answers, with stable classes", () => {
  const input: AllocationInputCase = {
    provider: {
      pubKey: "P",
      capacity_slots: [{ id: "s", quantity: 4 }],
      recognition_weights: { A: 1, B: 1 },
    },
    others: [
      {
        pubKey: "A",
        need_slots: [{ id: "n", quantity: 2 }],
        recognition_weights: { P: 1 },
        damping_factor: 1,
      },
      {
        pubKey: "B",
        need_slots: [{ id: "n", quantity: 2 }],
        recognition_weights: {},
        damping_factor: 0.5,
      },
      {
        pubKey: "C",
        need_slots: [{ id: "n", quantity: 2 }],
        recognition_weights: { P: 1 },
        damping_factor: 1,
      },
      { pubKey: "D", need_slots: [], recognition_weights: { P: 1 }, damping_factor: 1 },
    ],
  };

  it("INPUT-1: the reference is accepted; a missing one-way recipient, an extra stranger and a wrong share are not", () => {
    const good = allocationInputFromCommitments(input.provider, input.others);
    expect(good.recipients.map((r) => r.pubKey)).toEqual(["A", "B"]);
    expect(classOf(() => judgeAllocationInput(input, good, "x"))).toBeUndefined();
    const missing = { ...good, recipients: good.recipients.filter((r) => r.pubKey !== "B") };
    expect(classOf(() => judgeAllocationInput(input, missing, "x"))).toBe("recipient-missing");
    const extra = {
      ...good,
      recipients: [
        ...good.recipients,
        { pubKey: "C", need_slots: [], mr: 0, share: 0, damping_factor: 1 },
      ],
    };
    expect(classOf(() => judgeAllocationInput(input, extra, "x"))).toBe("recipient-extra");
    const share = { ...good, recipients: good.recipients.map((r) => ({ ...r, share: 1 })) };
    expect(classOf(() => judgeAllocationInput(input, share, "x"))).toBe("share-mismatch");
    // An absent damping factor is the schema's default 1 (where the commitment says 1), not 0;
    // a stated one that differs is a mismatch.
    const absent = {
      ...good,
      recipients: good.recipients.map(({ damping_factor: d, ...r }) =>
        d === 1 ? r : { ...r, damping_factor: d },
      ),
    } as unknown as typeof good;
    expect(absent.recipients.some((r) => !("damping_factor" in r))).toBe(true);
    expect(classOf(() => judgeAllocationInput(input, absent, "x"))).toBeUndefined();
    const half = {
      ...good,
      recipients: good.recipients.map((r) => ({ ...r, damping_factor: r.damping_factor / 4 })),
    };
    expect(classOf(() => judgeAllocationInput(input, half, "x"))).toBe("damping-mismatch");
  });

  it("DYN-7: a synchronous answer to a sequential round is reported as the schedule", () => {
    const net = {
      providers: ["P0", "P1"].map((pubKey) => ({
        pubKey,
        capacity_slots: [{ id: "s", quantity: 2 }],
        recognition: { R: { mr: 1, share: 1 } },
      })),
      recipients: [{ pubKey: "R", need_slots: [{ id: "n", quantity: 2 }] }],
    };
    const c: DynamicsRoundCase = {
      network: net,
      previous: {},
      input: { residual: "net-of-others", schedule: "sequential", dampingFactors: {} },
      origin: "none",
    };
    const sync = specDynamicsRound(net, {}, { ...c.input, schedule: "synchronous" });
    expect(classOf(() => judgeDynamicsRound(c, sync, "x"))).toBe("schedule-mismatch");
    expect(
      classOf(() => judgeDynamicsRound(c, specDynamicsRound(net, {}, c.input), "x")),
    ).toBeUndefined();
  });

  it("STAT-1 through the adapter: a recipient that never learns fails a run", () => {
    const recipient = referenceDenominatorAgent.recipient;
    if (recipient === undefined) throw new Error("no reference recipient");
    const frozen = { learner: referenceLearner, recipient: { ...recipient, estimate: () => 1 } };
    const run = runLearning(frozen, STAT_SETTING, 7, 0);
    expect(run.ok).toBe(false);
    expect(run.maxError).toBeGreaterThan(0.9);
  });

  it("a learner without a recipient part is not an implementation", () => {
    const r = checkImplementation({
      name: "x",
      denominatorAgent: {
        learner: { create: () => 0 },
        provider: { create: () => 0, onRequest: () => 0 },
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/denominatorAgent: a learner creates recipients/);
  });

  it("COMPAT-6 judged by the implementation's own rule when it has one", () => {
    const [p] = slotIndexProperties(referenceSlotIndex, { compatible: () => true }, "x");
    const o = runProperty(p as NonNullable<typeof p>, { seed, numRuns: 50 });
    expect(o.ok).toBe(false);
    expect(o.error).toMatch(/x's own pairwise rule/);
  });
});

describe("allocationInputFromCommitments flushes fractions below 1e-9 (SPEC §1, §3)", () => {
  const need = (pubKey: string, weights: Record<string, number> = { P: 1 }) => ({
    pubKey,
    need_slots: [{ id: "n", quantity: 5 }],
    recognition_weights: weights,
    damping_factor: 1,
  });
  const provider = (weights: Record<string, number>) => ({
    pubKey: "P",
    capacity_slots: [{ id: "s", quantity: 10 }],
    recognition_weights: weights,
  });

  it("INPUT-1 the input built from commitments passes allocationInputSchema (weights 1e15 and 1e-9)", () => {
    const input = allocationInputFromCommitments(provider({ A: 1e15, B: 1e-9 }), [
      need("A"),
      need("B"),
    ]);
    // The unflushed values (share 1e-24) are what the schema rejects: the check can fail.
    const raw = { ...input, recipients: [{ ...input.recipients[0]!, share: 1e-24 }] };
    expect(allocationInputSchema.safeParse(raw).success).toBe(false);
    expect(allocationInputSchema.safeParse(input).success).toBe(true);
    // B's MR and share are both below 1e-9: it is left out, and `allocate` accepts the input.
    expect(input.recipients.map((r) => r.pubKey)).toEqual(["A"]);
    expect(allocate(input).recipient_totals).toEqual({ A: 5 });
  });

  it("a tiny MR alone is written as 0: the recipient stays, one-way", () => {
    // share_P(B) = 0.5, share_B(P) = 1e-10 / (1 + 1e-10) < 1e-9: MR flushes to 0.
    const input = allocationInputFromCommitments(provider({ A: 1, B: 1 }), [
      need("A"),
      need("B", { P: 1e-10, X: 1 }),
    ]);
    expect(allocationInputSchema.safeParse(input).success).toBe(true);
    const b = input.recipients.find((r) => r.pubKey === "B");
    expect(b?.mr).toBe(0);
    expect(b?.share).toBe(0.5);
    expect(allocate(input).slot_allocations.find((r) => r.recipient_pubkey === "B")?.tier).toBe(
      "non-mutual",
    );
  });

  it("fractions of exactly 1e-9 are kept", () => {
    // share_P(B) = 1 / 1e9, which is the double 1e-9; MR(P, B) = min(1e-9, 1).
    const input = allocationInputFromCommitments(provider({ A: 999_999_999, B: 1 }), [
      need("A"),
      need("B"),
    ]);
    const b = input.recipients.find((r) => r.pubKey === "B");
    expect(b?.share).toBe(1e-9);
    expect(b?.mr).toBe(1e-9);
    expect(allocationInputSchema.safeParse(input).success).toBe(true);
  });
});
