/**
 * Every parser of untrusted input, as a fuzz target (issue 13, item 6): ITC text and bytes,
 * vector-clock bytes, scenario files, NDJSON and ITF logs, model configurations, corpus files
 * and allocation inputs. Each target has a generator of hostile inputs — random bytes and text,
 * and valid documents mutated (values replaced by hostile ones: `__proto__` keys, 1e308, −0,
 * deep nesting, long strings, wrong types; keys deleted and added; text spliced) — and an
 * oracle: the input either parses, or the parser throws the project's typed user error (the
 * ones the CLI maps to exit 2) — never another exception. Where a serializer exists, what
 * parses round-trips.
 *
 * Used by test/hostile/fuzz.test.ts (a CI-sized budget) and bench/hostile-fuzz.ts (--deep:
 * 10⁶ inputs per parser).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { denominatorGossip, denominatorGossipConfig } from "../../models/DenominatorGossip.js";
import { P2P_SMALL } from "../../models/impl/P2PDenominator.js";
import { CATALOGUE, MODELS, MODEL_NAMES } from "../../models/registry.js";
import { arbAllocationInput, arbStamp } from "../../properties/arbitraries/index.js";
import { checkReplayPath } from "../../properties/property.js";
import { CorpusLocationError, readCorpus, saveToCorpus } from "../../src/cli/corpus.js";
import { UsageError } from "../../src/cli/io.js";
import { resolveConfig } from "../../src/cli/model.js";
import { loadScenarios } from "../../src/cli/simulate.js";
import { allocate } from "../../src/core/allocation/allocate.js";
import { CoreError } from "../../src/core/errors.js";
import * as itc from "../../src/core/itc/index.js";
import * as vclock from "../../src/core/vclock.js";
import { checkCost } from "../../src/engine/sim/cost.js";
import { isLiftedModel } from "../../src/engine/checker/machine-model.js";
import { checkModel } from "../../src/engine/checker/bfs.js";
import { counterexampleToItf } from "../../src/engine/checker/report.js";
import { parseLog } from "../../src/engine/checker/trace-log.js";
import { BUILTIN_SCENARIOS } from "../../src/engine/sim/builtins.js";
import { runScenario } from "../../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../../src/engine/sim/scenario.js";

export type Verdict = "accepted" | "rejected";

export interface ParserTarget {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<unknown>;
  /** Feeds one input; returns whether it parsed, throws when the oracle is broken. */
  check(input: unknown): Verdict;
}

/** The oracle was broken: what was thrown, or what did not round-trip. */
export class OracleError extends Error {
  constructor(target: string, message: string) {
    super(`${target}: ${message}`);
    this.name = "OracleError";
  }
}

