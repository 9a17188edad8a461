/**
 * Need changes injected into a V1 or V2 run, and what they cost in time and traffic (issue 10:
 * the latency and peak-load claims S2-1, S3-1, S2-8). A scenario's `needChanges` plans Poisson
 * arrivals of need changes; the simulator fires each as the timer `sim:need=<quantity>` into one
 * recipient. The observer follows the messages (by object identity: a broadcast delivers the same
 * message object to every neighbour) and reports, per change:
 *
 * - publication: the first commitment the changed node sends at or after the change (it carries
 *   the new need: both protocols update the declaration at once);
 * - visibility: the first allocation (V2 `allocation`, V1 `results`) delivered to the changed node
 *   from a provider that had received a commitment carrying the change before sending it. A
 *   change that is never seen within the horizon counts as +∞ in the percentiles.
 *
 * and the messages sent per bin (default 1 s) over the change window, for the peak and the
 * peak-to-mean ratio of the message rate.
 */
import type { LogValue } from "../../core/protocols/machine.js";
import { needChangeOf, needChangeTimer } from "../../core/protocols/v2-node.js";
import { Rng } from "./rng.js";
import type { Population, Scenario } from "./scenario.js";
import type { StepRecord } from "./simulator.js";

export interface NeedChange {
  readonly at: number;
  readonly node: string;
  readonly need: number;
}

interface DeclLike {
  readonly need_slots: readonly { readonly quantity: number }[];
  readonly capacity_slots: readonly unknown[];
}

type NeedChangesConfig = NonNullable<Scenario["needChanges"]>;

/**
 * The planned changes: Poisson times in [from, until) from the seed's own stream, each to a
 * recipient that has a provider among its neighbours (a recipient no provider can serve has no
 * allocation to see), sorted by time.
 */
export function planNeedChanges(
  s: Scenario,
  c: NeedChangesConfig,
  ids: readonly string[],
  decls: readonly DeclLike[],
  adjacency: readonly (readonly number[])[],
): NeedChange[] {
  const rng = Rng.derive(s.seed, "need-changes");
  const eligible: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const d = decls[i];
    if (d === undefined || d.need_slots.length === 0) continue;
    if ((adjacency[i] ?? []).some((j) => (decls[j]?.capacity_slots.length ?? 0) > 0))
      eligible.push(i);
  }
  const out: NeedChange[] = [];
  if (eligible.length === 0) return out;
  const pop = Array.isArray(s.nodes) ? null : (s.nodes as Population);
  let t = c.from;
  for (;;) {
    t += rng.exponential(60_000 / c.perMinute);
    if (t >= c.until) break;
    const i = rng.pick(eligible);
    const current = decls[i]?.need_slots[0]?.quantity ?? 0;
    const need =
      pop === null
        ? current * (0.5 + rng.float())
        : pop.need.min + (pop.need.max - pop.need.min) * rng.float();
    out.push({ at: t, node: ids[i] as string, need: Math.round(need * 100) / 100 });
  }
  return out;
}

/** The injections the simulator fires for a plan. */
export function injectionsOf(plan: readonly NeedChange[]) {
  return plan.map((x) => ({ at: x.at, node: x.node, timer: needChangeTimer(x.need) }));
}

