/**
 * CSV in and out for the report: the audit's data files are read with vega's own loader (the
 * d3-dsv reader with type inference, empty cells → null) and every plotted series is written
 * back with the same quoting as the runners' files.
 */
import { read } from "vega";
import { round6 } from "../intervals.js";

export type Cell = string | number | boolean | null;
export type Row = Readonly<Record<string, Cell>>;

/**
 * The rows of a CSV text (numbers and booleans typed, empty cells null). With `types`, only the
 * named columns are typed and every other stays text: auto-typing reads a word such as
 * `constant:0.3` as a date.
 */
export function parseCsv(
  text: string,
  types?: Readonly<Record<string, "number" | "boolean" | "string">>,
): Row[] {
  return read(text, { type: "csv", parse: types ?? "auto" }) as Row[];
}

function cell(v: Cell | undefined): string {
  const s =
    v === null || v === undefined ? "" : typeof v === "number" ? String(round6(v)) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of `rows` with the given columns (in that order). */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n")}\n`;
}
