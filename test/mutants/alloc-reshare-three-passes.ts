// Allocator that stops resharing what capping frees after three passes (a loop bound "that is
// always enough"): when more than three waves of recipients saturate in one slot, the last
// shares are only capped, and capacity is left unused while needs are unmet.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";

export default defineImplementation({
  name: "alloc-reshare-three-passes",
  allocator: textbookAllocator({ maxPasses: 3 }),
});
