// Validation that checks instants with `!isNaN(Date.parse(s))`: local times without an offset,
// 30 February and 24:00 pass.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookValidation } from "./_textbook-validation.js";

export default defineImplementation({
  name: "validation-date-parse",
  validation: textbookValidation({ instant: (s) => !Number.isNaN(Date.parse(s)) }),
});
