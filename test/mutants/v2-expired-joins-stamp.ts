// V2 node that merges a peer's stamp before checking freshness: an expired publication's
// content is ignored, but its stamp is joined into the node's own.
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v2-expired-joins-stamp",
  node: {
    v2: {
      ...ref.v2Node,
      step: (s, input, ctx) => {
        const r = ref.v2Node.step(s, input, ctx);
        if (
          input.kind !== "message" ||
          (input.msg.type !== "commitment" && input.msg.type !== "allocation") ||
          s.stamp === null ||
          input.from === s.id ||
          r.state.counters.expired === s.counters.expired
        )
          return r;
        return { ...r, state: { ...r.state, stamp: itc.join(s.stamp, itc.peek(input.msg.stamp)) } };
      },
    },
  },
});
