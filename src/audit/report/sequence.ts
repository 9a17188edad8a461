/**
 * A message-sequence diagram of a counterexample: for the models that run the protocol code on a
 * small network (src/engine/checker/machine-model.ts — V1Node, V2Node, P2PDenominator,
 * RouterNode), the ITF trace's states carry the messages in flight (`network`) and what each step
 * was (`last`: the node, and its input — start, timer, message, drop, duplicate). From these:
 * one lifeline per node, one arrow per message from the step that sent it to the step that
 * delivered (or dropped) it, or to the end of the trace while it is still in flight, and the
 * nodes' own steps (start, timer) as marks on their lifelines. The last step carries the property
 * the trace violates. Traces of the abstract models (no `network` or no `last`) have no
 * participants to draw: their counterexample stays a table.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Ledger } from "../ledger.js";
import type { Row } from "./csv.js";
import type { Figure } from "./figures.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type Fate = "delivered" | "dropped" | "in flight";

export interface SequenceMessage {
  /** 1-based, in the order sent (within one step, in the order of the network bag). */
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  /** The ITF state index of the step that sent it (0: in flight in the initial state). */
  readonly sentStep: number;
  readonly sentAt: number;
  /** The step that delivered or dropped it; null while still in flight at the end. */
  readonly endStep: number | null;
  readonly endAt: number | null;
  readonly fate: Fate;
  /** A copy made by the network's Duplicate fault. */
  readonly copy: boolean;
}

export interface SequenceEvent {
  readonly step: number;
  readonly at: number;
  readonly node: string;
  /** start, timer, duplicate, violation. */
  readonly kind: string;
  readonly label: string;
}

export interface MessageSequence {
  readonly model: string;
  readonly config: string;
  readonly property: string;
  readonly verdict: string;
  readonly participants: readonly string[];
  readonly messages: readonly SequenceMessage[];
  readonly events: readonly SequenceEvent[];
  /** The last state's index. */
  readonly lastStep: number;
}

const isObj = (v: Json | undefined): v is { [k: string]: Json } =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);

function num(v: Json | undefined): number {
  if (typeof v === "number") return v;
  if (isObj(v) && typeof v["#bigint"] === "string") return Number(v["#bigint"]);
  return NaN;
}

const str = (v: Json | undefined): string => (typeof v === "string" ? v : "");

/** The kind of a message still in flight (a delivered one takes the receiver's label). */
function kindOf(msg: Json | undefined): string {
  if (!isObj(msg)) return "?";
  if (typeof msg.kind === "string") return msg.kind;
  if (typeof msg.type === "string") return msg.type;
  return "?";
}

/**
 * The message sequence of an ITF trace's text, or why there is none (not JSON, not ITF, or a
 * model without a network of nodes).
 */
