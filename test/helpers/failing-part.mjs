/**
 * A stand-in for the CLI as `audit --jobs` starts it for one part (`childCommand`), for tests of
 * parts that fail: `node test/helpers/failing-part.mjs 1=kill 2=garbage -- audit … --shard i/n
 * … --out DIR` ends part i the way named for it, without running anything:
 *   exit      prints an internal error and exits 70, as a crashed CLI does
 *   usage     prints a usage error and exits 2
 *   kill      kills itself with SIGKILL (out of memory, a killed job)
 *   garbage   exits 0 with a ledger.json that is not JSON
 *   none      exits 0 and writes nothing
 *   hang      never ends by itself (a listening socket keeps it alive): stopped by the parent
 *   copy:DIR  exits 0 with a copy of DIR (a finished audit's output) as its output
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import process from "node:process";

const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
const plan = new Map(
  argv.slice(0, sep).map((m) => [m.slice(0, m.indexOf("=")), m.slice(m.indexOf("=") + 1)]),
);
const args = argv.slice(sep + 1);
const value = (name) => args[args.indexOf(name) + 1];
const index = value("--shard").split("/")[0];
const out = value("--out");
const mode = plan.get(index) ?? "none";

if (mode === "exit") {
  process.stderr.write(`commons-spec: internal error: Error: planted crash of part ${index}\n`);
  process.exit(70);
} else if (mode === "usage") {
  process.stderr.write("commons-spec: planted usage error\n");
  process.exit(2);
} else if (mode === "kill") {
  process.kill(process.pid, "SIGKILL");
} else if (mode === "garbage") {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "ledger.json"), "{");
} else if (mode === "hang") {
  createServer().listen(0, "127.0.0.1");
} else if (mode.startsWith("copy:")) {
  cpSync(mode.slice("copy:".length), out, { recursive: true });
}
