// Recipient that does not check whom a response is addressed to: a grant to another recipient
// is counted as its own.
import { denominatorMachine } from "../../src/core/protocols/denominator.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { agentsWith } from "./_denominator.js";

export default defineImplementation({
  name: "denominator-counts-stray-responses",
  denominatorAgent: agentsWith(
    "counts-stray",
    (s, input, ctx) => {
      if (
        s.role === "recipient" &&
        input.kind === "message" &&
        input.msg.type === "allocation_response" &&
        input.msg.recipient_id !== s.id
      )
        return denominatorMachine.step(
          s,
          { ...input, msg: { ...input.msg, recipient_id: s.id } },
          ctx,
        );
      return denominatorMachine.step(s, input, ctx);
    },
    "recipient",
  ),
});
