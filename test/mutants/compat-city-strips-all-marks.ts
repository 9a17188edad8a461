// Compatibility whose city key removes every combining mark (\p{M}) instead of the block
// U+0300–U+036F: vowel signs of Indic scripts, Hebrew points, … are dropped too.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "compat-city-strips-all-marks",
  compat: textbookCompat({
    cityKey: (c) =>
      c
        .normalize("NFKC")
        .trim()
        .replace(/\s+/g, " ")
        .toLowerCase()
        .normalize("NFD")
        .replace(/\p{M}/gu, ""),
  }),
});
