/**
 * The parts of an implementation the property suites can check, typed against the exported
 * schemas; foreign representations plug in through converters. Every part is optional.
 */
import type {
  AllocationInput,
  SlotAllocationRecord,
  SlotDenominator,
} from "../src/core/schemas/allocation.js";
import type { DampingEntry } from "../src/core/schemas/commitment.js";
import type {
  AllocationRequest,
  AllocationResponse,
  DenominatorGossip,
} from "../src/core/schemas/messages.js";
import type { DedupMode, Lane, PeerEvent, RouterMode } from "../src/core/protocols/router.js";
import type { Slot } from "../src/core/schemas/slots.js";
import type { Stamp } from "../src/core/itc/index.js";
import type { Commitment } from "../src/core/schemas/commitment.js";
import type { Denominators } from "../src/core/convergence.js";
import type { DynamicsNetwork, DynamicsSchedule, Grants } from "../src/core/dynamics.js";
import type { ResidualVariant } from "../src/core/residual.js";
import type { TrustMode } from "../src/core/protocols/denominator.js";
import type { LearningRate } from "../src/core/protocols/learning-rate.js";
import type { NodeContext, NodeEffect, NodeInput } from "../src/core/protocols/machine.js";
import type { Declaration, ParticipantSpec } from "../src/core/protocols/participant.js";
import type { V1Message } from "../src/core/protocols/v1-node.js";
import type { V2Message } from "../src/core/protocols/v2-node.js";
import type { VClock } from "../src/core/vclock.js";

/**
 * Interval Tree Clocks over the implementation's own stamp type `S`. `toStamp` converts to the
 * exported JSON shape (used to compare, print and check normal form); `fromStamp` converts back.
 * `encode`/`decode` are optional (the encoding suite runs only when both are given).
 */
export interface ItcUnderTest<S = unknown> {
  seed(): S;
  fork(s: S): readonly [S, S];
  event(s: S): S;
  join(a: S, b: S): S;
  peek(s: S): S;
  leq(a: S, b: S): boolean;
  toStamp(s: S): Stamp;
  fromStamp(stamp: Stamp): S;
  encode?(s: S): Uint8Array;
  decode?(bytes: Uint8Array): S;
}

/** Vector clocks over the implementation's own type `V`, with converters to the exported shape. */
export interface VClockUnderTest<V = unknown> {
  event(vc: V, node: string): V;
  join(a: V, b: V): V;
  leq(a: V, b: V): boolean;
  empty(): V;
  toVClock(v: V): VClock;
  fromVClock(v: VClock): V;
  encode?(v: V): Uint8Array;
  decode?(bytes: Uint8Array): V;
}

/** One provider's allocation with static inputs. */
export interface AllocatorUnderTest {
  allocate(input: AllocationInput): {
    readonly slot_allocations: readonly SlotAllocationRecord[];
    readonly slot_denominators?: Readonly<Record<string, SlotDenominator>>;
  };
}

/** The pairwise slot-compatibility rule. */
export interface CompatUnderTest {
  compatible(a: Slot, b: Slot): boolean;
}

/** The damping factor from an over-allocation history. */
export interface DampingUnderTest {
  dampingFactor(history: readonly DampingEntry[], now: number): number;
}

/** Input validation at the boundary: accept a valid allocation input, reject anything else. */
export interface ValidationUnderTest {
  /** Returns true when the value is accepted as an allocation input. */
  acceptsAllocationInput(value: unknown): boolean;
}

// ---------------------------------------------------------------------------------------------
// P2P denominator agents (seed 000; SPEC.md §11, §13 P2P-*)
//
// Agents are driven through opaque handles: the suite creates a fresh handle per generated case,
// passes it back to every call of that case and never shares it between cases, so a handle may
// be a mutable object (a class instance) or a box around an immutable state. `now` is virtual
// time in milliseconds; it never decreases within a case. Messages are the exported seed-000
// shapes (src/core/schemas/messages.ts) and must pass their schemas.

