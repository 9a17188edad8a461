// ITC leq with a fast path that skips input validation: it compares whatever trees it gets, so
// a non-normal stamp is compared instead of reported.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { plain } from "./_itc.js";

type E = number | { n: number; l: E; r: E };
const lift = (e: E, m: number): E => (typeof e === "number" ? e + m : { ...e, n: e.n + m });
const base = (e: E) => (typeof e === "number" ? e : e.n);
function leq(a: E, b: E): boolean {
  if (typeof a === "number") return a <= base(b);
  if (typeof b === "number") return a.n <= b && leq(lift(a.l, a.n), b) && leq(lift(a.r, a.n), b);
  return a.n <= b.n && leq(lift(a.l, a.n), lift(b.l, b.n)) && leq(lift(a.r, a.n), lift(b.r, b.n));
}

export default defineImplementation({
  name: "itc-leq-unvalidated",
  itc: { ...ref.itc, leq: (a, b) => leq(plain(a).event, plain(b).event) },
});
