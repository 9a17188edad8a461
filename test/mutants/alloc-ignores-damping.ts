// Allocator that forgets the damping factor in the weight (weight = renormalised recognition ×
// remaining need).
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";

export default defineImplementation({
  name: "alloc-ignores-damping",
  allocator: textbookAllocator({ damping: false }),
});
