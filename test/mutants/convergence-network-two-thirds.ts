// Network convergence at two thirds of the participants (a BFT-style quorum) instead of the
// 80 % of SPEC §6.3.
import { isConverged } from "../../src/core/convergence.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "convergence-network-two-thirds",
  convergence: {
    isConverged,
    networkConverged: (flags) => 3 * flags.filter(Boolean).length >= 2 * flags.length,
  },
});
