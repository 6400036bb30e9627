import { z } from 'zod';
import { ActorRef, Currency, Id } from './common.js';

export const IMPORT_KINDS = ['customers', 'orders', 'touchpoints', 'visits'] as const;
export const ImportKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKind>;

export const ImportStatus = z.enum(['running', 'completed', 'failed']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/**
 * Why a row was not imported. A closed set so the CLI, the API and the UI can explain and
 * group them:
 * - REQUIRED: a required value is empty (or the row names no customer)
 * - INVALID_EMAIL, INVALID_PHONE, INVALID_DATE, INVALID_NUMBER: the value does not parse
 * - INVALID_VALUE: parses but is not allowed (unknown channel, country, zero quantity, …)
 * - TOO_LONG: longer than the field allows
 * - CUSTOMER_NOT_FOUND: a touch point or visit names a customer the workspace does not have
 * - IDENTITY_CONFLICT: an e-mail, phone or id of the row belongs to another customer
 * - TOO_MANY_COLUMNS, TOO_FEW_COLUMNS: the row's cell count differs from the header's
 * - MALFORMED_CSV: the CSV itself cannot be read from this line on (e.g. an unclosed quote)
 */
export const IMPORT_REJECTION_CODES = [
  'REQUIRED',
  'INVALID_EMAIL',
  'INVALID_PHONE',
  'INVALID_DATE',
  'INVALID_NUMBER',
  'INVALID_VALUE',
  'TOO_LONG',
  'CUSTOMER_NOT_FOUND',
  'IDENTITY_CONFLICT',
  'TOO_MANY_COLUMNS',
  'TOO_FEW_COLUMNS',
  'MALFORMED_CSV',
] as const;
export const ImportRejectionCode = z.enum(IMPORT_REJECTION_CODES);
export type ImportRejectionCode = z.infer<typeof ImportRejectionCode>;

/**
 * A row the import did not take: its 1-based physical line in the file (the header is line 1;
 * a record with quoted line breaks is named by the line it starts on), the file's column that
 * is wrong (null when the row as a whole is), and why. One rejection per rejected row.
 */
export const ImportRejection = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  code: ImportRejectionCode,
  message: z.string(),
});
export type ImportRejection = z.infer<typeof ImportRejection>;

/**
 * What an import did, counted per data row: every row read is exactly one of inserted,
 * updated, unchanged or rejected, so re-running a file reports `inserted: 0`.
 */
