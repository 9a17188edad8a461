// V2 node whose provider side allocates from the naive residual (need minus everything
// received, its own grants included) instead of the net-of-others one.
import { referenceV2Node } from "../../properties/nodes.js";
import { v2Init } from "../../src/core/protocols/v2-node.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "v2-naive-residual",
  node: {
    v2: {
      ...referenceV2Node,
      init: (c) =>
        v2Init({
          spec: c.spec,
          stamp: c.stamp,
          ...(c.sponsor !== undefined ? { sponsor: c.sponsor } : {}),
          options: { epochMs: c.epochMs, residual: "naive" },
        }),
    },
  },
});
