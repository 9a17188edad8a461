/**
 * `commons-spec dynamics [--only example|table] [--networks N] [--max-rounds R] [--seed S]
 * [--schedule …] [--residual …] [--damping on|off] [--json]`: SPEC §6.5's worked example played
 * by the reference allocation in rounds under every variant, with the trajectory of one, and
 * SPEC §6.4's table of settled random networks per variant. Deterministic (seed printed);
 * exit 0 when it ran, 2 on a bad option (named).
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { DYNAMICS_SCHEDULES, type DynamicsSchedule } from "../core/dynamics.js";
import { RESIDUAL_VARIANTS, type ResidualVariant } from "../core/residual.js";
import {
  DYNAMICS_TABLE_DEFAULTS,
  DYNAMICS_VARIANTS,
  dynamicsCommand,
  dynamicsTable,
  formatDynamicsTable,
  formatWorkedExample,
  workedExample,
} from "../audit/dynamics-report.js";
import { EXIT, type CliIO } from "./io.js";

interface DynamicsOptions {
  readonly only?: "example" | "table";
  readonly networks?: number;
  readonly maxRounds?: number;
  readonly seed?: number;
  readonly schedule?: DynamicsSchedule;
  readonly residual?: ResidualVariant;
  readonly damping?: "on" | "off";
  readonly json?: boolean;
}

const intArg = (lo: number, hi: number) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi)
    throw new InvalidArgumentError(`must be an integer from ${lo} to ${hi}`);
  return Number(v);
};

/** Runs `dynamics` with parsed options; returns the exit code. */
export function runDynamicsCommand(o: DynamicsOptions, io: CliIO): number {
  const seed = o.seed ?? DYNAMICS_TABLE_DEFAULTS.seed;
  const networks = o.networks ?? DYNAMICS_TABLE_DEFAULTS.networks;
  const maxRounds = o.maxRounds ?? DYNAMICS_TABLE_DEFAULTS.maxRounds;
  const shown = {
    schedule: o.schedule ?? "synchronous",
    residual: o.residual ?? "net-of-others",
    damping: (o.damping ?? "on") === "on",
  } as const;
  const example = o.only === "table" ? undefined : DYNAMICS_VARIANTS.map((v) => workedExample(v));
  const table = o.only === "example" ? undefined : dynamicsTable({ seed, networks, maxRounds });
  const replay = dynamicsCommand({
    ...(o.only !== undefined ? { part: o.only } : {}),
    ...(table !== undefined ? { seed, networks, maxRounds } : {}),
  });
  if (o.json === true) {
    io.out(
      `${JSON.stringify(
        {
          ...(example !== undefined ? { workedExample: example } : {}),
          ...(table !== undefined ? { table } : {}),
          reproduce: replay,
        },
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  if (example !== undefined) io.out(formatWorkedExample(example, shown));
  if (table !== undefined) {
    if (example !== undefined) io.out("\n");
    io.out(formatDynamicsTable(table));
  }
  io.out(`\n${table !== undefined ? `seed ${seed}; ` : ""}replay: ${replay}\n`);
  return EXIT.ok;
}

export function registerDynamicsCommand(
  program: Command,
  io: CliIO,
  result: { code: number },
): void {
  program
    .command("dynamics")
    .description(
      "seed 000's worked example in rounds (SPEC §6.5, every variant, one trajectory) and the §6.4 table of settled random networks",
    )
    .addOption(
      new Option("--only <part>", "only the worked example or the table").choices([
        "example",
        "table",
      ]),
    )
    .option(
      "--networks <n>",
      `random networks in the table (default ${DYNAMICS_TABLE_DEFAULTS.networks})`,
      intArg(1, 100_000),
    )
    .option(
      "--max-rounds <r>",
      `rounds before a network counts as not settled (default ${DYNAMICS_TABLE_DEFAULTS.maxRounds})`,
      intArg(1, 1_000_000),
    )
    .option(
      "--seed <s>",
      `seed of the table's sample (default ${DYNAMICS_TABLE_DEFAULTS.seed})`,
      intArg(0, 0x7fffffff),
    )
    .addOption(
      new Option("--schedule <s>", "the trajectory to print: schedule").choices([
        ...DYNAMICS_SCHEDULES,
      ]),
    )
    .addOption(
      new Option("--residual <r>", "the trajectory to print: residual").choices([
        ...RESIDUAL_VARIANTS,
      ]),
    )
    .addOption(
      new Option("--damping <d>", "the trajectory to print: damping").choices(["on", "off"]),
    )
    .option("--json", "print every trajectory and the table as JSON")
    .action((opts: DynamicsOptions) => {
      result.code = runDynamicsCommand(opts, io);
    });
}
