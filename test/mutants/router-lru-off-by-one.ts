// Router dedup cache that evicts while it holds as many items as its capacity (not more): it remembers one item fewer than configured.
import { defineImplementation } from "../../src/verify/implementation.js";
import { thirdPartyRouter } from "./_router.js";

export default defineImplementation({
  name: "router-lru-off-by-one",
  node: { router: thirdPartyRouter({ lruOffByOne: true }) },
});
