// Vector-clock event that increments with 32-bit integer arithmetic (`(c + 1) | 0`): past
// 2^31 − 1 the counter wraps to a negative number.
import * as vc from "../../src/core/vclock.js";
import type { VClock } from "../../src/core/vclock.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "vclock-counter-int32",
  vclock: {
    ...ref.vclock,
    event: (clock, node) => {
      const next = (vc.get(clock, node) + 1) | 0;
      return { ...clock, [node]: next } as VClock;
    },
  },
});
