/**
 * The parameters of a statistical claim's test (the per-round estimation setting of SPEC §13.1
 * and the SPRT that decides it) that `commons-spec stats --set/--sweep` and the audit's sweep
 * evidence may override: every one of them is a choice of the toolkit, not of the design
 * documents. Each parameter has a name, a parser that names the parameter when a value is wrong,
 * and a function that applies it to a setting or to the SPRT's options.
 */
import type { EstimationSetting, StatClaim } from "../../properties/convergence-stats.js";
import { settingProblem } from "../../properties/convergence-stats.js";
import type { DishonestStrategy } from "../core/protocols/dishonest.js";
import { learningRateProblem, type LearningRate } from "../core/protocols/learning-rate.js";
import type { TopologySpec } from "../engine/sim/topology.js";

/** A parameter's value as given (a number or a word such as inflate:5). */
export type StatParamValue = number | string;

/** The setting and the SPRT options one grid point runs. */
export interface StatTest {
  readonly setting: EstimationSetting;
  readonly claim: StatClaim;
}

/** A bad parameter or value: the message names the parameter. */
export class StatParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatParamError";
  }
}

interface ParamDef {
  readonly describe: string;
  /** Applies a (validated) value. */
  readonly apply: (t: StatTest, v: StatParamValue) => StatTest;
  /** Why the value is not acceptable, or undefined. */
  readonly check: (v: StatParamValue) => string | undefined;
}

const num =
  (test: (x: number) => boolean, what: string) =>
  (v: StatParamValue): string | undefined =>
    typeof v === "number" && Number.isFinite(v) && test(v) ? undefined : `must be ${what}`;

const RATE_FORMS = "constant:α, robbins-monro:a:b:γ or adaptive:α";

const withSetting =
  (f: (s: EstimationSetting, v: StatParamValue) => EstimationSetting) =>
  (t: StatTest, v: StatParamValue): StatTest => ({ ...t, setting: f(t.setting, v) });

const withClaim =
  (f: (c: StatClaim, v: StatParamValue) => StatClaim) =>
  (t: StatTest, v: StatParamValue): StatTest => ({ ...t, claim: f(t.claim, v) });

/**
 * `constant:0.3`, `robbins-monro:0.6:1:0.75` (also `rm:…`) or `adaptive:0.3` (seed 000's
 * adaptive damping, starting at and capped by α) as a schedule, or why not.
 */
export function parseLearningRate(text: string): LearningRate | string {
  const parts = text.split(":");
  const nums = parts.slice(1).map(Number);
  if (parts.slice(1).some((p) => p.trim() === "") || nums.some((x) => !Number.isFinite(x)))
    return `must be ${RATE_FORMS} (numbers)`;
  let lr: LearningRate;
  if (parts[0] === "constant" && nums.length === 1) lr = { kind: "constant", alpha: nums[0] ?? 0 };
  else if (parts[0] === "adaptive" && nums.length === 1)
    lr = { kind: "adaptive", alpha: nums[0] ?? 0 };
  else if ((parts[0] === "robbins-monro" || parts[0] === "rm") && nums.length === 3)
    lr = { kind: "robbins-monro", a: nums[0] ?? 0, b: nums[1] ?? 0, gamma: nums[2] ?? 0 };
  else return `must be ${RATE_FORMS}`;
  return learningRateProblem(lr) ?? lr;
}

/** The name of a schedule in the form `rate` takes. */
export function showLearningRate(lr: LearningRate): string {
  return lr.kind === "robbins-monro"
    ? `robbins-monro:${lr.a}:${lr.b}:${lr.gamma}`
    : `${lr.kind}:${lr.alpha}`;
}

const TOPOLOGY_FORMS =
  "ring, grid, random-regular:d, erdos-renyi:k, watts-strogatz:k:β or barabasi-albert:m";

