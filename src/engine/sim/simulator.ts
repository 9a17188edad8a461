/**
 * The discrete-event simulator (SPEC.md §Simulation): virtual time in milliseconds, one agenda
 * ordered by (time, sequence number), seeded streams (the network's, the schedule's, and one
 * per node derived from the run seed and the node id). Nodes are pure state machines
 * (`NodeMachine`); the simulator delivers messages and fires timers, carries out their effects
 * through the network model (latency, loss, duplication, partitions), applies churn, and runs
 * every node's safety checks after every step.
 *
 * The ITF trace has one state per step (`now`, `node`, `input`, the node's `view` after it, the
 * IDs of the checks it violated), per network control event (partition, heal, join, crash) and
 * per message the network drops (loss, partition) or duplicates — recorded right after the step
 * that sent it, so a trace accounts for every message (trace validation relies on it).
 */
import type {
  LogValue,
  NodeContext,
  NodeEffect,
  NodeInput,
  NodeMachine,
  SafetyViolation,
  StepResult,
} from "../../core/protocols/machine.js";
import { makeTrace, type ItfTrace, type TraceStep } from "../trace/itf.js";
import { EventAgenda } from "./event-queue.js";
import { sampleLatency, type Network } from "./network.js";
import { Rng } from "./rng.js";
import { dict } from "../../core/dict.js";
import { idMeasure, idUnion } from "../../core/itc/ids.js";
import type { Id } from "../../core/itc/index.js";

export interface SimNodeInit<S, M> {
  readonly id: string;
  readonly machine: NodeMachine<S, M>;
  readonly state: S;
  /** Virtual time of its `start` input (default 0). */
  readonly startAt?: number;
  /** May be chosen to leave or crash (default true). */
  readonly churnable?: boolean;
}

export interface PartitionEvent {
  /** Split at this time into `groups` groups. */
  readonly at: number;
  /** Heal at this time (omit: never). */
  readonly heal?: number | undefined;
  readonly groups: number;
  /** `contiguous`: by node index; `random`: uniformly; `explicit`: as listed. */
  readonly assignment: "contiguous" | "random" | "explicit";
  readonly explicit?: readonly (readonly string[])[] | undefined;
}

export type ChurnEvent =
  | { readonly kind: "join"; readonly at: number }
  | { readonly kind: "leave"; readonly at: number; readonly node?: string | undefined }
  | { readonly kind: "crash"; readonly at: number; readonly node?: string | undefined };

/** What `spawn` is told about a newcomer. */
export interface SpawnRequest {
  readonly index: number;
  readonly id: string;
  readonly sponsor: string;
  readonly neighbours: readonly string[];
  readonly now: number;
}

export interface StepRecord {
  readonly time: number;
  readonly node: string;
  readonly input: NodeInput<unknown>;
  readonly effects: readonly NodeEffect<unknown>[];
  readonly violations: readonly SafetyViolation[];
}

export interface ViolationRecord extends SafetyViolation {
  readonly time: number;
  readonly node: string;
  /** Index of the event (1-based) at which it was found. */
  readonly event: number;
}

