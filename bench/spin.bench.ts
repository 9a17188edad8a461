/**
 * commons-spec side by side with Spin on the same state spaces (bench/spin/*.pml, Promela
 * transcriptions of Router and DenominatorGossip at one configuration each, with the
 * configuration as JSON beside them).
 *
 *   bash bench/spin/setup.sh          # optional: installs spin and gcc from Debian packages
 *   npx tsx bench/spin.bench.ts [--rounds N] [--workers W] [--large] [--baseline DIR]
 *
 * Spin is optional: without `spin` or `gcc` on the PATH the Spin column is skipped (with a
 * message) and only commons-spec runs. With them: `spin -a`, `gcc -O2 -DSAFETY -DNOREDUCE`
 * (exhaustive, no partial-order reduction, so "states, stored" = our distinct states and
 * "transitions" = our generated states), `./pan -m100000 -w20` (Router.large: `-m2000000
 * -w23`), under /usr/bin/time. commons-spec: bench/spin/run-commons.ts in its own process,
 * safety only (no liveness), on one thread and, when W > 1 (default 2), on W worker threads.
 * `--baseline DIR` also runs DIR's bench/spin/run-commons.ts (another checkout of the project,
 * e.g. a `git worktree` of an older commit with node_modules): before/after in the same run.
 * Runs alternate (Spin first in odd rounds, last in even ones) for N rounds (default 3) so that
 * all see the same load; the C compile is not timed. `--large` adds Router.large (lanes 8+1,
 * TTL 4: 4 272 954 states), once.
 *
 * Per configuration and round: distinct states/s over each tool's own search time (Spin's
 * "elapsed time", our elapsedMs), the ratio commons-spec / Spin, CPU seconds of the whole
 * process, peak RSS, and bytes per state (ours: the checker's estimate including the frontier
 * at its largest; both: peak RSS / distinct states). Checks that every run found the same
 * distinct and generated counts. Prints a table, the median ratios, then one JSON line.
 * With W > 1, also the CPU seconds (all threads of the process, worker start included) per
 * million distinct states on 1 and on W threads — with `--baseline`, the baseline's too — and
 * the 1-minute load average after each configuration's runs: on a shared machine the CPU
 * figures carry over, the wall ratio "×1" only when the load is low.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const rounds = arg("--rounds", 3);
const workers = arg("--workers", 2);
const large = process.argv.includes("--large");
const baselineAt = process.argv.indexOf("--baseline");
const baseline = baselineAt >= 0 ? resolve(process.argv[baselineAt + 1] ?? "") : undefined;
if (baseline !== undefined && !existsSync(join(baseline, "bench/spin/run-commons.ts"))) {
  console.error(`--baseline ${baseline}: no bench/spin/run-commons.ts there`);
  process.exit(2);
}

/** `pan` flags: the search-depth limit and hash-table size Spin needs, no more (its RSS). */
const SMALL = ["-m100000", "-w20"];
const CONFIGS: readonly { model: string; file: string; pan: readonly string[]; once?: true }[] = [
  { model: "Router", file: "Router.big", pan: SMALL },
  { model: "DenominatorGossip", file: "DenominatorGossip.big", pan: SMALL },
  ...(large
    ? [{ model: "Router", file: "Router.large", pan: ["-m2000000", "-w23"], once: true as const }]
    : []),
];

const have = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const withSpin = have("spin") && have("gcc") && have("/usr/bin/time");
if (!withSpin)
  console.log(
    "spin, gcc or /usr/bin/time not found: the Spin column is skipped (bash bench/spin/setup.sh installs them)",
  );

const dir = mkdtempSync(join(tmpdir(), "spin-bench-"));
if (withSpin)
  for (const c of CONFIGS) {
    const sub = join(dir, c.file);
    cpSync(`bench/spin/${c.file}.pml`, join(sub, "model.pml"), { recursive: true });
    execFileSync("spin", ["-a", "model.pml"], { cwd: sub, stdio: "ignore" });
    execFileSync("gcc", ["-O2", "-DSAFETY", "-DNOREDUCE", "-w", "-o", "pan", "pan.c"], {
      cwd: sub,
      stdio: "ignore",
    });
  }

interface Run {
  readonly distinct: number;
  readonly generated: number;
  readonly searchSeconds: number;
  readonly cpuSeconds: number;
  readonly statesPerSecond: number;
  readonly maxRssMiB: number;
  /** The checker's own estimate (ours only). */
  readonly bytesPerState?: number;
}

function runSpin(file: string, pan: readonly string[]): Run {
  const sub = join(dir, file);
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %U %S %M", "./pan", ...pan], {
    cwd: sub,
    encoding: "utf8",
  });
  const out = `${r.stdout}\n${r.stderr}`;
  const num = (re: RegExp) => Number((re.exec(out) ?? [])[1] ?? NaN);
  const t = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(out);
  const distinct = num(/(\d+) states, stored/);
  const searchSeconds = num(/elapsed time ([\d.e+-]+) seconds/);
  return {
    distinct,
    generated: num(/(\d+) transitions/),
    searchSeconds,
    cpuSeconds: t === null ? NaN : Number(t[1]) + Number(t[2]),
    statesPerSecond: distinct / searchSeconds,
    maxRssMiB: t === null ? NaN : Number(t[3]) / 1024,
  };
}

function runOurs(model: string, file: string, workers: number, root = "."): Run {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "bench/spin/run-commons.ts"),
      model,
      resolve(`bench/spin/${file}.json`),
      String(workers),
    ],
    { encoding: "utf8", cwd: root },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Run;
}

