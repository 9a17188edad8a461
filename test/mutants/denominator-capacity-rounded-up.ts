// Provider that keeps its capacity in whole units, rounding up: a capacity of 2.5 grants up to 3.
import { providerInit } from "../../src/core/protocols/denominator.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { denominatorAgentFromMachine } from "../../properties/machine-adapter.js";
import { denominatorMachine } from "../../src/core/protocols/denominator.js";

const { provider } = denominatorAgentFromMachine(denominatorMachine, {
  provider: (c) => providerInit({ ...c, capacity: Math.ceil(c.capacity), variant: "corrected" }),
});

export default defineImplementation({
  name: "denominator-capacity-rounded-up",
  denominatorAgent: { ...(provider !== undefined ? { provider } : {}) },
});
