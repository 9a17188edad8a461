/**
 * A converter from a protocol node written as a pure state machine (`NodeMachine`,
 * src/core/protocols/machine.ts) to the seed-000 agent parts of `commons-spec verify`
 * (properties/under-test.ts). The reference agents go through it, and so can any
 * implementation written in that style.
 *
 * The driver behind each handle: `create` builds the initial state and delivers `start` at
 * time 0. Before every call at `now`, armed timers due by `now` fire in order of due time (then
 * name), each at its own due time; a recipient's round timer is the exception: it fires only
 * when the suite asks for the next requests (`nextRequests`), and only if it is armed (a
 * satisfied recipient that cancelled it sends nothing). Messages sent while a timer fires wait
 * in an outbox and are returned by the next call that returns messages of their kind.
 * Randomness comes from a seeded stream per handle (derived from `seed` and the node id).
 */
import type {
  NodeContext,
  NodeEffect,
  NodeInput,
  NodeMachine,
} from "../src/core/protocols/machine.js";
import type {
  AllocationRequest,
  AllocationResponse,
  P2PMessage,
} from "../src/core/schemas/messages.js";
import { Rng } from "../src/engine/sim/rng.js";
import type { Declaration } from "../src/core/protocols/participant.js";
import type { V1Message } from "../src/core/protocols/v1-node.js";
import type { V2Message } from "../src/core/protocols/v2-node.js";
import type { Stamp } from "../src/core/itc/index.js";
import type { VClock } from "../src/core/vclock.js";
import type {
  AddressedGossip,
  DenominatorAgentUnderTest,
  DenominatorProviderConfig,
  DenominatorProviderUnderTest,
  DenominatorRecipientConfig,
  DenominatorRecipientUnderTest,
  V1NodeConfig,
  V1NodeUnderTest,
  V2NodeConfig,
  V2NodeUnderTest,
} from "./under-test.js";

export interface MachineAgentOptions<S> {
  /** The initial state of a provider (omit if the machine plays no provider). */
  readonly provider?: (config: DenominatorProviderConfig) => S;
  /** The initial state of a recipient (omit if the machine plays no recipient). */
  readonly recipient?: (config: DenominatorRecipientConfig) => S;
  /** A recipient's estimate of a provider's denominator, read from its state. */
  readonly estimate?: (state: S, providerId: string) => number | undefined;
  /** The recipient's round timer (default "round"). */
  readonly roundTimer?: string;
  /** Seed of the per-handle random streams (default 0). */
  readonly seed?: number;
}

/** The state of one driven node. Mutable: the handle of the suite's calls. */
export interface MachineHandle<S> {
  readonly id: string;
  state: S;
  readonly timers: Map<string, number>;
  readonly outbox: { to: string; msg: P2PMessage }[];
  readonly random: () => number;
  now: number;
}

function createHandle<S>(
  machine: NodeMachine<S, P2PMessage>,
  id: string,
  state: S,
  seed: number,
): MachineHandle<S> {
  const h: MachineHandle<S> = {
    id,
    state,
    timers: new Map(),
    outbox: [],
    random: Rng.derive(seed, `agent:${id}`).asFunction(),
    now: 0,
  };
  step(machine, h, { kind: "start" }, 0);
  return h;
}

/** One step at `at`: applies timer effects and returns the messages sent. */
function step<S>(
  machine: NodeMachine<S, P2PMessage>,
  h: MachineHandle<S>,
  input: NodeInput<P2PMessage>,
  at: number,
): { to: string; msg: P2PMessage }[] {
  h.now = Math.max(h.now, at);
  const ctx: NodeContext = { now: h.now, self: h.id, random: h.random };
  const r = machine.step(h.state, input, ctx);
  h.state = r.state;
  const sent: { to: string; msg: P2PMessage }[] = [];
  for (const e of r.effects as readonly NodeEffect<P2PMessage>[]) {
    if (e.kind === "send") sent.push({ to: e.to, msg: e.msg });
    else if (e.kind === "setTimer") h.timers.set(e.name, h.now + e.delay);
    else if (e.kind === "cancelTimer") h.timers.delete(e.name);
    else if (e.kind === "broadcast")
      throw new Error(`${machine.name}: an agent broadcast, but seed-000 messages are addressed`);
  }
  return sent;
}

/** Fires the timers due by `now` except `keep`, collecting what they send into the outbox. */
function fireDue<S>(
  machine: NodeMachine<S, P2PMessage>,
  h: MachineHandle<S>,
  now: number,
  keep?: string,
): void {
  for (;;) {
    let next: [string, number] | undefined;
    for (const [name, due] of h.timers) {
      if (name === keep || due > now) continue;
      if (next === undefined || due < next[1] || (due === next[1] && name < next[0]))
        next = [name, due];
    }
    if (next === undefined) break;
    h.timers.delete(next[0]);
    h.outbox.push(...step(machine, h, { kind: "timer", name: next[0] }, next[1]));
  }
  h.now = Math.max(h.now, now);
}

function takeOutbox<S>(
  h: MachineHandle<S>,
  type: P2PMessage["type"],
): { to: string; msg: P2PMessage }[] {
  const out = h.outbox.filter((m) => m.msg.type === type);
  const rest = h.outbox.filter((m) => m.msg.type !== type);
  h.outbox.length = 0;
  h.outbox.push(...rest);
  return out;
}

