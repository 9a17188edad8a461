// ITC leq that compares children without lifting them by their parents' base counters.
import type { Ev } from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

function leqNoLift(a: Ev, b: Ev): boolean {
  const na = typeof a === "number" ? a : a.n;
  const nb = typeof b === "number" ? b : b.n;
  if (na > nb) return false;
  if (typeof a === "number") return true;
  if (typeof b === "number") return leqNoLift(a.l, 0) && leqNoLift(a.r, 0); // forgot: lift by a.n − b
  return leqNoLift(a.l, b.l) && leqNoLift(a.r, b.r); // forgot: lift both by their bases
}

export default defineImplementation({
  name: "itc-leq-no-lift",
  itc: { ...ref.itc, leq: (a, b) => leqNoLift(a.event, b.event) },
});
