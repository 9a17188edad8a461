/**
 * SCHEMA-1 as a property of any validator (the reference's zod schema by default): a
 * generated valid allocation input is accepted, and each case of properties/schema-cases.ts —
 * every rejection SPEC §1, §4.1, §5.1 and §14 lists, and valid inputs at their edges — is
 * rejected or accepted as SPEC says. Every case kind is its own failure class
 * (`accepted:30 February`, `rejected:valid: offsets Z, ±00:00 and ±23:59`, …), so a validator
 * with several gaps shows each of them. The reference must also name the field.
 */
import fc from "fast-check";
import { allocationInputSchema, type AllocationInput } from "../src/core/schemas/allocation.js";
import { arbAllocationInput } from "./arbitraries/allocation.js";
import type { ImplementationDomain } from "./domain.js";
import { reduceSchemaTrialArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import {
  SCHEMA_CASES,
  schemaCase,
  schemaCaseKinds,
  type Path,
  type SchemaCase,
  type SchemaCaseKind,
} from "./schema-cases.js";
import type { ValidationUnderTest } from "./under-test.js";
import { throwFirstViolation } from "./violation.js";

/** The reference core as a ValidationUnderTest. */
export const referenceValidation: ValidationUnderTest = {
  acceptsAllocationInput: (v) => allocationInputSchema.safeParse(v).success,
};

/**
 * Whether an error at `issue` names the field at `expected`: the same path, a path inside it,
 * or its parent object (where unknown keys and union discriminators are reported).
 */
export function namesPath(issue: readonly PropertyKey[], expected: Path): boolean {
  const prefix = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
    a.length <= b.length && a.every((x, i) => x === b[i]);
  return (
    prefix(expected, issue) || (prefix(issue, expected) && issue.length >= expected.length - 1)
  );
}

/** A generated case: a valid input and one case built from it (at the place `pick` designates). */
export interface SchemaTrial {
  readonly input: AllocationInput;
  readonly case: SchemaCase;
  readonly pick: number;
}

/** The case of kind `cls` built from `input` at `pick` (undefined for a kind SCHEMA-1 does not have). */
function rebuildCase(cls: string, input: AllocationInput, pick: number): SchemaCase | undefined {
  const kind = SCHEMA_CASES.find((k) => k.name === cls);
  return kind === undefined ? undefined : schemaCase(kind, input, pick);
}

/** SCHEMA-1's trials for an implementation's domain. */
export function arbSchemaTrial(domain?: ImplementationDomain): fc.Arbitrary<SchemaTrial> {
  const kinds = schemaCaseKinds(domain?.validation?.unknownKeys === "stripped");
  return fc
    .tuple(
      // Mostly small inputs (the edges of what is valid are cases of their own), sometimes the
      // allocation suite's edge shapes (crowds, extreme quantities, many slots).
      fc.oneof(
        { weight: 4, arbitrary: arbAllocationInput({ edges: false }) },
        { weight: 1, arbitrary: arbAllocationInput() },
      ),
      fc.constantFrom<SchemaCaseKind>(...kinds),
      fc.nat(),
    )
    .map(([input, kind, pick]) => ({ input, case: schemaCase(kind, input, pick), pick }));
}

/** Options of the schemas suite. */
export interface SchemaSuiteOptions {
  readonly domain?: ImplementationDomain;
}

const short = (v: unknown) => {
  const s = JSON.stringify(v, (_k, x: unknown) =>
    typeof x === "number" && !Number.isFinite(x) ? String(x) : x,
  );
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
};

export function schemaProperties(
  impl: ValidationUnderTest = referenceValidation,
  name = "implementation",
  options: SchemaSuiteOptions = {},
): InvariantProperty[] {
  const exact = impl === referenceValidation;
  return [
    {
      id: "SCHEMA-1",
      suite: "schemas",
      title:
        "every rejection SPEC lists is rejected (each its own class), and valid inputs at the edges are accepted",
      numRuns: 1000,
      // The valid input loses parts; the case is rebuilt from it, so it keeps its defect.
      reduce: reduceSchemaTrialArguments(rebuildCase),
      build: () =>
        fc.property(arbSchemaTrial(options.domain), ({ input, case: c }) => {
          const found: { code: string; message: string }[] = [];
          if (!impl.acceptsAllocationInput(input))
            found.push({
              code: "rejected:valid generated input",
              message: `${name} rejected a valid allocation input: ${short(input)}`,
            });
          const accepted = impl.acceptsAllocationInput(c.value);
          if (c.expect === "reject" && accepted)
            found.push({
              code: `accepted:${c.cls}`,
              message: `${name} accepted an input with ${c.cls}${c.path !== undefined ? ` at ${JSON.stringify(c.path)}` : ""}: ${short(c.path === undefined ? c.value : pathValue(c.value, c.path))}`,
            });
          if (c.expect === "accept" && !accepted)
            found.push({
              code: `rejected:${c.cls}`,
              message: `${name} rejected a valid input (${c.cls}): ${short(c.value)}`,
            });
          if (exact && c.expect === "reject" && c.path !== undefined && !accepted) {
            const r = allocationInputSchema.safeParse(c.value);
            const path = c.path;
            if (!r.success && !r.error.issues.some((i) => namesPath(i.path, path)))
              found.push({
                code: `wrong-path:${c.cls}`,
                message: `${c.cls} at ${JSON.stringify(path)} rejected, but the error names ${JSON.stringify(r.error.issues.map((i) => i.path))}`,
              });
          }
          throwFirstViolation(found);
        }),
    },
  ];
}

/** The value at `path` (or the parent object, when the path names a missing field). */
function pathValue(root: unknown, path: Path): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return cur;
    const next = (cur as Record<string | number, unknown>)[k];
    if (next === undefined) return cur;
    cur = next;
  }
  return cur;
}
