/**
 * fast-check arbitraries for availability and need slots (schema-valid by construction).
 *
 * Instants sit on a grid of `stepMinutes` inside `spanDays` days from `baseMs`, so equal and
 * adjacent bounds ([9:00, 10:00) next to [10:00, 11:00)) are common; places come from a small
 * pool of cities (same-name cities in other countries, spelling variants, coordinates jittered
 * around the centre, a few near the poles and the antimeridian), so that random pairs are
 * compatible often but not always.
 *
 * `arbSlotPair` draws an availability slot and a need slot *together*, biased to the edges of
 * SPEC.md §4: windows that touch, overlap by 1 ms or miss by 1 ms (in any offsets, across
 * midnight, month and year ends, leap days and DST changes), circles that nearly touch or just
 * overlap, and city names that differ only by what §4.2 normalises (or by what it does not).
 */
import fc from "fast-check";
import type {
  AvailabilitySlot,
  Location,
  NeedSlot,
  TimeWindow,
} from "../../src/core/schemas/slots.js";

export interface Place {
  readonly country: string;
  /** Spellings of the city that normalizeCity maps to the same key (the first is canonical). */
  readonly cityVariants: readonly [string, ...string[]];
  readonly lat: number;
  readonly lon: number;
}

/** Default place pool: clustered in Europe, plus same-named cities and awkward geography. */
export const DEFAULT_PLACES: readonly Place[] = [
  {
    country: "CH",
    cityVariants: ["Zürich", "zurich", " ZÜRICH ", "Zu\u0308rich"],
    lat: 47.3769,
    lon: 8.5417,
  },
  { country: "CH", cityVariants: ["Genève", "geneve", "GENÈVE"], lat: 46.2044, lon: 6.1432 },
  { country: "FR", cityVariants: ["Paris", "paris", "  PARIS"], lat: 48.8566, lon: 2.3522 },
  { country: "US", cityVariants: ["Paris", "PARIS"], lat: 33.6609, lon: -95.5555 },
  { country: "FR", cityVariants: ["Lyon", "lyon"], lat: 45.764, lon: 4.8357 },
  {
    country: "DE",
    cityVariants: ["München", "münchen", "Mu\u0308nchen"],
    lat: 48.1351,
    lon: 11.582,
  },
  {
    country: "BR",
    cityVariants: ["São Paulo", "sao paulo", "Sao  Paulo", "SÃO PAULO"],
    lat: -23.5505,
    lon: -46.6333,
  },
  { country: "FJ", cityVariants: ["Suva", "suva"], lat: -18.1248, lon: 178.4501 },
  { country: "NZ", cityVariants: ["Chatham", "chatham"], lat: -43.9535, lon: -176.5597 },
  { country: "SJ", cityVariants: ["Longyearbyen", "LONGYEARBYEN"], lat: 78.2232, lon: 15.6267 },
  { country: "AQ", cityVariants: ["McMurdo", "mcmurdo"], lat: -77.846, lon: 166.676 },
  // 7 km from Genève across the border: coordinates and countries disagree (rule 3.1 vs 3.2).
  { country: "FR", cityVariants: ["Annemasse", "ANNEMASSE"], lat: 46.1934, lon: 6.2342 },
];

export interface SlotArbitraryOptions {
  /** Epoch ms of the first grid instant. Default 2026-03-01T00:00:00Z. */
  readonly baseMs?: number;
  /** Instants fall in [baseMs, baseMs + spanDays days). Default 14. */
  readonly spanDays?: number;
  /** Grid step of instants, minutes. Default 30. */
  readonly stepMinutes?: number;
  /** Place pool. Default DEFAULT_PLACES. */
  readonly places?: readonly Place[];
  /** Relative weights of location kinds. Default unknown 1, remote 1, in_person 5. */
  readonly locationWeights?: {
    readonly unknown?: number;
    readonly remote?: number;
    readonly inPerson?: number;
  };
  /** Relative weights of window shapes. Default none 1, {} 1, start only 1, end only 1, bounded 10. */
  readonly windowWeights?: {
    readonly none?: number;
    readonly empty?: number;
    readonly startOnly?: number;
    readonly endOnly?: number;
    readonly bounded?: number;
  };
  /**
   * Added to every instant drawn (ms). The allocation generator shifts need slots by 7 minutes
   * off the capacity slots' grid when an implementation declares touching windows out of its
   * domain, so that no need window touches a capacity window.
   */
  readonly instantShiftMs?: number;
  /** Weight of city names from `CITY_NAME_FAMILIES` against the place's own spellings (default 1 : 3). */
  readonly stressCityWeight?: number;
}