/** `ring`, `grid`, `random-regular:4`, `erdos-renyi:5`, `watts-strogatz:4:0.2`, `barabasi-albert:2`. */
export function parseTopology(text: string): TopologySpec | string {
  const [kind, ...rest] = text.trim().split(":");
  const xs = rest.map(Number);
  if (rest.some((p) => p.trim() === "") || xs.some((x) => !Number.isFinite(x)))
    return `must be ${TOPOLOGY_FORMS} (numbers)`;
  const int = (x: number | undefined, min: number) =>
    x !== undefined && Number.isInteger(x) && x >= min;
  if (kind === "ring" && xs.length === 0) return { kind: "ring" };
  if (kind === "grid" && xs.length === 0) return { kind: "grid" };
  if (kind === "random-regular" && xs.length === 1)
    return int(xs[0], 2) ? { kind, degree: xs[0] as number } : "random-regular needs a degree ≥ 2";
  if (kind === "erdos-renyi" && xs.length === 1)
    return (xs[0] as number) > 0 ? { kind, avgDegree: xs[0] as number } : "erdos-renyi needs k > 0";
  if (kind === "watts-strogatz" && xs.length === 2)
    return int(xs[0], 2) && (xs[1] as number) >= 0 && (xs[1] as number) <= 1
      ? { kind, k: xs[0] as number, beta: xs[1] as number }
      : "watts-strogatz needs an integer k ≥ 2 and β in [0, 1]";
  if (kind === "barabasi-albert" && xs.length === 1)
    return int(xs[0], 1) ? { kind, m: xs[0] as number } : "barabasi-albert needs an integer m ≥ 1";
  return `must be ${TOPOLOGY_FORMS}`;
}

/** The name of a topology in the form `topology` takes. */
export function showTopology(t: TopologySpec): string {
  switch (t.kind) {
    case "random-regular":
      return `${t.kind}:${t.degree}`;
    case "erdos-renyi":
      return `${t.kind}:${t.avgDegree}`;
    case "watts-strogatz":
      return `${t.kind}:${t.k}:${t.beta}`;
    case "barabasi-albert":
      return `${t.kind}:${t.m}`;
    default:
      return t.kind;
  }
}

const STRATEGIES = ["inflate", "deflate", "noise", "collude"] as const;

/** `inflate:5`, `deflate:5`, `noise:σ` or `collude:value` as a strategy, or why not. */
export function parseStrategy(text: string): DishonestStrategy | string {
  const m = /^([a-z]+):(.+)$/.exec(text);
  const kind = m?.[1] ?? "";
  const x = Number(m?.[2]);
  if (m === null || !(STRATEGIES as readonly string[]).includes(kind) || !Number.isFinite(x))
    return `must be ${STRATEGIES.map((s) => `${s}:x`).join(", ")}`;
  if (kind === "inflate" || kind === "deflate")
    return x > 1 ? { kind, factor: x } : `${kind} needs a factor above 1`;
  if (kind === "noise") return x > 0 ? { kind, sigma: x } : "noise needs σ > 0";
  return x >= 0 ? { kind: "collude", value: x } : "collude needs a value ≥ 0";
}

/** The name of a strategy in the form `strategy` takes. */
export function showStrategy(s: DishonestStrategy): string {
  switch (s.kind) {
    case "inflate":
    case "deflate":
    case "lie-need":
      return `${s.kind}:${s.factor}`;
    case "noise":
      return `noise:${s.sigma}`;
    case "collude":
      return `collude:${s.value}`;
  }
}

const word =
  (parse: (t: string) => unknown) =>
  (v: StatParamValue): string | undefined => {
    const r = parse(String(v));
    return typeof r === "string" ? r : undefined;
  };

