// Compatibility whose city key decomposes and strips accents but skips the compatibility
// normalisation (NFKC): full-width letters, ligatures and no-break spaces stay distinct.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "compat-city-no-nfkc",
  compat: textbookCompat({
    cityKey: (c) =>
      c
        .trim()
        .replace(/ +/g, " ")
        .toLowerCase()
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, ""),
  }),
});
