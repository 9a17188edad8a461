// Compatibility with the common rounded Earth radius 6371 km instead of the mean radius
// 6371.0088 km of SPEC.md §4.2: distances come out 1.4 ppm short.
import { defineImplementation } from "../../src/verify/implementation.js";
import { textbookCompat } from "./_textbook-compat.js";

export default defineImplementation({
  name: "compat-earth-radius-6371",
  compat: textbookCompat({ earthRadiusKm: 6371 }),
});
