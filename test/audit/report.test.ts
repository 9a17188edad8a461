/**
 * report.html from a small audit (a statistical claim, a must-fail model with a counterexample,
 * a router scenario over five seeds, the slot-matching and ITC stamp-size experiments): every
 * claim has its row and section, every figure is an inline SVG with marks and a CSV of what it
 * plots, nothing points outside the file, the page is the same for the same ledger, and a figure
 * without data or with one seed says so.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Ledger } from "../../src/audit/ledger.js";
import { readArtifacts } from "../../src/audit/output.js";
import { traceTable } from "../../src/audit/report/counterexample.js";
import { parseCsv, toCsv } from "../../src/audit/report/csv.js";
import { buildFigures } from "../../src/audit/report/figures.js";
import { protocolLabel } from "../../src/audit/report/scaling-figures.js";
import { messageSequence, sequenceFigure } from "../../src/audit/report/sequence.js";
import { measureAllocationCost } from "../../src/audit/allocation-cost.js";
import { renderReport } from "../../src/audit/report/index.js";
import { namespaceIds } from "../../src/audit/report/svg.js";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

const ONLY = ["S0-6", "S0-15", "S0-16", "S4-9", "S4-2", "S1-4", "S1-14", "S2-7", "S2-11"];
const dir = mkdtempSync(join(tmpdir(), "audit-report-"));
const read = (f: string) => readFileSync(join(dir, f), "utf8");

/** The <figure class="fig"> blocks of a page. */
function figures(html: string): string[] {
  return [...html.matchAll(/<figure class="fig"[\s\S]*?<\/figure>/g)].map((m) => m[0]);
}

