/**
 * report.html: the audit as one self-contained page — inline CSS, inline SVG figures, no script,
 * no network — for an auditor to read offline or hand on. Rendered from the ledger (and the
 * run's manifest facts for the cover), the rendered figures and the counterexample traces:
 *
 * cover (toolkit, commit, document hashes, machine, load, runtime, verdict counts per document)
 * → how to read it → the ledger table → one section per claim (method, figures, reasoning,
 * counterexamples, replay commands) → statistics appendix → deviations register → not run →
 * definitions → files.
 */
import type { VerdictStatus } from "../claims.js";
import type { Ledger, LedgerClaim, LedgerEvidence } from "../ledger.js";
import { traceTable, type TraceTable } from "./counterexample.js";
import type { AllocationCostMeasurement } from "../allocation-cost.js";
import { figureCsvPath, type Figure, type MissingFigure } from "./figures.js";

/** What the report says about the run itself (from the manifest; absent after a merge). */
export interface ReportFacts {
  readonly command?: string;
  readonly startedAt?: string;
  readonly wallSeconds?: number;
  readonly loadAverage?: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly machine?: Readonly<Record<string, unknown>>;
  readonly claimMilliseconds?: Readonly<Record<string, number>>;
  readonly mergedFrom?: readonly string[];
  /** Allocation CPU time against recipients, measured on this machine (never in ledger.json). */
  readonly allocationCost?: AllocationCostMeasurement;
}

export interface RenderedFigure extends Figure {
  readonly svg: string;
}

export interface ReportInput {
  readonly ledger: Ledger;
  readonly facts: ReportFacts;
  readonly figures: readonly RenderedFigure[];
  readonly missing: readonly MissingFigure[];
  /** traces/*.itf.json texts by relative path. */
  readonly traces: ReadonlyMap<string, string>;
  /** Milliseconds spent rendering the figures (stated on the cover). */
  readonly renderMs: number;
}

export function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const VERDICT_WORDS: Record<VerdictStatus, string> = {
  confirmed: "the evidence supports the claim as the catalogue states it",
  refuted: "the evidence contradicts the claim (a counterexample, a failed test, or arithmetic)",
  conditional:
    "the claim holds in part of the parameter space and fails in another (the condition says where)",
  inconclusive:
    "the evidence did not decide (an undecided test, an interval straddling the threshold, censored runs)",
  "not-run":
    "this profile did not run the decisive evidence (its estimated cost and profile are stated)",
  untestable: "the claim cannot be checked by running anything (the reason is stated)",
};

const OUTCOME_MARK: Record<string, string> = {
  supports: "✓",
  contradicts: "✗",
  inconclusive: "?",
  depends: "±",
  "not-run": "–",
  recorded: "·",
};

