// Compatibility with closed windows: [9:00, 10:00) and [10:00, 11:00) "overlap" (s1 ≤ e2).
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "compat-touching-windows",
  compat: textbookCompat({ touchingOverlap: true }),
});
