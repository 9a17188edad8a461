// Provider that books a grant with `current_allocations[R] = granted` (seed 000's line) instead of
// adding it, and derives what it has left from the book: a recipient asking twice frees capacity.
import { asQuantity } from "../../src/core/protocols/denominator.js";
import type { AllocationRequest, AllocationResponse } from "../../src/core/schemas/messages.js";
import { MIN_MAGNITUDE } from "../../src/core/schemas/primitives.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import type { DenominatorProviderConfig } from "../../properties/under-test.js";

class OverwritingProvider {
  readonly #book = new Map<string, number>();
  constructor(readonly config: DenominatorProviderConfig) {}

  available(): number {
    let booked = 0;
    for (const v of this.#book.values()) booked += v;
    return Math.max(0, this.config.capacity - booked);
  }

  answer(req: AllocationRequest, now: number): AllocationResponse {
    const base = {
      type: "allocation_response" as const,
      provider_id: this.config.id,
      recipient_id: req.recipient_id,
      timestamp: now,
    };
    if (!Object.prototype.hasOwnProperty.call(this.config.recipients, req.recipient_id))
      return { ...base, allocated_amount: 0 };
    let granted = Math.min(req.expected_allocation, this.available(), req.residual_need);
    if (!(granted >= MIN_MAGNITUDE)) granted = 0;
    if (granted > 0) this.#book.set(req.recipient_id, granted);
    return {
      ...base,
      allocated_amount: granted,
      capacity_hint: this.config.capacity,
      current_utilization: asQuantity(this.config.capacity - this.available()),
    };
  }
}

export default defineImplementation({
  name: "denominator-provider-overwrites-book",
  denominatorAgent: {
    provider: {
      create: (config) => new OverwritingProvider(config),
      onRequest: (p, req, now) => p.answer(req, now),
    },
  },
});