const DEFAULT_BASE_MS = Date.UTC(2026, 2, 1);
const MINUTE = 60_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * Formats epoch ms as an RFC 3339 instant in the given UTC offset (minutes, |offset| < 24h).
 * `zulu` writes a zero offset as `Z`; `millis` always writes the fraction; otherwise seconds
 * and fraction are written only when needed or when `seconds` is set.
 */
export function formatInstant(
  ms: number,
  offsetMinutes = 0,
  style: Partial<InstantStyle> = {},
): string {
  const local = new Date(ms + offsetMinutes * MINUTE);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  let time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  const s = local.getUTCSeconds();
  const f = local.getUTCMilliseconds();
  if (style.millis === true || f !== 0) {
    // As few fraction digits as the value and the style allow (1–3): ".5", ".25", ".125".
    const needed = f % 100 === 0 ? 1 : f % 10 === 0 ? 2 : 3;
    const digits = Math.max(needed, style.fractionDigits ?? 3);
    time += `:${pad(s)}.${pad(f, 3).slice(0, digits)}`;
  } else if (style.seconds === true || s !== 0) time += `:${pad(s)}`;
  let zone: string;
  if (offsetMinutes === 0 && style.zulu !== false)
    zone = style.negativeZero === true ? "-00:00" : "Z";
  else {
    const a = Math.abs(offsetMinutes);
    zone = `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
  }
  return `${date}T${time}${zone}`;
}

/** fc.oneof over the arbitraries of positive weight (at least one must have one). */
function weighted<T>(
  arbs: readonly { arbitrary: fc.Arbitrary<T>; weight: number }[],
): fc.Arbitrary<T> {
  const kept = arbs.filter((a) => a.weight > 0);
  if (kept.length === 0) throw new Error("every weight is 0");
  return fc.oneof(...kept);
}

/** A UTC offset in minutes, as parseInstant accepts them (up to ±23:59), often a real-world one. */
export const arbOffsetMinutes: fc.Arbitrary<number> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      0,
      60,
      120,
      -300,
      -480,
      330,
      345,
      540,
      600,
      780,
      840,
      -720,
      -210,
      23 * 60 + 59,
      -(23 * 60 + 59),
    ),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), weight: 1 },
);

export interface InstantStyle {
  /** A zero offset as `Z` (else `+00:00`, or `-00:00` with `negativeZero`). */
  readonly zulu: boolean;
  readonly seconds: boolean;
  readonly millis: boolean;
  /** Fraction digits when a fraction is written: at least this many of 1–3 (default 3). */
  readonly fractionDigits?: 1 | 2 | 3;
  /** A zero offset written `-00:00` instead of `Z` (RFC 3339's "unknown local offset"). */
  readonly negativeZero?: boolean;
}

/** How an instant is written (zone letter or ±00:00, seconds, 1–3 fraction digits); never changes its value. */
export const arbInstantStyle: fc.Arbitrary<InstantStyle> = fc.record({
  zulu: fc.boolean(),
  seconds: fc.boolean(),
  millis: fc.boolean(),
  fractionDigits: fc.constantFrom(1 as const, 2 as const, 3 as const),
  negativeZero: fc.boolean(),
});

/** An epoch-ms instant on the options' grid. */
export function arbInstantMs(options: SlotArbitraryOptions = {}): fc.Arbitrary<number> {
  const base = options.baseMs ?? DEFAULT_BASE_MS;
  const step = (options.stepMinutes ?? 30) * MINUTE;
  const steps = Math.max(1, Math.floor(((options.spanDays ?? 14) * 1440 * MINUTE) / step));
  const shift = options.instantShiftMs ?? 0;
  return fc.integer({ min: 0, max: steps - 1 }).map((k) => base + k * step + shift);
}

/** An RFC 3339 instant with an explicit, random offset. */
export function arbInstant(options: SlotArbitraryOptions = {}): fc.Arbitrary<string> {
  return fc
    .tuple(arbInstantMs(options), arbOffsetMinutes, arbInstantStyle)
    .map(([ms, off, style]) => formatInstant(ms, off, style));
}

/** Window durations: mostly hours, sometimes days, sometimes weeks (beyond index day buckets). */
function arbDurationMs(stepMinutes: number): fc.Arbitrary<number> {
  const step = stepMinutes * MINUTE;
  return fc.oneof(
    {
      arbitrary: fc
        .integer({ min: 1, max: Math.max(1, Math.round(360 / stepMinutes)) })
        .map((k) => k * step),
      weight: 8,
    },
    { arbitrary: fc.integer({ min: 1, max: 4 }).map((d) => d * 1440 * MINUTE - step), weight: 2 },
    { arbitrary: fc.integer({ min: 6, max: 40 }).map((d) => d * 1440 * MINUTE), weight: 1 },
  );
}

/** A window (no window is produced by the slot arbitraries through `undefined`). */
export function arbWindow(options: SlotArbitraryOptions = {}): fc.Arbitrary<TimeWindow> {
  const w = options.windowWeights ?? {};
  const inst = fc.tuple(arbInstantMs(options), arbOffsetMinutes, arbInstantStyle);
  const fmt = ([ms, off, style]: readonly [number, number, InstantStyle]): string =>
    formatInstant(ms, off, style);
  return weighted<TimeWindow>([
    { arbitrary: fc.constant({}), weight: w.empty ?? 1 },
    { arbitrary: inst.map((i) => ({ start: fmt(i) })), weight: w.startOnly ?? 1 },
    { arbitrary: inst.map((i) => ({ end: fmt(i) })), weight: w.endOnly ?? 1 },
    {
      arbitrary: fc
        .tuple(inst, arbDurationMs(options.stepMinutes ?? 30), arbOffsetMinutes, arbInstantStyle)
        .map(([s, dur, off, style]) => ({
          start: fmt(s),
          end: formatInstant(s[0] + dur, off, style),
        })),
      weight: w.bounded ?? 10,
    },
  ]);
}

/**
 * City names that stress §4.2's normalisation, in families. Names within a family are spelled
 * differently; whether two of them are one city is for the rule to say — some differ only by
 * what it normalises (compatibility forms, case, whitespace, marks of U+0300–U+036F), others by
 * what it keeps (ł, ß, ı, marks of other scripts, a missing space).
 */
export const CITY_NAME_FAMILIES: readonly (readonly string[])[] = [
  // compatibility forms (full width, NBSP, ideographic and thin spaces) and decomposed marks
  ["Zürich", "ZÜRICH", " zürich ", "Zu\u0308rich", "Ｚｕｒｉｃｈ", "Zürich\u00a0", "Zurich"],
  [
    "São Paulo",
    "Sao  Paulo",
    "SÃO\tPAULO",
    "Sa\u0303o Paulo",
    "São\u00a0Paulo",
    "São\u3000Paulo",
    "São\u2009Paulo",
    "SãoPaulo",
  ],
  ["ﬁrenze", "Firenze", "FIRENZE", "Fi renze"],
  ["ǅakovica", "Dzakovica", "DŽAKOVICA", "dz\u030cakovica", "ǆakovica"],
  ["ﾄｳｷｮｳ", "トウキョウ", "東京", "東京都"],
  // letters that are not marks, case mappings that are not one-to-one
  ["Łódź", "ŁÓDŹ", "Lodz", "łodz", "Łodz"],
  ["Straße", "STRASSE", "strasse", "straße"],
  ["İstanbul", "ISTANBUL", "istanbul", "ıstanbul", "Istanbul"],
  ["Αθήνα", "ΑΘΗΝΑ", "αθηνα", "Αθηνα", "ΑΘΉΝΑ"],
  ["Hà Nội", "Ha Noi", "HÀ NỘI", "Ha\u0300 No\u0323\u0302i", "Hanoi"],
  // marks outside U+0300–U+036F are kept
  ["मुंबई", "मुबई", "मुम्बई"],
  ["תֵּל אָבִיב", "תל אביב", "תֵל אָבִיב"],
  ["القَاهِرَة", "القاهرة"],
  // whitespace
  ["New York", "New  York", "New\tYork", " new york", "NEW\u00a0YORK", "New\u2009York", "NewYork"],
];

/** A city name from one of `CITY_NAME_FAMILIES`. */
export const arbStressCity: fc.Arbitrary<string> = fc
  .constantFrom(...CITY_NAME_FAMILIES)
  .chain((family) => fc.constantFrom(...family));

const RADII = [0, 1, 5, 10, 30, 80, 150, 2500] as const;

/** A location drawn from the place pool, with any subset of country/city/coordinates/radius. */
export function arbLocation(options: SlotArbitraryOptions = {}): fc.Arbitrary<Location> {
  const places = options.places ?? DEFAULT_PLACES;
  const w = options.locationWeights ?? {};
  const stress = options.stressCityWeight ?? 1;
  const inPerson = fc
    .record({
      place: fc.constantFrom(...places),
      variant: fc.nat(),
      stressCity: weighted<string | undefined>([
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: arbStressCity, weight: stress },
      ]),
      hasCountry: fc.boolean(),
      hasCity: fc.boolean(),
      hasCoords: fc.boolean(),
      dLat: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      dLon: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      radius: fc.option(fc.constantFrom(...RADII), { nil: undefined }),
    })
    .map(
      ({
        place,
        variant,
        stressCity,
        hasCountry,
        hasCity,
        hasCoords,
        dLat,
        dLon,
        radius,
      }): Location => {
        let lon = place.lon + dLon;
        if (lon > 180) lon -= 360;
        if (lon < -180) lon += 360;
        const lat = Math.max(-90, Math.min(90, place.lat + dLat));
        const city =
          stressCity ??
          place.cityVariants[variant % place.cityVariants.length] ??
          place.cityVariants[0];
        return {
          type: "in_person",
          ...(hasCountry ? { country: place.country } : {}),
          ...(hasCity ? { city } : {}),
          ...(hasCoords ? { coordinates: { lat, lon } } : {}),
          ...(radius !== undefined ? { radius_km: radius } : {}),
        };
      },
    );
  return weighted<Location>([
    { arbitrary: fc.constant({ type: "remote" as const }), weight: w.remote ?? 1 },
    { arbitrary: inPerson, weight: w.inPerson ?? 5 },
  ]);
}

function arbSlot(prefix: string, options: SlotArbitraryOptions): fc.Arbitrary<AvailabilitySlot> {
  const ww = options.windowWeights ?? {};
  const lw = options.locationWeights ?? {};
  const noWindow = ww.none ?? 1;
  const unknownLoc = lw.unknown ?? 1;
  return fc
    .record({
      id: fc.nat({ max: 1_000_000 }).map((n) => `${prefix}-${n}`),
      quantity: fc.integer({ min: 0, max: 100 }),
      window: weighted<TimeWindow | undefined>([
        { arbitrary: fc.constant(undefined), weight: noWindow },
        { arbitrary: arbWindow(options), weight: 13 },
      ]),
      location: weighted<Location | undefined>([
        { arbitrary: fc.constant(undefined), weight: unknownLoc },
        { arbitrary: arbLocation(options), weight: 6 },
      ]),
    })
    .map(({ id, quantity, window, location }) => ({
      id,
      quantity,
      ...(window !== undefined ? { window } : {}),
      ...(location !== undefined ? { location } : {}),
    }));
}

/** An availability slot (id `avail-n`). */
export function arbAvailabilitySlot(
  options: SlotArbitraryOptions = {},
): fc.Arbitrary<AvailabilitySlot> {
  return arbSlot("avail", options);
}

/** A need slot (id `need-n`). */
export function arbNeedSlot(options: SlotArbitraryOptions = {}): fc.Arbitrary<NeedSlot> {
  return arbSlot("need", options);
}
