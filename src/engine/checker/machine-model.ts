/**
 * Models that drive the protocol code (SPEC.md §12.2): `machineModel` lifts a `NodeMachine`
 * and a small network of nodes into a checker `Model`, so the checker explores the very step
 * functions the simulator runs.
 *
 * State: every node's state, the messages in flight (a bag, sorted by canonical text), the armed
 * timers, the nodes not started yet, the virtual clock `now`, each node's position in its random
 * stream, the faults used so far, and `last` — what the last step was, in exactly the shape of a
 * simulator trace state (`node`, `input {kind, from, msg, timer}`, the node's `view` after the
 * step, the IDs of the safety checks it violated).
 *
 * Actions: Start (a node's start input, at its start time), Deliver (any message in flight —
 * the nondeterministic choice), Fire (an armed timer, at its due time), and the network faults
 * Drop and Duplicate, each within a budget set by the configuration.
 *
 * Time. A step happens at a time t with now ≤ t ≤ bound, where the bound is the smallest of the
 * horizon, every armed timer's due time, every pending start time and, when latency has a
 * maximum, every message's deadline (sent + max): events never overtake one another, as in the
 * simulator's agenda. Start and Fire happen exactly at their time; Deliver at any t in
 * [max(now, sent + min), sent + max]; Drop and Duplicate at any t (they are instantaneous).
 * Exploration takes the earliest admissible time, so the state space is finite within the horizon;
 * trace validation takes the logged `now` instead (`guidedNext`), so a simulator run, whose
 * latencies lie in [min, max], is one behaviour of the model.
 *
 * Randomness. A node's `ctx.random` is the simulator's stream for that node,
 * `Rng.derive(seed, "node:<id>")`; the state records how many draws each node has made, and the
 * k-th draw is always the k-th float of that stream.
 */
import type {
  NodeContext,
  NodeEffect,
  NodeInput,
  NodeMachine,
} from "../../core/protocols/machine.js";
import { Rng } from "../sim/rng.js";
import { canonicalText } from "./fingerprint.js";
import type { Action, Invariant, Model } from "./model.js";
import type { LogEntry, TraceHooks } from "./trace-validate.js";
import { dict, own as ownEntry } from "../../core/dict.js";

/** A message in flight. */
export interface Envelope<M> {
  readonly from: string;
  readonly to: string;
  /** Virtual time it was sent. */
  readonly sent: number;
  readonly msg: M;
}

export interface ArmedTimer {
  readonly node: string;
  readonly name: string;
  readonly due: number;
}

/** The last step, shaped like a simulator trace state (without `now`, a variable of its own). */
export interface StepLabel {
  readonly node: string;
  readonly input: {
    readonly kind: string;
    readonly from: string;
    readonly msg: string;
    readonly timer: string;
  };
  readonly view: Readonly<Record<string, unknown>>;
  readonly violations: readonly string[];
}

export interface LiftedState<S, M> {
  readonly now: number;
  readonly nodes: Readonly<Record<string, S>>;
  /** Nodes whose start input has not happened yet (sorted). */
  readonly unstarted: readonly string[];
  /** Messages in flight: a bag, sorted by canonical text (copies repeat). */
  readonly network: readonly Envelope<M>[];
  /** Armed timers, sorted by node then name (a node has at most one timer of a name). */
  readonly timers: readonly ArmedTimer[];
  /** Draws each node has made from its random stream. */
  readonly draws: Readonly<Record<string, number>>;
  readonly faults: { readonly drops: number; readonly duplicates: number };
  readonly last: StepLabel;
}

export interface LiftedNode<S> {
  readonly id: string;
  readonly state: S;
  /** Virtual time of its start input (ms). */
  readonly startAt: number;
}

/** Delivery delay bounds (ms); `max: null` is an asynchronous network (no bound). */
export interface Latency {
  readonly min: number;
  readonly max: number | null;
}

/** The network a configuration describes. */
export interface LiftedNetwork<S> {
  /** The run seed: node streams are `Rng.derive(seed, "node:<id>")`, as in the simulator. */
  readonly seed: number;
  /** No step happens after this time (the simulator's `duration`). */
  readonly horizon: number;
  readonly nodes: readonly LiftedNode<S>[];
  /** Neighbours, for `broadcast` effects (default none). */
  readonly neighbours?: Readonly<Record<string, readonly string[]>>;
  readonly latency: Latency;
  /** At most this many Drop / Duplicate steps in a behaviour. */
  readonly maxDrops: number;
  readonly maxDuplicates: number;
  /** IDs of the node's safety checks that this configuration treats as invariants. */
  readonly checks: readonly string[];
}

