// V2 node with seed 003's migration-guide staleness rule, `leq(peerStamp, myStamp)`: it drops a
// peer's update whose events it already learnt of transitively, through a third node's stamp.
import { v2Init } from "../../src/core/protocols/v2-node.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v2-seed-migration-stale",
  node: {
    v2: {
      ...ref.v2Node,
      init: (c) =>
        v2Init({
          spec: c.spec,
          stamp: c.stamp,
          ...(c.sponsor !== undefined ? { sponsor: c.sponsor } : {}),
          options: { epochMs: c.epochMs, staleRule: "seed-migration" },
        }),
    },
  },
});
