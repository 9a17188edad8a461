/**
 * SCHEMA-1's cases: every rejection SPEC.md §1, §4.1, §5.1, §10 and §14 lists for an
 * allocation input, one named class each, and valid inputs at the edges of what they allow.
 * Each case rewrites a generated valid input; the rewrite builds whatever it needs (a window,
 * a recipient, a need slot) so every class applies to every input.
 */
import type { AllocationInput } from "../src/core/schemas/allocation.js";

export type Path = (string | number)[];
type Json = Record<string, unknown>;

/** One rewritten input and, for a rejection, the path the reference's error must name. */
export interface SchemaCase {
  readonly cls: string;
  readonly expect: "reject" | "accept";
  readonly value: unknown;
  /** Rejections: the field the error is about (an issue at it, or inside it, counts). */
  readonly path?: Path;
}

/** A rewrite of a valid input, given a number to pick a place with. */
interface CaseKind {
  readonly name: string;
  /** Where SPEC states it. */
  readonly spec: string;
  readonly expect: "reject" | "accept";
  /** Unknown-key classes, skipped when an implementation declares it strips unknown keys. */
  readonly unknownKey?: boolean;
  readonly make: (input: AllocationInput, pick: number) => { value: unknown; path?: Path };
}

const clone = <T>(v: T): T => structuredClone(v);

/** The input with at least one capacity slot and one recipient with a need slot (appended if missing). */
function furnished(input: AllocationInput): Json {
  const v = clone(input) as unknown as Json;
  const provider = v["provider"] as Json;
  const slots = provider["capacity_slots"] as Json[];
  if (slots.length === 0) slots.push({ id: "a-extra", quantity: 1 });
  const recipients = v["recipients"] as Json[];
  if (!recipients.some((r) => (r["need_slots"] as unknown[]).length > 0))
    recipients.push({
      pubKey: "r-extra",
      need_slots: [{ id: "n-extra", quantity: 1 }],
      mr: 0.5,
      share: 0.5,
    });
  return v;
}

/** Every slot of the input (capacity and need) with its path. */
function slotPaths(v: Json): Path[] {
  const out: Path[] = [];
  ((v["provider"] as Json)["capacity_slots"] as unknown[]).forEach((_, i) =>
    out.push(["provider", "capacity_slots", i]),
  );
  (v["recipients"] as Json[]).forEach((r, i) =>
    (r["need_slots"] as unknown[]).forEach((_, j) => out.push(["recipients", i, "need_slots", j])),
  );
  return out;
}

function at(root: unknown, path: Path): Json {
  let cur = root;
  for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
  return cur as Json;
}

/** A slot (picked), given a bounded window if it has none. */
function slotWithWindow(v: Json, pick: number): Path {
  const paths = slotPaths(v);
  const p = paths[pick % paths.length] as Path;
  const s = at(v, p);
  if (s["window"] === undefined || (s["window"] as Json)["start"] === undefined)
    s["window"] = { start: "2026-03-01T09:00:00Z", end: "2026-03-01T10:00:00Z" };
  return p;
}

/** A picked recipient with a need slot. */
function recipientWithNeed(v: Json, pick: number): number {
  const rs = (v["recipients"] as Json[])
    .map((r, i) => [r, i] as const)
    .filter(([r]) => (r["need_slots"] as unknown[]).length > 0);
  return (rs[pick % rs.length] as readonly [Json, number])[1];
}

/** Sets the start of a picked slot's window to `text` (rejections of §4.1 instants). */
function instant(name: string, text: string, spec = "§4.1"): CaseKind {
  return {
    name,
    spec,
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotWithWindow(v, pick);
      const w = at(v, [...p, "window"]);
      w["start"] = text;
      delete w["end"];
      return { value: v, path: [...p, "window", "start"] };
    },
  };
}

/** Sets the start of a picked slot's window to one of the valid `texts` (acceptance at the edges of §4.1). */
function validInstant(name: string, texts: readonly string[]): CaseKind {
  return {
    name,
    spec: "§4.1",
    expect: "accept",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotWithWindow(v, pick);
      const w = at(v, [...p, "window"]);
      w["start"] = texts[(pick >> 3) % texts.length];
      delete w["end"];
      return { value: v };
    },
  };
}

type NumberField =
  | ["capacity quantity"]
  | ["need quantity"]
  | ["radius"]
  | ["mr"]
  | ["share"]
  | ["damping"]
  | ["lat"]
  | ["lon"];