/** How the suite sets up a provider. */
export interface DenominatorProviderConfig {
  readonly id: string;
  /** What it can grant in total: grants are holdings, recipients keep them. */
  readonly capacity: number;
  /** MR(P, R) of each recipient it serves; a request from anyone else is answered with 0. */
  readonly recipients: Readonly<Record<string, number>>;
}

/** How the suite sets up a recipient. */
export interface DenominatorRecipientConfig {
  readonly id: string;
  readonly statedNeed: number;
  /** MR(P, R) of each provider it asks. */
  readonly providers: Readonly<Record<string, number>>;
  /** Other recipients it may gossip with. */
  readonly partners: readonly string[];
}

/** A gossip message and the recipient it is sent to (the message itself names no addressee). */
export interface AddressedGossip {
  readonly to: string;
  readonly msg: DenominatorGossip;
}

/** A provider of seed 000: answers every allocation request addressed to it. */
export interface DenominatorProviderUnderTest<P = unknown> {
  create(config: DenominatorProviderConfig): P;
  /**
   * Answers one request (addressed to this provider) at `now`. Timers due by `now` (a round
   * reset, say) are the implementation's business: it fires them before answering.
   */
  onRequest(provider: P, request: AllocationRequest, now: number): AllocationResponse;
}

/** A recipient of seed 000: asks its providers, learns their denominators, gossips. */
export interface DenominatorRecipientUnderTest<R = unknown> {
  create(config: DenominatorRecipientConfig): R;
  /**
   * One round of its main loop at `now`: the requests it sends, at most one per provider (none
   * once it is satisfied). The suite decides when rounds happen.
   */
  nextRequests(recipient: R, now: number): readonly AllocationRequest[];
  /** A provider's response arrives; returns the gossip it sends in reaction (possibly none). */
  onResponse(recipient: R, response: AllocationResponse, now: number): readonly AddressedGossip[];
  /** Gossip from another recipient arrives; returns any gossip it sends in reaction. */
  onGossip(recipient: R, gossip: DenominatorGossip, now: number): readonly AddressedGossip[];
  /** Its current estimate of a provider's denominator (undefined for a provider it does not know). */
  estimate(recipient: R, providerId: string): number | undefined;
}

/**
 * The learning setting of a statistical claim (SPEC.md §13.1): the recipient's learning-rate
 * schedule (method 1) and how it trusts gossip (method 2: `constant` ½, or `adaptive`).
 */
export interface LearningSetting {
  readonly learningRate: LearningRate;
  readonly trust: TrustMode;
}

/**
 * How the statistical suite (STAT-1…3, SPEC.md §11) creates recipients: like
 * `DenominatorRecipientUnderTest.create`, with the learning setting of the claim it checks. The
 * handles it returns are then driven through the `recipient` part's methods.
 */
export interface DenominatorLearnerUnderTest<R = unknown> {
  create(config: DenominatorRecipientConfig, learning: LearningSetting): R;
}

/** Seed 000's agents: either role, or both. */
export interface DenominatorAgentUnderTest<P = unknown, R = unknown> {
  readonly provider?: DenominatorProviderUnderTest<P>;
  readonly recipient?: DenominatorRecipientUnderTest<R>;
  /** Opt-in: the learning behaviour of the recipient, STAT-1…3 through the adapter (needs `recipient`). */
  readonly learner?: DenominatorLearnerUnderTest<R>;
}

// ---------------------------------------------------------------------------------------------
// The message router of a node (seed 004; SPEC.md §11, §13 ROUTER-*)

/**
 * How the suite sets up a router. `single`: one broadcast channel of `capacity` events;
 * `segmented`: one channel per lane (control, sync, inventory, data) of `laneCapacity[lane]`,
 * read in that order. Capacities are exact (a channel keeping more than its capacity violates
 * ROUTER-1). Every subscriber reads every lane.
 */
export interface RouterConfig {
  readonly mode: RouterMode;
  readonly capacity: number;
  readonly laneCapacity: Readonly<Record<Lane, number>>;
  /** Inventory (`inv`) deduplication: `off`, `log` (count and forward), `drop`. */
  readonly dedup: DedupMode;
  /** An inventory item is a duplicate if it was last accepted as new less than this ago. */
  readonly dedupTtlMs: number;
  /** The dedup cache holds at most this many items (least recently used evicted first). */
  readonly dedupCapacity: number;
  readonly subscribers: readonly string[];
}

