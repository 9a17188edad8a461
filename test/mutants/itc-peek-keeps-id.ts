// ITC peek that keeps the id, so messages carry identity and receivers end up sharing it.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "itc-peek-keeps-id",
  itc: { ...ref.itc, peek: (s) => s },
});