/** Where a number of the given kind lives in a furnished input (created if needed). */
function numberAt(v: Json, kind: NumberField[0], pick: number): Path {
  const recipients = v["recipients"] as Json[];
  const r = recipientWithNeed(v, pick);
  switch (kind) {
    case "capacity quantity": {
      const n = ((v["provider"] as Json)["capacity_slots"] as unknown[]).length;
      return ["provider", "capacity_slots", pick % n, "quantity"];
    }
    case "need quantity":
      return ["recipients", r, "need_slots", 0, "quantity"];
    case "mr":
      return ["recipients", pick % recipients.length, "mr"];
    case "share":
      return ["recipients", pick % recipients.length, "share"];
    case "damping":
      return ["recipients", pick % recipients.length, "damping_factor"];
    case "radius":
    case "lat":
    case "lon": {
      const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
      const s = at(v, p);
      s["location"] = { type: "in_person", coordinates: { lat: 10, lon: 20 }, radius_km: 1 };
      return kind === "radius"
        ? [...p, "location", "radius_km"]
        : [...p, "location", "coordinates", kind];
    }
  }
}

/** Writes one of `bad` into a number field of one of the `fields` kinds. */
function badNumber(
  name: string,
  spec: string,
  fields: readonly NumberField[0][],
  bad: readonly unknown[],
): CaseKind {
  return {
    name,
    spec,
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = numberAt(v, fields[pick % fields.length] as NumberField[0], pick >> 3);
      const parent = at(v, p.slice(0, -1));
      parent[p[p.length - 1] as string] = bad[(pick >> 6) % bad.length];
      return { value: v, path: p };
    },
  };
}

function goodNumber(
  name: string,
  fields: readonly NumberField[0][],
  good: readonly number[] | ((field: NumberField[0]) => readonly number[]),
): CaseKind {
  return {
    name,
    spec: "§1",
    expect: "accept",
    make: (input, pick) => {
      const v = furnished(input);
      const field = fields[pick % fields.length] as NumberField[0];
      const values = typeof good === "function" ? good(field) : good;
      const p = numberAt(v, field, pick >> 3);
      at(v, p.slice(0, -1))[p[p.length - 1] as string] = values[(pick >> 6) % values.length];
      return { value: v };
    },
  };
}

type IdField = "provider" | "capacity slot" | "recipient" | "need slot";

function idAt(v: Json, which: IdField, pick: number): Path {
  const r = recipientWithNeed(v, pick);
  switch (which) {
    case "provider":
      return ["provider", "pubKey"];
    case "capacity slot":
      return ["provider", "capacity_slots", 0, "id"];
    case "recipient":
      return ["recipients", r, "pubKey"];
    case "need slot":
      return ["recipients", r, "need_slots", 0, "id"];
  }
}

const ID_FIELDS: readonly IdField[] = ["provider", "capacity slot", "recipient", "need slot"];

function badId(name: string, ids: readonly string[]): CaseKind {
  return {
    name,
    spec: "§1 (ids)",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = idAt(v, ID_FIELDS[pick % 4] as IdField, pick >> 2);
      at(v, p.slice(0, -1))[p[p.length - 1] as string] = ids[(pick >> 4) % ids.length];
      return { value: v, path: p };
    },
  };
}

/** Adds an unknown key to the object at a path chosen by `where`. */
function unknownKey(name: string, where: (v: Json, pick: number) => Path): CaseKind {
  return {
    name,
    spec: "§1 (strict objects)",
    expect: "reject",
    unknownKey: true,
    make: (input, pick) => {
      const v = furnished(input);
      const p = where(v, pick);
      const keys = ["surprise", "note", "__proto_", "Quantity", "extra"];
      at(v, p)[keys[pick % keys.length] as string] = pick % 2 === 0 ? 1 : "x";
      return { value: v, path: p };
    },
  };
}

const POWER = 2 ** 16;
const ALLOWED_SYMBOLS = "Az09._:~+/=-";

