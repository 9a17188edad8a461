// Vector-clock encoder whose varint continues only while v > 128 (not ≥ 128): 128 is written as
// the single byte 0x80, which a decoder reads as "more bytes follow".
import * as vc from "../../src/core/vclock.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

function varint(v: number, out: number[]): void {
  while (v > 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

export default defineImplementation({
  name: "vclock-varint-boundary",
  vclock: {
    ...ref.vclock,
    encode: (clock) => {
      const entries = Object.entries(vc.validate(clock).ok ? clock : vc.empty())
        .filter(([, n]) => n !== 0)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const out: number[] = [];
      varint(entries.length, out);
      for (const [k, n] of entries) {
        varint(k.length, out);
        for (const ch of k) out.push(ch.charCodeAt(0));
        varint(n, out);
      }
      return Uint8Array.from(out);
    },
  },
});
