// Allocator that shares tier 2 (one-way recognition) out of the slot's whole quantity and then
// scales it back into what tier 1 left, instead of water-filling the leftover.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";

export default defineImplementation({
  name: "alloc-one-way-from-total",
  allocator: textbookAllocator({ tier2From: "total" }),
});
