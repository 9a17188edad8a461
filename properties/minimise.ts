/**
 * The deletion pass that follows fast-check's shrinking (SPEC.md §11, "Counterexamples").
 *
 * fast-check shrinks what its arbitraries can shrink: an array drawn with a minimum length (a
 * crowd of 20 recipients, 8 slots) never goes below it, and a field drawn by `fc.oneof` from
 * "absent" or "present" does not shrink from present to absent. So after shrinking, the runner
 * tries deleting, one at a time, every part a property's `reduce` offers — for an allocation
 * input: each recipient, each capacity slot, each need slot and each optional field of a slot
 * (window, its start and end, location and its country, city, coordinates and radius) — and
 * keeps a deletion whenever the case still fails *with the same failure class*. It repeats until
 * no single deletion keeps the failure: the counterexample is then 1-minimal for those parts.
 *
 * The pass is deterministic given fast-check's counterexample (fixed order, no randomness), so
 * replaying the reported path (which designates fast-check's counterexample) and running the
 * pass again reports the same minimised counterexample.
 */
import type { AllocationInput, AllocationRecipient } from "../src/core/schemas/allocation.js";
import type { Location, Slot, TimeWindow } from "../src/core/schemas/slots.js";

/** Smaller variants of a property's value (its tuple of arguments), in a fixed order. */
export type Reducer = (value: unknown) => Iterable<unknown>;

/** How a pass ended: the value it reached, the deletions kept, whether it reached a fixpoint. */
export interface MinimiseResult<T> {
  readonly value: T;
  /** Deletions kept. */
  readonly deletions: number;
  /** Candidates run. */
  readonly tried: number;
  /** False when it was stopped (`stop`) before no single deletion kept the failure. */
  readonly complete: boolean;
}

/**
 * Greedy deletion to a fixpoint: walks the candidates of `value` in order; the first that still
 * `fails` becomes the value and the walk goes on from the same position among the new value's
 * candidates; a full walk without a kept deletion ends it. `stop` is asked before each run.
 */
export function minimise<T>(
  value: T,
  candidates: (v: T) => Iterable<T>,
  fails: (v: T) => boolean,
  stop: () => boolean = () => false,
): MinimiseResult<T> {
  let current = value;
  let deletions = 0;
  let tried = 0;
  let from = 0;
  for (;;) {
    const list = [...candidates(current)];
    if (list.length === 0) return { value: current, deletions, tried, complete: true };
    let kept = false;
    for (let k = 0; k < list.length; k++) {
      const i = (from + k) % list.length;
      if (stop()) return { value: current, deletions, tried, complete: false };
      tried++;
      if (fails(list[i] as T)) {
        current = list[i] as T;
        deletions++;
        from = i;
        kept = true;
        break;
      }
    }
    if (!kept) return { value: current, deletions, tried, complete: true };
  }
}

/**
 * A reducer of tuples of arguments: each argument that `is` recognises is replaced, in turn,
 * by each of its `parts` candidates (the other arguments kept).
 */
export function reduceArguments<X>(
  is: (x: unknown) => x is X,
  parts: (x: X) => Iterable<X>,
): Reducer {
  return function* (value) {
    if (!Array.isArray(value)) return;
    const args: readonly unknown[] = value;
    for (let k = 0; k < args.length; k++) {
      const x = args[k];
      if (!is(x)) continue;
      for (const c of parts(x)) yield replaceAt(args, k, c);
    }
  };
}

/** Without key `k` (a new object; the others in their order). */
function without<T extends object>(o: T, k: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(o)) if (key !== k) out[key] = v;
  return out as T;
}

/** `xs` without its element at `i`. */
function dropAt<T>(xs: readonly T[], i: number): T[] {
  return xs.filter((_, j) => j !== i);
}

/** `xs` with its element at `i` replaced by `x`. */
function replaceAt<T>(xs: readonly T[], i: number, x: T): T[] {
  return xs.map((y, j) => (j === i ? x : y));
}

const WINDOW_FIELDS = ["start", "end"] as const;
const LOCATION_FIELDS = ["country", "city", "coordinates", "radius_km"] as const;

/** A slot without one of its optional fields (window, location, or one of theirs), each in turn. */
export function* slotReductions<S extends Slot>(slot: S): Generator<S> {
  if (slot.window !== undefined) {
    yield without(slot, "window");
    const w: TimeWindow = slot.window;
    for (const f of WINDOW_FIELDS) if (w[f] !== undefined) yield { ...slot, window: without(w, f) };
  }
  if (slot.location !== undefined) {
    yield without(slot, "location");
    const l: Location = slot.location;
    if (l.type === "in_person")
      for (const f of LOCATION_FIELDS)
        if (l[f] !== undefined) yield { ...slot, location: without(l, f) };
  }
}

/** Whether `x` has the shape of an allocation input (provider with capacity slots, recipients). */
export function isAllocationInput(x: unknown): x is AllocationInput {
  if (x === null || typeof x !== "object") return false;
  const o = x as Partial<AllocationInput>;
  return (
    Array.isArray(o.recipients) &&
    o.provider !== null &&
    typeof o.provider === "object" &&
    Array.isArray(o.provider.capacity_slots)
  );
}

