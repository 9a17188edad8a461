/**
 * Parallel workers started from the TypeScript sources load the built JavaScript (dist/) only
 * when it is fresh (parallel.ts `builtTwin`): a build older than any source is never used.
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { builtTwin } from "../../../src/engine/checker/parallel.js";

/** A package root with src/a.ts, models/m.ts and their twins under dist/, at the given times (s). */
function tree(times: { src: number; model: number; dist: number }): string {
  const root = mkdtempSync(join(tmpdir(), "built-twin-"));
  const file = (rel: string, t: number) => {
    const p = join(root, rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, "export {};\n");
    utimesSync(p, t, t);
  };
  file("src/a.ts", times.src);
  file("models/m.ts", times.model);
  file("dist/src/a.js", times.dist);
  file("dist/models/m.js", times.dist);
  return root;
}

const url = (root: string, rel: string) => pathToFileURL(join(root, rel)).href;

describe("builtTwin", () => {
  it("names the dist/ twin of a source (.ts or .js as imported) when the build is fresh", () => {
    const root = tree({ src: 1000, model: 1000, dist: 2000 });
    expect(builtTwin(url(root, "src/a.ts"), root)).toBe(url(root, "dist/src/a.js"));
    expect(builtTwin(url(root, "models/m.js"), root)).toBe(url(root, "dist/models/m.js"));
  });
  it("refuses a build older than any source, even of another module", () => {
    const root = tree({ src: 1000, model: 3000, dist: 2000 });
    expect(builtTwin(url(root, "src/a.ts"), root)).toBeUndefined();
    expect(builtTwin(url(root, "models/m.ts"), root)).toBeUndefined();
  });
  it("refuses what has no twin or lies outside the package", () => {
    const root = tree({ src: 1000, model: 1000, dist: 2000 });
    expect(builtTwin(url(root, "src/missing.ts"), root)).toBeUndefined();
    expect(builtTwin(url(root, "../elsewhere.ts"), root)).toBeUndefined();
    expect(builtTwin("node:fs", root)).toBeUndefined();
  });
});
