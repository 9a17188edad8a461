// V2 node that forgets the self increment before publishing: it publishes its current stamp,
// so two publications with nothing accepted in between carry the same stamp.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v2-publish-without-event",
  node: {
    v2: {
      ...ref.v2Node,
      step: (s, input, ctx) => {
        const r = ref.v2Node.step(s, input, ctx);
        const publishes = r.effects.some(
          (e) =>
            e.kind === "broadcast" && (e.msg.type === "commitment" || e.msg.type === "allocation"),
        );
        if (!publishes || s.stamp === null || input.kind !== "timer") return r;
        const stamp = s.stamp; // what it had before the (forgotten) event
        return {
          state: { ...r.state, stamp },
          effects: r.effects.map((e) =>
            e.kind === "broadcast" && (e.msg.type === "commitment" || e.msg.type === "allocation")
              ? { ...e, msg: { ...e.msg, stamp } }
              : e,
          ),
        };
      },
    },
  },
});
