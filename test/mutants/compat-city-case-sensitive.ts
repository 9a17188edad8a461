// Compatibility whose city key forgets to lower-case: "Paris" and "PARIS" are two cities.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "compat-city-case-sensitive",
  compat: textbookCompat({
    cityKey: (c) =>
      c
        .normalize("NFKC")
        .trim()
        .replace(/\s+/g, " ")
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, ""),
  }),
});
