// ITC fork that returns the right half first: the halves are disjoint and sum back, but the
// stamp the caller keeps owns the other half of the interval than the paper's.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "itc-fork-halves-swapped",
  itc: {
    ...ref.itc,
    fork: (s) => {
      const [a, b] = ref.itc.fork(s);
      return [b, a];
    },
  },
});
