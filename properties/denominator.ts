/**
 * The P2P denominator invariants of seed 000 (SPEC.md §13, P2P-1…3 and P2P-5…8) as properties
 * of any implementation of its agents (`DenominatorAgentUnderTest`), the reference by default.
 *
 * Providers are driven with generated interleavings of requests — several from the same
 * recipient, from recipients they do not serve, with any expected amount and residual need, at
 * times that cross round boundaries — and every response is judged against a ghost ledger of
 * what was granted so far. Recipients are driven with generated rounds, responses to the
 * requests they actually sent (answered in any order, some never), gossip from partners,
 * strangers and themselves with extreme values, and stray responses; what they send and what
 * they estimate is judged after every call. Cases are plain data in the exported message shapes,
 * so a shrunk counterexample reads as the messages that break the invariant.
 */
import fc from "fast-check";
import {
  asQuantity,
  denominatorMachine,
  providerInit,
  recipientInit,
  type DenominatorState,
} from "../src/core/protocols/denominator.js";
import {
  allocationRequestSchema,
  allocationResponseSchema,
  denominatorGossipSchema,
  type AllocationRequest,
  type AllocationResponse,
  type DenominatorGossip,
} from "../src/core/schemas/messages.js";
import { MAX_QUANTITY, MIN_MAGNITUDE } from "../src/core/schemas/primitives.js";
import { leqTol, tol } from "../src/core/tolerance.js";
import { denominatorAgentFromMachine, type MachineHandle } from "./machine-adapter.js";
import { reduceDenominatorArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import { violation } from "./violation.js";
import type {
  AddressedGossip,
  DenominatorAgentUnderTest,
  DenominatorProviderConfig,
  DenominatorProviderUnderTest,
  DenominatorRecipientConfig,
  DenominatorRecipientUnderTest,
} from "./under-test.js";

/** The reference agents (the corrected provider, the seed's recipient) through the machine converter. */
export const referenceDenominatorAgent: DenominatorAgentUnderTest<
  MachineHandle<DenominatorState>,
  MachineHandle<DenominatorState>
> = denominatorAgentFromMachine<DenominatorState>(denominatorMachine, {
  provider: (c) => providerInit({ ...c, variant: "corrected" }),
  recipient: (c) => recipientInit({ ...c, options: { startOffset: 0 } }),
  estimate: (s, p) => (s.role === "recipient" ? s.providers[p]?.estDenominator : undefined),
});

// ---------------------------------------------------------------------------------------------
// Generated cases

/** Amounts: small integers (ties, exact exhaustion), doubles, and the schema's extremes. */
export const arbAmount: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 25 }), weight: 6 },
  { arbitrary: fc.double({ min: MIN_MAGNITUDE, max: 50, noNaN: true }), weight: 2 },
  {
    // The smallest non-zero quantity, right above it, and the largest quantity.
    arbitrary: fc.constantFrom(MIN_MAGNITUDE, 1.5 * MIN_MAGNITUDE, MAX_QUANTITY),
    weight: 1,
  },
);

/** MR values and confidences: 0, round values and anything in between. */
const arbFraction: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(0, 0.1, 0.3, 0.5, 0.6, 0.9, 1), weight: 3 },
  { arbitrary: fc.constantFrom(MIN_MAGNITUDE, 1 - 1e-9), weight: 1 },
  { arbitrary: fc.double({ min: MIN_MAGNITUDE, max: 1, noNaN: true }), weight: 1 },
);

/** Seed 000's `is_converged`: a recipient with a residual need below this is satisfied. */
export const P2P_SATISFIED_BELOW = 1;

/** Round length of the agents (seed 000's main loop; the seed provider's reset period). */
export const P2P_ROUND_MS = 1000;

/** Time between two calls: often none, often more than a round, sometimes a round ± 1 ms. */
const arbDt: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 1500 }), weight: 6 },
  { arbitrary: fc.constantFrom(P2P_ROUND_MS - 1, P2P_ROUND_MS, P2P_ROUND_MS + 1), weight: 1 },
);

export const PROVIDER_ID = "P";
/** The recipients a provider serves: three, or 20–30 of them. */
const servedName = (k: number): string => `R${k}`;
const STRANGER = "R99";

/** A provider and the requests it receives, each with the time it arrives. */
export interface ProviderCase {
  readonly config: DenominatorProviderConfig;
  readonly requests: readonly { readonly at: number; readonly request: AllocationRequest }[];
}