export interface SimOptions<S, M> {
  readonly seed: number;
  /** Stop at this virtual time (ms). */
  readonly duration: number;
  readonly nodes: readonly SimNodeInit<S, M>[];
  /** Neighbours by node index (undirected: each edge listed at both ends). */
  readonly adjacency: readonly (readonly number[])[];
  readonly network: Network;
  readonly partitions?: readonly PartitionEvent[];
  readonly churn?: readonly ChurnEvent[];
  /** Builds a newcomer for a `join` event; without it joins are skipped. */
  readonly spawn?: (req: SpawnRequest) => SimNodeInit<S, M>;
  /** Neighbours a newcomer gets (sponsor included); default the initial mean degree, at least 1. */
  readonly joinDegree?: number;
  /** Every `log` effect, with the number of messages sent so far. */
  readonly onLog?: (
    time: number,
    node: string,
    event: string,
    data: Readonly<Record<string, LogValue>>,
    sentSoFar: number,
  ) => void;
  readonly onStep?: (r: StepRecord) => void;
  /** Record an ITF trace of at most this many states (steps and network events). */
  readonly traceStates?: number;
  readonly stopOnViolation?: boolean;
  /** Called every `progressEvery` events with the virtual time. */
  readonly onProgress?: (time: number, events: number) => void;
  readonly progressEvery?: number;
  /**
   * Timers fired into nodes from outside at given times (a driver's stand-in for a user acting:
   * `run.ts` injects need changes this way). Pushed after every other initial event, so a run
   * without injections is the same run, event for event.
   */
  readonly injections?: readonly {
    readonly at: number;
    readonly node: string;
    readonly timer: string;
  }[];
  /** Every message sent (counted in `messages.sent`, known target), with its kind. */
  readonly onSend?: (time: number, kind: string) => void;
  /** Hard stop after this many events (default 50 million). */
  readonly maxEvents?: number;
  /**
   * Step every node with its machine's pure `step` even when it has an in-place step (the
   * default uses `inPlace` where a machine has one; both give the same run — a test checks it).
   */
  readonly pureSteps?: boolean;
}

export interface MessageCounts {
  sent: number;
  delivered: number;
  lost: number;
  partitioned: number;
  toDead: number;
  unknownTarget: number;
  duplicated: number;
}

export interface SimResult<S> {
  readonly seed: number;
  readonly endTime: number;
  readonly events: number;
  readonly steps: number;
  readonly ids: readonly string[];
  readonly states: readonly S[];
  readonly alive: readonly boolean[];
  readonly adjacency: readonly (readonly number[])[];
  readonly messages: Readonly<MessageCounts>;
  readonly sentByKind: Readonly<Record<string, number>>;
  readonly deliveredByKind: Readonly<Record<string, number>>;
  readonly violations: readonly ViolationRecord[];
  readonly violationCounts: Readonly<Record<string, number>>;
  readonly churn: { readonly joins: number; readonly leaves: number; readonly crashes: number };
  readonly stoppedEarly: boolean;
  /** Id-space accounting, when the nodes' machine has `ids` (V2; SPEC.md ITC-ID-1). */
  readonly idSpace?: IdSpaceAccount;
  readonly trace?: ItfTrace;
  readonly traceTruncated: boolean;
}

/**
 * Where the ITC id space the initial nodes owned is at the end of a run (shares of the interval,
 * each computed on the union of the ids concerned, so a duplicated message counts once). `lost`
 * is split by cause, in this order: held by a crashed node or handed to one (`lostToCrashes`),
 * in a message the network dropped (loss, partition: `lostToNetwork`), kept by a node that left
 * with no live peer to hand it to (`lostNoHeir`), and the rest (`unexplained`: a defect).
 */
export interface IdSpaceAccount {
  readonly initial: number;
  readonly live: number;
  readonly inFlight: number;
  readonly lost: number;
  readonly lostToCrashes: number;
  readonly lostToNetwork: number;
  readonly lostNoHeir: number;
  readonly unexplained: number;
}

const START = 0;
const DELIVER = 1;
const TIMER = 2;
const CONTROL = 3;
const INJECT = 4;

type Control =
  { readonly kind: "split"; readonly p: PartitionEvent } | { readonly kind: "heal" } | ChurnEvent;

/** Keep at most this many violation records per check ID (all are counted). */
const VIOLATIONS_KEPT_PER_ID = 20;