/** Every case kind of SCHEMA-1, in SPEC order. */
export const SCHEMA_CASES: readonly CaseKind[] = [
  // §4.1 instants
  instant("local time without offset", "2026-03-01T09:00:00"),
  instant("date without time", "2026-03-01"),
  instant("space instead of T", "2026-03-01 09:00:00Z"),
  instant("30 February", "2026-02-30T10:00:00Z"),
  instant("29 February of a common year", "2100-02-29T10:00:00Z"),
  instant("31 April", "2026-04-31T10:00:00+02:00"),
  instant("month 13", "2026-13-01T10:00:00Z"),
  instant("hour 24", "2026-03-01T24:00:00Z"),
  instant("minute 60", "2026-03-01T10:60:00Z"),
  instant("leap second", "2016-12-31T23:59:60Z"),
  instant("offset beyond ±23:59", "2026-03-01T10:00:00+24:00"),
  instant("offset minutes beyond 59", "2026-03-01T10:00:00-01:60"),
  instant("sub-millisecond precision", "2026-03-01T10:00:00.0001Z"),
  {
    name: "start = end",
    spec: "§4.1",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotWithWindow(v, pick);
      // The same instant written in two offsets.
      at(v, p)["window"] = { start: "2026-03-01T10:00:00+01:00", end: "2026-03-01T09:00Z" };
      return { value: v, path: [...p, "window", "end"] };
    },
  },
  {
    name: "start after end",
    spec: "§4.1",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotWithWindow(v, pick);
      at(v, p)["window"] = { start: "2026-03-01T10:00:00.001Z", end: "2026-03-01T10:00:00Z" };
      return { value: v, path: [...p, "window", "end"] };
    },
  },
  // §1 ids
  badId("empty id", [""]),
  badId("id of 257 characters", ["x".repeat(257)]),
  badId("id with a forbidden character", ["a b", "zürich", "a\nb", "a#b", "\u200b", "a,b"]),
  // §14 duplicates and self-reference
  {
    name: "duplicate capacity slot id",
    spec: "§1, §14",
    expect: "reject",
    make: (input) => {
      const v = furnished(input);
      const slots = (v["provider"] as Json)["capacity_slots"] as Json[];
      slots.push({ ...clone(slots[0] as Json), quantity: 2 });
      return { value: v, path: ["provider", "capacity_slots", slots.length - 1, "id"] };
    },
  },
  {
    name: "duplicate need slot id in one recipient",
    spec: "§1, §14",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const r = recipientWithNeed(v, pick);
      const needs = at(v, ["recipients", r])["need_slots"] as Json[];
      needs.push({ ...clone(needs[0] as Json), quantity: 3 });
      return { value: v, path: ["recipients", r, "need_slots", needs.length - 1, "id"] };
    },
  },
  {
    name: "duplicate recipient",
    spec: "§14",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const rs = v["recipients"] as Json[];
      rs.push({ ...clone(rs[pick % rs.length] as Json), mr: 0, share: 0.25 });
      return { value: v, path: ["recipients", rs.length - 1, "pubKey"] };
    },
  },
  {
    name: "provider listed as its own recipient",
    spec: "§14",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const rs = v["recipients"] as Json[];
      const i = pick % rs.length;
      (rs[i] as Json)["pubKey"] = (v["provider"] as Json)["pubKey"];
      return { value: v, path: ["recipients", i, "pubKey"] };
    },
  },
  // §1 enums
  {
    name: "unknown location type",
    spec: "§1, §4.2",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
      const types = ["hybrid", "online", "Remote", "in-person", ""];
      at(v, p)["location"] = { type: types[(pick >> 3) % types.length] };
      return { value: v, path: [...p, "location", "type"] };
    },
  },
  // §1 numbers
  badNumber(
    "NaN",
    "§1",
    ["capacity quantity", "need quantity", "radius", "mr", "share", "damping", "lat", "lon"],
    [Number.NaN],
  ),
  badNumber(
    "infinite number",
    "§1",
    ["capacity quantity", "need quantity", "radius", "mr", "share", "damping", "lat", "lon"],
    [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  ),
  badNumber(
    "negative quantity",
    "§1",
    ["capacity quantity", "need quantity", "radius"],
    [-1, -1e-9, -1e15],
  ),
  badNumber("negative fraction", "§1", ["mr", "share", "damping"], [-1, -1e-9, -0.5]),
  badNumber(
    "quantity between 0 and 1e-9",
    "§1",
    ["capacity quantity", "need quantity", "radius", "mr", "share", "damping"],
    [1e-12, 5e-324, 9.99e-10],
  ),
  badNumber(
    "quantity above 1e15",
    "§1",
    ["capacity quantity", "need quantity", "radius"],
    [1e15 + 0.125, 1e16, 1.7976931348623157e308],
  ),
  badNumber("fraction above 1", "§1", ["mr", "share", "damping"], [1 + 2 ** -52, 2, 100]),
  badNumber("latitude beyond ±90", "§4.2", ["lat"], [90.000001, -91, 180]),
  badNumber("longitude beyond ±180", "§4.2", ["lon"], [180.000001, -181, 360]),
  badNumber(
    "number written as a string",
    "§1",
    ["capacity quantity", "need quantity", "mr", "share", "damping", "lat"],
    ["7", "0.5", "1e3", ""],
  ),
  badNumber(
    "null for a number",
    "§1",
    ["capacity quantity", "need quantity", "mr", "share", "lon"],
    [null],
  ),
  // §4.2 location fields
  {
    name: "country not an ISO alpha-2 code",
    spec: "§4.2",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
      const codes = ["fr", "FRA", "F1", "", "Ch"];
      at(v, p)["location"] = { type: "in_person", country: codes[(pick >> 3) % codes.length] };
      return { value: v, path: [...p, "location", "country"] };
    },
  },
  {
    name: "empty or blank city",
    spec: "§4.2",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
      const cities = ["", " ", "\t\n", "\u00a0"];
      at(v, p)["location"] = { type: "in_person", city: cities[(pick >> 3) % cities.length] };
      return { value: v, path: [...p, "location", "city"] };
    },
  },
  {
    name: "city longer than 200 characters",
    spec: "§4.2",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
      at(v, p)["location"] = { type: "in_person", city: "Z".repeat(201) };
      return { value: v, path: [...p, "location", "city"] };
    },
  },
  // shape
  {
    name: "missing required field",
    spec: "§2, §5.1",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const r = recipientWithNeed(v, pick);
      const places: Path[] = [
        ["provider", "pubKey"],
        ["provider", "capacity_slots"],
        ["provider", "capacity_slots", 0, "id"],
        ["provider", "capacity_slots", 0, "quantity"],
        ["recipients", r, "pubKey"],
        ["recipients", r, "need_slots"],
        ["recipients", r, "mr"],
        ["recipients", r, "share"],
        ["recipients", r, "need_slots", 0, "quantity"],
        ["recipients"],
        ["provider"],
      ];
      const p = places[(pick >> 3) % places.length] as Path;
      delete at(v, p.slice(0, -1))[p[p.length - 1] as string];
      return { value: v, path: p };
    },
  },
  {
    name: "wrong type for a list or object",
    spec: "§5.1",
    expect: "reject",
    make: (input, pick) => {
      const v = furnished(input);
      const r = recipientWithNeed(v, pick);
      const places: [Path, unknown][] = [
        [["provider", "capacity_slots"], {}],
        [["recipients"], { r0: {} }],
        [["recipients", r, "need_slots"], "n0"],
        [["provider"], []],
        [["recipients", r, "need_slots", 0, "window"], "2026-03-01T09:00Z/2026-03-01T10:00Z"],
        [["recipients", r, "need_slots", 0, "location"], "remote"],
      ];
      const [p, x] = places[(pick >> 3) % places.length] as [Path, unknown];
      at(v, p.slice(0, -1))[p[p.length - 1] as string] = x;
      return { value: v, path: p };
    },
  },
  // §1 strict objects: an unknown key at every nesting level
  unknownKey("unknown key at the top level", () => []),
  unknownKey("unknown key in the provider", () => ["provider"]),
  unknownKey("unknown key in a capacity slot", (v, pick) => {
    const n = ((v["provider"] as Json)["capacity_slots"] as unknown[]).length;
    return ["provider", "capacity_slots", pick % n];
  }),
  unknownKey("unknown key in a recipient", (v, pick) => ["recipients", recipientWithNeed(v, pick)]),
  unknownKey("unknown key in a need slot", (v, pick) => [
    "recipients",
    recipientWithNeed(v, pick),
    "need_slots",
    0,
  ]),
  unknownKey("unknown key in a window", (v, pick) => [...slotWithWindow(v, pick), "window"]),
  unknownKey("unknown key in an in-person location", (v, pick) => {
    const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
    at(v, p)["location"] = {
      type: "in_person",
      city: "Lyon",
      coordinates: { lat: 45.76, lon: 4.84 },
    };
    return [...p, "location"];
  }),
  unknownKey("unknown key in a remote location", (v, pick) => {
    const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
    at(v, p)["location"] = { type: "remote" };
    return [...p, "location"];
  }),
  unknownKey("unknown key in coordinates", (v, pick) => {
    const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
    at(v, p)["location"] = { type: "in_person", coordinates: { lat: -33.87, lon: 151.21 } };
    return [...p, "location", "coordinates"];
  }),
  // Acceptance at the edges
  goodNumber(
    "valid: quantity 0, 1e-9 or 1e15",
    ["capacity quantity", "need quantity", "radius"],
    [0, 1e-9, 1e15],
  ),
  goodNumber("valid: fraction 0, 1e-9 or 1", ["mr", "share", "damping"], [0, 1e-9, 1]),
  goodNumber("valid: latitude ±90, longitude ±180", ["lat", "lon"], (f) =>
    f === "lat" ? [90, -90] : [180, -180],
  ),
  {
    name: "valid: ids of 1 and 256 characters, every allowed symbol",
    spec: "§1 (ids)",
    expect: "accept",
    make: (input, pick) => {
      const v = furnished(input);
      const ids = ["q", "y".repeat(256), ALLOWED_SYMBOLS, "=+/~:.-_"];
      const p = idAt(v, ID_FIELDS[pick % 4] as IdField, pick >> 2);
      at(v, p.slice(0, -1))[p[p.length - 1] as string] = ids[(pick >> 4) % ids.length];
      return { value: v };
    },
  },
  validInstant("valid: offsets Z, ±00:00 and ±23:59", [
    "2026-03-01T09:00:00-00:00",
    "2026-03-01T09:00:00+00:00",
    "2026-03-01T09:00:00+23:59",
    "2026-03-01T09:00:00-23:59",
  ]),
  validInstant("valid: no seconds, 1–3 fraction digits", [
    "2026-03-01T09:00Z",
    "2026-03-01T09:00:00.5Z",
    "2026-03-01T09:00:00.25+01:00",
    "2026-03-01T09:00:00.125-05:00",
  ]),
  validInstant("valid: 29 February of a leap year", [
    "2000-02-29T23:59:59.999-12:00",
    "2028-02-29T00:00:00Z",
  ]),
  validInstant("valid: years 0001 and 9999", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"]),
  {
    name: "valid: window with one bound or none",
    spec: "§4.1",
    expect: "accept",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotWithWindow(v, pick);
      const ws = [{ start: "0001-01-01T00:00Z" }, { end: "2026-03-01T09:00+05:45" }, {}];
      at(v, p)["window"] = ws[(pick >> 3) % ws.length];
      return { value: v };
    },
  },
  {
    name: "valid: city with spaces and marks, radius omitted",
    spec: "§4.2",
    expect: "accept",
    make: (input, pick) => {
      const v = furnished(input);
      const p = slotPaths(v)[pick % slotPaths(v).length] as Path;
      const cities = [" São  Paulo ", "Ｚｕｒｉｃｈ", "Z".repeat(200), "東京"];
      at(v, p)["location"] = {
        type: "in_person",
        country: "BR",
        city: cities[(pick >> 3) % cities.length],
      };
      return { value: v };
    },
  },
  {
    name: "valid: damping omitted, no recipients, empty lists",
    spec: "§2, §5.1",
    expect: "accept",
    make: (input, pick) => {
      const v = furnished(input);
      const rs = v["recipients"] as Json[];
      const k = (pick >> 3) % 4;
      if (k === 0) delete (rs[pick % rs.length] as Json)["damping_factor"];
      else if (k === 1) v["recipients"] = [];
      else if (k === 2) (v["provider"] as Json)["capacity_slots"] = [];
      else (rs[pick % rs.length] as Json)["need_slots"] = [];
      return { value: v };
    },
  },
  {
    name: "valid: same id in other lists",
    spec: "§1 (ids)",
    expect: "accept",
    make: (input) => {
      const v = furnished(input);
      const slots = (v["provider"] as Json)["capacity_slots"] as Json[];
      const id = (slots[0] as Json)["id"];
      // A need slot and another recipient's need slot may reuse a capacity slot's id; a
      // recipient may be named like a slot.
      (v["recipients"] as Json[]).push(
        { pubKey: "twin-a", need_slots: [{ id, quantity: 1 }], mr: 0, share: 0 },
        { pubKey: String(id), need_slots: [{ id, quantity: 2 }], mr: 0.1, share: 0 },
      );
      return { value: v };
    },
  },
];

/** The case kinds an implementation is checked against (unknown-key classes dropped when it strips them). */
export function schemaCaseKinds(stripsUnknownKeys: boolean): readonly CaseKind[] {
  return stripsUnknownKeys ? SCHEMA_CASES.filter((k) => k.unknownKey !== true) : SCHEMA_CASES;
}

/** Builds one case of kind `kind` from a valid input. */
export function schemaCase(kind: CaseKind, input: AllocationInput, pick: number): SchemaCase {
  const { value, path } = kind.make(input, pick % POWER);
  return { cls: kind.name, expect: kind.expect, value, ...(path !== undefined ? { path } : {}) };
}

export type { CaseKind as SchemaCaseKind };
