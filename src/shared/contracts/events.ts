import { z } from 'zod';

export const EVENT_TYPES = ['identify', 'track', 'page'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** Segment's limits: one event's JSON, one batch request, events in a batch. */
export const EVENT_MAX_BYTES = 32 * 1024;
export const BATCH_MAX_BYTES = 500 * 1024;
export const BATCH_MAX_EVENTS = 500;

/** SDKs send ids as strings or numbers; both name the same person. */
const IdValue = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().max(200, 'must be at most 200 characters'));

const Timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const Json = z.record(z.string(), z.unknown());

/**
 * The fields every event of the Segment / RudderStack HTTP spec may carry. `integrations`,
 * `receivedAt` and unknown top-level fields are accepted and ignored.
 */
const common = {
  messageId: z.string().trim().min(1).max(200).optional(),
  userId: IdValue.nullish(),
  anonymousId: IdValue.nullish(),
  context: Json.optional(),
  timestamp: Timestamp.optional(),
  sentAt: Timestamp.optional(),
  originalTimestamp: Timestamp.optional(),
  channel: z.string().max(50).optional(),
};

const needsAnId = (e: { userId?: string | null | undefined; anonymousId?: string | null | undefined }) =>
  Boolean(e.userId || e.anonymousId);
const idMessage = { message: 'userId or anonymousId is required', path: ['userId'] };

export const IdentifyEvent = z
  .object({ ...common, type: z.literal('identify').optional(), traits: Json.optional() })
  .refine(needsAnId, idMessage);
export const TrackEvent = z
  .object({
    ...common,
    type: z.literal('track').optional(),
    event: z.string({ message: 'is required for track' }).trim().min(1, 'is required for track').max(200),
    properties: Json.optional(),
  })
  .refine(needsAnId, idMessage);
export const PageEvent = z
  .object({
    ...common,
    type: z.literal('page').optional(),
    name: z.string().trim().max(200).optional(),
    category: z.string().trim().max(200).optional(),
    properties: Json.optional(),
  })
  .refine(needsAnId, idMessage);

export type IdentifyEvent = z.infer<typeof IdentifyEvent>;
export type TrackEvent = z.infer<typeof TrackEvent>;
export type PageEvent = z.infer<typeof PageEvent>;

/** An event whose type is known (from the endpoint, or from `type` in a batch). */
export type IncomingEvent =
  | ({ type: 'identify' } & IdentifyEvent)
  | ({ type: 'track' } & TrackEvent)
  | ({ type: 'page' } & PageEvent);

export const EVENT_SCHEMAS = { identify: IdentifyEvent, track: TrackEvent, page: PageEvent } as const;

/** A batch envelope: its `context` and `sentAt` apply to events that do not carry their own. */
export const EventBatch = z.object({
  batch: z
    .array(z.unknown(), { message: 'must be a list of events' })
    .min(1, 'must hold at least one event')
    .max(BATCH_MAX_EVENTS, `holds at most ${BATCH_MAX_EVENTS} events`),
  context: Json.optional(),
  sentAt: Timestamp.optional(),
});
export type EventBatch = z.infer<typeof EventBatch>;

export const EventRejection = z.object({
  index: z.number().describe('position of the event in the batch, from 0'),
  messageId: z.string().nullable(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type EventRejection = z.infer<typeof EventRejection>;

export const IngestResult = z.object({
  /** Events stored now. */
  accepted: z.number(),
  /** Events whose message id was stored before: nothing done again. */
  duplicates: z.number(),
  rejected: z.array(EventRejection),
  /** Customers created and merged while resolving the events' identities. */
  customersCreated: z.number(),
  merges: z.number(),
});
export type IngestResult = z.infer<typeof IngestResult>;
