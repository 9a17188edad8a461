// Validation that lets the provider appear among its own recipients.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookValidation } from "./_textbook-validation.js";

export default defineImplementation({
  name: "validation-provider-own-recipient",
  validation: textbookValidation({ providerNotRecipient: false }),
});