function withRecipients(
  input: AllocationInput,
  recipients: readonly AllocationRecipient[],
): AllocationInput {
  return { ...input, recipients: [...recipients] };
}

function withSlots(input: AllocationInput, slots: readonly Slot[]): AllocationInput {
  return { ...input, provider: { ...input.provider, capacity_slots: [...slots] } };
}

/**
 * An allocation input with one part deleted, each in turn: a recipient, a capacity slot, a need
 * slot, then an optional field of a capacity slot or of a need slot. Ids are kept (deleting
 * never makes them clash), so every candidate is as valid as the input.
 */
export function* allocationInputReductions(input: AllocationInput): Generator<AllocationInput> {
  const rs = input.recipients;
  const slots = input.provider.capacity_slots;
  for (let i = 0; i < rs.length; i++) yield withRecipients(input, dropAt(rs, i));
  for (let i = 0; i < slots.length; i++) yield withSlots(input, dropAt(slots, i));
  const needsReplaced = (i: number, needSlots: AllocationRecipient["need_slots"]) =>
    withRecipients(
      input,
      rs.map((r, j) => (j === i ? { ...r, need_slots: needSlots } : r)),
    );
  for (let i = 0; i < rs.length; i++) {
    const ns = (rs[i] as AllocationRecipient).need_slots;
    for (let j = 0; j < ns.length; j++) yield needsReplaced(i, dropAt(ns, j));
  }
  for (let i = 0; i < slots.length; i++)
    for (const s of slotReductions(slots[i] as Slot))
      yield withSlots(input, replaceAt(slots, i, s));
  for (let i = 0; i < rs.length; i++) {
    const ns = (rs[i] as AllocationRecipient).need_slots;
    for (let j = 0; j < ns.length; j++)
      for (const s of slotReductions(ns[j] as Slot)) yield needsReplaced(i, replaceAt(ns, j, s));
  }
}

/** The reducer of properties whose arguments include allocation inputs. */
export const reduceAllocationArguments: Reducer = reduceArguments(
  isAllocationInput,
  allocationInputReductions,
);

/** Optional fields of a slot that are present (window, its bounds, location, its fields). */
function slotFields(s: Slot): number {
  let n = 0;
  if (s.window !== undefined)
    n += 1 + WINDOW_FIELDS.filter((f) => s.window?.[f] !== undefined).length;
  if (s.location !== undefined) {
    n++;
    const l = s.location;
    if (l.type === "in_person") n += LOCATION_FIELDS.filter((f) => l[f] !== undefined).length;
  }
  return n;
}

/** The size of an allocation input in the parts the deletion pass deletes. */
export function allocationInputSize(input: AllocationInput): {
  slots: number;
  recipients: number;
  needs: number;
  fields: number;
} {
  const needs = input.recipients.flatMap((r) => r.need_slots);
  return {
    slots: input.provider.capacity_slots.length,
    recipients: input.recipients.length,
    needs: needs.length,
    fields: [...input.provider.capacity_slots, ...needs].reduce((n, s) => n + slotFields(s), 0),
  };
}

/** Whether `x` has the shape of a slot (an id and a quantity). */
export function isSlot(x: unknown): x is Slot {
  return (
    x !== null &&
    typeof x === "object" &&
    typeof (x as Partial<Slot>).id === "string" &&
    typeof (x as Partial<Slot>).quantity === "number"
  );
}

function isSlotPair(x: unknown): x is readonly [Slot, Slot] {
  return Array.isArray(x) && x.length === 2 && isSlot(x[0]) && isSlot(x[1]);
}

function* slotPairReductions([a, b]: readonly [Slot, Slot]): Generator<readonly [Slot, Slot]> {
  for (const s of slotReductions(a)) yield [s, b];
  for (const s of slotReductions(b)) yield [a, s];
}

/** The reducer of properties of a pair of slots (the compat suite): optional fields of each. */
export const reduceSlotPairArguments: Reducer = reduceArguments(isSlotPair, slotPairReductions);

/** What the deletion pass needs of a commitment (a provider's or another participant's). */
interface CommitmentLike {
  readonly pubKey: string;
  readonly capacity_slots?: readonly Slot[];
  readonly need_slots?: readonly Slot[];
  readonly recognition_weights: Readonly<Record<string, number>>;
}

/** A case of commitments: a provider's and those it holds of the others (INPUT-1). */
interface CommitmentCaseLike {
  readonly provider: CommitmentLike;
  readonly others: readonly CommitmentLike[];
}

function isCommitmentCase(x: unknown): x is CommitmentCaseLike {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<CommitmentCaseLike>;
  return (
    Array.isArray(c.others) &&
    c.provider !== null &&
    typeof c.provider === "object" &&
    typeof c.provider.recognition_weights === "object"
  );
}

const OPTIONAL_COMMITMENT_FIELDS = ["mr_values", "damping_history"] as const;

/**
 * A commitment with one part deleted, each in turn: a capacity slot, a need slot, a recognition
 * weight, an optional field it carries for other steps (`mr_values`, `damping_history`), then an
 * optional field of one of its slots.
 */
