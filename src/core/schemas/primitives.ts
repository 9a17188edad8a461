import { z } from "zod";

/**
 * Identifiers (participant public keys, slot ids): 1–256 characters from a URL- and
 * base64-safe alphabet. Anything else (empty, whitespace, control characters) is rejected.
 */
export const ID_PATTERN = /^[A-Za-z0-9._:~+/=-]{1,256}$/;

export const idSchema = z
  .string()
  .regex(ID_PATTERN, "must be 1–256 characters of [A-Za-z0-9._:~+/=-]");

/**
 * Range of non-zero quantities and fractions (SPEC.md §1): below MIN_MAGNITUDE a value must be
 * written as 0, so that every product and quotient the allocation forms stays a normal double.
 */
export const MIN_MAGNITUDE = 1e-9;
export const MAX_QUANTITY = 1e15;

const notTiny = (v: number) => v === 0 || v >= MIN_MAGNITUDE;
const tinyMessage = `must be 0 or at least ${MIN_MAGNITUDE} (write smaller values as 0)`;

/** A quantity: finite, 0 or in [1e-9, 1e15] (zod 4 numbers already reject NaN and ±Infinity). */
export const quantitySchema = z
  .number()
  .nonnegative()
  .max(MAX_QUANTITY)
  .refine(notTiny, tinyMessage);

/** A fraction in [0, 1], 0 or at least 1e-9 (shares, mutual recognition, damping, confidence). */
export const fractionSchema = z.number().min(0).max(1).refine(notTiny, tinyMessage);

/** Milliseconds since the Unix epoch, a positive safe integer (commitment and history timestamps). */
export const epochMsSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Virtual or wall time in milliseconds, finite and non-negative (seed-000 message timestamps). */
export const timeSchema = z.number().nonnegative();

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an RFC 3339 instant with a mandatory UTC offset (`Z` or `±hh:mm`) to epoch milliseconds,
 * or returns a reason why it is not one. Local times without an offset are rejected: they are the
 * reason two peers in different time zones could disagree about a window (SPEC.md §Time windows).
 */
export function parseInstant(text: string): number | string {
  const m = INSTANT_RE.exec(text);
  if (m === null) {
    return "must be an RFC 3339 instant with an explicit offset, e.g. 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00";
  }
  const [, ys, mos, ds, hs, mis, ss, fs, zone, sign, ohs, oms] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  const ms = fs === undefined ? 0 : Number(fs.padEnd(3, "0"));
  if (month < 1 || month > 12) return `month ${mos} is out of range`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${ds} does not exist in ${ys}-${mos}`;
  if (hour > 23) return `hour ${hs} is out of range`;
  if (minute > 59) return `minute ${mis} is out of range`;
  if (second > 59) return `second ${ss ?? ""} is out of range`;
  let offsetMin = 0;
  if (zone !== "Z") {
    const oh = Number(ohs);
    const om = Number(oms);
    if (oh > 23 || om > 59) return `offset ${zone ?? ""} is out of range`;
    offsetMin = (sign === "-" ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime() - offsetMin * 60_000;
}

/** An RFC 3339 instant with offset; parsed values stay strings (their epoch value is derived). */
export const instantSchema = z.string().superRefine((s, ctx) => {
  const r = parseInstant(s);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
});