describe("report.html", () => {
  let html: string;
  let ledger: Ledger;
  beforeAll(async () => {
    const io = capture();
    // In this process (the selection's planned CPU is near the default --jobs threshold).
    const code = await main(["audit", "--only", ONLY.join(","), "--jobs", "1", "--out", dir], io);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    html = read("report.html");
    ledger = JSON.parse(read("ledger.json")) as Ledger;
  });

  it("has a cover with the toolkit, the documents' hashes, the machine and the verdict counts", () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`${ledger.toolkit.name} ${ledger.toolkit.version}`);
    for (const d of ledger.documents) {
      expect(html).toContain(d.file);
      expect(html).toContain(d.sha256);
    }
    expect(html).toMatch(/load average<\/th><td>[\d.]+ \/ [\d.]+ \/ [\d.]+ at the start/);
    expect(html).toMatch(/figures rendered in [\d.]+ s/);
    expect(html).toMatch(/commit <code>[0-9a-f]{40}<\/code>|no git commit/);
    for (const section of ["ledger", "claims", "statistics", "deviations", "definitions"])
      expect(html).toContain(`<section id="${section}">`);
  });

  it("has a ledger row and a section for every claim of the selection", () => {
    const rows = [...html.matchAll(/<tr id="row-([^"]+)" data-claim="/g)].map((m) => m[1]);
    expect(rows).toEqual(ONLY.slice().sort(byCatalogue(ledger)));
    for (const c of ledger.claims) {
      expect(html).toContain(`<article class="claim" id="claim-${c.id}"`);
      expect(html).toContain(c.reproduce);
    }
  });

  it("draws every figure as an inline SVG with marks, with the CSV of what it plots", () => {
    const figs = figures(html);
    const csvs = readdirSync(join(dir, "data")).filter((f) => f.startsWith("figure-"));
    expect(figs.length).toBeGreaterThanOrEqual(5);
    expect(figs).toHaveLength(csvs.length);
    for (const f of figs) {
      expect(f).toMatch(/<svg[^>]*class="marks"/);
      expect(f).toMatch(/class="mark-(symbol|line|rule|tick)[^"]*"[^>]*>\s*<(path|line)/);
      const csv = /data\/figure-[\w.-]+\.csv/.exec(f)?.[0];
      expect(csv, "the caption names the figure's CSV").toBeDefined();
      expect(existsSync(join(dir, csv as string))).toBe(true);
    }
    // The SPRT path: one row per run plus the two boundaries at both ends.
    const sprt = read("data/figure-stat-STAT-2-sprt.csv").trim().split("\n");
    const stat = ledger.claims[0]?.evidence.find((e) => e.stat !== undefined)?.stat;
    expect(sprt).toHaveLength(1 + (stat?.runs ?? 0) + 4);
    // A scenario over five seeds: five points per metric drawn, and the rule's threshold.
    const burst = read("data/figure-scenario-router-burst.csv");
    expect(burst.match(/^seed,lagRate,router-burst,/gm)).toHaveLength(5);
    expect(burst).toMatch(/^threshold,lagRate,/m);
    expect(html).toMatch(/fitted exponents ITC messages [\d.]+ \[[\d.]+, [\d.]+\]/);
    expect(html).toMatch(/; vector clock messages [\d.]+ \[[\d.]+, [\d.]+\]/);
  });

  it("draws every sweep item: p̂ with its interval per value, the decision, the band, the condition", () => {
    const sweeps = ledger.claims.flatMap((c) =>
      c.evidence.filter((e) => e.sweep !== undefined).map((e) => ({ claim: c.id, e })),
    );
    expect(sweeps.length, "S0-6 cites a sweep").toBeGreaterThan(0);
    const set = buildFigures(ledger, readArtifacts(dir));
    for (const { claim, e } of sweeps) {
      const s = e.sweep as NonNullable<typeof e.sweep>;
      const fig = set.figures.find((f) => f.evidenceKeys.includes(e.key));
      expect(fig, `a figure for ${e.label}`).toBeDefined();
      if (fig === undefined) continue;
      expect(fig.claims).toContain(claim);
      expect(fig.caption).toContain(s.dependence.condition);
      const block = figures(html).find((f) => f.includes(`data-figure="${fig.id}"`));
      expect(block, `figure ${fig.id} in the page`).toBeDefined();
      expect(block).toMatch(/class="mark-rect[^"]*"[^>]*>\s*<path/);
      const csv = read(`data/figure-${fig.id}.csv`).trim().split("\n");
      expect(csv[0]?.split(",").slice(0, 3)).toEqual(["series", s.parameter, "decision"]);
      const points = csv.filter((r) => r.startsWith("estimate,"));
      expect(points).toHaveLength(s.points.length);
      s.points.forEach((p, k) => {
        const cells = (points[k] as string).split(",");
        expect(cells[1]).toBe(String(p.at[s.parameter]));
        expect(cells[2]).toBe(p.decision);
        expect(Number(cells[5])).toBe(p.estimate.p);
      });
      expect(csv.filter((r) => r.startsWith("indifference band")).length).toBe(1);
    }
    const row = html.slice(
      html.indexOf('id="row-S0-6"'),
      html.indexOf("</tr>", html.indexOf('id="row-S0-6"')),
    );
    const s06 = ledger.claims.find((c) => c.id === "S0-6");
    if (s06?.verdict.condition !== undefined) expect(row).toContain(s06.verdict.condition);
  });

  it("draws the rounds needed against every sweep's parameter × ε from every run, censored runs counted, and the ledger keeps the claim's ε", () => {
    const sweeps = [
      ...new Map(
        ledger.claims
          .flatMap((c) => c.evidence)
          .filter((x) => x.sweep !== undefined)
          .map((x) => [x.key, x] as const),
      ).values(),
    ];
    const parameters = sweeps.map((x) => x.sweep?.parameter);
    // Numbers and words: noise and liars, rate and strategy (S0-6, S0-16).
    expect(parameters).toEqual(expect.arrayContaining(["noise", "rate", "liars", "strategy"]));
    const set = buildFigures(ledger, readArtifacts(dir));
    let censoredSomewhere = 0;
    for (const e of sweeps) {
      const s = e.sweep as NonNullable<(typeof e)["sweep"]>;
      const p = s.parameter;
      // Every run's errors by round, read here on their own, keyed by the value as written.
      const runs = new Map<string, Map<number, number[]>>();
      // The values as written (vega's auto-typing would read constant:0.3 as a date).
      for (const r of parseCsv(read(s.rounds), {
        run: "number",
        round: "number",
        maxError: "number",
      })) {
        const v = String(r[p]);
        const byRun = runs.get(v) ?? new Map<number, number[]>();
        runs.set(v, byRun);
        const errs = byRun.get(r.run as number) ?? [];
        errs[(r.round as number) - 1] = r.maxError as number;
        byRun.set(r.run as number, errs);
      }
      // As many runs per value as the sweep's SPRT made there, each with T rounds.
      expect([...runs.keys()]).toEqual(s.points.map((x) => String(x.at[p])));
      s.points.forEach((x) => expect(runs.get(String(x.at[p]))?.size).toBe(x.runs));
      const horizon = (v: string) => (p === "rounds" ? Number(v) : s.setting.rounds);
      for (const [v, byRun] of runs)
        for (const errs of byRun.values()) expect(errs).toHaveLength(horizon(v));

      const fig = set.figures.find(
        (f) => f.evidenceKeys.includes(e.key) && f.id.startsWith("rounds-"),
      );
      expect(fig, `a rounds-needed figure for ${e.label}`).toBeDefined();
      const block = figures(html).find((f) => f.includes(`data-figure="${fig?.id as string}"`));
      expect(block).toMatch(/class="mark-symbol[^"]*"[^>]*>\s*<path/);
      expect(block).toMatch(/class="mark-rule[^"]*"[^>]*>\s*<line/);
      const rows = parseCsv(read(`data/figure-${fig?.id as string}.csv`), {
        [p]: "string",
        epsilon: "number",
        runs: "number",
        censored: "number",
        horizon: "number",
        median: "number",
        status: "string",
      });
      const eps = [...new Set(rows.map((r) => r.epsilon as number))];
      expect(eps).toContain(s.setting.epsilon);
      expect(rows).toHaveLength(runs.size * eps.length);
      for (const [v, byRun] of runs) {
        const T = horizon(v);
        for (const x of eps) {
          // Rounds needed: the first round from which every later error is within ε (∞ if the
          // error at T is not).
          const needed = [...byRun.values()].map((errs) => {
            let t = Infinity;
            for (let k = T; k >= 1 && (errs[k - 1] as number) <= x; k--) t = k;
            return t;
          });
          const sorted = needed.slice().sort((a, b) => a - b);
          const n = sorted.length;
          const med =
            n % 2 === 1
              ? (sorted[(n - 1) / 2] as number)
              : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
          const censored = needed.filter((t) => t === Infinity).length;
          censoredSomewhere += censored;
          const row = rows.find((r) => String(r[p]) === v && r.epsilon === x);
          expect(row, `${p} ${v}, ε ${x}`).toMatchObject({
            runs: n,
            censored,
            horizon: T,
            median: Number.isFinite(med) ? med : null,
            status: Number.isFinite(med) ? "median" : "median censored (> T)",
          });
          if (x === s.setting.epsilon)
            expect(
              s.roundsNeeded.points.find((q) => String(q.value) === v),
              `ledger: ${p} ${v}`,
            ).toMatchObject({
              runs: n,
              censored,
              horizon: T,
              median: Number.isFinite(med) ? med : null,
            });
        }
      }
      expect(s.roundsNeeded.epsilon).toBe(s.setting.epsilon);
      expect(s.roundsNeeded.points).toHaveLength(s.points.length);
    }
    expect(censoredSomewhere, "the sweeps reach values where runs are censored").toBeGreaterThan(0);
    // The ledger.md Sweeps table has the rounds needed of every point.
    const md = read("ledger.md");
    expect(md).toContain("| rounds needed [interval] |");
  });

  it("states a conditional verdict's dependence on a swept parameter in the claim's section", () => {
    const c = ledger.claims.find((x) => x.id === "S0-6");
    const section = html.slice(html.indexOf('id="claim-S0-6"'));
    const dep = c?.verdict.dependsOn?.[0];
    expect(dep, "S0-6 rests on a sweep").toBeDefined();
    expect(section).toMatch(/<strong>Depends on:<\/strong>/);
    expect(section).toContain(`holds at ${(dep?.holds ?? []).join(", ")}`);
  });

  it("draws the documents' variant beside the toolkit's and lists what it changes", () => {
    const items = ledger.claims
      .flatMap((c) => c.evidence)
      .filter((e) => e.simulation?.variant === "documents");
    expect(items.length, "S2-11 cites the documents' variant").toBeGreaterThan(0);
    const set = buildFigures(ledger, readArtifacts(dir));
    for (const e of items) {
      const s = e.simulation as NonNullable<typeof e.simulation>;
      const fig = set.figures.find((f) => f.evidenceKeys.includes(e.key));
      expect(fig, `a figure for ${e.key}`).toBeDefined();
      const csv = read(`data/figure-${fig?.id ?? ""}.csv`);
      const variants = new Set(
        csv
          .trim()
          .split("\n")
          .slice(1)
          .filter((r) => r.startsWith("seed,"))
          .map((r) => r.split(",")[3]),
      );
      expect([...variants].sort()).toEqual(["documents", "toolkit"]);
      expect(csv).toMatch(/,documents · /);
      expect(csv).toMatch(/,toolkit · /);
      expect(s.changes?.length ?? 0).toBeGreaterThan(0);
      const section = html.slice(html.indexOf('id="claim-S2-11"'));
      expect(section).toContain("The documents' variant</h4>");
      for (const x of s.changes ?? []) expect(section).toContain(`<code>${x.path}</code>`);
    }
  });

  it("draws the measured vector-clock sizes beside the ITC stamps, per seed and as the ledger's medians", () => {
    const scaling = ledger.claims
      .flatMap((c) => c.evidence)
      .find((e) => e.scaling !== undefined)?.scaling;
    expect(scaling?.vectorClockExponents?.length).toBe(2);
    const fig = buildFigures(ledger, readArtifacts(dir)).figures.find(
      (f) => f.id === "itc-stamp-sizes",
    );
    expect(read("data/figure-itc-stamp-sizes.csv")).toBe(
      toCsv(fig?.columns ?? [], fig?.rows ?? []),
    );
    const rows = parseCsv(read("data/figure-itc-stamp-sizes.csv"));
    const data = parseCsv(read(scaling?.data ?? ""));
    const vc = rows.filter((r) => r.clock === "vector clock");
    expect(vc.filter((r) => r.series === "seed")).toHaveLength(data.length);
    for (const d of data) {
      const r = vc.find(
        (x) => x.series === "seed" && x.workload === d.workload && x.n === d.n && x.seed === d.seed,
      );
      expect(r?.bytes).toBe(d.vcMeanBytes);
    }
    for (const x of scaling?.vectorClockExponents ?? [])
      for (const b of x.meanBytes) {
        const r = vc.find((y) => y.series === "median" && y.workload === x.workload && y.n === b.n);
        expect([r?.bytes, r?.lower, r?.upper]).toEqual([
          b.bytes.median,
          b.bytes.lower,
          b.bytes.upper,
        ]);
      }
    const block = figures(html).find((f) => f.includes('data-figure="itc-stamp-sizes"'));
    expect(block).toContain("vector clock, churn");
  });

  it("draws the ITC stamps under turnover: both ways of leaving, every seed, the median of the seeds", () => {
    const s27 = ledger.claims.find((c) => c.id === "S2-7");
    expect(s27?.verdict.status).toBe("refuted");
    const items = s27?.evidence.filter((e) => e.turnover !== undefined) ?? [];
    expect(items.map((e) => [e.turnover?.leave, e.role])).toEqual([
      ["silent", "refutes"],
      ["graceful", "qualifies"],
    ]);
    const fig = buildFigures(ledger, readArtifacts(dir)).figures.find(
      (f) => f.id === "itc-turnover",
    );
    expect(fig?.claims).toContain("S2-7");
    expect(fig?.seeds).toBe(ledger.settings.seeds.length);
    expect(read("data/figure-itc-turnover.csv")).toBe(toCsv(fig?.columns ?? [], fig?.rows ?? []));
    const rows = parseCsv(read("data/figure-itc-turnover.csv"));
    const data = parseCsv(read(items[0]?.turnover?.data ?? ""));
    expect(rows.filter((r) => r.series === "seed")).toHaveLength(data.length);
    for (const leave of ["graceful", "silent"]) {
      const at = (g: number) => data.filter((d) => d.leave === leave && d.generation === g);
      const medians = rows.filter((r) => r.series === "median" && r.leave === leave);
      expect(medians.length).toBeGreaterThan(0);
      for (const m of medians) {
        const xs = at(m.generation as number).map((d) => d.meanBytes as number);
        expect(xs).toHaveLength(ledger.settings.seeds.length);
        expect([m.lower, m.upper]).toEqual([Math.min(...xs), Math.max(...xs)]);
        expect(m.bytes as number).toBeGreaterThanOrEqual(m.lower as number);
        expect(m.bytes as number).toBeLessThanOrEqual(m.upper as number);
      }
    }
    const block = figures(html).find((f) => f.includes('data-figure="itc-turnover"'));
    expect(block).toMatch(/class="mark-line[^"]*"[^>]*>\s*<path/);
  });

  it("draws the router's delivery latency percentiles per lane over the seeds, against the targets", () => {
    const fig = buildFigures(ledger, readArtifacts(dir)).figures.find(
      (f) => f.id === "router-latency",
    );
    expect(fig).toBeDefined();
    expect(fig?.claims).toContain("S4-2");
    expect(read("data/figure-router-latency.csv")).toBe(toCsv(fig?.columns ?? [], fig?.rows ?? []));
    const block = figures(html).find((f) => f.includes('data-figure="router-latency"'));
    expect(block).toMatch(/class="mark-symbol[^"]*"[^>]*>\s*<path/);
    const rows = parseCsv(read("data/figure-router-latency.csv"));
    const runs = parseCsv(read("data/scenario-router-burst.csv"));
    expect(runs).toHaveLength(ledger.settings.seeds.length);
    let drawn = 0;
    for (const pct of ["p50", "p99"])
      for (const lane of ["control", "sync", "inventory", "data"]) {
        const values = runs.map((r) => r[`${pct}:${lane}`]).filter((v) => typeof v === "number");
        const mine = rows.filter(
          (r) => r.scenario === "router-burst" && r.percentile === pct && r.lane === lane,
        );
        const seeds = mine.filter((r) => r.series === "seed");
        expect(seeds.map((r) => r.ms)).toEqual(values);
        drawn += seeds.length;
        if (values.length === 5) {
          // The median of five seeds is the third smallest.
          const sorted = (values as number[]).slice().sort((a, b) => a - b);
          expect(mine.find((r) => r.series === "median")?.ms).toBe(sorted[2]);
        }
      }
    expect(drawn).toBeGreaterThan(0);
    expect(rows.filter((r) => r.series === "target").map((r) => [r.percentile, r.ms])).toEqual([
      ["p50", 100],
      ["p99", 500],
      ["p50", 10],
    ]);
  });

  it("follows each SPRT's runs round by round: the share within ε per round, as the SPRT counted it at T", () => {
    const stats = ledger.claims
      .flatMap((c) => c.evidence)
      .flatMap((e) => (e.stat === undefined ? [] : [{ key: e.key, s: e.stat }]));
    expect(stats.length, "S0-6 cites STAT-2").toBeGreaterThan(0);
    const set = buildFigures(ledger, readArtifacts(dir));
    for (const { key, s } of stats) {
      const id = `${key.replace(/^invariant:/, "stat-")}-rounds`;
      const fig = set.figures.find((f) => f.id === id);
      expect(fig, id).toBeDefined();
      expect(read(`data/figure-${id}.csv`)).toBe(toCsv(fig?.columns ?? [], fig?.rows ?? []));
      const block = figures(html).find((f) => f.includes(`data-figure="${id}"`));
      expect(block, `${id} in the page`).toMatch(/class="mark-area[^"]*"[^>]*>\s*<path/);
      const rows = parseCsv(read(`data/figure-${id}.csv`)).filter(
        (r) => r.series === "runs within ε",
      );
      const T = s.setting.rounds;
      expect(rows.map((r) => r.round)).toEqual(Array.from({ length: T }, (_, i) => i + 1));
      for (const r of rows) expect(r.runs).toBe(s.runs);
      // After round T the share is the SPRT's own count of successes.
      expect(rows.at(-1)?.successes).toBe(s.successes);
      // Each run's error after round T is the error the SPRT judged it by.
      const runs = parseCsv(read(s.data));
      const last = parseCsv(read(s.roundsData as string)).filter((r) => r.round === T);
      expect(last.map((r) => r.maxError)).toEqual(runs.map((r) => r.maxError));
      expect(html).toContain(`data/figure-${id}.csv`);
    }
  });

  it("draws success against the liar fraction per strategy from the SPRTs that differ only in their liars", () => {
    const s016 = ledger.claims.find((c) => c.id === "S0-16");
    expect(s016).toBeDefined();
    const set = buildFigures(ledger, readArtifacts(dir));
    const fig = set.figures.find((f) => f.id === "success-vs-liars");
    expect(fig).toBeDefined();
    if (fig === undefined || s016 === undefined) return;
    expect(fig.claims).toContain("S0-16");
    expect(read("data/figure-success-vs-liars.csv")).toBe(toCsv(fig.columns, fig.rows));
    const block = figures(html).find((f) => f.includes('data-figure="success-vs-liars"'));
    expect(block).toMatch(/class="mark-symbol[^"]*"[^>]*>\s*<path/);
    const rows = parseCsv(read("data/figure-success-vs-liars.csv")).filter(
      (r) => r.series === "estimate",
    );
    expect(new Set(rows.map((r) => r.strategy))).toEqual(new Set(["inflate:5", "deflate:5"]));
    // Every point of S0-16's sweeps over liars and strategy that ran is drawn, as the ledger has it.
    const ran = s016.evidence.filter((e) => e.sweep !== undefined);
    expect(ran.length).toBeGreaterThanOrEqual(2);
    for (const e of ran) {
      const w = e.sweep as NonNullable<typeof e.sweep>;
      for (const p of w.points) {
        const liars = w.parameter === "liars" ? p.at.liars : w.setting.dishonest.fraction;
        const strategy =
          w.parameter === "strategy"
            ? p.at.strategy
            : `${w.setting.dishonest.strategy.kind}:${String((w.setting.dishonest.strategy as { factor: number }).factor)}`;
        const row = rows.find(
          (r) =>
            r.liars === liars &&
            r.strategy === strategy &&
            r.runs === p.runs &&
            r.successes === p.successes,
        );
        expect(row, `${w.parameter} = ${String(p.at[w.parameter])}`).toBeDefined();
        expect(row?.decision).toBe(p.decision);
        expect(row?.p).toBe(p.estimate.p);
      }
    }
    // The deflating-liars sweep is the standard profile's: listed as not run, with its cost.
    const deflate = s016.evidence.find((e) => e.outcome === "not-run" && /liars/.test(e.key));
    expect(deflate?.cost).toMatchObject({ profile: "standard" });
    expect(deflate?.cost?.seconds).toBeGreaterThan(0);
    expect(ledger.skipped.some((x) => x.claims.includes("S0-16") && x.profile === "standard")).toBe(
      true,
    );
  });

  it("draws messages by kind and settle times against n from every V1 and V2 run, as the ledger measured them", () => {
    const set = buildFigures(ledger, readArtifacts(dir));
    const sims = ledger.claims
      .flatMap((c) => c.evidence)
      .flatMap((e) => (e.simulation === undefined ? [] : [e.simulation]))
      .filter((s, k, xs) => xs.findIndex((x) => x.data === s.data) === k);
    // S2-11's runs at 10 participants: V1 and V2, the toolkit's protocol and the documents'.
    const v12 = sims.filter((s) => /^scenario-v1-vs-v2-100/.test(s.data.slice(5)));
    expect(v12.length, "both variants of v1-vs-v2-100 at 10 nodes").toBe(2);
    for (const id of ["messages-vs-n", "settle-time-vs-n"]) {
      const fig = set.figures.find((f) => f.id === id);
      expect(fig, id).toBeDefined();
      if (fig === undefined) continue;
      expect(fig.rows.length).toBeGreaterThan(0);
      expect(fig.claims).toContain("S2-11");
      expect(fig.seeds).toBe(ledger.settings.seeds.length);
      // The CSV is the plotted table.
      expect((fig.spec as { data: { values: unknown } }).data.values).toBe(fig.rows);
      expect(read(`data/figure-${id}.csv`)).toBe(toCsv(fig.columns, fig.rows));
      const block = figures(html).find((f) => f.includes(`data-figure="${id}"`));
      expect(block, `${id} in the page`).toMatch(/class="mark-symbol[^"]*"[^>]*>\s*<path/);
      expect(html).toMatch(
        new RegExp(`<td>${id === "messages-vs-n" ? "Messages sent" : "Time to settle"}[^<]*</td>`),
      );
    }
    const rows = (id: string) => parseCsv(read(`data/figure-${id}.csv`));
    const msgs = rows("messages-vs-n");
    const settle = rows("settle-time-vs-n");
    for (const s of v12) {
      const variant = s.variant === "documents" ? "documents" : "toolkit";
      const perSeed = parseCsv(read(s.data));
      for (const r of s.runs) {
        const runRows = perSeed.filter((x) => x.run === r.run);
        const protocol = runRows[0]?.protocol as string;
        const label = protocolLabel(protocol, variant);
        const n = runRows[0]?.nodes;
        expect(n).toBe(10);
        const mine = (xs: typeof msgs) =>
          xs.filter((x) => x.protocol === label && String(x.source).endsWith(` · ${r.run}`));
        // Per seed: each kind's count is the scenario file's, and the kinds add up to the total.
        const seeds = mine(msgs).filter((x) => x.series === "seed");
        for (const x of runRows) {
          const own = seeds.filter((y) => y.seed === x.seed);
          const total = own.find((y) => y.kind === "all kinds")?.messages;
          expect(total).toBe(x.messages);
          const parts = own.filter((y) => y.kind !== "all kinds");
          expect(parts.length).toBeGreaterThan(0);
          expect(parts.reduce((a, y) => a + (y.messages as number), 0)).toBe(total);
          for (const y of parts) expect(y.messages).toBe(x[`sent:${String(y.kind)}`]);
        }
        // The median of the total is the ledger's median of messages for this run.
        const med = mine(msgs).find((x) => x.series === "median" && x.kind === "all kinds");
        expect([med?.messages, med?.lower, med?.upper]).toEqual([
          r.metrics.messages?.median,
          r.metrics.messages?.lower,
          r.metrics.messages?.upper,
        ]);
        // Settle time: one point per seed, censored ones at the horizon; the median as the
        // ledger's (a censored median drawn at the horizon).
        const pts = mine(settle).filter((x) => x.series === "seed");
        expect(pts).toHaveLength(r.seeds.length);
        expect(pts.filter((x) => /censored/.test(String(x.status)))).toHaveLength(r.censored);
        for (const x of pts.filter((y) => /censored/.test(String(y.status))))
          expect(x.settleMs).toBe(x.horizonMs);
        const sm = mine(settle).find((x) => x.series === "median");
        const e = r.metrics.settleMs;
        expect(e).toBeDefined();
        expect(sm?.settleMs).toBe(e?.median ?? sm?.horizonMs);
        expect(sm?.lower).toBe(e?.lower ?? sm?.horizonMs);
        expect(sm?.upper).toBe(e?.upper ?? sm?.horizonMs);
      }
    }
  });

  it("ledger.md carries every sweep point and every documents'-variant change that ledger.json has", () => {
    const md = read("ledger.md");
    const evidence = ledger.claims.flatMap((c) => c.evidence);
    const sweeps = evidence.filter((e) => e.sweep !== undefined);
    expect(sweeps.length).toBeGreaterThan(0);
    const table = md.slice(
      md.indexOf("## Sweeps"),
      md.indexOf("\n## ", md.indexOf("## Sweeps") + 3),
    );
    expect(table).toContain("| claims | test | parameter |");
    for (const e of sweeps) {
      const w = e.sweep as NonNullable<typeof e.sweep>;
      for (const p of w.points) {
        const row = `| ${w.stat} | ${w.parameter} | `;
        const line = table
          .split("\n")
          .find((x) => x.includes(row) && x.includes(`\`${p.reproduce}\``));
        expect(line, p.reproduce).toBeDefined();
        expect(line).toContain(`| ${p.decision} | ${p.runs} | ${p.successes} | ${p.estimate.p} [`);
      }
      expect(table).toContain(w.dependence.condition);
      expect(md).toContain(
        `at most ${w.maxRuns} runs per point; setting: nodes ${w.setting.nodes.min}–`,
      );
    }
    for (const c of ledger.claims)
      for (const d of c.verdict.dependsOn ?? [])
        expect(md).toContain(`- ${d.parameter} (${d.evidence}): ${d.condition}`);
    const changes = evidence.flatMap((e) =>
      (e.simulation?.changes ?? []).map((x) => ({ label: e.label, x })),
    );
    expect(changes.length, "S2-11 cites the documents' variant").toBeGreaterThan(0);
    const variants = md.slice(md.indexOf("## Protocol variants"));
    for (const { label, x } of changes)
      expect(variants).toContain(
        `| ${label} | ${x.run} | \`${x.path}\` | ${JSON.stringify(x.toolkit)} | ${JSON.stringify(x.documents)} |`,
      );
  });

  it("points nowhere outside the file: no script, no stylesheet link, no external src or href", () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import/i);
    const refs = [...html.matchAll(/\s(?:src|href|xlink:href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r, r).toMatch(/^#[\w.-]+$/);
    expect(html).not.toMatch(/url\((?!#)/);
    // Only the elements the renderer writes: text that slipped through unescaped shows up here.
    const known = new Set(
      (
        "a article blockquote body br code dd div dl dt em figcaption figure h1 h2 h3 h4 head " +
        "header html li meta nav ol p pre section span strong style table tbody td th thead " +
        "title tr ul svg g path rect line circle text tspan clipPath defs desc"
      ).split(" "),
    );
    const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1] as string));
    expect([...tags].filter((t) => !known.has(t))).toEqual([]);
    // Every internal link has its target.
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    for (const r of refs) expect(ids.has((r as string).slice(1)), r).toBe(true);
    expect(ids.size).toBe([...html.matchAll(/\sid="([^"]+)"/g)].length);
  });

  it("shows the shortest counterexample as a table", () => {
    const s49 = html.slice(html.indexOf('id="claim-S4-9"'), html.indexOf('id="claim-S4-10"'));
    expect(s49).toMatch(/Shortest counterexample<\/strong>: Router\/refresh-on-drop/);
    expect(s49).toContain("NoNonDuplicateDropped");
    expect(s49).toMatch(/<table class="grid cex">[\s\S]*<td>Init<\/td>/);
  });

  it("draws a counterexample with messages as a message-sequence diagram: every message once, in order", () => {
    const path = "traces/V1Node-seed-stale-rule.itf.json";
    // The trace, read here on its own: the bag of messages in flight and what each step was.
    type Env = { from: string; to: string };
    type St = {
      network: Env[];
      last: { node: string; input: { kind: string; from: string; msg: string } };
    };
    const states = (JSON.parse(read(path)) as { states: St[] }).states;
    const delivered = states.flatMap((s, i) =>
      s.last.input.kind === "message"
        ? [`${i} ${s.last.input.from}→${s.last.node} ${s.last.input.msg}`]
        : [],
    );
    // Messages sent: what joined the bag at each step (its growth, plus the one a delivery or
    // drop took out).
    let sent = states[0]?.network.length ?? 0;
    for (let i = 1; i < states.length; i++) {
      const s = states[i] as St;
      const took = ["message", "drop"].includes(s.last.input.kind) ? 1 : 0;
      sent += s.network.length - (states[i - 1] as St).network.length + took;
    }
    const end = (states.at(-1) as St).network.map((e) => `${e.from}→${e.to}`).sort();
    expect(delivered.length).toBeGreaterThan(0);
    expect(end.length).toBeGreaterThan(0);

    const rows = parseCsv(read("data/figure-msc-V1Node-seed-stale-rule.csv"));
    const msgs = rows.filter((r) => r.series === "message");
    expect(msgs).toHaveLength(sent);
    expect(msgs.map((r) => r.index)).toEqual(msgs.map((_, k) => k + 1));
    msgs.forEach((r, k) => {
      // Sent by the node that took the step, in step order, delivered later.
      expect(r.from).toBe(states[r.sentStep as number]?.last.node);
      if (k > 0)
        expect(r.sentStep as number).toBeGreaterThanOrEqual(msgs[k - 1]?.sentStep as number);
      if (r.endStep !== null) expect(r.endStep as number).toBeGreaterThan(r.sentStep as number);
    });
    expect(
      msgs
        .filter((r) => r.fate === "delivered")
        .sort((a, b) => (a.endStep as number) - (b.endStep as number))
        .map((r) => `${String(r.endStep)} ${String(r.from)}→${String(r.to)} ${String(r.kind)}`),
    ).toEqual(delivered);
    expect(
      msgs
        .filter((r) => r.fate === "in flight")
        .map((r) => `${String(r.from)}→${String(r.to)}`)
        .sort(),
    ).toEqual(end);
    const nodes = Object.keys(
      (JSON.parse(read(path)) as { states: { nodes: object }[] }).states[0]?.nodes ?? {},
    );
    expect(rows.filter((r) => r.series === "lifeline").map((r) => r.from)).toEqual(nodes);

    // In the page: under S1-4's counterexample, before its table; one arrowhead per message.
    const s14 = html.slice(
      html.indexOf('id="claim-S1-4"'),
      html.indexOf("<article", html.indexOf('id="claim-S1-4"') + 1),
    );
    const fig = figures(s14).find((f) => f.includes('data-figure="msc-V1Node-seed-stale-rule"'));
    expect(fig).toBeDefined();
    expect(s14.indexOf("msc-V1Node")).toBeLessThan(s14.indexOf('<table class="grid cex">'));
    const heads = /<g class="mark-symbol role-mark arrowheads[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(
      fig as string,
    );
    expect(heads?.[1]?.match(/<path/g)).toHaveLength(sent);
    for (const r of msgs) expect(fig).toContain(`>${String(r.label)}</text>`);
    // A model without a network of nodes keeps its table only.
    expect(readdirSync(join(dir, "data")).filter((f) => f.startsWith("figure-msc-"))).toEqual([
      "figure-msc-V1Node-seed-stale-rule.csv",
    ]);
  });

  it("is the same page for the same ledger (runtime aside)", async () => {
    const artifacts = readArtifacts(dir);
    const facts = { wallSeconds: 1, startedAt: "2026-12-06T00:00:00.000Z" };
    const clock = () => 0;
    const a = await renderReport(ledger, artifacts, facts, clock);
    const b = await renderReport(ledger, artifacts, facts, clock);
    expect(a.files.get("report.html")).toBe(b.files.get("report.html"));
    for (const [k, v] of a.files) if (k.startsWith("data/")) expect(v).toBe(read(k));
  });

  it("draws allocation cost vs recipients from the run's facts, under S2-23 only, ledger untouched", async () => {
    const artifacts = readArtifacts(dir);
    const allocationCost = measureAllocationCost(5, [30, 90], 2);
    const before = JSON.stringify(ledger);
    const facts = { wallSeconds: 1, allocationCost };
    // S2-23 is not in this selection: no figure (and the CLI measures nothing).
    const none = await renderReport(ledger, artifacts, facts, () => 0);
    expect(none.files.has("data/figure-allocation-cost.csv")).toBe(false);
    // The same ledger with S2-11 standing as S2-23: the figure, its CSV and its caption.
    const as2023 = {
      ...ledger,
      claims: ledger.claims.map((c) => (c.id === "S2-11" ? { ...c, id: "S2-23" } : c)),
    };
    const r = await renderReport(as2023, artifacts, facts, () => 0);
    const csv = parseCsv(r.files.get("data/figure-allocation-cost.csv") ?? "");
    expect(csv.map((x) => [x.recipients, x.variant, x.runs])).toEqual([
      [30, "reference", 2],
      [30, "v2-one-pass", 2],
      [90, "reference", 2],
      [90, "v2-one-pass", 2],
    ]);
    const html = r.files.get("report.html") ?? "";
    expect(html).toMatch(/id="figure-allocation-cost"/);
    expect(html).toMatch(/a measurement of this machine, not a verdict/);
    expect(JSON.stringify(ledger)).toBe(before);
  });

  it("says when a figure has no data, or rests on one seed", () => {
    const artifacts = readArtifacts(dir);
    const without = new Map(artifacts);
    without.delete("data/scenario-router-burst.csv");
    const set = buildFigures(ledger, without);
    expect(set.figures.map((f) => f.id)).not.toContain("scenario-router-burst");
    expect(set.missing).toContainEqual(
      expect.objectContaining({
        evidenceLabel: "scenario router-burst",
        why: expect.stringMatching(/data\/scenario-router-burst\.csv is not among/),
      }),
    );
    const oneSeed = new Map(artifacts);
    const lines = (artifacts.get("data/scenario-router-burst.csv") as string).split("\n");
    oneSeed.set("data/scenario-router-burst.csv", `${lines.slice(0, 2).join("\n")}\n`);
    const one = buildFigures(ledger, oneSeed);
    const fig = one.figures.find((f) => f.id === "scenario-router-burst");
    expect(fig?.seeds).toBe(1);
    expect(fig?.caption).toMatch(/ONE seed only/);
    expect(one.missing.some((m) => /fewer than two seeds/.test(m.why))).toBe(true);
  });
});

