/**
 * ---------------------------- MODULE ItcCausality ----------------------------
 * Interval Tree Clocks as V2 uses them for causality (seed 003, "ITC Causality Rules"):
 * participants fork their stamp to let a new participant join, record events, publish (send)
 * and receive updates, and retire by joining their stamp into another's. Every operation is the
 * reference core's (src/core/itc). Each stamp carries, as a history variable, the set of event
 * tokens in its causal past, so that causality can be checked against ground truth.
 *
 * CONSTANTS  MaxProcs, MaxEvents, MaxBag, MaxIdDepth   (config)
 * VARIABLES
 *   procs      \* sequence of live participants [stamp, hist]; hist = event tokens seen
 *   bag        \* multiset (sorted sequence) of messages in flight [stamp (anonymous), hist]
 *   nextEvent  \* number of events so far (the next event's token is "e<nextEvent>")
 *
 * Participants are anonymous, so the model's SYMMETRY sorts procs: states that differ only in
 * the order of participants are one state. CONSTRAINT bounds events, messages in flight and the
 * depth of id trees (with three or more participants, fork/retire churn fragments ids without
 * bound, so the id depth must be bounded for the state space to be finite).
 * =============================================================================
 */
import { z } from "zod";
import type { Id, Stamp } from "../src/core/itc/index.js";
import * as itc from "../src/core/itc/index.js";
import { nat, oneOf, opaque, record, seq, type Layout } from "../src/engine/checker/layout.js";
import type { Action, Invariant, Model } from "../src/engine/checker/model.js";
import { canonicalText } from "../src/engine/checker/fingerprint.js";

export interface Participant {
  readonly stamp: Stamp;
  /** Event tokens in the causal past, sorted. */
  readonly hist: readonly string[];
}

export interface ItcState {
  readonly procs: readonly Participant[];
  readonly bag: readonly Participant[];
  readonly nextEvent: number;
}

export const itcCausalityConfigSchema = z.strictObject({
  /** Participants at most (Fork is disabled at this many). */
  maxProcs: z.number().int().min(1).max(4),
  /** CONSTRAINT: states with more events are not expanded. */
  maxEvents: z.number().int().min(0).max(8),
  /** CONSTRAINT: states with more messages in flight are not expanded. */
  maxBag: z.number().int().min(0).max(4),
  /** CONSTRAINT: states with a deeper id tree are not expanded. */
  maxIdDepth: z.number().int().min(1).max(6),
});
export type ItcCausalityConfig = z.infer<typeof itcCausalityConfigSchema>;

export const itcCausalityConfig: ItcCausalityConfig = {
  maxProcs: 2,
  maxEvents: 3,
  maxBag: 1,
  maxIdDepth: 2,
};

// ---- helpers ------------------------------------------------------------------------------

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function subset(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(b);
  return a.every((x) => s.has(x));
}

/** Sorted by canonical text (each element's text computed once, not once per comparison). */
function sortedByText(xs: readonly Participant[]): Participant[] {
  const keyed = xs.map((x) => ({ x, t: canonicalText(x) }));
  keyed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  return keyed.map((k) => k.x);
}

function addToBag(bag: readonly Participant[], m: Participant): Participant[] {
  return sortedByText([...bag, m]);
}

/** Do two ids share part of the interval? (Independent of the core's `sum`.) */
function overlaps(a: Id, b: Id): boolean {
  const work: Id[] = [a, b];
  while (work.length > 0) {
    const y = work.pop() as Id;
    const x = work.pop() as Id;
    if (x === 0 || y === 0) continue;
    if (x === 1 || y === 1) return true;
    work.push(x.l, y.l, x.r, y.r);
  }
  return false;
}

/** Fraction of the interval an id owns (exact for the depths reachable here). */
function measure(i: Id): number {
  if (i === 0) return 0;
  if (i === 1) return 1;
  return (measure(i.l) + measure(i.r)) / 2;
}

