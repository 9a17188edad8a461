// V2 node that records accepted publications but never joins their stamps into its own: its
// stamp counts only its own events, so what it publishes does not follow what it has seen.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { v2InitWith } from "./_v2.js";

export default defineImplementation({
  name: "v2-no-stamp-merge",
  node: { v2: { ...ref.v2Node, init: v2InitWith({ stampMerge: "none" }) } },
});
