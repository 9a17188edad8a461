/**
 * Every model in models/*.ts (top level only: registry.ts and subfolders such as models/impl/
 * have no TLA+ twin) has a hand-written TLA+ module spec/<Name>.tla and a TLC configuration
 * spec/<Name>.cfg that correspond to it: the same variables, actions, invariants and
 * properties (both ways), fairness, constants with the default configuration's values, and the
 * recorded results. The TypeScript is read by syntax (ts-morph), the TLA+ with a real parser
 * (tree-sitter-tlaplus); see tla-correspondence.ts for the rules.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Parser } from "web-tree-sitter";
import { beforeAll, describe, expect, it } from "vitest";
import {
  compareModel,
  createTlaParser,
  createTsProject,
  ExtractionError,
  extractRegistry,
  extractTsModel,
  nextInfo,
  parseCfg,
  parseTla,
  type ModelFiles,
} from "./tla-correspondence.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (rel: string) => readFileSync(join(root, rel), "utf8");

/** The model files that must have a TLA+ twin: models/*.ts at the top level, registry aside. */
const modelNames = readdirSync(join(root, "models"), { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".ts") && e.name !== "registry.ts")
  .map((e) => e.name.slice(0, -".ts".length))
  .sort();
const specNames = readdirSync(join(root, "spec"))
  .filter((n) => n.endsWith(".tla"))
  .map((n) => n.slice(0, -".tla".length))
  .sort();

const tsSources: Record<string, string> = { "/models/registry.ts": read("models/registry.ts") };
for (const n of modelNames) tsSources[`/models/${n}.ts`] = read(`models/${n}.ts`);

let parser: Parser;
/** The real sources, read once (extraction is by syntax, so one project serves every test). */
const realProject = createTsProject(tsSources);
const realRegistry = extractRegistry(realProject, "/models/registry.ts");

beforeAll(async () => {
  const pkg = createRequire(import.meta.url).resolve("@tlaplus/tree-sitter-tlaplus/package.json");
  parser = await createTlaParser(join(dirname(pkg), "tree-sitter-tlaplus.wasm"));
});

/**
 * Reads a model's files: the TypeScript model from the real sources or, when `tsText` is
 * given, from that text; the TLA+ module and the .cfg from the texts given.
 */
function load(name: string, tlaText: string, cfgText: string, tsText?: string): ModelFiles {
  const path = `/models/${name}.ts`;
  const project = tsText === undefined ? realProject : createTsProject({ [path]: tsText });
  const registry = realRegistry.get(name);
  return {
    name,
    ts: extractTsModel(project, path),
    tla: parseTla(parser, tlaText),
    cfg: parseCfg(cfgText),
    ...(registry !== undefined ? { registry } : {}),
  };
}

describe("TLA+ twins of the models (spec/*.tla, spec/*.cfg)", () => {
  it("exist for every top-level model and only for them", () => {
    expect(modelNames.length).toBeGreaterThanOrEqual(5);
    const problems = [
      ...modelNames
        .filter((n) => !specNames.includes(n))
        .map((n) => `models/${n}.ts has no spec/${n}.tla`),
      ...specNames
        .filter((n) => !modelNames.includes(n))
        .map((n) => `spec/${n}.tla has no models/${n}.ts`),
    ];
    expect(problems).toEqual([]);
  });

  it("every model is in models/registry.ts", () => {
    expect(modelNames.filter((n) => !realRegistry.has(n))).toEqual([]);
  });

  for (const name of modelNames.filter((n) => specNames.includes(n))) {
    it(`${name}: spec/${name}.tla and spec/${name}.cfg correspond to models/${name}.ts`, () => {
      const files = load(name, read(`spec/${name}.tla`), read(`spec/${name}.cfg`));
      expect(files.tla.errors, `spec/${name}.tla must parse`).toEqual([]);
      expect(compareModel(files)).toEqual([]);
      // The extraction found something on both sides (a vacuous comparison would pass too).
      expect(files.ts.actions.length).toBeGreaterThan(0);
      expect(files.ts.variables.length).toBeGreaterThan(0);
    });
  }
});

