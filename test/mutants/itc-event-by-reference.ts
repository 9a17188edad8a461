// ITC event that decides "fill changed nothing" by comparing trees by reference — with a fill
// that always builds a new tree, it never grows, so an event can leave the stamp unchanged.
import { fill } from "../core/itc/tree-events.js";
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "itc-event-by-reference",
  itc: {
    ...ref.itc,
    event: (s) => {
      const filled = structuredClone(fill(s.id, s.event));
      const v = itc.validate({ id: s.id, event: filled });
      if (!v.ok) throw new Error(v.error.message);
      return v.value; // "changed" by reference, so grow is never tried
    },
  },
});
