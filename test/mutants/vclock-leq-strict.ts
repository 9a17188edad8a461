// Vector-clock leq written with < instead of ≤ on each entry: a clock is not ≤ itself.
import * as vc from "../../src/core/vclock.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "vclock-leq-strict",
  vclock: {
    ...ref.vclock,
    leq: (a, b) => Object.keys(a).every((k) => vc.get(a, k) === 0 || vc.get(a, k) < vc.get(b, k)),
  },
});
