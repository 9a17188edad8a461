/**
 * --------------------------- MODULE SlotAllocation ---------------------------
 * Two providers P1, P2 share one capacity slot each among two recipients R1, R2 (one need
 * slot each), asynchronously, as in V2 (seed 003: "Allocation Computation" is reactive and
 * "Allocation Publishing" follows it, debounced) with the many-provider residual of seed 000:
 * a provider allocates (src/core allocateValidated, reference water-filling) from the residual
 * needs it derives from the other provider's grants *as far as they have reached it*, publishes
 * its grants, and the publication is delivered to the other provider later. The network is a
 * register per provider (state-based sync as in Holster: the latest publication overwrites an
 * undelivered one).
 *
 * Quantities are integers: grants are the reference allocation rounded down (after adding the
 * spec's tolerance 1e-9·max(1, x), so that 2.9999999999 counts as 3). Rounding down keeps
 * conservation and contractiveness and can only leave capacity unused.
 *
 * CONSTANTS  Capacity[P], Need[R], MR/share[P][R], Residual ∈ {naive, net-of-others},
 *            Visibility ∈ {async, atomic}                                       (config)
 * VARIABLES
 *   alloc      \* alloc[P][R]: what P currently grants R (its own book)
 *   published  \* published[P][R]: P's last publication
 *   seen       \* seen[P][R]: P's copy of the OTHER provider's grants to R (last delivered)
 *
 * With Visibility = atomic a recomputation is published and delivered in the same step (the
 * sequential, Gauss–Seidel schedule of SPEC.md §6.4, in any order); with async the three are
 * separate steps, so any interleaving — including the synchronous (Jacobi) one — is possible.
 * =============================================================================
 */
import { z } from "zod";
import { allocateValidated } from "../src/core/allocation/allocate.js";
import { ALLOCATION_VARIANTS } from "../src/core/allocation/variants.js";
import { RESIDUAL_VARIANTS, residualNeed } from "../src/core/residual.js";
import type { AllocationRecipient } from "../src/core/schemas/allocation.js";
import { nat, record, type Layout } from "../src/engine/checker/layout.js";
import type {
  Action,
  ActionProperty,
  Invariant,
  LivenessProperty,
  Model,
} from "../src/engine/checker/model.js";

export const PROVIDERS = ["P1", "P2"] as const;
export const RECIPIENTS = ["R1", "R2"] as const;
export type Provider = (typeof PROVIDERS)[number];
export type Recipient = (typeof RECIPIENTS)[number];

export interface Book {
  readonly R1: number;
  readonly R2: number;
}
type PerProvider<T> = { readonly P1: T; readonly P2: T };

export interface SlotState {
  readonly alloc: PerProvider<Book>;
  readonly published: PerProvider<Book>;
  readonly seen: PerProvider<Book>;
}

const small = z.number().int().min(0).max(6);
const recognition = z.strictObject({
  mr: z.number().min(0).max(1),
  share: z.number().min(0).max(1),
});
const perRecipient = z.strictObject({ R1: recognition, R2: recognition });

export const slotAllocationConfigSchema = z.strictObject({
  capacity: z.strictObject({ P1: small, P2: small }),
  need: z.strictObject({ R1: small, R2: small }),
  recognition: z.strictObject({ P1: perRecipient, P2: perRecipient }),
  residual: z.enum(RESIDUAL_VARIANTS),
  allocation: z.enum(ALLOCATION_VARIANTS),
  visibility: z.enum(["async", "atomic"]),
});
export type SlotAllocationConfig = z.infer<typeof slotAllocationConfigSchema>;

/**
 * The default network: both providers can each cover R1's whole need (the situation in which
 * SPEC.md §6.4 found synchronous net-of-others oscillating); R2 is mutual with P1 and one-way
 * (tier 2) for P2.
 */
export const slotAllocationConfig: SlotAllocationConfig = {
  capacity: { P1: 2, P2: 2 },
  need: { R1: 2, R2: 1 },
  recognition: {
    P1: { R1: { mr: 0.5, share: 0.5 }, R2: { mr: 0.5, share: 0.5 } },
    P2: { R1: { mr: 0.5, share: 0.5 }, R2: { mr: 0, share: 0.5 } },
  },
  residual: "net-of-others",
  allocation: "reference",
  visibility: "async",
};

