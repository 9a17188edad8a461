/**
 * Trace validation (SPEC.md §12.1): does some behaviour of a model explain a recorded log?
 *
 * A log is a list of entries; each gives an optional action name and a partial assignment —
 * values for some variables (or for fields inside them, `var.field.field`); the other variables
 * are free. The validator keeps the set of model states consistent with the log so far (the
 * frontier): it starts from the initial states (filtered by entry 0 when that entry is an
 * initial-state entry), and for each further entry takes every successor of every frontier state
 * by every action (or only by the named one), keeps those that match the entry, and dedupes them
 * by the 64-bit fingerprint of all their variables. A successor matches when every logged value
 * has the same canonical text (fingerprint.ts) as the model's value, both taken through ITF, so
 * `{"#bigint": "3"}`, `3` and a model's `3` agree, and sets, maps and records compare
 * irrespective of order.
 *
 * Stuttering: an entry naming the pseudo-action `(stutter)` is matched by the state itself; with
 * `stutter: true` (the default) so is an entry that names no action (a log line that records
 * without changing anything). The frontier is capped (`maxFrontier`, default 100 000): beyond it
 * the result is `frontier-exceeded`, a partial answer, never a crash. So is `incomplete`: a time
 * budget (`timeBudgetMs`, read from the injected clock between entries and every few successors)
 * or an entry limit (`maxEntries`) stopped the validation before the end of the log.
 *
 * On failure the result names the entry, how many candidate states it had, which actions were
 * enabled, and for the nearest successors (those matching the most logged values) which
 * variable differs — down to the deepest differing field — with the model's and the logged value.
 */
import { fromItfValue, toItfValue } from "../trace/itf.js";
import { canonicalText, hashValue64 } from "./fingerprint.js";
import { modelProblems, type Model } from "./model.js";
import { formatValue } from "./report.js";
import { STUTTER } from "./result.js";
import { dict } from "../../core/dict.js";

/** One log entry, decoded. */
export interface LogEntry {
  /** Where it comes from, for reports: `line 3`, `states[4]`. */
  readonly location: string;
  /** Constrains the initial state (only the first entry may). */
  readonly init: boolean;
  /** The action that produced it; absent: any action (or stuttering). */
  readonly action?: string;
  /** Logged values (JS values, decoded from ITF) by variable name or `variable.field…` path. */
  readonly vars: ReadonlyMap<string, unknown>;
}

/**
 * Optional hooks a model offers the validator. `guidedNext` returns the successors of `state` by
 * `action` with the environment's choices (such as the time of the step) taken from the entry,
 * or undefined to use the action's own `next`. Exploration never calls it.
 */
export interface TraceHooks<S, C> {
  guidedNext?(state: S, action: string, entry: LogEntry, config: C): readonly S[] | undefined;
  /** Why `action` has no successor with the entry's environment choices (for reports). */
  explainGuided?(state: S, action: string, entry: LogEntry, config: C): string | undefined;
}

export type ValidatableModel<S, C> = Model<S, C> & TraceHooks<S, C>;

export interface ValidateOptions {
  /** Stop with `frontier-exceeded` when more candidate states than this remain (default 100 000). */
  readonly maxFrontier?: number;
  /** An entry without an action may be matched by stuttering (default true). */
  readonly stutter?: boolean;
  /** Successors reported for a mismatch (default 3). */
  readonly nearest?: number;
  /** Monotonic clock in ms (elapsed time is 0 without it; the time budget needs it). */
  readonly now?: () => number;
  /** Validate at most this many entries; a longer log is `incomplete` after them. */
  readonly maxEntries?: number;
  /** Stop with `incomplete` when this much time (ms, by `now`) has passed. */
  readonly timeBudgetMs?: number;
  /** Called as entries are matched (at most every PROGRESS_EVERY entries), with the count and the total. */
  readonly onProgress?: (matched: number, total: number) => void;
}

/** Entries between two progress reports (and between two looks at the clock within an entry, in successors). */
export const PROGRESS_EVERY = 64;

export const DEFAULT_MAX_FRONTIER = 100_000;

/**
 * `incomplete`: the time budget or the entry limit stopped the validation before the end; the
 * entries before the stop are explained, the rest were not checked (never a pass).
 */
export type ValidationVerdict = "ok" | "mismatch" | "frontier-exceeded" | "incomplete";

