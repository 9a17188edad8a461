import { describe, expect, it } from "vitest";
import {
  denominatorProperties,
  judgeProviderCase,
  judgeRecipientCase,
  referenceDenominatorAgent,
  type ProviderCase,
  type RecipientCase,
} from "../../properties/denominator.js";
import { denominatorAgentFromMachine } from "../../properties/machine-adapter.js";
import { assertProperty, runProperty } from "../../properties/property.js";
import type {
  DenominatorProviderUnderTest,
  DenominatorRecipientUnderTest,
} from "../../properties/under-test.js";
import {
  denominatorMachine,
  providerInit,
  recipientInit,
  tamperP2P,
  type DenominatorState,
} from "../../src/core/protocols/denominator.js";
import { dishonestMachine, type DishonestStrategy } from "../../src/core/protocols/dishonest.js";
import type { NodeMachine } from "../../src/core/protocols/machine.js";
import type {
  AllocationRequest,
  AllocationResponse,
  DenominatorGossip,
  P2PMessage,
} from "../../src/core/schemas/messages.js";
import overwrites from "../mutants/denominator-provider-overwrites-book.js";
import unbounded from "../mutants/denominator-unbounded-trust.js";

const ref = referenceDenominatorAgent;
const refProvider = ref.provider as DenominatorProviderUnderTest<unknown>;
const refRecipient = ref.recipient as DenominatorRecipientUnderTest<unknown>;

const req = (R: string, expected: number, residual: number, at: number) => ({
  at,
  request: {
    type: "allocation_request",
    recipient_id: R,
    provider_id: "P",
    residual_need: residual,
    expected_allocation: expected,
    timestamp: at,
  } satisfies AllocationRequest,
});

const gossip = (
  sender: string,
  provider: string,
  denominator: number,
  confidence: number,
  at: number,
  residual = 10,
): DenominatorGossip => ({
  type: "denominator_gossip",
  sender_id: sender,
  provider_id: provider,
  estimated_denominator: denominator,
  my_residual_need: residual,
  my_mr_value: 0.5,
  confidence,
  timestamp: at,
});

/** A recipient of the reference machine, possibly lying or with other options. */
function recipientOf(
  machine: NodeMachine<DenominatorState, P2PMessage>,
  options: Parameters<typeof recipientInit>[0]["options"] = {},
): DenominatorRecipientUnderTest<unknown> {
  return denominatorAgentFromMachine(machine, {
    recipient: (c) => recipientInit({ ...c, options: { startOffset: 0, ...options } }),
    estimate: (s, p) => (s.role === "recipient" ? s.providers[p]?.estDenominator : undefined),
  }).recipient as DenominatorRecipientUnderTest<unknown>;
}

const liar = (strategy: DishonestStrategy) =>
  recipientOf(dishonestMachine(denominatorMachine, strategy, tamperP2P));

describe("the denominator suite holds for the reference agents", () => {
  for (const p of denominatorProperties(ref, "reference")) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }
});

