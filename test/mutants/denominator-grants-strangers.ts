// Provider without the membership check: a request from a recipient it does not serve is
// answered like any other (MR 0), so strangers get a share of its capacity.
import { denominatorMachine } from "../../src/core/protocols/denominator.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { agentsWith } from "./_denominator.js";

export default defineImplementation({
  name: "denominator-grants-strangers",
  denominatorAgent: agentsWith(
    "grants-strangers",
    (s, input, ctx) => {
      if (
        s.role === "provider" &&
        input.kind === "message" &&
        input.msg.type === "allocation_request" &&
        !Object.hasOwn(s.recipients, input.msg.recipient_id)
      )
        return denominatorMachine.step(
          { ...s, recipients: { ...s.recipients, [input.msg.recipient_id]: 0 } },
          input,
          ctx,
        );
      return denominatorMachine.step(s, input, ctx);
    },
    "provider",
  ),
});
