/**
 * A model for the explicit-state checker, shaped like a TLA+ module: VARIABLES, Init, named
 * actions (Next is their disjunction), a type invariant, invariants, action properties, liveness
 * properties under weak fairness, a state constraint, symmetry and a view.
 *
 * States are immutable plain data (objects, arrays, numbers, strings, booleans, Sets, Maps):
 * the checker never mutates them. Their canonical text defines when two states are equal; a
 * model that declares a `layout` is fingerprinted through its packed encoding, which must agree
 * with the canonical text (layout.ts). Every function of a model must be pure and deterministic
 * (traces are rebuilt by replaying it).
 *
 * All callbacks are declared as methods (not function-typed properties) on purpose: TypeScript
 * checks method parameters bivariantly, so a `Model<MyState, MyConfig>` can be stored where a
 * `Model<unknown, unknown>` is expected (the registry, the CLI) without casts.
 */

import type { Layout } from "./layout.js";
import type { PackedCodec, PackedNext } from "./packed.js";

/** One disjunct of Next. */
export interface Action<S, C> {
  /** Unique within the model; also what fairness and coverage refer to. */
  readonly name: string;
  /** One sentence citing the protocol rule (seed and section) the action encodes. */
  readonly doc: string;
  /** Successor states; an empty array means the action is disabled in `state`. */
  next(state: S, config: C): readonly S[];
  /**
   * Optional packed form of `next` for one configuration (packed.ts): the same successors,
   * computed on unpacked states (one code per scalar of the layout), so that a successor already
   * seen is never built. `next` stays the definition (test/engine/checker/packed.test.ts compares them).
   */
  packed?(config: C, codec: PackedCodec): PackedNext;
}

/** A state predicate that must hold in every reachable state. */
export interface Invariant<S, C> {
  readonly name: string;
  readonly doc: string;
  holds(state: S, config: C): boolean;
  /**
   * Optional form of `holds` reading the state unpacked (packed.ts: one code per scalar of the
   * layout), for states that packed actions reach: with it (and the type invariant's packed
   * form) a new state is checked without being built. `holds` stays the definition
   * (test/engine/checker/packed.test.ts compares them).
   */
  packedHolds?(config: C, codec: PackedCodec): PackedPredicate;
}

/** A state predicate on an unpacked state (packed.ts). */
export type PackedPredicate = (codes: Int32Array) => boolean;

/** A step predicate that must hold on every transition (`before` → `after` by `action`). */
export interface ActionProperty<S, C> {
  readonly name: string;
  readonly doc: string;
  /**
   * The actions whose steps the property is about: the checker evaluates it only on their
   * transitions (it must hold trivially on the others; `test/engine/checker/layout.test.ts`
   * checks that on reachable transitions of every model). Default: every action.
   */
  readonly actions?: readonly string[];
  holds(before: S, after: S, action: string, config: C): boolean;
  /**
   * Optional form of `holds` reading `before` and `after` unpacked (packed.ts: one code per
   * scalar), for the steps of packed actions; without it both states are built to evaluate
   * `holds`.
   */
  packedHolds?(
    config: C,
    codec: PackedCodec,
  ): (before: Int32Array, after: Int32Array, action: string) => boolean;
}

/**
 * A liveness property, checked under weak fairness of the actions named in `fairness`
 * (WF_vars(A) for each: an action that stays enabled is eventually taken):
 * - `eventually`: ◇P from every initial state;
 * - `leadsTo`: P ~> Q, i.e. □(P ⇒ ◇Q).
 * As in TLA+, behaviours may stutter: a state where no fairly-treated action is enabled can
 * repeat forever.
 */
export interface LivenessProperty<S, C> {
  readonly name: string;
  readonly doc: string;
  readonly kind: "eventually" | "leadsTo";
  /** `eventually`: the predicate that must eventually hold; `leadsTo`: the trigger P. */
  p(state: S, config: C): boolean;
  /** `leadsTo` only: the predicate Q that must follow P. */
  q?(state: S, config: C): boolean;
  /** Names of the actions treated with weak fairness. */
  readonly fairness: readonly string[];
}