/**
 * The state's layout (the checker's packed encoding): every book holds integer grants of at
 * most the largest quantity a configuration allows.
 */
function layout(): Layout {
  const book = record({ R1: nat(6), R2: nat(6) });
  const perProvider = record({ P1: book, P2: book });
  return record({ alloc: perProvider, published: perProvider, seen: perProvider });
}

// ---- helpers ------------------------------------------------------------------------------

const ZERO: Book = { R1: 0, R2: 0 };
const other = (p: Provider): Provider => (p === "P1" ? "P2" : "P1");
const sameBook = (a: Book, b: Book) => a.R1 === b.R1 && a.R2 === b.R2;
const roundDown = (x: number) => Math.floor(x + 1e-9 * Math.max(1, x));

function tier(c: SlotAllocationConfig, p: Provider, r: Recipient): 0 | 1 | 2 {
  const rec = c.recognition[p][r];
  return rec.mr > 0 ? 1 : rec.share > 0 ? 2 : 0;
}

/** The residual need of each recipient as P sees it (SPEC.md §6.1, src/core residualNeed). */
export function residuals(s: SlotState, c: SlotAllocationConfig, p: Provider): Book {
  const q = other(p);
  const of = (r: Recipient) =>
    residualNeed(c.need[r], { [p]: s.alloc[p][r], [q]: s.seen[p][r] }, p, c.residual);
  return { R1: of("R1"), R2: of("R2") };
}

const memo = new WeakMap<SlotAllocationConfig, Map<string, Book>>();

/** What P would grant now: the reference allocation of its slot over the residuals it sees. */
export function computeGrants(s: SlotState, c: SlotAllocationConfig, p: Provider): Book {
  const res = residuals(s, c, p);
  let cache = memo.get(c);
  if (cache === undefined) memo.set(c, (cache = new Map()));
  const key = `${p}:${res.R1}:${res.R2}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const recipients: AllocationRecipient[] = RECIPIENTS.filter((r) => tier(c, p, r) > 0).map(
    (r) => ({
      pubKey: r,
      mr: c.recognition[p][r].mr,
      share: c.recognition[p][r].share,
      damping_factor: 1,
      need_slots: [{ id: "n", quantity: res[r] }],
    }),
  );
  const result = allocateValidated(
    { provider: { pubKey: p, capacity_slots: [{ id: "s", quantity: c.capacity[p] }] }, recipients },
    { variant: c.allocation },
  );
  const book: Book = {
    R1: roundDown(result.recipient_totals["R1"] ?? 0),
    R2: roundDown(result.recipient_totals["R2"] ?? 0),
  };
  cache.set(key, book);
  return book;
}

function setP<T>(x: PerProvider<T>, p: Provider, v: T): PerProvider<T> {
  return p === "P1" ? { P1: v, P2: x.P2 } : { P1: x.P1, P2: v };
}

// ---- TypeInvariant ------------------------------------------------------------------------

/** Every book holds integers between 0 and the capacity of the provider whose grants it records. */
function typeOK(s: SlotState, c: SlotAllocationConfig): boolean {
  const bookOK = (b: Book, owner: Provider) =>
    RECIPIENTS.every((r) => Number.isInteger(b[r]) && b[r] >= 0 && b[r] <= c.capacity[owner]);
  return PROVIDERS.every(
    (p) => bookOK(s.alloc[p], p) && bookOK(s.published[p], p) && bookOK(s.seen[p], other(p)),
  );
}

// ---- Init ---------------------------------------------------------------------------------

/** Nobody has granted, published or seen anything. */
function init(): SlotState[] {
  return [
    {
      alloc: { P1: ZERO, P2: ZERO },
      published: { P1: ZERO, P2: ZERO },
      seen: { P1: ZERO, P2: ZERO },
    },
  ];
}

// ---- Actions ------------------------------------------------------------------------------

/** Allocation Computation (seed 003, reactive): P reallocates its slot from the residuals it sees. */
function recompute(p: Provider) {
  return (s: SlotState, c: SlotAllocationConfig): SlotState[] => {
    const g = computeGrants(s, c, p);
    if (sameBook(g, s.alloc[p])) return [];
    const alloc = setP(s.alloc, p, g);
    if (c.visibility === "atomic") {
      return [{ alloc, published: setP(s.published, p, g), seen: setP(s.seen, other(p), g) }];
    }
    return [{ ...s, alloc }];
  };
}

/** Allocation Publishing (seed 003): P broadcasts its current grants. */
function publish(p: Provider) {
  return (s: SlotState): SlotState[] =>
    sameBook(s.published[p], s.alloc[p])
      ? []
      : [{ ...s, published: setP(s.published, p, s.alloc[p]) }];
}

/** Network sync (seed 001 "Network Stores" / seed 000 direct messages): P's last publication reaches the other provider. */
function deliver(p: Provider) {
  return (s: SlotState): SlotState[] => {
    const q = other(p);
    return sameBook(s.seen[q], s.published[p])
      ? []
      : [{ ...s, seen: setP(s.seen, q, s.published[p]) }];
  };
}

// ---- Next ---------------------------------------------------------------------------------

/** Next == the disjunction of these actions. */
const actions: readonly Action<SlotState, SlotAllocationConfig>[] = [
  ...PROVIDERS.map((p) => ({
    name: `Recompute${p}`,
    doc: `Allocation Computation (seed 003, reactive on change): ${p} allocates its slot over the residual needs it sees (seed 000 residual; src/core allocateValidated).`,
    next: recompute(p),
  })),
  ...PROVIDERS.map((p) => ({
    name: `Publish${p}`,
    doc: `Allocation Publishing (seed 003): ${p} publishes its current grants.`,
    next: publish(p),
  })),
  ...PROVIDERS.map((p) => ({
    name: `Deliver${p}`,
    doc: `Network sync (seed 001 network stores): ${p}'s latest publication reaches the other provider.`,
    next: deliver(p),
  })),
];

