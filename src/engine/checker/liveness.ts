/**
 * Liveness under weak fairness on an explored state graph, by strongly connected components.
 *
 * A counterexample to ◇P (or to P ~> Q) is a fair behaviour that, from some point on, stays in
 * "bad" states (¬P, resp. ¬Q after a state satisfying P ∧ ¬Q). Restricted to bad states, every
 * infinite behaviour ends up cycling inside one SCC, and as in TLA+ a behaviour may stutter,
 * so a single state is a cycle too. Weak fairness of an action A (WF_vars(A)) rejects a cycle
 * in which A is enabled in every state and never taken. Within one SCC C, the cycle that visits
 * every state and every internal edge is the fairest one, so:
 *
 *   C contains a fair cycle  ⇔  for every fair action A: A is disabled somewhere in C,
 *                                  or some edge inside C is an A step.
 *
 * (A is "enabled" in a state when it has a successor other than the state itself, as
 * ENABLED ⟨A⟩_vars; self-loops are not steps.) The lasso returned is: the shortest path from
 * Init to the trigger state (from the search's parent pointers), then a shortest path inside bad
 * states to the nearest fair SCC, then a cycle in that SCC that visits, for each fair action,
 * an edge taking it (if it is enabled throughout) or a state where it is disabled.
 *
 * Graphs are typed arrays (CSR), not graphology graphs: the checker keeps them for hundreds of
 * thousands of states, where a per-node object costs ten times more.
 */

/** The explored graph as the search recorded it. */
export interface ExploredGraph {
  readonly size: number;
  /** 1 when the state was expanded (its edges and enabled set are known). */
  readonly expanded: Uint8Array;
  /** Edges of state i are edgeTarget[edgeStart[i] .. edgeStart[i+1]); length size + 1. */
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
  readonly edgeAction: Uint16Array;
  /** Words per state in `enabled`. */
  readonly enabledWords: number;
  /** Bit a of state i: action a has a successor of i other than i. */
  readonly enabled: Uint32Array;
}

/** A lasso as state indices: stem (Init … cycle entry), then the cycle back to the entry. */
export interface LassoIndices {
  /** From an initial state to the cycle's entry state (inclusive). */
  readonly stem: readonly number[];
  /** Action indices of the stem's steps (stem.length − 1 of them). */
  readonly stemActions: readonly number[];
  /** States after the entry around the cycle (empty when the cycle is stuttering at the entry). */
  readonly cycle: readonly number[];
  /**
   * Action indices around the cycle, cycle.length + 1 of them; the last returns to the entry.
   * −1 marks a stuttering step.
   */
  readonly cycleActions: readonly number[];
}

export interface FairLassoQuery {
  /** States in which the awaited predicate does not hold. */
  bad(i: number): boolean;
  /** Where a counterexample may start waiting (initial ¬P states; P ∧ ¬Q states). */
  start(i: number): boolean;
  /** Indices of the actions under weak fairness. */
  readonly fairActions: readonly number[];
  /** The search's shortest path from Init to state i. */
  stemTo(i: number): { states: number[]; actions: number[] };
}

