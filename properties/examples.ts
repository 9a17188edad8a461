/**
 * Invariants of SPEC.md that are stated about specific scenarios rather than random inputs:
 * each is a property over a single (constant) case, so `commons-spec check` runs and reports
 * them like every other invariant.
 */
import fc from "fast-check";
import { runDynamics, type DynamicsNetwork, type Grants } from "../src/core/dynamics.js";
import type { InvariantProperty, SuiteName } from "./property.js";

function holds(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

function example(
  id: string,
  suite: SuiteName,
  title: string,
  check: () => void,
): InvariantProperty {
  return {
    id,
    suite,
    title,
    numRuns: 1,
    build: () => fc.property(fc.constant(null), () => check()),
  };
}

/** Seed 000's scenario: R1 needs 500, R2 300; P1 400 (MR 0.6/0.4), P2 300 (MR 0.3/0.7). */
export const SEED_000_NETWORK: DynamicsNetwork = {
  providers: [
    {
      pubKey: "P1",
      capacity_slots: [{ id: "s", quantity: 400 }],
      recognition: { R1: { mr: 0.6, share: 0.6 }, R2: { mr: 0.4, share: 0.4 } },
    },
    {
      pubKey: "P2",
      capacity_slots: [{ id: "s", quantity: 300 }],
      recognition: { R1: { mr: 0.3, share: 0.3 }, R2: { mr: 0.7, share: 0.7 } },
    },
  ],
  recipients: [
    { pubKey: "R1", need_slots: [{ id: "n", quantity: 500 }] },
    { pubKey: "R2", need_slots: [{ id: "n", quantity: 300 }] },
  ],
};

/** Two providers that can each meet R's whole need of 1 (DYN-4, found by shrinking DYN-2's generator). */
export const TWO_COVERING_NETWORK: DynamicsNetwork = {
  providers: [
    {
      pubKey: "P0",
      capacity_slots: [{ id: "s", quantity: 1 }],
      recognition: { R: { mr: 0, share: 1 } },
    },
    {
      pubKey: "P1",
      capacity_slots: [{ id: "s", quantity: 1 }],
      recognition: { R: { mr: 0.7, share: 0 } },
    },
  ],
  recipients: [{ pubKey: "R", need_slots: [{ id: "n", quantity: 1 }] }],
};

/** A network that settles without damping and cycles with it (DYN-5, shrunk by fast-check). */
export const DAMPING_CYCLE_NETWORK: DynamicsNetwork = {
  providers: [
    {
      pubKey: "P0",
      capacity_slots: [{ id: "s", quantity: 2 }],
      recognition: { R0: { mr: 0.7, share: 0 }, R1: { mr: 1, share: 0 } },
    },
    {
      pubKey: "P1",
      capacity_slots: [{ id: "s", quantity: 1 }],
      recognition: { R0: { mr: 0.1, share: 0 }, R1: { mr: 0.1, share: 0 } },
    },
  ],
  recipients: [
    { pubKey: "R0", need_slots: [{ id: "n", quantity: 1 }] },
    { pubKey: "R1", need_slots: [{ id: "n", quantity: 3 }] },
  ],
};

/** Σ of every grant to recipient `r` in `g`. */
export function totalTo(g: Grants, r: string): number {
  return Object.values(g).reduce(
    (s, byR) => s + Object.values(byR[r] ?? {}).reduce((a, b) => a + b, 0),
    0,
  );
}

const grant = (g: Grants, p: string, r: string) => g[p]?.[r]?.["n"] ?? 0;
const close = (a: number, b: number, digits: number) => Math.abs(a - b) < 10 ** -digits / 2;

export function exampleProperties(): InvariantProperty[] {
  return [
    example(
      "DYN-3",
      "dynamics",
      "naive residual: a single provider alternates between granting a need and not, forever",
      () => {
        const single: DynamicsNetwork = {
          providers: [
            {
              pubKey: "P",
              capacity_slots: [{ id: "s", quantity: 5 }],
              recognition: { R: { mr: 1, share: 1 } },
            },
          ],
          recipients: [{ pubKey: "R", need_slots: [{ id: "n", quantity: 3 }] }],
        };
        const naive = runDynamics(single, { residual: "naive", maxRounds: 50 });
        holds(naive.settledAt === null, "naive settled");
        holds(
          naive.rounds
            .slice(0, 6)
            .map((r) => totalTo(r.grants, "R"))
            .join() === "3,0,3,0,3,0",
          "naive does not alternate 3,0,3,0",
        );
        holds(
          runDynamics(single, { residual: "net-of-others", maxRounds: 50 }).settledAt === 1,
          "net-of-others does not settle at round 1",
        );
      },
    ),
    example(
      "DYN-4",
      "dynamics",
      "net-of-others oscillates under synchronous rounds when two providers can each cover a need",
      () => {
        const sync = runDynamics(TWO_COVERING_NETWORK, {
          residual: "net-of-others",
          schedule: "synchronous",
          maxRounds: 50,
        });
        holds(sync.settledAt === null, "synchronous settled");
        holds(
          sync.rounds
            .slice(0, 4)
            .map((r) => totalTo(r.grants, "R"))
            .join() === "2,0,2,0",
          "grants do not alternate 2,0,2,0",
        );
        const seq = runDynamics(TWO_COVERING_NETWORK, {
          residual: "net-of-others",
          schedule: "sequential",
          maxRounds: 50,
        });
        holds(
          seq.settledAt !== null && totalTo(seq.rounds.at(-1)?.grants ?? {}, "R") === 1,
          "sequential does not settle at 1",
        );
      },
    ),
    example(
      "DYN-5",
      "dynamics",
      "damping creates a limit cycle in a network that settles without it",
      () => {
        const damped = runDynamics(DAMPING_CYCLE_NETWORK, {
          residual: "net-of-others",
          schedule: "sequential",
          damping: true,
          maxRounds: 400,
        });
        holds(damped.settledAt === null, "the damped run settled");
        const factors = new Set(
          damped.rounds
            .slice(-30)
            .map((r) => `${r.dampingFactors["R0"]}/${r.dampingFactors["R1"]}`),
        );
        holds(factors.size > 1, "the damping factors stopped switching");
        holds(
          runDynamics(DAMPING_CYCLE_NETWORK, {
            residual: "net-of-others",
            schedule: "sequential",
            damping: false,
            maxRounds: 400,
          }).settledAt !== null,
          "without damping it does not settle",
        );
      },
    ),
    example(
      "DYN-6",
      "dynamics",
      "seed 000's worked example settles with net-of-others at the fixed point of SPEC.md §6.5",
      () => {
        const run = runDynamics(SEED_000_NETWORK, { residual: "net-of-others" });
        holds(run.settledAt === 19, `settled at ${run.settledAt}, not 19`);
        const g = run.rounds.at(-1)?.grants ?? {};
        const want: [string, string, number][] = [
          ["P1", "R1", 372.2953],
          ["P1", "R2", 27.7047],
          ["P2", "R1", 50.2076],
          ["P2", "R2", 249.7924],
        ];
        for (const [p, r, v] of want)
          holds(close(grant(g, p, r), v, 2), `${p}→${r} = ${grant(g, p, r)}, expected ${v}`);
        holds(
          runDynamics(SEED_000_NETWORK, { residual: "naive", maxRounds: 500 }).settledAt === null,
          "naive settled on seed 000",
        );
      },
    ),
  ];
}
