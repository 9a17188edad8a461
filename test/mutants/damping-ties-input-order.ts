// Damping that sorts by timestamp only: entries with the same timestamp keep their input order.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookDamping } from "./_textbook-damping.js";

export default defineImplementation({
  name: "damping-ties-input-order",
  damping: textbookDamping({ order: (a, b) => a.timestamp - b.timestamp }),
});
