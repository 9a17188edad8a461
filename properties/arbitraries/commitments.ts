/**
 * Arbitraries for recognition graphs and commitments (spec/SPEC.md §2–§3), in the exported
 * schema shapes: every generated commitment passes `commitmentSchema`, and a generated network
 * of commitments has pairwise-disjoint ITC ids (as participants forked from one seed have).
 */
import fc from "fast-check";
import { event, fork, seed, type Stamp } from "../../src/core/itc/index.js";
import type { CommitmentInput } from "../../src/core/schemas/commitment.js";
import { arbDamping } from "./allocation.js";
import { arbAvailabilitySlot, arbNeedSlot, type SlotArbitraryOptions } from "./slots.js";
import { arbStamp } from "./itc.js";

/** Who recognises whom, and how much: `graph[a][b]` is a's weight for b (never a self-weight). */
export type RecognitionGraph = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface RecognitionGraphOptions {
  /** Participant ids. Default `p0` … `p{n-1}` with n from `minParticipants`…`maxParticipants`. */
  readonly participants?: readonly string[];
  /** Default 2. */
  readonly minParticipants?: number;
  /** Default 6. */
  readonly maxParticipants?: number;
  /** Probability that a participant names a given other one at all. Default 0.6. */
  readonly density?: number;
}

/** A weight as participants write them: zero, small integers, or arbitrary positive doubles. */
export const arbRecognitionWeight: fc.Arbitrary<number> = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 10 }),
  fc.double({ min: 1e-9, max: 1000, noNaN: true, noDefaultInfinity: true }),
);

function idsOf(o: RecognitionGraphOptions): fc.Arbitrary<readonly string[]> {
  if (o.participants !== undefined) {
    if (new Set(o.participants).size !== o.participants.length)
      throw new Error("arbRecognitionGraph: participants must be distinct");
    return fc.constant(o.participants);
  }
  const min = o.minParticipants ?? 2;
  const max = o.maxParticipants ?? 6;
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min))
    throw new Error("arbRecognitionGraph: need 1 ≤ minParticipants ≤ maxParticipants (integers)");
  return fc
    .integer({ min, max })
    .map((n) =>
      Array.from({ length: n }, (_, i) => `p${String(i).padStart(String(max).length, "0")}`),
    );
}

/**
 * A random recognition graph: for each participant, a weight for each of some of the others
 * (each named with probability `density`; a named weight may still be 0). Shrinks towards fewer
 * participants, fewer edges and round weights.
 */
export function arbRecognitionGraph(
  options: RecognitionGraphOptions = {},
): fc.Arbitrary<RecognitionGraph> {
  const density = options.density ?? 0.6;
  if (!(density >= 0 && density <= 1))
    throw new Error("arbRecognitionGraph: density must be in [0, 1]");
  return idsOf(options).chain((ids) => {
    const edges = ids.flatMap((a) => ids.filter((b) => b !== a).map((b) => [a, b] as const));
    // Per edge: a draw in 0…999 (named when ≥ (1 − density)·1000, so shrinking drops edges)
    // and the weight.
    const cut = Math.round((1 - density) * 1000);
    return fc
      .array(fc.tuple(fc.integer({ min: 0, max: 999 }), arbRecognitionWeight), {
        minLength: edges.length,
        maxLength: edges.length,
      })
      .map((draws) => {
        const g: Record<string, Record<string, number>> = {};
        for (const a of ids) g[a] = {};
        edges.forEach(([a, b], k) => {
          const d = draws[k];
          if (d !== undefined && d[0] >= cut) (g[a] as Record<string, number>)[b] = d[1];
        });
        return g;
      });
  });
}

export interface CommitmentOptions {
  /** The publisher's id. Default `p0`. */
  readonly pubKey?: string;
  /** Ids the publisher may recognise. Default `p1` … `p5`. */
  readonly others?: readonly string[];
  /** At most this many capacity (and need) slots. Default 4. */
  readonly maxSlots?: number;
  readonly slots?: SlotArbitraryOptions;
  /** The ITC stamp; default: a random normal-form stamp with a non-zero id. */
  readonly stamp?: fc.Arbitrary<Stamp>;
}

