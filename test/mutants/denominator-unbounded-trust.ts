// Recipient whose trust in a gossip partner grows without bound: each agreeing message multiplies
// it by 1.1 with no cap, so a persistent gossiper soon overrides the estimate (and then overshoots).
import { denominatorAgentFromMachine } from "../../properties/machine-adapter.js";
import {
  denominatorMachine,
  P2P_SEED,
  recipientInit,
  type DenominatorState,
} from "../../src/core/protocols/denominator.js";
import type { NodeMachine } from "../../src/core/protocols/machine.js";
import type { P2PMessage } from "../../src/core/schemas/messages.js";
import { defineImplementation } from "../../src/verify/implementation.js";

const machine: NodeMachine<DenominatorState, P2PMessage> = {
  ...denominatorMachine,
  name: "p2p-denominator+unbounded-trust",
  step(state, input, ctx) {
    const r = denominatorMachine.step(state, input, ctx);
    if (state.role !== "recipient" || r.state.role !== "recipient") return r;
    if (input.kind !== "message" || input.msg.type !== "denominator_gossip") return r;
    const m = input.msg;
    const view = r.state.providers[m.provider_id];
    const ours = state.providers[m.provider_id]?.estDenominator;
    if (view === undefined || ours === undefined || m.sender_id === state.id) return r;
    const theirs = m.estimated_denominator;
    const t0 = state.trust[m.sender_id] ?? P2P_SEED.trust;
    const far =
      ours > 0 && theirs > 0 ? Math.abs(Math.log(theirs / ours)) > Math.LN2 : ours !== theirs;
    const trust = far ? t0 * 0.5 : t0 * 1.1;
    const w = m.confidence * trust;
    return {
      ...r,
      state: {
        ...r.state,
        trust: { ...r.state.trust, [m.sender_id]: trust },
        providers: {
          ...r.state.providers,
          [m.provider_id]: { ...view, estDenominator: w * theirs + (1 - w) * ours },
        },
      },
    };
  },
};

const { recipient } = denominatorAgentFromMachine(machine, {
  recipient: (c) => recipientInit({ ...c, options: { startOffset: 0, trust: "adaptive" } }),
  estimate: (s, p) => (s.role === "recipient" ? s.providers[p]?.estDenominator : undefined),
});

export default defineImplementation({
  name: "denominator-unbounded-trust",
  denominatorAgent: { ...(recipient !== undefined ? { recipient } : {}) },
});
