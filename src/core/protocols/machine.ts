/**
 * The shape of a protocol node (SPEC.md §Simulation): a pure state machine
 *
 *   step(state, input, ctx) → { state, effects }
 *
 * with no I/O, no clock and no hidden randomness. Time and randomness come in through `ctx`:
 * `now` is the virtual time in milliseconds and `random()` draws from a stream the driver owns
 * (the simulator derives one per node from the run seed and the node id; the model checker can
 * pass any deterministic function). The driver delivers messages, fires timers and carries out
 * the effects; the node never sees the network.
 */

import type { Id } from "../itc/index.js";

/** What a node reacts to. */
export type NodeInput<M> =
  | { readonly kind: "start" }
  | { readonly kind: "message"; readonly from: string; readonly msg: M }
  | { readonly kind: "timer"; readonly name: string };

/** A value a log effect may carry (kept flat so traces and metrics stay cheap). */
export type LogValue = string | number | boolean;

/** What a node asks its driver to do. */
export type NodeEffect<M> =
  /** Send `msg` to node `to` (any node the sender knows of, not only a neighbour). */
  | { readonly kind: "send"; readonly to: string; readonly msg: M }
  /** Send `msg` to every current neighbour (the driver's topology). */
  | { readonly kind: "broadcast"; readonly msg: M }
  /** (Re)arm timer `name` to fire `delay` ms from now; an armed timer of that name is replaced. */
  | { readonly kind: "setTimer"; readonly name: string; readonly delay: number }
  | { readonly kind: "cancelTimer"; readonly name: string }
  /** An observation for metrics and traces; never changes what happens. */
  | {
      readonly kind: "log";
      readonly event: string;
      readonly data?: Readonly<Record<string, LogValue>>;
    };

/** What the driver tells a node at each step. */
export interface NodeContext {
  /** Virtual time in ms (the simulator starts at 0). */
  readonly now: number;
  /** This node's id. */
  readonly self: string;
  /** A uniform draw in [0, 1) from the node's own seeded stream: the only randomness a node has. */
  readonly random: () => number;
}

export interface StepResult<S, M> {
  readonly state: S;
  readonly effects: readonly NodeEffect<M>[];
}

/** A safety violation found in one node's state: a stable invariant ID and what is wrong. */
export interface SafetyViolation {
  readonly id: string;
  readonly message: string;
}

/**
 * A protocol as drivers see it: the step function, a message classifier for statistics, a
 * per-node safety check and a small view of the state for traces.
 */
export interface NodeMachine<S, M> {
  readonly name: string;
  step(state: S, input: NodeInput<M>, ctx: NodeContext): StepResult<S, M>;
  /** A short name of a message's kind, for "messages by kind". */
  kindOf(msg: M): string;
  /**
   * Safety checks of one node after a step: `prev` is its state before, `next` after. Checks
   * may use `prev` to skip work when nothing relevant changed, never to relax a check.
   */
  check(prev: S, next: S): readonly SafetyViolation[];
  /** A small JSON view of the state, written into traces. */
  view(state: S): Readonly<Record<string, unknown>>;
  /**
   * Optional: the same step for a driver that owns each state and keeps no earlier version of
   * it (the simulator's hot path). Without it drivers use `step` and `check`.
   */
  readonly inPlace?: InPlaceStep<S, M>;
  /**
   * Optional: the ITC id a state owns and the id a message hands over (undefined: none), for
   * the simulator's id-space accounting (SPEC.md §10, ITC-ID-1). Only ownership transfers count
   * (V2: a fork grant, a leave hand-back), never the anonymous stamps publications carry.
   */
  readonly ids?: {
    ofState(state: S): Id | undefined;
    ofMessage(msg: M): Id | undefined;
  };
  /**
   * Optional: how long (ms) after a graceful leave the driver still delivers messages to the
   * node (V2 passes on an id handed to it after it left). Default 0: a node that left receives
   * nothing.
   */
  readonly lingerMs?: number;
}

/**
 * A step that may write into the state it is given instead of copying it (issue 12). Contract,
 * for any state `s` and input: `step(adopt(s), input, ctx)` returns the same effects as the pure
 * `step(s, input, ctx)` and a state deep-equal to its state, and `check(mark(s'), next)` (`s'`
 * the adopted state before the step) returns what `check(s', next)` returns. `s` itself is never
 * written: `adopt` makes the private copy that later in-place steps write into.
 */
export interface InPlaceStep<S, M> {
  /** A private copy of `s` (and of every part `step` may write) for the driver to own. */
  adopt(s: S): S;
  /** What `check` needs of a state before a step writes into it. */
  mark(s: S): unknown;
  /** `step` on an adopted state, writing into it; returns the next (adopted) state. */
  step(s: S, input: NodeInput<M>, ctx: NodeContext): StepResult<S, M>;
  /** `check`, given the mark of the state before the step. */
  check(mark: unknown, next: S): readonly SafetyViolation[];
}

/** Shorthand used by node implementations. */
export function result<S, M>(state: S, effects: readonly NodeEffect<M>[] = []): StepResult<S, M> {
  return { state, effects };
}

/** A uniform index in [0, n) from a `random()` draw. */
export function pickIndex(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/**
 * `k` distinct elements of `items`, chosen uniformly (partial Fisher–Yates on a copy), in the
 * order drawn. Deterministic given `random`.
 */
export function sample<T>(random: () => number, items: readonly T[], k: number): T[] {
  const a = [...items];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + pickIndex(random, a.length - i);
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
  return a.slice(0, n);
}
