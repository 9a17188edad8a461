/**
 * ledger.md: the ledger for a reader — verdict counts per document, the ledger table (claim,
 * verdict, claimed, tested as written or deviations, evidence, reproduce command), then one
 * section per claim with every evidence item's outcome and its structured figures, the skipped
 * list with costs, and how verdicts are reached. Rendered from ledger.json alone (a merged
 * ledger renders the same as one run's).
 */
import type { Ledger, LedgerClaim, LedgerEvidence } from "./ledger.js";
import type { MedianEstimate } from "./intervals.js";
import { showRoundsNeeded, type RoundsNeededPoint } from "./rounds-needed.js";
import { showLearningRate, showStrategy } from "./stat-params.js";

const SYMBOL: Record<string, string> = {
  supports: "✓",
  contradicts: "✗",
  inconclusive: "?",
  "not-run": "–",
  recorded: "·",
  depends: "≷",
};

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function median(e: MedianEstimate): string {
  const f = (x: number | null) => (x === null ? "∞" : String(x));
  return `${f(e.median)} [${f(e.lower)}, ${f(e.upper)}] (${pct(e.confidence)}, n = ${e.n}${e.censored > 0 ? `, ${e.censored} censored` : ""})`;
}

function values(xs: readonly (number | string)[]): string {
  return xs.length === 0 ? "none" : xs.map(String).join(", ");
}

/** An SPRT's setting in one line (in the forms `commons-spec stats --set` takes). */
function settingWords(s: NonNullable<LedgerEvidence["stat"]>["setting"]): string {
  return `nodes ${s.nodes.min}–${s.nodes.max}, rounds ${s.rounds}, epsilon ${s.epsilon}, rate ${showLearningRate(s.learningRate)}, trust ${s.trust}, noise ${s.noise}, loss ${s.loss}, partition ${s.partitionChance}, liars ${s.dishonest.fraction}, strategy ${showStrategy(s.dishonest.strategy)}`;
}

function verdictText(c: LedgerClaim): string {
  const v = c.verdict;
  const extra =
    v.status === "conditional" && v.condition !== undefined
      ? ` — ${v.condition}`
      : v.status === "not-run" && v.costSeconds !== undefined
        ? ` (≈ ${v.costSeconds} s in ${v.profile ?? "a larger profile"})`
        : v.status === "inconclusive" && v.censored !== undefined
          ? ` (${v.censored} censored)`
          : "";
  return `**${v.status}**${extra}`;
}

