// ITC whose event tries grow first and fills only where grow cannot run (under a whole
// sub-interval whose event is already a tree): causality stays right, but stamps grow where
// fill alone would have inflated them (SPEC §8: fill, and grow only if fill changes nothing).
import { referenceItc } from "../../properties/itc.js";
import { grow } from "../core/itc/tree-events.js";
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "itc-grow-before-fill",
  itc: {
    ...referenceItc,
    event: (s) => {
      if (s.id === 0) return itc.event(s);
      try {
        return { id: s.id, event: grow(s.id, s.event) };
      } catch {
        return itc.event(s);
      }
    },
  },
});