function badge(status: string): string {
  return `<span class="v v-${esc(status)}">${esc(status)}</span>`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function code(s: string): string {
  return `<code>${esc(s)}</code>`;
}

/** What an evidence item's outcome means for the claim, in words. */
function meaning(e: LedgerEvidence): string {
  if (e.outcome === "recorded") return `recorded (${e.role})`;
  if (e.outcome === "not-run") return "not run";
  if (e.outcome === "inconclusive") return "undecided";
  if (e.outcome === "depends")
    return `depends on ${e.dependence?.parameter ?? e.sweep?.parameter ?? "the swept parameter"}: ${e.dependence?.condition ?? e.sweep?.dependence.condition ?? "see the figure"} (${e.role})`;
  if (e.outcome === "supports")
    return e.role === "confirms"
      ? "confirms the claim"
      : e.role === "refutes"
        ? "refutes the claim"
        : `${e.role}`;
  return e.role === "confirms"
    ? "refutes the claim (expected to hold, did not)"
    : e.role === "refutes"
      ? "no longer refutes the claim"
      : `${e.role}: did not reproduce`;
}

/** The confidence fields of an evidence item: α/β and runs, states, cases, seeds. */
function confidence(e: LedgerEvidence): string | undefined {
  if (e.stat !== undefined) return `α = ${e.stat.alpha}, β = ${e.stat.beta}, ${e.stat.runs} runs`;
  if (e.model !== undefined)
    return `${e.model.distinctStates} states, depth ${e.model.depth}${e.model.counterexampleStates !== undefined ? `, counterexample ${e.model.counterexampleStates} states` : ""}`;
  if (e.property !== undefined) return `${e.property.cases} cases, seed ${e.property.seed}`;
  if (e.simulation !== undefined) return `${e.simulation.seeds.length} seeds`;
  if (e.scaling !== undefined)
    return `${e.scaling.seeds.length} seeds × ${e.scaling.sizes.length} sizes`;
  if (e.matching !== undefined)
    return `${e.matching.seeds.length} seeds × ${e.matching.needs.length} sizes`;
  if (e.turnover !== undefined)
    return `${e.turnover.seeds.length} seeds × ${e.turnover.generations} generations`;
  if (e.perRound !== undefined)
    return `${e.perRound.runs} runs × ${e.perRound.law !== undefined ? e.perRound.law.points.length : (e.perRound.factor?.points.length ?? 0)} points`;
  if (e.fit !== undefined)
    return `${e.fit.seeds.length} seeds × ${e.fit.sizes.length} sizes${e.fit.censored > 0 ? `, ${e.fit.censored} runs censored` : ""}`;
  if (e.calculation !== undefined) return "exact arithmetic";
  if (e.sweep !== undefined)
    return `α = ${e.sweep.alpha}, β = ${e.sweep.beta}, ${e.sweep.points.length} values × ≤ ${e.sweep.maxRuns} runs (${e.sweep.points.reduce((n, p) => n + p.runs, 0)} runs)`;
  return undefined;
}

const decisiveRole = (e: LedgerEvidence) => e.role === "confirms" || e.role === "refutes";

function seconds(ms: number): string {
  return ms < 100 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function verdictExtra(c: LedgerClaim): string {
  const v = c.verdict;
  if (v.status === "conditional" && v.condition !== undefined) return v.condition;
  if (v.status === "not-run" && v.costSeconds !== undefined)
    return `≈ ${v.costSeconds} s in profile ${v.profile ?? "?"}`;
  if (v.status === "inconclusive" && v.censored !== undefined) return `${v.censored} censored`;
  return "";
}

/** Where a conditional verdict's sweeps found the claim to hold and to fail. */
function dependsOnHtml(v: LedgerClaim["verdict"]): string {
  if (v.dependsOn === undefined || v.dependsOn.length === 0) return "";
  const values = (xs: readonly (number | string)[]) =>
    xs.length > 0 ? xs.map(String).join(", ") : "none";
  return `<p><strong>Depends on:</strong></p><ul>${v.dependsOn
    .map(
      (d) =>
        `<li>${esc(d.parameter)} (${esc(d.evidence)}): ${esc(d.condition)} <span class="muted">— holds at ${esc(values(d.holds))}; fails at ${esc(values(d.fails))}${d.undecided.length > 0 ? `; undecided at ${esc(values(d.undecided))}` : ""}</span></li>`,
    )
    .join("")}</ul>`;
}

/** What the documents' variant of a scenario changes from the toolkit's protocol, per run. */
function variantChangesHtml(c: LedgerClaim): string {
  const show = (x: unknown) => (typeof x === "string" ? x : (JSON.stringify(x) ?? "unset"));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const e of c.evidence) {
    const s = e.simulation;
    if (s?.variant !== "documents" || seen.has(e.key)) continue;
    seen.add(e.key);
    const changes = s.changes ?? [];
    out.push(
      changes.length === 0
        ? `<p>${esc(e.label)}: the documents' protocol changes nothing in these runs.</p>`
        : `<p>${esc(e.label)}: the runs labelled “documents” differ from the toolkit's in ${changes.length} field${changes.length === 1 ? "" : "s"}:</p>
<table class="grid"><thead><tr><th>run</th><th>field</th><th>toolkit</th><th>documents</th></tr></thead><tbody>
${changes.map((x) => `<tr><td>${esc(x.run)}</td><td>${code(x.path)}</td><td>${code(show(x.toolkit))}</td><td>${code(show(x.documents))}</td></tr>`).join("\n")}
</tbody></table>`,
    );
  }
  return out.length > 0 ? `<h4>The documents' variant</h4>\n${out.join("\n")}` : "";
}

function testedText(c: LedgerClaim): string {
  if (c.tested === "with-deviations")
    return `with ${c.deviations.length} deviation${c.deviations.length === 1 ? "" : "s"}`;
  return c.tested.replace(/-/g, " ");
}

// ---------------------------------------------------------------- cover

function cover(i: ReportInput): string {
  const l = i.ledger;
  const s = l.settings;
  const m = i.facts.machine ?? {};
  const str = (k: string) =>
    typeof m[k] === "string" || typeof m[k] === "number" ? String(m[k]) : "unknown";
  const counts = Object.keys(l.counts.perVerdict) as VerdictStatus[];
  const load = i.facts.loadAverage;
  return `<header id="cover">
<p class="kicker">Audit of the design documents' claims</p>
<h1>${esc(l.toolkit.name)} ${esc(l.toolkit.version)} — audit report, profile ${esc(s.profile)}</h1>
<p class="lead">${l.counts.claims} claims of ${l.documents.length} design documents, each with a verdict <em>about the design</em> (not about the toolkit), the evidence it rests on, its figures with intervals over ${s.seeds.length} seeds, and the command that reproduces it.</p>
<table class="facts">
<tr><th>toolkit</th><td>${esc(l.toolkit.name)} ${esc(l.toolkit.version)}, ${typeof m.commit === "string" ? `commit ${code(m.commit)}` : "no git commit (not run from a git checkout)"}</td></tr>
<tr><th>settings</th><td>profile ${esc(s.profile)}, seed ${s.seed}, simulation seeds ${s.seeds.join(", ")}, property runs factor ${s.runsFactor}, quiet margin ${pct(s.quietFraction)} of each horizon${s.only !== null ? `, claims ${esc(s.only.join(", "))}` : ""}</td></tr>
<tr><th>command</th><td>${code(i.facts.command ?? `commons-spec audit --profile ${s.profile} --seed ${s.seed} --seeds ${s.seeds.length}`)}${i.facts.mergedFrom !== undefined ? ` (merged from ${esc(i.facts.mergedFrom.join(", "))})` : ""}</td></tr>
<tr><th>claims catalogue</th><td>spec/claims.json, ${l.catalogue.claims} claims, SHA-256 ${code(l.catalogue.sha256)}</td></tr>
<tr><th>machine</th><td>${esc(str("cpus"))} × ${esc(str("cpuModel"))}, ${esc(str("platform"))}, Node ${esc(str("node"))}</td></tr>
<tr><th>load average</th><td>${load !== undefined ? `${load.start.join(" / ")} at the start, ${load.end.join(" / ")} at the end (1 / 5 / 15 min)` : "not recorded"}</td></tr>
<tr><th>runtime</th><td>${i.facts.startedAt !== undefined ? `started ${esc(i.facts.startedAt)}, ` : ""}${i.facts.wallSeconds !== undefined ? `${i.facts.wallSeconds} s of evidence` : "evidence time not recorded"}; figures rendered in ${(i.renderMs / 1000).toFixed(1)} s</td></tr>
</table>
<h2 id="documents">The design documents</h2>
<table class="grid">
<thead><tr><th>id</th><th>file</th><th>SHA-256</th>${counts.map((k) => `<th>${badge(k)}</th>`).join("")}</tr></thead>
<tbody>
${l.documents
  .map((d) => {
    const per = l.counts.perDocument[d.id];
    return `<tr><td>${esc(d.id)}</td><td>${esc(d.file)}</td><td>${code(d.sha256)}</td>${counts.map((k) => `<td class="n">${per?.[k] ?? 0}</td>`).join("")}</tr>`;
  })
  .join("\n")}
<tr class="total"><td colspan="3">all ${l.counts.claims} claims</td>${counts.map((k) => `<td class="n">${l.counts.perVerdict[k]}</td>`).join("")}</tr>
</tbody>
</table>
<p>${
    l.differ.length === 0
      ? "Every verdict of this run is the one the catalogue expects (the evidence reproduced as recorded)."
      : `<strong class="warn">${l.differ.length} verdict(s) differ from the catalogue's expectation: ${esc(l.differ.join(", "))}.</strong>`
  }${l.incomplete.length > 0 ? ` Not decided by this run (profile or time budget): ${esc(l.incomplete.join(", "))}.` : ""}</p>
</header>`;
}

function contents(): string {
  return `<nav id="contents"><h2>Contents</h2><ol>
<li><a href="#how-to-read">How to read this report</a></li>
<li><a href="#ledger">The ledger</a></li>
<li><a href="#claims">The claims, one by one</a></li>
<li><a href="#figures">Figures</a></li>
<li><a href="#statistics">Statistics appendix</a></li>
<li><a href="#deviations">Deviations register</a></li>
<li><a href="#not-run">Not run in this profile</a></li>
<li><a href="#definitions">Definitions</a></li>
<li><a href="#files">Files and reproduction</a></li>
</ol></nav>`;
}

function howToRead(): string {
  return `<section id="how-to-read"><h2>How to read this report</h2>
<p>Each claim of the design documents is stated in the catalogue in our own words with its figures. Its <strong>verdict is about the design</strong>: <em>refuted</em> means the document's claim is wrong as stated, even when every check of the toolkit behaved as the toolkit expects. Each evidence item has a <em>role</em> (what the toolkit's own expected outcome means for the claim: a must-fail model that fails <em>refutes</em>; a property that holds <em>confirms</em>) and an <em>outcome</em> (✓ its expected outcome reproduced, ✗ it did not, ? undecided, ± depends on a swept parameter (holds at some values, fails at others), – not run, · recorded in SPEC.md or a benchmark and not re-run).</p>
<p>The ledger table gives one row per claim: the verdict, the figure claimed and the figure measured (a median over seeds with its order-statistic interval, an SPRT estimate with its interval, a state count), whether the claim was tested as written or with deviations, the evidence, the confidence behind it (α/β, runs, states, cases, seeds), the command that reproduces it and what it cost. The claim's own section says how it was tested, shows the figures, gives the reasoning from evidence to verdict, the shortest counterexample where there is one, and the replay commands. No figure rests on one seed: every simulated figure is drawn over all seeds, and a caption says when the values do not depend on the seed. A message-sequence diagram is not a measurement: it draws one counterexample of the model checker (one behaviour is enough to refute), beside its table.</p>
</section>`;
}

// ---------------------------------------------------------------- ledger table

function ledgerTable(i: ReportInput): string {
  const ms = i.facts.claimMilliseconds ?? {};
  const rows = i.ledger.claims.map((c) => {
    const decisive = c.evidence.filter((e) => decisiveRole(e) && e.outcome !== "recorded");
    const measured =
      decisive.length > 0 ? decisive.map((e) => `<li>${esc(e.observed)}</li>`).join("") : "";
    const conf = [
      ...new Set(c.evidence.map(confidence).filter((x): x is string => x !== undefined)),
    ];
    const cost =
      c.verdict.status === "not-run" && c.verdict.costSeconds !== undefined
        ? `not run: ≈ ${c.verdict.costSeconds} s (${esc(c.verdict.profile ?? "?")})`
        : ms[c.id] !== undefined
          ? seconds(ms[c.id] as number)
          : "";
    const extra = verdictExtra(c);
    return `<tr id="row-${esc(c.id)}" data-claim="${esc(c.id)}">
