// ITC decoder that ignores trailing garbage after a valid stamp.
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "itc-decode-lenient",
  itc: {
    ...ref.itc,
    decode: (bytes) => {
      for (let n = bytes.length; n > 0; n--) {
        try {
          return itc.decode(bytes.subarray(0, n));
        } catch {
          // try a shorter prefix
        }
      }
      return itc.decode(bytes);
    },
  },
});