type ProviderDraft =
  | {
      readonly kind: "request";
      readonly dt: number;
      readonly from: number;
      readonly residual: number;
      readonly expected: number;
      /** Sent this long before it arrives (a late request: timestamps out of order). */
      readonly late: number;
    }
  /** A request delivered again, unchanged (a network duplicate or a replay). */
  | { readonly kind: "replay"; readonly dt: number; readonly k: number };

export function arbProviderCase(): fc.Arbitrary<ProviderCase> {
  return fc
    .record({
      capacity: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 4 },
        { arbitrary: fc.double({ min: MIN_MAGNITUDE, max: 100, noNaN: true }), weight: 1 },
        { arbitrary: fc.constantFrom(MIN_MAGNITUDE, MAX_QUANTITY), weight: 1 },
      ),
      served: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 5 },
        { arbitrary: fc.integer({ min: 20, max: 30 }), weight: 1 },
      ),
      mrs: fc.array(arbFraction, { minLength: 30, maxLength: 30 }),
      steps: fc.array(
        fc.oneof(
          {
            arbitrary: fc.record({
              kind: fc.constant("request" as const),
              dt: arbDt,
              from: fc.nat(31),
              residual: arbAmount,
              expected: arbAmount,
              late: fc.oneof(
                { arbitrary: fc.constant(0), weight: 5 },
                { arbitrary: fc.integer({ min: 1, max: 3000 }), weight: 1 },
              ),
            }),
            weight: 6,
          },
          {
            arbitrary: fc.record({ kind: fc.constant("replay" as const), dt: arbDt, k: fc.nat() }),
            weight: 1,
          },
        ) as fc.Arbitrary<ProviderDraft>,
        { maxLength: 30, size: "max" },
      ),
    })
    .map(({ capacity, mrs, served, steps }) => {
      const recipients: Record<string, number> = {};
      for (let k = 0; k < served; k++) recipients[servedName(k)] = mrs[k] ?? 0;
      let t = 0;
      const requests: { at: number; request: AllocationRequest }[] = [];
      for (const s of steps) {
        t += s.dt;
        if (s.kind === "replay") {
          const r = requests[s.k % Math.max(1, requests.length)];
          if (r !== undefined) requests.push({ at: t, request: r.request });
          continue;
        }
        // One in four requests from a recipient it does not serve.
        const from = s.from % 4 === 3 ? STRANGER : servedName(s.from % (served + 1));
        const request: AllocationRequest = {
          type: "allocation_request",
          recipient_id: Object.hasOwn(recipients, from) ? from : STRANGER,
          provider_id: PROVIDER_ID,
          residual_need: s.residual,
          expected_allocation: s.expected,
          timestamp: Math.max(0, t - s.late),
        };
        requests.push({ at: t, request });
      }
      return { config: { id: PROVIDER_ID, capacity, recipients }, requests };
    });
}

/** How the suite answers a request: a share of what was asked or of the residual, or a fixed amount. */
export type GrantChoice =
  { readonly of: "expected" | "residual"; readonly share: number } | { readonly amount: number };

/** Hints a response carries: the provider's capacity and whether it is used up. */
export interface HintChoice {
  readonly capacity: number;
  readonly full: boolean;
}

export type RecipientStep =
  | { readonly kind: "round"; readonly at: number }
  /** Answer the outstanding request number `pick` (modulo how many there are), once. */
  | {
      readonly kind: "respond";
      readonly at: number;
      readonly pick: number;
      readonly grant: GrantChoice;
      readonly hint: HintChoice | null;
    }
  /**
   * Gossip from another recipient (or itself). With `near`, the gossiped denominator is replaced
   * when the step runs by `near` × the recipient's current estimate of that provider: gossip
   * that agrees with it, which is what adaptive trust rewards.
   */
  | {
      readonly kind: "gossip";
      readonly at: number;
      readonly gossip: DenominatorGossip;
      readonly near: number | null;
    }
  /** A response from a provider it does not know, or addressed to another recipient. */
  | { readonly kind: "stray"; readonly at: number; readonly response: AllocationResponse }
  /**
   * A response it already received, delivered again (`back` responses ago, modulo): seed 000's
   * responses carry no request id, so it counts as a grant again (SPEC §13, Decision).
   */
  | { readonly kind: "duplicate"; readonly at: number; readonly back: number }
  /** Gossip it already received, delivered again later (a replay, out of order). */
  | { readonly kind: "regossip"; readonly at: number; readonly back: number };

