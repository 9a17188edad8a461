// Compatibility that rejects different countries before looking at the coordinates, so two
// slots a few kilometres apart across a border never match.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "compat-country-before-coordinates",
  compat: textbookCompat({ countryFirst: true }),
});