/** Depth of an id tree (0 for a leaf). */
function idDepth(i: Id): number {
  return typeof i === "object" ? 1 + Math.max(idDepth(i.l), idDepth(i.r)) : 0;
}

function token(n: number): string {
  return `e${n}`;
}

function replace<T>(xs: readonly T[], i: number, x: T): T[] {
  return xs.map((y, k) => (k === i ? x : y));
}

// ---- TypeInvariant ------------------------------------------------------------------------

/** Every stamp is a normal-form ITC stamp; participants own a non-zero id, messages none. */
function typeOK(s: ItcState): boolean {
  const histOK = (h: readonly string[]) =>
    h.every((t, k) => /^e\d+$/.test(t) && (k === 0 || (h[k - 1] as string) < t));
  return (
    Number.isSafeInteger(s.nextEvent) &&
    s.nextEvent >= 0 &&
    s.procs.every((p) => itc.isNormal(p.stamp) && p.stamp.id !== 0 && histOK(p.hist)) &&
    s.bag.every((m) => itc.isNormal(m.stamp) && m.stamp.id === 0 && histOK(m.hist))
  );
}

/**
 * The state's layout (the checker's packed encoding): ITC stamps are trees without a small
 * bounded shape, so they are interned (`opaque`); a history holds event tokens; the constraint
 * lets a state go one event and one message beyond its bounds (checked, not expanded).
 */
function layout(c: ItcCausalityConfig): Layout {
  const tokens = Array.from({ length: c.maxEvents + 1 }, (_, k) => token(k));
  const participant = record({ stamp: opaque, hist: seq(tokens.length, oneOf(...tokens)) });
  return record({
    procs: seq(c.maxProcs, participant),
    bag: seq(c.maxBag + 1, participant),
    nextEvent: nat(c.maxEvents + 1),
  });
}

// ---- Init ---------------------------------------------------------------------------------

/** One participant holding the seed stamp (1, 0), no events, no messages. */
function init(): ItcState[] {
  return [{ procs: [{ stamp: itc.seed(), hist: [] }], bag: [], nextEvent: 0 }];
}

// ---- Actions ------------------------------------------------------------------------------

/** Participant Join (seed 003): a participant forks its stamp and the new participant takes one half. */
function fork(s: ItcState, c: ItcCausalityConfig): ItcState[] {
  if (s.procs.length >= c.maxProcs) return [];
  return s.procs.map((p, i) => {
    const [a, b] = itc.fork(p.stamp);
    return {
      ...s,
      procs: [...replace(s.procs, i, { stamp: a, hist: p.hist }), { stamp: b, hist: p.hist }],
    };
  });
}

/** Self Increment (seed 003): a participant records a local event, myStamp = event(myStamp). */
function event(s: ItcState): ItcState[] {
  const t = token(s.nextEvent);
  return s.procs.map((p, i) => ({
    ...s,
    procs: replace(s.procs, i, { stamp: itc.event(p.stamp), hist: union(p.hist, [t]) }),
    nextEvent: s.nextEvent + 1,
  }));
}

/** Publishing (seed 003): increment the stamp, then send an anonymous copy (peek) with the update. */
function send(s: ItcState): ItcState[] {
  const t = token(s.nextEvent);
  return s.procs.map((p, i) => {
    const [stamp, msg] = itc.send(p.stamp);
    const hist = union(p.hist, [t]);
    return {
      procs: replace(s.procs, i, { stamp, hist }),
      bag: addToBag(s.bag, { stamp: msg, hist }),
      nextEvent: s.nextEvent + 1,
    };
  });
}

