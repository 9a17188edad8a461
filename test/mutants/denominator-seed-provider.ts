// Seed 000's provider exactly as written: at the end of each of its rounds `reset_allocations`
// makes all capacity available again, although recipients keep what they were granted.
import { denominatorAgentFromMachine } from "../../properties/machine-adapter.js";
import {
  denominatorMachine,
  providerInit,
  type DenominatorState,
} from "../../src/core/protocols/denominator.js";
import { defineImplementation } from "../../src/verify/implementation.js";

const { provider } = denominatorAgentFromMachine<DenominatorState>(denominatorMachine, {
  provider: (c) => providerInit({ ...c, variant: "seed", roundMs: 1000 }),
});

export default defineImplementation({
  name: "denominator-seed-provider",
  denominatorAgent: { ...(provider !== undefined ? { provider } : {}) },
});