<td><a href="#claim-${esc(c.id)}">${esc(c.id)}</a></td>
<td>${badge(c.verdict.status)}${extra !== "" ? `<div class="small">${esc(extra)}</div>` : ""}${c.verdict.asExpected ? "" : `<div class="warn small">catalogue: ${esc(c.expected)}</div>`}</td>
<td>${esc(c.kind)}</td>
<td>${esc(c.statement)}</td>
<td>${esc(c.claimed ?? "")}</td>
<td>${measured !== "" ? `<ul>${measured}</ul>` : `<span class="muted">${c.evidence.length === 0 ? "no evidence yet" : "recorded evidence only"}</span>`}</td>
<td>${esc(testedText(c))}</td>
<td><ul>${c.evidence.map((e) => `<li>${OUTCOME_MARK[e.outcome] ?? ""} ${esc(e.label)} <span class="muted">(${esc(e.role)})</span></li>`).join("")}</ul></td>
<td>${conf.map(esc).join("; ")}</td>
<td>${code(c.reproduce)}</td>
<td class="n">${cost}</td>
</tr>`;
  });
  return `<section id="ledger"><h2>The ledger</h2>
<p>One row per claim, in catalogue order. “Measured” lists what the decisive evidence items observed in this run; recorded items are listed under evidence only.</p>
<div class="scroll"><table class="grid ledger" id="ledger-table">
<thead><tr><th>claim</th><th>verdict</th><th>kind</th><th>statement (our words)</th><th>claimed</th><th>measured</th><th>tested</th><th>evidence</th><th>confidence</th><th>reproduce</th><th>cost</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div></section>`;
}

// ---------------------------------------------------------------- claims

function figureHtml(f: RenderedFigure, n: number): string {
  return `<figure class="fig" id="figure-${esc(f.id)}" data-figure="${esc(f.id)}">