function evidenceLines(e: LedgerEvidence): string[] {
  const out = [
    `- ${SYMBOL[e.outcome] ?? ""} **${e.label}** (${e.role}; ${e.outcome}) — ${e.observed}`,
  ];
  if (e.note !== undefined) out.push(`  - note: ${e.note}`);
  out.push(`  - the toolkit expects: ${e.toolkitExpects}`);
  if (e.stat !== undefined) {
    const s = e.stat;
    out.push(
      `  - ${s.test}: H0 ${s.hypotheses.h0} vs H1 ${s.hypotheses.h1}, α = ${s.alpha}, β = ${s.beta}, master seed ${s.masterSeed}; ${s.runs} runs, ${s.successes} successes; decision ${s.decision} (expected ${s.expected}); p̂ = ${s.estimate.p} [${s.estimate.lower}, ${s.estimate.upper}] at ${pct(s.estimate.confidence)}, ${s.estimate.interval}; largest error ${pct(s.worstError)}${s.firstFailingRun !== undefined ? `; first failing run ${s.firstFailingRun}` : ""}`,
    );
  }
  if (e.sweep !== undefined) {
    const w = e.sweep;
    out.push(
      `  - ${w.test} of ${w.stat} (H0 p ≥ ${w.p0} vs H1 p ≤ ${w.p1}, α = ${w.alpha}, β = ${w.beta}, master seed ${w.masterSeed}) at every ${w.parameter}${
        Object.keys(w.set).length > 0
          ? `, with ${Object.entries(w.set)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(", ")}`
          : ""
      }; data ${w.data}`,
      `  - at most ${w.maxRuns} runs per point; setting: ${settingWords(w.setting)}`,
      ...w.points.map(
        (p, k) =>
          `  - ${w.parameter} = ${String(p.at[w.parameter])}: ${p.decision} after ${p.runs} runs (${p.successes} within ε), p̂ = ${p.estimate.p} [${p.estimate.lower}, ${p.estimate.upper}] at ${pct(p.estimate.confidence)}, largest error ${pct(p.worstError)}${p.firstFailingRun !== undefined ? `, first failing run ${p.firstFailingRun}` : ""}; rounds needed to stay within ε = ${w.roundsNeeded.epsilon}: ${roundsCell(w.roundsNeeded.points[k])}; \`${p.reproduce}\``,
      ),
      `  - over ${w.parameter}: ${w.dependence.condition} (holds at ${values(w.dependence.holds)}; fails at ${values(w.dependence.fails)}; undecided at ${values(w.dependence.undecided)}${w.dependence.monotone ? "; monotone" : ""})`,
    );
  }
  if (e.model !== undefined) {
    const m = e.model;
    out.push(
      `  - ${m.model}/${m.config}${m.mustFail ? " (must fail)" : ""}: ${m.verdict}${m.property !== undefined ? ` of ${m.property}` : ""}, ${m.distinctStates} distinct states, depth ${m.depth}${m.counterexampleStates !== undefined ? `, shortest counterexample ${m.counterexampleStates} states` : ""}${m.trace !== undefined ? `; trace ${m.trace}` : ""}${m.differences.length > 0 ? `; differs from the recorded result: ${m.differences.join("; ")}` : ""}`,
    );
  }
  if (e.property !== undefined) {
    const p = e.property;
    out.push(
      `  - ${p.cases}/${p.plannedCases} cases at seed ${p.seed} (runs factor ${p.runsFactor}): ${p.status}${p.failureClass !== undefined ? `, class ${p.failureClass}` : ""}${p.counterexample !== undefined ? `, counterexample \`${p.counterexample}\`` : ""}`,
    );
  }
  if (e.simulation !== undefined) {
    const s = e.simulation;
    out.push(
      `  - seeds ${s.seeds.join(", ")}; quiet margin ${pct(s.quietFraction)} of the horizon; data ${s.data}`,
    );
    if (s.set !== undefined)
      out.push(
        `  - scenario fields set in every run: ${Object.entries(s.set)
          .map(([k, v]) => `${k} = ${String(v)}`)
          .join(", ")}`,
      );
    out.push(
      s.variant === "documents"
        ? `  - **the documents' protocol**, not the toolkit's: ${(s.changes ?? []).map((c) => `${c.run}: ${c.path} ${JSON.stringify(c.toolkit)} → ${JSON.stringify(c.documents)}`).join("; ")}`
        : "  - the toolkit's protocol (its deviations from the documents are listed with the claim)",
    );
    for (const r of s.runs) {
      const ms = Object.entries(r.metrics)
        .map(([k, v]) => `${k} ${median(v)}`)
        .join("; ");
      out.push(
        `  - ${r.run}: ${r.converged}/${r.seeds.length} converged, ${r.censored} censored, ${r.violations} with a safety check violated${r.violated.length > 0 ? ` (${r.violated.join(", ")})` : ""}${ms !== "" ? `; ${ms}` : ""}`,
      );
    }
    if (s.measure !== undefined)
      out.push(
        `  - rule: median ${s.measure.metric} ${s.measure.op} ${s.measure.value}${s.measure.run !== undefined ? ` (run ${s.measure.run})` : ""} → ${s.measure.decision}`,
      );
  }
  if (e.scaling !== undefined) {
    const s = e.scaling;
    out.push(
      `  - N = ${s.sizes.join(", ")}, ${s.stepsPerProcess} steps per participant, seeds ${s.seeds.join(", ")}; logarithmic growth would fit exponent ${s.logarithmicExponent}; data ${s.data}`,
    );
    for (const x of s.exponents)
      out.push(
        `  - ${x.workload}: exponent ${median(x.exponent)}; mean bytes ${x.meanBytes.map((b) => `N=${b.n}: ${b.bytes.median ?? "∞"}`).join(", ")}`,
      );
    for (const x of s.vectorClockExponents ?? [])
      out.push(
        `  - vector clocks, same runs, ${x.workload}: exponent ${median(x.exponent)}; mean bytes ${x.meanBytes.map((b) => `N=${b.n}: ${b.bytes.median ?? "∞"}`).join(", ")}`,
      );
  }
  if (e.turnover !== undefined) {
    const t = e.turnover;
    const x = t.summary;
    out.push(
      `  - ${t.active} active participants, ${t.generations} generations of turnover (${t.leave} leaves), ${t.messagesPerLeave} messages between departures, seeds ${t.seeds.join(", ")}; data ${t.data}`,
      `  - growth exponent of the mean bytes against the departures (second half): ${median(x.exponent)}; rule ${t.rule.op} ${t.rule.threshold} (a logarithm: ${x.logarithmicExponent})`,
      `  - mean bytes: first generation ${median(x.firstGenerationBytes)}, last ${median(x.lastGenerationBytes)}; largest id depth in the last generation ${median(x.lastGenerationMaxIdDepth)}`,
    );
  }
  if (e.tolerance !== undefined) {
    const t = e.tolerance;
    out.push(
      `  - P2P, 40 nodes, 30 % providers, random 4-regular, 20 s virtual; ${t.series} against failure-free runs, seeds ${t.seeds.join(", ")}; decision ${t.decision}; data ${t.data}`,
    );
  }
  if (e.perRound !== undefined) {
    const r = e.perRound;
    const set = Object.entries(r.set)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    out.push(
      `  - per-round setting (STAT-1's with ${set}), ε = ${r.epsilon}, horizon ${r.horizon}, ${r.runs} runs per point from master seed ${r.masterSeed}; decision ${r.decision}; data ${r.data}`,
    );
    if (r.law !== undefined) {
      const b = (x: { estimate: number; lower: number; upper: number }) =>
        `${x.estimate} [${x.lower}, ${x.upper}]`;
      out.push(
        `  - rounds / (ln n · D): largest lower bound ${r.law.largestLower ?? "∞"}, smallest upper bound ${r.law.smallestUpper ?? "∞"}; slope against ln n · D ${b(r.law.slope)}, exponent ${b(r.law.exponent)} (the law: 1), slope against ln n ${b(r.law.lnSlope)} (95 % bootstrap)`,
      );
      for (const p of r.law.points)
        out.push(
          `  - ${p.topology}, n = ${p.nodes}: diameter ${median(p.diameter)}, rounds needed ${median(p.rounds)}, ratio ${median(p.ratio)}`,
        );
    }
    if (r.factor !== undefined)
      for (const p of r.factor.points)
        out.push(
          `  - ${r.factor.parameter} = ${String(p.value)}: rounds needed ${median(p.rounds)}`,
        );
  }
  if (e.fit !== undefined) {
    const f = e.fit;
    out.push(
      `  - ${f.scenario}${f.variant === "documents" ? " (the documents' protocol)" : ""} at n = ${f.sizes.join(", ")}, seeds ${f.seeds.join(", ")}, horizon ${f.horizonMs / 1000} s, quiet margin ${f.quietFraction * 100} %; ${f.censored} runs censored; data ${f.data}`,
    );
    for (const x of f.fits)
      out.push(
        `  - ${x.metric}: exponent ${median(x.exponent)}${x.censoredSeeds > 0 ? ` (${x.censoredSeeds} seeds censored)` : ""}; median per n ${x.perN.map((p) => `n=${p.n}: ${p.value.median ?? "∞"}`).join(", ")}${x.extrapolated !== undefined ? `; at n = ${x.extrapolated.n}: ${median(x.extrapolated.value)}` : ""}`,
      );
    if (f.logarithmicExponent !== undefined)
      out.push(`  - a log₂ n curve has exponent ${f.logarithmicExponent} over these sizes`);
    out.push(
      `  - converged within the horizon: ${f.convergedPerN.map((p) => `n=${p.n}: ${p.converged}/${p.runs}`).join(", ")}`,
    );
    for (const r of f.rules) out.push(`  - rule: ${r.metric} — ${r.rule} → ${r.decision}`);
  }
  if (e.cost !== undefined)
    out.push(`  - not run: ≈ ${e.cost.seconds} s (profile ${e.cost.profile})`);
  if (e.reproduce !== undefined) out.push(`  - reproduce: \`${e.reproduce}\``);
  return out;
}

