/**
 * One commons-spec search for bench/spin.bench.ts, in its own process (so that its peak RSS is
 * its own): `node --import tsx bench/spin/run-commons.ts <Model> <config.json> [workers]`.
 * Safety only (no liveness), like Spin's `-DSAFETY`. Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { CATALOGUE } from "../../models/registry.js";
import { checkModel } from "../../src/engine/checker/bfs.js";

const [name, file, workersArg] = process.argv.slice(2);
const entry = CATALOGUE[name ?? ""];
if (entry === undefined || file === undefined) {
  console.error("usage: run-commons.ts <Model> <config.json> [workers]");
  process.exit(2);
}
const config = entry.configSchema.parse(JSON.parse(readFileSync(file, "utf8")));
const workers = Number(workersArg ?? "1");
const cpu0 = process.cpuUsage();
const r = checkModel(entry.model, config, {
  checkLiveness: false,
  now: () => performance.now(),
  ...(workers > 1 && entry.source !== undefined ? { workers, source: entry.source } : {}),
});
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    verdict: r.verdict,
    distinct: r.distinctStates,
    generated: r.generatedStates,
    depth: r.depth,
    searchSeconds: r.elapsedMs / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    statesPerSecond: r.statesPerSecond,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    workers: r.workers,
    bytesPerState: r.bytesPerState,
  }),
);
