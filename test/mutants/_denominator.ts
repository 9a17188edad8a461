/** Shared by the denominator mutants: the reference agents with their machine's step wrapped. */
import { denominatorAgentFromMachine } from "../../properties/machine-adapter.js";
import {
  denominatorMachine,
  providerInit,
  recipientInit,
  type DenominatorState,
} from "../../src/core/protocols/denominator.js";
import type { NodeMachine } from "../../src/core/protocols/machine.js";
import type { P2PMessage } from "../../src/core/schemas/messages.js";

export function agentsWith(
  name: string,
  step: NodeMachine<DenominatorState, P2PMessage>["step"],
  role: "provider" | "recipient",
) {
  const machine: NodeMachine<DenominatorState, P2PMessage> = {
    ...denominatorMachine,
    name: `p2p-denominator+${name}`,
    step,
  };
  const agents = denominatorAgentFromMachine(machine, {
    provider: (c) => providerInit({ ...c, variant: "corrected" }),
    recipient: (c) => recipientInit({ ...c, options: { startOffset: 0 } }),
    estimate: (s, p) => (s.role === "recipient" ? s.providers[p]?.estDenominator : undefined),
  });
  return role === "provider"
    ? { ...(agents.provider !== undefined ? { provider: agents.provider } : {}) }
    : { ...(agents.recipient !== undefined ? { recipient: agents.recipient } : {}) };
}
