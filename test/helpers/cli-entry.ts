/**
 * The CLI from the sources, for tests that start it as a child process (`audit --jobs`):
 * `node --import tsx test/helpers/cli-entry.ts ARGS…` runs what `bin/commons-spec.js ARGS…` runs
 * from the build.
 */
import { guardProcess, main } from "../../src/cli/main.js";

guardProcess();
process.exitCode = await main(process.argv.slice(2));
