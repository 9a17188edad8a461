/**
 * Instrumentation of an implementation under an isolated `verify` run: every adapter method is
 * wrapped so that the board shows which call is in progress, what a call throws is remembered
 * (to name the method that threw a non-Error), and a method that returns a Promise where a
 * value is expected is named. Breaches of the contract that the property might swallow (a
 * returned Promise, process.exit, a signal sent to the verify process) are recorded and fail
 * the case afterwards, whatever the property made of them.
 */
import { describeThrown } from "../../properties/property.js";
import type { Board } from "./board.js";
import type { Implementation } from "./implementation.js";

/** A breach of the adapter contract: its failure class and message. */
export interface Breach {
  readonly failureClass: string;
  readonly message: string;
}

export interface Instrumented {
  readonly impl: Implementation;
  /** The name of every wrapped method (e.g. `itc.join`), by board index. */
  readonly names: readonly string[];
  /** The innermost adapter call in progress, e.g. "itc.join", or undefined. */
  current(): string | undefined;
  /** The first breach since the last call, if any (and forgets it). */
  takeBreach(): Breach | undefined;
  /** Records a breach (used by the process guards). */
  breach(b: Breach): void;
  /** Forgets what the last call threw (at the start of each case). */
  resetCase(): void;
  /** A description of a thrown value naming the adapter method that threw it, when known. */
  describeError(e: unknown): string | undefined;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return false;
  try {
    return typeof (v as { then?: unknown }).then === "function";
  } catch {
    return false;
  }
}

function isError(v: unknown): boolean {
  try {
    return v instanceof Error;
  } catch {
    return false;
  }
}

function hasReadableMessage(e: unknown): boolean {
  try {
    String((e as Error).message);
    return true;
  } catch {
    return false;
  }
}

/** Every method name of an object: own and inherited (class instances), Object's excluded. */
function methodNames(obj: object): string[] {
  const names = new Set<string>();
  for (
    let o: object | null = obj;
    o !== null && o !== Object.prototype && o !== Function.prototype;
    o = Object.getPrototypeOf(o) as object | null
  ) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== "constructor") names.add(k);
  }
  return [...names];
}

/** Wraps the methods of `impl` (its parts and their sub-parts) for the board. */
export function instrument(impl: Implementation, board: Board): Instrumented {
  const names: string[] = [];
  const stack: number[] = [];
  let breach: Breach | undefined;
  let lastThrown: { name: string; value: unknown } | undefined;

  const wrapMethod = (name: string, fn: (...args: unknown[]) => unknown, self: object) => {
    const index = names.push(name) - 1;
    return function (this: unknown, ...args: unknown[]): unknown {
      const outermost = stack.length === 0;
      const previous = outermost ? -1 : (stack[stack.length - 1] ?? -1);
      stack.push(index);
      board.enterCall(index, outermost);
      let result: unknown;
      try {
        result = fn.apply(self, args);
      } catch (e) {
        lastThrown = { name, value: e };
        throw e;
      } finally {
        stack.pop();
        board.exitCall(previous, outermost);
      }
      if (isThenable(result)) {
        try {
          // It may reject later: that must not crash the worker as an unhandled rejection.
          (result as Promise<unknown>).then(undefined, () => undefined);
        } catch {
          // a thenable whose then throws: nothing to silence
        }
        const message = `${name} returned a Promise where a value is expected: adapter methods must return their result synchronously`;
        breach ??= { failureClass: `RETURNED-PROMISE:${name}`, message };
        throw new Error(message);
      }
      return result;
    };
  };

  const wrapPart = (obj: object, prefix: string, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of methodNames(obj)) {
      const v = (obj as Record<string, unknown>)[key];
      if (typeof v === "function")
        out[key] = wrapMethod(`${prefix}.${key}`, v as (...a: unknown[]) => unknown, obj);
      else if (v !== null && typeof v === "object" && !Array.isArray(v) && depth < 2)
        out[key] = wrapPart(v, `${prefix}.${key}`, depth + 1);
      else out[key] = v;
    }
    return out;
  };

  const wrapped: Record<string, unknown> = { name: impl.name };
  for (const [part, value] of Object.entries(impl)) {
    if (part === "name" || value === undefined) continue;
    wrapped[part] = value !== null && typeof value === "object" ? wrapPart(value, part, 1) : value;
  }

  return {
    impl: wrapped as unknown as Implementation,
    names,
    current: () => {
      const i = stack[stack.length - 1];
      return i === undefined ? undefined : names[i];
    },
    takeBreach: () => {
      const b = breach;
      breach = undefined;
      return b;
    },
    breach: (b) => {
      breach ??= b;
    },
    resetCase: () => {
      lastThrown = undefined;
      breach = undefined;
    },
    describeError: (e) => {
      if (lastThrown === undefined || !Object.is(lastThrown.value, e)) return undefined;
      // An Error keeps its own message (identical to an in-process run) unless unreadable:
      // then, as for a thrown non-Error, the message names the method that threw it.
      if (isError(e) && hasReadableMessage(e)) return undefined;
      return `${lastThrown.name} threw ${describeThrown(e).replace(/^a thrown value/, "a value")}`;
    },
  };
}
