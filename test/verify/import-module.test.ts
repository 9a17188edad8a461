import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportedImplementation, importUserModule } from "../../src/verify/import-module.js";
import { loadImplementation } from "../../src/verify/load.js";

// Users' modules of every kind, written to a temporary folder with an ES module project and a
// CommonJS one. (The installed package, worker_threads and `commons-spec` being one instance
// are checked from the packed tarball by test/consumer/run.mjs.)
const root = mkdtempSync(join(tmpdir(), "commons-spec-import-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ITC = `{ seed: f, fork: f, event: f, join: f, peek: f, leq: f, toStamp: f, fromStamp: f }`;
const files: Record<string, string> = {
  "esm/package.json": `{ "type": "module" }`,
  "cjs/package.json": `{ "type": "commonjs" }`,
  "esm/default.mts": `const f = () => 0;\nexport default { name: "esm-default", itc: ${ITC} };\n`,
  "esm/named.mjs": `const f = () => 0;\nexport const implementation = { name: "esm-named", itc: ${ITC} };\n`,
  "esm/tla.ts": `const f = () => 0;\nconst n: string = await Promise.resolve("tla");\nexport default { name: n, itc: ${ITC} };\n`,
  "esm/local.ts": `import { itc } from "./helper.js";\nexport default { name: "local", itc };\n`,
  "esm/helper.ts": `const f = (): number => 0;\nexport const itc = ${ITC};\n`,
  "esm/syntax.ts": `export default { name: "x" \n`,
  "esm/throws.ts": `throw new Error("boom at load time");\n`,
  "cjs/module-exports.cjs": `const f = () => 0;\nmodule.exports = { name: "cjs-module-exports", itc: ${ITC} };\n`,
  "cjs/exports-named.js": `const f = () => 0;\nexports.implementation = { name: "cjs-named", itc: ${ITC} };\n`,
  "cjs/ts-default.ts": `const f = (): number => 0;\nexport default { name: "cts-default", itc: ${ITC} };\n`,
  "cjs/export-equals.cts": `const f = (): number => 0;\nexport = { name: "cts-export-equals", itc: ${ITC} };\n`,
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(join(root, name, ".."), { recursive: true });
  writeFileSync(join(root, name), text);
}

describe("importUserModule + exportedImplementation: every module kind and export form", () => {
  it.each([
    ["esm/default.mts", "esm-default"],
    ["esm/named.mjs", "esm-named"],
    ["esm/tla.ts", "tla"],
    ["esm/local.ts", "local"],
    ["cjs/module-exports.cjs", "cjs-module-exports"],
    ["cjs/exports-named.js", "cjs-named"],
    ["cjs/ts-default.ts", "cts-default"],
    ["cjs/export-equals.cts", "cts-export-equals"],
  ])("%s exports the implementation named %s", async (file, name) => {
    const impl = exportedImplementation(await importUserModule(join(root, file)));
    expect((impl as { name: string }).name).toBe(name);
    const loaded = await loadImplementation(file, root);
    expect(loaded.ok && loaded.value.name).toBe(name);
  });

  it("a syntax error names the file, line and column", async () => {
    const r = await loadImplementation("esm/syntax.ts", root);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(
      /^esm\/syntax\.ts failed to load: .*syntax\.ts:\d+:\d+\)$/,
    );
  });

  it("an error thrown while loading is reported with its message", async () => {
    const r = await loadImplementation("esm/throws.ts", root);
    expect(!r.ok && r.error.message).toBe("esm/throws.ts failed to load: boom at load time");
  });

  it("prefers `default`, then `implementation`; nothing exported is undefined", () => {
    const a = { name: "a" };
    const b = { name: "b" };
    expect(exportedImplementation({ default: a, implementation: b })).toBe(a);
    expect(exportedImplementation({ implementation: b })).toBe(b);
    expect(exportedImplementation({ default: { implementation: b }, implementation: b })).toBe(b);
    expect(exportedImplementation({ other: 1 })).toBeUndefined();
  });
});

describe("COMMONS_SPEC_TRANSPILE_CACHE keeps transpiled files between processes", () => {
  const dir = join(root, "cache");
  const mod = join(root, "esm", "cached.ts");
  const runner = join(root, "import.mts");
  writeFileSync(
    runner,
    `import { importUserModule } from ${JSON.stringify(
      new URL("../../src/verify/import-module.ts", import.meta.url).href,
    )};\nconst m = await importUserModule(process.argv[2]);\nprocess.stdout.write(m.default.name);\n`,
  );
  // A fresh process each time: within one process a module is imported once.
  const nameIn = (env: Record<string, string>): string => {
    const r = spawnSync(process.execPath, ["--import", "tsx", runner, mod], {
      env: { ...process.env, COMMONS_SPEC_TRANSPILE_CACHE: "", ...env },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    return r.stdout;
  };
  const cached = (): string[] => (existsSync(dir) ? readdirSync(dir) : []);

  it("unset: nothing is written; set: an entry is written, read back, and renewed on edit", () => {
    writeFileSync(mod, `const n: string = "one";\nexport default { name: n };\n`);
    expect(nameIn({})).toBe("one");
    expect(cached()).toEqual([]);
    expect(nameIn({ COMMONS_SPEC_TRANSPILE_CACHE: dir })).toBe("one");
    const entries = cached();
    expect(entries).toHaveLength(1);
    // The entry is what a later process runs: a planted change in it shows through …
    const entry = join(dir, entries[0] ?? "");
    writeFileSync(entry, readFileSync(entry, "utf8").replace('"one"', '"from-cache"'));
    expect(nameIn({ COMMONS_SPEC_TRANSPILE_CACHE: dir })).toBe("from-cache");
    // … until the source changes: an entry is keyed by the source's hash, not only its path.
    writeFileSync(mod, `const n: string = "two";\nexport default { name: n };\n`);
    expect(nameIn({ COMMONS_SPEC_TRANSPILE_CACHE: dir })).toBe("two");
    expect(nameIn({})).toBe("two");
  });
});
