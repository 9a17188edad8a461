// The CommonJS face of the package (run by `npm run build`, after tsc).
//
// There is one runtime: the ES modules tsc emits in dist/. A `require("commons-spec")` gets
// them through Node's require(esm) (Node ^20.19 || >=22.12): dist/cjs/<entry>.cjs is a
// one-line `module.exports = require(<the ES module>)`, so `import` and `require` share one
// instance (no dual-package hazard: one CoreError class, one set of schemas). TypeScript in a
// CommonJS file needs declarations that say CommonJS: the .d.ts files are copied under
// dist/cjs/, whose package.json says "type": "commonjs" (same text, read as CommonJS).
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const out = join(dist, "cjs");

/** Entry point → the ES module it re-exports (relative to dist/). Keep in step with "exports". */
const ENTRIES = {
  index: "src/index.js",
  properties: "properties/catalog.js",
  arbitraries: "properties/arbitraries/index.js",
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);

for (const [name, target] of Object.entries(ENTRIES)) {
  if (!statSync(join(dist, target), { throwIfNoEntry: false })?.isFile())
    throw new Error(`build-cjs: dist/${target} is missing (run tsc first)`);
  writeFileSync(
    join(out, `${name}.cjs`),
    `"use strict";\n// require(esm): the package's single ES module instance (see scripts/build-cjs.mjs).\nmodule.exports = require("../${target}");\n`,
  );
}

/** Copies every .d.ts under dist/<dir> to dist/cjs/<dir>, keeping relative paths. */
function copyDeclarations(dir) {
  for (const entry of readdirSync(join(dist, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const from = join(entry.parentPath, entry.name);
    const to = join(out, relative(dist, from));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(from, to);
  }
}
copyDeclarations("src");
copyDeclarations("properties");
