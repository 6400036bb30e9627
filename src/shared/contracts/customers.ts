import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { normalizeEmail } from '../normalize.js';
import {
  ActorRef,
  Channel,
  Id,
  IsoDate,
  IsoDateTime,
  JsonObject,
  PageQuery,
  QueryBoolean,
  Tag,
  TimeZone,
} from './common.js';
import { Identity } from './identities.js';
import { OrderSummary } from './orders.js';
import { ValueTier } from './value.js';

/** An e-mail address or phone number of a customer; exactly one of each list is primary. */
export const ContactPoint = z.object({
  value: z.string().trim().min(1).max(254),
  label: z.string().trim().max(40).optional(),
  primary: z.boolean().optional(),
});
export type ContactPoint = z.infer<typeof ContactPoint>;

export const PostalAddress = z.object({
  line1: z.string().trim().max(200).optional(),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as GB')
    .optional(),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

const EmailPoint = ContactPoint.refine((c) => normalizeEmail(c.value) !== null, {
  message: 'is not a valid e-mail address',
  path: ['value'],
});

const onePrimary = (list: ContactPoint[]) => list.filter((c) => c.primary).length <= 1;

const customerFields = {
  givenName: z.string().trim().max(100).nullish(),
  familyName: z.string().trim().max(100).nullish(),
  fullName: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .describe('display name; derived from the parts when omitted'),
  emails: z.array(EmailPoint).max(20).refine(onePrimary, 'at most one e-mail can be primary'),
  phones: z.array(ContactPoint).max(20).refine(onePrimary, 'at most one phone can be primary'),
  address: PostalAddress.nullish(),
  birthday: IsoDate.nullish(),
  locale: z.string().trim().max(35).nullish().describe('BCP 47 language tag, e.g. en-GB'),
  timeZone: TimeZone.nullish(),
  tags: z.array(Tag).max(50),
  attributes: JsonObject,
  prefersHumanService: z.boolean(),
  externalIds: z
    .array(z.object({ source: z.string().trim().min(1).max(50), value: z.string().trim().min(1).max(200) }))
    .max(10)
    .describe('ids of this person in other systems (PMS, shop, loyalty)'),
};

export const CustomerCreate = z
  .object({
    ...customerFields,
    emails: customerFields.emails.default([]),
    phones: customerFields.phones.default([]),
    tags: customerFields.tags.default([]),
    attributes: customerFields.attributes.default({}),
    prefersHumanService: customerFields.prefersHumanService.default(false),
    externalIds: customerFields.externalIds.default([]),
  })
  .refine((c) => Boolean(c.givenName || c.familyName || c.fullName || c.emails.length || c.phones.length), {
    message: 'give a name, an e-mail or a phone',
    path: ['fullName'],
  });
export type CustomerCreate = z.input<typeof CustomerCreate>;

/**
 * Fields given replace the stored ones; omitted fields stay. Any edit confirms a provisional
 * customer; `provisional: false` confirms one without changing anything else.
 */
export const CustomerUpdate = z
  .object({
    ...customerFields,
    provisional: z
      .literal(false, { error: 'can only be cleared (false)' })
      .describe('false confirms a provisional customer (any edit does too)'),
  })
  .partial();
export type CustomerUpdate = z.input<typeof CustomerUpdate>;

export const Customer = z.object({
  id: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  fullName: z.string(),
  emails: z.array(ContactPoint),
  phones: z.array(ContactPoint),
  primaryEmail: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  address: PostalAddress.nullable(),
  birthday: z.string().nullable(),
  locale: z.string().nullable(),
  timeZone: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: JsonObject,
  prefersHumanService: z.boolean(),
  /*
   * Optional only so older clients' fixtures still type-check; the server always sends it.
   */
  provisional: z
    .boolean()
    .optional()
    .describe(
      'true: created from an unverified sender (the public web form, an e-mail) and not yet confirmed by staff; any staff edit confirms it',
    ),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
  /** Set when this customer was merged into another (it is then deleted): where its history is now. */
  mergedIntoId: z.string().nullable(),
});
export type Customer = z.infer<typeof Customer>;

export const CUSTOMER_SORTS = ['createdAt', 'updatedAt', 'fullName'] as const;

export const CustomerListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().describe('search name, e-mail or phone (prefix or part)'),
  sort: z.enum(CUSTOMER_SORTS).default('createdAt'),
  tag: z.string().max(50).optional(),
  channel: Channel.optional().describe('has a touch point on this channel'),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  lastActivityFrom: IsoDateTime.optional().describe('last touch point or order at or after this instant'),
  lastActivityTo: IsoDateTime.optional().describe('has activity, and none after this instant'),
  hasOpenTask: QueryBoolean.optional(),
  deleted: QueryBoolean.optional().describe('list soft-deleted customers instead'),
  valueTier: ValueTier.optional().describe('value tier in the current value run'),
  minClvMinor: z.coerce.number().int().min(0).optional().describe('CLV at least this, in minor units'),
  maxPAlive: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('P(alive) at most this (e.g. 0.3: likely lapsed)'),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

/** A row of the customers list: the customer and when it last met the brand. */
export const CustomerListItem = Customer.extend({
  lastActivityAt: z.date().nullable().describe('latest touch point or order (not cancelled or deleted)'),
  value: z
    .object({ tier: ValueTier, clvMinor: z.number().int(), pAlive: z.number(), currency: z.string() })
    .nullable()
    .describe('the current value run’s result; null before the first run or without orders'),
});
export type CustomerListItem = z.infer<typeof CustomerListItem>;

/** The list's filters without paging: what an export of "the current filter" takes. */
export const CustomerExportQuery = CustomerListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv', 'json']).default('csv'),
});
export type CustomerExportQuery = z.infer<typeof CustomerExportQuery>;

