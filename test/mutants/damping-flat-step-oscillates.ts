// Damping that tests for a sign change with d1 · d2 ≤ 0, so a flat step (no change) next to
// any change counts as an oscillation.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookDamping } from "./_textbook-damping.js";

export default defineImplementation({
  name: "damping-flat-step-oscillates",
  damping: textbookDamping({ oscillates: (d1, d2) => d1 * d2 <= 0 }),
});
