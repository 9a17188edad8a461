// Validation that never checks that slot, need-slot and recipient ids are unique.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookValidation } from "./_textbook-validation.js";

export default defineImplementation({
  name: "validation-no-unique-ids",
  validation: textbookValidation({ uniqueIds: false }),
});
