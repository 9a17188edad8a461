/**
 * Every command of the CLI, fed a table of bad inputs: each exits 2 with a message on stderr
 * and never prints a stack trace (no "    at " line). The commands are those of
 * src/cli/main.ts: check, verify, model (a name, list, check-expected), simulate,
 * trace validate and audit.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mapCliError } from "../../src/cli/errors.js";
import { EXIT, UsageError } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { CoreError } from "../../src/core/errors.js";
import { allocationInputSchema } from "../../src/core/schemas/allocation.js";
import { TopologyError } from "../../src/engine/sim/topology.js";
import { capture } from "../helpers/capture.js";

const dir = mkdtempSync(join(tmpdir(), "commons-bad-input-"));
afterAll(() => {
  chmodSync(join(dir, "locked"), 0o755);
  rmSync(dir, { recursive: true, force: true });
});
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const json = (name: string, doc: unknown): string => file(name, JSON.stringify(doc));

const aDirectory = join(dir, "a-directory");
mkdirSync(aDirectory);
mkdirSync(join(dir, "locked"));
const notJson = file("not.json", "{ nope");
const missing = join(dir, "missing.json");
const scenario = (topology: unknown, nodes: unknown = { count: 4 }) => ({
  protocol: "v2",
  duration: 1000,
  nodes,
  topology,
});
const explicitNodes = [
  { id: "a", capacity: 1 },
  { id: "b", need: 1 },
];
const noExport = file("no-export.mjs", "export const x = 1;\n");
const syntaxError = file("syntax.mjs", "export default {\n");
const wrongShape = file(
  "wrong-shape.mjs",
  "export default { name: 'w', allocator: { allocate: 42 } };\n",
);
const itfMeta42 = json("meta42.itf.json", {
  vars: ["x"],
  states: [{ x: 0 }, { "#meta": { action: 42 }, x: 1 }],
});

/** [command line, what stderr must mention] — every row must exit 2. */
const table: readonly (readonly [string, readonly string[], RegExp])[] = [
  ["no command", [], /Usage/],
  ["unknown command", ["frobnicate"], /unknown command/],
  // check
  ["check: bad seed", ["check", "--seed", "abc"], /--seed/],
  ["check: unknown invariant", ["check", "--only", "NOPE-1"], /NOPE-1/],
  ["check: unknown suite", ["check", "--suite", "nope"], /nope/],
  ["check: empty selection", ["check", "--only", "ITC-1", "--suite", "allocation"], /no invariant/],
  ["check: bad replay path", ["check", "--only", "ITC-1", "--path", "xyz"], /replay path/],
  ["check: huge replay path", ["check", "--only", "ITC-1", "--path", "99999999"], /beyond/],
  ["check: negative runs", ["check", "--runs", "-1"], /--runs/],
  ["check: bad shard", ["check", "--shard", "3/2"], /--shard/],
  ["check: bad reporter", ["check", "--reporter", "nope"], /--reporter/],
  ["check: bad time budget", ["check", "--time-budget", "-5"], /--time-budget/],
  // verify
  ["verify: missing module", ["verify", missing], /missing\.json/],
  ["verify: a directory", ["verify", aDirectory], /a-directory/],
  ["verify: syntax error", ["verify", syntaxError], /syntax\.mjs/],
  ["verify: no export", ["verify", noExport], /no-export\.mjs/],
  ["verify: wrong shape", ["verify", wrongShape, "--in-process"], /allocat/],
  ["verify: bad call timeout", ["verify", noExport, "--call-timeout", "0"], /--call-timeout/],
  // model
  ["model: unknown model", ["model", "Nope"], /Nope/],
  ["model: unknown config", ["model", "SlotAllocation", "--config", "nope"], /nope/],
  ["model: missing config file", ["model", "SlotAllocation", "--config", missing], /missing\.json/],
  ["model: config not JSON", ["model", "SlotAllocation", "--config", notJson], /not\.json/],
  ["model: bad max-states", ["model", "SlotAllocation", "--max-states", "-1"], /--max-states/],
  [
    "model: --out in a missing directory",
    [
      "model",
      "SlotAllocation",
      "--config",
      "net-of-others",
      "--out",
      join(dir, "nowhere", "t.json"),
    ],
    /nowhere/,
  ],
  // simulate
  ["simulate: no scenario", ["simulate"], /scenario/],
  ["simulate: missing file", ["simulate", missing], /missing\.json/],
  ["simulate: a directory", ["simulate", aDirectory], /a-directory/],
  ["simulate: not JSON", ["simulate", notJson], /not valid JSON/],
  ["simulate: bad seed", ["simulate", "v2-small", "--seed", "x"], /--seed/],
  ["simulate: bad trace-states", ["simulate", "v2-small", "--trace-states", "0"], /--trace/],
  [
    "simulate: Barabási–Albert m ≥ n",
    ["simulate", json("ba.json", scenario({ kind: "barabasi-albert", m: 5 }, { count: 3 }))],
    /topology\.m/,
  ],
  [
    "simulate: Watts–Strogatz k too large",
    [
      "simulate",
      json("ws.json", scenario({ kind: "watts-strogatz", k: 6, beta: 0.1 }, { count: 4 })),
    ],
    /topology\.k/,
  ],
  [
    "simulate: star with an unknown centre",
    ["simulate", json("star.json", scenario({ kind: "star", center: "zz" }, explicitNodes))],
    /topology\.center/,
  ],
  [
    "simulate: wrong-typed field inside a node",
    [
      "simulate",
      json(
        "node-field.json",
        scenario({ kind: "ring" }, [{ id: "a", capacity: "lots" }, { id: "b" }]),
      ),
    ],
    /nodes\[0\]\.capacity/,
  ],
  [
    "simulate: --out with a suite",
    ["simulate", "v1-vs-v2-100", "--out", join(dir, "t.json")],
    /one scenario/,
  ],
  // trace validate
  ["trace: no model", ["trace", "validate", itfMeta42], /--model/],
  ["trace: unknown model", ["trace", "validate", itfMeta42, "--model", "Nope"], /Nope/],
  ["trace: missing file", ["trace", "validate", missing, "--model", "SlotAllocation"], /missing/],
  [
    "trace: a directory",
    ["trace", "validate", aDirectory, "--model", "SlotAllocation"],
    /a-directory/,
  ],
  ["trace: not JSON", ["trace", "validate", notJson, "--model", "SlotAllocation"], /not\.json/],
  [
    "trace: #meta.action not a string",
    ["trace", "validate", itfMeta42, "--model", "SlotAllocation"],
    /states\[1\]\.#meta\.action|states\[1\]\["#meta"\]\.action/,
  ],
  // audit
  ["audit: unknown claim", ["audit", "--list", "--only", "NOPE-9"], /NOPE-9/],
  ["audit: missing catalogue", ["audit", "--list", "--claims", missing], /missing\.json/],
  ["audit: catalogue not JSON", ["audit", "--list", "--claims", notJson], /not\.json/],
  [
    "audit: catalogue of the wrong shape",
    ["audit", "--list", "--claims", json("c.json", [1])],
    /c\.json/,
  ],
];