/** Every parameter of a statistical claim's test, by name. */
export const STAT_PARAMS: Readonly<Record<string, ParamDef>> = {
  noise: {
    describe: "observation noise h: each observed grant is divided by ξ ~ U[1 − h, 1 + h]",
    check: num((x) => x >= 0 && x < 1, "a number in [0, 1)"),
    apply: withSetting((s, v) => ({ ...s, noise: v as number })),
  },
  epsilon: {
    describe: "ε: an estimate is good when within ε·D of the true denominator D",
    check: num((x) => x > 0, "a positive number"),
    apply: withSetting((s, v) => ({ ...s, epsilon: v as number })),
  },
  rounds: {
    describe: "the horizon T: estimates are judged at the end of round T",
    check: num((x) => Number.isInteger(x) && x >= 1 && x <= 10_000, "an integer from 1 to 10000"),
    apply: withSetting((s, v) => ({ ...s, rounds: v as number })),
  },
  rate: {
    describe:
      "learning-rate schedule: constant:α, robbins-monro:a:b:γ or adaptive:α (seed 000's halve-on-oscillation rule, capped at α)",
    check: word(parseLearningRate),
    apply: withSetting((s, v) => ({
      ...s,
      learningRate: parseLearningRate(String(v)) as LearningRate,
    })),
  },
  trust: {
    describe: "trust in gossip: adaptive (the toolkit's) or constant (the document's)",
    check: (v) =>
      v === "adaptive" || v === "constant" ? undefined : "must be adaptive or constant",
    apply: withSetting((s, v) => ({ ...s, trust: v as "adaptive" | "constant" })),
  },
  liars: {
    describe: "fraction of recipients that lie in their gossip",
    check: num((x) => x >= 0 && x < 1, "a number in [0, 1)"),
    apply: withSetting((s, v) => ({
      ...s,
      dishonest: { ...s.dishonest, fraction: v as number },
    })),
  },
  strategy: {
    describe: "how liars lie: inflate:x, deflate:x, noise:σ or collude:value",
    check: word(parseStrategy),
    apply: withSetting((s, v) => ({
      ...s,
      dishonest: { ...s.dishonest, strategy: parseStrategy(String(v)) as DishonestStrategy },
    })),
  },
  loss: {
    describe: "probability that any one message is lost",
    check: num((x) => x >= 0 && x < 1, "a number in [0, 1)"),
    apply: withSetting((s, v) => ({ ...s, loss: v as number })),
  },
  partition: {
    describe: "probability that a run has a partition in rounds (T/4, T/2]",
    check: num((x) => x >= 0 && x <= 1, "a number in [0, 1]"),
    apply: withSetting((s, v) => ({ ...s, partitionChance: v as number })),
  },
  nodes: {
    describe: "recipients per run: n, or min..max (drawn uniformly)",
    check: (v) =>
      nodeRange(v) === undefined
        ? "must be an integer n or min..max, 4 ≤ min ≤ max ≤ 2000"
        : undefined,
    apply: withSetting((s, v) => ({ ...s, nodes: nodeRange(v) ?? s.nodes })),
  },
  topology: {
    describe:
      "a fixed gossip topology instead of one drawn per run: ring, grid, random-regular:d, erdos-renyi:k, watts-strogatz:k:β or barabasi-albert:m",
    check: word(parseTopology),
    apply: withSetting((s, v) => ({ ...s, topology: parseTopology(String(v)) as TopologySpec })),
  },
  fanout: {
    describe: "gossip fanout: partners each gossip message goes to (the seed's 3)",
    check: num((x) => Number.isInteger(x) && x >= 0 && x <= 100, "an integer from 0 to 100"),
    apply: withSetting((s, v) => ({ ...s, fanout: v as number })),
  },
  gossipEvery: {
    describe: "recipients gossip only in every k-th round (1: every round)",
    check: num((x) => Number.isInteger(x) && x >= 1 && x <= 1000, "an integer from 1 to 1000"),
    apply: withSetting((s, v) => ({ ...s, gossipEvery: v as number })),
  },
  delay: {
    describe: "rounds a gossip message takes to arrive (0: the round it is sent in)",
    check: num((x) => Number.isInteger(x) && x >= 0 && x <= 1000, "an integer from 0 to 1000"),
    apply: withSetting((s, v) => ({ ...s, delay: v as number })),
  },
  hint: {
    describe:
      "the capacity hint a provider sends, as a multiple of its true capacity (1: accurate; 0: none)",
    check: num((x) => x >= 0 && x <= 100, "a number from 0 to 100"),
    apply: withSetting((s, v) => ({ ...s, hint: v as number })),
  },
  "sprt.p0": {
    describe: "the SPRT's H0: P(success) ≥ p0",
    check: num((x) => x > 0 && x < 1, "a number in (0, 1)"),
    apply: withClaim((c, v) => ({ ...c, p0: v as number })),
  },
  "sprt.p1": {
    describe: "the SPRT's H1: P(success) ≤ p1 (p1 < p0)",
    check: num((x) => x > 0 && x < 1, "a number in (0, 1)"),
    apply: withClaim((c, v) => ({ ...c, p1: v as number })),
  },
  "sprt.alpha": {
    describe: "the SPRT's α (probability of rejecting a true H0)",
    check: num((x) => x > 0 && x < 0.5, "a number in (0, 0.5)"),
    apply: withClaim((c, v) => ({ ...c, alpha: v as number })),
  },
  "sprt.beta": {
    describe: "the SPRT's β (probability of accepting a false H0)",
    check: num((x) => x > 0 && x < 0.5, "a number in (0, 0.5)"),
    apply: withClaim((c, v) => ({ ...c, beta: v as number })),
  },
  "sprt.maxRuns": {
    describe: "runs after which the SPRT gives up (undecided)",
    check: num((x) => Number.isInteger(x) && x >= 1 && x <= 100_000, "an integer from 1 to 100000"),
    apply: withClaim((c, v) => ({ ...c, maxRuns: v as number })),
  },
};