export function simulate<S, M>(o: SimOptions<S, M>): SimResult<S> {
  const netRng = Rng.derive(o.seed, "network");
  const schedRng = Rng.derive(o.seed, "schedule");
  // Typed-array agenda: no object per event (issue 12); same (time, insertion) order.
  const queue = new EventAgenda();
  const ids: string[] = [];
  const index = new Map<string, number>();
  const machines: NodeMachine<S, M>[] = [];
  const states: S[] = [];
  /** Whether `states[i]` is the simulator's own copy, which in-place steps may write into. */
  const adopted: boolean[] = [];
  const alive: boolean[] = [];
  const churnable: boolean[] = [];
  /** Crashed nodes; the virtual time a node left gracefully at (-1: it has not). */
  const crashed: boolean[] = [];
  const leftAt: number[] = [];
  /** Ids in messages handed to a crashed node, dropped by the network, or to a gone node. */
  let idsToCrashed: Id = 0;
  let idsDropped: Id = 0;
  const timers: Map<string, number>[] = [];
  const rngs: (Rng | undefined)[] = [];
  const adj: number[][] = o.adjacency.map((a) => [...a]);
  let group: Int32Array | null = null;
  let timerGen = 0;

  const counts: MessageCounts = {
    sent: 0,
    delivered: 0,
    lost: 0,
    partitioned: 0,
    toDead: 0,
    unknownTarget: 0,
    duplicated: 0,
  };
  const sentByKind: Record<string, number> = dict();
  const deliveredByKind: Record<string, number> = dict();
  const violations: ViolationRecord[] = [];
  const violationCounts: Record<string, number> = dict();
  const churnDone = { joins: 0, leaves: 0, crashes: 0 };
  const trace: TraceStep[] = [];
  const traceLimit = o.traceStates ?? 0;
  let traceTruncated = false;
  let events = 0;
  let steps = 0;
  let now = 0;
  let stopped = false;
  const maxEvents = o.maxEvents ?? 50_000_000;

  const push = (
    time: number,
    type: number,
    node: number,
    from: number,
    msg: unknown,
    name: string,
    gen: number,
  ) => {
    queue.push(time, type, node, from, msg, name, gen);
  };

  const addNode = (n: SimNodeInit<S, M>): number => {
    if (index.has(n.id)) throw new Error(`duplicate node id ${n.id}`);
    const i = ids.length;
    ids.push(n.id);
    index.set(n.id, i);
    machines.push(n.machine);
    states.push(n.state);
    adopted.push(false);
    alive.push(true);
    churnable.push(n.churnable ?? true);
    crashed.push(false);
    leftAt.push(-1);
    timers.push(new Map());
    rngs.push(undefined);
    if (adj.length <= i) adj.push([]);
    return i;
  };
  for (const n of o.nodes) addNode(n);
  const tracksIds = machines.some((m) => m.ids !== undefined);
  let initialIds: Id = 0;
  if (tracksIds)
    for (let i = 0; i < ids.length; i++)
      initialIds = idUnion(initialIds, machines[i]?.ids?.ofState(states[i] as S) ?? 0);
  /** The id a message to node `to` hands over (0: none). */
  const idIn = (to: number, msg: unknown): Id =>
    tracksIds ? (machines[to]?.ids?.ofMessage(msg as M) ?? 0) : 0;
  /** Does a node that left still receive messages at time `t`? */
  const lingering = (i: number, t: number): boolean =>
    (leftAt[i] ?? -1) >= 0 && t - (leftAt[i] as number) <= (machines[i]?.lingerMs ?? 0);
  /** A message that will not be delivered: account for the id it carried. */
  const dropIds = (to: number, msg: unknown, cause: "network" | "dead") => {
    const x = idIn(to, msg);
    if (x === 0) return;
    if (cause === "dead" && crashed[to] === true) idsToCrashed = idUnion(idsToCrashed, x);
    else if (cause === "network") idsDropped = idUnion(idsDropped, x);
  };
  if (adj.length !== ids.length) throw new Error("adjacency and nodes differ in length");
  for (let i = 0; i < ids.length; i++) push(o.nodes[i]?.startAt ?? 0, START, i, -1, null, "", 0);

  const controls: Control[] = [];
  for (const p of o.partitions ?? []) {
    controls.push({ kind: "split", p });
    if (p.heal !== undefined) controls.push({ kind: "heal" });
  }
  for (const c of o.churn ?? []) controls.push(c);
  // Partition events first (in listed order), then churn; times decide the real order.
  let ci = 0;
  for (const p of o.partitions ?? []) {
    push(p.at, CONTROL, -1, -1, ci++, "", 0);
    if (p.heal !== undefined) push(p.heal, CONTROL, -1, -1, ci++, "", 0);
  }
  for (let k = 0; k < (o.churn ?? []).length; k++)
    push((o.churn ?? [])[k]?.at ?? 0, CONTROL, -1, -1, ci++, "", 0);
  for (const x of o.injections ?? []) {
    const i = index.get(x.node);
    if (i === undefined) throw new Error(`injection into unknown node ${x.node}`);
    push(x.at, INJECT, i, -1, null, x.timer, 0);
  }

  const initialEdges = o.adjacency.reduce((s, a) => s + a.length, 0) / 2;
  const joinDegree = Math.max(
    1,
    o.joinDegree ?? Math.round((2 * initialEdges) / Math.max(1, o.nodes.length)),
  );

  const nodeRng = (i: number): Rng => {
    let r = rngs[i];
    if (r === undefined) {
      r = Rng.derive(o.seed, `node:${ids[i] as string}`);
      rngs[i] = r;
    }
    return r;
  };

  /**
   * Messages lost or duplicated by the network during the current step (or delivery): traced
   * as their own states right after it, so the trace says what happened to every message.
   */
  const netEvents: { kind: "drop" | "duplicate"; from: number; to: number; msg: string }[] = [];
  const flushNetEvents = () => {
    if (netEvents.length === 0) return;
    for (const x of netEvents.splice(0)) {
      if (traceLimit <= 0) continue;
      if (trace.length >= traceLimit) {
        traceTruncated = true;
        continue;
      }
      trace.push({
        action: x.kind,
        state: {
          now,
          node: ids[x.to] as string,
          input: { kind: x.kind, from: ids[x.from] as string, msg: x.msg, timer: "" },
          view: {},
          violations: [],
        },
      });
    }
  };

  const record = (r: StepRecord | null, control?: { kind: string; detail: string }) => {
    if (traceLimit <= 0) return;
    if (trace.length >= traceLimit) {
      traceTruncated = true;
      return;
    }
    if (r !== null) {
      const inp = r.input;
      const idx = index.get(r.node) as number;
      trace.push({
        action: inp.kind === "message" ? `deliver` : inp.kind,
        state: {
          now: r.time,
          node: r.node,
          input: {
            kind: inp.kind,
            from: inp.kind === "message" ? inp.from : "",
            msg:
              inp.kind === "message"
                ? (machines[idx] as NodeMachine<S, M>).kindOf(inp.msg as M)
                : "",
            timer: inp.kind === "timer" ? inp.name : "",
          },
          view: (machines[idx] as NodeMachine<S, M>).view(states[idx] as S),
          violations: r.violations.map((v) => v.id),
        },
      });
    } else if (control !== undefined) {
      trace.push({
        action: control.kind,
        state: {
          now,
          node: "",
          input: { kind: control.kind, from: "", msg: control.detail, timer: "" },
          view: {},
          violations: [],
        },
      });
    }
  };

  const separated = (a: number, b: number): boolean =>
    group !== null && (group[a] ?? 0) !== (group[b] ?? 0);

  const transmit = (from: number, to: number, msg: M, kind: string) => {
    counts.sent++;
    sentByKind[kind] = (sentByKind[kind] ?? 0) + 1;
    o.onSend?.(now, kind);
    if (separated(from, to)) {
      counts.partitioned++;
      dropIds(to, msg, "network");
      if (traceLimit > 0) netEvents.push({ kind: "drop", from, to, msg: kind });
      return;
    }
    const link = o.network.link(ids[from] as string, ids[to] as string);
    if (netRng.chance(link.loss)) {
      counts.lost++;
      dropIds(to, msg, "network");
      if (traceLimit > 0) netEvents.push({ kind: "drop", from, to, msg: kind });
      return;
    }
    push(now + sampleLatency(link.latency, netRng), DELIVER, to, from, msg, "", 0);
    if (netRng.chance(link.duplicate)) {
      counts.duplicated++;
      if (traceLimit > 0) netEvents.push({ kind: "duplicate", from, to, msg: kind });
      push(now + sampleLatency(link.latency, netRng), DELIVER, to, from, msg, "", 0);
    }
  };

  const apply = (i: number, effects: readonly NodeEffect<M>[]) => {
    const machine = machines[i] as NodeMachine<S, M>;
    for (const e of effects) {
      switch (e.kind) {
        case "send": {
          const to = index.get(e.to);
          if (to === undefined) {
            counts.sent++;
            counts.unknownTarget++;
            break;
          }
          transmit(i, to, e.msg, machine.kindOf(e.msg));
          break;
        }
        case "broadcast": {
          const kind = machine.kindOf(e.msg);
          for (const j of adj[i] as number[]) transmit(i, j, e.msg, kind);
          break;
        }
        case "setTimer": {
          const gen = ++timerGen;
          (timers[i] as Map<string, number>).set(e.name, gen);
          push(now + Math.max(0, e.delay), TIMER, i, -1, null, e.name, gen);
          break;
        }
        case "cancelTimer":
          (timers[i] as Map<string, number>).delete(e.name);
          break;
        case "log":
          o.onLog?.(now, ids[i] as string, e.event, e.data ?? {}, counts.sent);
          break;
      }
    }
  };

  /** Each node's `ctx.random`, made once (a closure per step was a visible cost at 10⁴ nodes). */
  const randoms: (() => number)[] = [];
  const nodeRandom = (i: number): (() => number) => {
    let f = randoms[i];
    if (f === undefined) {
      const r = nodeRng(i);
      f = () => r.float();
      randoms[i] = f;
    }
    return f;
  };
  const keepSteps = o.onStep !== undefined || traceLimit > 0;

  const step = (i: number, input: NodeInput<M>) => {
    const machine = machines[i] as NodeMachine<S, M>;
    const ctx: NodeContext = { now, self: ids[i] as string, random: nodeRandom(i) };
    const inPlace = o.pureSteps === true ? undefined : machine.inPlace;
    let res: StepResult<S, M>;
    let v: readonly SafetyViolation[];
    if (inPlace !== undefined) {
      // The node's state is the simulator's own (adopted once): the step writes into it, and
      // the check gets what it needs of the state before the step (issue 12).
      let cur = states[i] as S;
      if (adopted[i] !== true) {
        cur = inPlace.adopt(cur);
        adopted[i] = true;
      }
      const mark = inPlace.mark(cur);
      res = inPlace.step(cur, input, ctx);
      states[i] = res.state;
      steps++;
      v = inPlace.check(mark, res.state);
    } else {
      const prev = states[i] as S;
      res = machine.step(prev, input, ctx);
      states[i] = res.state;
      steps++;
      v = machine.check(prev, res.state);
    }
    for (const x of v) {
      violationCounts[x.id] = (violationCounts[x.id] ?? 0) + 1;
      if ((violationCounts[x.id] ?? 0) <= VIOLATIONS_KEPT_PER_ID)
        violations.push({ ...x, time: now, node: ids[i] as string, event: events });
    }
    apply(i, res.effects);
    if (keepSteps) {
      const rec: StepRecord = {
        time: now,
        node: ids[i] as string,
        input,
        effects: res.effects,
        violations: v,
      };
      o.onStep?.(rec);
      record(rec);
    }
    flushNetEvents();
    if (v.length > 0 && o.stopOnViolation === true) stopped = true;
  };

  const liveChurnable = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < ids.length; i++)
      if (alive[i] === true && churnable[i] === true) out.push(i);
    return out;
  };

  const control = (c: Control) => {
    switch (c.kind) {
      case "split": {
        const p = c.p;
        const g = new Int32Array(ids.length);
        if (p.assignment === "explicit") {
          g.fill(p.explicit?.length ?? 0);
          (p.explicit ?? []).forEach((members, k) => {
            for (const m of members) {
              const i = index.get(m);
              if (i !== undefined) g[i] = k;
            }
          });
        } else if (p.assignment === "random") {
          for (let i = 0; i < ids.length; i++) g[i] = schedRng.int(0, p.groups - 1);
        } else {
          for (let i = 0; i < ids.length; i++) g[i] = Math.floor((i * p.groups) / ids.length);
        }
        group = g;
        record(null, { kind: "partition", detail: `${p.groups} groups` });
        break;
      }
      case "heal":
        group = null;
        record(null, { kind: "heal", detail: "" });
        break;
      case "join": {
        if (o.spawn === undefined) break;
        const live = [];
        for (let i = 0; i < ids.length; i++) if (alive[i] === true) live.push(i);
        if (live.length === 0) break;
        const sponsor = schedRng.pick(live);
        const nbrs = new Set<number>([sponsor]);
        const want = Math.min(joinDegree, live.length);
        for (let tries = 0; nbrs.size < want && tries < 10 * want; tries++)
          nbrs.add(schedRng.pick(live));
        const newIndex = ids.length;
        const id = `j${churnDone.joins + 1}`;
        const neighbours = [...nbrs].sort((a, b) => a - b);
        const init = o.spawn({
          index: newIndex,
          id,
          sponsor: ids[sponsor] as string,
          neighbours: neighbours.map((k) => ids[k] as string),
          now,
        });
        const i = addNode(init);
        adj[i] = neighbours;
        for (const k of neighbours) (adj[k] as number[]).push(i);
        if (group !== null) {
          const g2 = new Int32Array(ids.length);
          g2.set(group);
          g2[i] = group[sponsor] ?? 0;
          group = g2;
        }
        churnDone.joins++;
        record(null, { kind: "join", detail: `${init.id} sponsored by ${ids[sponsor] as string}` });
        push(now, START, i, -1, null, "", 0);
        break;
      }
      case "leave":
      case "crash": {
        let target: number | undefined;
        if (c.node !== undefined) target = index.get(c.node);
        else {
          const cands = liveChurnable();
          if (cands.length > 0) target = schedRng.pick(cands);
        }
        if (target === undefined || alive[target] !== true) break;
        if (c.kind === "leave") {
          step(target, { kind: "timer", name: "sim:leave" });
          churnDone.leaves++;
          leftAt[target] = now;
        } else {
          churnDone.crashes++;
          crashed[target] = true;
          record(null, { kind: "crash", detail: ids[target] as string });
        }
        alive[target] = false;
        (timers[target] as Map<string, number>).clear();
        break;
      }
    }
  };

  while (!stopped) {
    if (queue.size === 0 || queue.peekTime() > o.duration) break;
    const time = queue.peekTime();
    const slot = queue.pop();
    // Read the event's fields before any step pushes (a push may reuse the slot).
    const type = queue.type[slot] as number;
    const node = queue.node[slot] as number;
    const from = queue.from[slot] as number;
    const msg = queue.msg[slot];
    const name = queue.name[slot] as string;
    const gen = queue.gen[slot] as number;
    now = time;
    events++;
    if (events > maxEvents) {
      stopped = true;
      break;
    }
    if (o.onProgress !== undefined && events % (o.progressEvery ?? 100_000) === 0)
      o.onProgress(now, events);
    switch (type) {
      case START:
        if (alive[node] === true) step(node, { kind: "start" });
        break;
      case DELIVER: {
        if (alive[node] !== true && !lingering(node, now)) {
          counts.toDead++;
          dropIds(node, msg, "dead");
          break;
        }
        if (separated(from, node)) {
          counts.partitioned++;
          dropIds(node, msg, "network");
          if (traceLimit > 0) {
            const kind = (machines[node] as NodeMachine<S, M>).kindOf(msg as M);
            netEvents.push({ kind: "drop", from, to: node, msg: kind });
            flushNetEvents();
          }
          break;
        }
        counts.delivered++;
        const kind = (machines[node] as NodeMachine<S, M>).kindOf(msg as M);
        deliveredByKind[kind] = (deliveredByKind[kind] ?? 0) + 1;
        step(node, { kind: "message", from: ids[from] as string, msg: msg as M });
        break;
      }
      case TIMER: {
        if (alive[node] !== true) break;
        const t = timers[node] as Map<string, number>;
        if (t.get(name) !== gen) break; // cancelled or re-armed
        t.delete(name);
        step(node, { kind: "timer", name });
        break;
      }
      case CONTROL:
        control(controls[msg as number] as Control);
        break;
      case INJECT:
        if (alive[node] === true) step(node, { kind: "timer", name });
        break;
    }
  }
  const endTime = stopped ? now : Math.min(o.duration, Math.max(now, 0));
  let idSpace: IdSpaceAccount | undefined;
  if (tracksIds) {
    let live: Id = 0;
    let held: Id = idsToCrashed;
    let kept: Id = 0;
    for (let i = 0; i < ids.length; i++) {
      const x = machines[i]?.ids?.ofState(states[i] as S) ?? 0;
      if (alive[i] === true) live = idUnion(live, x);
      else if (crashed[i] === true) held = idUnion(held, x);
      else kept = idUnion(kept, x);
    }
    // Messages still queued: in flight to a node that will take them, else lost like the rest.
    let flying: Id = 0;
    queue.forEachQueued((slot, time) => {
      if (queue.type[slot] !== DELIVER) return;
      const to = queue.node[slot] as number;
      const x = idIn(to, queue.msg[slot]);
      if (x === 0) return;
      if (alive[to] === true || lingering(to, time)) flying = idUnion(flying, x);
      else if (crashed[to] === true) held = idUnion(held, x);
    });
    const covered = idUnion(live, flying);
    const withCrashes = idUnion(covered, held);
    const withNetwork = idUnion(withCrashes, idsDropped);
    const withKept = idUnion(withNetwork, kept);
    const initial = idMeasure(initialIds);
    const c = idMeasure(covered);
    const lost = Math.max(0, initial - c);
    const lostToCrashes = idMeasure(withCrashes) - c;
    const lostToNetwork = idMeasure(withNetwork) - idMeasure(withCrashes);
    const lostNoHeir = idMeasure(withKept) - idMeasure(withNetwork);
    idSpace = {
      initial,
      live: idMeasure(live),
      inFlight: c - idMeasure(live),
      lost,
      lostToCrashes,
      lostToNetwork,
      lostNoHeir,
      unexplained: Math.max(0, lost - lostToCrashes - lostToNetwork - lostNoHeir),
    };
  }
  const traceDoc =
    traceLimit > 0
      ? makeTrace(["now", "node", "input", "view", "violations"], trace, {
          meta: { source: "commons-spec simulate", seed: o.seed, truncated: traceTruncated },
        })
      : undefined;
  return {
    seed: o.seed,
    endTime,
    events,
    steps,
    ids,
    states,
    alive,
    adjacency: adj,
    messages: counts,
    sentByKind,
    deliveredByKind,
    violations,
    violationCounts,
    churn: churnDone,
    stoppedEarly: stopped,
    ...(idSpace !== undefined ? { idSpace } : {}),
    ...(traceDoc !== undefined ? { trace: traceDoc } : {}),
    traceTruncated,
  };
}
