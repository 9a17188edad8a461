// Location rule that never matches two in-person slots of the same city.
import { normalizeCity } from "../../src/core/compat/location.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "compat-no-same-city",
  compat: {
    compatible: (a, b) => {
      const la = a.location;
      const lb = b.location;
      if (
        la?.type === "in_person" &&
        lb?.type === "in_person" &&
        la.city !== undefined &&
        lb.city !== undefined
      ) {
        if (
          normalizeCity(la.city) === normalizeCity(lb.city) &&
          (la.coordinates === undefined || lb.coordinates === undefined)
        )
          return false;
      }
      return ref.compat.compatible(a, b);
    },
  },
});
