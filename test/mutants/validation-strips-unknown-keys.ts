// Validation with zod's default objects: unknown keys are silently stripped, not rejected, and
// the implementation does not declare it (see test/verify/fixtures/strips-declared.ts).
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookValidation } from "./_textbook-validation.js";

export default defineImplementation({
  name: "validation-strips-unknown-keys",
  validation: textbookValidation({ unknownKeys: "strip" }),
});