// ---- Invariants ---------------------------------------------------------------------------

const invariants: readonly Invariant<SlotState, SlotAllocationConfig>[] = [
  {
    name: "CapacityConservation",
    doc: "ALLOC-CAP-1: each provider grants in total at most its slot's capacity.",
    holds: (s, c) => PROVIDERS.every((p) => s.alloc[p].R1 + s.alloc[p].R2 <= c.capacity[p]),
  },
  {
    name: "Contractiveness",
    doc: "ALLOC-CONTRACT-1/2 per provider: no provider grants a recipient more than its stated need.",
    holds: (s, c) => PROVIDERS.every((p) => RECIPIENTS.every((r) => s.alloc[p][r] <= c.need[r])),
  },
];

const actionProperties: readonly ActionProperty<SlotState, SlotAllocationConfig>[] = [
  {
    name: "TierPriority",
    doc: "ALLOC-TIER-1 at each recomputation: if P grants anything to a one-way recipient, every mutual recipient's residual (as P saw it) is met.",
    holds: (before, after, action, c) => {
      const p = PROVIDERS.find((x) => action === `Recompute${x}`);
      if (p === undefined) return true;
      const res = residuals(before, c, p);
      const g = after.alloc[p];
      const toTier2 = RECIPIENTS.some((r) => tier(c, p, r) === 2 && g[r] > 0);
      return !toTier2 || RECIPIENTS.every((r) => tier(c, p, r) !== 1 || g[r] >= res[r]);
    },
  },
];

/** No provider would change its grants, and every publication is current and delivered. */
export function settled(s: SlotState, c: SlotAllocationConfig): boolean {
  return PROVIDERS.every(
    (p) =>
      sameBook(computeGrants(s, c, p), s.alloc[p]) &&
      sameBook(s.published[p], s.alloc[p]) &&
      sameBook(s.seen[other(p)], s.published[p]),
  );
}

const liveness: readonly LivenessProperty<SlotState, SlotAllocationConfig>[] = [
  {
    name: "EventuallySettled",
    doc: "Under weak fairness of every recomputation, publication and delivery, the providers eventually settle (seed 000 'Why This Converges').",
    kind: "eventually",
    p: settled,
    fairness: actions.map((a) => a.name),
  },
];

// ---- Specification ------------------------------------------------------------------------

export const slotAllocation: Model<SlotState, SlotAllocationConfig> = {
  name: "SlotAllocation",
  doc: "Two providers, two recipients, one slot each: asynchronous recomputation from the grants a provider has seen (naive or net-of-others residual), publication and delivery. Conservation, contractiveness and tier priority at every step; does it settle under fairness?",
  variables: ["alloc", "published", "seen"],
  init,
  actions,
  typeInvariant: typeOK,
  layout,
  invariants,
  actionProperties,
  liveness,
  terminal: settled,
};
