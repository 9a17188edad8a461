// Allocator that reports each slot's denominators from the recipients' stated needs, not from
// what remains of them when the slot is processed.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";

export default defineImplementation({
  name: "alloc-denominators-stated",
  allocator: textbookAllocator({ denominators: "stated" }),
});
