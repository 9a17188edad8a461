/**
 * -------------------------- MODULE DenominatorGossip --------------------------
 * Seed 000 (P2P async denominator algorithm), discretised: one provider P with a small integer
 * capacity, two recipients R1, R2 that request allocations asynchronously. A recipient's
 * expected allocation comes from its local denominator estimate (Estimated-Capacity × MR ×
 * Residual-Need / Estimated-Denominator), which the gossip of seed 000 keeps changing; the model
 * abstracts the estimate away: a request may carry any expected amount from 1 to the residual
 * need, so every estimate (and every gossip outcome) is covered.
 *
 * The provider decides as in seed 000, "Provider's Allocation Decision":
 *   granted = min(expected, Available-Capacity(P), residual_need)
 *   Current-Allocations(P)[R] = granted            (seed)  — overwrites an earlier grant to R
 *   Current-Allocations(P)[R] += granted           (corrected)
 *   Available-Capacity(P) = Capacity(P) − Σ Current-Allocations(P)
 * so with the seed's update a recipient that asks twice in a round frees, in the provider's
 * book, what it was granted the first time. (The seed's Python code decrements a separate
 * available_capacity instead, which never over-grants but leaves current_allocations wrong.)
 * A round ends with Reset (seed 000 reset_allocations), modelled as the round boundary: when no
 * message is in flight, every grant is returned and the book cleared.
 *
 * CONSTANTS  Capacity, Need[R], Book ∈ {seed, corrected}                        (config)
 * VARIABLES
 *   book       \* the provider's current_allocations[R]
 *   requests   \* AllocationRequest messages in flight [from, expected, residual] (sorted)
 *   responses  \* AllocationResponse messages in flight [to, amount] (sorted)
 *   held       \* held[R]: what R received this round (Satisfaction(R))
 * =============================================================================
 */
import { nat, oneOf, record, seq, type Layout } from "../src/engine/checker/layout.js";
import type {
  Action,
  ActionProperty,
  Invariant,
  Model,
  PackedPredicate,
} from "../src/engine/checker/model.js";
import {
  copyCodes,
  moveCodes,
  type PackedCodec,
  type PackedNext,
} from "../src/engine/checker/packed.js";

export const GOSSIP_RECIPIENTS = ["R1", "R2"] as const;
type R = (typeof GOSSIP_RECIPIENTS)[number];

export interface PerRecipient {
  readonly R1: number;
  readonly R2: number;
}
export interface AllocationRequestMsg {
  readonly from: R;
  readonly expected: number;
  readonly residual: number;
}
export interface AllocationResponseMsg {
  readonly to: R;
  readonly amount: number;
}
export interface GossipState {
  readonly book: PerRecipient;
  readonly requests: readonly AllocationRequestMsg[];
  readonly responses: readonly AllocationResponseMsg[];
  readonly held: PerRecipient;
}

/**
 * A configuration (validated by `denominatorGossipConfigSchema` in
 * models/config/DenominatorGossip.ts, which holds the bounds: kept apart so that a worker thread
 * of the parallel search loads this model without zod).
 */
export interface DenominatorGossipConfig {
  capacity: number;
  need: { R1: number; R2: number };
  book: "seed" | "corrected";
}

export const denominatorGossipConfig: DenominatorGossipConfig = {
  capacity: 3,
  need: { R1: 3, R2: 2 },
  book: "corrected",
};

// ---- helpers ------------------------------------------------------------------------------

const sum = (b: PerRecipient) => b.R1 + b.R2;
const inFlight = (s: GossipState) => s.responses.reduce((t, m) => t + m.amount, 0);
const residual = (s: GossipState, c: DenominatorGossipConfig, r: R) =>
  Math.max(0, c.need[r] - s.held[r]);
const busy = (s: GossipState, r: R) =>
  s.requests.some((m) => m.from === r) || s.responses.some((m) => m.to === r);
const set = (b: PerRecipient, r: R, v: number): PerRecipient =>
  r === "R1" ? { R1: v, R2: b.R2 } : { R1: b.R1, R2: v };
