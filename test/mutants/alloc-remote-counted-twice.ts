// Allocator that counts every remote need twice (a remote need listed under two buckets).
import { defineImplementation } from "../../src/verify/implementation.js";
import { rewriting } from "./_base.js";

export default defineImplementation({
  name: "alloc-remote-counted-twice",
  allocator: rewriting((input) => ({
    ...input,
    recipients: input.recipients.map((r) => ({
      ...r,
      need_slots: r.need_slots.map((n) =>
        n.location?.type === "remote" ? { ...n, quantity: 2 * n.quantity } : n,
      ),
    })),
  })),
});
