/**
 * ITC before/after, side by side in one process (issue 12):
 *
 *   npx tsx bench/itc-compare.ts [baseline-rev] [seed] [iterationsPerProcess]
 *
 * Extracts src/core/itc (and src/core/errors.ts) at `baseline-rev` (default: the commit before
 * the ITC speed work, 008d008) into a temporary directory, then for each workload of
 * bench/itc.bench.ts (messages / churn, N participants) builds the same stamps with both
 * implementations (same seed; their encodings are checked equal) and measures join (stamp ⊔ a
 * peer's peek), leq, encode and bitLength (the whole Appendix-A writer without the encoding a
 * stamp keeps after its first `encode`), alternating baseline and current in short rounds so that load
 * from other jobs hits both alike; ops/s are per second of this process's CPU time. Prints ops/s and the ratio current / baseline, then one JSON
 * line.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type * as itcModule from "../src/core/itc/index.js";

type Itc = typeof itcModule;
type Stamp = itcModule.Stamp;
type Rng = ReturnType<typeof xoroshiro128plus>;

const rev = process.argv[2] ?? "008d008";
const seed = Number.parseInt(process.argv[3] ?? "42", 10);
const perProcess = Number.parseInt(process.argv[4] ?? "50", 10);

/** The ITC module at `rev`, or (rev null) as in the working tree, copied the same way for both. */
async function loadItc(rev: string | null): Promise<Itc> {
  // Inside node_modules so that the baseline resolves its dependencies (zod) from this checkout.
  const cache = join(process.cwd(), "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "itc-baseline-"));
  const files =
    rev === null
      ? readdirSync("src/core/itc").map((f) => `src/core/itc/${f}`)
      : execFileSync("git", ["ls-tree", "--name-only", rev, "src/core/itc/"], { encoding: "utf8" })
          .split("\n")
          .filter((f) => f.endsWith(".ts"));
  mkdirSync(join(dir, "src/core/itc"), { recursive: true });
  for (const f of [...files.filter((x) => x.endsWith(".ts")), "src/core/errors.ts"])
    writeFileSync(
      join(dir, f),
      rev === null ? readFileSync(f) : execFileSync("git", ["show", `${rev}:${f}`]),
    );
  return (await import(pathToFileURL(join(dir, "src/core/itc/index.ts")).href)) as Itc;
}

const pick = (rng: Rng, n: number) => uniformInt(rng, 0, n - 1);
const pickOther = (rng: Rng, n: number, p: number) => (p + 1 + pick(rng, n - 1)) % n;

/** bench/itc.bench.ts's workload: N processes exchanging messages, optionally with churn. */
function workload(itc: Itc, n: number, churn: boolean): Stamp[] {
  const rng = xoroshiro128plus(seed + n + (churn ? 1000 : 0));
  const ps: Stamp[] = [itc.seed()];
  while (ps.length < n) {
    const p = pick(rng, ps.length);
    const [a, b] = itc.fork(ps[p] as Stamp);
    ps[p] = a;
    ps.push(b);
  }
  for (let it = 0; it < perProcess * n; it++) {
    const p = pick(rng, ps.length);
    const q = pickOther(rng, ps.length, p);
    const [s, msg] = itc.send(ps[p] as Stamp);
    ps[p] = s;
    ps[q] = itc.receive(ps[q] as Stamp, msg);
    if (churn) {
      const a = pick(rng, ps.length);
      const b = pickOther(rng, ps.length, a);
      ps[b] = itc.join(ps[b] as Stamp, ps[a] as Stamp);
      ps[a] = ps[ps.length - 1] as Stamp;
      ps.pop();
      const r = pick(rng, ps.length);
      const [x, y] = itc.fork(ps[r] as Stamp);
      ps[r] = x;
      ps.push(y);
    }
  }
  return ps;
}

type Op = "join" | "leq" | "encode" | "bitLength";
function opFn(itc: Itc, stamps: Stamp[], op: Op): (k: number) => unknown {
  const n = stamps.length;
  const peeks = stamps.map((s) => itc.peek(s));
  const at = (xs: Stamp[], k: number) => xs[k % n] as Stamp;
  if (op === "join") return (k) => itc.join(at(stamps, k), at(peeks, k * 7 + 3));
  if (op === "leq") return (k) => itc.leq(at(stamps, k), at(stamps, k * 7 + 3));
  if (op === "bitLength") return (k) => itc.bitLength(at(stamps, k));
  return (k) => itc.encode(at(stamps, k));
}

/** Alternating rounds of ~ms each; returns ops/s of a and b over all rounds. */
function sideBySide(a: (k: number) => unknown, b: (k: number) => unknown, rounds = 10, ms = 40) {
  let sink: unknown;
  for (let k = 0; k < 500; k++) {
    sink = a(k);
    sink = b(k);
  }
  const tot = [
    { count: 0, ms: 0 },
    { count: 0, ms: 0 },
  ];
  for (let r = 0; r < rounds; r++) {
    // Alternate which one goes first, so that neither always runs on a warmer cache.
    const order: [number, (k: number) => unknown][] =
      r % 2 === 0
        ? [
            [0, a],
            [1, b],
          ]
        : [
            [1, b],
            [0, a],
          ];
    for (const [i, f] of order) {
      // CPU time of this process (not wall time): other jobs' load does not count against it.
      const cpu = () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };
      const t0 = cpu();
      let t = t0;
      let c = 0;
      while (t - t0 < ms) {
        for (let k = 0; k < 50; k++) sink = f(c + k);
        c += 50;
        t = cpu();
      }
      const e = tot[i] as { count: number; ms: number };
      e.count += c;
      e.ms += t - t0;
    }
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return tot.map((e) => Math.round((e.count / e.ms) * 1000)) as [number, number];
}

const baseline = await loadItc(rev);
// The working tree's copy, loaded exactly like the baseline (ITC_COMPARE_AA=1 loads
// the baseline twice: an A/A run, to see the noise).
const current = await loadItc(process.env["ITC_COMPARE_AA"] === "1" ? rev : null);
const rows: Record<string, unknown>[] = [];
console.log(
  `ITC side by side — baseline ${rev} vs current; seed ${seed}; ${perProcess}·N iterations; node ${process.version}`,
);
for (const [name, n, churn] of [
  ["messages", 128, false],
  ["churn", 16, true],
  ["churn", 64, true],
  ["churn", 128, true],
] as const) {
  const before = workload(baseline, n, churn);
  const after = workload(current, n, churn);
  const bytes = after.map((s) => current.encode(s));
  before.forEach((s, i) => {
    const x = Buffer.from(baseline.encode(s)).toString("hex");
    if (x !== Buffer.from(bytes[i] as Uint8Array).toString("hex"))
      throw new Error(`${name} N=${n}: the implementations built different stamps (#${i})`);
  });
  const mean = bytes.reduce((t, b) => t + b.length, 0) / bytes.length;
  const row: Record<string, unknown> = { workload: name, n, meanBytes: Math.round(mean) };
  const parts: string[] = [];
  for (const op of ["join", "leq", "encode", "bitLength"] as const) {
    const [b, a] = sideBySide(opFn(baseline, before, op), opFn(current, after, op));
    row[op] = { baseline: b, current: a, ratio: Math.round((a / b) * 100) / 100 };
    parts.push(
      `${op} ${b.toLocaleString("en-US")} → ${a.toLocaleString("en-US")} (×${(a / b).toFixed(2)})`,
    );
  }
  rows.push(row);
  console.log(
    `${name.padEnd(8)} N=${String(n).padStart(3)} mean ${mean.toFixed(0).padStart(5)} B  ${parts.join(", ")}`,
  );
}
console.log(JSON.stringify({ bench: "itc-compare", baseline: rev, seed, perProcess, rows }));
