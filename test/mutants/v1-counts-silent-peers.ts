// V1 node that counts every peer it ever heard from when deciding to advance, not only those
// heard from within its freshness window (two rounds): long-silent peers still weigh.
import { v1Init } from "../../src/core/protocols/v1-node.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v1-counts-silent-peers",
  node: {
    v1: {
      ...ref.v1Node,
      init: (c) =>
        v1Init({
          spec: c.spec,
          options: { threshold: c.threshold, epochMs: c.epochMs, freshnessMs: 1e12 },
        }),
    },
  },
});