const rows: Record<string, unknown>[] = [];
const fmt = (x: number) => Math.round(x).toLocaleString("en-US").replace(/,/g, " ");
const perState = (r: Run) => (r.maxRssMiB * 1024 * 1024) / r.distinct;
const cols = [
  "config",
  "round",
  ...(withSpin ? ["spin st/s"] : []),
  "ours st/s",
  ...(withSpin ? ["ratio"] : []),
  ...(baseline !== undefined
    ? ["before st/s", ...(withSpin ? ["ratio"] : []), "after/before"]
    : []),
  ...(workers > 1 ? [`${workers} workers st/s`, "×1"] : []),
  "cpu s spin/ours" + (baseline !== undefined ? "/before" : ""),
  "RSS MiB spin/ours",
  "B/state ours est., RSS/state spin/ours",
  ...(workers > 1
    ? [
        `CPU s per M states 1/${workers}` +
          (baseline !== undefined ? `/before 1/before ${workers}` : ""),
        ...(baseline !== undefined ? [`before ${workers} workers st/s`] : []),
        "load",
      ]
    : []),
];
console.log(cols.join(" | "));
for (let k = 0; k < rounds; k++) {
  for (const c of CONFIGS) {
    if (c.once === true && k > 0) continue;
    const jobs: (() => void)[] = [];
    let spin: Run | undefined;
    let one: Run | undefined;
    let par: Run | undefined;
    let before: Run | undefined;
    let beforePar: Run | undefined;
    if (withSpin) jobs.push(() => (spin = runSpin(c.file, c.pan)));
    jobs.push(() => (one = runOurs(c.model, c.file, 1)));
    if (baseline !== undefined) jobs.push(() => (before = runOurs(c.model, c.file, 1, baseline)));
    if (workers > 1) jobs.push(() => (par = runOurs(c.model, c.file, workers)));
    if (workers > 1 && baseline !== undefined)
      jobs.push(() => (beforePar = runOurs(c.model, c.file, workers, baseline)));
    if (k % 2 === 1) jobs.reverse();
    for (const j of jobs) j();
    const o = one as unknown as Run;
    const counts = [spin, par, before, beforePar].filter((r): r is Run => r !== undefined);
    const same = counts.every((r) => r.distinct === o.distinct && r.generated === o.generated);
    const ratio = spin !== undefined ? o.statesPerSecond / spin.statesPerSecond : NaN;
    const ratioBefore =
      spin !== undefined && before !== undefined
        ? before.statesPerSecond / spin.statesPerSecond
        : NaN;
    const gain = before !== undefined ? o.statesPerSecond / before.statesPerSecond : NaN;
    const speedup = par !== undefined ? par.statesPerSecond / o.statesPerSecond : NaN;
    const cpuPerM = (r: Run | undefined) =>
      r === undefined ? NaN : (r.cpuSeconds * 1e6) / r.distinct;
    const load = Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
    rows.push({
      config: c.file,
      round: k + 1,
      spin,
      ours: o,
      before,
      parallel: par,
      beforeParallel: beforePar,
      cpuPerMillion: {
        one: cpuPerM(o),
        par: cpuPerM(par),
        before: cpuPerM(before),
        beforePar: cpuPerM(beforePar),
      },
      load,
      ratio,
      ratioBefore,
      gain,
      speedup,
      sameCounts: same,
    });
    const cells = [
      c.file,
      String(k + 1),
      ...(spin !== undefined ? [fmt(spin.statesPerSecond)] : []),
      fmt(o.statesPerSecond),
      ...(spin !== undefined ? [ratio.toFixed(3)] : []),
      ...(before !== undefined
        ? [
            fmt(before.statesPerSecond),
            ...(spin !== undefined ? [ratioBefore.toFixed(3)] : []),
            gain.toFixed(2),
          ]
        : []),
      ...(par !== undefined ? [fmt(par.statesPerSecond), speedup.toFixed(2)] : []),
      [
        spin?.cpuSeconds.toFixed(2) ?? "–",
        o.cpuSeconds.toFixed(2),
        ...(before !== undefined ? [before.cpuSeconds.toFixed(2)] : []),
      ].join(" / "),
      `${spin?.maxRssMiB.toFixed(0) ?? "–"} / ${o.maxRssMiB.toFixed(0)}`,
      `${(o.bytesPerState ?? NaN).toFixed(1)}, ${spin !== undefined ? perState(spin).toFixed(0) : "–"} / ${perState(o).toFixed(0)}`,
      ...(workers > 1
        ? [
            [
              cpuPerM(o),
              cpuPerM(par),
              ...(baseline !== undefined ? [cpuPerM(before), cpuPerM(beforePar)] : []),
            ]
              .map((x) => x.toFixed(2))
              .join(" / "),
            ...(beforePar !== undefined ? [fmt(beforePar.statesPerSecond)] : []),
            load.toFixed(1),
          ]
        : []),
    ];
    console.log(cells.join(" | ") + (same ? "" : "  COUNTS DIFFER"));
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
for (const c of CONFIGS) {
  const of = (key: string) =>
    median(rows.filter((r) => r["config"] === c.file).map((r) => r[key] as number));
  console.log(
    `${c.file}: median ` +
      (withSpin
        ? `ratio commons-spec / Spin ${of("ratio").toFixed(3)}`
        : `${fmt(median(rows.filter((r) => r["config"] === c.file).map((r) => (r["ours"] as Run).statesPerSecond)))} states/s (no Spin)`) +
      (baseline !== undefined
        ? `${withSpin ? `, before ${of("ratioBefore").toFixed(3)}` : ""}, after/before ${of("gain").toFixed(2)}×`
        : "") +
      (workers > 1 ? `; ${workers} workers / 1 thread ${of("speedup").toFixed(2)}×` : ""),
  );
}
console.log(JSON.stringify({ workers, rounds, baseline, rows }));
