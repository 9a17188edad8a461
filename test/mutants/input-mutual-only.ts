// Allocation input from commitments that keeps only mutually recognised participants (tier 1):
// participants the provider recognises one-way (share > 0, MR = 0) are left out.
import { allocationInputFromCommitments } from "../../src/core/allocation/from-commitments.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "input-mutual-only",
  allocationInput: {
    fromCommitments: (provider, others) => {
      const input = allocationInputFromCommitments(provider, others);
      return { ...input, recipients: input.recipients.filter((r) => r.mr > 0) };
    },
  },
});
