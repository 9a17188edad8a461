/**
 * Hostile inputs, by class (issue 13, "every input path is bounded"): each row feeds the CLI an
 * input that used to hang, grow without bound or crash, and asserts the exit code, the message
 * (naming the field, file or path), that no stack trace is printed and that the output stays
 * small. The rows run in-process through `main`, so a hang is a test timeout.
 */
import { mkdirSync, truncateSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCorpus, saveToCorpus } from "../../src/cli/corpus.js";
import { main } from "../../src/cli/main.js";
import { MAX_PATH_STEPS } from "../../properties/property.js";
import { capture } from "../helpers/capture.js";

const dir = mkdtempSync(join(tmpdir(), "commons-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const json = (name: string, doc: unknown) => file(name, JSON.stringify(doc));
const corpusWith = (name: string, entry: unknown) => {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, "entry.json"), JSON.stringify(entry));
  return d;
};

const small = { protocol: "v2", duration: 2000, nodes: { count: 6 }, topology: { kind: "ring" } };
const zeros = (n: number) => Array.from({ length: n + 1 }, () => "0").join(":");
const entry = (path: string) => ({ target: "reference", id: "ITC-1", seed: 42, path });

interface Row {
  readonly what: string;
  readonly argv: () => string[];
  readonly code: number;
  /** Expected in stderr (and stdout for results). */
  readonly message: RegExp;
}