const byTo = (a: AllocationResponseMsg, b: AllocationResponseMsg) => (a.to < b.to ? -1 : 1);

// ---- TypeInvariant ------------------------------------------------------------------------

const isNat = (x: number) => Number.isInteger(x) && x >= 0;

function typeOK(s: GossipState, c: DenominatorGossipConfig): boolean {
  const nat = isNat;
  return (
    GOSSIP_RECIPIENTS.every((r) => nat(s.book[r]) && nat(s.held[r]) && s.held[r] <= c.need[r]) &&
    s.requests.every((m) => nat(m.expected) && m.expected >= 1 && m.expected <= m.residual) &&
    s.responses.every((m) => nat(m.amount)) &&
    GOSSIP_RECIPIENTS.every(
      (r) =>
        s.requests.filter((m) => m.from === r).length +
          s.responses.filter((m) => m.to === r).length <=
        1,
    )
  );
}

/**
 * The state's layout (the checker's packed encoding): a book entry and a granted amount are at
 * most the capacity, a request's amounts at most the largest need, held[R] at most Need[R], and
 * at most one message per recipient is in flight each way.
 */
function layout(c: DenominatorGossipConfig): Layout {
  const r = oneOf(...GOSSIP_RECIPIENTS);
  const needMax = Math.max(c.need.R1, c.need.R2);
  return record({
    book: record({ R1: nat(c.capacity), R2: nat(c.capacity) }),
    requests: seq(
      GOSSIP_RECIPIENTS.length,
      record({ from: r, expected: nat(needMax), residual: nat(needMax) }),
    ),
    responses: seq(GOSSIP_RECIPIENTS.length, record({ to: r, amount: nat(c.capacity) })),
    held: record({ R1: nat(c.need.R1), R2: nat(c.need.R2) }),
  });
}

// ---- Init ---------------------------------------------------------------------------------

function init(): GossipState[] {
  const zero = { R1: 0, R2: 0 };
  return [{ book: zero, requests: [], responses: [], held: zero }];
}

// ---- Actions ------------------------------------------------------------------------------

/** Allocation Request (seed 000 message 1): R, with residual need left, asks P for any expected amount. */
function request(r: R) {
  return (s: GossipState, c: DenominatorGossipConfig): GossipState[] => {
    const res = residual(s, c, r);
    if (res === 0 || busy(s, r)) return [];
    // Messages are kept sorted by sender (at most one each): the new one goes after those
    // from senders before r.
    const at = s.requests.filter((m) => m.from < r).length;
    const out: GossipState[] = [];
    for (let e = 1; e <= res; e++) {
      const requests = [...s.requests];
      requests.splice(at, 0, { from: r, expected: e, residual: res });
      out.push({ ...s, requests });
    }
    return out;
  };
}

/** Provider's Allocation Decision (seed 000): grant min(expected, available, residual) and book it. */
function grant(r: R) {
  return (s: GossipState, c: DenominatorGossipConfig): GossipState[] => {
    const m = s.requests.find((x) => x.from === r);
    if (m === undefined) return [];
    const available = Math.max(0, c.capacity - sum(s.book));
    const granted = Math.min(m.expected, available, m.residual);
    const booked = granted === 0 ? s.book[r] : c.book === "seed" ? granted : s.book[r] + granted;
    return [
      {
        ...s,
        book: set(s.book, r, booked),
        requests: s.requests.filter((x) => x !== m),
        responses: [...s.responses, { to: r, amount: granted }].sort(byTo),
      },
    ];
  };
}

/** handle_allocation_response (seed 000): R adds the allocated amount to its satisfaction. */
function respond(r: R) {
  return (s: GossipState): GossipState[] => {
    const m = s.responses.find((x) => x.to === r);
    if (m === undefined) return [];
    return [
      {
        ...s,
        held: set(s.held, r, s.held[r] + m.amount),
        responses: s.responses.filter((x) => x !== m),
      },
    ];
  };
}