function bit(words: Uint32Array, base: number, a: number): boolean {
  return (((words[base + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;
}

/**
 * Finds a fair lasso that stays in bad states from a start state on, or returns undefined if
 * none exists (the property holds on this graph).
 */
export function findFairLasso(g: ExploredGraph, q: FairLassoQuery): LassoIndices | undefined {
  const n = g.size;
  const eligible = new Uint8Array(n);
  for (let i = 0; i < n; i++) eligible[i] = g.expanded[i] === 1 && q.bad(i) ? 1 : 0;

  // Tarjan's algorithm, iterative.
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let sp = 0;
  let csp = 0;
  let counter = 0;
  let comps = 0;
  for (let root = 0; root < n; root++) {
    if (eligible[root] !== 1 || index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callEdge[csp] = g.edgeStart[root] as number;
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1] as number;
      const e = callEdge[csp - 1] as number;
      if (e < (g.edgeStart[v + 1] as number)) {
        callEdge[csp - 1] = e + 1;
        const w = g.edgeTarget[e] as number;
        if (w === v || eligible[w] !== 1) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp] = g.edgeStart[w] as number;
          csp++;
        } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
          low[v] = index[w] as number;
        }
      } else {
        if (low[v] === index[v]) {
          for (;;) {
            const w = stack[--sp] as number;
            onStack[w] = 0;
            comp[w] = comps;
            if (w === v) break;
          }
          comps++;
        }
        csp--;
        if (csp > 0) {
          const u = callNode[csp - 1] as number;
          if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
        }
      }
    }
  }
  if (comps === 0) return undefined;

  // Per component: actions enabled in all its states, actions taken on its internal edges.
  const W = g.enabledWords;
  const allEnabled = new Uint32Array(comps * W).fill(0xffffffff);
  const taken = new Uint32Array(comps * W);
  for (let v = 0; v < n; v++) {
    const c = comp[v] as number;
    if (c < 0) continue;
    for (let w = 0; w < W; w++)
      allEnabled[c * W + w] = (allEnabled[c * W + w] as number) & (g.enabled[v * W + w] as number);
    for (let e = g.edgeStart[v] as number; e < (g.edgeStart[v + 1] as number); e++) {
      const t = g.edgeTarget[e] as number;
      if (t !== v && comp[t] === c) {
        const a = g.edgeAction[e] as number;
        taken[c * W + (a >>> 5)] = (taken[c * W + (a >>> 5)] as number) | (1 << (a & 31));
      }
    }
  }
  const fairComp = new Uint8Array(comps);
  let anyFair = false;
  for (let c = 0; c < comps; c++) {
    let fair = true;
    for (const a of q.fairActions)
      if (bit(allEnabled, c * W, a) && !bit(taken, c * W, a)) {
        fair = false;
        break;
      }
    fairComp[c] = fair ? 1 : 0;
    anyFair ||= fair;
  }
  if (!anyFair) return undefined;

  // Bad states that can reach a fair component through bad states (backward BFS).
  const inCount = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    if (eligible[v] !== 1) continue;
    for (let e = g.edgeStart[v] as number; e < (g.edgeStart[v + 1] as number); e++) {
      const t = g.edgeTarget[e] as number;
      if (t !== v && eligible[t] === 1) inCount[t + 1] = (inCount[t + 1] as number) + 1;
    }
  }
  for (let i = 0; i < n; i++) inCount[i + 1] = (inCount[i + 1] as number) + (inCount[i] as number);
  const fill = inCount.slice(0, n);
  const preds = new Int32Array(inCount[n] as number);
  for (let v = 0; v < n; v++) {
    if (eligible[v] !== 1) continue;
    for (let e = g.edgeStart[v] as number; e < (g.edgeStart[v + 1] as number); e++) {
      const t = g.edgeTarget[e] as number;
      if (t !== v && eligible[t] === 1) {
        preds[fill[t] as number] = v;
        fill[t] = (fill[t] as number) + 1;
      }
    }
  }
  const canReach = new Uint8Array(n);
  const queue = new Int32Array(n);
  let qh = 0;
  let qt = 0;
  for (let v = 0; v < n; v++)
    if ((comp[v] as number) >= 0 && fairComp[comp[v] as number] === 1) {
      canReach[v] = 1;
      queue[qt++] = v;
    }
  while (qh < qt) {
    const v = queue[qh++] as number;
    for (let k = inCount[v] as number; k < (inCount[v + 1] as number); k++) {
      const u = preds[k] as number;
      if (canReach[u] === 0) {
        canReach[u] = 1;
        queue[qt++] = u;
      }
    }
  }

  // The trigger: the first such state in discovery (= BFS) order, so the stem is shortest.
  let s = -1;
  for (let v = 0; v < n; v++)
    if (canReach[v] === 1 && q.start(v)) {
      s = v;
      break;
    }
  if (s < 0) return undefined;

  const inFair = (v: number) => (comp[v] as number) >= 0 && fairComp[comp[v] as number] === 1;
  const toFair = shortestPath(g, s, inFair, (v) => eligible[v] === 1);
  if (toFair === undefined) return undefined; // unreachable: s can reach a fair component
  const entry = toFair.states[toFair.states.length - 1] as number;
  const c = comp[entry] as number;
  const inC = (v: number) => comp[v] === c;

  // The cycle: for each fair action, an edge taking it or a state where it is disabled.
  const cycleStates: number[] = [];
  const cycleActions: number[] = [];
  let cur = entry;
  const walk = (goal: (v: number) => boolean) => {
    const p = shortestPath(g, cur, goal, inC);
    if (p === undefined)
      throw new Error("liveness: a strongly connected component is not strongly connected");
    for (let k = 1; k < p.states.length; k++) {
      cycleStates.push(p.states[k] as number);
      cycleActions.push(p.actions[k - 1] as number);
    }
    cur = p.states[p.states.length - 1] as number;
  };
  for (const a of q.fairActions) {
    if (bit(allEnabled, c * W, a)) {
      // Walk to the source of an internal a-edge, then take it.
      let from = -1;
      let to = -1;
      for (let v = 0; v < n && from < 0; v++) {
        if (comp[v] !== c) continue;
        for (let e = g.edgeStart[v] as number; e < (g.edgeStart[v + 1] as number); e++) {
          const t = g.edgeTarget[e] as number;
          if (t !== v && comp[t] === c && g.edgeAction[e] === a) {
            from = v;
            to = t;
            break;
          }
        }
      }
      walk((v) => v === from);
      cycleStates.push(to);
      cycleActions.push(a);
      cur = to;
    } else {
      const base = (v: number) => v * W;
      walk((v) => !bit(g.enabled, base(v), a));
    }
  }
  if (cycleStates.length === 0) {
    // Every fair action is disabled at the entry: stutter there forever.
    return { ...stem(q, s, toFair), cycle: [], cycleActions: [-1] };
  }
  if (cur === entry) {
    // Already back at the entry: the last state of the walk is the entry itself.
    cycleStates.pop();
  } else {
    walk((v) => v === entry);
    cycleStates.pop();
  }
  return { ...stem(q, s, toFair), cycle: cycleStates, cycleActions };
}

