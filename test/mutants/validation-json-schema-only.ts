// Validation with the exported JSON Schema alone (ajv): what JSON Schema cannot express —
// unique ids, start < end, the provider not among its recipients, "0 or ≥ 1e-9", real dates —
// is not checked.
import Ajv2020 from "ajv/dist/2020.js";
import { jsonSchema } from "../../src/core/schemas/registry.js";
import { defineImplementation } from "../../src/verify/implementation.js";

const validate = new Ajv2020.default({ strict: false }).compile(jsonSchema("allocationInput"));

export default defineImplementation({
  name: "validation-json-schema-only",
  validation: { acceptsAllocationInput: (v) => validate(v) },
});