/** Stamp Merge (seed 003): on receiving an update, myStamp = join(myStamp, peerStamp), then an event. */
function receive(s: ItcState): ItcState[] {
  const t = token(s.nextEvent);
  const out: ItcState[] = [];
  s.bag.forEach((m, k) => {
    if (k > 0 && canonicalText(s.bag[k - 1]) === canonicalText(m)) return; // same message twice
    const bag = s.bag.filter((_, j) => j !== k);
    s.procs.forEach((p, i) => {
      out.push({
        procs: replace(s.procs, i, {
          stamp: itc.receive(p.stamp, m.stamp),
          hist: union(union(p.hist, m.hist), [t]),
        }),
        bag,
        nextEvent: s.nextEvent + 1,
      });
    });
  });
  return out;
}

/** Participant Leave by retirement (seed 003 / ITC join): a participant's stamp is joined into another's. */
function retire(s: ItcState): ItcState[] {
  const out: ItcState[] = [];
  for (let i = 0; i < s.procs.length; i++)
    for (let j = i + 1; j < s.procs.length; j++) {
      const a = s.procs[i] as Participant;
      const b = s.procs[j] as Participant;
      const merged = { stamp: itc.join(a.stamp, b.stamp), hist: union(a.hist, b.hist) };
      out.push({ ...s, procs: replace(s.procs, i, merged).filter((_, k) => k !== j) });
    }
  return out;
}

// ---- Next ---------------------------------------------------------------------------------

/** Next == the disjunction of these actions. */
const actions: readonly Action<ItcState, ItcCausalityConfig>[] = [
  {
    name: "Fork",
    doc: "Participant Join (seed 003): [myStamp, newStamp] = fork(myStamp).",
    next: fork,
  },
  {
    name: "Event",
    doc: "Self Increment (seed 003): myStamp = event(myStamp) before a state change.",
    next: event,
  },
  {
    name: "Send",
    doc: "Publishing (seed 003): increment the stamp and send peek(stamp) with the update.",
    next: send,
  },
  {
    name: "Receive",
    doc: "Stamp Merge (seed 003): myStamp = join(myStamp, peerStamp), then an event.",
    next: receive,
  },
  {
    name: "Retire",
    doc: "Participant Leave (seed 003), retiring by joining its stamp into another participant's.",
    next: retire,
  },
];

// ---- Invariants ---------------------------------------------------------------------------

const invariants: readonly Invariant<ItcState, ItcCausalityConfig>[] = [
  {
    name: "LiveIdsDisjoint",
    doc: "No two live participants own overlapping parts of the interval (ITC-6).",
    holds: (s) =>
      s.procs.every((p, i) => s.procs.every((q, j) => j <= i || !overlaps(p.stamp.id, q.stamp.id))),
  },
  {
    name: "IdsCoverInterval",
    doc: "The live ids together own the whole interval: forks and joins never lose a part.",
    holds: (s) => s.procs.reduce((sum, p) => sum + measure(p.stamp.id), 0) === 1,
  },
  {
    name: "LeqMatchesHistory",
    doc: "For every two stamps (participants and messages): leq(a, b) iff hist(a) is a subset of hist(b) (ITC-7).",
    holds: (s) => {
      const all = [...s.procs, ...s.bag];
      return all.every((a) =>
        all.every((b) => itc.leq(a.stamp, b.stamp) === subset(a.hist, b.hist)),
      );
    },
  },
];

// ---- Specification ------------------------------------------------------------------------

export const itcCausality: Model<ItcState, ItcCausalityConfig> = {
  name: "ItcCausality",
  doc: "Interval Tree Clock causality (seed 003): fork, event, send, receive and retire over a bounded message bag; live ids stay disjoint and leq matches causal histories.",
  variables: ["procs", "bag", "nextEvent"],
  init,
  actions,
  typeInvariant: typeOK,
  layout,
  invariants,
  constraint: (s, c) =>
    s.nextEvent <= c.maxEvents &&
    s.bag.length <= c.maxBag &&
    s.procs.every((p) => idDepth(p.stamp.id) <= c.maxIdDepth),
  symmetry: (s) => ({ ...s, procs: sortedByText(s.procs) }),
};
