// Segmented router whose read stops at the end of the first lane it took events from, budget left or not: reads come back short while other lanes have events waiting.
import { defineImplementation } from "../../src/verify/implementation.js";
import { thirdPartyRouter } from "./_router.js";

export default defineImplementation({
  name: "router-read-one-lane",
  node: { router: thirdPartyRouter({ readOneLane: true }) },
});
