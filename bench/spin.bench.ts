/**
 * commons-spec side by side with Spin on the same state spaces (bench/spin/*.pml, Promela
 * transcriptions of Router and DenominatorGossip at one configuration each, with the
 * configuration as JSON beside them).
 *
 *   bash bench/spin/setup.sh          # installs spin and gcc from Debian packages if missing
 *   npx tsx bench/spin.bench.ts [--rounds N] [--workers W] [--large]
 *
 * Spin: `spin -a`, `gcc -O2 -DSAFETY -DNOREDUCE` (exhaustive, no partial-order reduction, so
 * "states, stored" = our distinct states and "transitions" = our generated states), `./pan
 * -m100000 -w20` (Router.large: `-m2000000 -w23`), under /usr/bin/time. commons-spec: bench/spin/run-commons.ts in its own
 * process, safety only (no liveness), on one thread and on W worker threads (default 2). Runs
 * alternate (Spin, commons-spec, then commons-spec, Spin, …) for N rounds (default 3) so that
 * both see the same load; the C compile is not timed. `--large` adds Router.large (lanes 8+1,
 * TTL 4: 4 272 954 states), once.
 *
 * Per configuration and round: distinct states/s over each tool's own search time (Spin's
 * "elapsed time", our elapsedMs), the ratio commons-spec / Spin, CPU seconds of the whole
 * process and peak RSS. Checks that both found the same distinct and generated counts. Prints a
 * table, the median ratio, then one JSON line.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const rounds = arg("--rounds", 3);
const workers = arg("--workers", 2);
const large = process.argv.includes("--large");

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
if (!have("spin") || !have("gcc")) {
  console.log("spin or gcc missing: running bench/spin/setup.sh");
  execFileSync("bash", ["bench/spin/setup.sh"], { stdio: "inherit" });
}

const dir = mkdtempSync(join(tmpdir(), "spin-bench-"));
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

function runOurs(model: string, file: string, workers: number): Run {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "bench/spin/run-commons.ts",
      model,
      `bench/spin/${file}.json`,
      String(workers),
    ],
    { encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Run;
}

const rows: Record<string, unknown>[] = [];
const fmt = (x: number) => Math.round(x).toLocaleString("en-US").replace(/,/g, " ");
console.log(
  `config                 round  spin states/s  ours (1) states/s  ratio  ours (${workers}) states/s  ratio  ×1  spin cpu s  ours cpu s (1/${workers})  RSS spin / ours (1/${workers})`,
);
for (let k = 0; k < rounds; k++) {
  for (const c of CONFIGS) {
    if (c.once === true && k > 0) continue;
    const spinFirst = k % 2 === 0;
    let spin: Run;
    let one: Run;
    let par: Run;
    if (spinFirst) {
      spin = runSpin(c.file, c.pan);
      one = runOurs(c.model, c.file, 1);
      par = runOurs(c.model, c.file, workers);
    } else {
      par = runOurs(c.model, c.file, workers);
      one = runOurs(c.model, c.file, 1);
      spin = runSpin(c.file, c.pan);
    }
    const same =
      spin.distinct === one.distinct &&
      spin.generated === one.generated &&
      par.distinct === one.distinct &&
      par.generated === one.generated;
    const ratio = one.statesPerSecond / spin.statesPerSecond;
    const ratioPar = par.statesPerSecond / spin.statesPerSecond;
    const speedup = par.statesPerSecond / one.statesPerSecond;
    rows.push({
      config: c.file,
      round: k + 1,
      spin,
      ours: one,
      parallel: par,
      ratio,
      ratioParallel: ratioPar,
      speedup,
      sameCounts: same,
    });
    console.log(
      `${c.file.padEnd(22)} ${String(k + 1).padStart(5)}  ${fmt(spin.statesPerSecond).padStart(13)}  ${fmt(one.statesPerSecond).padStart(17)}  ${ratio.toFixed(3)}  ${fmt(par.statesPerSecond).padStart(17)}  ${ratioPar.toFixed(3)}  ${speedup.toFixed(2)}  ${spin.cpuSeconds.toFixed(2).padStart(10)}  ${one.cpuSeconds.toFixed(2).padStart(8)} / ${par.cpuSeconds.toFixed(2)}  ${spin.maxRssMiB.toFixed(0)} / ${one.maxRssMiB.toFixed(0)} / ${par.maxRssMiB.toFixed(0)} MiB${same ? "" : "  COUNTS DIFFER"}`,
    );
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
    `${c.file}: median ratio commons-spec / Spin = ${of("ratio").toFixed(3)} (1 thread), ${of("ratioParallel").toFixed(3)} (${workers} workers); parallel speed-up ${of("speedup").toFixed(2)}×`,
  );
}
console.log(JSON.stringify({ workers, rounds, rows }));