describe("the correspondence check can fail", () => {
  const name = "DenominatorGossip";
  const tla = () => read(`spec/${name}.tla`);
  const cfg = () => read(`spec/${name}.cfg`);

  it("reads the real files as corresponding (the baseline of the cases below)", () => {
    expect(compareModel(load(name, tla(), cfg()))).toEqual([]);
  });

  it("reports a variable missing from the TLA+ module", () => {
    const text = tla()
      .replace(/^(\s+)held(\s+\\\*.*)$/m, "$1$2")
      .replace("responses,", "responses");
    expect(compareModel(load(name, text, cfg()))).toEqual([
      "DenominatorGossip: variable held is in models/DenominatorGossip.ts but not in spec/DenominatorGossip.tla",
    ]);
  });

  it("reports a renamed action both ways", () => {
    const text = tla().replace(/\bGrantR1\b/g, "GrantFirst");
    expect(compareModel(load(name, text, cfg()))).toEqual([
      "DenominatorGossip: action GrantR1 is in models/DenominatorGossip.ts but not in spec/DenominatorGossip.tla",
      "DenominatorGossip: action GrantFirst is in spec/DenominatorGossip.tla but not in models/DenominatorGossip.ts",
    ]);
  });

  it("reports an action the TypeScript model gains", () => {
    const ts = read(`models/${name}.ts`).replace('name: "Reset",', 'name: "ResetRound",');
    expect(compareModel(load(name, tla(), cfg(), ts))).toEqual([
      "DenominatorGossip: action ResetRound is in models/DenominatorGossip.ts but not in spec/DenominatorGossip.tla",
      "DenominatorGossip: action Reset is in spec/DenominatorGossip.tla but not in models/DenominatorGossip.ts",
    ]);
  });

  it("reports invariants and properties missing from, or unknown to, the .cfg", () => {
    const text = cfg()
      .replace("    NeverOverGrants\n", "    NeverOvergrants\n")
      .replace("    GrantWithinRequest\n", "");
    expect(compareModel(load(name, tla(), text))).toEqual([
      "DenominatorGossip: invariant NeverOverGrants is in models/DenominatorGossip.ts but not in spec/DenominatorGossip.cfg INVARIANT",
      "DenominatorGossip: invariant NeverOvergrants is in spec/DenominatorGossip.cfg INVARIANT but not in models/DenominatorGossip.ts",
      "DenominatorGossip: NeverOvergrants (an INVARIANT of the .cfg) is not defined in spec/DenominatorGossip.tla",
      "DenominatorGossip: property GrantWithinRequest is in models/DenominatorGossip.ts but not in spec/DenominatorGossip.cfg PROPERTY",
    ]);
  });

  it("reports a constant that does not match the default configuration", () => {
    const text = cfg().replace("Capacity = 3", "Capacity = 4");
    expect(compareModel(load(name, tla(), text))).toEqual([
      'DenominatorGossip: constant Capacity = 4 in spec/DenominatorGossip.cfg, but the default configuration "corrected" has capacity = 3',
    ]);
  });

  it("reports a must-fail configuration the .cfg does not mention", () => {
    const text = cfg().replace(/^\\\*\s+seed\s.*$/m, "\\*");
    expect(compareModel(load(name, tla(), text))).toEqual([
      'DenominatorGossip: spec/DenominatorGossip.cfg does not say (in a comment) that configuration "seed" must fail with NeverOverGrants',
    ]);
  });

  it("reports fairness that differs from the liveness properties' fairness lists", () => {
    const router = "Router";
    const text = read(`spec/${router}.tla`).replace(
      "Fairness == WF_vars(Consume)",
      "Fairness == WF_vars(Consume) /\\ SF_vars(Tick)",
    );
    expect(compareModel(load(router, text, read(`spec/${router}.cfg`)))).toEqual([
      "Router: Tick has strong fairness (SF_) in spec/Router.tla; the TS checker uses WF_ only",
    ]);
  });

  it("reports a syntax error with its line", () => {
    const text = tla().replace("Next ==\n    \\/ RequestR1", "Next ==\n    \\/ RequestR1 /\\");
    const files = load(name, text, cfg());
    expect(files.tla.errors.length).toBeGreaterThan(0);
    const line = text.split("\n").findIndex((l) => l.includes("\\/ RequestR1 /\\")) + 1;
    expect(compareModel(files)[0]).toMatch(
      new RegExp(
        `^DenominatorGossip: spec/DenominatorGossip.tla does not parse: line (${line}|${line + 1}),`,
      ),
    );
  });

  it("names the file and construct a TypeScript model cannot be read at", () => {
    const ts = read(`models/${name}.ts`).replace('name: "Reset",', "name: resetName(),");
    expect(() => load(name, tla(), cfg(), ts)).toThrow(ExtractionError);
    expect(() => load(name, tla(), cfg(), ts)).toThrow(
      /^cannot evaluate the identifier resetName .* at models\/DenominatorGossip\.ts:\d+ \(resetName\)$/,
    );
  });

  it("understands \\E wrappers over literal sets of strings in Next", () => {
    const m = parseTla(
      parser,
      [
        "---- MODULE W ----",
        "VARIABLE x",
        'Ps == {"P1", "P2"}',
        "Go(p) == x' = p",
        "Swap(i, j) == x' = i",
        "Stop == x' = 0",
        "Next == \\/ \\E p \\in Ps : Go(p)",
        "        \\* a comment between two disjuncts",
        '        \\/ \\E i, j \\in {"A", "B", "C"} : i # j /\\ Swap(i, j)',
        "        \\/ Stop",
        "        \\/ x' = 1",
        "====",
      ].join("\n"),
    );
    expect(m.errors).toEqual([]);
    const info = nextInfo(m, parseCfg("INIT Init\nNEXT Next\n"));
    expect(info.actions).toEqual([
      "GoP1",
      "GoP2",
      "SwapAB",
      "SwapAC",
      "SwapBA",
      "SwapBC",
      "SwapCA",
      "SwapCB",
      "Stop",
    ]);
    expect(info.problems).toEqual([
      "W: cannot read the disjunct of Next at line 11, column 12 (a bound_infix_op): x' = 1",
    ]);
  });
});
