#!/usr/bin/env node
import { guardProcess, main } from "../dist/src/cli/main.js";

guardProcess();
process.exitCode = await main(process.argv.slice(2));