function unexpected(target: string, e: unknown): OracleError {
  const what =
    e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${e.stack ?? ""}` : String(e);
  return new OracleError(target, `threw something other than the typed user error: ${what}`);
}

/** Runs `parse`; a thrown instance of one of `allowed` is a rejection, anything else breaks the oracle. */
function guarded<T>(
  target: string,
  allowed: readonly (abstract new (...a: never[]) => Error)[],
  parse: () => T,
): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    if (allowed.some((c) => e instanceof c)) return { ok: false };
    throw unexpected(target, e);
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values and mutations.

/** Values that break careless parsers, as JSON text (so `__proto__` is an own key). */
const HOSTILE_JSON = [
  "null",
  "true",
  "0",
  "-0",
  "-1",
  "0.5",
  "1e308",
  "-1e308",
  "9007199254740993",
  "1e21",
  "4294967296",
  '""',
  '" "',
  '"__proto__"',
  '"constructor"',
  '"\\u0000"',
  `"${"x".repeat(300)}"`,
  "[]",
  "{}",
  `${"[".repeat(30)}1${"]".repeat(30)}`,
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"toString": 1, "valueOf": "x"}',
  `[${Array.from({ length: 200 }, (_, i) => i).join(",")}]`,
];
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "", "a.b", "0", "-1"];

const arbHostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_JSON).map((t) => JSON.parse(t) as unknown) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  },
);

type Op = readonly [kind: number, where: number, value: unknown, key: string];
const arbOps: fc.Arbitrary<readonly Op[]> = fc.array(
  fc.tuple(
    fc.nat(3),
    fc.nat(),
    arbHostileValue,
    fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })),
  ),
  { maxLength: 3 },
);

type Container = Record<string, unknown> | unknown[];

/** Every container of a JSON value, and the values under them, in document order. */
function slots(root: unknown): { parent: Container; key: string | number }[] {
  const out: { parent: Container; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v))
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x);
      });
    else if (typeof v === "object" && v !== null)
      for (const k of Object.keys(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        walk((v as Record<string, unknown>)[k]);
      }
  };
  walk(root);
  return out;
}

function setOwn(o: Container, k: string | number, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A copy of `doc` with the operations applied (replace, delete, add a key, duplicate). */
export function mutate(doc: unknown, ops: readonly Op[]): unknown {
  const root = { v: JSON.parse(JSON.stringify(doc)) as unknown };
  for (const [kind, where, value, key] of ops) {
    const all = [
      { parent: root as unknown as Container, key: "v" as string | number },
      ...slots(root.v),
    ];
    const s = all[where % all.length] as { parent: Container; key: string | number };
    const cur = (s.parent as Record<string | number, unknown>)[s.key];
    if (kind === 0) setOwn(s.parent, s.key, value);
    else if (kind === 1 && s.parent !== (root as unknown)) {
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
    } else if (kind === 2 && typeof cur === "object" && cur !== null && !Array.isArray(cur))
      setOwn(cur as Container, key, value);
    else if (kind === 3 && Array.isArray(cur) && cur.length > 0 && cur.length < 64)
      cur.push(...cur.slice(0, 8));
    else setOwn(s.parent, s.key, value);
  }
  return root.v;
}

/** Valid documents, mutated (none to three operations), or arbitrary JSON. */
function arbDocument(valid: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...valid), arbOps)
        .map(([d, ops]) => (ops.length === 0 ? d : mutate(d, ops))),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  );
}

/** A text spliced: a slice replaced by arbitrary text, or cut. */
function arbSplicedText(valid: fc.Arbitrary<string>, alphabet: string): fc.Arbitrary<string> {
  const piece = fc.string({
    unit: fc.oneof(
      fc.constantFrom(...alphabet.split("")),
      fc.string({ minLength: 1, maxLength: 1 }),
    ),
    maxLength: 6,
  });
  return fc.tuple(valid, fc.nat(), fc.nat(8), piece, fc.boolean()).map(([t, at, len, ins, cut]) => {
    const i = at % (t.length + 1);
    return cut ? t.slice(0, i) : t.slice(0, i) + ins + t.slice(i + len);
  });
}

/** Bytes: random, or a valid encoding with bytes flipped, cut or appended. */
function arbCorruptBytes(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 48 }),
    fc
      .tuple(
        valid,
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }),
        fc.nat(3),
        fc.uint8Array({ maxLength: 4 }),
      )
      .map(([b, flips, mode, extra]) => {
        const out = Uint8Array.from(b);
        for (const [at, v] of flips) if (out.length > 0) out[at % out.length] = v;
        if (mode === 1) return out.subarray(0, Math.max(0, out.length - 1 - (extra.length % 3)));
        if (mode === 2) return Uint8Array.from([...out, ...extra]);
        return out;
      }),
  );
}

// ---------------------------------------------------------------------------------------------
// The targets.

const ITC_ALPHABET = "(),01[]23456789 -.e";

const itcText: ParserTarget = {
  name: "ITC text",
  arbitrary: fc.oneof(
    arbStamp().map((s) => itc.toString(s)),
    arbSplicedText(
      arbStamp().map((s) => itc.toString(s)),
      ITC_ALPHABET,
    ),
    fc.string({ unit: fc.constantFrom(...ITC_ALPHABET.split("")), maxLength: 40 }),
    fc.string({ maxLength: 40 }),
  ),
  check(input) {
    const r = guarded(this.name, [CoreError], () => itc.parse(input as string));
    if (!r.ok) return "rejected";
    const again = itc.parse(itc.toString(r.value));
    if (!isDeepStrictEqual(again, r.value))
      throw new OracleError(
        this.name,
        `toString/parse does not round-trip ${JSON.stringify(input)}`,
      );
    if (!isDeepStrictEqual(itc.decode(itc.encode(r.value)), r.value))
      throw new OracleError(
        this.name,
        `encode/decode does not round-trip ${JSON.stringify(input)}`,
      );
    return "accepted";
  },
};

const itcBytes: ParserTarget = {
  name: "ITC bytes",
  arbitrary: arbCorruptBytes(arbStamp().map((s) => itc.encode(s))),
  check(input) {
    const r = guarded(this.name, [CoreError], () => itc.decode(input as Uint8Array));
    if (!r.ok) return "rejected";
    if (!isDeepStrictEqual(itc.decode(itc.encode(r.value)), r.value))
      throw new OracleError(
        this.name,
        `decode/encode does not round-trip ${Buffer.from(input as Uint8Array).toString("hex")}`,
      );
    return "accepted";
  },
};

const arbVClock = fc
  .dictionary(
    fc.stringMatching(/^[A-Za-z0-9._:~-]{1,12}$/),
    fc.oneof(fc.nat(300), fc.constant(2 ** 53 - 1)),
    {
      maxKeys: 6,
    },
  )
  .map((d) => {
    const v = vclock.validate(d);
    return v.ok ? v.value : vclock.empty();
  });

const vclockBytes: ParserTarget = {
  name: "vclock bytes",
  arbitrary: arbCorruptBytes(arbVClock.map((v) => vclock.encode(v))),
  check(input) {
    const r = guarded(this.name, [CoreError], () => vclock.decode(input as Uint8Array));
    if (!r.ok) return "rejected";
    if (!isDeepStrictEqual(vclock.decode(vclock.encode(r.value)), r.value))
      throw new OracleError(
        this.name,
        `decode/encode does not round-trip ${Buffer.from(input as Uint8Array).toString("hex")}`,
      );
    return "accepted";
  },
};

/** A scratch directory for the parsers that read files (as the CLI does). */
export function scratch(): {
  dir: string;
  file(name: string, text: string): string;
  dispose(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), "commons-fuzz-"));
  return {
    dir,
    file(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Text of a document: JSON, sometimes cut or spliced. */
function asText(doc: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: doc.map((d) => JSON.stringify(d) ?? "null") },
    {
      weight: 1,
      arbitrary: arbSplicedText(
        doc.map((d) => JSON.stringify(d) ?? "null"),
        '{}[]",:0',
      ),
    },
  );
}

const scenarioDocs = BUILTIN_SCENARIOS.map((b) => b.document as unknown);

function scenarioFiles(s: ReturnType<typeof scratch>): ParserTarget {
  return {
    name: "scenario files",
    arbitrary: asText(arbDocument(scenarioDocs)),
    check(input) {
      const f = s.file("scenario.json", input as string);
      const r = guarded(this.name, [UsageError], () => loadScenarios(f));
      if (!r.ok) return "rejected";
      for (const run of r.value.runs) {
        // The cost check runs on everything the schema accepts, before any run.
        const v = guarded(this.name, [], () => checkCost(run));
        if (v.ok && !Number.isFinite(v.value.estimate.events) && v.value.over === undefined)
          throw new OracleError(this.name, "the cost estimate is not finite yet within the limit");
      }
      // Parsed scenarios are complete documents: parsing one again gives it back.
      const first = JSON.parse(JSON.stringify(r.value.runs[0])) as Scenario;
      const again = parseScenarioDocument(first, "again");
      if (!again.ok || !isDeepStrictEqual(again.runs[0], first))
        throw new OracleError(this.name, "a parsed scenario does not parse back to itself");
      return "accepted";
    },
  };
}

const ndjsonSeed = [
  { init: true, vars: { held: { R1: 0, R2: 0 } } },
  { action: "RequestR1" },
  { action: "GrantR1", vars: { "book.R1": 1 }, note: "granted 1" },
  {},
];

let itfSeeds: unknown[] | undefined;
function itfDocs(): unknown[] {
  if (itfSeeds === undefined) {
    const cex = checkModel(denominatorGossip, {
      ...denominatorGossipConfig,
      book: "seed",
    }).counterexample;
    const p2p = parseScenarioDocument(P2P_SMALL, "p2p-small");
    if (!p2p.ok) throw new Error(p2p.errors.join("; "));
    const sim = runScenario(p2p.runs[0] as Scenario, { traceStates: 40, seed: 4 });
    itfSeeds = [
      ...(cex !== undefined
        ? [JSON.parse(JSON.stringify(counterexampleToItf(denominatorGossip, cex)))]
        : []),
      JSON.parse(JSON.stringify(sim.trace)),
    ];
  }
  return itfSeeds;
}

const logModels = [CATALOGUE["DenominatorGossip"], CATALOGUE["P2PDenominator"]].filter(
  (m) => m !== undefined,
);

const ndjsonLogs: ParserTarget = {
  name: "NDJSON logs",
  arbitrary: fc.tuple(
    fc.nat(logModels.length - 1),
    fc.oneof(
      fc.array(asText(arbDocument(ndjsonSeed)), { maxLength: 6 }).map((ls) => ls.join("\n")),
      fc.string({ maxLength: 60 }),
    ),
  ),
  check(input) {
    const [k, text] = input as [number, string];
    const m = logModels[k] as (typeof logModels)[number];
    // The CLI maps `ok: false` to exit 2; parseLog itself must never throw.
    const r = guarded(this.name, [], () =>
      parseLog(text, "log.ndjson", m.model, isLiftedModel(m.model)),
    );
    return r.ok && r.value.ok ? "accepted" : "rejected";
  },
};

const itfLogs: ParserTarget = {
  name: "ITF logs",
  arbitrary: fc.tuple(fc.nat(logModels.length - 1), fc.nat(), fc.nat(), arbOps, fc.nat(5)),
  check(input) {
    const [k, which, cutAt, ops, mode] = input as [number, number, number, Op[], number];
    const m = logModels[k] as (typeof logModels)[number];
    const docs = itfDocs();
    const doc = mutate(docs[which % docs.length], ops);
    let text = JSON.stringify(doc) ?? "null";
    if (mode === 0) text = text.slice(0, cutAt % (text.length + 1));
    const r = guarded(this.name, [], () =>
      parseLog(text, "trace.itf.json", m.model, isLiftedModel(m.model)),
    );
    return r.ok && r.value.ok ? "accepted" : "rejected";
  },
};

function modelConfigs(s: ReturnType<typeof scratch>): ParserTarget {
  const docs = MODEL_NAMES.flatMap((n) => {
    const m = MODELS[n];
    return m === undefined ? [] : Object.values(m.configs).map((c) => c.config);
  });
  return {
    name: "model configs",
    arbitrary: fc.tuple(fc.nat(MODEL_NAMES.length - 1), asText(arbDocument(docs))),
    check(input) {
      const [k, text] = input as [number, string];
      const m = MODELS[MODEL_NAMES[k] as string];
      if (m === undefined) return "rejected";
      const f = s.file("config.json", text);
      const r = guarded(this.name, [UsageError], () => resolveConfig(m, f));
      return r.ok ? "accepted" : "rejected";
    },
  };
}

const corpusSeed = {
  target: "reference",
  id: "ALLOC-CAP-1",
  seed: 42,
  path: "3:0:1",
  failureClass: "capacity",
  counterexample: "{…}",
  error: "Σ allocated 12 > 10",
};

function corpusFiles(s: ReturnType<typeof scratch>): ParserTarget {
  let n = 0;
  return {
    name: "corpus files",
    arbitrary: asText(arbDocument([corpusSeed])),
    check(input) {
      const dir = join(s.dir, `corpus-${n++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, "entry.json"), input as string);
      const r = guarded(this.name, [UsageError, CorpusLocationError], () => readCorpus(dir));
      rmSync(dir, { recursive: true, force: true });
      if (!r.ok) return "rejected";
      const [e] = r.value;
      if (e === undefined)
        throw new OracleError(this.name, "an accepted corpus file gave no entry");
      if (checkReplayPath(e.path) !== undefined)
        throw new OracleError(
          this.name,
          `accepted an entry whose path is not replayable: ${e.path.slice(0, 60)}`,
        );
      // Saved again, it reads back the same.
      const back = join(s.dir, `back-${n++}`);
      const { file: _file, ...entry } = e;
      saveToCorpus(back, entry);
      const [again] = readCorpus(back);
      rmSync(back, { recursive: true, force: true });
      const { file: _again, ...entryAgain } = again ?? { file: "" };
      if (!isDeepStrictEqual(entryAgain, entry))
        throw new OracleError(this.name, "a saved entry does not read back the same");
      return "accepted";
    },
  };
}

