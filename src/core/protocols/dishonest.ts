/**
 * Dishonest agents (SPEC.md §Simulation, SIM-DISHONEST): a node that runs the honest protocol
 * but lies in what it sends. The lie is applied to outgoing messages only, so the liar's own
 * state stays what the honest protocol would compute — safety checks still see the truth.
 */
import type { NodeContext, NodeEffect, NodeMachine, StepResult } from "./machine.js";

/** The named strategies. */
export type DishonestStrategy =
  /** Multiply every gossiped denominator estimate by `factor` (> 1). */
  | { readonly kind: "inflate"; readonly factor: number }
  /** Divide every gossiped denominator estimate by `factor` (> 1). */
  | { readonly kind: "deflate"; readonly factor: number }
  /** Multiply every stated or residual need the node publishes by `factor`. */
  | { readonly kind: "lie-need"; readonly factor: number }
  /** Multiply every gossiped estimate by exp(σ·Z), Z standard normal, drawn per message. */
  | { readonly kind: "noise"; readonly sigma: number }
  /** Gossip `value` as the denominator of every provider, with full confidence (a colluding group). */
  | { readonly kind: "collude"; readonly value: number };

export const DISHONEST_KINDS = ["inflate", "deflate", "lie-need", "noise", "collude"] as const;

/** A standard normal draw (Box–Muller) from two uniform draws. */
export function standardNormal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Rewrites one outgoing message under a strategy; returns the message unchanged if it does not apply. */
export type Tamper<M> = (msg: M, strategy: DishonestStrategy, random: () => number) => M;

/**
 * Wraps a machine so that every message it sends is rewritten by `tamper`. The wrapped step is
 * as pure as the original: the only randomness is `ctx.random`.
 */
export function dishonestMachine<S, M>(
  inner: NodeMachine<S, M>,
  strategy: DishonestStrategy,
  tamper: Tamper<M>,
): NodeMachine<S, M> {
  const rewrite = (e: NodeEffect<M>, ctx: NodeContext): NodeEffect<M> => {
    if (e.kind === "send") return { ...e, msg: tamper(e.msg, strategy, ctx.random) };
    if (e.kind === "broadcast") return { ...e, msg: tamper(e.msg, strategy, ctx.random) };
    return e;
  };
  return {
    name: `${inner.name}+${strategy.kind}`,
    step(state, input, ctx): StepResult<S, M> {
      const r = inner.step(state, input, ctx);
      if (!r.effects.some((e) => e.kind === "send" || e.kind === "broadcast")) return r;
      return { state: r.state, effects: r.effects.map((e) => rewrite(e, ctx)) };
    },
    kindOf: (m) => inner.kindOf(m),
    check: (p, n) => inner.check(p, n),
    view: (s) => inner.view(s),
    // Lying about need leaves ownership of ids as it is: the same accounting and lingering.
    ...(inner.ids !== undefined ? { ids: inner.ids } : {}),
    ...(inner.lingerMs !== undefined ? { lingerMs: inner.lingerMs } : {}),
  };
}
