import { CoreError } from "../errors.js";
import {
  allocationInputSchema,
  allocationRecipientSchema,
  type AllocationInput,
  type AllocationRecipient,
} from "../schemas/allocation.js";
import { parseOrThrow } from "../schemas/parse.js";
import { uniqueBy } from "../schemas/unique.js";
import { withDefaults, type AllocateOptions } from "./allocate.js";
import { allocationRecords, type AllocationColumns } from "./columns.js";
import { computeColumns } from "./compute.js";
import type { AllocationResult } from "./result.js";
import { buildState, withoutRecipient, withRecipient, type AllocationState } from "./state.js";

/**
 * One provider's allocation kept ready for recomputation when a single recipient changes —
 * what a V2 node does on each message. A session is immutable: `withRecipient` and
 * `withoutRecipient` return a new session and leave this one as it was. Its `allocate` gives
 * exactly (bit for bit) what `allocate` gives for the session's input; only the work differs:
 * the capacity slots, the compatibility of every need slot and the saturation order are kept,
 * and a change re-examines only the changed recipient's need slots.
 */
export interface AllocationSession {
  /** The provider's pubKey. */
  readonly provider: string;
  /** Recipient pubKeys in code-unit order. */
  readonly recipients: readonly string[];
  /** The allocation of the session's current input (SPEC.md §5). */
  allocate(options: AllocateOptions & { readonly output: "columns" }): AllocationColumns;
  allocate(options?: AllocateOptions & { readonly output?: "records" }): AllocationResult;
  allocate(options?: AllocateOptions): AllocationResult | AllocationColumns;
  /**
   * The session with `recipient` in place of the recipient of the same pubKey, or added.
   * Validates it (allocationRecipientSchema, need slot ids unique, not the provider itself):
   * throws CoreError INVALID_INPUT naming the field path.
   */
  withRecipient(recipient: unknown): AllocationSession;
  /** `withRecipient` for a recipient already validated. */
  withRecipientValidated(recipient: AllocationRecipient): AllocationSession;
  /** The session without the recipient `pubKey` (the same session when there is none). */
  withoutRecipient(pubKey: string): AllocationSession;
}

const sessionRecipientSchema = allocationRecipientSchema.superRefine((r, ctx) => {
  uniqueBy(r.need_slots, (n) => n.id, ["need_slots"], "id", "need slot id", ctx);
});

function session(st: AllocationState): AllocationSession {
  const s: AllocationSession = {
    provider: st.slots.provider,
    recipients: st.pubKeys,
    allocate(options: AllocateOptions = {}): never {
      const columns = computeColumns(st, options.variant ?? "reference");
      return (options.output === "columns" ? columns : allocationRecords(columns)) as never;
    },
    withRecipient(recipient: unknown) {
      const r = parseOrThrow(sessionRecipientSchema, recipient, "allocation recipient");
      return s.withRecipientValidated(r);
    },
    withRecipientValidated(recipient: AllocationRecipient) {
      if (recipient.pubKey === st.slots.provider)
        throw new CoreError(
          "INVALID_INPUT",
          "invalid allocation recipient: pubKey: the provider cannot be its own recipient",
          ["pubKey"],
        );
      return session(withRecipient(st, recipient));
    },
    withoutRecipient(pubKey: string) {
      const next = withoutRecipient(st, pubKey);
      return next === st ? s : session(next);
    },
  };
  return s;
}

/**
 * A session over one provider's allocation input (validated as by `allocate`; throws
 * CoreError INVALID_INPUT naming the field path).
 */
export function createAllocationSession(input: unknown): AllocationSession {
  return createAllocationSessionValidated(
    parseOrThrow(allocationInputSchema, input, "allocation input"),
  );
}

/** `createAllocationSession` for an input already validated by `allocationInputSchema`. */
export function createAllocationSessionValidated(input: AllocationInput): AllocationSession {
  return session(buildState(withDefaults(input)));
}