function* commitmentReductions<C extends CommitmentLike>(c: C): Generator<C> {
  const caps = c.capacity_slots ?? [];
  const needs = c.need_slots ?? [];
  for (let i = 0; i < caps.length; i++) yield { ...c, capacity_slots: dropAt(caps, i) };
  for (let i = 0; i < needs.length; i++) yield { ...c, need_slots: dropAt(needs, i) };
  for (const k of Object.keys(c.recognition_weights))
    yield { ...c, recognition_weights: without(c.recognition_weights, k) };
  for (const f of OPTIONAL_COMMITMENT_FIELDS) if (f in c) yield without(c, f);
  for (let i = 0; i < caps.length; i++)
    for (const s of slotReductions(caps[i] as Slot))
      yield { ...c, capacity_slots: replaceAt(caps, i, s) };
  for (let i = 0; i < needs.length; i++)
    for (const s of slotReductions(needs[i] as Slot))
      yield { ...c, need_slots: replaceAt(needs, i, s) };
}

/** A case of commitments with one other commitment deleted, or one part of one commitment. */
function* commitmentCaseReductions<T extends CommitmentCaseLike>(c: T): Generator<T> {
  for (let i = 0; i < c.others.length; i++) yield { ...c, others: dropAt(c.others, i) };
  for (const p of commitmentReductions(c.provider)) yield { ...c, provider: p };
  for (let i = 0; i < c.others.length; i++)
    for (const o of commitmentReductions(c.others[i] as CommitmentLike))
      yield { ...c, others: replaceAt(c.others, i, o) };
}

/** The reducer of properties of a case of commitments (INPUT-1). */
export const reduceCommitmentCaseArguments: Reducer = reduceArguments(
  isCommitmentCase,
  commitmentCaseReductions,
);

/** A case driven by a schedule: a node's deliveries and ticks, a router's emits and reads. */
interface ScheduledCase {
  readonly steps: readonly unknown[];
}

function isScheduledCase(x: unknown): x is ScheduledCase {
  return x !== null && typeof x === "object" && Array.isArray((x as { steps?: unknown }).steps);
}

/** A scheduled case with one step deleted, each in turn (a delivery dropped, a tick skipped). */
function* scheduleReductions<T extends ScheduledCase>(c: T): Generator<T> {
  for (let i = 0; i < c.steps.length; i++) yield { ...c, steps: dropAt(c.steps, i) };
}

/** The reducer of properties of scheduled cases (the nodes and router suites): each step. */
export const reduceScheduleArguments: Reducer = reduceArguments(
  isScheduledCase,
  scheduleReductions,
);

/** A participant as recognition sees it. */
interface ParticipantLike {
  readonly pubKey: string;
  readonly recognition_weights: Readonly<Record<string, number>>;
}

function isParticipants(x: unknown): x is readonly ParticipantLike[] {
  return (
    Array.isArray(x) &&
    x.every(
      (p) =>
        p !== null &&
        typeof p === "object" &&
        typeof (p as Partial<ParticipantLike>).pubKey === "string" &&
        typeof (p as Partial<ParticipantLike>).recognition_weights === "object",
    )
  );
}

/** Participants with one deleted, or one recognition weight of one of them, each in turn. */
function* participantsReductions<P extends ParticipantLike>(ps: readonly P[]): Generator<P[]> {
  for (let i = 0; i < ps.length; i++) yield dropAt(ps, i);
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as P;
    for (const k of Object.keys(p.recognition_weights))
      yield replaceAt(ps, i, { ...p, recognition_weights: without(p.recognition_weights, k) });
  }
}

/** The reducer of properties of a recognition graph (REC-2): each participant, each weight. */
export const reduceParticipantsArguments: Reducer = reduceArguments(
  isParticipants,
  participantsReductions,
);

type Nested = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;

/** A round of the many-provider dynamics (DYN-7), as the deletion pass sees it. */
interface DynamicsCaseLike {
  readonly network: {
    readonly providers: readonly {
      readonly pubKey: string;
      readonly capacity_slots: readonly Slot[];
      readonly recognition: Readonly<Record<string, unknown>>;
    }[];
    readonly recipients: readonly {
      readonly pubKey: string;
      readonly need_slots: readonly Slot[];
    }[];
  };
  readonly previous: Nested;
  readonly input: { readonly dampingFactors: Readonly<Record<string, number>> };
}

function isDynamicsCase(x: unknown): x is DynamicsCaseLike {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<DynamicsCaseLike>;
  return (
    c.network !== undefined &&
    Array.isArray(c.network.providers) &&
    Array.isArray(c.network.recipients) &&
    typeof c.previous === "object" &&
    typeof c.input?.dampingFactors === "object"
  );
}

/** `previous` with the entries `drop(p, r, n)` says to drop (and maps left empty removed). */
function prune(g: Nested, drop: (p: string, r: string, n: string) => boolean): Nested {
  const out: Record<string, Record<string, Record<string, number>>> = {};
  for (const [p, byR] of Object.entries(g))
    for (const [r, byN] of Object.entries(byR))
      for (const [n, q] of Object.entries(byN))
        if (!drop(p, r, n)) ((out[p] ??= {})[r] ??= {})[n] = q;
  return out;
}

/**
 * A dynamics round with one part deleted, each in turn: a provider, a recipient (with its
 * recognition, previous grants and damping factor), a capacity or need slot, a recognition
 * entry, a previous grant, a damping factor, then an optional field of a slot.
 */
