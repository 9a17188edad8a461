// Damping that looks at the whole history instead of the last three entries of the 30 s window.
import type { DampingEntry } from "../../src/core/schemas/commitment.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "damping-no-window",
  damping: {
    dampingFactor: (history: readonly DampingEntry[], now: number) =>
      ref.damping.dampingFactor(
        history.map((e, k) => ({ ...e, timestamp: now - history.length + k })),
        now,
      ),
  },
});
