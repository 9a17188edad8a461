/**
 * Interval Tree Clocks (Almeida, Baquero, Fonte — OPODIS 2008). Import as a namespace:
 *
 *   import * as itc from "./core/itc/index.js";
 *   const [a, b] = itc.fork(itc.seed());
 *
 * Stamps are plain, deeply frozen JSON values `{ id, event }` in normal form. Every operation
 * checks its inputs (O(1) for stamps built here) and throws CoreError on misuse.
 */
export type { Ev, EvNode, Id, IdNode, Stamp } from "./types.js";
export { MAX_COUNTER } from "./types.js";
export {
  concurrent,
  equals,
  event,
  fork,
  join,
  leq,
  peek,
  receive,
  seed,
  send,
  sync,
} from "./ops.js";
export { bitLength, decode, encode, encodeBits } from "./encode.js";
export { parse, toString, type ParseOptions } from "./format.js";
export { isNormal, normalize, validate } from "./validate.js";
export { stampJsonSchema, stampSchema } from "./schema.js";
export { GROW_NODE_COST } from "./events.js";
