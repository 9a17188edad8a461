/**
 * Arithmetic kept as data in the claims catalogue, so that a design document's own figures can be
 * recomputed by a test: an expression is a number or `[operator, ...operands]`, e.g.
 * `["/", ["*", 400, 0.4, 300], 420]`.
 */
import type { Expr } from "./claims.js";

const NARY: Record<string, (xs: number[]) => number> = {
  "+": (xs) => xs.reduce((a, b) => a + b, 0),
  "*": (xs) => xs.reduce((a, b) => a * b, 1),
  min: (xs) => Math.min(...xs),
  max: (xs) => Math.max(...xs),
};
const UNARY: Record<string, (x: number) => number> = {
  log2: Math.log2,
  ln: Math.log,
  sqrt: Math.sqrt,
};

/** Evaluates an expression; throws on a wrong arity, an unknown operator or a non-finite result. */
export function evaluate(e: Expr): number {
  if (typeof e === "number") return e;
  const [op, ...args] = e;
  const xs = args.map(evaluate);
  let v: number;
  const nary = NARY[op];
  const unary = UNARY[op];
  if (nary !== undefined) {
    if (xs.length < 1) throw new Error(`${op} needs operands`);
    v = nary(xs);
  } else if (unary !== undefined) {
    if (xs.length !== 1) throw new Error(`${op} takes one operand`);
    v = unary(xs[0] as number);
  } else if (op === "-" || op === "/") {
    if (xs.length !== 2) throw new Error(`${op} takes two operands`);
    const [a, b] = xs as [number, number];
    v = op === "-" ? a - b : a / b;
  } else throw new Error(`unknown operator ${op}`);
  if (!Number.isFinite(v)) throw new Error(`${show(e)} is not finite`);
  return v;
}

const SYMBOL: Record<string, string> = { "*": " × ", "/": " / ", "+": " + ", "-": " − " };
const PRECEDENCE: Record<string, number> = { "+": 1, "-": 1, "*": 2, "/": 2 };

function precedence(e: Expr): number {
  return typeof e === "number" ? 3 : (PRECEDENCE[e[0]] ?? 3);
}

/** Infix text of an expression: `400 × 0.4 × 300 / 420`. */
export function show(e: Expr): string {
  if (typeof e === "number") return String(e);
  const [op, ...args] = e;
  const sym = SYMBOL[op];
  if (sym === undefined) return `${op}(${args.map(show).join(", ")})`;
  const p = precedence(e);
  return args
    .map((a, i) => {
      const q = precedence(a);
      const wrap = q < p || (i > 0 && q === p && (op === "-" || op === "/"));
      return wrap ? `(${show(a)})` : show(a);
    })
    .join(sym);
}

/** Whether `value` equals `expected` within `tolerance` (default: 0.5 % relative, as figures are rounded). */
export function agrees(value: number, expected: number, tolerance?: number): boolean {
  const tol = tolerance ?? 0.005 * Math.max(Math.abs(expected), 1e-12);
  return Math.abs(value - expected) <= tol;
}
