// Allocator without cross-slot need tracking: every slot sees the full need again.
import { allocateValidated } from "../../src/core/allocation/allocate.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "alloc-no-cross-slot",
  allocator: { allocate: (input) => allocateValidated(input, { variant: "v2-one-pass" }) },
});
