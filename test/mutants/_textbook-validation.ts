/**
 * Validation of an allocation input written from SPEC.md §1, §4.1, §5.1 and §14 the way a
 * third party would (its own zod schema). With the default knobs it accepts and rejects what
 * the spec says; each mutant of the zoo turns one knob into a realistic single bug.
 */
import { z } from "zod";

export interface ValidationKnobs {
  /** Whether a string is an instant (spec: RFC 3339 with an explicit offset, a real date). */
  readonly instant?: (s: string) => boolean;
  /** Unknown keys: rejected (spec) or silently stripped. */
  readonly unknownKeys?: "reject" | "strip";
  /** Whether duplicate slot, need-slot and recipient ids are rejected. */
  readonly uniqueIds?: boolean;
  /** Whether the provider may not be its own recipient. */
  readonly providerNotRecipient?: boolean;
  /** Whether a window may end where it starts. */
  readonly emptyWindows?: boolean;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** RFC 3339 with offset, checked field by field. */
export function strictInstant(s: string): boolean {
  const m = RFC3339.exec(s);
  if (m === null) return false;
  const [y, mo, d, h, mi, sec, oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const leap = (y! % 4 === 0 && y! % 100 !== 0) || y! % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo! - 1];
  return (
    days !== undefined &&
    d! >= 1 &&
    d! <= days &&
    h! <= 23 &&
    mi! <= 59 &&
    sec! <= 59 &&
    oh! <= 23 &&
    om! <= 59
  );
}

export function textbookValidation(knobs: ValidationKnobs = {}) {
  const instant = knobs.instant ?? strictInstant;
  const obj = <T extends z.ZodRawShape>(shape: T) =>
    knobs.unknownKeys === "strip" ? z.object(shape) : z.strictObject(shape);
  const id = z.string().regex(/^[A-Za-z0-9._:~+/=-]{1,256}$/);
  const amount = (max: number) =>
    z
      .number()
      .min(0)
      .max(max)
      .refine((v) => v === 0 || v >= 1e-9);
  const window = obj({
    start: z.string().refine(instant).optional(),
    end: z.string().refine(instant).optional(),
  }).refine(
    (w) =>
      w.start === undefined ||
      w.end === undefined ||
      (knobs.emptyWindows === true
        ? Date.parse(w.start) <= Date.parse(w.end)
        : Date.parse(w.start) < Date.parse(w.end)),
  );
  const location = z.discriminatedUnion("type", [
    obj({ type: z.literal("remote") }),
    obj({
      type: z.literal("in_person"),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .optional(),
      city: z.string().trim().min(1).max(200).optional(),
      coordinates: obj({
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
      }).optional(),
      radius_km: amount(1e15).optional(),
    }),
  ]);
  const slot = obj({
    id,
    quantity: amount(1e15),
    window: window.optional(),
    location: location.optional(),
  });
  const unique = (ids: string[]) => knobs.uniqueIds === false || new Set(ids).size === ids.length;
  const input = obj({
    provider: obj({ pubKey: id, capacity_slots: z.array(slot) }),
    recipients: z.array(
      obj({
        pubKey: id,
        need_slots: z.array(slot),
        mr: amount(1),
        share: amount(1),
        damping_factor: amount(1).optional(),
      }),
    ),
  }).refine(
    (v) =>
      unique(v.provider.capacity_slots.map((s) => s.id)) &&
      unique(v.recipients.map((r) => r.pubKey)) &&
      v.recipients.every((r) => unique(r.need_slots.map((n) => n.id))) &&
      (knobs.providerNotRecipient === false ||
        v.recipients.every((r) => r.pubKey !== v.provider.pubKey)),
  );
  return { acceptsAllocationInput: (v: unknown) => input.safeParse(v).success };
}
