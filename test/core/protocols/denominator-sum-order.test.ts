/**
 * Sums over partners and ledger entries do not depend on the order those were first heard of
 * (found by StrykerJS: the key-order sums of the composition estimate and of the corrected
 * provider's ledger were left unpinned, bench/mutation/equivalent.md). Floating-point addition is
 * not associative, so the sums go over the keys in sorted order; the values below (1e15 and
 * 0.05s, the ulp of 1e15 being 0.125) give different totals in the other orders.
 */
import { describe, expect, it } from "vitest";
import {
  denominatorMachine,
  providerInit,
  recipientInit,
  type DenominatorState,
  type PartnerInfo,
  type ProviderState,
  type RecipientState,
} from "../../../src/core/protocols/denominator.js";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import type { P2PMessage } from "../../../src/core/schemas/messages.js";

const ctx: NodeContext = { now: 0, self: "x", random: () => 0.5 };
const step = (s: DenominatorState, i: NodeInput<P2PMessage>) => denominatorMachine.step(s, i, ctx);

describe("P2P sums in key order, whatever the arrival order", () => {
  it("a corrected provider books the same ledger total for the same grants in any order", () => {
    const request = (r: string, q: number): NodeInput<P2PMessage> => ({
      kind: "message",
      from: r,
      msg: {
        type: "allocation_request",
        recipient_id: r,
        provider_id: "P",
        residual_need: q,
        expected_allocation: q,
        timestamp: 0,
      },
    });
    const grants: Record<string, number> = { a: 0.05, b: 1e15, c: 0.05 };
    const total = (order: string[]) => {
      let s: DenominatorState = providerInit({
        id: "P",
        variant: "corrected",
        capacity: 2e15,
        recipients: { a: 1, b: 1, c: 1 },
      });
      for (const r of order) s = step(s, request(r, grants[r] as number)).state;
      return (s as ProviderState).ledgerTotal;
    };
    // In key order: (0.05 + 1e15) + 0.05 = 1e15; in the order c, a, b: (0.05 + 0.05) + 1e15 = 1e15 + 0.125.
    expect(total(["a", "b", "c"])).toBe(1e15);
    expect(total(["c", "a", "b"])).toBe(1e15);
    expect(total(["b", "c", "a"])).toBe(1e15);
  });

  it("a recipient's composition sums the partners' MR·residual in key order", () => {
    const r0 = recipientInit({
      id: "R",
      statedNeed: 0.1,
      providers: { P: 0.5 },
      partners: [],
      options: { composition: true, learningRate: { kind: "constant", alpha: 1 } },
    });
    const info = (keys: string[]): RecipientState => {
      const byKey: Record<string, { residual: number; mr: number; timestamp: number }> = {
        a: { residual: 1e15, mr: 1, timestamp: 0 },
        b: { residual: 0.05, mr: 1, timestamp: 0 },
      };
      return {
        ...r0,
        partnerInfo: { P: Object.fromEntries(keys.map((k) => [k, byKey[k] as PartnerInfo])) },
      };
    };
    const gossip: NodeInput<P2PMessage> = {
      kind: "message",
      from: "c",
      msg: {
        type: "denominator_gossip",
        sender_id: "c",
        provider_id: "P",
        estimated_denominator: 0.05,
        my_residual_need: 0.05,
        my_mr_value: 1,
        confidence: 1,
        timestamp: 0,
      },
    };
    const est = (s: RecipientState) =>
      (step(s, gossip).state as RecipientState).providers["P"]?.estDenominator;
    // α = 1: the estimate is the composed sum, 0.5·0.1 + 1e15 + 0.05 + 0.05 in key order (a, b, c).
    expect(est(info(["a", "b"]))).toBe(1e15);
    expect(est(info(["b", "a"]))).toBe(1e15);
  });
});
