/**
 * One scenario run for profiling (issue 12):
 *
 *   nice -n 10 node --cpu-prof --import tsx bench/sim-profile.ts <scenario> [--duration MS] [--nodes N]
 *
 * `<scenario>` is a built-in name or a scenario JSON file; `--duration` / `--nodes` override its
 * virtual duration and population size. Prints the messages sent, the CPU seconds of the run alone
 * (set-up excluded) and messages per CPU-second.
 */
import { readFileSync } from "node:fs";
import { runScenario } from "../src/engine/sim/run.js";
import { parseScenarioDocument } from "../src/engine/sim/scenario.js";
import { builtinScenario } from "../src/engine/sim/builtins.js";

const args = process.argv.slice(2);
const opt = (k: string): string | undefined => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const target = args[0];
if (target === undefined || target.startsWith("--")) {
  console.error("usage: bench/sim-profile.ts <scenario> [--duration MS] [--nodes N]");
  process.exit(2);
}
const doc: unknown = builtinScenario(target)?.document ?? JSON.parse(readFileSync(target, "utf8"));
const d = { ...(doc as Record<string, unknown>) };
if (opt("--duration") !== undefined) d["duration"] = Number(opt("--duration"));
if (opt("--nodes") !== undefined)
  d["nodes"] = { ...(d["nodes"] as Record<string, unknown>), count: Number(opt("--nodes")) };
const p = parseScenarioDocument(d, "bench");
if (!p.ok) throw new Error(p.errors.join("\n"));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const c0 = cpu();
const out = runScenario(p.runs[0] as Parameters<typeof runScenario>[0]);
const s = cpu() - c0;
const sent = out.report.messages.sent;
console.log(
  `${target}: ${sent} messages in ${s.toFixed(2)} s CPU: ${Math.round(sent / s)} messages/CPU-s`,
);