<div class="svg">${f.svg}</div>
<figcaption><strong>Figure ${n}.</strong> ${esc(f.title)}. ${esc(f.caption)} Claims: ${f.claims.map((c) => `<a href="#claim-${esc(c)}">${esc(c)}</a>`).join(", ")}. Data: ${code(figureCsvPath(f))}.</figcaption>
</figure>`;
}

function traceHtml(path: string, t: TraceTable): string {
  const rows = t.steps
    .map(
      (s) =>
        `<tr><td class="n">${s.index}</td><td>${esc(s.action)}</td><td><ul class="changes">${s.changes
          .map(
            (c) =>
              `<li>${code(c.path)} ${c.before !== undefined ? `${esc(c.before)} → ` : "= "}<strong>${esc(c.after)}</strong></li>`,
          )
          .join(
            "",
          )}${s.more > 0 ? `<li class="muted">… and ${s.more} more</li>` : ""}</ul></td></tr>`,
    )
    .join("\n");
  return `<div class="trace"><p><strong>Shortest counterexample</strong>: ${esc(t.model)}/${esc(t.config)}, ${esc(t.verdict)} of ${code(t.property)}, ${t.steps.length + t.moreSteps} states (${code(path)}). The first row is the initial state; each later row names the action and only the variables that changed.</p>
<table class="grid cex"><thead><tr><th>state</th><th>action</th><th>variables</th></tr></thead><tbody>
${rows}
</tbody></table>${t.moreSteps > 0 ? `<p class="muted">${t.moreSteps} more states in the trace file.</p>` : ""}</div>`;
}

function claimSection(
  c: LedgerClaim,
  i: ReportInput,
  figureNumber: ReadonlyMap<string, number>,
  seenFigures: Set<string>,
  seenTraces: Map<string, string>,
): string {
  const v = c.verdict;
  const parts: string[] = [];
  parts.push(`<article class="claim" id="claim-${esc(c.id)}" data-claim="${esc(c.id)}">
<h3>${esc(c.id)} ${badge(v.status)} <span class="muted">${esc(c.kind)}</span></h3>
<p class="small">${esc(c.document)}, “${esc(c.section.heading)}”, lines ${c.section.lines[0]}–${c.section.lines[1]} · ${esc(testedText(c))}</p>
<blockquote>${esc(c.statement)}</blockquote>
${c.claimed !== undefined ? `<p><strong>Claimed:</strong> ${esc(c.claimed)}</p>` : ""}`);
  if (c.decision !== undefined)
    parts.push(
      `<h4>Method</h4><dl class="kv"><dt>metric</dt><dd>${esc(c.decision.metric)}</dd><dt>method</dt><dd>${esc(c.decision.method)}</dd><dt>decision rule</dt><dd>${esc(c.decision.rule)}</dd></dl>`,
    );
  if (c.planned !== undefined)
    parts.push(
      `<p><strong>Planned:</strong> ${esc(c.planned.method)}${c.planned.profile !== undefined ? ` (profile ${esc(c.planned.profile)})` : ""}</p>`,
    );
  parts.push(
    `<h4>Verdict and reasoning</h4><p>${badge(v.status)} ${esc(v.reason)} <span class="muted">(basis: ${esc(v.basis)})</span>${
      v.condition !== undefined ? `<br><strong>Condition:</strong> ${esc(v.condition)}` : ""
    }${v.censored !== undefined ? `<br>${v.censored} censored run(s).` : ""}${
      v.asExpected
        ? ""
        : `<br><strong class="warn">Differs from the catalogue's expected verdict (${esc(c.expected)}).</strong>`
    }</p>`,
  );
  const depends = dependsOnHtml(v);
  if (depends !== "") parts.push(depends);
  if (c.deviations.length > 0)
    parts.push(
      `<p><strong>Tested with deviations from the claim as written:</strong></p><ul>${c.deviations.map((d) => `<li>${esc(d)}</li>`).join("")}</ul>`,
    );
  if (c.evidence.length > 0)
    parts.push(`<h4>Evidence</h4><table class="grid ev"><thead><tr><th></th><th>item</th><th>role</th><th>what it means here</th><th>observed</th><th>confidence</th></tr></thead><tbody>