const rows: Row[] = [
  {
    what: "simulate: 10⁹ joins per minute",
    argv: () => [
      "simulate",
      json("churn.json", {
        ...small,
        churn: { rates: [{ kind: "join", perMinute: 1e9, until: 2000 }] },
      }),
    ],
    code: 2,
    message: /churn\.json: too expensive to run .* churn\.rates\[0\]\.perMinute \(1000000000\)/,
  },
  {
    what: "simulate: a 10⁶-node full mesh",
    argv: () => [
      "simulate",
      json("mesh.json", { ...small, nodes: { count: 1e6 }, topology: { kind: "full-mesh" } }),
    ],
    code: 2,
    message:
      /mesh\.json: too expensive to run — about [\d.]+e\d+ events .* nodes\.count \(1000000\)/,
  },
  {
    what: "simulate: 10¹² joins in one churn event",
    argv: () => [
      "simulate",
      json("count.json", { ...small, churn: { events: [{ kind: "join", at: 1, count: 1e12 }] } }),
    ],
    code: 2,
    message: /churn\.events\[0\]\.count/,
  },
  {
    what: "simulate: a directory as the scenario",
    argv: () => ["simulate", dir],
    code: 2,
    message: /commons-hostile-\w+: cannot read \(EISDIR\)/,
  },
  {
    what: "simulate: a scenario file larger than any affordable scenario (sparse, 300 MiB)",
    argv: () => {
      const p = join(dir, "huge.json");
      writeFileSync(p, "");
      truncateSync(p, 300 * 2 ** 20);
      return ["simulate", p];
    },
    code: 2,
    message: /huge\.json: 314572800 bytes, more than a scenario file can be/,
  },
  {
    what: "simulate --out into a missing directory (before the run)",
    argv: () => ["simulate", json("ok.json", small), "--out", join(dir, "nope", "t.itf.json")],
    code: 2,
    message: /--out: cannot write .*nope\/t\.itf\.json \(ENOENT\)/,
  },
  {
    what: "simulate --out where no file can be created (/proc/self, even as root)",
    argv: () => ["simulate", json("ok.json", small), "--out", "/proc/self/t.itf.json"],
    code: 2,
    message: /--out: cannot write \/proc\/self\/t\.itf\.json \(E[A-Z]+\)/,
  },
  {
    what: "trace validate: a stuttering log longer than --max-entries",
    argv: () => [
      "trace",
      "validate",
      file("stutter.ndjson", "{}\n".repeat(2000)),
      "--model",
      "DenominatorGossip",
      "--max-entries",
      "50",
    ],
    code: 3,
    message: /verdict: incomplete — stopped at entry 50 .*not a pass/,
  },
  {
    what: "check --path 99999999 (beyond the largest case)",
    argv: () => ["check", "--only", "ITC-1", "--path", "99999999"],
    code: 2,
    message: /beyond the largest replayable case/,
  },
  {
    what: "check --path with more shrinking steps than a replay follows",
    argv: () => ["check", "--only", "ITC-1", "--path", zeros(MAX_PATH_STEPS + 1)],
    code: 2,
    message: /shrinking steps is more than a replay follows/,
  },
  {
    what: "check --path that does not replay (10⁴ steps): abbreviated",
    argv: () => ["check", "--only", "ITC-1", "--path", `0:${"9:".repeat(10_000)}9`],
    code: 2,
    message: /--path 0:9:9:.*… \(10001 shrinking steps, \d+ characters\): no case at path/,
  },
  {
    what: "a corpus entry with a huge path that does not replay: named by file",
    argv: () => [
      "check",
      "--only",
      "ITC-1",
      "--corpus",
      corpusWith("c-huge", entry(zeros(99_999))),
    ],
    code: 2,
    message: /corpus file .*c-huge\/entry\.json: path 0:0:.*… \(99999 shrinking steps/,
  },
  {
    what: "a corpus entry with a path beyond the caps: named by file and field",
    argv: () => [
      "check",
      "--only",
      "ITC-1",
      "--corpus",
      corpusWith("c-steps", entry(zeros(MAX_PATH_STEPS + 5))),
    ],
    code: 2,
    message: /corpus file .*c-steps\/entry\.json: path: \d+ shrinking steps is more than/,
  },
  {
    what: "a corpus file larger than an entry can be",
    argv: () => {
      const d = join(dir, "c-big");
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, "big.json"), " ".repeat(5 * 2 ** 20));
      return ["check", "--only", "ITC-1", "--corpus", d];
    },
    code: 2,
    message: /corpus file .*c-big\/big\.json is \d+ bytes, more than a corpus entry can be/,
  },
  {
    what: "a corpus file that is not JSON",
    argv: () => {
      const d = join(dir, "c-json");
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, "x.json"), "{");
      return ["check", "--only", "ITC-1", "--corpus", d];
    },
    code: 2,
    message: /corpus file .*c-json\/x\.json is not JSON/,
  },
  {
    what: "--corpus /proc/nope (nothing to save) does not spin",
    argv: () => ["check", "--only", "ITC-1", "--runs", "5", "--corpus", "/proc/nope"],
    code: 0,
    message: /1 invariants checked, 1 held/,
  },
  {
    what: "--corpus that is a file",
    argv: () => ["check", "--only", "ITC-1", "--runs", "5", "--corpus", file("plain", "x")],
    code: 2,
    message: /corpus: .*plain is not a directory/,
  },
];

describe("hostile inputs: every input path is bounded", () => {
  it.each(rows.map((r) => [r.what, r] as const))("%s", async (_what, row) => {
    const io = capture();
    const code = await main(row.argv(), io);
    const all = `${io.stdout()}${io.stderr()}`;
    expect(all).toMatch(row.message);
    expect(code).toBe(row.code);
    expect(all).not.toMatch(/\n\s+at /); // no stack trace
    expect(io.stderr().length).toBeLessThan(4000); // a huge input is not echoed back
  });

  it("a corpus entry with a 300-character target, id and path is saved and read back (found by the fuzz: ENAMETOOLONG)", () => {
    const d = join(dir, "c-long-names");
    const e = {
      target: "t".repeat(300),
      id: "I".repeat(300),
      seed: 7,
      path: `1${":0".repeat(150)}`,
    };
    const saved = saveToCorpus(d, e);
    expect(Buffer.byteLength(saved.slice(d.length + 1))).toBeLessThanOrEqual(255);
    expect(readCorpus(d).map(({ file: _f, ...x }) => x)).toEqual([e]);
  });
});
