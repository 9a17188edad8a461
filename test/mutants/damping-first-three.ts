// Damping that classifies the first three entries of the window instead of the last three.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookDamping } from "./_textbook-damping.js";

export default defineImplementation({
  name: "damping-first-three",
  damping: textbookDamping({ pick: "first" }),
});
