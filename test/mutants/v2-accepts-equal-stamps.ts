// V2 node whose stale rule is "strictly before the last accepted" (leq and not equal): a
// duplicate of the last publication is accepted again and schedules another recompute.
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v2-accepts-equal-stamps",
  node: {
    v2: {
      ...ref.v2Node,
      step: (s, input, ctx) => {
        if (input.kind === "message" && input.msg.type === "commitment") {
          const last = s.lastCommitStamp[input.from];
          if (last !== undefined && itc.equals(last, input.msg.stamp)) {
            // "Only older updates are stale": forget the equal one and accept it again.
            const lastCommitStamp = { ...s.lastCommitStamp };
            delete lastCommitStamp[input.from];
            const r = ref.v2Node.step({ ...s, lastCommitStamp }, input, ctx);
            // (An expired one is still dropped before the stale rule: keep the record then.)
            const kept = r.state.lastCommitStamp[input.from] ?? last;
            return {
              ...r,
              state: {
                ...r.state,
                lastCommitStamp: { ...r.state.lastCommitStamp, [input.from]: kept },
              },
            };
          }
        }
        return ref.v2Node.step(s, input, ctx);
      },
    },
  },
});