const allocationInputs: ParserTarget = {
  name: "allocation input JSON",
  arbitrary: fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(arbAllocationInput({ maxSlots: 3, maxRecipients: 4, maxNeedSlots: 2 }), arbOps)
        .map(([d, ops]) => (ops.length === 0 ? JSON.parse(JSON.stringify(d)) : mutate(d, ops))),
    },
  ),
  check(input) {
    const r = guarded(this.name, [CoreError], () => allocate(input));
    return r.ok ? "accepted" : "rejected";
  },
};

/** Every parser target; file-based ones write into `s`. */
export function parserTargets(s: ReturnType<typeof scratch>): readonly ParserTarget[] {
  return [
    itcText,
    itcBytes,
    vclockBytes,
    scenarioFiles(s),
    ndjsonLogs,
    itfLogs,
    modelConfigs(s),
    corpusFiles(s),
    allocationInputs,
  ];
}

/** Runs one target for `numRuns` inputs from `seed`; counts accepted and rejected inputs. */
export function fuzz(
  t: ParserTarget,
  seed: number,
  numRuns: number,
): { accepted: number; rejected: number } {
  const counts = { accepted: 0, rejected: 0 };
  fc.assert(
    fc.property(t.arbitrary, (x) => {
      counts[t.check(x)]++;
    }),
    { seed, numRuns, endOnFailure: false },
  );
  return counts;
}
