// Damping whose 30 s window includes its lower edge (t ≥ now − 30 s).
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookDamping } from "./_textbook-damping.js";

export default defineImplementation({
  name: "damping-window-inclusive",
  damping: textbookDamping({ inWindow: (t, now) => t >= now - 30_000 && t <= now }),
});
