// Segmented router that reads its lanes in the wrong order, data first and control last: a data flood starves control events.
import { defineImplementation } from "../../src/verify/implementation.js";
import { thirdPartyRouter } from "./_router.js";

export default defineImplementation({
  name: "router-lanes-reversed",
  node: { router: thirdPartyRouter({ lanesReversed: true }) },
});
