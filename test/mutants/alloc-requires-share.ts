// Allocator that skips every recipient without a positive one-way share before looking at its
// tier, so a mutual recipient the provider's weights do not name (share 0, MR > 0) gets nothing.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookAllocator } from "./_textbook-allocator.js";

export default defineImplementation({
  name: "alloc-requires-share",
  allocator: textbookAllocator({ requireShare: true }),
});
