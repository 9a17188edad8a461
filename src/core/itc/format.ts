/**
 * Text notation of the paper: a stamp is `(id, event)`, an id `0 | 1 | (l,r)`, an event
 * `n | (n,l,r)`. `toString` writes nodes without spaces and separates the stamp's two components
 * by ", " — e.g. `((1,0), (0,2,0))`, `(1, 0)`. `parse` accepts any whitespace between tokens.
 */
import { CoreError } from "../errors.js";
import { textOfArr } from "./compact.js";
import { builtArr } from "./nodes.js";
import type { Ev, Id, Stamp } from "./types.js";
import { convertStamp, requireStamp } from "./validate.js";

function idText(i: Id, out: string[]): void {
  const st: (Id | string)[] = [i];
  while (st.length > 0) {
    const x = st.pop() as Id | string;
    if (typeof x === "string") out.push(x);
    else if (typeof x === "number") out.push(x === 1 ? "1" : "0");
    else {
      out.push("(");
      st.push(")", x.r, ",", x.l);
    }
  }
}

function evText(e: Ev, out: string[]): void {
  const st: (Ev | string)[] = [e];
  while (st.length > 0) {
    const x = st.pop() as Ev | string;
    if (typeof x === "string") out.push(x);
    else if (typeof x === "number") out.push(String(x));
    else {
      out.push(`(${x.n},`);
      st.push(")", x.r, ",", x.l);
    }
  }
}

/** Paper notation, e.g. `((1,0), (0,2,0))`. Inverted by {@link parse}. */
export function toString(s: Stamp): string {
  const st = requireStamp(s, "toString");
  const out: string[] = ["("];
  idText(st.id, out);
  out.push(", ");
  const arr = builtArr(st);
  if (arr !== undefined) out.push(textOfArr(arr));
  else evText(st.event, out);
  out.push(")");
  return out.join("");
}

export interface ParseOptions {
  /** Accept trees that are not in normal form and normalise them (default: reject them). */
  readonly normalize?: boolean;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  fail(message: string, at = this.pos): never {
    throw new CoreError("ITC_MALFORMED", `parse: ${message} at position ${at}`, [at]);
  }
  ws(): void {
    const t = this.text;
    let p = this.pos;
    while (p < t.length) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13) p++;
      else break;
    }
    this.pos = p;
  }
  peek(): string {
    this.ws();
    return this.text.charAt(this.pos);
  }
  expect(ch: string): void {
    if (this.peek() !== ch) {
      this.fail(`expected "${ch}" but found ${this.found()}`);
    }
    this.pos++;
  }
  found(): string {
    return this.pos >= this.text.length
      ? "end of text"
      : JSON.stringify(this.text.charAt(this.pos));
  }
  nat(): number {
    this.ws();
    const t = this.text;
    const start = this.pos;
    let p = start;
    while (p < t.length && t.charCodeAt(p) >= 48 && t.charCodeAt(p) <= 57) p++;
    if (p === start) this.fail(`expected a natural number but found ${this.found()}`);
    if (p - start > 1 && t.charCodeAt(start) === 48) this.fail("leading zeros", start);
    const v = Number(t.slice(start, p));
    if (!Number.isSafeInteger(v)) this.fail("number exceeds Number.MAX_SAFE_INTEGER", start);
    this.pos = p;
    return v;
  }
}

interface RawId {
  l: unknown;
  r: unknown;
}
interface RawEv {
  n: number;
  l: unknown;
  r: unknown;
}

/** Parses one id or event tree (iteratively) into plain, unchecked objects. */
function tree(sc: Scanner, isEvent: boolean): unknown {
  // Open nodes: the raw object and how many children it has so far.
  const nodes: (RawId | RawEv)[] = [];
  const filled: number[] = [];
  for (;;) {
    let v: unknown;
    if (sc.peek() === "(") {
      sc.pos++;
      if (isEvent) {
        const n = sc.nat();
        sc.expect(",");
        nodes.push({ n, l: 0, r: 0 });
      } else nodes.push({ l: 0, r: 0 });
      filled.push(0);
      continue;
    }
    if (isEvent) v = sc.nat();
    else {
      const c = sc.peek();
      if (c !== "0" && c !== "1") sc.fail(`expected 0, 1 or "(" but found ${sc.found()}`);
      sc.pos++;
      const next = sc.text.charCodeAt(sc.pos);
      if (next >= 48 && next <= 57) sc.fail("an id leaf is 0 or 1", sc.pos - 1);
      v = c === "1" ? 1 : 0;
    }
    for (;;) {
      const k = nodes.length - 1;
      if (k < 0) return v;
      const node = nodes[k] as RawId | RawEv;
      if (filled[k] === 0) {
        node.l = v;
        filled[k] = 1;
        sc.expect(",");
        break;
      }
      node.r = v;
      sc.expect(")");
      nodes.pop();
      filled.pop();
      v = node;
    }
  }
}

/**
 * Parses the notation written by {@link toString}. Throws CoreError ITC_MALFORMED on bad text
 * (the message and `path[0]` give the character position) and ITC_NOT_NORMAL (with the tree path)
 * for trees that are not in normal form, unless `options.normalize`.
 */
export function parse(text: string, options: ParseOptions = {}): Stamp {
  if (typeof text !== "string") {
    throw new CoreError("ITC_MALFORMED", "parse: expected a string");
  }
  const sc = new Scanner(text);
  sc.expect("(");
  const id = tree(sc, false);
  sc.expect(",");
  const event = tree(sc, true);
  sc.expect(")");
  sc.ws();
  if (sc.pos !== text.length) sc.fail(`unexpected ${sc.found()} after the stamp`);
  return convertStamp({ id, event }, options.normalize === true);
}
