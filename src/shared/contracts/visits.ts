import { z } from 'zod';
import { ActorRef, Id, IsoDate, IsoDateTime, JsonObject, PageQuery } from './common.js';

/**
 * Where a visit stands. `booked` and `confirmed` are still to come; `arrived` and `completed`
 * happened; `cancelled` and `no_show` did not (they count nowhere as history and are not on a
 * briefing).
 */
export const VISIT_STATUSES = [
  'booked',
  'confirmed',
  'arrived',
  'completed',
  'cancelled',
  'no_show',
] as const;
export const VisitStatus = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof VisitStatus>;

/** Statuses of a visit that did not (or will not) take place. */
export const VISIT_NOT_TAKING_PLACE = ['cancelled', 'no_show'] as const satisfies readonly VisitStatus[];

/** The system a visit's external id belongs to when the request names none. */
export const VISIT_DEFAULT_SOURCE = 'api';

const VisitType = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .transform((t) => t.toLowerCase())
  .describe('what is booked: booking (a room), reservation or table (a restaurant), appointment (spa)…');

const visitFields = {
  customerId: Id,
  startsAt: IsoDateTime.describe('arrival, the table time or the appointment start'),
  endsAt: IsoDateTime.nullable().describe('departure or the end of the appointment'),
  location: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters')
    .describe('hotel, restaurant or spa, as the briefing screen lists it'),
  type: VisitType,
  status: VisitStatus,
  externalId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("the booking's id in the system it came from; unique per source in the workspace"),
  source: z.string().trim().min(1).max(50).describe('the booking system, e.g. opera-pms; api by default'),
  properties: JsonObject.describe('what the booking system knows: room type, party size, treatment…'),
};

const endsAfterStart = (v: { startsAt?: string | undefined; endsAt?: string | null | undefined }) =>
  !v.startsAt || !v.endsAt || Date.parse(v.endsAt) >= Date.parse(v.startsAt);
const endsAfterStartMessage = { message: 'must not be before startsAt', path: ['endsAt'] };

export const VisitCreate = z
  .object({
    ...visitFields,
    endsAt: visitFields.endsAt.optional(),
    status: visitFields.status.default('booked'),
    externalId: visitFields.externalId.optional(),
    source: visitFields.source.optional(),
    properties: visitFields.properties.default({}),
  })
  .refine(endsAfterStart, endsAfterStartMessage);
export type VisitCreate = z.input<typeof VisitCreate>;

/**
 * Fields given replace the stored ones (`properties` as a whole); the customer, the source and
 * the external id are fixed once stored. An `endsAt` before the (new or stored) start is refused.
 */
export const VisitUpdate = z
  .object({
    startsAt: visitFields.startsAt,
    endsAt: visitFields.endsAt,
    location: visitFields.location,
    type: visitFields.type,
    status: visitFields.status,
    properties: visitFields.properties,
  })
  .partial()
  .refine(endsAfterStart, endsAfterStartMessage);
export type VisitUpdate = z.input<typeof VisitUpdate>;

export const Visit = z.object({
  id: z.string(),
  customerId: z.string(),
  startsAt: z.date(),
  endsAt: z.date().nullable(),
  location: z.string(),
  type: z.string(),
  status: VisitStatus,
  externalId: z.string().nullable(),
  source: z.string(),
  properties: JsonObject,
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Visit = z.infer<typeof Visit>;

const visitFilters = {
  from: IsoDateTime.optional().describe('starting at or after this instant'),
  to: IsoDateTime.optional().describe('starting before this instant'),
  location: z.string().trim().min(1).max(200).optional().describe('exactly this location'),
  status: VisitStatus.optional(),
  type: z.string().trim().min(1).max(64).optional(),
};

/** Visits in start order; `order=desc` lists the latest first. */
export const VisitListQuery = PageQuery.extend({
  ...visitFilters,
  order: z.enum(['asc', 'desc']).default('asc'),
  customerId: Id.optional(),
});
export type VisitListQuery = z.infer<typeof VisitListQuery>;

export const CustomerVisitsQuery = VisitListQuery.omit({ customerId: true });
export type CustomerVisitsQuery = z.infer<typeof CustomerVisitsQuery>;

/** The locations visits are booked at, for the briefing screen's picker. */
export const VisitLocations = z.object({
  items: z.array(
    z.object({
      location: z.string(),
      /** Visits from `from` on that are not cancelled: what makes a location worth listing first. */
      upcoming: z.number().int(),
    }),
  ),
});
export type VisitLocations = z.infer<typeof VisitLocations>;

export const VisitLocationsQuery = z.object({
  from: IsoDate.optional().describe(
    'count upcoming visits from this day (workspace time zone); today by default',
  ),
});
export type VisitLocationsQuery = z.infer<typeof VisitLocationsQuery>;
