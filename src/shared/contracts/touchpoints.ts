import { z } from 'zod';
import { ActorRef, Channel, Id, IsoDateTime, JsonObject, PageQuery } from './common.js';
import { TIMELINE_KINDS } from './customers.js';

/** Customer satisfaction with one touch point, 1 (very unhappy) to 5 (very happy). */
export const Satisfaction = z.number().int('must be a whole number').min(1).max(5);

const touchpointFields = {
  customerId: Id,
  channel: Channel,
  type: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe('what happened on the channel, e.g. check_in, page_view, call, complaint'),
  occurredAt: IsoDateTime.describe('when it happened at the source (may be long before it reaches Rapport)'),
  properties: JsonObject.describe('whatever the source system knows about the event'),
  source: z.string().trim().min(1).max(100).describe('the system that sent it, e.g. pms, shop, call-centre'),
  messageId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("the sender's event id; a second delivery with the same id returns the first, stores nothing"),
  staffUserId: Id.describe('the staff member who served the customer'),
  satisfaction: Satisfaction,
};

export const TouchpointCreate = z.object({
  ...touchpointFields,
  properties: touchpointFields.properties.default({}),
  source: touchpointFields.source.optional(),
  messageId: touchpointFields.messageId.optional(),
  staffUserId: touchpointFields.staffUserId.optional(),
  satisfaction: touchpointFields.satisfaction.optional(),
});
export type TouchpointCreate = z.input<typeof TouchpointCreate>;

/**
 * Fields given replace the stored ones (`properties` as a whole); null clears an optional one.
 * The customer and the message id are fixed once stored.
 */
export const TouchpointUpdate = z
  .object({
    channel: touchpointFields.channel,
    type: touchpointFields.type,
    occurredAt: touchpointFields.occurredAt,
    properties: touchpointFields.properties,
    source: touchpointFields.source.nullable(),
    staffUserId: touchpointFields.staffUserId.nullable(),
    satisfaction: touchpointFields.satisfaction.nullable(),
  })
  .partial();
export type TouchpointUpdate = z.input<typeof TouchpointUpdate>;

export const Touchpoint = z.object({
  id: z.string(),
  customerId: z.string(),
  channel: Channel,
  type: z.string(),
  occurredAt: z.date(),
  receivedAt: z.date().describe('when Rapport stored it (server clock)'),
  properties: JsonObject,
  source: z.string().nullable(),
  messageId: z.string().nullable(),
  staffUserId: z.string().nullable(),
  satisfaction: z.number().int().nullable(),
  createdBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Touchpoint = z.infer<typeof Touchpoint>;

export const TOUCHPOINT_SORTS = ['occurredAt', 'receivedAt'] as const;

export const TouchpointListQuery = PageQuery.extend({
  sort: z.enum(TOUCHPOINT_SORTS).default('occurredAt'),
  customerId: Id.optional(),
  channel: Channel.optional(),
  type: z.string().trim().max(64).optional(),
  occurredFrom: IsoDateTime.optional().describe('occurred at or after'),
  occurredTo: IsoDateTime.optional().describe('occurred at or before'),
});
export type TouchpointListQuery = z.infer<typeof TouchpointListQuery>;

/** A customer's timeline is always newest first, so it takes no sort or order. */
export const TimelineQuery = PageQuery.omit({ order: true }).extend({
  channel: Channel.optional().describe('only events on this channel (notes have none, so they are left out)'),
  kind: z.enum(TIMELINE_KINDS).optional(),
  type: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('only touch points of this type, e.g. check_in (orders and notes are left out)'),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

/** How each channel reads in summaries and lists. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Web',
  app: 'App',
  email: 'E-mail',
  phone: 'Phone',
  sms: 'SMS',
  chat: 'Chat',
  store: 'Store',
  front_desk: 'Front desk',
  restaurant: 'Restaurant',
  spa: 'Spa',
  social: 'Social',
  post: 'Post',
  other: 'Other',
};
