// ITC join that silently merges overlapping ids instead of reporting the misuse.
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "itc-join-accepts-overlap",
  itc: {
    ...ref.itc,
    join: (a, b) => {
      try {
        return itc.join(a, b);
      } catch {
        return itc.join({ id: a.id, event: a.event }, { id: 0, event: b.event });
      }
    },
  },
});
