// One round of the dynamics that always lets every provider see the previous round's grants:
// the sequential schedule is played as the synchronous one.
import { referenceDynamics } from "../../properties/dynamics-round.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "dynamics-ignores-schedule",
  dynamics: {
    round: (network, previous, input) =>
      referenceDynamics.round(network, previous, { ...input, schedule: "synchronous" }),
  },
});
