// Damping that calls a history smooth when the values (not their magnitudes) never grow.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookDamping } from "./_textbook-damping.js";

export default defineImplementation({
  name: "damping-smooth-signed",
  damping: textbookDamping({ smooth: (a, b, c) => c <= b && b <= a }),
});