export function ledgerMarkdown(l: Ledger): string {
  const s = l.settings;
  const out: string[] = [
    `# Audit ledger — ${l.toolkit.name} ${l.toolkit.version}`,
    "",
    `Profile **${s.profile}**, seed ${s.seed}, simulation seeds ${s.seeds.join(", ")} (${s.seeds.length}), property runs factor ${s.runsFactor}, quiet margin ${pct(s.quietFraction)} of each run's horizon${s.only !== null ? `; claims ${s.only.join(", ")}` : ""}.`,
    `Catalogue spec/claims.json sha256 ${l.catalogue.sha256} (${l.catalogue.claims} claims).`,
    "",
    "Verdicts are about the design documents' claims, not about the toolkit: an evidence item's outcome says whether the toolkit's own expectation of that check reproduced (✓ supports, ✗ contradicts, ? inconclusive, – not run, · recorded), and its role says what that means for the claim.",
    "",
    "## Verdicts",
    "",
    `| document | ${Object.keys(l.counts.perVerdict).join(" | ")} |`,
    `|---|${Object.keys(l.counts.perVerdict)
      .map(() => "---")
      .join("|")}|`,
    ...Object.entries(l.counts.perDocument).map(
      ([doc, counts]) =>
        `| ${doc} ${l.documents.find((d) => d.id === doc)?.file ?? ""} | ${Object.values(counts).join(" | ")} |`,
    ),
    `| **all** (${l.counts.claims}) | ${Object.values(l.counts.perVerdict).join(" | ")} |`,
    "",
    l.differ.length === 0
      ? "No verdict of this run differs from the catalogue's expectation."
      : `**${l.differ.length} verdict(s) differ from the catalogue's expectation:** ${l.differ.join(", ")}.`,
    ...(l.incomplete.length > 0
      ? ["", `Not decided by this run (profile or time budget): ${l.incomplete.join(", ")}.`]
      : []),
    "",
    "## Ledger",
    "",
    "| claim | kind | verdict | claimed | tested | evidence | reproduce |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const c of l.claims) {
    const tested =
      c.tested === "with-deviations" ? `with ${c.deviations.length} deviation(s)` : c.tested;
    const ev = c.evidence
      .map((e) => `${SYMBOL[e.outcome] ?? ""} ${e.label} (${e.role})`)
      .join("; ");
    out.push(
      `| ${c.id} | ${c.kind} | ${cell(verdictText(c))}${c.verdict.asExpected ? "" : ` (catalogue: ${c.expected})`} | ${cell(c.claimed ?? "")} | ${tested} | ${cell(ev)} | \`${c.reproduce}\` |`,
    );
  }
  out.push("", "## Claims", "");
  for (const c of l.claims) {
    out.push(
      `### ${c.id} — ${c.verdict.status}`,
      "",
      `${c.document}, “${c.section.heading}”, lines ${c.section.lines[0]}–${c.section.lines[1]}. Kind: ${c.kind}.`,
      "",
      `> ${c.statement}`,
      "",
    );
    if (c.claimed !== undefined) out.push(`Claimed: ${c.claimed}.`, "");
    if (c.decision !== undefined)
      out.push(
        `Decision: ${c.decision.metric}; method: ${c.decision.method}; rule: ${c.decision.rule}.`,
        "",
      );
    out.push(
      `Verdict: ${verdictText(c)} (${c.verdict.basis}) — ${c.verdict.reason}${c.verdict.asExpected ? "" : ` **Differs from the catalogue's expected verdict (${c.expected}).**`}`,
      "",
    );
    if (c.verdict.dependsOn !== undefined && c.verdict.dependsOn.length > 0)
      out.push(
        "Depends on:",
        ...c.verdict.dependsOn.map(
          (d) =>
            `- ${d.parameter} (${d.evidence}): ${d.condition}; holds at ${values(d.holds)}; fails at ${values(d.fails)}; undecided at ${values(d.undecided)}`,
        ),
        "",
      );
    if (c.deviations.length > 0)
      out.push("Deviations from the claim as written:", ...c.deviations.map((d) => `- ${d}`), "");
    if (c.planned !== undefined)
      out.push(
        `Planned: ${c.planned.method}${c.planned.profile !== undefined ? ` (profile ${c.planned.profile})` : ""}`,
        "",
      );
    if (c.evidence.length > 0) out.push("Evidence:", ...c.evidence.flatMap(evidenceLines), "");
    out.push(`Reproduce: \`${c.reproduce}\``, "");
  }
  out.push(...sweepsSection(l), ...variantsSection(l));
  if (l.skipped.length > 0) {
    out.push(
      "## Not run in this profile",
      "",
      "| evidence | claims | estimated cost | profile | why |",
      "|---|---|---|---|---|",
      ...l.skipped.map(
        (s) =>
          `| ${cell(s.evidence)} | ${s.claims.join(", ")} | ≈ ${s.seconds} s | ${s.profile} | ${cell(s.why)} |`,
      ),
      "",
    );
  }
  out.push(
    "## How verdicts are reached",
    "",
    "- pro = items that confirm and reproduced; con = items that refute and reproduced, plus items that should confirm but failed (a counterexample). Recorded items (SPEC.md findings, vitest-only checks, recorded benchmarks, figures without a machine rule) count on their side unless a re-run item of that side did not reproduce.",
    "- a decisive sweep over a parameter the toolkit chose (noise, ε, horizon, …) that holds at some values and fails at others → conditional, with the measured condition (where it holds, where it fails).",
    "- pro and con → conditional; con → refuted; pro → confirmed; a one-sided result of a claim the catalogue holds conditional, with qualifying evidence, stays conditional with the catalogue's condition.",
    "- otherwise: a refutation that did not reproduce, or an undecided test (SPRT undecided, an interval straddling the threshold, censored runs) → inconclusive; a decisive item not run → not run with its cost; else the catalogue's status (a claim without decisive evidence).",
    "- Simulation figures: the median over the seeds with its order-statistic interval (exact binomial coverage; censored runs count as +∞). A run has converged only if the protocol's convergence held and nothing changed during the quiet margin before the end of its horizon; otherwise it is censored.",
    "",
  );
  return `${out.join("\n")}`;
}

