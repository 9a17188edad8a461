/** Shared by the V2 mutants: the reference V2 node with some of its options changed. */
import { v2Init, type V2Options } from "../../src/core/protocols/v2-node.js";
import type { V2NodeConfig } from "../../properties/under-test.js";

export const v2InitWith = (options: Partial<V2Options>) => (c: V2NodeConfig) =>
  v2Init({
    spec: c.spec,
    stamp: c.stamp,
    ...(c.sponsor !== undefined ? { sponsor: c.sponsor } : {}),
    options: { epochMs: c.epochMs, ...options },
  });
