// Vector-clock join that takes the pointwise minimum.
import * as vc from "../../src/core/vclock.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "vclock-join-min",
  vclock: {
    ...ref.vclock,
    join: (a, b) => {
      const out: Record<string, number> = {};
      for (const k of Object.keys(a))
        if (vc.get(b, k) > 0) out[k] = Math.min(vc.get(a, k), vc.get(b, k));
      return out;
    },
  },
});
