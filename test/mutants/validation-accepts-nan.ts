// Input validation that lets NaN and ±Infinity through (it only checks what JSON can carry).
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

function scrub(v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return 0;
  if (Array.isArray(v)) return v.map(scrub);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]));
  return v;
}

export default defineImplementation({
  name: "validation-accepts-nan",
  validation: { acceptsAllocationInput: (v) => ref.validation.acceptsAllocationInput(scrub(v)) },
});