/** Adds and removes tags on many customers at once; a customer whose tags do not change is not touched. */
export const CustomerBulkTag = z
  .object({
    ids: z.array(Id).min(1, 'select at least one customer').max(500, 'at most 500 customers at once'),
    add: z.array(Tag).max(20).default([]),
    remove: z.array(Tag).max(20).default([]),
  })
  .refine((b) => b.add.length + b.remove.length > 0, {
    message: 'add or remove at least one tag',
    path: ['add'],
  });
export type CustomerBulkTag = z.input<typeof CustomerBulkTag>;

export const CustomerBulkTagResult = z.object({
  updated: z.number().int().describe('customers whose tags changed'),
  unchanged: z.number().int(),
  notFound: z.array(z.string()).describe('ids that are not live customers of this workspace'),
});
export type CustomerBulkTagResult = z.infer<typeof CustomerBulkTagResult>;

/** `case`: a case opened, resolved (with its outcome) or rated by the customer (CSAT). */
export const TIMELINE_KINDS = ['touchpoint', 'order', 'note', 'case'] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

/**
 * One event on a customer's timeline: a touch point, an order (whose `type` is its status), or a
 * staff note. `summary` is short text for people, e.g. "Order #A-1001 · 3 items · €412.50"; for a
 * note it is the note's whole body, and `properties.author` names who wrote it.
 */
export const TimelineEntry = z.object({
  id: z.string(),
  kind: TimelineKind,
  channel: Channel.nullable().describe('null for notes, which belong to no channel'),
  type: z.string(),
  typeLabel: z
    .string()
    .describe(
      "how the type reads: the catalogue's label of a touch point's type (else its raw name in words), an order's status, 'Note'",
    ),
  channelLabel: z.string().nullable().describe("the workspace's label of the channel; null for notes"),
  occurredAt: z.date(),
  summary: z.string(),
  satisfaction: z
    .number()
    .int()
    .nullable()
    .describe("the customer's rating of a touch point, 1 to 5; null when unrated, and for orders and notes"),
  properties: JsonObject,
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Customer360 = z.object({
  customer: Customer,
  identities: z.array(Identity),
  orderSummary: OrderSummary,
  timeline: z.array(TimelineEntry),
  openTasks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      dueAt: z.date().nullable(),
      assigneeId: z.string().nullable(),
    }),
  ),
  companies: z.array(z.object({ id: z.string(), name: z.string(), jobTitle: z.string().nullable() })),
});
export type Customer360 = z.infer<typeof Customer360>;

/** Default country for phone numbers without a country code. */
export function phoneCountry(code: string | undefined): CountryCode {
  return code && isSupportedCountry(code) ? code : 'GB';
}
