/**
 * Boundary classes of the allocation suite's input generator (`arbAllocationInput`, SPEC.md
 * §1 and §5): sizes, extreme and tight quantities, and the shapes water-filling must handle.
 */
import type { AllocationInput } from "../src/core/schemas/allocation.js";
import { specCompatible } from "./compat-oracle.js";
import { arbAllocationInput, hasTouchingWindows, servableNeed } from "./arbitraries/allocation.js";
import { specFillSlot, specPlan } from "./allocation-oracle.js";
import { boundaries, type BoundaryClass } from "./boundaries.js";

const quantities = (i: AllocationInput) => [
  ...i.provider.capacity_slots.map((s) => s.quantity),
  ...i.recipients.flatMap((r) => r.need_slots.map((n) => n.quantity)),
];

/** Per slot, the recipients with a compatible need slot, by tier (1 mutual, 2 one-way). */
function compatibleRecipients(i: AllocationInput, tier: 1 | 2) {
  return i.provider.capacity_slots.map(
    (s) =>
      i.recipients.filter(
        (r) =>
          (tier === 1 ? r.mr > 0 : r.mr === 0 && r.share > 0) &&
          r.need_slots.some((n) => n.quantity > 0 && specCompatible(s, n)),
      ).length,
  );
}

/** The largest number of recipients that saturate at distinct levels in one slot (first slot processed). */
function saturationWaves(i: AllocationInput): number {
  const plan = specPlan(i);
  const first = plan.slots[0];
  if (first === undefined) return 0;
  const filled = specFillSlot(plan, first, new Map());
  const levels = new Set<number>();
  for (const [k, x] of filled.grants) {
    const u = plan.units.get(k);
    if (u !== undefined && x >= u.quantity && u.tier === 1) levels.add(u.coef);
  }
  return levels.size;
}

const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));

const classes: BoundaryClass<AllocationInput>[] = [
  { name: "no recipients", spec: "§5.1", hit: (i) => i.recipients.length === 0 },
  {
    name: "20–50 recipients in one tier of one slot",
    spec: "§5.4",
    minPer1000: 20,
    hit: (i) => [1, 2].some((t) => compatibleRecipients(i, t as 1 | 2).some((n) => n >= 20)),
  },
  {
    name: "5 or more need slots of one recipient in one slot",
    spec: "§5.3",
    hit: (i) =>
      i.provider.capacity_slots.some((s) =>
        i.recipients.some((r) => r.need_slots.filter((n) => specCompatible(s, n)).length >= 5),
      ),
  },
  {
    name: "8 or more capacity slots",
    spec: "§5.2",
    hit: (i) => i.provider.capacity_slots.length >= 8,
  },
  { name: "a quantity of 0", spec: "§1", minPer1000: 50, hit: (i) => quantities(i).includes(0) },
  {
    name: "the smallest quantity, 1e-9",
    spec: "§1",
    hit: (i) => quantities(i).includes(1e-9),
  },
  {
    name: "the largest quantity, 1e15",
    spec: "§1",
    hit: (i) => quantities(i).includes(1e15),
  },
  {
    name: "quantities 1e12 or more apart in one input",
    spec: "§1",
    hit: (i) => {
      const qs = quantities(i).filter((q) => q > 0);
      return qs.length > 1 && Math.max(...qs) / Math.min(...qs) >= 1e12;
    },
  },
  {
    name: "a slot exactly as large as the need it can serve",
    spec: "§1, §5.4",
    hit: (i) =>
      i.provider.capacity_slots.some((s) => {
        const m = servableNeed(i, s, "mutual");
        const a = servableNeed(i, s, "all");
        return (m > 0 && s.quantity === m) || (a > 0 && s.quantity === a);
      }),
  },
  {
    name: "a slot within 2 tolerances of the need it can serve, not equal",
    spec: "§1 (tolerance)",
    hit: (i) =>
      i.provider.capacity_slots.some((s) =>
        (["mutual", "all"] as const).some((t) => {
          const n = servableNeed(i, s, t);
          return n > 0 && s.quantity !== n && Math.abs(s.quantity - n) <= 2 * tol(n);
        }),
      ),
  },
  {
    name: "a slot larger than the mutual need, smaller than all the need",
    spec: "§5.4 (tier 2 partly served)",
    hit: (i) =>
      i.provider.capacity_slots.some((s) => {
        const m = servableNeed(i, s, "mutual");
        const a = servableNeed(i, s, "all");
        return a > m && s.quantity > m * (1 + 1e-6) && s.quantity < a * (1 - 1e-6);
      }),
  },
  {
    name: "both tiers compatible with one slot",
    spec: "§5.4",
    minPer1000: 50,
    hit: (i) => {
      const t1 = compatibleRecipients(i, 1);
      const t2 = compatibleRecipients(i, 2);
      return t1.some((n, k) => n > 0 && (t2[k] ?? 0) > 0);
    },
  },
  {
    name: "damping 0 with a compatible need",
    spec: "§5.4",
    hit: (i) =>
      i.recipients.some(
        (r) =>
          r.damping_factor === 0 &&
          (r.mr > 0 || r.share > 0) &&
          r.need_slots.some(
            (n) => n.quantity > 0 && i.provider.capacity_slots.some((s) => specCompatible(s, n)),
          ),
      ),
  },
  {
    name: "mutual recognition with share 0",
    spec: "§3",
    hit: (i) => i.recipients.some((r) => r.mr > 0 && r.share === 0),
  },
  {
    name: "two recipients of one tier with equal weight coefficients",
    spec: "§5.4",
    minPer1000: 50,
    hit: (i) => {
      const seen = new Set<string>();
      for (const r of i.recipients) {
        const k = `${r.mr > 0 ? `m${r.mr}` : `s${r.share}`}/${r.damping_factor}`;
        if ((r.mr > 0 || r.share > 0) && seen.has(k)) return true;
        seen.add(k);
      }
      return false;
    },
  },
  {
    name: "4 or more saturation levels in one slot",
    spec: "§5.4 (water-filling)",
    minPer1000: 5,
    hit: (i) => saturationWaves(i) >= 4,
  },
  { name: "a need window touching a capacity window", spec: "§4.1", hit: hasTouchingWindows },
];

/** The allocation suite's generator and its boundary classes. */
export const ALLOCATION_BOUNDARIES = boundaries<AllocationInput>({
  generator: "arbAllocationInput",
  suite: "allocation",
  ids: [
    "ALLOC-REF-1",
    "ALLOC-CAP-1",
    "ALLOC-CONTRACT-1",
    "ALLOC-CONTRACT-2",
    "ALLOC-ELIG-1",
    "ALLOC-TIER-1",
    "ALLOC-WORK-1",
    "ALLOC-PROP-1",
    "ALLOC-DET-1",
    "ALLOC-DENOM-1",
    "ALLOC-RESULT-1",
  ],
  arbitrary: arbAllocationInput(),
  classes,
});
