// Allocator with an absolute epsilon: a need counts as met once less than 1e-6 of it remains
// (SPEC.md §1 says 1e-9 · max(1, need)), so small needs are dropped after a partial grant.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";

export default defineImplementation({
  name: "alloc-need-met-below-micro",
  allocator: textbookAllocator({ metWhenBelow: () => 1e-6 }),
});