/** reset_allocations (seed 000, end of round): with nothing in flight, grants return and the book is cleared. */
function reset(s: GossipState): GossipState[] {
  if (s.requests.length > 0 || s.responses.length > 0) return [];
  if (sum(s.book) === 0 && sum(s.held) === 0) return [];
  return init();
}

// ---- Packed forms of the actions (packed.ts) ----------------------------------------------
// The same successors, in the same order, computed on unpacked states (one integer code per
// scalar, no object built): test/engine/checker/packed.test.ts checks them against the actions
// above. A recipient's code is its index in GOSSIP_RECIPIENTS (R1 < R2, as the strings);
// amounts are themselves. They decline (the object form runs) where a successor would not fit
// the layout.

/** Where each scalar of the state is: request k at requests + 3k (from, expected, residual), response k at responses + 2k (to, amount). */
function slotsOf(codec: PackedCodec) {
  return {
    book: codec.index("book.R1"),
    reqLen: codec.index("requests.length"),
    req: codec.index("requests[0].from"),
    reqMax: GOSSIP_RECIPIENTS.length,
    respLen: codec.index("responses.length"),
    resp: codec.index("responses[0].to"),
    held: codec.index("held.R1"),
  };
}

/** typeOK on codes (the same conditions; a recipient's code must be one of its values). */
function typeOKPacked(c: DenominatorGossipConfig, codec: PackedCodec): PackedPredicate {
  const z = slotsOf(codec);
  const need = GOSSIP_RECIPIENTS.map((r) => c.need[r]);
  const busy = new Int32Array(GOSSIP_RECIPIENTS.length);
  return (s) => {
    for (let ri = 0; ri < need.length; ri++) {
      const held = s[z.held + ri] as number;
      if ((s[z.book + ri] as number) < 0 || held < 0 || held > (need[ri] as number)) return false;
      busy[ri] = 0;
    }
    const n = s[z.reqLen] as number;
    for (let k = 0; k < n; k++) {
      const from = s[z.req + 3 * k] as number;
      const expected = s[z.req + 3 * k + 1] as number;
      if (from < 0 || from >= need.length) return false;
      if (expected < 1 || expected > (s[z.req + 3 * k + 2] as number)) return false;
      busy[from] = (busy[from] as number) + 1;
    }
    const m = s[z.respLen] as number;
    for (let k = 0; k < m; k++) {
      const to = s[z.resp + 2 * k] as number;
      if (to < 0 || to >= need.length || (s[z.resp + 2 * k + 1] as number) < 0) return false;
      busy[to] = (busy[to] as number) + 1;
    }
    for (let ri = 0; ri < need.length; ri++) if ((busy[ri] as number) > 1) return false;
    return true;
  };
}

function requestPacked(r: R) {
  const ri = GOSSIP_RECIPIENTS.indexOf(r);
  return (c: DenominatorGossipConfig, codec: PackedCodec): PackedNext => {
    const z = slotsOf(codec);
    return (p, o, emit) => {
      const res = Math.max(0, c.need[r] - (p[z.held + ri] as number));
      if (res === 0) return true;
      const n = p[z.reqLen] as number;
      const m = p[z.respLen] as number;
      let at = 0;
      for (let k = 0; k < n; k++) {
        const from = p[z.req + 3 * k] as number;
        if (from === ri) return true;
        if (from < ri) at++;
      }
      for (let k = 0; k < m; k++) if (p[z.resp + 2 * k] === ri) return true;
      if (n >= z.reqMax) return false;
      for (let e = 1; e <= res; e++) {
        copyCodes(p, o);
        // Insert at `at` (the requests after it move up one).
        moveCodes(o, z.req + 3 * (at + 1), z.req + 3 * at, z.req + 3 * n);
        o[z.req + 3 * at] = ri;
        o[z.req + 3 * at + 1] = e;
        o[z.req + 3 * at + 2] = res;
        o[z.reqLen] = n + 1;
        emit();
      }
      return true;
    };
  };
}

