// ITC encoder whose integer form puts n in B bits while n ≤ 2^B instead of n < 2^B: 4, 12, 28, …
// are written with one bit too few (Appendix A's encn boundary off by one).
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { plain } from "./_itc.js";

type E = number | { n: number; l: E; r: E };
type I = 0 | 1 | { l: I; r: I };

function encn(n: number, b: number): string {
  if (n <= 2 ** b) return "0" + (n % 2 ** b).toString(2).padStart(b, "0");
  return "1" + encn(n - 2 ** b, b + 1);
}
const int = (n: number) => "1" + encn(n, 2);
const id = (i: I): string =>
  i === 0
    ? "000"
    : i === 1
      ? "001"
      : i.l === 0
        ? "01" + id(i.r)
        : i.r === 0
          ? "10" + id(i.l)
          : "11" + id(i.l) + id(i.r);
function ev(e: E): string {
  if (typeof e === "number") return int(e);
  if (e.n === 0) {
    if (e.l === 0) return "000" + ev(e.r);
    if (e.r === 0) return "001" + ev(e.l);
    return "010" + ev(e.l) + ev(e.r);
  }
  if (e.l === 0) return "01100" + int(e.n) + ev(e.r);
  if (e.r === 0) return "01101" + int(e.n) + ev(e.l);
  return "0111" + int(e.n) + ev(e.l) + ev(e.r);
}

export default defineImplementation({
  name: "itc-encode-varint-boundary",
  itc: {
    ...ref.itc,
    encode: (s) => {
      ref.itc.peek(s); // validates: throws on a non-normal stamp
      const p = plain(s);
      const bits = id(p.id) + ev(p.event);
      const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, "0");
      return Uint8Array.from({ length: padded.length / 8 }, (_, k) =>
        parseInt(padded.slice(8 * k, 8 * k + 8), 2),
      );
    },
  },
});
