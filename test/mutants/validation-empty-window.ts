// Validation that accepts a window whose end equals its start (start ≤ end instead of <).
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookValidation } from "./_textbook-validation.js";

export default defineImplementation({
  name: "validation-empty-window",
  validation: textbookValidation({ emptyWindows: true }),
});