function* dynamicsCaseReductions<T extends DynamicsCaseLike>(c: T): Generator<T> {
  const { providers, recipients } = c.network;
  const net = (n: Partial<DynamicsCaseLike["network"]>) => ({
    ...c,
    network: { ...c.network, ...n },
  });
  for (const p of providers)
    yield {
      ...net({ providers: providers.filter((x) => x !== p) }),
      previous: prune(c.previous, (q) => q === p.pubKey),
    };
  for (const r of recipients)
    yield {
      ...net({
        recipients: recipients.filter((x) => x !== r),
        providers: providers.map((p) => ({ ...p, recognition: without(p.recognition, r.pubKey) })),
      }),
      previous: prune(c.previous, (_, q) => q === r.pubKey),
      input: { ...c.input, dampingFactors: without(c.input.dampingFactors, r.pubKey) },
    };
  for (const p of providers)
    for (const s of p.capacity_slots)
      yield net({
        providers: providers.map((x) =>
          x === p ? { ...p, capacity_slots: p.capacity_slots.filter((y) => y !== s) } : x,
        ),
      });
  for (const r of recipients)
    for (const s of r.need_slots)
      yield {
        ...net({
          recipients: recipients.map((x) =>
            x === r ? { ...r, need_slots: r.need_slots.filter((y) => y !== s) } : x,
          ),
        }),
        previous: prune(c.previous, (_, q, n) => q === r.pubKey && n === s.id),
      };
  for (const p of providers)
    for (const k of Object.keys(p.recognition))
      yield net({
        providers: providers.map((x) =>
          x === p ? { ...p, recognition: without(p.recognition, k) } : x,
        ),
      });
  for (const [p, byR] of Object.entries(c.previous))
    for (const [r, byN] of Object.entries(byR))
      for (const n of Object.keys(byN))
        yield { ...c, previous: prune(c.previous, (a, b, d) => a === p && b === r && d === n) };
  for (const r of Object.keys(c.input.dampingFactors))
    yield { ...c, input: { ...c.input, dampingFactors: without(c.input.dampingFactors, r) } };
  for (const p of providers)
    for (const s of p.capacity_slots)
      for (const t of slotReductions(s))
        yield net({
          providers: providers.map((x) =>
            x === p ? { ...p, capacity_slots: p.capacity_slots.map((y) => (y === s ? t : y)) } : x,
          ),
        });
  for (const r of recipients)
    for (const s of r.need_slots)
      for (const t of slotReductions(s))
        yield net({
          recipients: recipients.map((x) =>
            x === r ? { ...r, need_slots: r.need_slots.map((y) => (y === s ? t : y)) } : x,
          ),
        });
}

/** The reducer of properties of a dynamics round (DYN-7). */
export const reduceDynamicsArguments: Reducer = reduceArguments(
  isDynamicsCase,
  dynamicsCaseReductions,
);

/** An index case (COMPAT-6): the needs indexed and the slots queried. */
interface SlotIndexCaseLike {
  readonly needs: readonly Slot[];
  readonly queries: readonly Slot[];
}

function isSlotIndexCase(x: unknown): x is SlotIndexCaseLike {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<SlotIndexCaseLike>;
  return (
    Array.isArray(c.needs) &&
    Array.isArray(c.queries) &&
    c.needs.every(isSlot) &&
    c.queries.every(isSlot)
  );
}

/**
 * An index case with one part deleted, each in turn: a need, a query, then an optional field of
 * a need or of a query. (Positions returned by the index are judged against the case as it is,
 * so deleting a need renumbers the others consistently.)
 */
function* slotIndexCaseReductions<T extends SlotIndexCaseLike>(c: T): Generator<T> {
  const { needs, queries } = c;
  for (let i = 0; i < needs.length; i++) yield { ...c, needs: dropAt(needs, i) };
  for (let i = 0; i < queries.length; i++) yield { ...c, queries: dropAt(queries, i) };
  for (let i = 0; i < needs.length; i++)
    for (const s of slotReductions(needs[i] as Slot)) yield { ...c, needs: replaceAt(needs, i, s) };
  for (let i = 0; i < queries.length; i++)
    for (const s of slotReductions(queries[i] as Slot))
      yield { ...c, queries: replaceAt(queries, i, s) };
}

/** The reducer of COMPAT-6 (the bucketed index): each need, each query, their optional fields. */
export const reduceSlotIndexArguments: Reducer = reduceArguments(
  isSlotIndexCase,
  slotIndexCaseReductions,
);

/** A residual question (RES-1, RES-2): a need, each provider's last grant, who is asking. */
interface ResidualCaseLike {
  readonly need: number;
  readonly received: Readonly<Record<string, number>>;
  readonly provider: string;
}

function isResidualCase(x: unknown): x is ResidualCaseLike {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<ResidualCaseLike>;
  return (
    typeof c.need === "number" &&
    typeof c.provider === "string" &&
    c.received !== null &&
    typeof c.received === "object"
  );
}

/** A residual question with one provider's grant deleted, each in turn. */
function* residualCaseReductions<T extends ResidualCaseLike>(c: T): Generator<T> {
  for (const k of Object.keys(c.received)) yield { ...c, received: without(c.received, k) };
}

