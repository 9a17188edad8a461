/**
 * The figures of SPEC §6.4 and §6.5 from the package (`commons-spec dynamics`): seed 000's worked
 * example played by the reference allocation in rounds (`runDynamics`) under every schedule,
 * residual and damping variant, with the round-by-round trajectory of each; and the §6.4 table,
 * how many of a sample of random small networks (the property generator `arbNetwork`, drawn from
 * a seed) settle within a round limit under each variant. Deterministic: no clock, no
 * Math.random; the sample is fast-check's `sample` at the given seed.
 */
import fc from "fast-check";
import { arbNetwork } from "../../properties/dynamics.js";
import { SEED_000_NETWORK } from "../../properties/examples.js";
import {
  DYNAMICS_SCHEDULES,
  runDynamics,
  type DynamicsNetwork,
  type DynamicsSchedule,
} from "../core/dynamics.js";
import { RESIDUAL_VARIANTS, type ResidualVariant } from "../core/residual.js";
import { round6 } from "./intervals.js";

/** One variant of the many-provider dynamics. */
export interface DynamicsVariant {
  readonly schedule: DynamicsSchedule;
  readonly residual: ResidualVariant;
  readonly damping: boolean;
}

/** Every variant, in the order of SPEC §6.4's table. */
export const DYNAMICS_VARIANTS: readonly DynamicsVariant[] = DYNAMICS_SCHEDULES.flatMap(
  (schedule) =>
    [...RESIDUAL_VARIANTS]
      .reverse()
      .flatMap((residual) => [true, false].map((damping) => ({ schedule, residual, damping }))),
);

/** SPEC §6.4's sample: 300 networks drawn at seed 3, at most 400 rounds. */
export const DYNAMICS_TABLE_DEFAULTS = { networks: 300, seed: 3, maxRounds: 400 } as const;

/** SPEC §6.5: settled when nothing moves by 0.001; 200 rounds at most. */
export const WORKED_EXAMPLE_DEFAULTS = { maxRounds: 200, epsilon: 0.001 } as const;

export interface TrajectoryRound {
  readonly round: number;
  /** grants["P1→R1"] etc. */
  readonly grants: Readonly<Record<string, number>>;
  readonly received: Readonly<Record<string, number>>;
  readonly damping: Readonly<Record<string, number>>;
  readonly maxGrantDelta: number;
}

export interface WorkedExampleRun extends DynamicsVariant {
  readonly settledAt: number | null;
  readonly rounds: number;
  readonly trajectory: readonly TrajectoryRound[];
}

function grantsOf(net: DynamicsNetwork, g: Record<string, Record<string, Record<string, number>>>) {
  const out: Record<string, number> = {};
  for (const p of net.providers)
    for (const r of net.recipients) {
      const byNeed = g[p.pubKey]?.[r.pubKey] ?? {};
      out[`${p.pubKey}→${r.pubKey}`] = round6(Object.values(byNeed).reduce((a, b) => a + b, 0));
    }
  return out;
}

const roundAll = (x: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round6(v)]));

/** Seed 000's worked example under one variant, round by round. */
export function workedExample(
  v: DynamicsVariant,
  o: { maxRounds?: number; epsilon?: number } = {},
): WorkedExampleRun {
  const net = SEED_000_NETWORK;
  const run = runDynamics(net, {
    ...v,
    maxRounds: o.maxRounds ?? WORKED_EXAMPLE_DEFAULTS.maxRounds,
    epsilon: o.epsilon ?? WORKED_EXAMPLE_DEFAULTS.epsilon,
  });
  return {
    ...v,
    settledAt: run.settledAt,
    rounds: run.rounds.length,
    trajectory: run.rounds.map((r) => ({
      round: r.round,
      grants: grantsOf(net, r.grants),
      received: roundAll(r.received),
      damping: roundAll(r.dampingFactors),
      maxGrantDelta: round6(r.maxGrantDelta),
    })),
  };
}

export interface DynamicsTableRow extends DynamicsVariant {
  readonly settled: number;
  readonly networks: number;
  /** Median round at which the settled networks settled (null: none did). */
  readonly medianSettleRound: number | null;
}

export interface DynamicsTable {
  readonly seed: number;
  readonly networks: number;
  readonly maxRounds: number;
  readonly rows: readonly DynamicsTableRow[];
}

