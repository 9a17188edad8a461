// V2 node that adopts a peer's stamp instead of joining it: on an accepted publication it keeps
// its own id but takes over the peer's event tree, forgetting its own events (seed 003 says
// `join(myStamp, peerStamp)`).
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v2-stamp-regresses",
  node: {
    v2: {
      ...ref.v2Node,
      step: (state, input, ctx) => {
        const r = ref.v2Node.step(state, input, ctx);
        if (
          input.kind !== "message" ||
          (input.msg.type !== "commitment" && input.msg.type !== "allocation") ||
          state.stamp === null ||
          r.state.stamp === null ||
          itc.equals(state.stamp, r.state.stamp)
        )
          return r;
        return {
          ...r,
          state: { ...r.state, stamp: { id: r.state.stamp.id, event: input.msg.stamp.event } },
        };
      },
    },
  },
});