/** What the router did with an event: forwarded it, forwarded a known duplicate (log mode), dropped a duplicate. */
export type RouterEmitOutcome = "forwarded" | "duplicate" | "dropped";

/** One read of a subscriber: the events it receives, in order, and how many it lost to lag since its previous read. */
export interface RouterRead {
  readonly events: readonly PeerEvent[];
  readonly lagged: number;
}

/** A node's message router (seed 004), driven through an opaque handle like the agents above. */
export interface RouterUnderTest<H = unknown> {
  create(config: RouterConfig): H;
  /** A peer's event reaches the router at `now`. */
  emit(router: H, from: string, event: PeerEvent, now: number): RouterEmitOutcome;
  /** Subscriber `subscriber` reads up to `max` (≥ 1) events at `now`. */
  read(router: H, subscriber: string, max: number, now: number): RouterRead;
}

// ---------------------------------------------------------------------------------------------
// V2 and V1 commons nodes (seeds 003, 001/002; SPEC.md §11, §13 V2-*, V1-*)
//
// A node is a pure state machine in the shape of `NodeMachine` (src/core/protocols/machine.ts):
// `init(config)` builds its state, `step(state, input, ctx)` returns the next state and its
// effects (sends, broadcasts, timers, logs), over the exported message shapes (`V2Message`,
// `V1Message`). The suite is the driver: it delivers messages, fires the timers the node armed
// and reads the small accessors below before and after every step. A state is treated as a value:
// the suite never mutates it, and the accessors' results must not change when a later step runs.

/** Result of one step of a node under test (`StepResult` of machine.ts). */
export interface NodeStepResult<S, M> {
  readonly state: S;
  readonly effects: readonly NodeEffect<M>[];
}

/** How the suite sets up a V2 node; its id is `spec.pubKey`. */
export interface V2NodeConfig {
  readonly spec: ParticipantSpec;
  /** Its initial ITC stamp; null for a newcomer that must fork one from `sponsor`. */
  readonly stamp: Stamp | null;
  readonly sponsor?: string;
  /** Epoch ms of virtual time 0: publication timestamps are epoch ms, `ctx.now` virtual ms. */
  readonly epochMs: number;
}

/** A V2 node of seed 003: ITC-stamped commitments and allocations, no rounds. */
export interface V2NodeUnderTest<S = unknown> {
  init(config: V2NodeConfig): S;
  step(state: S, input: NodeInput<V2Message>, ctx: NodeContext): NodeStepResult<S, V2Message>;
  /** Its current stamp (null while it has none: a newcomer waiting for its sponsor). */
  stamp(state: S): Stamp | null;
  /** The stamp of the last commitment it accepted from each peer. */
  lastAccepted(state: S): Readonly<Record<string, Stamp>>;
  /** Its own current declaration (what it would publish). */
  declaration(state: S): Declaration;
}

/** How the suite sets up a V1 node; its id is `spec.pubKey`. */
export interface V1NodeConfig {
  readonly spec: ParticipantSpec;
  /** Advance when at least this fraction of its active peers is in a later round. */
  readonly threshold: number;
  /** Epoch ms of virtual time 0. */
  readonly epochMs: number;
}

/** A V1 node of seeds 001/002: rounds and vector clocks. */
export interface V1NodeUnderTest<S = unknown> {
  init(config: V1NodeConfig): S;
  step(state: S, input: NodeInput<V1Message>, ctx: NodeContext): NodeStepResult<S, V1Message>;
  /** Its current vector clock. */
  clock(state: S): VClock;
  /** The round it is in. */
  round(state: S): number;
}

/** The parts of a protocol node the suites check: its router, and the node as a V2 or V1 machine. */
export interface NodeUnderTest<H = unknown, N2 = unknown, N1 = unknown> {
  readonly router?: RouterUnderTest<H>;
  readonly v2?: V2NodeUnderTest<N2>;
  readonly v1?: V1NodeUnderTest<N1>;
}

