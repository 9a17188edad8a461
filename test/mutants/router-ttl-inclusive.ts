// Router deduplication that treats an item as a duplicate while now − accepted ≤ TTL: a re-announcement exactly one TTL later is still deduplicated (seed 004: the TTL has passed).
import { defineImplementation } from "../../src/verify/implementation.js";
import { thirdPartyRouter } from "./_router.js";

export default defineImplementation({
  name: "router-ttl-inclusive",
  node: { router: thirdPartyRouter({ ttlInclusive: true }) },
});
