import { z } from "zod";
import { idSchema, instantSchema, parseInstant, quantitySchema } from "./primitives.js";

/**
 * A time window [start, end): both bounds optional (a missing bound is unbounded on that side),
 * both absolute instants with offset, and start strictly before end when both are given.
 */
export const timeWindowSchema = z
  .strictObject({
    start: instantSchema.optional(),
    end: instantSchema.optional(),
  })
  .superRefine((w, ctx) => {
    if (w.start === undefined || w.end === undefined) return;
    const s = parseInstant(w.start);
    const e = parseInstant(w.end);
    if (typeof s === "number" && typeof e === "number" && !(s < e)) {
      ctx.addIssue({
        code: "custom",
        message: "must be after start (windows are [start, end) and non-empty)",
        path: ["end"],
      });
    }
  });

export const coordinatesSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** ISO 3166-1 alpha-2 country code, upper case. */
export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as FR");

/**
 * Where a slot takes place. `remote` covers remote and online slots. `in_person` may name a
 * country, a city, coordinates and a radius; every field is optional and a missing one is
 * unknown (SPEC.md §Locations). A slot without `location` has an unknown location.
 */
export const locationSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("remote") }),
  z.strictObject({
    type: z.literal("in_person"),
    country: countrySchema.optional(),
    city: z.string().trim().min(1).max(200).optional(),
    coordinates: coordinatesSchema.optional(),
    radius_km: quantitySchema.optional(),
  }),
]);

const slotShape = {
  id: idSchema,
  quantity: quantitySchema,
  window: timeWindowSchema.optional(),
  location: locationSchema.optional(),
};

/** A specific time/location/quantity of capacity a provider offers. */
export const availabilitySlotSchema = z.strictObject(slotShape);

/** A specific time/location/quantity of capacity a recipient needs. */
export const needSlotSchema = z.strictObject(slotShape);

export type TimeWindow = z.infer<typeof timeWindowSchema>;
export type Coordinates = z.infer<typeof coordinatesSchema>;
export type Location = z.infer<typeof locationSchema>;
export type AvailabilitySlot = z.infer<typeof availabilitySlotSchema>;
export type NeedSlot = z.infer<typeof needSlotSchema>;
/** Either kind of slot: compatibility treats them alike. */
export type Slot = AvailabilitySlot | NeedSlot;