// ---------------------------------------------------------------------------------------------
// The rest of the pipeline (SPEC.md §3, §4.3, §5.1, §6.1, §6.3, §6.4; §11)

/** A participant as recognition sees it: its key and its recognition weights over the others. */
export interface RecognitionParticipant {
  readonly pubKey: string;
  readonly recognition_weights: Readonly<Record<string, number>>;
}

/** Recognition (SPEC.md §3): shares and mutual recognition from recognition weights. */
export interface RecognitionUnderTest {
  /**
   * share(Y) = w(Y) / Σ w for every key of `weights` (all 0 when no weight is positive). A key
   * that is not in `weights` may be absent from the result or 0; no other key may be positive.
   */
  shares(weights: Readonly<Record<string, number>>): Readonly<Record<string, number>>;
  /** MR(a, b) = min(share_a(b), share_b(a)). */
  mutualRecognition(a: RecognitionParticipant, b: RecognitionParticipant): number;
}

/** The provider's side of `fromCommitments`: the fields of its commitment that matter. */
export type CommitmentProvider = Pick<
  Commitment,
  "pubKey" | "capacity_slots" | "recognition_weights"
>;
/** The other participants' side of `fromCommitments`. */
export type CommitmentRecipient = Pick<
  Commitment,
  "pubKey" | "need_slots" | "recognition_weights" | "damping_factor"
>;

/**
 * Building a provider's allocation input from commitments (SPEC.md §2, §3, §5.1): each other
 * participant with need slots that the provider recognises (MR > 0 or share > 0), with its MR,
 * the provider's share of it, its damping factor and its stated needs. The suite passes whole
 * commitments (more fields than the types name); recipients may come in any order.
 */
export interface AllocationInputUnderTest {
  fromCommitments(
    provider: CommitmentProvider,
    others: readonly CommitmentRecipient[],
  ): AllocationInput;
}

/** Residual need (SPEC.md §6.1), both variants. */
export interface ResidualUnderTest {
  /**
   * What `provider` takes as the need of a need slot of quantity `need`, given each provider's
   * last grant to it (`received`, keyed by provider; the asking provider may or may not be there).
   */
  residualNeed(
    need: number,
    received: Readonly<Record<string, number>>,
    provider: string,
    variant: ResidualVariant,
  ): number;
}

/** Convergence detection (SPEC.md §6.3), with the spec's ε = 0.001 and 80 %. */
export interface ConvergenceUnderTest {
  /** Is a provider converged, given its previous slot denominators (undefined: none) and its current ones? */
  isConverged(previous: Denominators | undefined, current: Denominators): boolean;
  /** Is the network converged, given one flag per participant? */
  networkConverged(flags: readonly boolean[]): boolean;
}

/**
 * A bucketed index of need slots (SPEC.md §4.3), over the implementation's own handle `I`:
 * `query` must return exactly the positions (in `needs`) of the needs the pairwise rule accepts
 * against `slot`, each once, in ascending order.
 */
export interface SlotIndexUnderTest<I = unknown> {
  build(needs: readonly Slot[]): I;
  query(index: I, slot: Slot): readonly number[];
}

/** What one round of the many-provider dynamics starts from (SPEC.md §6.4). */
export interface DynamicsRoundInput {
  readonly residual: ResidualVariant;
  readonly schedule: DynamicsSchedule;
  /** Each recipient's damping factor at the start of the round (missing: 1). */
  readonly dampingFactors: Readonly<Record<string, number>>;
}

/** What one round produced: grants[provider][recipient][needSlot], and optionally each provider's slot denominators. */
export interface DynamicsRoundResult {
  readonly grants: Grants;
  readonly denominators?: Readonly<Record<string, Denominators>>;
}

/**
 * One round of the many-provider dynamics (SPEC.md §6.4): every provider allocates (§5, the
 * `reference` rule) from the residual needs (§6.1) it sees given `previous` (the grants of the
 * round before: `synchronous`) or the latest grants, this round's included for providers earlier
 * in pubKey order (`sequential`), and the damping factors of the start of the round.
 */
export interface DynamicsUnderTest {
  round(network: DynamicsNetwork, previous: Grants, input: DynamicsRoundInput): DynamicsRoundResult;
}
