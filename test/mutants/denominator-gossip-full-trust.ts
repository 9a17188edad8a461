// Recipient that blends gossip with weight = confidence, forgetting seed 000's trust factor
// (½): one confident message moves the estimate all the way to the gossiped value.
import { denominatorMachine } from "../../src/core/protocols/denominator.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { agentsWith } from "./_denominator.js";

export default defineImplementation({
  name: "denominator-gossip-full-trust",
  denominatorAgent: agentsWith(
    "full-trust",
    (s, input, ctx) => {
      if (input.kind === "message" && input.msg.type === "denominator_gossip")
        // weight = confidence × trust with trust ½: doubling the confidence is trust 1.
        return denominatorMachine.step(
          s,
          { ...input, msg: { ...input.msg, confidence: Math.min(1, 2 * input.msg.confidence) } },
          ctx,
        );
      return denominatorMachine.step(s, input, ctx);
    },
    "recipient",
  ),
});
