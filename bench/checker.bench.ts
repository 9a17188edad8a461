/**
 * Model-checker benchmark.
 *
 *   npx tsx bench/checker.bench.ts [--quick]
 *
 * 1. Fingerprints: canonical text + 64-bit hash of 10⁶ near-identical states (states per
 *    second, MB of canonical text per second) and the number of colliding fingerprints among
 *    them (expected 0: the birthday bound for 10⁶ uniform 64-bit values is 2.7·10⁻⁸).
 * 2. Breadth-first search on each model, on a configuration large enough to reach the target,
 *    stopped at 10⁵ distinct states (and 10⁶ for the models that get there within about a
 *    minute; --quick skips those; --huge runs only the 10⁷ searches): distinct states per second, bytes per stored state (the
 *    fingerprint store: fingerprint, parent, action, hash slot; plus the liveness graph when
 *    kept), and the checker's peak memory estimate per state (store + queued states); `--model
 *    NAME` runs only that model's rows. Models
 *    whose whole state space is smaller are run to completion and reported as such. Liveness is
 *    off (plain search), except in the row that measures it.
 *
 * Prints a table, then one JSON line with every figure.
 */
import { MODELS } from "../models/registry.js";
import { checkModel } from "../src/engine/checker/bfs.js";
import { canonicalText, hashText64 } from "../src/engine/checker/fingerprint.js";
import { StateStore } from "../src/engine/checker/state-store.js";

const quick = process.argv.includes("--quick");
/** `--huge`: only the 10⁷-state searches (minutes each; run with a larger heap, see RESULTS.md). */
const huge = process.argv.includes("--huge");
/** `--model NAME`: only that model's rows. */
const only = process.argv.includes("--model")
  ? process.argv[process.argv.indexOf("--model") + 1]
  : undefined;

function fingerprintBench(n: number) {
  const store = new StateStore(n);
  const out = new Uint32Array(2);
  let bytes = 0;
  let collisions = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    // Distinct, near-identical states: small integers that differ in one or two fields.
    const text = canonicalText({
      alloc: {
        P1: { R1: i % 10, R2: Math.floor(i / 10) % 10 },
        P2: { R1: Math.floor(i / 100) % 10 },
      },
      seen: [Math.floor(i / 1000) % 10, Math.floor(i / 10_000)],
      tag: "x",
    });
    bytes += text.length;
    hashText64(text, out);
    if (store.add(out[0] as number, out[1] as number, -1, 0) < 0) collisions++;
  }
  const ms = performance.now() - t0;
  return {
    states: n,
    statesPerSecond: Math.round((n * 1000) / ms),
    textMBPerSecond: Number((bytes / 1e6 / (ms / 1000)).toFixed(1)),
    collisions,
  };
}

interface Case {
  readonly model: string;
  readonly label: string;
  readonly config: unknown;
  readonly targets: readonly number[];
  readonly liveness?: boolean;
}

const CASES: readonly Case[] = [
  {
    model: "ItcCausality",
    label: "3 procs, 4 events, 1 in flight, id depth 2",
    config: { maxProcs: 3, maxEvents: 4, maxBag: 1, maxIdDepth: 2 },
    targets: [1e5, 1e6],
  },
  {
    // The configuration above has 2 447 324 states in all: one more event for 10⁷.
    model: "ItcCausality",
    label: "3 procs, 5 events, 1 in flight, id depth 2",
    config: { maxProcs: 3, maxEvents: 5, maxBag: 1, maxIdDepth: 2 },
    targets: [1e7],
  },
  {
    model: "SlotAllocation",
    label: "naive, async, capacities 4/3, needs 4/3",
    config: {
      ...(MODELS["SlotAllocation"]?.configs["naive"]?.config as object),
      capacity: { P1: 4, P2: 3 },
      need: { R1: 4, R2: 3 },
    },
    targets: [1e5, 1e6],
  },
  {
    model: "SlotAllocation",
    label: "same, liveness graph kept",
    config: {
      ...(MODELS["SlotAllocation"]?.configs["naive"]?.config as object),
      capacity: { P1: 4, P2: 3 },
      need: { R1: 4, R2: 3 },
    },
    targets: [1e5],
    liveness: true,
  },
  {
    model: "DenominatorGossip",
    label: "corrected, capacity 20, needs 20/20",
    config: { capacity: 20, need: { R1: 20, R2: 20 }, book: "corrected" },
    targets: [1e5],
  },
  {
    model: "V1Rounds",
    label: "all peers, 64 rounds (whole space)",
    config: { thresholdPct: 100, maxRound: 64, partitions: false },
    targets: [1e5],
  },
  {
    model: "Router",
    label: "4 items, lanes 8+1, LRU 2, TTL 4",
    config: {
      items: 4,
      lanes: "split",
      laneCapacity: 8,
      controlCapacity: 1,
      cacheSize: 2,
      ttl: 4,
      refreshOnDrop: false,
    },
    targets: [1e5, 1e6],
  },
  {
    // The configuration above has 4 272 954 states in all: a longer TTL for 10⁷.
    model: "Router",
    label: "4 items, lanes 8+1, LRU 2, TTL 6",
    config: {
      items: 4,
      lanes: "split",
      laneCapacity: 8,
      controlCapacity: 1,
      cacheSize: 2,
      ttl: 6,
      refreshOnDrop: false,
    },
    targets: [1e7],
  },
];

const fp = fingerprintBench(huge ? 1000 : 1_000_000);
console.log(
  `fingerprints: ${fp.statesPerSecond} states/s (${fp.textMBPerSecond} MB/s of canonical text), ${fp.collisions} collisions among ${fp.states}`,
);

const rows: Record<string, unknown>[] = [];
console.log(
  "\nmodel              configuration                               target    distinct  complete  states/s  B/stored  B/state(est)",
);
for (const c of CASES) {
  const m = MODELS[c.model];
  if (m === undefined) throw new Error(c.model);
  if (only !== undefined && c.model !== only) continue;
  for (const target of c.targets) {
    if (quick && target > 1e5) continue;
    if (huge !== target >= 1e7) continue;
    const r = checkModel(m.model, c.config, {
      maxStates: target,
      checkLiveness: c.liveness === true,
      checkDeadlock: false,
      now: () => performance.now(),
    });
    const row = {
      model: c.model,
      config: c.label,
      target,
      distinctStates: r.distinctStates,
      complete: r.stoppedBy === undefined,
      verdict: r.verdict,
      statesPerSecond: Math.round(r.statesPerSecond),
      bytesPerStoredState: Number(r.bytesPerState.toFixed(1)),
      estimatedBytesPerState: Math.round(r.memoryBytes / Math.max(1, r.distinctStates)),
      seconds: Number((r.elapsedMs / 1000).toFixed(1)),
      /** Peak resident set of the whole process so far (MiB). */
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    rows.push(row);
    console.log(
      `${c.model.padEnd(18)} ${c.label.padEnd(43)} ${String(target).padStart(7)} ${String(row.distinctStates).padStart(10)}  ${String(row.complete).padEnd(8)} ${String(row.statesPerSecond).padStart(9)} ${String(row.bytesPerStoredState).padStart(9)} ${String(row.estimatedBytesPerState).padStart(13)}  ${row.seconds} s, peak RSS ${row.peakRssMiB} MiB`,
    );
  }
}
console.log(JSON.stringify({ fingerprints: fp, search: rows }));
