// Allocator whose matching treats windows that touch ([9:00, 10:00) and [10:00, 11:00)) as
// overlapping; it provides no compat part of its own, so the allocation is judged by SPEC §4.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "alloc-touching-windows",
  allocator: textbookAllocator({
    compatible: textbookCompat({ touchingOverlap: true }).compatible,
  }),
});
