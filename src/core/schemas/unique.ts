import type { z } from "zod";

/**
 * Adds an issue for every item whose key repeats an earlier one, at `[...path, index, field]`,
 * naming where the key was first used.
 */
export function uniqueBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: readonly (string | number)[],
  field: string,
  what: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      ctx.addIssue({
        code: "custom",
        message: `duplicate ${what} "${k}" (first at ${String(path[path.length - 1] ?? "")}[${first}])`,
        path: [...path, i, field],
      });
  });
}