/** SPEC §6.4's table: settled networks per variant over a sample drawn from `seed`. */
export function dynamicsTable(
  o: { seed?: number; networks?: number; maxRounds?: number } = {},
  onRow?: (r: DynamicsTableRow, done: number, total: number) => void,
): DynamicsTable {
  const seed = o.seed ?? DYNAMICS_TABLE_DEFAULTS.seed;
  const networks = o.networks ?? DYNAMICS_TABLE_DEFAULTS.networks;
  const maxRounds = o.maxRounds ?? DYNAMICS_TABLE_DEFAULTS.maxRounds;
  const sample = fc.sample(arbNetwork, { seed, numRuns: networks });
  const rows: DynamicsTableRow[] = [];
  for (const v of DYNAMICS_VARIANTS) {
    const at = sample
      .map((net) => runDynamics(net, { ...v, maxRounds }).settledAt)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    const row: DynamicsTableRow = {
      ...v,
      settled: at.length,
      networks,
      medianSettleRound: at.length === 0 ? null : (at[Math.floor((at.length - 1) / 2)] ?? null),
    };
    rows.push(row);
    onRow?.(row, rows.length, DYNAMICS_VARIANTS.length);
  }
  return { seed, networks, maxRounds, rows };
}

/** The command that reproduces a table or the worked example. */
export function dynamicsCommand(o: {
  part?: "example" | "table";
  seed?: number;
  networks?: number;
  maxRounds?: number;
}): string {
  return [
    "commons-spec dynamics",
    ...(o.part !== undefined ? [`--only ${o.part}`] : []),
    ...(o.seed !== undefined ? [`--seed ${o.seed}`] : []),
    ...(o.networks !== undefined ? [`--networks ${o.networks}`] : []),
    ...(o.maxRounds !== undefined ? [`--max-rounds ${o.maxRounds}`] : []),
  ].join(" ");
}

const variantName = (v: DynamicsVariant) =>
  `${v.schedule} · ${v.residual} · damping ${v.damping ? "on" : "off"}`;

/** The worked example: every variant's outcome, then the §6.5 run's trajectory. */
export function formatWorkedExample(
  runs: readonly WorkedExampleRun[],
  show?: DynamicsVariant,
): string {
  const out = [
    "Seed 000's worked example (SPEC §6.5): R1 needs 500, R2 300; P1 has 400 (MR 0.6 / 0.4), P2 300 (MR 0.3 / 0.7)",
    `played by the reference allocation in rounds; settled = no grant or denominator moves by ${WORKED_EXAMPLE_DEFAULTS.epsilon} in a round`,
    "",
  ];
  const w = Math.max(...runs.map((r) => variantName(r).length));
  for (const r of runs) {
    const last = r.trajectory.at(-1);
    out.push(
      `  ${variantName(r).padEnd(w)}  ${r.settledAt === null ? `never settles within ${r.rounds} rounds` : `settles at round ${r.settledAt}`}` +
        (last !== undefined
          ? `; last round: R1 receives ${last.received["R1"]?.toFixed(2)}, R2 ${last.received["R2"]?.toFixed(2)}`
          : ""),
    );
  }
  const shown =
    show === undefined
      ? runs[0]
      : runs.find(
          (r) =>
            r.schedule === show.schedule &&
            r.residual === show.residual &&
            r.damping === show.damping,
        );
  if (shown !== undefined) {
    const keys = Object.keys(shown.trajectory[0]?.grants ?? {});
    const cols = [...keys, "R1 total", "R2 total", "damping R1", "damping R2", "largest move"];
    const w = (k: string) => Math.max(k.length, 9);
    const num = (x: number | undefined) =>
      x === undefined ? "" : Number.isFinite(x) ? x.toFixed(4) : "–";
    out.push(
      "",
      `trajectory, ${variantName(shown)}:`,
      `  ${"round".padStart(5)}  ${cols.map((k) => k.padStart(w(k))).join("  ")}`,
    );
    for (const t of shown.trajectory) {
      const cells = [
        ...keys.map((k) => num(t.grants[k])),
        num(t.received["R1"]),
        num(t.received["R2"]),
        String(t.damping["R1"] ?? ""),
        String(t.damping["R2"] ?? ""),
        num(t.maxGrantDelta),
      ];
      out.push(
        `  ${String(t.round).padStart(5)}  ${cells.map((c, i) => c.padStart(w(cols[i] ?? ""))).join("  ")}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

/** The §6.4 table as text. */
export function formatDynamicsTable(t: DynamicsTable): string {
  const out = [
    `SPEC §6.4: ${t.networks} random networks (1–3 providers, 1–4 recipients, one slot each; generator arbNetwork, seed ${t.seed}), at most ${t.maxRounds} rounds`,
    "",
    "| schedule | residual | damping | settled | median settle round |",
    "|---|---|---|---|---|",
    ...t.rows.map(
      (r) =>
        `| ${r.schedule} | ${r.residual} | ${r.damping ? "on" : "off"} | ${r.settled} / ${r.networks} | ${r.medianSettleRound ?? "–"} |`,
    ),
  ];
  return `${out.join("\n")}\n`;
}