/** A safety check of the machine (`check` → violation IDs) exposed as a named invariant. */
export interface SafetyCheckSpec {
  readonly id: string;
  readonly name: string;
  readonly doc: string;
}

export interface MachineModelSpec<S, M, C> {
  readonly name: string;
  readonly doc: string;
  readonly machine: NodeMachine<S, M>;
  /** The protocol rules the node code implements (cited in every action's doc). */
  readonly cite: string;
  network(config: C): LiftedNetwork<S>;
  /** Invariants from `machine.check`, in the order they are checked. */
  readonly checks: readonly SafetyCheckSpec[];
  /** Model-specific invariants, checked after the safety checks. */
  readonly invariants?: readonly Invariant<LiftedState<S, M>, C>[];
  /**
   * A copy of a node state in canonical form that shares nothing mutable with its argument
   * (for node code that appends in place to arrays it considers its own). Default: identity.
   */
  own?(state: S): S;
  /** What of a node state is fingerprinted (default: all of it). */
  fingerprint?(state: S): unknown;
  /** A node state as ITF-representable data (default: the state, with null fields left out). */
  toItf?(state: S): unknown;
  /** The configuration with another run seed (for simulator traces, which record theirs). */
  withSeed?(config: C, seed: number): C;
}

/** A lifted model: a checker model with the validator's hooks and the simulator-trace mapping. */
export interface LiftedModel<S, M, C>
  extends Model<LiftedState<S, M>, C>, TraceHooks<LiftedState<S, M>, C> {
  readonly machine: NodeMachine<S, M>;
  /** The configuration with the seed a simulator trace records (identity when not seeded). */
  withSeed(config: C, seed: number): C;
}

export const LIFTED_VARIABLES = [
  "now",
  "nodes",
  "unstarted",
  "network",
  "timers",
  "draws",
  "faults",
  "last",
] as const;

export const LIFTED_ACTIONS = ["Start", "Deliver", "Fire", "Drop", "Duplicate"] as const;

/** True for models built by `machineModel`. */
export function isLiftedModel(m: unknown): m is LiftedModel<unknown, unknown, unknown> {
  return (
    typeof m === "object" &&
    m !== null &&
    "machine" in m &&
    "withSeed" in m &&
    "guidedNext" in m &&
    typeof (m as { guidedNext: unknown }).guidedNext === "function"
  );
}

// ---- random streams ----------------------------------------------------------------------------

/** Draws of each (seed, node) stream, extended on demand: the k-th draw is always the same. */
const streams = new Map<string, { readonly rng: Rng; readonly values: number[] }>();

function draw(seed: number, id: string, k: number): number {
  const key = `${seed | 0}\u0000${id}`;
  let s = streams.get(key);
  if (s === undefined) {
    if (streams.size > 10_000) streams.clear();
    s = { rng: Rng.derive(seed, `node:${id}`), values: [] };
    streams.set(key, s);
  }
  while (s.values.length <= k) s.values.push(s.rng.float());
  return s.values[k] as number;
}

// ---- helpers -----------------------------------------------------------------------------------

const texts = new WeakMap<object, string>();

function textOf(o: object): string {
  let t = texts.get(o);
  if (t === undefined) {
    t = canonicalText(o);
    texts.set(o, t);
  }
  return t;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function insertSorted<M>(bag: readonly Envelope<M>[], e: Envelope<M>): Envelope<M>[] {
  const key = textOf(e);
  const out = [...bag];
  let i = out.length;
  while (i > 0 && cmp(textOf(out[i - 1] as Envelope<M>), key) > 0) i--;
  out.splice(i, 0, e);
  return out;
}

/** Indices of the distinct envelopes of a sorted bag (delivering either copy is the same step). */
function distinctIndices<M>(bag: readonly Envelope<M>[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < bag.length; i++)
    if (i === 0 || textOf(bag[i] as Envelope<M>) !== textOf(bag[i - 1] as Envelope<M>)) out.push(i);
  return out;
}

function setTimer(timers: readonly ArmedTimer[], t: ArmedTimer): ArmedTimer[] {
  const out = timers.filter((x) => !(x.node === t.node && x.name === t.name));
  out.push(t);
  return out.sort((a, b) => cmp(a.node, b.node) || cmp(a.name, b.name));
}

/** |a − b| within rounding (logged times went through JSON and additions). */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function leq(a: number, b: number): boolean {
  return a <= b || close(a, b);
}

/** Plain data without null fields (ITF has no null); throws on a null that cannot be left out. */
export function withoutNulls(v: unknown, path = "state"): unknown {
  if (v === null) throw new Error(`${path}: null has no ITF representation`);
  if (typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x, i) => withoutNulls(x, `${path}[${i}]`));
  if (v instanceof Map) {
    const m = new Map<unknown, unknown>();
    for (const [k, x] of v) m.set(k, withoutNulls(x, `${path}.value`));
    return m;
  }
  if (v instanceof Set) return new Set([...v].map((x) => withoutNulls(x, `${path}{}`)));
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = dict();
  for (const [k, x] of Object.entries(v))
    if (x !== null && x !== undefined) out[k] = withoutNulls(x, `${path}.${k}`);
  return out;
}