describe("every command rejects bad input with exit 2 and no stack trace", () => {
  it.each(table)("%s", async (_name, argv, mentions) => {
    const io = capture();
    const code = await main(argv, io);
    const all = `${io.stdout()}${io.stderr()}`;
    expect(all).not.toMatch(/\n\s{4}at /);
    expect(io.stderr()).toMatch(mentions);
    expect(code).toBe(EXIT.usage);
  });
});

describe("the error mapping layer (src/cli/errors.ts)", () => {
  const errno = (code: string, syscall: string, path: string) =>
    Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

  it.each([
    ["ENOENT", "open"],
    ["EACCES", "open"],
    ["EPERM", "rename"],
    ["EEXIST", "mkdir"],
    ["EISDIR", "read"],
    ["ENOTDIR", "open"],
    ["EROFS", "write"],
    ["ENOSPC", "write"],
  ])("a file error %s (%s) exits 2 naming the file", (code, syscall) => {
    const m = mapCliError(errno(code, syscall, "/some/where/file.json"));
    expect(m.exitCode).toBe(EXIT.usage);
    expect(m.message).toContain("/some/where/file.json");
    expect(m.message).toContain(code);
  });

  it("CoreError, TopologyError, zod errors and usage errors exit 2 naming the field", () => {
    const core = mapCliError(new CoreError("INVALID_INPUT", "must be positive", ["a", 2, "b"]));
    expect(core).toEqual({ exitCode: 2, message: "a[2].b: must be positive (INVALID_INPUT)" });
    const topo = mapCliError(new TopologyError("m = 5 must be in [1, 2]", "m"));
    expect(topo.exitCode).toBe(2);
    expect(topo.message).toMatch(/topology\.m: /);
    const parsed = allocationInputSchema.safeParse({ provider: { pubKey: 1 } });
    expect(parsed.success).toBe(false);
    const zod = mapCliError(parsed.error);
    expect(zod.exitCode).toBe(2);
    expect(zod.message).toMatch(/provider\.pubKey: /);
    expect(mapCliError(new UsageError("--x: bad"))).toEqual({ exitCode: 2, message: "--x: bad" });
  });

  it("an unexpected error is internal (70): one line and a hint, the stack only on request", () => {
    const bug = new TypeError("cannot read properties of undefined\nsecond line");
    const plain = mapCliError(bug, {});
    expect(plain.exitCode).toBe(EXIT.internal);
    expect(plain.message).toMatch(
      /^internal error: TypeError: cannot read properties of undefined\n/,
    );
    expect(plain.message).toMatch(/COMMONS_SPEC_DEBUG=1/);
    expect(plain.message).not.toMatch(/\n\s{4}at /);
    expect(plain.message).not.toContain("second line");
    const debug = mapCliError(bug, { COMMONS_SPEC_DEBUG: "1" });
    expect(debug.message).toMatch(/\n\s{4}at /);
    // An errno-looking error that is not a file operation is not a user error.
    expect(mapCliError(Object.assign(new Error("x"), { code: "ENOENT" }), {}).exitCode).toBe(70);
  });

  it("whatever is thrown, the mapping never throws", () => {
    const hostile = new Proxy(new Error("x"), {
      get() {
        throw new Error("no");
      },
    });
    for (const v of [null, undefined, 42, "s", Symbol("s"), hostile, { message: 1 }]) {
      const m = mapCliError(v, {});
      expect(m.exitCode).toBe(70);
      expect(typeof m.message).toBe("string");
    }
  });
});
