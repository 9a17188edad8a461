/**
 * Small hand-written models with known state spaces, and an independent reference search
 * (plain BFS over JSON texts, no fingerprints) to check the checker against.
 */
import { canonicalText } from "../../../src/engine/checker/fingerprint.js";
import type { Model } from "../../../src/engine/checker/model.js";
import { STUTTER, type Counterexample } from "../../../src/engine/checker/result.js";

// ---- Counter: a grid 0..max × 0..max ------------------------------------------------------

export interface Grid {
  readonly x: number;
  readonly y: number;
}
export interface GridConfig {
  readonly max: number;
  /** Invariant x + y < limit. */
  readonly limit: number;
}

export const counter: Model<Grid, GridConfig> = {
  name: "Counter",
  doc: "Two counters, each incremented up to max.",
  variables: ["x", "y"],
  init: () => [{ x: 0, y: 0 }],
  actions: [
    { name: "IncX", doc: "x + 1", next: (s, c) => (s.x < c.max ? [{ ...s, x: s.x + 1 }] : []) },
    { name: "IncY", doc: "y + 1", next: (s, c) => (s.y < c.max ? [{ ...s, y: s.y + 1 }] : []) },
  ],
  invariants: [
    { name: "SumBelowLimit", doc: "x + y < limit", holds: (s, c) => s.x + s.y < c.limit },
  ],
  terminal: (s, c) => s.x === c.max && s.y === c.max,
};

// ---- TwoPhase: Lamport's two-phase commit (TwoPhase.tla) -----------------------------------

export type RMState = "working" | "prepared" | "committed" | "aborted";
export interface TwoPhaseState {
  readonly rmState: Readonly<Record<string, RMState>>;
  readonly tmState: "init" | "committed" | "aborted";
  readonly tmPrepared: readonly string[];
  /** Messages ever sent: "Prepared:rm", "Commit", "Abort" (sorted, no duplicates). */
  readonly msgs: readonly string[];
}
export interface TwoPhaseConfig {
  readonly rms: readonly string[];
  /** Bug: the TM commits as soon as one RM is prepared. */
  readonly hastyCommit: boolean;
}

const addMsg = (msgs: readonly string[], m: string) =>
  msgs.includes(m) ? msgs : [...msgs, m].sort();

export const twoPhase: Model<TwoPhaseState, TwoPhaseConfig> = {
  name: "TwoPhase",
  doc: "Two-phase commit as in Lamport's TwoPhase.tla (receive actions may repeat, as there).",
  variables: ["rmState", "tmState", "tmPrepared", "msgs"],
  init: (c) => [
    {
      rmState: Object.fromEntries(c.rms.map((r) => [r, "working" as RMState])),
      tmState: "init",
      tmPrepared: [],
      msgs: [],
    },
  ],
  actions: [
    {
      name: "TMRcvPrepared",
      doc: "The TM receives a Prepared message.",
      next: (s, c) =>
        s.tmState !== "init"
          ? []
          : c.rms
              .filter((r) => s.msgs.includes(`Prepared:${r}`))
              .map((r) => ({ ...s, tmPrepared: [...new Set([...s.tmPrepared, r])].sort() })),
    },
    {
      name: "TMCommit",
      doc: "The TM commits when every RM is prepared.",
      next: (s, c) =>
        s.tmState === "init" &&
        (c.hastyCommit ? s.tmPrepared.length > 0 : s.tmPrepared.length === c.rms.length)
          ? [{ ...s, tmState: "committed", msgs: addMsg(s.msgs, "Commit") }]
          : [],
    },
    {
      name: "TMAbort",
      doc: "The TM aborts spontaneously.",
      next: (s) =>
        s.tmState === "init" ? [{ ...s, tmState: "aborted", msgs: addMsg(s.msgs, "Abort") }] : [],
    },
    {
      name: "RMPrepare",
      doc: "A working RM prepares.",
      next: (s, c) =>
        c.rms
          .filter((r) => s.rmState[r] === "working")
          .map((r) => ({
            ...s,
            rmState: { ...s.rmState, [r]: "prepared" as RMState },
            msgs: addMsg(s.msgs, `Prepared:${r}`),
          })),
    },
    {
      name: "RMChooseToAbort",
      doc: "A working RM aborts.",
      next: (s, c) =>
        c.rms
          .filter((r) => s.rmState[r] === "working")
          .map((r) => ({ ...s, rmState: { ...s.rmState, [r]: "aborted" as RMState } })),
    },
    {
      name: "RMRcvCommitMsg",
      doc: "An RM receives Commit.",
      next: (s, c) =>
        s.msgs.includes("Commit")
          ? c.rms.map((r) => ({ ...s, rmState: { ...s.rmState, [r]: "committed" as RMState } }))
          : [],
    },
    {
      name: "RMRcvAbortMsg",
      doc: "An RM receives Abort.",
      next: (s, c) =>
        s.msgs.includes("Abort")
          ? c.rms.map((r) => ({ ...s, rmState: { ...s.rmState, [r]: "aborted" as RMState } }))
          : [],
    },
  ],
  invariants: [
    {
      name: "TCConsistent",
      doc: "No RM has committed while another has aborted.",
      holds: (s) => {
        const v = Object.values(s.rmState);
        return !(v.includes("committed") && v.includes("aborted"));
      },
    },
  ],
};

