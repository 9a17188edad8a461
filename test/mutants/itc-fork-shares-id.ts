// ITC fork that hands both halves the whole id.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "itc-fork-shares-id",
  itc: { ...ref.itc, fork: (s) => [s, s] as const },
});
