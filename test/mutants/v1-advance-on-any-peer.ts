// V1 node that ignores the advancement threshold: it jumps to a later round as soon as any one
// of its active peers is in it.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "v1-advance-on-any-peer",
  node: {
    v1: { ...ref.v1Node, init: (c) => ref.v1Node.init({ ...c, threshold: 1e-9 }) },
  },
});