${c.evidence
  .map(
    (e) =>
      `<tr><td>${OUTCOME_MARK[e.outcome] ?? ""}</td><td>${esc(e.label)}${e.packaged ? "" : ` <span class="muted">(not in the package)</span>`}</td><td>${esc(e.role)}</td><td>${esc(meaning(e))}</td><td>${esc(e.observed)}${e.note !== undefined ? `<div class="small muted">note: ${esc(e.note)}</div>` : ""}<div class="small muted">the toolkit expects: ${esc(e.toolkitExpects)}</div></td><td>${esc(confidence(e) ?? "")}</td></tr>`,
  )
  .join("\n")}
</tbody></table>`);
  const variants = variantChangesHtml(c);
  if (variants !== "") parts.push(variants);
  // The diagram of a counterexample is drawn beside its trace, below.
  const figs = i.figures.filter((f) => f.claims.includes(c.id) && f.trace === undefined);
  if (figs.length > 0) {
    parts.push("<h4>Figures</h4>");
    for (const f of figs) {
      const n = figureNumber.get(f.id) as number;
      if (!seenFigures.has(f.id)) {
        seenFigures.add(f.id);
        parts.push(figureHtml(f, n));
      } else
        parts.push(
          `<p>See <a href="#figure-${esc(f.id)}">Figure ${n}</a> (${esc(f.title)}), drawn under ${esc(f.claims[0] ?? "")}.</p>`,
        );
    }
  }
  const missing = i.missing.filter((m) => m.claims.includes(c.id));
  for (const m of missing)
    parts.push(`<p class="muted">Figure of ${esc(m.evidenceLabel)}: ${esc(m.why)}.</p>`);
  const ces: string[] = [];
  for (const e of c.evidence) {
    const path = e.model?.trace;
    if (path !== undefined) {
      const first = seenTraces.get(path);
      if (first !== undefined) {
        ces.push(
          `<p>Counterexample of ${esc(e.label)}: see <a href="#claim-${esc(first)}">${esc(first)}</a> (${code(path)}).</p>`,
        );
        continue;
      }
      const text = i.traces.get(path);
      const t = text === undefined ? `${path} is not among this audit's files` : traceTable(text);
      seenTraces.set(path, c.id);
      // Its message-sequence diagram (when the model has a network of nodes), then its table.
      const msc = i.figures.find((f) => f.trace === path);
      if (msc !== undefined && !seenFigures.has(msc.id)) {
        seenFigures.add(msc.id);
        ces.push(figureHtml(msc, figureNumber.get(msc.id) as number));
      }
      ces.push(
        typeof t === "string"
          ? `<p class="muted">Counterexample ${code(path)}: ${esc(t)}</p>`
          : traceHtml(path, t),
      );
    }
    if (e.property?.counterexample !== undefined)
      ces.push(
        `<div class="trace"><p><strong>Shrunk counterexample</strong> of ${esc(e.label)}${e.property.failureClass !== undefined ? ` (class ${esc(e.property.failureClass)})` : ""}:</p><pre>${esc(e.property.counterexample.length > 3000 ? `${e.property.counterexample.slice(0, 3000)}…` : e.property.counterexample)}</pre></div>`,
      );
  }
  if (ces.length > 0) parts.push("<h4>Counterexamples</h4>", ...ces);
  const replays = [
    ...new Set(c.evidence.flatMap((e) => (e.reproduce !== undefined ? [e.reproduce] : []))),
  ];
  parts.push(
    `<h4>Replay</h4><ul class="cmd"><li>${code(c.reproduce)} <span class="muted">(this claim)</span></li>${replays.map((r) => `<li>${code(r)}</li>`).join("")}</ul></article>`,
  );
  return parts.join("\n");
}

// ---------------------------------------------------------------- appendices

