// Router whose dedup cache refreshes an item's time on every sighting, dropped duplicates
// included: an item announced steadily is dropped forever, past its TTL.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "router-dedup-refresh-on-drop",
  node: {
    router: {
      ...ref.router,
      emit(h, from, event, now) {
        const outcome = ref.router.emit(h, from, event, now);
        if (outcome === "dropped") {
          const cache = new Map(h.state.dedupCache);
          cache.delete(event.hash);
          cache.set(event.hash, now);
          h.state = { ...h.state, dedupCache: cache };
        }
        return outcome;
      },
    },
  },
});
