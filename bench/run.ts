/**
 * Runs every benchmark in its own process (so one's heap does not skew another), prints their
 * output, and collects each one's final JSON line into bench/results/latest.json together with
 * the date, the machine and the command. Record figures in bench/RESULTS.md from that file.
 *
 *   npm run bench [-- seed]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

const BENCHES = [
  "bench/allocation.bench.ts",
  "bench/compat.bench.ts",
  "bench/itc.bench.ts",
  "bench/checker.bench.ts",
];
const seedArgs = process.argv.slice(2);
const results: Record<string, unknown> = {};
for (const file of BENCHES) {
  console.log(`\n== ${file}`);
  const out = execFileSync(process.execPath, ["--import", "tsx", file, ...seedArgs], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(out);
  const lines = out.trim().split("\n");
  const last = lines[lines.length - 1] ?? "";
  try {
    results[file] = JSON.parse(last);
  } catch {
    results[file] = { error: "no final JSON line" };
  }
}
const cpu = cpus()[0];
const record = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpu?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  command: `npm run bench${seedArgs.length > 0 ? ` -- ${seedArgs.join(" ")}` : ""}`,
  results,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.json", `${JSON.stringify(record, null, 2)}\n`);
console.log("\nwrote bench/results/latest.json");