/** A point's rounds needed, or a dash when the ledger has none for it. */
function roundsCell(p: RoundsNeededPoint | undefined): string {
  return p === undefined ? "—" : showRoundsNeeded(p);
}

/** Every sweep item that ran, once, with the claims citing it: one row per point. */
function sweepsSection(l: Ledger): string[] {
  const byKey = new Map<string, { e: LedgerEvidence; claims: string[] }>();
  for (const c of l.claims)
    for (const e of c.evidence) {
      if (e.sweep === undefined) continue;
      const had = byKey.get(e.key) ?? { e, claims: [] };
      had.claims.push(c.id);
      byKey.set(e.key, had);
    }
  if (byKey.size === 0) return [];
  const out = [
    "## Sweeps",
    "",
    "Every statistical sweep of this run (the SPRT at each value of one parameter the toolkit chose), as `ledger.json` has it under `sweep`. Rounds needed: after how many rounds every honest estimate comes within the claim's ε and stays there to the horizon, the median over the point's runs with its order-statistic interval, censored runs (still outside ε at the horizon) counted as beyond it (`sweep.roundsNeeded`; every run's errors by round are in the file named on the sweep's last row).",
    "",
    "| claims | test | parameter | fixed | value | decision | runs | within ε | p̂ [interval] | largest error | rounds needed [interval] | replay |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { e, claims } of byKey.values()) {
    const w = e.sweep as NonNullable<LedgerEvidence["sweep"]>;
    const fixed = Object.entries(w.set)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    w.points.forEach((p, k) =>
      out.push(
        `| ${claims.join(", ")} | ${w.stat} | ${w.parameter} | ${cell(fixed === "" ? "—" : fixed)} | ${cell(String(p.at[w.parameter]))} | ${p.decision} | ${p.runs} | ${p.successes} | ${p.estimate.p} [${p.estimate.lower}, ${p.estimate.upper}] | ${pct(p.worstError)} | ${cell(roundsCell(w.roundsNeeded.points[k]))} | \`${cell(p.reproduce)}\` |`,
      ),
    );
    out.push(
      `| ${claims.join(", ")} | ${w.stat} | ${w.parameter} | ${cell(fixed === "" ? "—" : fixed)} | **over ${w.parameter}** | ${cell(w.dependence.condition)} | | | | | ε = ${w.roundsNeeded.epsilon}; per round: ${w.rounds} | data ${w.data} |`,
    );
  }
  return [...out, ""];
}

/** Every change a documents'-variant scenario item made, once per item, with its claims. */
function variantsSection(l: Ledger): string[] {
  const byKey = new Map<string, { e: LedgerEvidence; claims: string[] }>();
  for (const c of l.claims)
    for (const e of c.evidence) {
      if (e.simulation?.changes === undefined || e.simulation.changes.length === 0) continue;
      const had = byKey.get(e.key) ?? { e, claims: [] };
      had.claims.push(c.id);
      byKey.set(e.key, had);
    }
  if (byKey.size === 0) return [];
  const out = [
    "## Protocol variants",
    "",
    "Scenario items run as the design documents specify the protocol instead of as the toolkit does: every change (`changes[]` in `ledger.json`), per run.",
    "",
    "| claims | evidence | run | field | toolkit | documents |",
    "|---|---|---|---|---|---|",
  ];
  for (const { e, claims } of byKey.values())
    for (const x of e.simulation?.changes ?? [])
      out.push(
        `| ${claims.join(", ")} | ${cell(e.label)} | ${cell(x.run)} | \`${x.path}\` | ${cell(JSON.stringify(x.toolkit))} | ${cell(JSON.stringify(x.documents))} |`,
      );
  return [...out, ""];
}
