// ITC event that does not check the counter range: an event at 2^53 − 1 returns 2^53 (where
// doubles stop being exact) instead of reporting it.
import * as itc from "../../src/core/itc/index.js";
import type { Stamp } from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { plain } from "./_itc.js";

export default defineImplementation({
  name: "itc-event-overflow-unchecked",
  itc: {
    ...ref.itc,
    event: (s) => {
      try {
        return itc.event(s);
      } catch (e) {
        const p = plain(s);
        if (p.id === 0) throw e;
        // "Cannot happen": bump the root counter.
        const ev = typeof p.event === "number" ? p.event + 1 : { ...p.event, n: p.event.n + 1 };
        return { id: p.id, event: ev } as unknown as Stamp;
      }
    },
  },
});
