// A seed-000 recipient that always learns with the seed's constant α = 0.3, whatever learning
// rate it is set up with: its estimates keep a noise floor and never settle within 10 %.
import { referenceDenominatorAgent } from "../../properties/denominator.js";
import { referenceLearner } from "../../properties/learning.js";
import { SEED_LEARNING_RATE } from "../../src/core/protocols/learning-rate.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "learner-constant-rate",
  denominatorAgent: {
    ...referenceDenominatorAgent,
    learner: {
      create: (config, learning) =>
        referenceLearner.create(config, { ...learning, learningRate: SEED_LEARNING_RATE }),
    },
  },
});