/**
 * The reducer of RES-1 and RES-2: each provider's grant. The need and the asking provider are
 * scalars (fast-check shrinks the need; the asker is one of a few names).
 */
export const reduceResidualArguments: Reducer = reduceArguments(
  isResidualCase,
  residualCaseReductions,
);

/** A convergence question (CONV-1): the previous state (or none) and the current one. */
interface ConvergenceCaseLike {
  readonly previous: Readonly<Record<string, unknown>> | undefined;
  readonly current: Readonly<Record<string, unknown>>;
}

function isConvergenceCase(x: unknown): x is ConvergenceCaseLike {
  if (x === null || typeof x !== "object" || !("previous" in x)) return false;
  const c = x as Partial<ConvergenceCaseLike>;
  return (
    c.current !== null &&
    typeof c.current === "object" &&
    (c.previous === undefined || (c.previous !== null && typeof c.previous === "object"))
  );
}

/**
 * A convergence question with one capacity slot deleted, each in turn: from both states, then
 * from the previous state only, then from the current state only (a slot present in one state
 * only is a case of its own, §6.3).
 */
function* convergenceCaseReductions<T extends ConvergenceCaseLike>(c: T): Generator<T> {
  const prev = c.previous;
  const keys = [...new Set([...Object.keys(prev ?? {}), ...Object.keys(c.current)])];
  if (prev !== undefined)
    for (const k of keys)
      if (k in prev && k in c.current)
        yield { ...c, previous: without(prev, k), current: without(c.current, k) };
  if (prev !== undefined)
    for (const k of Object.keys(prev)) yield { ...c, previous: without(prev, k) };
  for (const k of Object.keys(c.current)) yield { ...c, current: without(c.current, k) };
}

/** The reducer of CONV-1: each capacity slot's denominators, in both states or in one. */
export const reduceConvergenceArguments: Reducer = reduceArguments(
  isConvergenceCase,
  convergenceCaseReductions,
);

function isFlags(x: unknown): x is readonly boolean[] {
  return Array.isArray(x) && x.every((f) => typeof f === "boolean");
}

/** The reducer of CONV-2: each participant's flag. */
export const reduceFlagsArguments: Reducer = reduceArguments(isFlags, function* (flags) {
  for (let i = 0; i < flags.length; i++) yield dropAt(flags, i);
});

/** A V2-4 case: a sponsor, its newcomers and a schedule of operations on the messages in flight. */
interface JoinCaseLike {
  readonly newcomers: number;
  readonly ops: readonly unknown[];
}

function isJoinCase(x: unknown): x is JoinCaseLike {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<JoinCaseLike>;
  return typeof c.newcomers === "number" && Array.isArray(c.ops);
}

/** A V2-4 case with the last newcomer deleted (when there are two), then each operation. */
function* joinCaseReductions<T extends JoinCaseLike>(c: T): Generator<T> {
  if (c.newcomers > 1) yield { ...c, newcomers: c.newcomers - 1 };
  for (let i = 0; i < c.ops.length; i++) yield { ...c, ops: dropAt(c.ops, i) };
}

/** The reducer of V2-4: a newcomer, each operation of the schedule (a delivery, a drop, a tick). */
export const reduceJoinArguments: Reducer = reduceArguments(isJoinCase, joinCaseReductions);

/** A node effects case (V2-6, V1-4): the node's own spec, a schedule and (V2) a quiet tail. */
interface EffectCaseLike extends ScheduledCase {
  readonly spec: {
    readonly capacity_slots: readonly Slot[];
    readonly need_slots: readonly Slot[];
    readonly recognition_weights: Readonly<Record<string, number>>;
  };
  readonly tail?: readonly number[];
}

function isEffectCase(x: unknown): x is EffectCaseLike {
  if (!isScheduledCase(x)) return false;
  const s = (x as { spec?: Partial<EffectCaseLike["spec"]> }).spec;
  return (
    s !== undefined &&
    s !== null &&
    Array.isArray(s.capacity_slots) &&
    Array.isArray(s.need_slots) &&
    typeof s.recognition_weights === "object"
  );
}

type Json = Readonly<Record<string, unknown>>;
type NumberMaps = Readonly<Record<string, Readonly<Record<string, number>>>>;

const isObject = (x: unknown): x is Json =>
  x !== null && typeof x === "object" && !Array.isArray(x);

/** `m` without `m[a][b]` (and without `m[a]` when that leaves it empty). */
function withoutEntry(m: NumberMaps, a: string, b: string): NumberMaps {
  const inner = without(m[a] ?? {}, b);
  return Object.keys(inner).length === 0 ? without(m, a) : { ...m, [a]: inner };
}

/** Every entry `[a, b]` of a map of maps of numbers. */
function entries2(m: unknown): [string, string][] {
  if (!isObject(m)) return [];
  return Object.entries(m).flatMap(([a, inner]) =>
    isObject(inner) ? Object.keys(inner).map((b): [string, string] => [a, b]) : [],
  );
}

/**
 * What a publication says, with one part deleted, each in turn: of a declaration (commitments),
 * a capacity slot, a need slot, a recognition weight, an entry of what it says it received; of
 * an allocation or results, a grant or a slot's denominators.
 */