export function messageSequence(text: string): MessageSequence | string {
  let doc: { "#meta"?: Record<string, Json>; vars?: string[]; states?: { [k: string]: Json }[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  const states = doc.states;
  if (!Array.isArray(states) || !Array.isArray(doc.vars) || states.length === 0)
    return "not an ITF trace";
  if (!doc.vars.includes("network") || !doc.vars.includes("last") || !doc.vars.includes("nodes"))
    return "the model has no network of nodes (no messages to draw)";
  const first = states[0] as { [k: string]: Json };
  if (!isObj(first.nodes)) return "the initial state has no nodes";
  const participants = Object.keys(first.nodes);
  const messages: {
    -readonly [K in keyof SequenceMessage]: SequenceMessage[K];
  }[] = [];
  const events: SequenceEvent[] = [];
  /** Messages in flight by their envelope's text, oldest first (copies queue up). */
  const inFlight = new Map<string, number[]>();
  let prev: string[] = [];
  const add = (key: string, m: (typeof messages)[number]) => {
    messages.push(m);
    const q = inFlight.get(key) ?? [];
    q.push(messages.length - 1);
    inFlight.set(key, q);
  };
  for (let i = 0; i < states.length; i++) {
    const st = states[i] as { [k: string]: Json };
    const net = Array.isArray(st.network) ? st.network : [];
    const keys = net.map((e) => JSON.stringify(e));
    const at = num(st.now);
    const last = isObj(st.last) ? st.last : {};
    const input = isObj(last.input) ? last.input : {};
    const kind = str(input.kind);
    const node = str(last.node);
    // The bag's difference: what left it (delivered or dropped) and what joined it (sent).
    const before = new Map<string, number>();
    for (const k of prev) before.set(k, (before.get(k) ?? 0) + 1);
    const joined: number[] = [];
    keys.forEach((k, j) => {
      const c = before.get(k) ?? 0;
      if (c > 0) before.set(k, c - 1);
      else joined.push(j);
    });
    for (const [k, c] of before)
      for (let n = 0; n < c; n++) {
        const q = inFlight.get(k);
        const idx = q?.shift();
        if (idx === undefined) continue;
        const m = messages[idx] as (typeof messages)[number];
        m.endStep = i;
        m.endAt = at;
        m.fate = kind === "drop" ? "dropped" : "delivered";
        if (kind === "message" && input.msg !== undefined && str(input.msg) !== "")
          m.kind = str(input.msg);
      }
    for (const j of joined) {
      const e = net[j];
      if (!isObj(e)) continue;
      add(keys[j] as string, {
        index: messages.length + 1,
        from: str(e.from),
        to: str(e.to),
        kind: kindOf(e.msg),
        sentStep: i,
        sentAt: num(e.sent),
        endStep: null,
        endAt: null,
        fate: "in flight",
        copy: i > 0 && kind === "duplicate",
      });
    }
    if (i > 0 && (kind === "start" || kind === "timer" || kind === "duplicate"))
      events.push({
        step: i,
        at,
        node,
        kind,
        label:
          kind === "timer"
            ? `timer ${str(input.timer)}`
            : kind === "duplicate"
              ? `network copies a ${str(input.msg)} from ${str(input.from)}`
              : kind,
      });
    const violations = Array.isArray(last.violations) ? last.violations.map(str) : [];
    if (violations.length > 0)
      events.push({
        step: i,
        at,
        node,
        kind: "violation",
        label: `violates ${violations.join(", ")}`,
      });
    prev = keys;
  }
  const meta = doc["#meta"] ?? {};
  const lastStep = states.length - 1;
  const end = states[lastStep] as { [k: string]: Json };
  const lastNode = isObj(end.last) ? str(end.last.node) : "";
  const verdict = str(meta.verdict);
  const property = str(meta.property);
  if (
    lastNode !== "" &&
    property !== "" &&
    !events.some((e) => e.step === lastStep && e.kind === "violation")
  )
    events.push({
      step: lastStep,
      at: num(end.now),
      node: lastNode,
      kind: "violation",
      label: verdict === "liveness" ? `${property} fails (loop)` : `violates ${property}`,
    });
  return {
    model: str(meta.model),
    config: str(meta.config),
    property,
    verdict,
    participants,
    messages,
    events,
    lastStep,
  };
}

export const SEQUENCE_COLUMNS = [
  "series",
  "index",
  "from",
  "to",
  "kind",
  "fate",
  "copy",
  "sentStep",
  "endStep",
  "sentAt",
  "endAt",
  "label",
  "x",
  "x2",
  "y2",
  "midX",
  "midY",
  "angle",
] as const;

const PER_PARTICIPANT = 190;
const PER_STEP = 40;
/** Where along its arrow a message's label sits (0: sender, 1: receiver). */
const LABEL_AT = 0.3;
/** Pixels between the stacked labels of one arrow. */
const LABEL_LINE = 11;

/**
 * The diagram's rows (one per lifeline, message and event: the figure's CSV) and its Vega-Lite
 * specification. Participants sit at x = 0…n−1, steps run down the y axis; a message still in
 * flight ends half a step below the last state.
 */
export function sequenceFigure(s: MessageSequence): { rows: Row[]; spec: TopLevelSpec } {
  const n = s.participants.length;
  const pos = new Map(s.participants.map((p, i) => [p, i]));
  const bottom = s.lastStep + 0.5;
  const width = Math.max(300, PER_PARTICIPANT * n);
  const height = Math.max(220, PER_STEP * (s.lastStep + 1));
  // Pixel geometry (x domain [−0.5, n − 0.5], y domain [−0.5, bottom] top to bottom), for the
  // arrowheads' angle.
  const px = (x: number) => (width * (x + 0.5)) / n;
  const py = (y: number) => (height * (y + 0.5)) / (bottom + 0.5);
  const rows: Row[] = [];
  for (const p of s.participants)
    rows.push({
      series: "lifeline",
      index: null,
      from: p,
      to: null,
      kind: null,
      fate: null,
      copy: null,
      sentStep: 0,
      endStep: s.lastStep,
      sentAt: null,
      endAt: null,
      label: p,
      x: pos.get(p) ?? null,
    });
  /** Messages drawn on the same arrow (same ends) get their labels stacked, one line each. */
  const onArrow = new Map<string, number>();
  for (const m of s.messages) {
    const arrow = `${m.from}\u0000${m.to}\u0000${m.sentStep}\u0000${String(m.endStep)}`;
    const rank = onArrow.get(arrow) ?? 0;
    onArrow.set(arrow, rank + 1);
    const x = pos.get(m.from) ?? -1;
    const x2 = pos.get(m.to) ?? -1;
    const y2 = m.endStep ?? bottom;
    const angle = (Math.atan2(py(y2) - py(m.sentStep), px(x2) - px(x)) * 180) / Math.PI;
    rows.push({
      series: "message",
      index: m.index,
      from: m.from,
      to: m.to,
      kind: m.kind,
      fate: m.fate,
      copy: m.copy,
      sentStep: m.sentStep,
      endStep: m.endStep,
      sentAt: m.sentAt,
      endAt: m.endAt,
      label: `${m.index}: ${m.kind}${m.copy ? " (copy)" : ""}`,
      x,
      x2,
      y2,
      midX: x + LABEL_AT * (x2 - x),
      midY:
        m.sentStep + LABEL_AT * (y2 - m.sentStep) - (rank * LABEL_LINE * (bottom + 0.5)) / height,
      angle: Number(angle.toFixed(3)),
    });
  }
  for (const e of s.events)
    rows.push({
      series: "event",
      index: null,
      from: e.node,
      to: null,
      kind: e.kind,
      fate: null,
      copy: null,
      sentStep: e.step,
      endStep: null,
      sentAt: e.at,
      endAt: null,
      label: e.label,
      x: pos.get(e.node) ?? -1,
    });
  const X = { type: "quantitative" as const, scale: { domain: [-0.5, n - 0.5], nice: false } };
  const Y = {
    type: "quantitative" as const,
    scale: { domain: [-0.5, bottom], reverse: true, nice: false, zero: false },
  };
  const only = (series: string) => ({ filter: { field: "series", equal: series } });
  const fates: Fate[] = ["delivered", "dropped", "in flight"];
  const spec: TopLevelSpec = {
    width,
    height,
    data: { values: rows },
    layer: [
      {
        transform: [only("lifeline")],
        mark: { type: "rule", color: "#888", strokeWidth: 1.5 },
        encoding: {
          x: {
            ...X,
            field: "x",
            axis: {
              orient: "top",
              title: null,
              values: s.participants.map((_, i) => i),
              labelExpr: `${JSON.stringify(s.participants)}[datum.value]`,
              grid: false,
              labelFontWeight: "bold",
            },
          },
          y: {
            ...Y,
            field: "sentStep",
            axis: {
              title: "step of the trace (ITF state index)",
              values: Array.from({ length: s.lastStep + 1 }, (_, i) => i),
              grid: false,
            },
          },
          y2: { field: "endStep" },
        },
      },
      {
        transform: [only("message")],
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: {
          x: { ...X, field: "x" },
          x2: { field: "x2" },
          y: { ...Y, field: "sentStep" },
          y2: { field: "y2" },
          color: { field: "kind", type: "nominal", title: "message" },
          strokeDash: {
            field: "fate",
            type: "nominal",
            title: "fate",
            scale: {
              domain: fates,
              range: [
                [1, 0],
                [3, 3],
                [1, 3],
              ],
            },
          },
        },
      },
      {
        name: "arrowheads",
        transform: [only("message")],
        mark: { type: "point", filled: true, size: 90, opacity: 1 },
        encoding: {
          x: { ...X, field: "x2" },
          y: { ...Y, field: "y2" },
          angle: { field: "angle", type: "quantitative", scale: null },
          shape: {
            field: "fate",
            type: "nominal",
            scale: { domain: fates, range: ["triangle-right", "cross", "circle"] },
            legend: null,
          },
          color: { field: "kind", type: "nominal" },
        },
      },
      {
        transform: [only("message")],
        mark: { type: "text", fontSize: 9, dy: -5, color: "#333" },
        encoding: {
          x: { ...X, field: "midX" },
          y: { ...Y, field: "midY" },
          text: { field: "label" },
        },
      },
      {
        transform: [only("event")],
        mark: { type: "square", size: 60, opacity: 1 },
        encoding: {
          x: { ...X, field: "x" },
          y: { ...Y, field: "sentStep" },
          color: {
            condition: { test: "datum.kind === 'violation'", value: "#d62728" },
            value: "#555",
          },
        },
      },
      {
        transform: [only("event")],
        mark: { type: "text", fontSize: 10, align: "left", dx: 7, dy: 0 },
        encoding: {
          x: { ...X, field: "x" },
          y: { ...Y, field: "sentStep" },
          text: { field: "label" },
          color: {
            condition: { test: "datum.kind === 'violation'", value: "#d62728" },
            value: "#555",
          },
        },
      },
    ],
  };
  return { rows, spec };
}

const safe = (x: string) => x.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");

/**
 * One diagram per counterexample trace of the audit that has messages (in catalogue order, each
 * trace once), citing every claim whose evidence names that trace. `trace` tells the page to
 * draw it beside the trace's table.
 */
export function sequenceFigures(
  l: Ledger,
  artifacts: ReadonlyMap<string, string>,
): (Figure & { readonly trace: string })[] {
  const byTrace = new Map<string, { keys: string[]; claims: string[]; label: string }>();
  for (const c of l.claims)
    for (const e of c.evidence) {
      const path = e.model?.trace;
      if (path === undefined) continue;
      const had = byTrace.get(path) ?? { keys: [], claims: [], label: e.label };
      if (!had.keys.includes(e.key)) had.keys.push(e.key);
      if (!had.claims.includes(c.id)) had.claims.push(c.id);
      byTrace.set(path, had);
    }
  const out: (Figure & { readonly trace: string })[] = [];
  for (const [path, { keys, claims, label }] of byTrace) {
    const text = artifacts.get(path);
    if (text === undefined) continue;
    const s = messageSequence(text);
    if (typeof s === "string" || s.messages.length === 0) continue;
    const { rows, spec } = sequenceFigure(s);
    const count = (f: Fate) => s.messages.filter((m) => m.fate === f).length;
    const copies = s.messages.filter((m) => m.copy).length;
    out.push({
      id: `msc-${safe(`${s.model}-${s.config}`)}`,
      trace: path,
      title: `${s.model}/${s.config}: the counterexample to ${s.property} as a message-sequence diagram`,
      caption:
        `The shortest counterexample the model checker found (${path}, its table below), drawn as messages between the ${s.participants.length} nodes (${s.participants.join(", ")}), one lifeline each, time running down by step of the trace. ` +
        `Each of the ${s.messages.length} messages is one arrow, numbered in the order sent (messages sent in one step in the order of the network's bag), from the step that sent it to the step that delivered it` +
        `${count("dropped") > 0 ? ` or dropped it (${count("dropped")}, dashed, ×)` : ""}; ${count("in flight")} still in flight when the trace ends are dotted, to a circle below the last step. ${count("delivered")} delivered${copies > 0 ? `, ${copies} copies made by the network` : ""}. ` +
        `Squares: a node's own steps (start, timer); red: the step where ${s.verdict === "liveness" ? "the lasso closes" : "the property is violated"}. ` +
        `A counterexample is one behaviour, not a measurement: one is enough to refute the claim, so no seeds are pooled; the nodes' random streams are the configuration's.`,
      evidenceKeys: keys,
      evidenceLabel: label,
      claims,
      seeds: 1,
      columns: SEQUENCE_COLUMNS,
      rows,
      spec,
    });
  }
  return out;
}
