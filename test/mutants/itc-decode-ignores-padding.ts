// ITC decoder that clears the padding bits of the last byte before decoding, so a stamp with
// garbage in its padding is accepted (Appendix A pads with zeros; SPEC §8 rejects the rest).
import * as itc from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "itc-decode-ignores-padding",
  itc: {
    ...ref.itc,
    decode: (bytes) => {
      try {
        return itc.decode(bytes);
      } catch {
        // maybe the padding is dirty
      }
      for (let keep = 7; keep >= 0; keep--) {
        const b = bytes.slice();
        if (b.length > 0)
          b[b.length - 1] = (b[b.length - 1] as number) & ((0xff << (8 - keep)) & 0xff);
        try {
          return itc.decode(b);
        } catch {
          // fewer bits of the last byte are padding
        }
      }
      return itc.decode(bytes);
    },
  },
});