/** Other names accepted for a parameter. */
export const STAT_PARAM_ALIASES: Readonly<Record<string, string>> = {
  h: "noise",
  eps: "epsilon",
  horizon: "rounds",
  T: "rounds",
  learningRate: "rate",
  liarFraction: "liars",
  partitionChance: "partition",
};

function nodeRange(v: StatParamValue): { min: number; max: number } | undefined {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(String(v).trim());
  if (m === null) return undefined;
  const min = Number(m[1]);
  const max = Number(m[2] ?? m[1]);
  return min >= 4 && min <= max && max <= 2000 ? { min, max } : undefined;
}

/** The canonical name of a parameter; throws StatParamError naming the known ones. */
export function statParamName(key: string): string {
  const name = STAT_PARAM_ALIASES[key] ?? key;
  if (STAT_PARAMS[name] === undefined)
    throw new StatParamError(
      `unknown parameter "${key}" (one of ${Object.keys(STAT_PARAMS).join(", ")})`,
    );
  return name;
}

/** A value as typed on the command line: a number when it reads as one, else the word. */
export function statValue(raw: unknown): StatParamValue {
  if (typeof raw === "number") return raw;
  const s = String(raw).trim();
  return s !== "" && /^-?[\d.]+(e[+-]?\d+)?$/i.test(s) && Number.isFinite(Number(s))
    ? Number(s)
    : s;
}

/**
 * Applies parameters in order to a test; throws StatParamError naming the first parameter whose
 * value is wrong, or the setting's problem after all of them (e.g. noise too large for the
 * instance's grants to stay below the needs).
 */
export function applyStatParams(
  base: StatTest,
  params: readonly (readonly [string, StatParamValue])[],
): StatTest {
  let t = base;
  for (const [key, v] of params) {
    const name = statParamName(key);
    const def = STAT_PARAMS[name] as ParamDef;
    const problem = def.check(v);
    if (problem !== undefined) throw new StatParamError(`${name}=${String(v)}: ${problem}`);
    t = def.apply(t, v);
  }
  const problem = settingProblem(t.setting);
  if (problem !== undefined)
    throw new StatParamError(
      `${params.map(([k, v]) => `${k}=${String(v)}`).join(",") || "the setting"}: ${problem}`,
    );
  if (!(t.claim.p1 < t.claim.p0))
    throw new StatParamError(`sprt.p1 (${t.claim.p1}) must be below sprt.p0 (${t.claim.p0})`);
  return t;
}
