// V2 newcomer that joins every fork grant it receives once active — a duplicated copy of the
// grant it already holds included — where the reference ignores a grant that overlaps its id
// (SPEC §13): joining two overlapping ids is a misuse, and the core refuses it.
import { referenceV2Node } from "../../properties/nodes.js";
import * as itc from "../../src/core/itc/index.js";
import type { V2State } from "../../src/core/protocols/v2-node.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "v2-joins-duplicate-grant",
  node: {
    v2: {
      ...referenceV2Node,
      step: (s: V2State, input, ctx) => {
        if (
          input.kind === "message" &&
          input.msg.type === "fork-grant" &&
          s.status === "active" &&
          s.stamp !== null
        )
          return { state: { ...s, stamp: itc.join(s.stamp, input.msg.stamp) }, effects: [] };
        return referenceV2Node.step(s, input, ctx);
      },
    },
  },
});
