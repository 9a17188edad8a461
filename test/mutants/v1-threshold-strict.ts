// V1 node that advances only when strictly more than the threshold of its active peers are
// ahead (`>` where the seeds say "at least"): 2 of 4 peers at 50 % do not move it. With the
// reference's ⌈threshold · n⌉ that is a threshold a hair above the configured one.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v1-threshold-strict",
  node: {
    v1: { ...ref.v1Node, init: (c) => ref.v1Node.init({ ...c, threshold: c.threshold + 1e-9 }) },
  },
});