function* messageReductions(msg: Json): Generator<Json> {
  const decl = msg["decl"];
  if (isObject(decl)) {
    const withDecl = (d: Json) => ({ ...msg, decl: d });
    for (const f of ["capacity_slots", "need_slots"] as const) {
      const xs = decl[f];
      if (Array.isArray(xs))
        for (let i = 0; i < xs.length; i++) yield withDecl({ ...decl, [f]: dropAt(xs, i) });
    }
    const w = decl["recognition_weights"];
    if (isObject(w))
      for (const k of Object.keys(w))
        yield withDecl({ ...decl, recognition_weights: without(w, k) });
    for (const [a, b] of entries2(decl["received"]))
      yield withDecl({ ...decl, received: withoutEntry(decl["received"] as NumberMaps, a, b) });
  }
  for (const [a, b] of entries2(msg["grants"]))
    yield { ...msg, grants: withoutEntry(msg["grants"] as NumberMaps, a, b) };
  const d = msg["denominators"];
  if (isObject(d)) for (const k of Object.keys(d)) yield { ...msg, denominators: without(d, k) };
}

/**
 * The publications of a schedule's deliveries, each once (a duplicate is the same publication:
 * same sender, same content), with one part of what it says deleted — in every delivery of it,
 * so that its duplicates still repeat it word for word.
 */
function* publicationReductions<T extends ScheduledCase>(c: T): Generator<T> {
  const keyOf = (st: unknown): string | undefined => {
    if (!isObject(st) || st["kind"] !== "deliver" || !isObject(st["msg"])) return undefined;
    return `${String(st["from"])}\u0000${JSON.stringify(st["msg"])}`;
  };
  const seen = new Set<string>();
  for (const st of c.steps) {
    const key = keyOf(st);
    if (key === undefined || seen.has(key)) continue;
    seen.add(key);
    for (const msg of messageReductions((st as Json)["msg"] as Json))
      yield {
        ...c,
        steps: c.steps.map((x) => (keyOf(x) === key ? { ...(x as Json), msg } : x)),
      };
  }
}

/**
 * A node effects case with one part deleted, each in turn: a step (a delivery dropped, a tick
 * skipped), a tick of the quiet tail, a capacity slot, a need slot or a recognition weight of
 * the node's own spec, then a part of what a publication says (in each of its deliveries: a
 * publication is a stamped value, and its duplicates must say the same).
 */
function* effectCaseReductions<T extends EffectCaseLike>(c: T): Generator<T> {
  yield* scheduleReductions(c);
  const tail = c.tail;
  if (tail !== undefined)
    for (let i = 0; i < tail.length; i++) yield { ...c, tail: dropAt(tail, i) };
  const spec = c.spec;
  for (let i = 0; i < spec.capacity_slots.length; i++)
    yield { ...c, spec: { ...spec, capacity_slots: dropAt(spec.capacity_slots, i) } };
  for (let i = 0; i < spec.need_slots.length; i++)
    yield { ...c, spec: { ...spec, need_slots: dropAt(spec.need_slots, i) } };
  for (const k of Object.keys(spec.recognition_weights))
    yield { ...c, spec: { ...spec, recognition_weights: without(spec.recognition_weights, k) } };
  yield* publicationReductions(c);
}

/**
 * The reducer of V2-6 and V1-4: each step, each tick of the tail, each part of the node's spec,
 * each part of what a publication says.
 */
export const reduceEffectArguments: Reducer = reduceArguments(isEffectCase, effectCaseReductions);

/**
 * A SCHEMA-1 trial: a valid input and the case built from it (by the case kind named `cls`, at
 * the place `pick` designates). `rebuild` remakes the case from a smaller input.
 */
interface SchemaTrialLike {
  readonly input: AllocationInput;
  readonly case: { readonly cls: string };
  readonly pick: number;
}

function isSchemaTrial(x: unknown): x is SchemaTrialLike {
  if (x === null || typeof x !== "object") return false;
  const t = x as Partial<SchemaTrialLike>;
  return (
    isAllocationInput(t.input) &&
    typeof t.pick === "number" &&
    t.case !== null &&
    typeof t.case === "object" &&
    typeof t.case.cls === "string"
  );
}

/**
 * The reducer of SCHEMA-1: the valid input loses one part (as an allocation input does) and the
 * case is rebuilt from it by `rebuild` — never cut on its own, for a case cut by itself could
 * lose the very defect its class names (a duplicate id deleted) and still be reported under it.
 */
export function reduceSchemaTrialArguments<T extends SchemaTrialLike>(
  rebuild: (cls: string, input: AllocationInput, pick: number) => T["case"] | undefined,
): Reducer {
  return reduceArguments(isSchemaTrial, function* (t: SchemaTrialLike) {
    for (const input of allocationInputReductions(t.input)) {
      const c = rebuild(t.case.cls, input, t.pick);
      if (c !== undefined) yield { ...t, input, case: c };
    }
  });
}

/** A damping case (DAMP-*): a history and the time it is read at. */
interface DampingCaseLike {
  readonly history: readonly unknown[];
  readonly now: number;
}