export const ImportReport = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Rejections in line order; capped (see `rejectedCount`) so a file of bad rows stays small. */
  rejected: z.array(ImportRejection),
  rejectedCount: z.number().int(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** The report of one run, with what only some kinds produce. */
export const ImportResult = ImportReport.extend({
  importId: Id,
  kind: ImportKind,
  rowsRead: z.number().int(),
  /** Orders only: customers created because an order named one the workspace did not have. */
  customersCreated: z.number().int().optional(),
  /** Customers only: merges of two customers a row linked (an id of one, an e-mail of the other). */
  merges: z.number().int().optional(),
  /** File columns that map to no field and were not kept (orders keep no custom columns). */
  ignoredColumns: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** Progress, reported once per chunk. `bytesTotal` is null when the size is unknown. */
export const ImportProgress = z.object({
  rowsRead: z.number().int(),
  bytesRead: z.number().int(),
  bytesTotal: z.number().int().nullable(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/**
 * Overrides the header mapping: file column (as written in the header) → field name (as in
 * the alias table, e.g. `external_id`, `unit_price`), or null to ignore the column.
 */
export const ImportMapping = z.record(z.string().min(1).max(200), z.string().min(1).max(100).nullable());
export type ImportMapping = z.infer<typeof ImportMapping>;

/**
 * How dates like 03/04/2024 are read: day first (most of the world) or month first (US
 * exports). ISO dates (2024-04-03) are read the same either way.
 */
export const DateOrder = z.enum(['dmy', 'mdy']);
export type DateOrder = z.infer<typeof DateOrder>;

/** Options of an import besides the file itself. */
export const ImportOptions = z.object({
  kind: ImportKind,
  mapping: ImportMapping.optional(),
  /** Currency of amounts in rows without a currency column; the workspace's by default. */
  defaultCurrency: Currency.optional(),
  /** Country for phone numbers without a country code (ISO 3166-1 alpha-2). */
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  dateOrder: DateOrder.optional(),
  /** IANA zone for date-times written without an offset; UTC by default. */
  timeZone: z.string().max(64).optional(),
  /** The external-id system of rows without a source column; 'import' by default. */
  source: z.string().trim().min(1).max(50).optional(),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

/** An import run as the status endpoint shows it. */
export const ImportRun = z.object({
  id: Id,
  kind: ImportKind,
  fileName: z.string(),
  status: ImportStatus,
  bytesTotal: z.number().int().nullable(),
  bytesRead: z.number().int(),
  rowsRead: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejectedCount: z.number().int(),
  /** The first 1,000 rejections; the CLI report has them all. */
  rejected: z.array(ImportRejection),
  error: z.string().nullable(),
  createdBy: ActorRef,
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type ImportRun = z.infer<typeof ImportRun>;

export const ImportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ImportListQuery = z.infer<typeof ImportListQuery>;

// ---------------------------------------------------------------------------------------------
// Header mapping: the one table the server maps by and the web app's mapping screen shows
// ---------------------------------------------------------------------------------------------

/**
 * Accepted header names per field. Matching ignores case, spaces, underscores, hyphens and dots
 * (`E-mail Address` = `email_address`, see `normalizeHeaderName`). Customers' `email` and
 * `phone` may repeat: `email_2`, `Phone 3`… are extra addresses/numbers.
 */
export const IMPORT_FIELD_ALIASES = {
  customers: {
    external_id: ['external_id', 'id', 'customer_id', 'customer_number', 'source_id', 'client_id'],
    source: ['source', 'id_source'],
    email: ['email', 'email_address', 'mail'],
    phone: ['phone', 'mobile', 'telephone', 'phone_number', 'tel', 'mobile_phone', 'cell'],
    given_name: ['given_name', 'first_name', 'firstname', 'forename'],
    family_name: ['family_name', 'last_name', 'surname'],
    full_name: ['full_name', 'name', 'display_name'],
    birthday: ['birthday', 'date_of_birth', 'dob', 'birth_date'],
    locale: ['locale', 'language'],
    time_zone: ['time_zone', 'timezone', 'tz'],
    tags: ['tags', 'tag'],
    prefers_human_service: ['prefers_human_service'],
    address_line1: ['address_line1', 'address', 'street', 'address1', 'street_address'],
    address_line2: ['address_line2', 'address2'],
    city: ['city', 'town'],
    region: ['region', 'state', 'county', 'province'],
    postal_code: ['postal_code', 'zip', 'zip_code', 'postcode'],
    country: ['country', 'country_code'],
    loyalty_number: ['loyalty_number', 'loyalty_id', 'loyalty_no', 'member_number'],
  },
  orders: {
    order_id: [
      'order_id',
      'external_id',
      'invoice',
      'invoice_no',
      'invoice_number',
      'order_number',
      'order_no',
    ],
    customer_external_id: ['customer_external_id', 'customer_id', 'customer_number'],
    customer_email: ['customer_email', 'email', 'email_address'],
    occurred_at: ['occurred_at', 'date', 'order_date', 'invoice_date', 'ordered_at'],
    channel: ['channel'],
    location: ['location', 'store'],
    currency: ['currency'],
    status: ['status'],
    sku: ['sku', 'stock_code', 'product_id', 'product_code'],
    description: ['description', 'product_name', 'item_name'],
    quantity: ['quantity', 'qty'],
    unit_price: ['unit_price', 'price'],
    is_gift: ['is_gift', 'gift'],
    total: ['total', 'order_total'],
  },
  touchpoints: {
    message_id: ['message_id', 'event_id'],
    customer_external_id: ['customer_external_id', 'customer_id', 'customer_number'],
    customer_email: ['customer_email', 'email', 'email_address'],
    channel: ['channel'],
    type: ['type', 'event', 'event_type'],
    occurred_at: ['occurred_at', 'date', 'timestamp', 'time'],
    source: ['source'],
    satisfaction: ['satisfaction', 'csat'],
  },
  visits: {
    visit_id: [
      'visit_id',
      'booking_id',
      'booking_number',
      'reservation_id',
      'reservation_number',
      'confirmation_number',
      'appointment_id',
      'external_id',
    ],
    source: ['source', 'booking_system'],
    customer_external_id: [
      'customer_external_id',
      'customer_id',
      'customer_number',
      'guest_id',
      'profile_id',
    ],
    customer_email: ['customer_email', 'email', 'email_address', 'guest_email'],
    customer_phone: ['customer_phone', 'phone', 'mobile', 'guest_phone'],
    starts_at: ['starts_at', 'start', 'start_time', 'arrival', 'arrival_date', 'arrives_at', 'date', 'time'],
    ends_at: ['ends_at', 'end', 'end_time', 'departure', 'departure_date', 'departs_at'],
    location: ['location', 'property', 'hotel', 'venue', 'outlet', 'restaurant'],
    type: ['type', 'visit_type', 'booking_type'],
    status: ['status', 'booking_status'],
  },
} as const satisfies Record<ImportKind, Record<string, readonly string[]>>;

/** A field an import of `kind` fills, e.g. `ImportField<'orders'>` includes `unit_price`. */
export type ImportField<K extends ImportKind = ImportKind> = keyof (typeof IMPORT_FIELD_ALIASES)[K] & string;

/** Fields that may come from several columns (all are kept): `email`, `email_2`, `Email 3`… */
export const IMPORT_MULTI_FIELDS: { [K in ImportKind]: readonly ImportField<K>[] } = {
  customers: ['email', 'phone'],
  orders: [],
  touchpoints: [],
  visits: [],
};

/**
 * Columns of Rapport's own customer export that an import does not take (ids and times are the
 * system's; the primary e-mail and phone come through `email` and `phone`), so an export
 * re-imports without filling custom attributes with them. Written normalised.
 */
export const IMPORT_EXPORT_ONLY_COLUMNS: Record<ImportKind, readonly string[]> = {
  customers: ['rapportid', 'emails', 'phones', 'createdat', 'updatedat'],
  orders: [],
  touchpoints: [],
  visits: [],
};

/**
 * Columns a file must have, as alternatives: each inner list needs one of its fields, or the
 * whole file fails before any row is read.
 */
export const IMPORT_REQUIRED_COLUMNS: { [K in ImportKind]: readonly (readonly ImportField<K>[])[] } = {
  // The match keys of a customer row (see `customerMatchKeys` on the server).
  customers: [['external_id', 'email', 'phone']],
  orders: [
    ['order_id'],
    ['customer_external_id', 'customer_email'],
    ['occurred_at'],
    ['unit_price', 'total'],
  ],
  touchpoints: [['customer_external_id', 'customer_email'], ['type'], ['occurred_at']],
  visits: [
    ['customer_external_id', 'customer_email', 'customer_phone'],
    ['starts_at'],
    ['location'],
    ['type'],
  ],
};

/**
 * A header as the alias table compares it: lower case, with spaces, underscores, hyphens, dots
 * (and a BOM) removed.
 * @example normalizeHeaderName('E-mail Address') === 'emailaddress'
 */
export function normalizeHeaderName(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');
}