function grantPacked(r: R) {
  const ri = GOSSIP_RECIPIENTS.indexOf(r);
  return (c: DenominatorGossipConfig, codec: PackedCodec): PackedNext => {
    const z = slotsOf(codec);
    return (p, o, emit) => {
      const n = p[z.reqLen] as number;
      let j = 0;
      while (j < n && p[z.req + 3 * j] !== ri) j++;
      if (j === n) return true;
      const expected = p[z.req + 3 * j + 1] as number;
      const residual = p[z.req + 3 * j + 2] as number;
      const mine = p[z.book + ri] as number;
      const available = Math.max(0, c.capacity - (p[z.book] as number) - (p[z.book + 1] as number));
      const granted = Math.min(expected, available, residual);
      const booked = granted === 0 ? mine : c.book === "seed" ? granted : mine + granted;
      const m = p[z.respLen] as number;
      if (booked > c.capacity || m >= z.reqMax) return false;
      // The responses stay sorted by recipient; with one to r already, leave it to the object form.
      let at = 0;
      for (let k = 0; k < m; k++) {
        const to = p[z.resp + 2 * k] as number;
        if (to === ri) return false;
        if (to < ri) at++;
      }
      if (m === 2 && (p[z.resp] as number) > (p[z.resp + 2] as number)) return false;
      copyCodes(p, o);
      o[z.book + ri] = booked;
      moveCodes(o, z.req + 3 * j, z.req + 3 * (j + 1), z.req + 3 * n);
      o[z.req + 3 * (n - 1)] = o[z.req + 3 * (n - 1) + 1] = o[z.req + 3 * (n - 1) + 2] = 0;
      o[z.reqLen] = n - 1;
      moveCodes(o, z.resp + 2 * (at + 1), z.resp + 2 * at, z.resp + 2 * m);
      o[z.resp + 2 * at] = ri;
      o[z.resp + 2 * at + 1] = granted;
      o[z.respLen] = m + 1;
      emit();
      return true;
    };
  };
}

function respondPacked(r: R) {
  const ri = GOSSIP_RECIPIENTS.indexOf(r);
  return (c: DenominatorGossipConfig, codec: PackedCodec): PackedNext => {
    const z = slotsOf(codec);
    return (p, o, emit) => {
      const m = p[z.respLen] as number;
      let j = 0;
      while (j < m && p[z.resp + 2 * j] !== ri) j++;
      if (j === m) return true;
      const held = (p[z.held + ri] as number) + (p[z.resp + 2 * j + 1] as number);
      if (held > c.need[r]) return false;
      copyCodes(p, o);
      o[z.held + ri] = held;
      moveCodes(o, z.resp + 2 * j, z.resp + 2 * (j + 1), z.resp + 2 * m);
      o[z.resp + 2 * (m - 1)] = o[z.resp + 2 * (m - 1) + 1] = 0;
      o[z.respLen] = m - 1;
      emit();
      return true;
    };
  };
}

function resetPacked(_c: DenominatorGossipConfig, codec: PackedCodec): PackedNext {
  const z = slotsOf(codec);
  return (p, o, emit) => {
    if ((p[z.reqLen] as number) > 0 || (p[z.respLen] as number) > 0) return true;
    const book = (p[z.book] as number) + (p[z.book + 1] as number);
    const held = (p[z.held] as number) + (p[z.held + 1] as number);
    if (book === 0 && held === 0) return true;
    o.fill(0); // Init: every code 0
    emit();
    return true;
  };
}

// ---- Next ---------------------------------------------------------------------------------

