// Residual need whose net-of-others variant also subtracts the asking provider's own grant
// (it is the naive residual under another name).
import { residualNeed } from "../../src/core/residual.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "residual-net-counts-own",
  residual: {
    residualNeed: (need, received, provider) => residualNeed(need, received, provider, "naive"),
  },
});
