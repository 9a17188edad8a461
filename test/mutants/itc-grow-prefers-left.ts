// ITC event whose grow takes the left branch when both sides cost the same (the paper, and
// SPEC §8, take the right one): a different, equally valid-looking stamp.
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { fill, grow, normalizeEv, plain, stamp } from "./_itc.js";

export default defineImplementation({
  name: "itc-grow-prefers-left",
  itc: {
    ...ref.itc,
    event: (s) => {
      ref.itc.peek(s); // validates its input
      const p = plain(s);
      if (p.id === 0) return itc.event(s);
      const f = fill(p.id, p.event);
      if (JSON.stringify(f) !== JSON.stringify(p.event)) return stamp(p.id, f);
      return stamp(p.id, normalizeEv(grow(p.id, p.event, true)[0]));
    },
  },
});
