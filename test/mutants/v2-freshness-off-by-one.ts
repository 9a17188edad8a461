// V2 node whose freshness test is `timestamp < now − 60 s` instead of `≤`: a publication exactly
// 60 s old still counts (seed 003: fresh means less than 60 s old). With integer milliseconds
// that is the reference with a window of 60 001 ms.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { v2InitWith } from "./_v2.js";

export default defineImplementation({
  name: "v2-freshness-off-by-one",
  node: { v2: { ...ref.v2Node, init: v2InitWith({ freshnessMs: 60_001 }) } },
});