const EPOCH_2026 = Date.UTC(2026, 0, 1);

/** A commitment of one participant in the exported shape (passes `commitmentSchema`). */
export function arbCommitment(options: CommitmentOptions = {}): fc.Arbitrary<CommitmentInput> {
  const pubKey = options.pubKey ?? "p0";
  const others = (options.others ?? ["p1", "p2", "p3", "p4", "p5"]).filter((x) => x !== pubKey);
  const maxSlots = options.maxSlots ?? 4;
  const slotOpts = options.slots ?? {};
  const stamp = options.stamp ?? arbStamp({ maxLength: 20 }).filter((s) => s.id !== 0);
  return fc
    .record({
      capacity_slots: fc.uniqueArray(arbAvailabilitySlot(slotOpts), {
        maxLength: maxSlots,
        selector: (s) => s.id,
      }),
      need_slots: fc.uniqueArray(arbNeedSlot(slotOpts), {
        maxLength: maxSlots,
        selector: (s) => s.id,
      }),
      recognition_weights: fc.dictionary(
        others.length > 0 ? fc.constantFrom(...others) : fc.constant("nobody"),
        arbRecognitionWeight,
        { maxKeys: others.length },
      ),
      itcStamp: stamp,
      timestamp: fc.integer({ min: EPOCH_2026, max: EPOCH_2026 + 365 * 86_400_000 }),
      damping_factor: arbDamping,
      damping_history: fc.option(
        fc.array(
          fc.record({
            overAllocation: fc.double({ min: -1000, max: 1000, noNaN: true }),
            timestamp: fc.integer({ min: EPOCH_2026, max: EPOCH_2026 + 86_400_000 }),
          }),
          { maxLength: 5 },
        ),
        { nil: undefined },
      ),
    })
    .map((c) => {
      const weights = others.length > 0 ? c.recognition_weights : {};
      const { damping_history, ...rest } = c;
      return {
        pubKey,
        ...rest,
        recognition_weights: weights,
        ...(damping_history !== undefined ? { damping_history } : {}),
      };
    });
}

/**
 * Stamps of `n` participants forked from one seed (ids pairwise disjoint), each with a few
 * events of its own: what a network's stamps look like after start-up.
 */
export function forkedStamps(n: number, events: readonly number[] = []): Stamp[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error("forkedStamps: n must be an integer ≥ 1");
  // Breadth-first forking: the oldest stamp splits first, so ids stay balanced.
  const pool: Stamp[] = [seed()];
  while (pool.length < n) {
    const [a, b] = fork(pool.shift() as Stamp);
    pool.push(a, b);
  }
  return pool.map((s, i) => {
    let x = s;
    for (let k = 0; k < (events[i] ?? 0); k++) x = event(x);
    return x;
  });
}

/**
 * A network: a recognition graph and one commitment per participant whose
 * `recognition_weights` are its row of the graph, with disjoint ITC ids.
 */
export function arbCommitmentNetwork(
  options: RecognitionGraphOptions & {
    readonly maxSlots?: number;
    readonly slots?: SlotArbitraryOptions;
  } = {},
): fc.Arbitrary<{ readonly graph: RecognitionGraph; readonly commitments: CommitmentInput[] }> {
  return arbRecognitionGraph(options).chain((graph) => {
    const ids = Object.keys(graph);
    return fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: ids.length, maxLength: ids.length }),
        ...ids.map((id) =>
          arbCommitment({
            pubKey: id,
            others: ids,
            ...(options.maxSlots !== undefined ? { maxSlots: options.maxSlots } : {}),
            ...(options.slots !== undefined ? { slots: options.slots } : {}),
            stamp: fc.constant(seed()),
          }),
        ),
      )
      .map(([events, ...cs]) => {
        const stamps = forkedStamps(ids.length, events);
        return {
          graph,
          commitments: cs.map((c, i) => ({
            ...c,
            recognition_weights: { ...(graph[ids[i] as string] ?? {}) },
            itcStamp: stamps[i] as Stamp,
          })),
        };
      });
  });
}
