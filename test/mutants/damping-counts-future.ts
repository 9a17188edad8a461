// Damping whose window has no upper edge: entries stamped after `now` (clock skew) count.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookDamping } from "./_textbook-damping.js";

export default defineImplementation({
  name: "damping-counts-future",
  damping: textbookDamping({ inWindow: (t, now) => t > now - 30_000 }),
});
