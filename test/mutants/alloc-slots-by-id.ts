// Allocator that processes the provider's capacity slots in id order rather than in the
// canonical order of SPEC.md §5.2 (window start, then end, then id).
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";

export default defineImplementation({
  name: "alloc-slots-by-id",
  allocator: textbookAllocator({ slotOrder: "id" }),
});