/** A logged value that the model's value does not match, at the deepest differing field. */
export interface Difference {
  /** `variable` or `variable.field[2]…` */
  readonly path: string;
  /** The model's value there, in TLA+ notation (abridged), or `(absent)`. */
  readonly model: string;
  readonly logged: string;
}

export interface NearMiss {
  readonly action: string;
  /** Logged values this successor matches, of `of`. */
  readonly matched: number;
  readonly of: number;
  readonly differences: readonly Difference[];
}

export type MismatchKind =
  "unknown-action" | "action-disabled" | "no-initial-state" | "no-matching-successor";

export interface Mismatch {
  /** 0-based index of the entry. */
  readonly entry: number;
  readonly location: string;
  readonly action?: string;
  readonly kind: MismatchKind;
  /** Candidate states before the entry (initial states for entry 0). */
  readonly candidates: number;
  /** Actions with a successor in some candidate (at the logged time, for guided models). */
  readonly enabled: readonly string[];
  /** Actions enabled in some candidate, but not with the environment choices the entry logs. */
  readonly enabledOtherwise: readonly string[];
  readonly nearest: readonly NearMiss[];
  /** One sentence: why the entry cannot be matched. */
  readonly message: string;
}

export interface ValidationResult {
  readonly model: string;
  readonly verdict: ValidationVerdict;
  readonly entries: number;
  /** Entries matched (all of them when `ok`). */
  readonly matched: number;
  /** Candidate states after each matched entry. */
  readonly frontier: readonly number[];
  readonly maxFrontier: number;
  readonly mismatch?: Mismatch;
  /** For `frontier-exceeded`: the entry at which the frontier outgrew the cap. */
  readonly exceeded?: { readonly entry: number; readonly location: string; readonly size: number };
  /** For `incomplete`: where and why the validation stopped. */
  readonly stopped?: {
    readonly entry: number;
    readonly location: string;
    readonly reason: "time-budget" | "max-entries";
    /** The budget in ms, or the entry limit. */
    readonly limit: number;
  };
  readonly elapsedMs: number;
}

interface Constraint {
  readonly key: string;
  readonly variable: string;
  readonly path: readonly string[];
  readonly text: string;
  readonly value: unknown;
}

/** Resolves a vars key: a variable name, or a variable followed by `.field` segments. */
export function resolveKey(
  variables: readonly string[],
  key: string,
): { variable: string; path: string[] } | undefined {
  if (variables.includes(key)) return { variable: key, path: [] };
  const parts = key.split(".");
  for (let i = parts.length - 1; i >= 1; i--) {
    const head = parts.slice(0, i).join(".");
    if (variables.includes(head)) return { variable: head, path: parts.slice(i) };
  }
  return undefined;
}

/**
 * Problems of entries against a model, each naming the entry's location and field: variables the
 * model does not have, and an initial-state entry that is not the first. Empty when fine.
 */
export function entryProblems<S, C>(model: Model<S, C>, entries: readonly LogEntry[]): string[] {
  const out: string[] = [];
  entries.forEach((e, i) => {
    if (e.init && i > 0) out.push(`${e.location}: only the first entry may be an initial state`);
    if (e.init && e.action !== undefined)
      out.push(`${e.location}: action: an initial-state entry has no action`);
    for (const k of e.vars.keys())
      if (resolveKey(model.variables, k) === undefined)
        out.push(
          `${e.location}: vars.${k}: ${model.name} has no variable ${k.split(".")[0] ?? k} (its variables: ${model.variables.join(", ")})`,
        );
  });
  return out;
}

/** A value as it would come back from ITF (so model values and logged values compare alike). */
function throughItf(v: unknown): unknown {
  try {
    return fromItfValue(toItfValue(v));
  } catch {
    return v;
  }
}

function child(v: unknown, k: string): unknown {
  if (v instanceof Map) {
    if (v.has(k)) return v.get(k);
    const n = Number(k);
    return Number.isFinite(n) ? v.get(n) : undefined;
  }
  if (Array.isArray(v)) return /^\d+$/.test(k) ? v[Number(k)] : undefined;
  if (typeof v === "object" && v !== null) return (v as Record<string, unknown>)[k];
  return undefined;
}

function at(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const k of path) cur = child(cur, k);
  return cur;
}

