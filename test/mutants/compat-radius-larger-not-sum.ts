// Compatibility that takes the larger of the two radii as the reach instead of their sum.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "compat-radius-larger-not-sum",
  compat: textbookCompat({ reach: (a, b) => Math.max(a, b) }),
});