export interface Model<S, C> {
  readonly name: string;
  /** One paragraph: what the model states and which seeds it formalises. */
  readonly doc: string;
  /** Names of the state's fields, like TLA+ VARIABLES (also the ITF `vars`). */
  readonly variables: readonly string[];
  /** The initial states (Init). */
  init(config: C): readonly S[];
  /** Next, as its named disjuncts. */
  readonly actions: readonly Action<S, C>[];
  /** TypeInvariant: checked like an invariant, reported under the name "TypeInvariant". */
  typeInvariant?(state: S, config: C): boolean;
  /** Optional form of `typeInvariant` on unpacked states (see `Invariant.packedHolds`). */
  packedTypeInvariant?(config: C, codec: PackedCodec): PackedPredicate;
  readonly invariants: readonly Invariant<S, C>[];
  readonly actionProperties?: readonly ActionProperty<S, C>[];
  readonly liveness?: readonly LivenessProperty<S, C>[];
  /** State constraint: states violating it are checked but not expanded (TLC's CONSTRAINT). */
  constraint?(state: S, config: C): boolean;
  /** States where having no enabled action is intended (not a deadlock). */
  terminal?(state: S, config: C): boolean;
  /** Canonical representative of the state's symmetry class (fingerprinted instead of the state). */
  symmetry?(state: S, config: C): S;
  /** What is fingerprinted (default: the whole state); fields left out do not distinguish states. */
  view?(state: S): unknown;
  /**
   * The state's layout (layout.ts): its shape and bounds, from which the checker derives a
   * packed encoding for fingerprints and the frontier. Fields the view leaves out are marked
   * `history`. Without a layout, states are fingerprinted by the canonical text of their view
   * and queued as objects.
   */
  layout?(config: C): Layout;
  /** The variables as JS values for ITF (default: the state object itself). */
  toItf?(state: S): Readonly<Record<string, unknown>>;
}

/** For each action (by index), the indices of the action properties evaluated on its steps. */
export function actionPropertiesByAction<S, C>(model: Model<S, C>): number[][] {
  const aps = model.actionProperties ?? [];
  return model.actions.map((a) =>
    aps.flatMap((p, k) => (p.actions === undefined || p.actions.includes(a.name) ? [k] : [])),
  );
}

/** The name under which a type-invariant violation is reported. */
export const TYPE_INVARIANT = "TypeInvariant";

/**
 * Checks a model's static well-formedness: unique, non-empty action and property names, and
 * fairness lists that name existing actions. Returns the problems found (empty when fine).
 */
export function modelProblems<S, C>(model: Model<S, C>): string[] {
  const problems: string[] = [];
  const dup = (what: string, names: readonly string[]) => {
    const seen = new Set<string>();
    for (const n of names) {
      if (n === "") problems.push(`${what}: empty name`);
      else if (seen.has(n)) problems.push(`${what}: duplicate name ${n}`);
      seen.add(n);
    }
  };
  dup(
    "actions",
    model.actions.map((a) => a.name),
  );
  dup("variables", model.variables);
  dup("properties", [
    ...model.invariants.map((i) => i.name),
    ...(model.actionProperties ?? []).map((p) => p.name),
    ...(model.liveness ?? []).map((p) => p.name),
    ...(model.typeInvariant !== undefined ? [TYPE_INVARIANT] : []),
  ]);
  if (model.actions.length > 0xffff) problems.push("actions: at most 65 535 actions");
  const names = new Set(model.actions.map((a) => a.name));
  for (const p of model.actionProperties ?? [])
    for (const a of p.actions ?? [])
      if (!names.has(a)) problems.push(`action property ${p.name}: names unknown action ${a}`);
  for (const l of model.liveness ?? []) {
    for (const f of l.fairness)
      if (!names.has(f)) problems.push(`liveness ${l.name}: fairness names unknown action ${f}`);
    if (l.kind === "leadsTo" && l.q === undefined)
      problems.push(`liveness ${l.name}: leadsTo needs q`);
  }
  return problems;
}