function stem(
  q: FairLassoQuery,
  s: number,
  toFair: { states: number[]; actions: number[] },
): { stem: number[]; stemActions: number[] } {
  const head = q.stemTo(s);
  return {
    stem: [...head.states, ...toFair.states.slice(1)],
    stemActions: [...head.actions, ...toFair.actions],
  };
}

/**
 * Shortest path (BFS over recorded edges) from `from` to the first state satisfying `goal`,
 * moving only through states satisfying `allowed` (and never along self-loops). A path of
 * length 0 when `from` satisfies `goal`.
 */
function shortestPath(
  g: ExploredGraph,
  from: number,
  goal: (v: number) => boolean,
  allowed: (v: number) => boolean,
): { states: number[]; actions: number[] } | undefined {
  if (goal(from)) return { states: [from], actions: [] };
  const prev = new Map<number, { p: number; a: number }>();
  prev.set(from, { p: -1, a: -1 });
  const queue: number[] = [from];
  for (let h = 0; h < queue.length; h++) {
    const v = queue[h] as number;
    for (let e = g.edgeStart[v] as number; e < (g.edgeStart[v + 1] as number); e++) {
      const t = g.edgeTarget[e] as number;
      if (t === v || prev.has(t) || !allowed(t)) continue;
      prev.set(t, { p: v, a: g.edgeAction[e] as number });
      if (goal(t)) {
        const states: number[] = [];
        const actions: number[] = [];
        let x = t;
        while (x !== from) {
          const step = prev.get(x) as { p: number; a: number };
          states.push(x);
          actions.push(step.a);
          x = step.p;
        }
        states.push(from);
        return { states: states.reverse(), actions: actions.reverse() };
      }
      queue.push(t);
    }
  }
  return undefined;
}