function figuresIndex(i: ReportInput, figureNumber: ReadonlyMap<string, number>): string {
  return `<section id="figures"><h2>Figures</h2>
<p>${i.figures.length} figures, each drawn once under the first claim that cites it; every plotted series is in the CSV named beside it. Rendered with Vega-Lite and vega's headless SVG renderer.</p>
<table class="grid"><thead><tr><th>figure</th><th>title</th><th>claims</th><th>seeds</th><th>data</th></tr></thead><tbody>
${i.figures.map((f) => `<tr><td><a href="#figure-${esc(f.id)}">Figure ${figureNumber.get(f.id)}</a></td><td>${esc(f.title)}</td><td>${esc(f.claims.join(", "))}</td><td class="n">${f.seeds}</td><td>${code(figureCsvPath(f))}</td></tr>`).join("\n")}
</tbody></table>
${i.missing.length > 0 ? `<p>Not drawn or drawn with a caveat:</p><ul>${i.missing.map((m) => `<li>${esc(m.evidenceLabel)} (${esc(m.claims.join(", "))}): ${esc(m.why)}</li>`).join("")}</ul>` : ""}
</section>`;
}

function statistics(i: ReportInput): string {
  const seen = new Map<string, { e: LedgerEvidence; claims: string[] }>();
  for (const c of i.ledger.claims)
    for (const e of c.evidence)
      if (e.stat !== undefined) {
        const had = seen.get(e.key) ?? { e, claims: [] };
        had.claims.push(c.id);
        seen.set(e.key, had);
      }
  const stats = [...seen.values()];
  const sumA = stats.reduce((s, x) => s + (x.e.stat?.alpha ?? 0), 0);
  const sumB = stats.reduce((s, x) => s + (x.e.stat?.beta ?? 0), 0);
  const rows = stats.map(({ e, claims }) => {
    const s = e.stat as NonNullable<LedgerEvidence["stat"]>;
    const setting = Object.entries(s.setting)
      .map(([k, v]) => `${k} = ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
      .join("; ");
    return `<tr><td>${esc(e.label)}</td><td>${esc(claims.join(", "))}</td><td>${esc(s.test)}</td><td>H0: ${esc(s.hypotheses.h0)}<br>H1: ${esc(s.hypotheses.h1)}</td><td class="n">${s.alpha}</td><td class="n">${s.beta}</td><td>(${s.p1}, ${s.p0})</td><td class="n">${s.runs} / ${s.maxRuns}</td><td class="n">${s.successes}</td><td>${esc(s.decision)} (expected ${esc(s.expected)})</td><td>${s.estimate.p} [${s.estimate.lower}, ${s.estimate.upper}] at ${pct(s.estimate.confidence)}<div class="small muted">${esc(s.estimate.interval)}</div></td><td class="n">${pct(s.worstError)}${s.firstFailingRun !== undefined ? `<div class="small">first failing run ${s.firstFailingRun}</div>` : ""}</td><td class="n">${s.masterSeed}</td><td class="small">${esc(setting)}</td></tr>`;
  });
  const sims = i.ledger.claims.flatMap((c) => c.evidence.filter((e) => e.simulation !== undefined));
  const conf = sims
    .flatMap((e) => e.simulation?.runs.flatMap((r) => Object.values(r.metrics)) ?? [])
    .find((x) => x !== undefined);
  return `<section id="statistics"><h2>Statistics appendix</h2>
<h3>Sequential tests (SPRT)</h3>
<p>Each statistical claim is decided by Wald's sequential probability ratio test on independent runs, each with its own seed derived from the master seed. The indifference region is (p1, p0): between the two the test may decide either way.</p>
<div class="scroll"><table class="grid"><thead><tr><th>test</th><th>claims</th><th>procedure</th><th>hypotheses</th><th>α</th><th>β</th><th>indifference region</th><th>runs / max</th><th>successes</th><th>decision</th><th>estimate and interval</th><th>largest error</th><th>master seed</th><th>settings</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table></div>
<p><strong>Multiplicity.</strong> ${stats.length} sequential tests ran in this audit, each at its own α and β; no correction for multiplicity is applied to any of them. By the union bound, the probability that at least one of them wrongly rejects a true H0 is at most Σα = ${Number(sumA.toFixed(6))}, and that at least one wrongly accepts H0 under its H1 is at most Σβ = ${Number(sumB.toFixed(6))}. The estimates' intervals are two-sided Hoeffding intervals computed after the test stopped: indicative only, since the stopping rule depended on the data.</p>
<h3>Medians over seeds</h3>
<p>Every simulated time, count and size is summarised by the median over the seeds with an order-statistic interval [x₍k₎, x₍n−k+1₎], whose coverage is exact under the binomial(n, ½) law without any assumption on the distribution${conf !== undefined ? ` (with ${conf.n} seeds: ${pct(conf.confidence)})` : ""}. A censored run counts as +∞, so an interval bound that falls on one is reported as ∞. A decision rule on a median (“median settle time &gt; 2 000 ms”, say) holds only if the whole interval lies on its side, fails only if the whole interval lies on the other side, and is undecided otherwise. These intervals are per estimate: they are not adjusted for the number of estimates in the report.</p>
<h3>Fitted exponents</h3>
<p>Scaling claims fit, for each seed, the least-squares slope of log size against log N; the exponent reported is the median of these slopes over the seeds with its order-statistic interval.</p>
</section>`;
}

function deviations(i: ReportInput): string {
  const withDev = i.ledger.claims.filter((c) => c.deviations.length > 0);
  const tally = new Map<string, number>();
  for (const c of i.ledger.claims) tally.set(c.tested, (tally.get(c.tested) ?? 0) + 1);
  return `<section id="deviations"><h2>Deviations register</h2>
<p>Where the toolkit's evidence does not test a claim exactly as the document states it, the difference is listed here and in the claim's section. Tested: ${[...tally.entries()].map(([k, n]) => `${esc(k.replace(/-/g, " "))} ${n}`).join(" · ")}.</p>
<table class="grid"><thead><tr><th>claim</th><th>verdict</th><th>deviations</th></tr></thead><tbody>
${withDev.map((c) => `<tr><td><a href="#claim-${esc(c.id)}">${esc(c.id)}</a></td><td>${badge(c.verdict.status)}</td><td><ol>${c.deviations.map((d) => `<li>${esc(d)}</li>`).join("")}</ol></td></tr>`).join("\n")}
</tbody></table></section>`;
}

function notRun(i: ReportInput): string {
  const l = i.ledger;
  if (l.skipped.length === 0)
    return `<section id="not-run"><h2>Not run in this profile</h2><p>Nothing was skipped.</p></section>`;
  const total = l.skipped.reduce((s, x) => s + x.seconds, 0);
  return `<section id="not-run"><h2>Not run in this profile</h2>
<p>${l.skipped.length} evidence item(s) were left to a larger profile, ≈ ${total} s in all by the toolkit's estimates.</p>
<table class="grid"><thead><tr><th>evidence</th><th>claims</th><th>estimated cost</th><th>profile</th><th>why</th></tr></thead><tbody>
${l.skipped.map((s) => `<tr><td>${esc(s.evidence)}</td><td>${esc(s.claims.join(", "))}</td><td class="n">≈ ${s.seconds} s</td><td>${esc(s.profile)}</td><td>${esc(s.why)}</td></tr>`).join("\n")}
</tbody></table></section>`;
}

function definitions(): string {
  const verdicts = (Object.keys(VERDICT_WORDS) as VerdictStatus[])
    .map((k) => `<dt>${badge(k)}</dt><dd>${esc(VERDICT_WORDS[k])}</dd>`)
    .join("");
  return `<section id="definitions"><h2>Definitions</h2>
<h3>Verdicts (about the design documents' claims)</h3><dl class="kv">${verdicts}</dl>
<h3>Evidence outcomes (about the toolkit's own expectation of a check)</h3><dl class="kv">
<dt>✓ supports</dt><dd>the check's expected outcome reproduced: a property held, a must-fail model failed as recorded, the SPRT decided as expected, a scenario's rule held over its interval, the arithmetic recomputed</dd>
<dt>✗ contradicts</dt><dd>the opposite happened</dd>
<dt>? inconclusive</dt><dd>no decision: SPRT undecided, an interval straddling the threshold, censored runs</dd>
<dt>– not run</dt><dd>skipped by the profile or the time budget, with its estimated cost</dd>
<dt>· recorded</dt><dd>not executable from the package (a SPEC.md finding or section, a test-only check, a recorded benchmark): counted as the catalogue recorded it, unless a re-run item of the same side disagrees</dd>
</dl>
<h3>Roles</h3><dl class="kv">
<dt>confirms</dt><dd>the check holding supports the claim; failing refutes it</dd>
<dt>refutes</dt><dd>the check's expected outcome (a must-fail model failing, a test rejecting the claimed probability) refutes the claim</dd>
<dt>qualifies</dt><dd>evidence for one side of a conditional verdict</dd>
<dt>context</dt><dd>figures shown with the claim that do not decide it</dd>
</dl>
<h3>Reaching a verdict</h3><p>pro = confirming items that reproduced; con = refuting items that reproduced, plus confirming items that failed (a counterexample). Both → conditional; con → refuted; pro → confirmed. Otherwise a refutation that did not reproduce or an undecided test → inconclusive, a decisive item not run → not run, else the catalogue's status.</p>
<h3>Runs, seeds and censoring</h3><dl class="kv">
<dt>seed</dt><dd>the pseudo-random seed of one run: same seed, same run, byte for byte</dd>
<dt>settled</dt><dd>a run whose protocol-level convergence held and in which nothing changed during the quiet margin before the end of its horizon</dd>
<dt>censored</dt><dd>a run that did not settle within its horizon: its settle time is only known to exceed the horizon, and it counts as +∞ in medians (never as “converged”)</dd>
<dt>quiet margin</dt><dd>the fraction of the horizon at the end of a run during which nothing may change for the run to count as settled</dd>
<dt>order-statistic interval</dt><dd>[x₍k₎, x₍n−k+1₎] of the sorted per-seed values, with the largest k whose exact binomial coverage of the median reaches the level</dd>
<dt>SPRT</dt><dd>Wald's sequential probability ratio test: runs are added one at a time until the log-likelihood ratio crosses log((1−β)/α) (accept H1) or log(β/(1−α)) (accept H0)</dd>
<dt>Hoeffding interval</dt><dd>p̂ ± √(ln(2/δ)/(2n)), distribution-free for a proportion</dd>
<dt>fitted exponent</dt><dd>the slope of log size against log N: 1 is linear growth, log₂ N alone fits a smaller slope over the same N</dd>
</dl></section>`;
}

function files(i: ReportInput): string {
  const l = i.ledger;
  const s = l.settings;
  return `<section id="files"><h2>Files and reproduction</h2>
<p>Next to this page: ${code("ledger.json")} (the ledger, byte-identical for the same version, profile, seed and selection), ${code("ledger.md")}, ${code("manifest.json")} (machine, load, timings, file list), ${code("reproduce.sh")} (re-runs the audit and compares the ledgers), ${code("traces/*.itf.json")} (every counterexample, ITF) and ${code("data/*.csv")} (every per-run series and every plotted series).</p>
<p>Reproduce the whole ledger: ${code(`npx commons-spec audit --profile ${s.profile} --seed ${s.seed} --seeds ${s.seeds.length}${s.only !== null ? ` --only ${s.only.join(",")}` : ""} --out audit-reproduced`)} then compare ${code("ledger.json")}.</p>
<ul class="cmd">${i.figures.map((f) => `<li>${code(figureCsvPath(f))}: ${esc(f.title)}</li>`).join("")}</ul>
</section>`;
}

const CSS = `
:root{--fg:#1d1d1f;--muted:#666;--line:#d9d9d9;--bg:#fff;--alt:#f6f7f9}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1400px;padding:24px}
h1{font-size:26px;margin:.2em 0}h2{font-size:20px;border-bottom:2px solid var(--fg);padding-bottom:4px;margin-top:2em}h3{font-size:16px;margin:1.4em 0 .4em}h4{font-size:14px;margin:1em 0 .3em}
.kicker{text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:0}.lead{font-size:16px;max-width:70em}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--alt);padding:1px 3px;border-radius:3px;word-break:break-all}
pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;background:var(--alt);padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse}table.grid{width:100%;margin:.5em 0}
.grid th,.grid td{border:1px solid var(--line);padding:4px 6px;vertical-align:top;text-align:left}
.grid thead th{background:var(--alt);position:sticky;top:0}
.grid tr.total td{font-weight:600;background:var(--alt)}
.facts th{text-align:left;padding:2px 12px 2px 0;color:var(--muted);font-weight:500;vertical-align:top}.facts td{padding:2px 0}
td.n{text-align:right;white-space:nowrap}
.ledger{font-size:12px}.ledger td ul,.ev td ul{margin:0;padding-left:1.1em}
.scroll{overflow-x:auto}
.small{font-size:12px}.muted{color:var(--muted)}.warn{color:#b00020}
.v{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.v-confirmed{background:#e3f4e8;color:#185c2e;border-color:#9bd3ad}
.v-refuted{background:#fde7e7;color:#8f1111;border-color:#f0a3a3}
.v-conditional{background:#fff4d6;color:#7a5400;border-color:#f0d48a}
.v-inconclusive{background:#ece8f7;color:#4a3a85;border-color:#c4b8e8}
.v-not-run{background:#eceff1;color:#455a64;border-color:#c5cdd2}
.v-untestable{background:#f3f3f3;color:#555;border-color:#ccc}
blockquote{margin:.5em 0;padding:.4em .8em;border-left:4px solid var(--line);background:var(--alt)}
article.claim{border-top:1px solid var(--line);padding-top:.5em;margin-top:1.5em}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:.3em 0}dl.kv dt{font-weight:600}dl.kv dd{margin:0}
figure.fig{margin:1em 0;padding:8px;border:1px solid var(--line);overflow-x:auto}figure.fig figcaption{font-size:12px;color:#333;max-width:70em}
.svg svg{max-width:100%;height:auto}
ul.changes{margin:0;padding-left:1em;font-size:12px}ul.cmd{padding-left:1.1em}
table.cex{font-size:12px}
nav ol{columns:2}
@media print{body{max-width:none;padding:0}.scroll{overflow:visible}figure.fig,article.claim{break-inside:avoid}.grid thead th{position:static}}
`;

/** The whole page. */
export function reportHtml(i: ReportInput): string {
  const figureNumber = new Map<string, number>();
  // Figures are numbered in the order they appear (under the first claim citing them).
  for (const c of i.ledger.claims)
    for (const f of i.figures)
      if (f.claims.includes(c.id) && !figureNumber.has(f.id))
        figureNumber.set(f.id, figureNumber.size + 1);
  const seenFigures = new Set<string>();
  const seenTraces = new Map<string, string>();
  const l = i.ledger;
  const title = `${l.toolkit.name} ${l.toolkit.version} — audit report (${l.settings.profile}, seed ${l.settings.seed})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(l.toolkit.name)} ${esc(l.toolkit.version)} audit">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${cover(i)}
${contents()}
${howToRead()}
${ledgerTable(i)}
<section id="claims"><h2>The claims, one by one</h2>
${l.claims.map((c) => claimSection(c, i, figureNumber, seenFigures, seenTraces)).join("\n")}
</section>
${figuresIndex(i, figureNumber)}
${statistics(i)}
${deviations(i)}
${notRun(i)}
${definitions()}
${files(i)}
</body>
</html>
`;
}