const INIT_LABEL: StepLabel = {
  node: "",
  input: { kind: "init", from: "", msg: "", timer: "" },
  view: {},
  violations: [],
};

// ---- the lifting ------------------------------------------------------------------------------

/**
 * Lifts a node machine and the network of `spec.network(config)` into a checker model (see the
 * module comment). The model is deterministic; its only environment choices are which message,
 * timer or start comes next, and — in trace validation — the time of the step.
 */
export function machineModel<S, M, C>(spec: MachineModelSpec<S, M, C>): LiftedModel<S, M, C> {
  type L = LiftedState<S, M>;
  const machine = spec.machine;
  const own = spec.own?.bind(spec) ?? ((s: S) => s);
  const plans = new WeakMap<object, Plan>();

  interface Plan {
    readonly net: LiftedNetwork<S>;
    readonly ids: ReadonlySet<string>;
    readonly startAt: ReadonlyMap<string, number>;
    readonly checks: ReadonlySet<string>;
  }
  const planOf = (config: C): Plan => {
    const key = config as unknown as object;
    let p = plans.get(key);
    if (p === undefined) {
      const net = spec.network(config);
      p = {
        net,
        ids: new Set(net.nodes.map((n) => n.id)),
        startAt: new Map(net.nodes.map((n) => [n.id, n.startAt])),
        checks: new Set(net.checks),
      };
      plans.set(key, p);
    }
    return p;
  };

  /** The latest time the next step may happen at. */
  const bound = (s: L, p: Plan): number => {
    let b = p.net.horizon;
    for (const t of s.timers) if (t.due < b) b = t.due;
    for (const id of s.unstarted) {
      const at = p.startAt.get(id) ?? 0;
      if (at < b) b = at;
    }
    const max = p.net.latency.max;
    if (max !== null) for (const e of s.network) if (e.sent + max < b) b = e.sent + max;
    return b;
  };

  /** Runs one node step at time `t` and applies its effects; `base` already has the input consumed. */
  const run = (base: L, p: Plan, id: string, input: NodeInput<M>, t: number): L => {
    const prev = own(base.nodes[id] as S);
    let pos = ownEntry(base.draws, id) ?? 0;
    const seed = p.net.seed;
    const ctx: NodeContext = { now: t, self: id, random: () => draw(seed, id, pos++) };
    const res = machine.step(prev, input, ctx);
    const violations = machine.check(prev, res.state).map((v) => v.id);
    const next = own(res.state);
    let network = base.network;
    let timers = base.timers;
    const send = (to: string, msg: M) => {
      if (p.ids.has(to)) network = insertSorted(network, { from: id, to, sent: t, msg });
    };
    for (const e of res.effects as readonly NodeEffect<M>[]) {
      switch (e.kind) {
        case "send":
          send(e.to, e.msg);
          break;
        case "broadcast":
          for (const nb of ownEntry(p.net.neighbours, id) ?? []) send(nb, e.msg);
          break;
        case "setTimer":
          timers = setTimer(timers, { node: id, name: e.name, due: t + Math.max(0, e.delay) });
          break;
        case "cancelTimer":
          timers = timers.filter((x) => !(x.node === id && x.name === e.name));
          break;
        case "log":
          break;
      }
    }
    return {
      ...base,
      now: t,
      nodes: { ...base.nodes, [id]: next },
      network,
      timers,
      draws: pos === (ownEntry(base.draws, id) ?? 0) ? base.draws : { ...base.draws, [id]: pos },
      last: {
        node: id,
        input: {
          kind: input.kind,
          from: input.kind === "message" ? input.from : "",
          msg: input.kind === "message" ? machine.kindOf(input.msg) : "",
          timer: input.kind === "timer" ? input.name : "",
        },
        view: machine.view(next),
        violations,
      },
    };
  };

  /**
   * The time of a step that may happen in [lo, hi]: the earliest when exploring, the logged one
   * (if admissible) when validating. Undefined: not possible.
   */
  const timeIn = (lo: number, hi: number, logged: number | undefined): number | undefined => {
    if (logged === undefined) return lo <= hi ? lo : undefined;
    return leq(lo, logged) && leq(logged, hi) ? logged : undefined;
  };

  const successors = (
    action: (typeof LIFTED_ACTIONS)[number],
    s: L,
    config: C,
    logged: number | undefined,
  ): L[] => {
    const p = planOf(config);
    const b = bound(s, p);
    const out: L[] = [];
    switch (action) {
      case "Start":
        for (const id of s.unstarted) {
          const at = p.startAt.get(id) ?? 0;
          if (at < s.now || at > b) continue;
          if (logged !== undefined && !close(logged, at)) continue;
          const base = { ...s, unstarted: s.unstarted.filter((x) => x !== id) };
          out.push(run(base, p, id, { kind: "start" }, at));
        }
        break;
      case "Fire":
        for (const tm of s.timers) {
          if (tm.due > b) continue;
          if (logged !== undefined && !close(logged, tm.due)) continue;
          const base = { ...s, timers: s.timers.filter((x) => x !== tm) };
          out.push(run(base, p, tm.node, { kind: "timer", name: tm.name }, tm.due));
        }
        break;
      case "Deliver": {
        const { min, max } = p.net.latency;
        for (const i of distinctIndices(s.network)) {
          const e = s.network[i] as Envelope<M>;
          const t = timeIn(
            Math.max(s.now, e.sent + min),
            Math.min(b, max === null ? Infinity : e.sent + max),
            logged,
          );
          if (t === undefined) continue;
          const base = { ...s, network: s.network.filter((_, j) => j !== i) };
          out.push(run(base, p, e.to, { kind: "message", from: e.from, msg: e.msg }, t));
        }
        break;
      }
      case "Drop":
      case "Duplicate": {
        const drop = action === "Drop";
        if (drop ? s.faults.drops >= p.net.maxDrops : s.faults.duplicates >= p.net.maxDuplicates)
          break;
        const t = timeIn(s.now, b, logged);
        if (t === undefined) break;
        for (const i of distinctIndices(s.network)) {
          const e = s.network[i] as Envelope<M>;
          out.push({
            ...s,
            now: t,
            network: drop ? s.network.filter((_, j) => j !== i) : insertSorted(s.network, e),
            faults: drop
              ? { drops: s.faults.drops + 1, duplicates: s.faults.duplicates }
              : { drops: s.faults.drops, duplicates: s.faults.duplicates + 1 },
            last: {
              node: e.to,
              input: {
                kind: drop ? "drop" : "duplicate",
                from: e.from,
                msg: machine.kindOf(e.msg),
                timer: "",
              },
              view: {},
              violations: [],
            },
          });
        }
        break;
      }
    }
    return out;
  };

  const docs: Record<(typeof LIFTED_ACTIONS)[number], string> = {
    Start: `A node receives its start input at its start time and runs the node code (${spec.cite}).`,
    Deliver: `The network hands any message in flight to its receiver, within the latency bounds, and the receiver's handler runs (${spec.cite}).`,
    Fire: `An armed timer fires at its due time and the node's timer handler runs (${spec.cite}).`,
    Drop: `The network loses a message in flight (within the configured budget; the protocol of ${spec.cite} must tolerate it).`,
    Duplicate: `The network delivers a message twice: a second copy joins the bag (within the configured budget; ${spec.cite} must tolerate it).`,
  };
  const actions: Action<L, C>[] = LIFTED_ACTIONS.map((name) => ({
    name,
    doc: docs[name],
    next: (s: L, c: C) => successors(name, s, c, undefined),
  }));

  const checkInvariants: Invariant<L, C>[] = spec.checks.map((k) => ({
    name: k.name,
    doc: `${k.doc} (${k.id}, the node's own safety check after every step)`,
    holds: (s: L, c: C) => !planOf(c).checks.has(k.id) || !s.last.violations.includes(k.id),
  }));

  const nodeView = spec.fingerprint?.bind(spec);
  const nodeItf = spec.toItf?.bind(spec);

  const model: LiftedModel<S, M, C> = {
    name: spec.name,
    doc: spec.doc,
    variables: [...LIFTED_VARIABLES],
    machine,
    init: (config: C): L[] => {
      const p = planOf(config);
      const nodes: Record<string, S> = dict();
      const draws: Record<string, number> = dict();
      for (const n of p.net.nodes) {
        nodes[n.id] = own(n.state);
        draws[n.id] = 0;
      }
      return [
        {
          now: 0,
          nodes,
          unstarted: [...p.ids].sort(cmp),
          network: [],
          timers: [],
          draws,
          faults: { drops: 0, duplicates: 0 },
          last: INIT_LABEL,
        },
      ];
    },
    actions,
    typeInvariant: (s: L, c: C) => {
      const p = planOf(c);
      return (
        Number.isFinite(s.now) &&
        s.now >= 0 &&
        s.now <= p.net.horizon &&
        s.network.every((e) => p.ids.has(e.to) && e.sent <= s.now) &&
        s.timers.every((t) => p.ids.has(t.node) && t.due >= s.now) &&
        s.faults.drops <= p.net.maxDrops &&
        s.faults.duplicates <= p.net.maxDuplicates
      );
    },
    invariants: [...checkInvariants, ...(spec.invariants ?? [])],
    // Quiescence (nothing in flight, no timer before the horizon) is the intended end.
    terminal: () => true,
    view: (s: L) => ({
      now: s.now,
      nodes: nodeView === undefined ? s.nodes : mapValues(s.nodes, nodeView),
      unstarted: s.unstarted,
      network: s.network,
      timers: s.timers,
      draws: s.draws,
      faults: s.faults,
      // Which step led here does not matter for what follows, except for the checks it failed.
      violations: s.last.violations,
    }),
    toItf: (s: L) => ({
      now: s.now,
      nodes: mapValues(s.nodes, (n, id) =>
        withoutNulls(nodeItf === undefined ? n : nodeItf(n), `nodes.${id}`),
      ),
      unstarted: s.unstarted,
      network: s.network.map((e, i) => withoutNulls(e, `network[${i}]`)),
      timers: s.timers,
      draws: s.draws,
      faults: s.faults,
      last: withoutNulls(s.last, "last"),
    }),
    guidedNext: (s: L, action: string, entry: LogEntry, c: C) => {
      if (!(LIFTED_ACTIONS as readonly string[]).includes(action)) return undefined;
      const now = entry.vars.get("now");
      return successors(
        action as (typeof LIFTED_ACTIONS)[number],
        s,
        c,
        typeof now === "number" ? now : undefined,
      );
    },
    explainGuided: (s: L, action: string, entry: LogEntry, c: C) => {
      const now = entry.vars.get("now");
      if (typeof now !== "number") return undefined;
      const p = planOf(c);
      const b = bound(s, p);
      const limits = [`the horizon ${p.net.horizon}`];
      const nextTimer = Math.min(...s.timers.map((t) => t.due));
      if (Number.isFinite(nextTimer)) limits.push(`the next timer ${nextTimer}`);
      if (now > b)
        return `logged now ${now} is after ${b}, the latest next step (${limits.join(", ")})`;
      if (now < s.now) return `logged now ${now} is before the model's now ${s.now}`;
      if (action === "Fire" || action === "Start")
        return `logged now ${now} is not the due time of any ${action === "Fire" ? "armed timer" : "pending start"}`;
      if (action === "Deliver") {
        const { min, max } = p.net.latency;
        return `logged now ${now} is outside every in-flight message's delivery window [sent + ${min}, sent + ${max ?? "∞"}]`;
      }
      return undefined;
    },
    withSeed: (c: C, seed: number) => (spec.withSeed !== undefined ? spec.withSeed(c, seed) : c),
  };
  return model;
}

function mapValues<A, B>(
  r: Readonly<Record<string, A>>,
  f: (a: A, key: string) => B,
): Record<string, B> {
  const out: Record<string, B> = dict();
  for (const k of Object.keys(r)) out[k] = f(r[k] as A, k);
  return out;
}