function isDampingCase(x: unknown): x is DampingCaseLike {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<DampingCaseLike>;
  return Array.isArray(c.history) && typeof c.now === "number";
}

/**
 * The reducer of DAMP-1…4: each entry of each history (of DAMP-2's second case too, whose
 * entries are the ones added around the first case's `now`). `now` is a scalar fast-check
 * shrinks itself.
 */
export const reduceDampingArguments: Reducer = reduceArguments(isDampingCase, function* (c) {
  for (let i = 0; i < c.history.length; i++) yield { ...c, history: dropAt(c.history, i) };
});

const ITC_OP_KINDS = new Set(["fork", "event", "join", "send", "receive", "sync"]);

/** Whether `x` is a sequence of ITC operations (`properties/arbitraries/itc.ts` `ItcOp`). */
function isItcOps(x: unknown): x is readonly { readonly kind: string; readonly p: number }[] {
  return (
    Array.isArray(x) &&
    x.every(
      (op) =>
        op !== null &&
        typeof op === "object" &&
        ITC_OP_KINDS.has((op as { kind?: string }).kind ?? "") &&
        typeof (op as { p?: unknown }).p === "number",
    )
  );
}

/** A run of ITC operations from a start stamp (`ItcScenario`). */
interface ItcScenarioLike {
  readonly base: number;
  readonly shape: string;
  readonly ops: readonly unknown[];
}

function isItcScenario(x: unknown): x is ItcScenarioLike {
  if (x === null || typeof x !== "object") return false;
  const s = x as Partial<ItcScenarioLike>;
  return typeof s.base === "number" && typeof s.shape === "string" && isItcOps(s.ops);
}

/** An ITC case (`ItcCase`): a scenario, picks into its stamps, and which picks are topped. */
interface ItcCaseLike {
  readonly scenario: ItcScenarioLike;
  readonly top: readonly boolean[];
}

function isItcCase(x: unknown): x is ItcCaseLike {
  if (x === null || typeof x !== "object") return false;
  const c = x as Partial<ItcCaseLike>;
  return isItcScenario(c.scenario) && Array.isArray(c.top);
}

function* itcOpsReductions<T>(ops: readonly T[]): Generator<T[]> {
  for (let i = 0; i < ops.length; i++) yield dropAt(ops, i);
}

/**
 * An ITC argument with one part deleted, each in turn: an operation of its run (a fork, an
 * event, a join, a send, a receive, a sync), then, for a case, the raising of a pick's counters
 * to 2^53 − 1 (`top`). The start counter (`base`) and the picks are scalars fast-check shrinks;
 * a scenario's shape is kept (it bounds the live processes).
 */
function* itcArgumentReductions(x: unknown): Generator<unknown> {
  if (isItcOps(x)) {
    yield* itcOpsReductions(x);
    return;
  }
  if (isItcScenario(x)) {
    for (const ops of itcOpsReductions(x.ops)) yield { ...x, ops };
    return;
  }
  if (isItcCase(x)) {
    for (const ops of itcOpsReductions(x.scenario.ops))
      yield { ...x, scenario: { ...x.scenario, ops } };
    for (let i = 0; i < x.top.length; i++)
      if (x.top[i] === true) yield { ...x, top: replaceAt(x.top, i, false) };
  }
}

/**
 * The reducer of ITC-1…10 and ITC-13: each operation of the generated run (deep and wide runs
 * start with 20–60 forks, and ITC-13's runs with at least 50 operations, which fast-check's
 * shrinking never goes below), and each topped pick.
 */
export const reduceItcArguments: Reducer = reduceArguments(
  (x): x is unknown => isItcOps(x) || isItcScenario(x) || isItcCase(x),
  itcArgumentReductions,
);

/** Whether `x` is a vector clock as generated (an object of counters). */
function isClockLike(x: unknown): x is Readonly<Record<string, number>> {
  return (
    isObject(x) && !ArrayBuffer.isView(x) && Object.values(x).every((v) => typeof v === "number")
  );
}

/** A clock with one entry deleted, each in turn. */
function* clockReductions<C extends Readonly<Record<string, number>>>(c: C): Generator<C> {
  for (const k of Object.keys(c)) yield without(c, k);
}

/** A run of a fixed membership (VC-1): its processes, a start counter and its operations. */
interface VClockRunLike {
  readonly n: number;
  readonly base: number;
  readonly ops: readonly unknown[];
}

function isVClockRun(x: unknown): x is VClockRunLike {
  if (!isObject(x)) return false;
  const r = x as Partial<VClockRunLike>;
  return typeof r.n === "number" && typeof r.base === "number" && Array.isArray(r.ops);
}

/** A VC-4 case: a pair of clocks (`VClockPair`), a node id, whether the event is on the clock's own node. */
function isVClockEventCase(x: unknown): x is readonly [Json, string, boolean] {
  return (
    Array.isArray(x) &&
    x.length === 3 &&
    isObject(x[0]) &&
    typeof x[0]["kind"] === "string" &&
    isClockLike(x[0]["a"]) &&
    typeof x[1] === "string" &&
    typeof x[2] === "boolean"
  );
}

/**
 * A vector-clock argument with one part deleted, each in turn: an entry of a clock (VC-2, VC-3;
 * of each clock of VC-4's pair, and each extra zero entry of an "equal" pair), or, of a run
 * (VC-1), the last process (its operations then land on the others, as indices wrap) and each
 * operation.
 */
