/**
 * commons-spec side by side with Spin on the same state spaces (bench/spin/*.pml, Promela
 * transcriptions of Router and DenominatorGossip at one configuration each, with the
 * configuration as JSON beside them).
 *
 *   bash bench/spin/setup.sh          # installs spin and gcc from Debian packages if missing
 *   npx tsx bench/spin.bench.ts [--rounds N] [--workers W]
 *
 * Spin: `spin -a`, `gcc -O2 -DSAFETY -DNOREDUCE` (exhaustive, no partial-order reduction, so
 * "states, stored" = our distinct states and "transitions" = our generated states), `./pan
 * -m100000 -w20`, under /usr/bin/time. commons-spec: bench/spin/run-commons.ts in its own
 * process, safety only (no liveness). Runs alternate (Spin, commons-spec, then commons-spec,
 * Spin, …) for N rounds (default 3) so that both see the same load; the C compile is not timed.
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
const workers = arg("--workers", 1);

const CONFIGS = [
  { model: "Router", file: "Router.big" },
  { model: "DenominatorGossip", file: "DenominatorGossip.big" },
] as const;

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

function runSpin(file: string): Run {
  const sub = join(dir, file);
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %U %S %M", "./pan", "-m100000", "-w20"], {
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

function runOurs(model: string, file: string): Run {
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
  "config                 round  spin states/s  ours states/s  ratio   spin cpu s  ours cpu s  spin RSS  ours RSS",
);
for (let k = 0; k < rounds; k++) {
  for (const c of CONFIGS) {
    const spinFirst = k % 2 === 0;
    let spin: Run;
    let ours: Run;
    if (spinFirst) {
      spin = runSpin(c.file);
      ours = runOurs(c.model, c.file);
    } else {
      ours = runOurs(c.model, c.file);
      spin = runSpin(c.file);
    }
    const same = spin.distinct === ours.distinct && spin.generated === ours.generated;
    const ratio = ours.statesPerSecond / spin.statesPerSecond;
    rows.push({ config: c.file, round: k + 1, spin, ours, ratio, sameCounts: same });
    console.log(
      `${c.file.padEnd(22)} ${String(k + 1).padStart(5)}  ${fmt(spin.statesPerSecond).padStart(13)}  ${fmt(ours.statesPerSecond).padStart(13)}  ${ratio.toFixed(3).padStart(5)}  ${spin.cpuSeconds.toFixed(2).padStart(10)}  ${ours.cpuSeconds.toFixed(2).padStart(10)}  ${spin.maxRssMiB.toFixed(0).padStart(5)} MiB ${ours.maxRssMiB.toFixed(0).padStart(5)} MiB${same ? "" : "  COUNTS DIFFER"}`,
    );
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
for (const c of CONFIGS) {
  const rs = rows.filter((r) => r["config"] === c.file).map((r) => r["ratio"] as number);
  console.log(`${c.file}: median ratio commons-spec / Spin = ${median(rs).toFixed(3)}`);
}
console.log(JSON.stringify({ workers, rounds, rows }));
