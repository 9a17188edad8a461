/**
 * Boundary classes of the compat suite's pair generator (`arbSlotPair`, SPEC.md §4): what a
 * pair must be for an edge of §4.1 or §4.2 to be exercised, measured on generated pairs.
 */
import type { AvailabilitySlot, NeedSlot, Slot } from "../src/core/schemas/slots.js";
import { arbSlotPair } from "./arbitraries/slot-edges.js";
import { DST_CHANGES } from "./arbitraries/slot-edges.js";
import { boundaries, type BoundaryClass } from "./boundaries.js";
import { oracleCityKey, oracleDistanceKm, oracleInstantMs, specVerdict } from "./compat-oracle.js";

type Pair = [AvailabilitySlot, NeedSlot];

const bounds = (s: Slot): string[] =>
  [s.window?.start, s.window?.end].filter((x): x is string => x !== undefined);
const allBounds = ([a, b]: Pair) => [...bounds(a), ...bounds(b)];
const ms = (t: string) => oracleInstantMs(t);

const DAY = 86_400_000;

/** The offset of an instant as written, in minutes. */
function offsetOf(t: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(t);
  if (m === null) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The local date-time as written, without the offset. */
const wallClock = (t: string) => t.replace(/(Z|[+-]\d{2}:\d{2})$/, "");

function windowGap([a, b]: Pair): number | undefined {
  const s = (x: Slot) => (x.window?.start === undefined ? -Infinity : ms(x.window.start));
  const e = (x: Slot) => (x.window?.end === undefined ? Infinity : ms(x.window.end));
  // Positive: they miss by that much; negative: they overlap by that much.
  const overlap = Math.min(e(a), e(b)) - Math.max(s(a), s(b));
  return Number.isFinite(overlap) ? -overlap : undefined;
}

function inPerson(s: Slot) {
  return s.location?.type === "in_person" ? s.location : undefined;
}

function reachSlack([a, b]: Pair): number | undefined {
  const la = inPerson(a);
  const lb = inPerson(b);
  if (la?.coordinates === undefined || lb?.coordinates === undefined) return undefined;
  return (
    (la.radius_km ?? 0) + (lb.radius_km ?? 0) - oracleDistanceKm(la.coordinates, lb.coordinates)
  );
}

/** A name key that forgets what §4.2 keeps: every mark, ł/ß/ı, spaces. */
const looseKey = (c: string) =>
  c
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ł/g, "l")
    .replace(/ß/g, "ss")
    .replace(/ı/g, "i")
    .replace(/ς/g, "σ")
    .replace(/\s+/gu, "");

function cities([a, b]: Pair): [string, string] | undefined {
  const ca = inPerson(a)?.city;
  const cb = inPerson(b)?.city;
  return ca === undefined || cb === undefined ? undefined : [ca, cb];
}

const cityNames = ([a, b]: Pair) =>
  [inPerson(a)?.city, inPerson(b)?.city].filter((x): x is string => x !== undefined);