function* vclockArgumentReductions(x: unknown): Generator<unknown> {
  if (isVClockRun(x)) {
    if (x.n > 1) yield { ...x, n: x.n - 1 };
    for (let i = 0; i < x.ops.length; i++) yield { ...x, ops: dropAt(x.ops, i) };
    return;
  }
  if (isVClockEventCase(x)) {
    const [pair, node, own] = x;
    for (const f of ["a", "b"] as const) {
      const c = pair[f];
      if (isClockLike(c))
        for (const d of clockReductions(c)) yield [{ ...pair, [f]: d }, node, own];
    }
    const zeros = pair["zeros"];
    if (Array.isArray(zeros))
      for (let i = 0; i < zeros.length; i++)
        yield [{ ...pair, zeros: dropAt(zeros, i) }, node, own];
    return;
  }
  if (isClockLike(x)) yield* clockReductions(x);
}

/**
 * The reducer of VC-1…4: each entry of each clock (the 20–50-entry clocks fast-check cannot
 * shrink below 20), and of VC-1's runs the last process and each operation.
 */
export const reduceVClockArguments: Reducer = reduceArguments(
  (x): x is unknown => isVClockRun(x) || isVClockEventCase(x) || isClockLike(x),
  vclockArgumentReductions,
);

/** The reducer of REC-1: each recognition weight (the 20–50-weight maps included). */
export const reduceWeightsArguments: Reducer = reduceArguments(isClockLike, clockReductions);

/** A provider case of the denominator suite (P2P-1…3): its configuration and the requests it gets. */
interface ProviderCaseLike {
  readonly config: { readonly recipients: Readonly<Record<string, number>> };
  readonly requests: readonly unknown[];
}

function isProviderCase(x: unknown): x is ProviderCaseLike {
  if (!isObject(x)) return false;
  const c = x as Partial<ProviderCaseLike>;
  return Array.isArray(c.requests) && isObject(c.config) && isClockLike(c.config.recipients);
}

/** A recipient case of the denominator suite (P2P-5…8): its configuration and what happens to it. */
interface RecipientCaseLike {
  readonly config: {
    readonly providers: Readonly<Record<string, number>>;
    readonly partners: readonly string[];
  };
  readonly steps: readonly unknown[];
}

function isRecipientCase(x: unknown): x is RecipientCaseLike {
  if (!isObject(x)) return false;
  const c = x as Partial<RecipientCaseLike>;
  return (
    Array.isArray(c.steps) &&
    isObject(c.config) &&
    isClockLike(c.config.providers) &&
    Array.isArray(c.config.partners)
  );
}

/**
 * A denominator case with one part deleted, each in turn. A provider's: a request (a message
 * it receives; a replayed request is a message of its own), then a recipient it serves (its
 * requests then come from a stranger). A recipient's: a step (a round, a response, a gossip
 * message, a stray response, a duplicate or a replay), then a provider it knows, then a gossip
 * partner.
 */
function* denominatorCaseReductions(x: unknown): Generator<unknown> {
  if (isProviderCase(x)) {
    for (let i = 0; i < x.requests.length; i++) yield { ...x, requests: dropAt(x.requests, i) };
    for (const k of Object.keys(x.config.recipients))
      yield { ...x, config: { ...x.config, recipients: without(x.config.recipients, k) } };
    return;
  }
  if (isRecipientCase(x)) {
    for (let i = 0; i < x.steps.length; i++) yield { ...x, steps: dropAt(x.steps, i) };
    for (const k of Object.keys(x.config.providers))
      yield { ...x, config: { ...x.config, providers: without(x.config.providers, k) } };
    const ps = x.config.partners;
    for (let i = 0; i < ps.length; i++)
      yield { ...x, config: { ...x.config, partners: dropAt(ps, i) } };
  }
}

/** The reducer of P2P-1…3 and P2P-5…8: each message (request, step) and each party of the configuration. */
export const reduceDenominatorArguments: Reducer = reduceArguments(
  (x): x is unknown => isProviderCase(x) || isRecipientCase(x),
  denominatorCaseReductions,
);

/** A COMPAT-4 case: the needs indexed, the slots queried, the index's options. */
function isIndexTuple(x: unknown): x is readonly [readonly Slot[], readonly Slot[], unknown] {
  return (
    Array.isArray(x) &&
    x.length === 3 &&
    Array.isArray(x[0]) &&
    Array.isArray(x[1]) &&
    (x[0] as unknown[]).every(isSlot) &&
    (x[1] as unknown[]).every(isSlot) &&
    isObject(x[2])
  );
}

/**
 * The reducer of COMPAT-4 (the reference's bucketed index): as COMPAT-6's, each need, each query,
 * then an optional field of a need or of a query; the index's options are kept.
 */
export const reduceIndexTupleArguments: Reducer = reduceArguments(
  isIndexTuple,
  function* (t): Generator<readonly [readonly Slot[], readonly Slot[], unknown]> {
    const [needs, queries, options] = t;
    for (const c of slotIndexCaseReductions({ needs, queries }))
      yield [c.needs, c.queries, options];
  },
);
