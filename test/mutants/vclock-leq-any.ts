// Vector-clock leq that is satisfied by any one entry instead of all of them.
import * as vc from "../../src/core/vclock.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "vclock-leq-any",
  vclock: {
    ...ref.vclock,
    leq: (a, b) => {
      const keys = Object.keys(a);
      return keys.length === 0 || keys.some((k) => vc.get(a, k) <= vc.get(b, k));
    },
  },
});
