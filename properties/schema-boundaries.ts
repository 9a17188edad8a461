/**
 * Boundary classes of SCHEMA-1's generator (`arbSchemaTrial`): one class per case kind of
 * properties/schema-cases.ts — each rejection SPEC lists and each valid edge.
 */
import { boundaries, type BoundaryClass } from "./boundaries.js";
import { SCHEMA_CASES } from "./schema-cases.js";
import { arbSchemaTrial, type SchemaTrial } from "./schemas.js";

const classes: BoundaryClass<SchemaTrial>[] = SCHEMA_CASES.map((k) => ({
  name: k.name,
  spec: k.spec,
  minPer1000: 5,
  hit: (t: SchemaTrial) => t.case.cls === k.name,
}));

/** SCHEMA-1's generator and its boundary classes. */
export const SCHEMA_BOUNDARIES = boundaries<SchemaTrial>({
  generator: "arbSchemaTrial",
  suite: "schemas",
  ids: ["SCHEMA-1"],
  arbitrary: arbSchemaTrial(),
  classes,
});
