// The files a user writes, per kind of project, for the consumer test (test/consumer/run.mjs).
// Every adapter uses the reference ITC operations from the installed package, so a correct
// adapter passes; the buggy one's `event` returns the stamp unchanged, which ITC-4 ("event
// strictly increases the stamp") must catch.

/** The buggy adapter must fail with this invariant, and exit 1. */
export const BUG_ID = "ITC-4";

const OPS = ["seed", "fork", "event", "join", "peek", "leq", "encode", "decode"];

function itcPart(bug, indent) {
  const ops = OPS.map((op) => `${op}: ${op === "event" && bug ? "(s) => s" : `itc.${op}`}`);
  return [
    `${indent}${ops.join(", ")},`,
    `${indent}toStamp: (s) => s,`,
    `${indent}fromStamp: (j) => j,`,
  ].join("\n");
}

/**
 * An adapter's source. `syntax`: "esm" (import/export: .ts .mts .mjs, and .js in an ES module
 * project), "cts" (TypeScript compiled as CommonJS) or "cjs" (require/module.exports). `style`
 * varies how the implementation is exported, to cover every form `verify` accepts.
 */
export function adapterSource({ name, bug, syntax, style }) {
  const part = itcPart(bug, "    ");
  const body = `{\n  name: "${name}",\n  itc: {\n${part}\n  },\n}`;
  if (syntax === "cjs") {
    const head = `const { defineImplementation, itc } = require("commons-spec");\n\n`;
    return style === "named"
      ? `${head}exports.implementation = defineImplementation(${body});\n`
      : `${head}module.exports = defineImplementation(${body});\n`;
  }
  const head = `import { defineImplementation, itc } from "commons-spec";\n\n`;
  if (syntax === "cts" && style === "export=")
    return `import cs = require("commons-spec");\nconst { defineImplementation, itc } = cs;\n\nexport = defineImplementation(${body});\n`;
  return style === "named"
    ? `${head}export const implementation = defineImplementation(${body});\n`
    : `${head}export default defineImplementation(${body});\n`;
}

/**
 * A TypeScript adapter that imports the user's own module as `./my-itc.js` (the NodeNext
 * spelling of `./my-itc.ts`), as real projects do.
 */
export const TS_WITH_LOCAL_IMPORT = {
  "good-local.ts": `import { defineImplementation } from "commons-spec";
import { mine } from "./my-itc.js";

export default defineImplementation({
  name: "good-local",
  itc: { ...mine, toStamp: (s) => s, fromStamp: (j) => j },
});
`,
  "my-itc.ts": `import { itc } from "commons-spec";

/** The user's ITC (here the reference's operations). */
export const mine = {
  seed: itc.seed,
  fork: itc.fork,
  event: itc.event,
  join: itc.join,
  peek: itc.peek,
  leq: itc.leq,
} as const;
`,
};

/**
 * The three entry points, by \`import\` or \`require\`, from one file of each module kind: the
 * named exports exist, \`import\` and \`require\` give the very same instance (no dual-package
 * hazard), and the arbitraries drive fast-check properties.
 */
export const ENTRY_CHECK = `
const expect = (cond, what) => {
  if (!cond) throw new Error("entry check failed: " + what);
};
async function checkEntries(viaRequire, viaImport, fc) {
  for (const [label, m] of [["require", viaRequire], ["import", viaImport]]) {
    const [root, props, arbs] = m;
    for (const k of ["defineImplementation", "registerSuites", "referenceImplementation", "itc", "allocate", "CoreError", "checkModel"])
      expect(root[k] !== undefined, label + " commons-spec: " + k);
    expect(typeof props.referenceCatalog === "function", label + " commons-spec/properties: referenceCatalog");
    expect(typeof arbs.arbStamp === "function", label + " commons-spec/arbitraries: arbStamp");
  }
  expect(viaRequire[0].itc === viaImport[0].itc, "require and import give one instance (itc)");
  expect(viaRequire[0].CoreError === viaImport[0].CoreError, "require and import give one instance (CoreError)");
  expect(viaRequire[2].arbStamp === viaImport[2].arbStamp, "one instance of commons-spec/arbitraries");
  const { itc } = viaImport[0];
  fc.assert(fc.property(viaImport[2].arbStamp(), (s) => itc.leq(itc.peek(s), s)), { numRuns: 50, seed: 1 });
  let thrown;
  try { itc.join(itc.seed(), itc.seed()); } catch (e) { thrown = e; }
  expect(thrown instanceof viaRequire[0].CoreError, "a CoreError thrown by the ES module is instanceof the required class");
}
`;

export const ENTRY_CJS = `${ENTRY_CHECK}
(async () => {
  const viaImport = [await import("commons-spec"), await import("commons-spec/properties"), await import("commons-spec/arbitraries")];
  await checkEntries(
    [require("commons-spec"), require("commons-spec/properties"), require("commons-spec/arbitraries")],
    viaImport,
    require("fast-check"),
  );
  console.log("entries ok (require from CommonJS)");
})().catch((e) => { console.error(e); process.exitCode = 1; });
`;

export const ENTRY_ESM = `import { createRequire } from "node:module";
import * as fc from "fast-check";
import * as root from "commons-spec";
import * as props from "commons-spec/properties";
import * as arbs from "commons-spec/arbitraries";
${ENTRY_CHECK}
const require = createRequire(import.meta.url);
await checkEntries(
  [require("commons-spec"), require("commons-spec/properties"), require("commons-spec/arbitraries")],
  [root, props, arbs],
  fc,
);
console.log("entries ok (import from an ES module)");
`;

/**
 * Loads each adapter through the installed package's own loader (the one \`verify\` uses), on
 * the main thread and inside a worker_thread, and checks that the adapter's \`commons-spec\` is
 * the loader's instance.
 */