// ---- Fairness examples -------------------------------------------------------------------

export interface StepSpin {
  readonly x: number;
  readonly y: boolean;
}
/** Step moves x to 3; Spin toggles y forever. ◇(x = 3) needs Step to be fair. */
export function stepSpin(fairness: readonly string[]): Model<StepSpin, null> {
  return {
    name: "StepSpin",
    doc: "Progress versus spinning.",
    variables: ["x", "y"],
    init: () => [{ x: 0, y: false }],
    actions: [
      { name: "Step", doc: "x + 1", next: (s) => (s.x < 3 ? [{ ...s, x: s.x + 1 }] : []) },
      { name: "Spin", doc: "toggle y", next: (s) => [{ ...s, y: !s.y }] },
    ],
    invariants: [],
    liveness: [
      { name: "Reaches3", doc: "◇(x = 3)", kind: "eventually", p: (s) => s.x === 3, fairness },
    ],
  };
}

export interface Flicker {
  readonly x: 0 | 1;
  readonly done: boolean;
}
/** Take is enabled only every other state: weak fairness does not force it. */
export const flicker: Model<Flicker, null> = {
  name: "Flicker",
  doc: "An intermittently enabled action.",
  variables: ["x", "done"],
  init: () => [{ x: 0, done: false }],
  actions: [
    {
      name: "Flip",
      doc: "x := 1 - x",
      next: (s) => (s.done ? [] : [{ ...s, x: s.x === 0 ? 1 : 0 }]),
    },
    {
      name: "Take",
      doc: "done when x = 1",
      next: (s) => (s.x === 1 && !s.done ? [{ ...s, done: true }] : []),
    },
  ],
  invariants: [],
  liveness: [
    {
      name: "EventuallyDone",
      doc: "◇done",
      kind: "eventually",
      p: (s) => s.done,
      fairness: ["Flip", "Take"],
    },
  ],
  terminal: (s) => s.done,
};

export interface ReqGrant {
  readonly req: boolean;
  readonly granted: boolean;
}
/** A request leads to a grant under weak fairness of Grant. */
export function reqGrant(fairness: readonly string[]): Model<ReqGrant, null> {
  return {
    name: "ReqGrant",
    doc: "Request, grant, release.",
    variables: ["req", "granted"],
    init: () => [{ req: false, granted: false }],
    actions: [
      { name: "Request", doc: "ask", next: (s) => (!s.req ? [{ req: true, granted: false }] : []) },
      {
        name: "Grant",
        doc: "grant",
        next: (s) => (s.req && !s.granted ? [{ ...s, granted: true }] : []),
      },
      {
        name: "Release",
        doc: "release",
        next: (s) => (s.granted ? [{ req: false, granted: false }] : []),
      },
    ],
    invariants: [],
    liveness: [
      {
        name: "RequestLeadsToGrant",
        doc: "req ~> granted",
        kind: "leadsTo",
        p: (s) => s.req,
        q: (s) => s.granted,
        fairness,
      },
    ],
  };
}

