import fc from "fast-check";
import { allocationInputSchema } from "../src/core/schemas/allocation.js";
import { arbAllocationInput } from "./arbitraries/allocation.js";
import type { InvariantProperty } from "./property.js";
import type { ValidationUnderTest } from "./under-test.js";

type Path = (string | number)[];

/** Every path in a JSON value whose leaf is a number, with the key that holds it. */
function numericLeaves(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (typeof v === "number") out.push(path);
  else if (Array.isArray(v)) v.forEach((x, i) => numericLeaves(x, [...path, i], out));
  else if (v !== null && typeof v === "object")
    for (const [k, x] of Object.entries(v)) numericLeaves(x, [...path, k], out);
  return out;
}

function objectPaths(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) v.forEach((x, i) => objectPaths(x, [...path, i], out));
  else if (v !== null && typeof v === "object") {
    out.push(path);
    for (const [k, x] of Object.entries(v)) objectPaths(x, [...path, k], out);
  }
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return structuredClone(value);
  const copy = structuredClone(root);
  let cur = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) cur[last] = value;
  return copy;
}

function getAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
  return cur;
}

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Values no number field may hold, whatever it means; −1 is bad everywhere except lat/lon. */
const BAD_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  "7",
  null,
  1e-12,
] as const;

/** The reference core as a ValidationUnderTest. */
export const referenceValidation: ValidationUnderTest = {
  acceptsAllocationInput: (v) => allocationInputSchema.safeParse(v).success,
};

export function schemaProperties(
  impl: ValidationUnderTest = referenceValidation,
  name = "implementation",
): InvariantProperty[] {
  const exact = impl === referenceValidation;
  return [
    {
      id: "SCHEMA-1",
      suite: "schemas",
      title:
        "bad numbers, negative quantities and unknown keys are rejected, naming the exact path",
      numRuns: 300,
      build: () =>
        fc.property(
          arbAllocationInput(),
          fc.nat(),
          fc.constantFrom(...BAD_NUMBERS, -1),
          fc.nat(),
          (input, pick, bad, pickObject) => {
            if (!impl.acceptsAllocationInput(input)) {
              throw new Error(
                `${name} rejected a valid allocation input: ${JSON.stringify(input)}`,
              );
            }
            const leaves = numericLeaves(input).filter((p) => {
              const key = p[p.length - 1];
              // −1 and 1e-12 are valid coordinates; 1e-12 is a valid lat/lon too.
              return !(key === "lat" || key === "lon") || !(bad === -1 || bad === 1e-12);
            });
            const leaf = leaves[pick % Math.max(1, leaves.length)];
            if (leaf !== undefined) {
              const corrupted = setAt(input, leaf, bad);
              if (impl.acceptsAllocationInput(corrupted)) {
                throw new Error(`${name} accepted ${String(bad)} at ${JSON.stringify(leaf)}`);
              }
              // The reference must also name the exact path.
              const r = exact ? allocationInputSchema.safeParse(corrupted) : undefined;
              if (
                r !== undefined &&
                !r.success &&
                !r.error.issues.some((i) => samePath(i.path, leaf))
              ) {
                throw new Error(
                  `${String(bad)} at ${JSON.stringify(leaf)} rejected, but the error names ${JSON.stringify(r.error.issues.map((i) => i.path))}`,
                );
              }
            }
            const objects = objectPaths(input);
            const where = objects[pickObject % objects.length] ?? [];
            const target = getAt(input, where) as Record<string, unknown>;
            const extra = setAt(input, where, { ...target, surprise: 1 });
            if (impl.acceptsAllocationInput(extra)) {
              throw new Error(`${name} accepted an unknown key at ${JSON.stringify(where)}`);
            }
            const r2 = exact ? allocationInputSchema.safeParse(extra) : undefined;
            if (
              r2 !== undefined &&
              !r2.success &&
              !r2.error.issues.some(
                (i) => samePath(i.path, where) || samePath(i.path, [...where, "surprise"]),
              )
            ) {
              throw new Error(
                `unknown key at ${JSON.stringify(where)} rejected with paths ${JSON.stringify(r2.error.issues.map((i) => i.path))}`,
              );
            }
          },
        ),
    },
  ];
}