describe("provider invariants judge what an implementation answers", () => {
  // SPEC.md §12, finding (2): with current_allocations[R] = granted, R asking twice frees capacity.
  const twice: ProviderCase = {
    config: { id: "P", capacity: 3, recipients: { R0: 1, R1: 1 } },
    requests: [req("R0", 1, 3, 0), req("R0", 2, 2, 1), req("R1", 1, 1, 2)],
  };
  const overwriting = overwrites.denominatorAgent
    ?.provider as DenominatorProviderUnderTest<unknown>;

  it("P2P-1 and P2P-2 catch the grant book that overwrites: 4 granted against a capacity of 3", () => {
    expect(judgeProviderCase(overwriting, twice, "P2P-1")?.message).toMatch(
      /after request 3 .*: 4 granted in total against a capacity of 3/,
    );
    expect(judgeProviderCase(overwriting, twice, "P2P-2")?.message).toMatch(
      /request 3 .*: granted 1 with only 0 not already granted/,
    );
    for (const id of ["P2P-1", "P2P-2", "P2P-3"])
      expect(judgeProviderCase(refProvider, twice, id)).toBeUndefined();
  });

  const answering = (
    grant: (r: AllocationRequest) => number,
  ): DenominatorProviderUnderTest<string> => ({
    create: (c) => c.id,
    onRequest: (id, r, now): AllocationResponse => ({
      type: "allocation_response",
      provider_id: id,
      recipient_id: r.recipient_id,
      allocated_amount: grant(r),
      timestamp: now,
    }),
  });

  it("P2P-3 requires min(expected, residual, available), 0 for strangers, and a response to the requester", () => {
    const c: ProviderCase = {
      config: { id: "P", capacity: 10, recipients: { R0: 1 } },
      requests: [req("R0", 4, 6, 0), req("R9", 1, 1, 1)],
    };
    expect(
      judgeProviderCase(
        answering((r) => r.expected_allocation / 2),
        c,
        "P2P-3",
      )?.message,
    ).toMatch(
      /request 1 .*: granted 2, but min\(expected, residual, available\) = min\(4, 6, 10\) = 4/,
    );
    expect(
      judgeProviderCase(
        answering((r) => Math.min(r.expected_allocation, r.residual_need)),
        c,
        "P2P-3",
      )?.message,
    ).toMatch(/request 2 \(R9 .*: granted 1 to a recipient it does not serve/);
    const misaddressed: DenominatorProviderUnderTest<string> = {
      create: (c) => c.id,
      onRequest: (id, _r, now) => ({
        type: "allocation_response",
        provider_id: id,
        recipient_id: "R5",
        allocated_amount: 0,
        timestamp: now,
      }),
    };
    expect(judgeProviderCase(misaddressed, c, "P2P-3")?.message).toMatch(
      /from P to R5, not from P to R0/,
    );
    const invalid = answering(() => Number.NaN);
    expect(judgeProviderCase(invalid, c, "P2P-3")?.message).toMatch(
      /fails its schema: allocated_amount/,
    );
  });

  it("the seed provider, driven through the machine converter, resets at the end of its round", () => {
    const seed = denominatorAgentFromMachine<DenominatorState>(denominatorMachine, {
      provider: (c) => providerInit({ ...c, variant: "seed", roundMs: 1000 }),
    }).provider as DenominatorProviderUnderTest<unknown>;
    const c: ProviderCase = {
      config: { id: "P", capacity: 5, recipients: { R0: 1 } },
      requests: [req("R0", 5, 50, 0), req("R0", 5, 45, 999), req("R0", 5, 45, 1000)],
    };
    const h = seed.create(c.config);
    expect(
      c.requests.map(({ at, request }) => seed.onRequest(h, request, at).allocated_amount),
    ).toEqual([5, 0, 5]);
    expect(judgeProviderCase(seed, c, "P2P-1")?.message).toMatch(
      /10 granted in total against a capacity of 5/,
    );
  });
});

describe("recipient invariants judge what an implementation sends and estimates", () => {
  const base: RecipientCase["config"] = {
    id: "R0",
    statedNeed: 100,
    providers: { P0: 0.5 },
    partners: ["R1"],
  };
  const grant = { kind: "respond", at: 10, pick: 0, grant: { amount: 40 }, hint: null } as const;

  it("P2P-5 catches a recipient that lies about its need, or gossips another estimate than its own", () => {
    const asks: RecipientCase = { config: base, steps: [{ kind: "round", at: 0 }] };
    expect(
      judgeRecipientCase(liar({ kind: "lie-need", factor: 2 }), asks, "P2P-5")?.message,
    ).toMatch(/asks P0 with residual 200, but need 100 − received 0 = 100/);
    const learns: RecipientCase = { config: base, steps: [{ kind: "round", at: 0 }, grant] };
    expect(
      judgeRecipientCase(liar({ kind: "inflate", factor: 10 }), learns, "P2P-5")?.message,
    ).toMatch(/gossip says P0's denominator is \d+, but its own estimate is \d+/);
    for (const id of ["P2P-5", "P2P-6", "P2P-7", "P2P-8"])
      expect(judgeRecipientCase(refRecipient, learns, id)).toBeUndefined();
  });

  it("P2P-5 checks the residual after grants, and that responses not for the recipient change nothing", () => {
    const c: RecipientCase = {
      config: base,
      steps: [
        { kind: "round", at: 0 },
        grant,
        {
          kind: "stray",
          at: 11,
          response: {
            type: "allocation_response",
            provider_id: "P9",
            recipient_id: "R0",
            allocated_amount: 30,
            timestamp: 11,
          },
        },
        { kind: "round", at: 1000 },
      ],
    };
    expect(judgeRecipientCase(refRecipient, c, "P2P-5")).toBeUndefined();
    // A recipient that counts every response it sees as its own.
    const greedy: DenominatorRecipientUnderTest<unknown> = {
      ...refRecipient,
      onResponse: (h, r, now) =>
        refRecipient.onResponse(h, { ...r, provider_id: "P0", recipient_id: "R0" }, now),
    };
    expect(judgeRecipientCase(greedy, c, "P2P-5")?.message).toMatch(
      /step 3 \(stray at 11 ms\): gossip says its residual is 30, but need − received = 60/,
    );
  });

  it("P2P-6 and P2P-8 catch estimates that are not numbers or fall below the recipient's own weight", () => {
    const c: RecipientCase = { config: base, steps: [{ kind: "round", at: 0 }, grant] };
    const nan = { ...refRecipient, estimate: () => Number.NaN };
    expect(judgeRecipientCase(nan, c, "P2P-6")?.message).toMatch(
      /after create: the estimate of P0's denominator is NaN/,
    );
    const zero = { ...refRecipient, estimate: () => 0 };
    expect(judgeRecipientCase(zero, c, "P2P-8")?.message).toMatch(
      /after P0 grants 40 \(MR 0\.5, residual 100 before\), the estimate 0 is below the recipient's own weight MR·r = 50/,
    );
  });

  it("P2P-7 catches unbounded trust: one agreeing message already weighs more than ½ × confidence", () => {
    const c: RecipientCase = {
      config: { ...base, statedNeed: 1, providers: { P2: 0.9 } },
      steps: [{ kind: "gossip", at: 1, gossip: gossip("R1", "P2", 1, 0.6, 1), near: null }],
    };
    const mutant = unbounded.denominatorAgent?.recipient as DenominatorRecipientUnderTest<unknown>;
    expect(judgeRecipientCase(mutant, c, "P2P-7")?.message).toMatch(
      /moved the estimate from 0\.9 to 0\.933, more than trust ½ × confidence × distance/,
    );
    expect(judgeRecipientCase(refRecipient, c, "P2P-7")).toBeUndefined();
    // Kept up, the same sender ends up overriding the estimate and overshooting it.
    const h = mutant.create(c.config);
    const trail: number[] = [];
    for (let k = 0; k < 12; k++) {
      const e = mutant.estimate(h, "P2") as number;
      mutant.onGossip(h, gossip("R1", "P2", 1.5 * e, 1, k), k);
      trail.push((mutant.estimate(h, "P2") as number) / (1.5 * e));
    }
    expect(Math.max(...trail)).toBeGreaterThan(1);
  });

  it("P2P-7 seed 000's method 3 (composition) lets one gossiped residual move an estimate without bound", () => {
    const c: RecipientCase = {
      config: base,
      steps: [{ kind: "gossip", at: 1, gossip: gossip("R1", "P0", 50, 0.3, 1, 1e15), near: null }],
    };
    const composing = recipientOf(denominatorMachine, { composition: true });
    expect(judgeRecipientCase(composing, c, "P2P-7")?.message).toMatch(
      /moved the estimate from 50 past it, to \d{12,}/,
    );
    expect(judgeRecipientCase(refRecipient, c, "P2P-7")).toBeUndefined();
    expect(
      judgeRecipientCase(recipientOf(denominatorMachine, { trust: "adaptive" }), c, "P2P-7"),
    ).toBeUndefined();
  });
});

describe("denominatorAgentFromMachine drives a NodeMachine", () => {
  it("fires the round timer only when asked for requests, and not once the recipient is satisfied", () => {
    const h = refRecipient.create({
      id: "R0",
      statedNeed: 10,
      providers: { P0: 1, P1: 1 },
      partners: [],
    });
    const first = refRecipient.nextRequests(h, 0);
    expect(first.map((r) => r.provider_id)).toEqual(["P0", "P1"]);
    expect(refRecipient.nextRequests(h, 0).map((r) => r.provider_id)).toEqual(["P0", "P1"]);
    refRecipient.onResponse(
      h,
      {
        type: "allocation_response",
        provider_id: "P0",
        recipient_id: "R0",
        allocated_amount: 10,
        timestamp: 5,
      },
      5,
    );
    expect(refRecipient.nextRequests(h, 5000)).toEqual([]);
    const none = refRecipient.create({
      id: "R0",
      statedNeed: 0,
      providers: { P0: 1 },
      partners: [],
    });
    expect(refRecipient.nextRequests(none, 0)).toEqual([]);
  });

  it("keeps what timers send for the next call that returns it, and rejects what it cannot deliver", () => {
    type S = { readonly ticks: number };
    const g = gossip("R0", "P0", 7, 0.5, 0);
    const ticking: NodeMachine<S, P2PMessage> = {
      name: "ticking",
      step: (s, input) => {
        if (input.kind === "start")
          return { state: s, effects: [{ kind: "setTimer", name: "tick", delay: 5 }] };
        if (input.kind === "timer")
          return { state: { ticks: s.ticks + 1 }, effects: [{ kind: "send", to: "R1", msg: g }] };
        if (input.msg.type === "allocation_request")
          return { state: s, effects: [{ kind: "broadcast", msg: g }] };
        return { state: s, effects: [] };
      },
      kindOf: (m) => m.type,
      check: () => [],
      view: (s) => ({ ticks: s.ticks }),
    };
    const part = denominatorAgentFromMachine(ticking, {
      provider: () => ({ ticks: 0 }),
      recipient: () => ({ ticks: 0 }),
      estimate: (s) => s.ticks,
    });
    const r = part.recipient as DenominatorRecipientUnderTest<unknown>;
    const h = r.create({ id: "R0", statedNeed: 1, providers: { P0: 1 }, partners: ["R1"] });
    expect(r.onGossip(h, gossip("R1", "P0", 1, 0.5, 1), 1)).toEqual([]);
    expect(r.estimate(h, "P0")).toBe(0);
    expect(r.nextRequests(h, 6)).toEqual([]);
    expect(r.onGossip(h, gossip("R1", "P0", 1, 0.5, 7), 7)).toEqual([{ to: "R1", msg: g }]);
    expect(r.estimate(h, "P0")).toBe(1);
    const p = part.provider as DenominatorProviderUnderTest<unknown>;
    const hp = p.create({ id: "P", capacity: 1, recipients: {} });
    expect(() => p.onRequest(hp, req("R0", 1, 1, 0).request, 0)).toThrow(/broadcast/);
    const silent = denominatorAgentFromMachine(
      { ...ticking, step: (s) => ({ state: s, effects: [] }) },
      {
        provider: () => ({ ticks: 0 }),
      },
    ).provider as DenominatorProviderUnderTest<unknown>;
    expect(() =>
      silent.onRequest(
        silent.create({ id: "P", capacity: 1, recipients: {} }),
        req("R0", 1, 1, 0).request,
        0,
      ),
    ).toThrow(/provider P sent no allocation_response to R0/);
  });
});

describe("P2P-5: a satisfied recipient asks nothing more", () => {
  it("catches a recipient that keeps asking once its residual is below 1 (seed 000's is_converged)", () => {
    const greedy = denominatorAgentFromMachine(denominatorMachine, {
      recipient: (c) => recipientInit({ ...c, options: { startOffset: 0, satisfiedBelow: 0 } }),
      estimate: (s, p) => (s.role === "recipient" ? s.providers[p]?.estDenominator : undefined),
    });
    const p = denominatorProperties(greedy).find((x) => x.id === "P2P-5");
    expect(p).toBeDefined();
    const o = runProperty(p as NonNullable<typeof p>, { seed: 42 });
    expect(o.ok).toBe(false);
    expect(o.error).toMatch(/request\(s\) sent, but its residual need .* is below 1/);
  });
});