describe("report helpers", () => {
  it("namespaces the ids of an SVG and the references to them", () => {
    expect(
      namespaceIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"><use href="#clip1"/>', "f"),
    ).toBe('<clipPath id="f-clip1"/><g clip-path="url(#f-clip1)"><use href="#f-clip1"/>');
  });

  it("follows each message of a trace from its send to its delivery, drop or the end", () => {
    const env = (from: string, to: string, n: number) => ({
      from,
      to,
      sent: { "#bigint": String(n) },
      msg: { type: "ping", n },
    });
    const step = (
      i: number,
      node: string,
      input: { kind: string; from?: string; msg?: string; timer?: string },
      network: object[],
      violations: string[] = [],
    ) => ({
      "#meta": { index: i },
      now: { "#bigint": String(i) },
      nodes: { A: {}, B: {}, C: {} },
      network,
      last: { node, input: { from: "", msg: "", timer: "", ...input }, view: {}, violations },
    });
    const a1 = env("A", "B", 1);
    const a2 = env("A", "C", 1);
    const b3 = env("B", "A", 3);
    const text = JSON.stringify({
      "#meta": { model: "M", config: "c", property: "P", verdict: "violation" },
      vars: ["now", "nodes", "network", "last"],
      states: [
        step(0, "", { kind: "init" }, []),
        step(1, "A", { kind: "start" }, [a1, a2]),
        step(2, "B", { kind: "duplicate", from: "A", msg: "ping" }, [a1, a1, a2]),
        step(3, "B", { kind: "message", from: "A", msg: "ping" }, [a1, a2, b3]),
        step(4, "C", { kind: "drop", from: "A", msg: "ping" }, [a1, b3]),
        step(5, "B", { kind: "message", from: "A", msg: "ping" }, [b3], ["X-1"]),
      ],
    });
    const s = messageSequence(text);
    if (typeof s === "string") throw new Error(s);
    expect(s.participants).toEqual(["A", "B", "C"]);
    expect(
      s.messages.map(
        (m) =>
          `${m.index} ${m.from}→${m.to} ${m.sentStep}→${String(m.endStep)} ${m.fate}${m.copy ? " copy" : ""}`,
      ),
    ).toEqual([
      "1 A→B 1→3 delivered",
      "2 A→C 1→4 dropped",
      "3 A→B 2→5 delivered copy",
      "4 B→A 3→null in flight",
    ]);
    expect(s.events.map((e) => `${e.step} ${e.node} ${e.label}`)).toEqual([
      "1 A start",
      "2 B network copies a ping from A",
      "5 B violates X-1",
    ]);
    const f = sequenceFigure(s);
    expect(f.rows.filter((r) => r.series === "message")).toHaveLength(4);
    expect(messageSequence(JSON.stringify({ vars: ["x"], states: [{ x: 1 }] }))).toMatch(
      /no network of nodes/,
    );
    expect(messageSequence("{")).toMatch(/not JSON/);
  });

  it("turns an ITF trace into the changed variables per step", () => {
    const t = traceTable(
      JSON.stringify({
        "#meta": { model: "M", config: "c", property: "P", verdict: "violation" },
        vars: ["x", "s"],
        states: [
          { "#meta": { index: 0 }, x: { "#bigint": "1" }, s: { a: 1, b: { "#set": [1, 2] } } },
          {
            "#meta": { index: 1, action: "Inc" },
            x: { "#bigint": "2" },
            s: { a: 1, b: { "#set": [1, 2] } },
          },
        ],
      }),
    );
    expect(t).not.toBeTypeOf("string");
    if (typeof t === "string") return;
    expect(t.steps[0]?.changes.map((c) => `${c.path}=${c.after}`)).toEqual([
      "x=1",
      "s.a=1",
      "s.b={1, 2}",
    ]);
    expect(t.steps[1]).toMatchObject({
      action: "Inc",
      changes: [{ path: "x", before: "1", after: "2" }],
    });
    expect(traceTable("{")).toMatch(/not JSON/);
    expect(traceTable("{}")).toBe("not an ITF trace");
  });
});

function byCatalogue(l: Ledger): (a: string, b: string) => number {
  const order = l.claims.map((c) => c.id);
  return (a, b) => order.indexOf(a) - order.indexOf(b);
}