function abridge(s: string, n = 160): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function show(v: unknown): string {
  return v === undefined ? "(absent)" : abridge(formatValue(v));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Children of a record, sequence or map, as (label, value) pairs; undefined for other values. */
function children(v: unknown): Map<string, { label: string; value: unknown }> | undefined {
  const out = new Map<string, { label: string; value: unknown }>();
  if (isRecord(v))
    for (const k of Object.keys(v)) out.set(`.${k}`, { label: `.${k}`, value: v[k] });
  else if (Array.isArray(v)) v.forEach((x, i) => out.set(`[${i}]`, { label: `[${i}]`, value: x }));
  else if (v instanceof Map)
    for (const [k, x] of v) out.set(canonicalText(k), { label: `[${formatValue(k)}]`, value: x });
  else return undefined;
  return out;
}

function sameShape(a: unknown, b: unknown): boolean {
  return (
    (isRecord(a) && isRecord(b)) ||
    (Array.isArray(a) && Array.isArray(b) && a.length === b.length) ||
    (a instanceof Map && b instanceof Map)
  );
}

/**
 * The paths under which `model` and `logged` differ, descending into records, sequences of equal
 * length and maps as deep as they go (at most `limit` paths).
 */
function differencesUnder(
  prefix: string,
  model: unknown,
  logged: unknown,
  limit = 4,
): Difference[] {
  if (canonicalText(model) === canonicalText(logged)) return [];
  const mc = sameShape(model, logged) ? children(model) : undefined;
  const lc = mc !== undefined ? children(logged) : undefined;
  if (mc === undefined || lc === undefined)
    return [{ path: prefix, model: show(model), logged: show(logged) }];
  const out: Difference[] = [];
  const keys = [...new Set([...mc.keys(), ...lc.keys()])].sort();
  for (const k of keys) {
    const a = mc.get(k);
    const b = lc.get(k);
    const label = (a ?? b)?.label ?? k;
    for (const d of differencesUnder(`${prefix}${label}`, a?.value, b?.value, limit - out.length))
      out.push(d);
    if (out.length >= limit) break;
  }
  return out;
}

function leafCount(v: unknown): number {
  const c = children(v);
  if (c === undefined) return 1;
  let n = 0;
  for (const x of c.values()) n += leafCount(x.value);
  return Math.max(1, n);
}

/** How many leaves of `logged` the model's value agrees with (ranks near misses). */
function agreement(model: unknown, logged: unknown): number {
  if (canonicalText(model) === canonicalText(logged)) return leafCount(logged);
  if (!sameShape(model, logged)) return 0;
  const mc = children(model);
  const lc = children(logged);
  if (mc === undefined || lc === undefined) return 0;
  let n = 0;
  for (const [k, b] of lc) {
    const a = mc.get(k);
    if (a !== undefined) n += agreement(a.value, b.value);
  }
  return n;
}

/**
 * Decides whether some behaviour of `model` explains `entries` (see the module comment).
 * Never throws on a mismatch; throws only on an ill-formed model.
 */
export function validateTrace<S, C>(
  model: ValidatableModel<S, C>,
  config: C,
  entries: readonly LogEntry[],
  options: ValidateOptions = {},
): ValidationResult {
  const problems = modelProblems(model);
  if (problems.length > 0) throw new Error(`${model.name}: ${problems.join("; ")}`);
  const clock = options.now;
  const started = clock?.() ?? 0;
  const maxFrontier = options.maxFrontier ?? DEFAULT_MAX_FRONTIER;
  const deadline =
    options.timeBudgetMs !== undefined && clock !== undefined
      ? started + options.timeBudgetMs
      : undefined;
  let looks = 0;
  /** Whether the time budget is spent (the clock is read every PROGRESS_EVERY calls). */
  const outOfTime = (force = false): boolean => {
    if (deadline === undefined || clock === undefined) return false;
    if (!force && ++looks % PROGRESS_EVERY !== 0) return false;
    return clock() >= deadline;
  };
  const limit = Math.min(entries.length, options.maxEntries ?? entries.length);
  const stutter = options.stutter ?? true;
  const nearestCount = options.nearest ?? 3;
  const actionNames = model.actions.map((a) => a.name);
  const guided = model.guidedNext?.bind(model);

  const varsOf = (s: S): Readonly<Record<string, unknown>> =>
    model.toItf !== undefined
      ? model.toItf(s)
      : (s as unknown as Readonly<Record<string, unknown>>);

  const compile = (e: LogEntry): Constraint[] =>
    [...e.vars].map(([key, value]) => {
      const r = resolveKey(model.variables, key);
      if (r === undefined) throw new Error(`${e.location}: ${model.name} has no variable ${key}`);
      return { key, ...r, value, text: canonicalText(value) };
    });

  /** Per state, its variables through ITF, computed once per variable. */
  const normalizer = (s: S) => {
    const raw = varsOf(s);
    const cache = new Map<string, unknown>();
    return (variable: string): unknown => {
      if (!cache.has(variable)) cache.set(variable, throughItf(raw[variable]));
      return cache.get(variable);
    };
  };
  const score = (s: S, cs: readonly Constraint[]): number => {
    const get = normalizer(s);
    let n = 0;
    for (const c of cs) if (canonicalText(at(get(c.variable), c.path)) === c.text) n++;
    return n;
  };
  const leaves = (s: S, cs: readonly Constraint[]): number => {
    const get = normalizer(s);
    let n = 0;
    for (const c of cs) n += agreement(at(get(c.variable), c.path), c.value);
    return n;
  };
  const matches = (s: S, cs: readonly Constraint[]): boolean => {
    const get = normalizer(s);
    for (const c of cs) if (canonicalText(at(get(c.variable), c.path)) !== c.text) return false;
    return true;
  };
  const differences = (s: S, cs: readonly Constraint[]): Difference[] => {
    const get = normalizer(s);
    const out: Difference[] = [];
    for (const c of cs) {
      const mv = at(get(c.variable), c.path);
      if (canonicalText(mv) === c.text) continue;
      out.push(...differencesUnder(c.key, mv, c.value));
    }
    return out;
  };

  const fp = new Uint32Array(2);
  const keyOf = (s: S): string => {
    const vars = varsOf(s);
    const all: Record<string, unknown> = dict();
    for (const v of model.variables) all[v] = vars[v];
    hashValue64(all, fp);
    return `${fp[0] as number}:${fp[1] as number}`;
  };

  const successorsBy = (s: S, a: number, e: LogEntry): readonly S[] => {
    const action = model.actions[a] as (typeof model.actions)[number];
    return guided?.(s, action.name, e, config) ?? action.next(s, config);
  };

  const frontierSizes: number[] = [];
  const done = (
    verdict: ValidationVerdict,
    matched: number,
    extra: Partial<Pick<ValidationResult, "mismatch" | "exceeded" | "stopped">> = {},
  ): ValidationResult => ({
    model: model.name,
    verdict,
    entries: entries.length,
    matched,
    frontier: frontierSizes,
    maxFrontier,
    ...extra,
    elapsedMs: (clock?.() ?? 0) - started,
  });

  /** Why entry k (not an initial entry) matches no successor of `frontier`. */
  const diagnose = (k: number, frontier: readonly S[]): Mismatch => {
    const e = entries[k] as LogEntry;
    const cs = compile(e);
    const named = e.action;
    const base = {
      entry: k,
      location: e.location,
      ...(named !== undefined ? { action: named } : {}),
      candidates: frontier.length,
    };
    const enabled = new Set<number>();
    const enabledOtherwise = new Set<number>();
    type Near = { action: string; state: S; score: number; leaves: number };
    const rank = (x: Near, y: Near) => y.score - x.score || y.leaves - x.leaves;
    let candidates: Near[] = [];
    const consider = (action: string, t: S) => {
      candidates.push({ action, state: t, score: score(t, cs), leaves: leaves(t, cs) });
      if (candidates.length >= 256) candidates = candidates.sort(rank).slice(0, 64);
    };
    for (const s of frontier) {
      for (let a = 0; a < model.actions.length; a++) {
        const name = (model.actions[a] as { name: string }).name;
        const succ = successorsBy(s, a, e);
        if (succ.length > 0) enabled.add(a);
        else if (guided !== undefined && model.actions[a]?.next(s, config).length !== 0)
          enabledOtherwise.add(a);
        if (named === undefined || named === name) for (const t of succ) consider(name, t);
      }
      if (named === STUTTER || (named === undefined && stutter)) consider(STUTTER, s);
    }
    const names = (set: Set<number>) =>
      [...set].sort((x, y) => x - y).map((a) => (model.actions[a] as { name: string }).name);
    const best = candidates.sort(rank);
    const nearest: NearMiss[] = [];
    const seen = new Set<string>();
    for (const b of best) {
      const differencesOf = differences(b.state, cs);
      const sig = `${b.action}|${differencesOf.map((d) => `${d.path}=${d.model}`).join(";")}`;
      if (seen.has(sig)) continue;
      seen.add(sig);
      nearest.push({
        action: b.action,
        matched: b.score,
        of: cs.length,
        differences: differencesOf,
      });
      if (nearest.length >= nearestCount) break;
    }
    const en = names(enabled);
    const otherwise = names(enabledOtherwise);
    const namedIndex = named === undefined ? -1 : actionNames.indexOf(named);
    if (named !== undefined && named !== STUTTER && namedIndex >= 0 && !enabled.has(namedIndex)) {
      const explained =
        enabledOtherwise.has(namedIndex) && frontier[0] !== undefined
          ? model.explainGuided?.(frontier[0], named, e, config)
          : undefined;
      const when = enabledOtherwise.has(namedIndex)
        ? `, though it is enabled with other environment choices${explained !== undefined ? ` (${explained})` : ""}`
        : "";
      const among =
        frontier.length === 1
          ? "the only candidate state"
          : `any of the ${frontier.length} candidate states`;
      return {
        ...base,
        kind: "action-disabled",
        enabled: en,
        enabledOtherwise: otherwise,
        nearest: [],
        message: `action ${named} is not enabled in ${among}${when}; enabled: ${en.length === 0 ? "none" : en.join(", ")}`,
      };
    }
    const top = nearest[0];
    const why =
      top === undefined
        ? `no action is enabled in any of the ${frontier.length} candidate states`
        : `no successor${named !== undefined ? ` by ${named}` : ""} matches; the nearest (${top.action}, ${top.matched} of ${top.of} logged values) differs at ${top.differences
            .map((d) => `${d.path}: model ${d.model}, logged ${d.logged}`)
            .join("; ")}`;
    return {
      ...base,
      kind: "no-matching-successor",
      enabled: en,
      enabledOtherwise: otherwise,
      nearest,
      message: why,
    };
  };

  // Init.
  let k = 0;
  let frontier: S[] = [];
  {
    const inits = model.init(config);
    const first = entries[0];
    if (first?.init === true) {
      const cs = compile(first);
      const kept = new Map<string, S>();
      for (const s of inits) if (matches(s, cs)) kept.set(keyOf(s), s);
      if (kept.size === 0) {
        let bestScore = -1;
        let best: S[] = [];
        for (const s of inits) {
          const sc = score(s, cs);
          if (sc > bestScore) {
            bestScore = sc;
            best = [];
          }
          if (sc === bestScore && best.length < nearestCount) best.push(s);
        }
        const nearest = best.map((s) => ({
          action: "(init)",
          matched: bestScore,
          of: cs.length,
          differences: differences(s, cs),
        }));
        const top = nearest[0];
        return done("mismatch", 0, {
          mismatch: {
            entry: 0,
            location: first.location,
            kind: "no-initial-state",
            candidates: inits.length,
            enabled: [],
            enabledOtherwise: [],
            nearest,
            message:
              top === undefined
                ? "the model has no initial state"
                : `no initial state matches; the nearest differs at ${top.differences
                    .map((d) => `${d.path}: model ${d.model}, logged ${d.logged}`)
                    .join("; ")}`,
          },
        });
      }
      frontier = [...kept.values()];
      k = 1;
      frontierSizes.push(frontier.length);
    } else {
      const kept = new Map<string, S>();
      for (const s of inits) kept.set(keyOf(s), s);
      frontier = [...kept.values()];
    }
    if (frontier.length > maxFrontier)
      return done("frontier-exceeded", k, {
        exceeded: { entry: 0, location: first?.location ?? "init", size: frontier.length },
      });
  }

  const stopAt = (entry: number, reason: "time-budget" | "max-entries"): ValidationResult =>
    done("incomplete", entry, {
      stopped: {
        entry,
        location: entries[entry]?.location ?? "end",
        reason,
        limit: reason === "time-budget" ? (options.timeBudgetMs ?? 0) : limit,
      },
    });

  // Next, entry by entry.
  for (; k < limit; k++) {
    const e = entries[k] as LogEntry;
    if (k % PROGRESS_EVERY === 0) {
      options.onProgress?.(k, entries.length);
      if (outOfTime(true)) return stopAt(k, "time-budget");
    }
    if (e.action !== undefined && e.action !== STUTTER && !actionNames.includes(e.action)) {
      return done("mismatch", k, {
        mismatch: {
          entry: k,
          location: e.location,
          action: e.action,
          kind: "unknown-action",
          candidates: frontier.length,
          enabled: [],
          enabledOtherwise: [],
          nearest: [],
          message: `${model.name} has no action ${e.action} (its actions: ${actionNames.join(", ")})`,
        },
      });
    }
    const cs = compile(e);
    const next = new Map<string, S>();
    let exceeded = false;
    let late = false;
    const add = (t: S) => {
      if (outOfTime()) late = true;
      if (!matches(t, cs)) return;
      const key = keyOf(t);
      if (next.has(key)) return;
      next.set(key, t);
      if (next.size > maxFrontier) exceeded = true;
    };
    const stutters = e.action === STUTTER || (e.action === undefined && stutter);
    for (const s of frontier) {
      if (e.action !== STUTTER)
        for (let a = 0; a < model.actions.length && !exceeded; a++) {
          if (e.action !== undefined && actionNames[a] !== e.action) continue;
          for (const t of successorsBy(s, a, e)) {
            add(t);
            if (exceeded || late) break;
          }
        }
      if (stutters && !exceeded) add(s);
      if (exceeded || late) break;
    }
    if (late) return stopAt(k, "time-budget");
    if (exceeded)
      return done("frontier-exceeded", k, {
        exceeded: { entry: k, location: e.location, size: next.size },
      });
    if (next.size === 0) return done("mismatch", k, { mismatch: diagnose(k, frontier) });
    frontier = [...next.values()];
    frontierSizes.push(frontier.length);
  }
  if (limit < entries.length) return stopAt(limit, "max-entries");
  options.onProgress?.(entries.length, entries.length);
  return done("ok", entries.length);
}

/** The result as text: the verdict, and for a mismatch, the entry, its candidates and why. */
export function formatValidation(r: ValidationResult, title?: string): string {
  const name = title ?? r.model;
  const peak = r.frontier.length === 0 ? 0 : Math.max(...r.frontier);
  const lines = [
    `${name}: ${r.matched} of ${r.entries} entries matched; candidate states per entry: peak ${peak}, last ${r.frontier.at(-1) ?? 0} (cap ${r.maxFrontier}); ${(r.elapsedMs / 1000).toFixed(2)} s`,
  ];
  if (r.verdict === "ok") lines.push("verdict: ok — a behaviour of the model explains the log");
  else if (r.verdict === "frontier-exceeded" && r.exceeded !== undefined)
    lines.push(
      `verdict: frontier-exceeded — at entry ${r.exceeded.entry} (${r.exceeded.location}) more than ${r.maxFrontier} candidate states remain (${r.exceeded.size} so far); no mismatch found up to there (partial result; raise --max-frontier or log more variables)`,
    );
  else if (r.verdict === "incomplete" && r.stopped !== undefined) {
    const st = r.stopped;
    lines.push(
      `verdict: incomplete — stopped at entry ${st.entry} (${st.location}) of ${r.entries}: ${
        st.reason === "time-budget"
          ? `the time budget of ${(st.limit / 1000).toFixed(st.limit % 1000 === 0 ? 0 : 1)} s was spent`
          : `the log has more entries than --max-entries ${st.limit}`
      }; the ${st.entry} entries before it are explained, the rest were not checked (not a pass; raise ${st.reason === "time-budget" ? "--time-budget" : "--max-entries"})`,
    );
  } else if (r.mismatch !== undefined) {
    const m = r.mismatch;
    lines.push(
      `verdict: mismatch — entry ${m.entry} (${m.location}${m.action !== undefined ? `, action ${m.action}` : ""}) cannot be matched`,
      `  candidate states before it: ${m.candidates}`,
      `  why: ${m.message}`,
    );
    if (m.enabled.length > 0) lines.push(`  enabled actions: ${m.enabled.join(", ")}`);
    if (m.enabledOtherwise.length > 0)
      lines.push(
        `  enabled, but not with the logged environment choices (time): ${m.enabledOtherwise.join(", ")}`,
      );
    m.nearest.forEach((n, i) => {
      lines.push(
        `  nearest successor ${i + 1} (${n.action}): matches ${n.matched} of ${n.of} logged values`,
      );
      for (const d of n.differences)
        lines.push(`    ${d.path}: model ${d.model}, logged ${d.logged}`);
    });
  }
  return `${lines.join("\n")}\n`;
}