// ---- Reference search ---------------------------------------------------------------------

export interface ReferenceResult {
  readonly distinct: number;
  readonly depth: number;
  /** Depth of the shallowest state violating an invariant, or -1. */
  readonly firstViolationDepth: number;
}

/** Plain BFS over canonical texts (no hashing, no budgets): the ground truth for small models. */
export function referenceSearch<S, C>(model: Model<S, C>, config: C): ReferenceResult {
  const seen = new Map<string, number>();
  let frontier: S[] = [];
  let firstViolation = -1;
  const visit = (s: S, d: number) => {
    const k = canonicalText(s);
    if (seen.has(k)) return;
    seen.set(k, d);
    if (firstViolation < 0 && model.invariants.some((i) => !i.holds(s, config))) firstViolation = d;
    frontier.push(s);
  };
  for (const s of model.init(config)) visit(s, 0);
  let depth = 0;
  while (frontier.length > 0) {
    const cur = frontier;
    frontier = [];
    for (const s of cur)
      for (const a of model.actions) for (const t of a.next(s, config)) visit(t, depth + 1);
    if (frontier.length > 0) depth++;
  }
  return { distinct: seen.size, depth, firstViolationDepth: firstViolation };
}

// ---- Counterexample validation -------------------------------------------------------------

/**
 * Throws unless `cex` is a behaviour of `model`: an initial first state, every step a successor
 * by the named action, and for a lasso a closing step (or stutter) back to `states[loop]`.
 */
export function assertBehaviour<S, C>(model: Model<S, C>, config: C, cex: Counterexample<S>): void {
  const text = (s: S) => canonicalText(model.view !== undefined ? model.view(s) : s);
  const first = cex.states[0];
  if (first === undefined) throw new Error("empty counterexample");
  if (!model.init(config).some((s) => text(s) === text(first)))
    throw new Error("state 0 is not initial");
  const step = (from: S, name: string, to: S) => {
    const a = model.actions.find((x) => x.name === name);
    if (a === undefined) throw new Error(`unknown action ${name}`);
    if (!a.next(from, config).some((t) => text(t) === text(to)))
      throw new Error(`${name} does not lead to the next state`);
  };
  for (let i = 0; i + 1 < cex.states.length; i++)
    step(cex.states[i] as S, cex.actions[i] as string, cex.states[i + 1] as S);
  if (cex.loop !== undefined) {
    const closing = cex.actions[cex.states.length - 1];
    if (closing === undefined) throw new Error("lasso without a closing action");
    const last = cex.states[cex.states.length - 1] as S;
    if (closing === STUTTER) {
      if (cex.loop !== cex.states.length - 1)
        throw new Error("stutter must loop on the last state");
    } else step(last, closing, cex.states[cex.loop] as S);
  }
}

/** Throws unless the lasso's cycle is weakly fair for `fairness` (checked from the states). */
export function assertFairCycle<S, C>(
  model: Model<S, C>,
  config: C,
  cex: Counterexample<S>,
  fairness: readonly string[],
): void {
  const loop = cex.loop;
  if (loop === undefined) throw new Error("not a lasso");
  const cycle = cex.states.slice(loop);
  const taken = new Set(cex.actions.slice(loop));
  const text = (s: S) => canonicalText(model.view !== undefined ? model.view(s) : s);
  for (const f of fairness) {
    const a = model.actions.find((x) => x.name === f);
    if (a === undefined) throw new Error(`unknown action ${f}`);
    const enabledEverywhere = cycle.every((s) =>
      a.next(s, config).some((t) => text(t) !== text(s)),
    );
    if (enabledEverywhere && !taken.has(f)) throw new Error(`cycle is unfair to ${f}`);
  }
}
