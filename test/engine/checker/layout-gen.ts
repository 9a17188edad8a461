/** Random states of a layout and reachable states of a model, for the layout and packed-action tests. */
import fc from "fast-check";
import { canonicalText } from "../../../src/engine/checker/fingerprint.js";
import type { Layout } from "../../../src/engine/checker/layout.js";
import type { Model } from "../../../src/engine/checker/model.js";

/** Random values that fit a layout (opaque parts: small plain data). */
export function arbitraryOf(l: Layout): fc.Arbitrary<unknown> {
  switch (l.kind) {
    case "bool":
      return fc.boolean();
    case "int":
      return fc.integer({ min: l.min, max: l.max });
    case "enum":
      return fc.constantFrom(...l.values);
    case "record":
      return fc.record(
        Object.fromEntries(l.fields.map((f) => [f.name, arbitraryOf(f.layout)])),
      ) as fc.Arbitrary<unknown>;
    case "tuple":
      return fc.tuple(...l.items.map(arbitraryOf));
    case "seq":
      return fc.array(arbitraryOf(l.item), { maxLength: l.max });
    case "optional":
      return fc.option(arbitraryOf(l.inner), { nil: undefined });
    case "opaque":
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The reachable states of a small configuration (plain BFS over canonical texts). */
export function reachable<S>(model: Model<S, unknown>, config: unknown, limit: number): S[] {
  const seen = new Set<string>();
  const out: S[] = [];
  const queue = [...model.init(config)];
  for (let h = 0; h < queue.length && out.length < limit; h++) {
    const s = queue[h] as S;
    const t = canonicalText(s);
    if (seen.has(t)) continue;
    seen.add(t);
    out.push(s);
    if (model.constraint !== undefined && !model.constraint(s, config)) continue;
    for (const a of model.actions) queue.push(...a.next(s, config));
  }
  return out;
}
