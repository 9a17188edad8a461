import { cmpStr } from "../order.js";
import { shareOf } from "../recognition.js";
import type { AllocationInput } from "../schemas/allocation.js";
import type { Commitment } from "../schemas/commitment.js";
import { MIN_MAGNITUDE } from "../schemas/primitives.js";

/** SPEC.md §1: a fraction below 1e-9 is written as 0, so the input passes the schema. */
function flushTiny(x: number): number {
  return x < MIN_MAGNITUDE ? 0 : x;
}

/**
 * The allocation input of `provider` over the other participants' commitments (SPEC.md §3):
 * each participant with need slots that the provider recognises — MR(P, R) > 0 or
 * share_P(R) > 0 — with its MR, the provider's share of it and its own damping factor.
 * Need quantities are the stated ones; apply a residual variant (§6.1) before calling
 * `allocate` when other providers have already given. An MR or share below 1e-9 is written
 * as 0 (SPEC.md §1), and a participant whose two values are then both 0 is left out, so the
 * result always passes `allocationInputSchema`.
 */
export function allocationInputFromCommitments(
  provider: Pick<Commitment, "pubKey" | "capacity_slots" | "recognition_weights">,
  others: readonly Pick<
    Commitment,
    "pubKey" | "need_slots" | "recognition_weights" | "damping_factor"
  >[],
): AllocationInput {
  const recipients: AllocationInput["recipients"] = [];
  for (const c of [...others].sort((a, b) => cmpStr(a.pubKey, b.pubKey))) {
    if (c.pubKey === provider.pubKey || c.need_slots.length === 0) continue;
    // MR(P, c) = min(share_P(c), share_c(P)) (recognition.ts), share_P(c) computed once.
    const mine = shareOf(provider.recognition_weights, c.pubKey);
    const mr = flushTiny(Math.min(mine, shareOf(c.recognition_weights, provider.pubKey)));
    const share = flushTiny(mine);
    if (!(mr > 0) && !(share > 0)) continue;
    recipients.push({
      pubKey: c.pubKey,
      need_slots: [...c.need_slots],
      mr,
      share,
      damping_factor: c.damping_factor,
    });
  }
  return {
    provider: { pubKey: provider.pubKey, capacity_slots: [...provider.capacity_slots] },
    recipients,
  };
}