/** A recipient and what happens to it. */
export interface RecipientCase {
  readonly config: DenominatorRecipientConfig;
  readonly steps: readonly RecipientStep[];
}

export const RECIPIENT_ID = "R0";
const providerName = (k: number): string => `P${k}`;
const partnerName = (k: number): string => `R${k + 1}`;

/** Denominators gossip may claim: the schema's extremes, integers and doubles. */
const arbDenominator: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(0, MIN_MAGNITUDE, MAX_QUANTITY), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 3 },
  { arbitrary: fc.double({ min: MIN_MAGNITUDE, max: 1e6, noNaN: true }), weight: 2 },
);

type StepDraft =
  | { readonly kind: "round"; readonly dt: number }
  | {
      readonly kind: "respond";
      readonly dt: number;
      readonly pick: number;
      readonly grant: GrantChoice;
      readonly hint: HintChoice | null;
    }
  | {
      readonly kind: "gossip";
      readonly dt: number;
      /** A partner (by index), a stranger or the recipient itself. */
      readonly sender: number | "stranger" | "self";
      /** A provider it knows (by index) or one it does not. */
      readonly provider: number | "unknown";
      readonly denominator: number;
      readonly near: number | null;
      readonly residual: number;
      readonly mr: number;
      readonly confidence: number;
    }
  | {
      readonly kind: "stray";
      readonly dt: number;
      readonly strangerProvider: boolean;
      readonly amount: number;
    }
  | { readonly kind: "duplicate" | "regossip"; readonly dt: number; readonly back: number };

const arbStepDraft: fc.Arbitrary<StepDraft> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("round" as const), dt: arbDt }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant("respond" as const),
      dt: arbDt,
      pick: fc.nat({ max: 16 }),
      grant: fc.oneof(
        fc.record({
          of: fc.constantFrom("expected" as const, "residual" as const),
          share: fc.oneof(fc.constantFrom(1, 0.5), fc.double({ min: 0, max: 1, noNaN: true })),
        }),
        fc.record({ amount: arbAmount }),
      ),
      hint: fc.option(
        fc.record({
          capacity: fc.oneof(fc.integer({ min: 0, max: 2000 }), arbAmount),
          full: fc.boolean(),
        }),
        { nil: null },
      ),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("gossip" as const),
      dt: arbDt,
      sender: fc.oneof(
        { arbitrary: fc.nat(), weight: 6 },
        { arbitrary: fc.constantFrom("stranger" as const, "self" as const), weight: 2 },
      ),
      provider: fc.oneof(
        { arbitrary: fc.nat(), weight: 6 },
        { arbitrary: fc.constant("unknown" as const), weight: 1 },
      ),
      denominator: arbDenominator,
      near: fc.option(fc.double({ min: 0.5, max: 2, noNaN: true }), { nil: null }),
      residual: arbAmount,
      mr: arbFraction,
      confidence: arbFraction,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("stray" as const),
      dt: arbDt,
      strangerProvider: fc.boolean(),
      amount: arbAmount,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom("duplicate" as const, "regossip" as const),
      dt: arbDt,
      back: fc.oneof(fc.constant(0), fc.nat(8)),
    }),
    weight: 2,
  },
);