/** Next == the disjunction of these actions. */
const actions: readonly Action<GossipState, DenominatorGossipConfig>[] = [
  ...GOSSIP_RECIPIENTS.map((r) => ({
    name: `Request${r}`,
    doc: `AllocationRequest (seed 000): ${r} asks for expected = any estimate-derived amount in 1..residual need.`,
    next: request(r),
    packed: requestPacked(r),
  })),
  ...GOSSIP_RECIPIENTS.map((r) => ({
    name: `Grant${r}`,
    doc: `Provider's Allocation Decision (seed 000): granted = min(expected, available, residual); Current-Allocations[${r}] updated (seed: overwritten; corrected: accumulated).`,
    next: grant(r),
    packed: grantPacked(r),
  })),
  ...GOSSIP_RECIPIENTS.map((r) => ({
    name: `Respond${r}`,
    doc: `AllocationResponse handled (seed 000 handle_allocation_response): ${r}'s satisfaction += allocated.`,
    next: respond(r),
    packed: respondPacked(r),
  })),
  {
    name: "Reset",
    doc: "reset_allocations (seed 000), at the round boundary: grants return, the book is cleared.",
    next: reset,
    packed: resetPacked,
  },
];

// ---- Invariants ---------------------------------------------------------------------------

const invariants: readonly Invariant<GossipState, DenominatorGossipConfig>[] = [
  {
    name: "NeverOverGrants",
    doc: "What the provider has actually granted and not got back (held + responses in flight) never exceeds its capacity (DESIGN: 'a provider never grants more than it has, however requests interleave').",
    holds: (s, c) => sum(s.held) + inFlight(s) <= c.capacity,
    packedHolds: (c, codec) => {
      const z = slotsOf(codec);
      return (s) => {
        let t = (s[z.held] as number) + (s[z.held + 1] as number);
        const m = s[z.respLen] as number;
        for (let k = 0; k < m; k++) t += s[z.resp + 2 * k + 1] as number;
        return t <= c.capacity;
      };
    },
  },
];

const actionProperties: readonly ActionProperty<GossipState, DenominatorGossipConfig>[] = [
  {
    name: "GrantWithinRequest",
    doc: "A grant never exceeds the request's expected amount nor the residual need it states.",
    actions: GOSSIP_RECIPIENTS.map((r) => `Grant${r}`),
    holds: (before, after, action) => {
      const r = GOSSIP_RECIPIENTS.find((x) => action === `Grant${x}`);
      if (r === undefined) return true;
      const m = before.requests.find((x) => x.from === r);
      const g = after.responses.find((x) => x.to === r);
      return m !== undefined && g !== undefined && g.amount <= m.expected && g.amount <= m.residual;
    },
    packedHolds: (_c, codec) => {
      const z = slotsOf(codec);
      // The recipient a Grant action names (−1: another action), by string comparison: the
      // checker passes the action's own name, and a Map lookup per grant costs more.
      const grants = GOSSIP_RECIPIENTS.map((x) => `Grant${x}`);
      const grantOf = (action: string) => {
        for (let k = 0; k < grants.length; k++) if (grants[k] === action) return k;
        return -1;
      };
      return (before, after, action) => {
        const ri = grantOf(action);
        if (ri < 0) return true;
        const nm = before[z.reqLen] as number;
        let i = 0;
        while (i < nm && before[z.req + 3 * i] !== ri) i++;
        const n = after[z.respLen] as number;
        let j = 0;
        while (j < n && after[z.resp + 2 * j] !== ri) j++;
        if (i === nm || j === n) return false;
        const amount = after[z.resp + 2 * j + 1] as number;
        return (
          amount <= (before[z.req + 3 * i + 1] as number) &&
          amount <= (before[z.req + 3 * i + 2] as number)
        );
      };
    },
  },
];

// ---- Specification ------------------------------------------------------------------------

export const denominatorGossip: Model<GossipState, DenominatorGossipConfig> = {
  name: "DenominatorGossip",
  doc: "Seed 000's provider under asynchronous requests from two recipients: does it ever grant more than its capacity? The seed's book update (overwrite) does; the corrected one (accumulate) does not.",
  variables: ["book", "requests", "responses", "held"],
  init,
  actions,
  typeInvariant: typeOK,
  packedTypeInvariant: typeOKPacked,
  layout,
  invariants,
  actionProperties,
};