const classes: BoundaryClass<Pair>[] = [
  {
    name: "windows that touch",
    spec: "§4.1",
    minPer1000: 40,
    hit: (p) => specVerdict(p[0], p[1]).time.rule === "touching",
  },
  {
    name: "windows overlapping by 1 ms",
    spec: "§4.1",
    hit: (p) => windowGap(p) === -1,
  },
  {
    name: "windows 1 ms apart",
    spec: "§4.1",
    hit: (p) => windowGap(p) === 1,
  },
  {
    name: "a half-unbounded window",
    spec: "§4.1",
    minPer1000: 20,
    hit: ([a, b]) => [a, b].some((s) => s.window !== undefined && bounds(s).length === 1),
  },
  {
    name: "a bound within 1 ms of midnight UTC",
    spec: "§4.1",
    hit: (p) => allBounds(p).some((t) => [0, 1, DAY - 1].includes(((ms(t) % DAY) + DAY) % DAY)),
  },
  {
    name: "a bound at a month or year end",
    spec: "§4.1",
    hit: (p) =>
      allBounds(p).some((t) => {
        const d = new Date(ms(t) + 1);
        return d.getUTCDate() === 1 && d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
      }),
  },
  {
    name: "a bound on 29 February",
    spec: "§4.1",
    minPer1000: 5,
    hit: (p) => allBounds(p).some((t) => new Date(ms(t)).toISOString().slice(5, 10) === "02-29"),
  },
  {
    name: "a local date other than the UTC date",
    spec: "§4.1",
    minPer1000: 20,
    hit: (p) =>
      allBounds(p).some((t) => t.slice(0, 10) !== new Date(ms(t)).toISOString().slice(0, 10)),
  },
  {
    name: "bounds in a zone's offsets across its DST change",
    spec: "§4.1",
    hit: (p) =>
      DST_CHANGES.some((c) => {
        const near = allBounds(p).filter((t) => Math.abs(ms(t) - c.atMs) <= DAY);
        return (
          near.some((t) => offsetOf(t) === c.before && ms(t) < c.atMs) &&
          near.some((t) => offsetOf(t) === c.after && ms(t) >= c.atMs)
        );
      }),
  },
  {
    name: "one wall-clock time, two offsets (a repeated hour)",
    spec: "§4.1",
    minPer1000: 3,
    hit: (p) => {
      const bs = allBounds(p);
      return bs.some((x) => bs.some((y) => wallClock(x) === wallClock(y) && ms(x) !== ms(y)));
    },
  },
  {
    name: "offset -00:00",
    spec: "§4.1",
    minPer1000: 5,
    hit: (p) => allBounds(p).some((t) => t.endsWith("-00:00")),
  },
  {
    name: "offset ±23:59",
    spec: "§4.1",
    minPer1000: 5,
    hit: (p) => allBounds(p).some((t) => /[+-]23:59$/.test(t)),
  },
  {
    name: "a 1- or 2-digit fraction of a second",
    spec: "§4.1",
    minPer1000: 5,
    hit: (p) => allBounds(p).some((t) => /\.\d{1,2}(Z|[+-])/.test(t)),
  },
  {
    name: "circles that nearly touch (apart by at most 1 m)",
    spec: "§4.2 rule 3.1",
    hit: (p) => {
      const s = reachSlack(p);
      return s !== undefined && s < -1e-6 && s >= -1e-3;
    },
  },
  {
    name: "circles that just overlap (by at most 1 m)",
    spec: "§4.2 rule 3.1",
    hit: (p) => {
      const s = reachSlack(p);
      return s !== undefined && s > 1e-6 && s <= 1e-3;
    },
  },
  {
    name: "coordinates at a pole or on the antimeridian",
    spec: "§4.2 rule 3.1",
    minPer1000: 5,
    hit: ([a, b]) =>
      [a, b].some((s) => {
        const c = inPerson(s)?.coordinates;
        return c !== undefined && (Math.abs(c.lat) >= 89.99 || Math.abs(c.lon) >= 179.99);
      }),
  },
  {
    name: "different countries, circles that meet",
    spec: "§4.2 rules 3.1, 3.2",
    minPer1000: 5,
    hit: (p) => {
      const [a, b] = p.map(inPerson);
      const s = reachSlack(p);
      return (
        s !== undefined &&
        s >= 0 &&
        a?.country !== undefined &&
        b?.country !== undefined &&
        a.country !== b.country
      );
    },
  },
  {
    name: "one city spelled two ways",
    spec: "§4.2 rule 3.3",
    minPer1000: 20,
    hit: (p) => {
      const c = cities(p);
      return c !== undefined && c[0] !== c[1] && oracleCityKey(c[0]) === oracleCityKey(c[1]);
    },
  },
  {
    name: "two cities that differ only by what §4.2 keeps (ł, ß, ı, other scripts' marks, spaces)",
    spec: "§4.2 rule 3.3",
    hit: (p) => {
      const c = cities(p);
      return (
        c !== undefined &&
        oracleCityKey(c[0]) !== oracleCityKey(c[1]) &&
        looseKey(c[0]) === looseKey(c[1])
      );
    },
  },
  {
    name: "a city name in a compatibility form (full width, ligature, NBSP)",
    spec: "§4.2 rule 3.3",
    hit: (p) => cityNames(p).some((c) => c !== c.normalize("NFKC")),
  },
  {
    name: "a city name with decomposed marks",
    spec: "§4.2 rule 3.3",
    minPer1000: 5,
    hit: (p) => cityNames(p).some((c) => c !== c.normalize("NFC")),
  },
  {
    name: "a city name in a non-Latin script",
    spec: "§4.2 rule 3.3",
    hit: (p) =>
      cityNames(p).some((c) => /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(c)),
  },
  {
    name: "a city name with case or whitespace variants",
    spec: "§4.2 rule 3.3",
    hit: (p) =>
      cityNames(p).some(
        (c) => c !== c.trim() || /\s{2}|\t|\u00a0/.test(c) || c === c.toUpperCase(),
      ),
  },
  {
    name: "remote against in person",
    spec: "§4.2 rule 2",
    minPer1000: 20,
    hit: ([a, b]) =>
      (a.location?.type === "remote") !== (b.location?.type === "remote") &&
      a.location !== undefined &&
      b.location !== undefined,
  },
  {
    name: "an unknown location",
    spec: "§4.2 rule 1",
    minPer1000: 20,
    hit: ([a, b]) => a.location === undefined || b.location === undefined,
  },
];

/** The compat suite's generator and its boundary classes. */
export const COMPAT_BOUNDARIES = boundaries<Pair>({
  generator: "arbSlotPair",
  suite: "compat",
  ids: ["COMPAT-1", "COMPAT-2", "COMPAT-3", "COMPAT-5"],
  arbitrary: arbSlotPair(),
  classes,
});