export function arbRecipientCase(): fc.Arbitrary<RecipientCase> {
  return fc
    .record({
      need: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 1000 }), weight: 4 },
        { arbitrary: fc.double({ min: MIN_MAGNITUDE, max: 1e4, noNaN: true }), weight: 1 },
      ),
      // One to three providers, or twenty.
      mrs: fc.oneof(
        { arbitrary: fc.array(arbFraction, { minLength: 1, maxLength: 3 }), weight: 5 },
        { arbitrary: fc.array(arbFraction, { minLength: 20, maxLength: 20 }), weight: 1 },
      ),
      // None to three gossip partners, or 20–40.
      partners: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 5 },
        { arbitrary: fc.integer({ min: 20, max: 40 }), weight: 1 },
      ),
      steps: fc.array(arbStepDraft, { maxLength: 30, size: "max" }),
    })
    .map(({ need, mrs, partners: partnerCount, steps }) => {
      const providers: Record<string, number> = {};
      mrs.forEach((mr, i) => (providers[providerName(i)] = mr));
      const partners = Array.from({ length: partnerCount }, (_, k) => partnerName(k));
      let t = 0;
      const out = steps.map((d): RecipientStep => {
        t += d.dt;
        switch (d.kind) {
          case "duplicate":
          case "regossip":
            return { kind: d.kind, at: t, back: d.back };
          case "round":
            return { kind: "round", at: t };
          case "respond":
            return { kind: "respond", at: t, pick: d.pick, grant: d.grant, hint: d.hint };
          case "gossip":
            return {
              kind: "gossip",
              at: t,
              gossip: {
                type: "denominator_gossip",
                sender_id:
                  d.sender === "self"
                    ? RECIPIENT_ID
                    : d.sender === "stranger" || partners.length === 0
                      ? STRANGER
                      : partnerName(d.sender % partners.length),
                provider_id:
                  d.provider === "unknown" ? "P99" : providerName(d.provider % mrs.length),
                estimated_denominator: d.denominator,
                my_residual_need: d.residual,
                my_mr_value: d.mr,
                confidence: d.confidence,
                timestamp: t,
              },
              near: d.near,
            };
          case "stray":
            return {
              kind: "stray",
              at: t,
              response: {
                type: "allocation_response",
                provider_id: d.strangerProvider ? "P99" : "P0",
                recipient_id: d.strangerProvider ? RECIPIENT_ID : "R5",
                allocated_amount: d.amount,
                timestamp: t,
              },
            };
        }
      });
      return {
        config: { id: RECIPIENT_ID, statedNeed: need, providers, partners },
        steps: out,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Judging runs

/** A violation found in a run: the invariant and what happened. */
export interface AgentViolation {
  readonly id: string;
  /** The failure class (what is wrong). */
  readonly code: string;
  readonly message: string;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(10)));
}

function schemaProblem(r: { success: boolean; error?: { issues: readonly unknown[] } }): string {
  const first = r.error?.issues[0] as { path?: readonly unknown[]; message?: string } | undefined;
  return first === undefined
    ? "invalid"
    : `${(first.path ?? []).map(String).join(".") || "(root)"}: ${first.message ?? "invalid"}`;
}

/** |a − b| within the tolerance of the larger magnitude, plus `slack`. */
function near(a: number, b: number, slack = 0): boolean {
  return Math.abs(a - b) <= tol(Math.max(Math.abs(a), Math.abs(b))) + slack;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** What a part returned, if it has the shape the interface promises; else an error naming the call. */
function shaped<T>(value: T, ok: (v: T) => boolean, call: string): T {
  if (!ok(value)) throw new Error(`${call} returned ${JSON.stringify(value) ?? String(value)}`);
  return value;
}
const isObject = (v: unknown) => typeof v === "object" && v !== null;

/**
 * Runs a provider case and returns the first violation of invariant `id` (P2P-1, P2P-2 or
 * P2P-3), or undefined.
 */
export function judgeProviderCase<P>(
  part: DenominatorProviderUnderTest<P>,
  c: ProviderCase,
  id: string,
): AgentViolation | undefined {
  const h = part.create(c.config);
  const cap = c.config.capacity;
  let granted = 0;
  for (const [k, { at, request }] of c.requests.entries()) {
    const res = shaped(part.onRequest(h, request, at), isObject, "onRequest");
    const g = res.allocated_amount;
    const before = granted;
    granted = before + g;
    const R = request.recipient_id;
    const where = `request ${k + 1} (${R} asks ${fmt(request.expected_allocation)}, residual ${fmt(request.residual_need)}, at ${at} ms)`;
    if (id === "P2P-1" && !leqTol(granted, cap)) {
      return {
        id,
        code: "over-capacity",
        message: `after ${where}: ${fmt(granted)} granted in total against a capacity of ${fmt(cap)}`,
      };
    }
    const available = Math.max(0, cap - before);
    if (id === "P2P-2" && !leqTol(g, available)) {
      return {
        id,
        code: "granted-more-than-available",
        message: `${where}: granted ${fmt(g)} with only ${fmt(available)} not already granted`,
      };
    }
    if (id !== "P2P-3") continue;
    const parsed = allocationResponseSchema.safeParse(res);
    if (!parsed.success)
      return {
        id,
        code: "response-fails-schema",
        message: `${where}: the response fails its schema: ${schemaProblem(parsed)}`,
      };
    if (res.provider_id !== c.config.id || res.recipient_id !== R)
      return {
        id,
        code: "response-misaddressed",
        message: `${where}: the response is from ${res.provider_id} to ${res.recipient_id}, not from ${c.config.id} to ${R}`,
      };
    if (!hasOwn(c.config.recipients, R)) {
      if (g !== 0)
        return {
          id,
          code: "stranger-granted",
          message: `${where}: granted ${fmt(g)} to a recipient it does not serve`,
        };
      continue;
    }
    let want = Math.min(request.expected_allocation, request.residual_need, available);
    if (want < MIN_MAGNITUDE) want = 0;
    if (!near(g, want, tol(cap))) {
      return {
        id,
        code: "grant-not-min-expected-residual-available",
        message: `${where}: granted ${fmt(g)}, but min(expected, residual, available) = min(${fmt(request.expected_allocation)}, ${fmt(request.residual_need)}, ${fmt(available)}) = ${fmt(want)}`,
      };
    }
    if (res.capacity_hint !== undefined && !near(res.capacity_hint, asQuantity(cap)))
      return {
        id,
        code: "capacity-hint-false",
        message: `${where}: capacity_hint ${fmt(res.capacity_hint)}, but the capacity is ${fmt(cap)}`,
      };
    if (
      res.current_utilization !== undefined &&
      !near(res.current_utilization, asQuantity(Math.min(cap, granted)), tol(cap))
    )
      return {
        id,
        code: "utilization-hint-false",
        message: `${where}: current_utilization ${fmt(res.current_utilization)}, but ${fmt(granted)} has been granted`,
      };
  }
  return undefined;
}

function grantOf(choice: GrantChoice, req: AllocationRequest): number {
  if ("amount" in choice) return choice.amount;
  const base = choice.of === "expected" ? req.expected_allocation : req.residual_need;
  return asQuantity(base * choice.share);
}

/**
 * Runs a recipient case and returns the first violation of invariant `id` (P2P-5…P2P-8), or
 * undefined.
 */
export function judgeRecipientCase<R>(
  part: DenominatorRecipientUnderTest<R>,
  c: RecipientCase,
  id: string,
): AgentViolation | undefined {
  const cfg = c.config;
  const self = cfg.id;
  const providers = Object.keys(cfg.providers);
  const heard = new Set(cfg.partners);
  const h = part.create(cfg);
  let received = 0;
  const outstanding: AllocationRequest[] = [];
  const residual = () => Math.max(0, cfg.statedNeed - received);
  const estimates = () => new Map(providers.map((p) => [p, part.estimate(h, p)] as const));

  const fail = (code: string, message: string): AgentViolation => ({ id, code, message });

  const checkEstimates = (when: string): AgentViolation | undefined => {
    if (id !== "P2P-6") return undefined;
    for (const p of providers) {
      const e = part.estimate(h, p);
      if (typeof e !== "number" || !Number.isFinite(e) || e < 0)
        return fail(
          "estimate-not-finite-non-negative",
          `${when}: the estimate of ${p}'s denominator is ${String(e)}`,
        );
    }
    return undefined;
  };

  const unchanged = (
    before: ReadonlyMap<string, number | undefined>,
    when: string,
    except?: string,
  ): string | undefined => {
    for (const p of providers) {
      if (p === except) continue;
      const a = before.get(p);
      const b = part.estimate(h, p);
      if (a === undefined || b === undefined ? a !== b : !near(a, b))
        return `${when}: the estimate of ${p}'s denominator moved from ${String(a)} to ${String(b)}`;
    }
    return undefined;
  };

  const checkGossip = (
    out: readonly AddressedGossip[],
    when: string,
  ): AgentViolation | undefined => {
    if (id !== "P2P-5") return undefined;
    for (const { to, msg } of out) {
      const parsed = denominatorGossipSchema.safeParse(msg);
      if (!parsed.success)
        return fail(
          "gossip-fails-schema",
          `${when}: gossip fails its schema: ${schemaProblem(parsed)}`,
        );
      if (msg.sender_id !== self)
        return fail("gossip-wrong-sender", `${when}: gossip names ${msg.sender_id} as its sender`);
      if (to === self || !heard.has(to))
        return fail(
          "gossip-to-unknown-recipient",
          `${when}: gossip sent to ${to}, not a recipient it knows of`,
        );
      const mr = cfg.providers[msg.provider_id];
      if (mr === undefined)
        return fail(
          "gossip-about-unknown-provider",
          `${when}: gossip about ${msg.provider_id}, a provider it does not know`,
        );
      const e = part.estimate(h, msg.provider_id) ?? NaN;
      if (!near(msg.estimated_denominator, asQuantity(e)))
        return fail(
          "gossip-misstates-estimate",
          `${when}: gossip says ${msg.provider_id}'s denominator is ${fmt(msg.estimated_denominator)}, but its own estimate is ${fmt(e)}`,
        );
      if (!near(msg.my_residual_need, asQuantity(residual()), tol(cfg.statedNeed)))
        return fail(
          "gossip-misstates-residual",
          `${when}: gossip says its residual is ${fmt(msg.my_residual_need)}, but need − received = ${fmt(residual())}`,
        );
      if (!near(msg.my_mr_value, mr >= 1 ? 1 : asQuantity(mr)))
        return fail(
          "gossip-misstates-mr",
          `${when}: gossip says MR(${msg.provider_id}) is ${fmt(msg.my_mr_value)}, not ${fmt(mr)}`,
        );
    }
    return undefined;
  };

  const responses: AllocationResponse[] = [];
  const gossips: DenominatorGossip[] = [];

  /** A response for it arrives: it counts as a grant (a duplicate too). */
  const respond = (
    response: AllocationResponse,
    at: number,
    when: string,
  ): AgentViolation | undefined => {
    const amount = response.allocated_amount;
    const before = residual();
    const out = shaped(part.onResponse(h, response, at), Array.isArray, "onResponse");
    received += amount;
    responses.push(response);
    const g = checkGossip(out, when);
    if (g !== undefined) return g;
    if (id === "P2P-8" && amount > 0) {
      const mr = cfg.providers[response.provider_id] ?? 0;
      // The denominator includes the recipient's own weight MR × r (r its residual before
      // the grant; seed 000 writes it as the residual after plus the grant: either is
      // accepted), so no estimate learnt from a grant may fall below it. (The seed's upper
      // bound 100 × MR × r is not required: it excludes the truth beyond 100 recipients.)
      const lo = mr * Math.min(before, residual() + amount);
      const e = part.estimate(h, response.provider_id) ?? NaN;
      if (!(e >= lo - tol(lo)))
        return fail(
          "estimate-below-own-weight",
          `${when}: after ${response.provider_id} grants ${fmt(amount)} (MR ${fmt(mr)}, residual ${fmt(before)} before), the estimate ${fmt(e)} is below the recipient's own weight MR·r = ${fmt(lo)}`,
        );
    }
    return undefined;
  };

  /** Gossip arrives (new, or replayed): judged by P2P-5 (what it sends) and P2P-7 (how far it moves). */
  const gossip = (m: DenominatorGossip, at: number, when: string): AgentViolation | undefined => {
    const before = estimates();
    const out = shaped(part.onGossip(h, m, at), Array.isArray, "onGossip");
    gossips.push(m);
    if (m.sender_id !== self) heard.add(m.sender_id);
    const g = checkGossip(out, `${when}: reacting to gossip`);
    if (g !== undefined) return g;
    if (id !== "P2P-7") return undefined;
    const about = `gossip from ${m.sender_id} that ${m.provider_id}'s denominator is ${fmt(m.estimated_denominator)} (confidence ${fmt(m.confidence)})`;
    const known = hasOwn(cfg.providers, m.provider_id);
    if (m.sender_id === self || !known) {
      const moved = unchanged(
        before,
        `${when}: ${about}, ${m.sender_id === self ? "its own" : "about a provider it does not know"}`,
      );
      if (moved !== undefined)
        return fail(
          m.sender_id === self
            ? "own-gossip-moved-estimate"
            : "unknown-provider-gossip-moved-estimate",
          moved,
        );
      return undefined;
    }
    const moved = unchanged(before, `${when}: ${about}`, m.provider_id);
    if (moved !== undefined) return fail("gossip-moved-other-estimate", moved);
    const e0 = before.get(m.provider_id) ?? NaN;
    const e1 = part.estimate(h, m.provider_id) ?? NaN;
    if (!Number.isFinite(e0) || !Number.isFinite(e1))
      return fail(
        "estimate-not-finite",
        `${when}: ${about} left the estimate at ${String(e1)} (it was ${String(e0)})`,
      );
    const d = m.estimated_denominator;
    const slack = tol(Math.max(e0, d));
    const lo = Math.min(e0, d) - slack;
    const hi = Math.max(e0, d) + slack;
    const bound = 0.5 * m.confidence * Math.abs(d - e0) + slack;
    if (!(e1 >= lo && e1 <= hi))
      return fail(
        "gossip-moved-estimate-past-it",
        `${when}: ${about} moved the estimate from ${fmt(e0)} past it, to ${fmt(e1)}`,
      );
    if (!(Math.abs(e1 - e0) <= bound))
      return fail(
        "gossip-moved-estimate-too-far",
        `${when}: ${about} moved the estimate from ${fmt(e0)} to ${fmt(e1)}, more than trust ½ × confidence × distance = ${fmt(bound)}`,
      );
    return undefined;
  };

  const v0 = checkEstimates("after create");
  if (v0 !== undefined) return v0;
  for (const [k, step] of c.steps.entries()) {
    const when = `step ${k + 1} (${step.kind} at ${step.at} ms)`;
    switch (step.kind) {
      case "round": {
        const reqs = shaped(part.nextRequests(h, step.at), Array.isArray, "nextRequests");
        const seen = new Set<string>();
        // Seed 000's is_converged: a recipient whose residual is below 1 asks nothing more.
        if (id === "P2P-5" && reqs.length > 0 && residual() < P2P_SATISFIED_BELOW)
          return fail(
            "requests-after-satisfied",
            `${when}: ${reqs.length} request(s) sent, but its residual need ${fmt(residual())} is below ${P2P_SATISFIED_BELOW}: it is satisfied`,
          );
        for (const req of reqs) {
          if (id === "P2P-5") {
            const parsed = allocationRequestSchema.safeParse(req);
            if (!parsed.success)
              return fail(
                "request-fails-schema",
                `${when}: a request fails its schema: ${schemaProblem(parsed)}`,
              );
            if (req.recipient_id !== self)
              return fail(
                "request-wrong-recipient",
                `${when}: a request names ${req.recipient_id} as the recipient`,
              );
            if (!hasOwn(cfg.providers, req.provider_id))
              return fail(
                "request-to-unknown-provider",
                `${when}: a request to ${req.provider_id}, a provider it does not know`,
              );
            if (seen.has(req.provider_id))
              return fail(
                "two-requests-in-a-round",
                `${when}: two requests to ${req.provider_id} in one round`,
              );
            if (!near(req.residual_need, asQuantity(residual()), tol(cfg.statedNeed)))
              return fail(
                "request-misstates-residual",
                `${when}: asks ${req.provider_id} with residual ${fmt(req.residual_need)}, but need ${fmt(cfg.statedNeed)} − received ${fmt(received)} = ${fmt(residual())}`,
              );
          }
          seen.add(req.provider_id);
          if (hasOwn(cfg.providers, req.provider_id) && req.recipient_id === self)
            outstanding.push(req);
        }
        break;
      }
      case "respond": {
        if (outstanding.length === 0) continue;
        const [req] = outstanding.splice(step.pick % outstanding.length, 1) as [AllocationRequest];
        const amount = grantOf(step.grant, req);
        const response: AllocationResponse = {
          type: "allocation_response",
          provider_id: req.provider_id,
          recipient_id: self,
          allocated_amount: amount,
          ...(step.hint !== null
            ? {
                capacity_hint: step.hint.capacity,
                current_utilization: step.hint.full
                  ? step.hint.capacity
                  : asQuantity(step.hint.capacity / 2),
              }
            : {}),
          timestamp: step.at,
        };
        const v = respond(response, step.at, `${when}: ${req.provider_id} grants ${fmt(amount)}`);
        if (v !== undefined) return v;
        break;
      }
      case "duplicate": {
        const r = responses[responses.length - 1 - (step.back % Math.max(1, responses.length))];
        if (r === undefined) continue;
        const v = respond(
          r,
          step.at,
          `${when}: ${r.provider_id}'s response granting ${fmt(r.allocated_amount)} (of ${r.timestamp} ms) arrives again`,
        );
        if (v !== undefined) return v;
        break;
      }
      case "gossip": {
        const current = part.estimate(h, step.gossip.provider_id);
        const m =
          step.near === null || typeof current !== "number"
            ? step.gossip
            : { ...step.gossip, estimated_denominator: asQuantity(step.near * current) };
        const v = gossip(m, step.at, when);
        if (v !== undefined) return v;
        break;
      }
      case "regossip": {
        const m = gossips[gossips.length - 1 - (step.back % Math.max(1, gossips.length))];
        if (m === undefined) continue;
        const v = gossip(m, step.at, `${when} (gossip of ${m.timestamp} ms replayed)`);
        if (v !== undefined) return v;
        break;
      }
      case "stray": {
        const before = estimates();
        const out = shaped(part.onResponse(h, step.response, step.at), Array.isArray, "onResponse");
        const g = checkGossip(out, `${when}`);
        if (g !== undefined) return g;
        if (id === "P2P-5") {
          const r = step.response;
          const moved = unchanged(
            before,
            `${when}: a response from ${r.provider_id} to ${r.recipient_id}, not for it`,
          );
          if (moved !== undefined) return fail("stray-response-moved-estimate", moved);
        }
        break;
      }
    }
    const v = checkEstimates(when);
    if (v !== undefined) return v;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The properties

const PROVIDER_TITLES = {
  "P2P-1": "capacity conservation: Σ granted ≤ capacity under every interleaving of requests",
  "P2P-2": "a provider never grants more than capacity − Σ already granted",
  "P2P-3":
    "a grant is min(expected, residual, available); strangers get 0; responses answer the request truthfully",
} as const;

const RECIPIENT_TITLES = {
  "P2P-5":
    "recipients keep their bookkeeping and send schema-valid requests and gossip that tell the truth",
  "P2P-6": "denominator estimates stay finite and non-negative whatever arrives",
  "P2P-7":
    "bounded gossip influence: one message moves an estimate at most trust ½ × confidence of the way, never past",
  "P2P-8":
    "learning from a grant never leaves an estimate below the recipient's own weight MR·r (seed 000's lower bound)",
} as const;

export const P2P_PROVIDER_IDS = Object.keys(PROVIDER_TITLES) as (keyof typeof PROVIDER_TITLES)[];
export const P2P_RECIPIENT_IDS = Object.keys(RECIPIENT_TITLES) as (keyof typeof RECIPIENT_TITLES)[];

function providerProperty<P>(
  part: DenominatorProviderUnderTest<P>,
  name: string,
  id: keyof typeof PROVIDER_TITLES,
): InvariantProperty {
  return {
    id,
    suite: "denominator",
    title: PROVIDER_TITLES[id],
    numRuns: 300,
    reduce: reduceDenominatorArguments,
    build: () =>
      fc.property(arbProviderCase(), (c) => {
        const v = judgeProviderCase(part, c, id);
        if (v !== undefined) violation(v.code, `${id} violated by ${name}: ${v.message}`);
      }),
  };
}

function recipientProperty<R>(
  part: DenominatorRecipientUnderTest<R>,
  name: string,
  id: keyof typeof RECIPIENT_TITLES,
): InvariantProperty {
  return {
    id,
    suite: "denominator",
    title: RECIPIENT_TITLES[id],
    numRuns: 200,
    reduce: reduceDenominatorArguments,
    build: () =>
      fc.property(arbRecipientCase(), (c) => {
        const v = judgeRecipientCase(part, c, id);
        if (v !== undefined) violation(v.code, `${id} violated by ${name}: ${v.message}`);
      }),
  };
}

/**
 * The denominator suite of an implementation: P2P-1…3 for its provider, P2P-5…8 for its
 * recipient. (Statistical convergence properties of the learning-rate schedules belong to the
 * same suite and are appended by the callers that assemble it: src/verify/suites.ts and
 * properties/catalog.ts.)
 */
export function denominatorProperties(
  part: DenominatorAgentUnderTest,
  name = "implementation",
): InvariantProperty[] {
  const out: InvariantProperty[] = [];
  const provider = part.provider;
  const recipient = part.recipient;
  if (provider !== undefined)
    out.push(...P2P_PROVIDER_IDS.map((id) => providerProperty(provider, name, id)));
  if (recipient !== undefined)
    out.push(...P2P_RECIPIENT_IDS.map((id) => recipientProperty(recipient, name, id)));
  return out;
}
