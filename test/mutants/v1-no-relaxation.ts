// V1 node that jumps to each round's new allocation (λ = 1, as the seeds write it) instead of
// moving half of the way (SPEC §13 Decisions).
import { referenceV1Node } from "../../properties/nodes.js";
import { v1Init } from "../../src/core/protocols/v1-node.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "v1-no-relaxation",
  node: {
    v1: {
      ...referenceV1Node,
      init: (c) =>
        v1Init({
          spec: c.spec,
          options: { threshold: c.threshold, epochMs: c.epochMs, relaxation: 1 },
        }),
    },
  },
});