/** The gossip among `sent`, after the gossip waiting in the outbox; anything else waits there. */
function gossipOf<S>(
  h: MachineHandle<S>,
  sent: readonly { to: string; msg: P2PMessage }[],
): AddressedGossip[] {
  const out: AddressedGossip[] = [];
  for (const m of [...takeOutbox(h, "denominator_gossip"), ...sent]) {
    if (m.msg.type === "denominator_gossip") out.push({ to: m.to, msg: m.msg });
    else h.outbox.push(m);
  }
  return out;
}

/**
 * The agent parts of a `NodeMachine` speaking seed 000's messages, given how to build its
 * states from the suite's configurations (and, for recipients, where its estimates are).
 */
export function denominatorAgentFromMachine<S>(
  machine: NodeMachine<S, P2PMessage>,
  options: MachineAgentOptions<S>,
): DenominatorAgentUnderTest<MachineHandle<S>, MachineHandle<S>> {
  const seed = options.seed ?? 0;
  const round = options.roundTimer ?? "round";
  const initProvider = options.provider;
  const initRecipient = options.recipient;
  const estimate = options.estimate;

  const provider: DenominatorProviderUnderTest<MachineHandle<S>> | undefined =
    initProvider === undefined
      ? undefined
      : {
          create: (config) => createHandle(machine, config.id, initProvider(config), seed),
          onRequest(h, request, now): AllocationResponse {
            fireDue(machine, h, now);
            const sent = step(
              machine,
              h,
              { kind: "message", from: request.recipient_id, msg: request },
              now,
            );
            const answer = sent.find(
              (m) =>
                m.msg.type === "allocation_response" &&
                m.to === request.recipient_id &&
                m.msg.recipient_id === request.recipient_id,
            );
            if (answer === undefined || answer.msg.type !== "allocation_response")
              throw new Error(
                `${machine.name}: provider ${h.id} sent no allocation_response to ${request.recipient_id}`,
              );
            return answer.msg;
          },
        };

  const recipient: DenominatorRecipientUnderTest<MachineHandle<S>> | undefined =
    initRecipient === undefined
      ? undefined
      : {
          create: (config) => createHandle(machine, config.id, initRecipient(config), seed),
          nextRequests(h, now): AllocationRequest[] {
            fireDue(machine, h, now, round);
            const sent = takeOutbox(h, "allocation_request");
            if (h.timers.has(round)) {
              h.timers.delete(round);
              sent.push(...step(machine, h, { kind: "timer", name: round }, now));
            }
            const requests: AllocationRequest[] = [];
            for (const m of sent) {
              if (m.msg.type === "allocation_request") requests.push(m.msg);
              else h.outbox.push(m);
            }
            return requests;
          },
          onResponse(h, response, now) {
            fireDue(machine, h, now, round);
            const sent = step(
              machine,
              h,
              { kind: "message", from: response.provider_id, msg: response },
              now,
            );
            return gossipOf(h, sent);
          },
          onGossip(h, gossip, now) {
            fireDue(machine, h, now, round);
            const sent = step(
              machine,
              h,
              { kind: "message", from: gossip.sender_id, msg: gossip },
              now,
            );
            return gossipOf(h, sent);
          },
          estimate(h, providerId) {
            if (estimate === undefined)
              throw new Error(`${machine.name}: no estimate accessor was given to the converter`);
            return estimate(h.state, providerId);
          },
        };

  return {
    ...(provider !== undefined ? { provider } : {}),
    ...(recipient !== undefined ? { recipient } : {}),
  };
}

/** What a V2 node's state must reveal to the `nodes` suite (see `V2NodeUnderTest`). */
export interface V2MachineAccessors<S> {
  readonly init: (config: V2NodeConfig) => S;
  readonly stamp: (state: S) => Stamp | null;
  readonly lastAccepted: (state: S) => Readonly<Record<string, Stamp>>;
  readonly declaration: (state: S) => Declaration;
}

/** The `node.v2` part of a `NodeMachine` speaking V2's messages: its step plus the accessors. */
export function v2NodeFromMachine<S>(
  machine: NodeMachine<S, V2Message>,
  accessors: V2MachineAccessors<S>,
): V2NodeUnderTest<S> {
  return {
    init: accessors.init,
    step: (state, input, ctx) => machine.step(state, input, ctx),
    stamp: accessors.stamp,
    lastAccepted: accessors.lastAccepted,
    declaration: accessors.declaration,
  };
}

/** What a V1 node's state must reveal to the `nodes` suite (see `V1NodeUnderTest`). */
export interface V1MachineAccessors<S> {
  readonly init: (config: V1NodeConfig) => S;
  readonly clock: (state: S) => VClock;
  readonly round: (state: S) => number;
}

/** The `node.v1` part of a `NodeMachine` speaking V1's messages: its step plus the accessors. */
export function v1NodeFromMachine<S>(
  machine: NodeMachine<S, V1Message>,
  accessors: V1MachineAccessors<S>,
): V1NodeUnderTest<S> {
  return {
    init: accessors.init,
    step: (state, input, ctx) => machine.step(state, input, ctx),
    clock: accessors.clock,
    round: accessors.round,
  };
}
