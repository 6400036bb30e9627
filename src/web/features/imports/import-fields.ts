import type { ImportField, ImportKind, ImportRejectionCode } from '../../../shared/contracts/imports.js';

/**
 * How the screen names each import field. Keyed by the shared alias table's fields, so a field
 * added on the server is a type error here until it has a label.
 */
export const FIELD_LABELS: { [K in ImportKind]: Record<ImportField<K>, string> } = {
  customers: {
    external_id: 'External id',
    source: 'Id source system',
    email: 'E-mail',
    phone: 'Phone',
    given_name: 'First name',
    family_name: 'Last name',
    full_name: 'Full name',
    birthday: 'Birthday',
    locale: 'Language',
    time_zone: 'Time zone',
    tags: 'Tags',
    prefers_human_service: 'Prefers human service',
    address_line1: 'Address line 1',
    address_line2: 'Address line 2',
    city: 'City',
    region: 'Region / state',
    postal_code: 'Postal code',
    country: 'Country',
    loyalty_number: 'Loyalty number',
  },
  orders: {
    order_id: 'Order id',
    customer_external_id: 'Customer external id',
    customer_email: 'Customer e-mail',
    occurred_at: 'Order date',
    channel: 'Channel',
    location: 'Location / store',
    currency: 'Currency',
    status: 'Status',
    sku: 'SKU',
    description: 'Description',
    quantity: 'Quantity',
    unit_price: 'Unit price',
    is_gift: 'Gift',
    total: 'Order total',
  },
  touchpoints: {
    message_id: 'Message id',
    customer_external_id: 'Customer external id',
    customer_email: 'Customer e-mail',
    channel: 'Channel',
    type: 'Type',
    occurred_at: 'Date and time',
    source: 'Source system',
    satisfaction: 'Satisfaction (1–5)',
  },
  visits: {
    visit_id: 'Booking id',
    source: 'Booking system',
    customer_external_id: 'Customer external id',
    customer_email: 'Customer e-mail',
    customer_phone: 'Customer phone',
    starts_at: 'Start / arrival',
    ends_at: 'End / departure',
    location: 'Location',
    type: 'Type (booking, table, appointment…)',
    status: 'Status',
  },
};

/** The label of a field of `kind`; the raw name for one the table does not know. */
export function fieldLabel(kind: ImportKind, field: string): string {
  return (FIELD_LABELS[kind] as Record<string, string>)[field] ?? field;
}

/** What each kind of file holds, for the first step. */
export const KIND_INFO: Record<ImportKind, { label: string; description: string; example: string }> = {
  customers: {
    label: 'Customers',
    description: 'Guests and clients: one row per person, matched on external id, e-mail or phone.',
    example: 'external_id,first_name,last_name,email,phone,birthday,tags,city,country',
  },
  orders: {
    label: 'Orders',
    description: 'Purchases and bookings: one row per order line, grouped by order id.',
    example: 'order_id,customer_email,occurred_at,channel,sku,description,quantity,unit_price',
  },
  touchpoints: {
    label: 'Touch points',
    description: 'Interactions such as check-ins, calls and reviews, each tied to a known customer.',
    example: 'customer_email,channel,type,occurred_at,satisfaction',
  },
  visits: {
    label: 'Visits',
    description:
      'Upcoming bookings, table reservations and appointments, for the arrivals briefing; each names a known customer.',
    example: 'booking_id,customer_email,arrival,departure,location,type,status,room_type',
  },
};

/** Short explanations of the rejection codes, for the report. */
export const REJECTION_LABELS: Record<ImportRejectionCode, string> = {
  REQUIRED: 'A required value is missing',
  INVALID_EMAIL: 'Not a valid e-mail address',
  INVALID_PHONE: 'Not a valid phone number',
  INVALID_DATE: 'Not a date Rapport can read',
  INVALID_NUMBER: 'Not a number',
  INVALID_VALUE: 'A value that is not allowed',
  TOO_LONG: 'Longer than the field allows',
  CUSTOMER_NOT_FOUND: 'Names a customer the workspace does not have',
  IDENTITY_CONFLICT: 'An e-mail, phone or id belongs to another customer',
  TOO_MANY_COLUMNS: 'More cells than the header has columns',
  TOO_FEW_COLUMNS: 'Fewer cells than the header has columns',
  MALFORMED_CSV: 'The file cannot be read from this line on',
};