/** Nearest-rank percentile of numbers (+∞ allowed); null for an empty list. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

type Msg = { readonly type?: unknown; readonly grants?: unknown };

/** Follows one run's changes and message rates (hook `onStep` and `onSend` into the simulator). */
export function changeObserver(plan: readonly NeedChange[], c: NeedChangesConfig) {
  const byNode = new Map<string, number[]>();
  plan.forEach((x, k) => {
    const l = byNode.get(x.node) ?? [];
    l.push(k);
    byNode.set(x.node, l);
  });
  const fired = new Map<string, number>();
  /** The latest change applied at each node (index into the plan). */
  const latest = new Map<string, number>();
  const published: (number | null)[] = plan.map(() => null);
  const visible: (number | null)[] = plan.map(() => null);
  /** Per provider: the latest change of each recipient it has received a commitment for. */
  const heard = new Map<string, Map<string, number>>();
  /** Commitments carrying a change: the sender and the change; allocations: what they cover. */
  const commitments = new WeakMap<object, { node: string; k: number }>();
  const allocations = new WeakMap<object, ReadonlyMap<string, number>>();
  const nBins = Math.max(1, Math.ceil((c.until - c.from) / c.binMs));
  const bins = new Array<number>(nBins).fill(0);
  const typeOf = (m: unknown): string =>
    typeof m === "object" && m !== null ? String((m as Msg).type ?? "") : "";

  const onStep = (r: StepRecord): void => {
    const inp = r.input;
    if (inp.kind === "timer" && needChangeOf(inp.name) !== undefined) {
      const n = fired.get(r.node) ?? 0;
      const k = byNode.get(r.node)?.[n];
      fired.set(r.node, n + 1);
      if (k !== undefined) latest.set(r.node, k);
    } else if (inp.kind === "message" && typeof inp.msg === "object" && inp.msg !== null) {
      const m = inp.msg;
      const cm = commitments.get(m);
      if (cm !== undefined) {
        const h = heard.get(r.node) ?? new Map<string, number>();
        h.set(cm.node, Math.max(h.get(cm.node) ?? -1, cm.k));
        heard.set(r.node, h);
      }
      const covers = allocations.get(m)?.get(r.node);
      if (covers !== undefined)
        for (const k of byNode.get(r.node) ?? []) {
          if (k > covers) break;
          if (visible[k] === null) visible[k] = r.time - (plan[k] as NeedChange).at;
        }
    }
    for (const e of r.effects) {
      if (e.kind !== "broadcast" && e.kind !== "send") continue;
      const m = e.msg;
      if (typeof m !== "object" || m === null) continue;
      const type = typeOf(m);
      if (type === "commitment") {
        const k = latest.get(r.node);
        if (k === undefined) continue;
        commitments.set(m, { node: r.node, k });
        for (const j of byNode.get(r.node) ?? []) {
          if (j > k) break;
          if (published[j] === null) published[j] = r.time - (plan[j] as NeedChange).at;
        }
      } else if (type === "allocation" || type === "results") {
        const h = heard.get(r.node);
        if (h !== undefined && h.size > 0) allocations.set(m, new Map(h));
      }
    }
  };

  const onSend = (time: number): void => {
    if (time < c.from || time >= c.until) return;
    const b = Math.floor((time - c.from) / c.binMs);
    if (b < nBins) bins[b] = (bins[b] ?? 0) + 1;
  };

  const metrics = (): Record<string, LogValue | null> => {
    const inf = (x: number | null) => (x === null ? Number.POSITIVE_INFINITY : x);
    const fin = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
    const pubs = published.map(inf);
    const vis = visible.map(inf);
    const perSecond = 1000 / c.binMs;
    const total = bins.reduce((a, b) => a + b, 0);
    const peak = Math.max(...bins) * perSecond;
    // Over the window's length (its last bin may be partial), per second.
    const mean = (total * 1000) / (c.until - c.from);
    return {
      needChanges: plan.length,
      changesUnpublished: published.filter((x) => x === null).length,
      changesUnseen: visible.filter((x) => x === null).length,
      changeToPublishP50Ms: fin(percentile(pubs, 50)),
      changeToPublishP90Ms: fin(percentile(pubs, 90)),
      changeToPublishMaxMs: fin(percentile(pubs, 100)),
      changeToVisibleP50Ms: fin(percentile(vis, 50)),
      changeToVisibleP90Ms: fin(percentile(vis, 90)),
      changeToVisibleMaxMs: fin(percentile(vis, 100)),
      peakRate: peak,
      meanRate: mean,
      peakToMeanRate: mean > 0 ? peak / mean : null,
    };
  };

  return { onStep, onSend, metrics, published, visible };
}
