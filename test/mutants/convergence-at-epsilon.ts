// Convergence detection that counts a provider as converged when its denominators moved by at
// most ε (≤ instead of <).
import { denominatorDelta, networkConverged } from "../../src/core/convergence.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "convergence-at-epsilon",
  convergence: {
    isConverged: (previous, current) =>
      previous !== undefined && denominatorDelta(previous, current) <= 0.001,
    networkConverged,
  },
});
