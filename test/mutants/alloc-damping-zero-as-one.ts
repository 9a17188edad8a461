// Allocator that reads a damping factor of 0 as "unset", i.e. 1.
import { defineImplementation } from "../../src/verify/implementation.js";
import { rewriting } from "./_base.js";

export default defineImplementation({
  name: "alloc-damping-zero-as-one",
  allocator: rewriting((input) => ({
    ...input,
    recipients: input.recipients.map((r) => ({ ...r, damping_factor: r.damping_factor || 1 })),
  })),
});