export const LOAD_PROBE = `import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = resolve("node_modules/commons-spec/dist/src");
const { loadImplementation } = await import(pathToFileURL(dist + "/verify/load.js").href);
const cs = await import("commons-spec");

async function probe(file) {
  const r = await loadImplementation(file, process.cwd());
  if (!r.ok) return file + ": " + r.error.message;
  if (r.value.itc?.seed !== cs.itc.seed) return file + ": its commons-spec is another instance";
  return null;
}

if (isMainThread) {
  const files = process.argv.slice(2);
  const problems = [];
  for (const f of files) {
    const p = await probe(f);
    if (p) problems.push("main thread: " + p);
  }
  const fromWorker = await new Promise((ok, fail) => {
    const w = new Worker(new URL(import.meta.url), { workerData: files });
    w.once("message", ok);
    w.once("error", fail);
  });
  problems.push(...fromWorker.map((p) => "worker_thread: " + p));
  if (problems.length > 0) {
    console.error(problems.join("\\n"));
    process.exit(1);
  }
  console.log("loaded " + files.length + " adapters on the main thread and in a worker_thread");
} else {
  const problems = [];
  for (const f of workerData) {
    const p = await probe(f);
    if (p) problems.push(p);
  }
  parentPort.postMessage(problems);
}
`;

/** A user's vitest file: the suites of an adapter as vitest tests (`load`: how it imports it). */
export function vitestSpec(load) {
  return `import { describe, it } from "vitest";
import { registerSuites } from "commons-spec";
${load}

registerSuites(impl, { describe, it }, { runsFactor: 0.2 });
`;
}

/** A user's node:test file, ES module (`import`) or CommonJS (`require`). */
export function nodeTestFile(load, esm) {
  return esm
    ? `import { describe, it } from "node:test";
import { registerSuites } from "commons-spec";
${load}

registerSuites(impl, { describe, it }, { runsFactor: 0.2 });
`
    : `const { describe, it } = require("node:test");
const { registerSuites } = require("commons-spec");
${load}

registerSuites(impl, { describe, it }, { runsFactor: 0.2 });
`;
}

/**
 * TypeScript files that use the public types from each entry point, checked by tsc under
 * each moduleResolution (ES module and CommonJS files).
 */
export const TYPES_USE = `import {
  defineImplementation,
  itc,
  registerSuites,
  type Implementation,
  type Stamp,
  type TestRunnerHooks,
} from "commons-spec";
import { referenceCatalog } from "commons-spec/properties";
import { arbStamp } from "commons-spec/arbitraries";

const s: Stamp = itc.event(itc.seed());
const impl: Implementation = defineImplementation({
  name: "typed",
  itc: { ...itc, toStamp: (x: Stamp) => x, fromStamp: (x: Stamp) => x },
});
const hooks: TestRunnerHooks = { describe: (_n, body) => body(), it: () => undefined };
registerSuites(impl, hooks, { runsFactor: 0.1 });
export const used = [s, referenceCatalog().length, arbStamp()] as const;
`;

/**
 * A tsconfig over `files`. `typeRoots`: where @types/node is (a user's project has it; zod's
 * declarations need `URL`). `skipLibCheck: false` also checks every declaration file, ours
 * read as CommonJS and as ES modules included (slower: used for one mode per project).
 */
export function tsconfig({ module, moduleResolution, files, typeRoots, skipLibCheck }) {
  return `${JSON.stringify(
    {
      compilerOptions: {
        module,
        moduleResolution,
        target: "ES2022",
        lib: ["ES2023"],
        strict: true,
        noEmit: true,
        skipLibCheck,
        types: ["node"],
        typeRoots,
      },
      files,
    },
    null,
    2,
  )}\n`;
}

/**
 * The audit as a user runs it from the installed package (`node audit-parts.mjs <bin>`): two
 * claims in two processes (`--jobs 2`, child processes started from the installed bin), the same
 * two claims as shards 1/2 and 2/2 joined by `audit merge`, and one process (`--jobs 1`); the
 * three ledger.json files must be byte-identical and report.html written.
 */
export const AUDIT_PARTS = `import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const bin = process.argv[2];
const base = ["--profile", "quick", "--only", "S4-12,S1-2"];
const runs = [
  ["audit", ...base, "--jobs", "2", "--out", "audit-jobs"],
  ["audit", ...base, "--shard", "1/2", "--out", "audit-s1"],
  ["audit", ...base, "--shard", "2/2", "--out", "audit-s2"],
  ["audit", "merge", "audit-s1", "audit-s2", "--out", "audit-merged"],
  ["audit", ...base, "--jobs", "1", "--out", "audit-one"],
];
for (const args of runs) {
  const r = spawnSync(bin, args, { encoding: "utf8" });
  if (r.status !== 0) {
    console.error("commons-spec " + args.join(" ") + ": exit " + r.status + "\\n" + r.stdout + r.stderr);
    process.exit(1);
  }
}
const one = readFileSync("audit-one/ledger.json", "utf8");
for (const dir of ["audit-jobs", "audit-merged"]) {
  if (readFileSync(dir + "/ledger.json", "utf8") !== one) {
    console.error(dir + "/ledger.json differs from the one-process ledger");
    process.exit(1);
  }
  if (!existsSync(dir + "/report.html")) {
    console.error(dir + "/report.html missing");
    process.exit(1);
  }
}
const jobs = JSON.parse(readFileSync("audit-jobs/manifest.json", "utf8")).jobs;
if (jobs !== 2) {
  console.error("audit-jobs ran in " + jobs + " process(es), expected 2");
  process.exit(1);
}
console.log("audit ledgers identical: --jobs 2, shards merged, one process");
`;
