// Damping that sorts the history newest first and then takes the last three: the oldest ones.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookDamping } from "./_textbook-damping.js";

export default defineImplementation({
  name: "damping-sorted-descending",
  damping: textbookDamping({
    order: (a, b) => b.timestamp - a.timestamp || b.overAllocation - a.overAllocation,
  }),
});
