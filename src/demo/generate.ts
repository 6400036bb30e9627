import {
  base,
  de,
  de_CH,
  en,
  en_GB,
  en_US,
  es,
  Faker,
  fr,
  it,
  type LocaleDefinition,
  nl,
  type Randomizer,
} from '@faker-js/faker';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type {
  customers,
  identities,
  notes,
  orderLines,
  orders,
  products,
  relationshipSurveyResponses,
  tasks,
  touchpoints,
  visits,
} from '../server/db/schema.js';
import {
  buildSearchText,
  displayName,
  type IdentityInput,
  prepareContacts,
} from '../server/features/customers/customer-row.js';
import type { Channel, Role } from '../shared/contracts/common.js';
import type { ContactPoint, PostalAddress } from '../shared/contracts/customers.js';
import { createRandom, type Random } from './random.js';
import { type PlantedRelationship, RelationshipPlanner } from './relationships.js';

// ---------------------------------------------------------------------------------------------
// The model and its recorded truth
// ---------------------------------------------------------------------------------------------

/**
 * The processes behind the demo's purchases, in the parametrisation of Fader, Hardie & Lee:
 * BG/NBD (2005, "Counting your customers the easy way") for when and how often, Gamma-Gamma
 * (2005, "RFM and CLV") for how much. Analytics tests estimate these back from the seeded data.
 */
export const DEMO_MODEL = {
  /** Unit of λ, t_x and T. */
  timeUnit: 'week',
  /** Length of the observation window that ends at `now`; acquisitions are uniform over it. */
  observationWeeks: 104,
  currency: 'EUR',
  bgnbd: {
    /** λ ~ Gamma(shape r, rate alpha), repeat purchases per week: mean r/alpha = 0.0625. */
    r: 0.25,
    alpha: 4,
    /** p ~ Beta(a, b), the chance of dropping out after each repeat purchase: mean 0.24. */
    a: 0.8,
    b: 2.5,
  },
  gammaGamma: {
    /**
     * Each transaction's value z ~ Gamma(shape p, rate ν) in EUR and ν ~ Gamma(shape q, rate
     * gamma): mean spend p·gamma/(q−1) = 120 EUR, a hotel group's mix of dinners and stays.
     */
    p: 6,
    q: 4,
    gamma: 60,
  },
  /** Share of customer records that are a planted second record of another customer. */
  duplicateShare: 0.01,
} as const;
export type DemoModel = typeof DEMO_MODEL;

/** What the generator drew for one modelled customer, and what it led to. */
export interface CustomerTruth {
  id: string;
  /** Time of the first order (ISO 8601, UTC): the start of the customer's BG/NBD clock. */
  acquiredAt: string;
  /** Purchase rate while active, per week. */
  lambda: number;
  /** Probability of dropping out after each repeat purchase. */
  p: number;
  /** Still active at `now` (never dropped out). */
  alive: boolean;
  /** Gamma-Gamma rate of this customer's transaction values, per EUR (mean spend p/ν EUR). */
  nu: number;
  /** Orders, the first included. */
  transactions: number;
  /** Repeat orders: transactions − 1. */
  x: number;
  /** Weeks from the first to the last order. */
  tx: number;
  /** Weeks from the first order to `now`. */
  T: number;
  /** Sum of the order totals, integer minor units of EUR. */
  spendMinor: number;
  /** The Fournier relationship type planted for this customer, for validating a classifier. */
  relationship: PlantedRelationship;
}

/** A planted second record of a modelled customer; identity resolution should find it. */
export interface DuplicateTruth {
  originalId: string;
  duplicateId: string;
  /** What the two records share; e-mails and phones always differ. */
  sharedFields: ('fullName' | 'birthday' | 'address')[];
}

// ---------------------------------------------------------------------------------------------
// Rows (tenant columns and actors are added by the seeder)
// ---------------------------------------------------------------------------------------------

type Tenantless<T> = Required<
  Omit<
    T,
    'workspaceId' | 'createdBy' | 'updatedBy' | 'deletedAt' | 'deletedBy' | 'mergedIntoId' | 'traitTimes'
  >
>;
export type DemoCustomerRow = Tenantless<typeof customers.$inferInsert>;
export type DemoIdentityRow = Tenantless<typeof identities.$inferInsert>;
export type DemoOrderRow = Tenantless<typeof orders.$inferInsert>;
export type DemoOrderLineRow = Tenantless<typeof orderLines.$inferInsert>;
export type DemoTouchpointRow = Tenantless<typeof touchpoints.$inferInsert>;
export type DemoNoteRow = Tenantless<typeof notes.$inferInsert>;
export type DemoTaskRow = Tenantless<typeof tasks.$inferInsert>;
export type DemoProductRow = Tenantless<typeof products.$inferInsert>;
export type DemoVisitRow = Tenantless<typeof visits.$inferInsert>;
/** An answer to the relationship survey; the seeder adds who recorded it. */
export type DemoSurveyRow = Omit<Tenantless<typeof relationshipSurveyResponses.$inferInsert>, 'recordedBy'>;

/** A member of staff; the seeder stores these as users who cannot sign in until given a password. */
export interface DemoStaff {
  id: string;
  name: string;
  email: string;
  role: Role;
  job: StaffJob;
  /** Hotel code, or null for the central call centre and marketing. */
  hotel: string | null;
  createdAt: Date;
}

export type StaffJob = 'front_desk' | 'restaurant' | 'guest_relations' | 'spa' | 'call_centre' | 'marketing';

/** One customer record with everything that hangs off it. */
export interface DemoRecord {
  /** Position in the stream, 0-based, duplicates included. */
  index: number;
  customer: DemoCustomerRow;
  identities: DemoIdentityRow[];
  orders: DemoOrderRow[];
  orderLines: DemoOrderLineRow[];
  touchpoints: DemoTouchpointRow[];
  notes: DemoNoteRow[];
  tasks: DemoTaskRow[];
  /**
   * Upcoming bookings, table reservations and spa appointments from the day of `now` on (the
   * only rows after `now`): what the arrivals briefing lists.
   */
  visits: DemoVisitRow[];
  /** Answers to the relationship survey, oldest first; none for most customers. */
  surveys: DemoSurveyRow[];
  /** The drawn model values; null for a planted duplicate, which has no orders. */
  truth: CustomerTruth | null;
  /** Set on a planted duplicate. */
  duplicate: DuplicateTruth | null;
}

/** The truth `CustomerFactory` draws: all but the relationship, which has a stream of its own. */
export type DrawnTruth = Omit<CustomerTruth, 'relationship'>;
/** A record before the relationship planter has run. */
export type DrawnRecord = Omit<DemoRecord, 'truth'> & { truth: DrawnTruth | null };

export interface DemoOptions {
  /** Any safe integer; the same seed and `now` give the same business, ids included. */
  seed: number;
  /** Customer records to generate, planted duplicates included. */
  customers: number;
  /** End of the observation window; nothing happens after it. */
  now: Date;
}

export interface DemoBusiness {
  model: DemoModel;
  seed: number;
  now: Date;
  window: { start: Date; end: Date; weeks: number };
  /** Customer records `records()` yields, duplicates included. */
  customerCount: number;
  duplicateCount: number;
  products: DemoProductRow[];
  staff: DemoStaff[];
  /** Hotels, restaurants and the spa, as they appear in `orders.location`. */
  locations: string[];
  /**
   * Yields the customer records one at a time, each planted duplicate right after its original,
   * so a caller can stream a million customers without holding them. Every call starts over and
   * yields the same records.
   */
  records(): Generator<DemoRecord>;
}

// ---------------------------------------------------------------------------------------------
// The business: hotels, catalogue, staff, campaigns
// ---------------------------------------------------------------------------------------------

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
export const WEEK_MS = 7 * DAY_MS;

const BRAND = 'Harbour & Vine';
/** RFC 2606 domains only: a demo workspace must never e-mail a real person. */
const STAFF_DOMAIN = 'harbour-and-vine.example';
const MAIL_DOMAINS = [
  'example.com',
  'example.net',
  'example.org',
  'mail.example.com',
  'post.example.net',
  'inbox.example.org',
] as const;

export interface Hotel {
  code: string;
  name: string;
  city: string;
  restaurant: string;
  /** List prices per night of the classic, deluxe and suite rooms, EUR cents. */
  rates: readonly [number, number, number];
}

export const HOTELS: readonly Hotel[] = [
  {
    code: 'LON',
    name: `${BRAND} Covent Garden`,
    city: 'London',
    restaurant: 'The Larder',
    rates: [19_000, 29_000, 52_000],
  },
  {
    code: 'BER',
    name: `${BRAND} Berlin Mitte`,
    city: 'Berlin',
    restaurant: 'Brasserie Mitte',
    rates: [12_000, 18_000, 34_000],
  },
  {
    code: 'PAR',
    name: `${BRAND} Saint-Germain`,
    city: 'Paris',
    restaurant: 'Le Jardin',
    rates: [21_000, 32_000, 60_000],
  },
  {
    code: 'BCN',
    name: `${BRAND} Eixample`,
    city: 'Barcelona',
    restaurant: 'Terraza Eixample',
    rates: [14_000, 21_000, 39_000],
  },
  {
    code: 'AMA',
    name: `${BRAND} Amalfi Resort & Spa`,
    city: 'Amalfi',
    restaurant: 'Osteria del Mare',
    rates: [23_000, 35_000, 70_000],
  },
  {
    code: 'AMS',
    name: `${BRAND} Canal House`,
    city: 'Amsterdam',
    restaurant: 'De Gracht',
    rates: [17_000, 25_000, 46_000],
  },
];
export const SPA_HOTEL = 'AMA';
export const SPA_LOCATION = `${BRAND} Spa, Amalfi`;
const ROOM_TYPES = [
  { code: 'CLS', name: 'Classic room' },
  { code: 'DLX', name: 'Deluxe room' },
  { code: 'STE', name: 'Suite' },
] as const;

type ProductKind = 'room' | 'extra' | 'restaurant' | 'bar' | 'spa' | 'spa_retail' | 'shop' | 'voucher';

interface Product {
  id: string;
  sku: string;
  name: string;
  kind: ProductKind;
  /** List price, EUR cents; null for open-priced lines (a bar tab, spa retail). */
  price: number | null;
  hotel: string | null;
}

interface ProductSpec {
  sku: string;
  name: string;
  kind: ProductKind;
  price: number | null;
}

const EXTRAS: readonly ProductSpec[] = [
  { sku: 'EX-BREAKFAST', name: 'Breakfast buffet (per guest and night)', kind: 'extra', price: 2_400 },
  { sku: 'EX-PARKING', name: 'Valet parking (per night)', kind: 'extra', price: 2_800 },
];
const RESTAURANT_ITEMS: readonly ProductSpec[] = [
  { sku: 'FB-LUNCH', name: 'Set lunch, two courses', kind: 'restaurant', price: 2_400 },
  { sku: 'FB-STARTER', name: 'Starter', kind: 'restaurant', price: 1_400 },
  { sku: 'FB-MAIN', name: 'À la carte main course', kind: 'restaurant', price: 2_900 },
  { sku: 'FB-DESSERT', name: 'Dessert', kind: 'restaurant', price: 1_100 },
  { sku: 'FB-TEA', name: 'Afternoon tea', kind: 'restaurant', price: 4_200 },
  { sku: 'FB-BRUNCH', name: 'Sunday brunch', kind: 'restaurant', price: 5_500 },
  { sku: 'FB-TASTING', name: 'Tasting menu, seven courses', kind: 'restaurant', price: 8_900 },
  { sku: 'FB-WINE', name: 'Bottle of house wine', kind: 'restaurant', price: 3_800 },
  { sku: 'FB-BAR', name: 'Drinks and bar', kind: 'bar', price: null },
];
const SPA_ITEMS: readonly ProductSpec[] = [
  { sku: 'SPA-MANICURE', name: 'Manicure', kind: 'spa', price: 4_500 },
  { sku: 'SPA-CIRCUIT', name: 'Thermal circuit day pass', kind: 'spa', price: 5_500 },
  { sku: 'SPA-PEDICURE', name: 'Pedicure', kind: 'spa', price: 5_500 },
  { sku: 'SPA-SWEDISH-60', name: 'Swedish massage, 60 min', kind: 'spa', price: 9_500 },
  { sku: 'SPA-DEEP-60', name: 'Deep tissue massage, 60 min', kind: 'spa', price: 11_000 },
  { sku: 'SPA-FACIAL-75', name: 'Signature facial, 75 min', kind: 'spa', price: 12_500 },
  { sku: 'SPA-STONE-90', name: 'Hot stone massage, 90 min', kind: 'spa', price: 14_500 },
  { sku: 'SPA-COUPLES-120', name: 'Couples ritual, 120 min', kind: 'spa', price: 29_000 },
  { sku: 'SPA-RETAIL', name: 'Spa boutique products', kind: 'spa_retail', price: null },
];
/**
 * Neighbouring prices differ by at most 35%, so the last line of a shop order can always be an
 * item sold at a markdown of under 26% that makes the order hit its drawn value.
 */
const SHOP_ITEMS: readonly ProductSpec[] = [
  { sku: 'SHOP-SOAP', name: 'Amalfi lemon soap', kind: 'shop', price: 900 },
  { sku: 'SHOP-ROOMSPRAY', name: 'Linen room spray', kind: 'shop', price: 1_200 },
  { sku: 'SHOP-TEA', name: 'Herbal tea collection', kind: 'shop', price: 1_500 },
  { sku: 'SHOP-OLIVEOIL', name: 'Extra virgin olive oil', kind: 'shop', price: 1_900 },
  { sku: 'SHOP-LIMONCELLO', name: 'Limoncello, 50 cl', kind: 'shop', price: 2_400 },
  { sku: 'SHOP-CANDLE', name: 'Scented candle', kind: 'shop', price: 2_900 },
  { sku: 'SHOP-EYEMASK', name: 'Silk eye mask', kind: 'shop', price: 3_500 },
  { sku: 'SHOP-COOKBOOK', name: `${BRAND} kitchen cookbook`, kind: 'shop', price: 4_500 },
  { sku: 'SHOP-SLIPPERS', name: 'Waffle slippers', kind: 'shop', price: 5_900 },
  { sku: 'SHOP-PILLOW', name: 'Signature pillow', kind: 'shop', price: 7_900 },
  { sku: 'SHOP-BATHROBE', name: 'Cotton bathrobe', kind: 'shop', price: 9_900 },
  { sku: 'SHOP-SPABOX', name: 'Spa gift box', kind: 'shop', price: 12_900 },
  { sku: 'SHOP-THROW', name: 'Cashmere throw', kind: 'shop', price: 16_900 },
  { sku: 'SHOP-TOPPER', name: 'Signature mattress topper', kind: 'shop', price: 21_900 },
  { sku: 'SHOP-DUVET', name: 'Signature duvet', kind: 'shop', price: 24_900 },
];
const VOUCHERS: readonly ProductSpec[] = [
  { sku: 'GV-50', name: 'Gift voucher, EUR 50', kind: 'voucher', price: 5_000 },
  { sku: 'GV-100', name: 'Gift voucher, EUR 100', kind: 'voucher', price: 10_000 },
  { sku: 'GV-DINNER', name: 'Gift voucher, dinner for two', kind: 'voucher', price: 15_000 },
  { sku: 'GV-SPA', name: 'Gift voucher, spa day', kind: 'voucher', price: 18_000 },
];

const PRODUCT_CATEGORY: Record<ProductKind, string> = {
  room: 'Rooms',
  extra: 'Stay extras',
  restaurant: 'Food and beverage',
  bar: 'Food and beverage',
  spa: 'Spa',
  spa_retail: 'Spa',
  shop: 'Shop',
  voucher: 'Gift vouchers',
};

interface Catalogue {
  rooms: Map<string, readonly [Product, Product, Product]>;
  bySku: Map<string, Product>;
  all: Product[];
}

function buildCatalogue(rng: Random, createdMs: number): Catalogue {
  const all: Product[] = [];
  const bySku = new Map<string, Product>();
  const add = (spec: ProductSpec, hotel: string | null): Product => {
    const product: Product = { id: rng.uuid(createdMs), ...spec, hotel };
    all.push(product);
    bySku.set(product.sku, product);
    return product;
  };
  const rooms = new Map<string, readonly [Product, Product, Product]>();
  for (const hotel of HOTELS) {
    const [classic, deluxe, suite] = ROOM_TYPES.map((type, i) =>
      add(
        {
          sku: `RN-${hotel.code}-${type.code}`,
          name: `${type.name} night, ${hotel.name}`,
          kind: 'room',
          price: hotel.rates[i] ?? null,
        },
        hotel.code,
      ),
    );
    rooms.set(hotel.code, [classic!, deluxe!, suite!]);
  }
  for (const spec of [...EXTRAS, ...RESTAURANT_ITEMS, ...SPA_ITEMS, ...SHOP_ITEMS, ...VOUCHERS])
    add(spec, null);
  return { rooms, bySku, all };
}

interface Profile {
  locale: string;
  country: CountryCode;
  timeZones: readonly string[];
  faker: LocaleDefinition;
  weight: number;
  /** Mobile number ranges that libphonenumber accepts for every completion of `digits` digits. */
  phonePrefixes: readonly string[];
  phoneDigits: number;
}

/** Guests of a European hotel group: mostly European, some from across the Atlantic. */
const PROFILES: readonly Profile[] = [
  {
    locale: 'en-GB',
    country: 'GB',
    timeZones: ['Europe/London'],
    faker: en_GB,
    weight: 0.24,
    phonePrefixes: ['+44780', '+44781', '+44784', '+44785', '+44786', '+44787'],
    phoneDigits: 7,
  },
  {
    locale: 'de-DE',
    country: 'DE',
    timeZones: ['Europe/Berlin'],
    faker: de,
    weight: 0.18,
    phonePrefixes: ['+49151', '+49170', '+49171', '+49176'],
    phoneDigits: 8,
  },
  {
    locale: 'fr-FR',
    country: 'FR',
    timeZones: ['Europe/Paris'],
    faker: fr,
    weight: 0.14,
    phonePrefixes: ['+3361', '+3362', '+3364', '+3365', '+3366', '+3367', '+3368'],
    phoneDigits: 7,
  },
  {
    locale: 'es-ES',
    country: 'ES',
    timeZones: ['Europe/Madrid'],
    faker: es,
    weight: 0.1,
    phonePrefixes: ['+3460', '+3461', '+3462', '+3463', '+3464', '+3465', '+3466', '+3467', '+3468', '+3469'],
    phoneDigits: 7,
  },
  {
    locale: 'it-IT',
    country: 'IT',
    timeZones: ['Europe/Rome'],
    faker: it,
    weight: 0.1,
    phonePrefixes: ['+39320', '+39328', '+39333', '+39340', '+39347', '+39348'],
    phoneDigits: 7,
  },
  {
    locale: 'nl-NL',
    country: 'NL',
    timeZones: ['Europe/Amsterdam'],
    faker: nl,
    weight: 0.1,
    phonePrefixes: ['+3161', '+3162', '+3163', '+3164', '+3165', '+3168'],
    phoneDigits: 7,
  },
  {
    locale: 'en-US',
    country: 'US',
    timeZones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'],
    faker: en_US,
    weight: 0.09,
    phonePrefixes: [
      '+12122',
      '+12123',
      '+12124',
      '+12126',
      '+12127',
      '+12128',
      '+12129',
      '+16175',
      '+16176',
      '+16177',
    ],
    phoneDigits: 6,
  },
  {
    locale: 'de-CH',
    country: 'CH',
    timeZones: ['Europe/Zurich'],
    faker: de_CH,
    weight: 0.05,
    phonePrefixes: ['+4176', '+4178', '+4179'],
    phoneDigits: 7,
  },
];

const STAFF_PLAN: readonly { job: StaffJob; role: Role; perHotel: number }[] = [
  { job: 'front_desk', role: 'agent', perHotel: 2 },
  { job: 'restaurant', role: 'agent', perHotel: 1 },
  { job: 'guest_relations', role: 'manager', perHotel: 1 },
];
const CENTRAL_STAFF: readonly { job: StaffJob; role: Role; count: number; hotel: string | null }[] = [
  { job: 'spa', role: 'agent', count: 2, hotel: SPA_HOTEL },
  { job: 'call_centre', role: 'agent', count: 3, hotel: null },
  { job: 'marketing', role: 'marketer', count: 1, hotel: null },
];

const HOTEL_COUNTRY: Record<string, LocaleDefinition> = {
  LON: en_GB,
  BER: de,
  PAR: fr,
  BCN: es,
  AMA: it,
  AMS: nl,
};

const CAMPAIGN_SUBJECTS = [
  'New year, new escapes',
  'Winter warmers at the spa',
  'Spring weekends from EUR 149',
  'Easter on the Amalfi coast',
  'Terrace season is open',
  'Summer on the canals',
  'Late summer offers for members',
  'Harvest menus are here',
  'Autumn city breaks',
  'Give the gift of a stay',
  'Christmas at Harbour & Vine',
  'Your year with us',
] as const;

interface Campaign {
  id: string;
  subject: string;
  atMs: number;
}

/** One newsletter on the first Tuesday of each month, 08:00 UTC. */
function campaignCalendar(startMs: number, endMs: number): Campaign[] {
  const out: Campaign[] = [];
  const start = new Date(startMs);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
    if (m === 12) {
      m = 0;
      y++;
    }
    const first = new Date(Date.UTC(y, m, 1, 8));
    const atMs = first.getTime() + ((9 - first.getUTCDay()) % 7) * DAY_MS;
    if (atMs > endMs) break;
    if (atMs >= startMs) {
      out.push({
        id: `newsletter-${y}-${String(m + 1).padStart(2, '0')}`,
        subject: CAMPAIGN_SUBJECTS[m]!,
        atMs,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/** Streams 0..4 of the seed; new kinds of draws get a new stream so old ones keep their values. */
const STREAM = { catalogue: 0, staff: 1, customers: 2, visits: 3, relationships: 4 } as const;

/**
 * Describes the demo hotel group for a seed: its catalogue and staff at once, its customers as
 * a lazy, repeatable stream. Pure: no I/O, no clock, no global randomness.
 * @example
 * const demo = createDemo({ seed: 42, customers: 1000, now: new Date('2025-06-01T00:00:00Z') });
 * for (const record of demo.records()) console.log(record.customer.fullName, record.orders.length);
 */
export function createDemo(options: DemoOptions): DemoBusiness {
  const { seed, now } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isInteger(options.customers) || options.customers < 0) {
    throw new RangeError(`customers must be a non-negative integer, got ${options.customers}`);
  }
  const endMs = now.getTime();
  if (!Number.isFinite(endMs)) throw new RangeError('now must be a valid date');
  const startMs = endMs - DEMO_MODEL.observationWeeks * WEEK_MS;
  const customerCount = options.customers;
  const duplicateCount =
    customerCount < 10 ? 0 : Math.max(1, Math.round(customerCount * DEMO_MODEL.duplicateShare));

  const catalogue = buildCatalogue(createRandom(seed, STREAM.catalogue), startMs);
  const staff = buildStaff(createRandom(seed, STREAM.staff), startMs);
  const campaigns = campaignCalendar(startMs, endMs);

  return {
    model: DEMO_MODEL,
    seed,
    now: new Date(endMs),
    window: { start: new Date(startMs), end: new Date(endMs), weeks: DEMO_MODEL.observationWeeks },
    customerCount,
    duplicateCount,
    products: catalogue.all.map((p) => ({
      id: p.id,
      sku: p.sku,
      name: p.name,
      category: PRODUCT_CATEGORY[p.kind],
      priceMinor: p.price,
      currency: DEMO_MODEL.currency,
      createdAt: new Date(startMs),
      updatedAt: new Date(startMs),
    })),
    staff,
    locations: [
      ...HOTELS.flatMap((h) => [
        `${h.name}, ${h.city}`,
        `${h.restaurant}, ${h.city}`,
        `${h.name} boutique, ${h.city}`,
      ]),
      SPA_LOCATION,
    ],
    records: () =>
      generateRecords({ seed, startMs, endMs, customerCount, duplicateCount, catalogue, staff, campaigns }),
  };
}

function buildStaff(rng: Random, createdMs: number): DemoStaff[] {
  const fakers = new Map<LocaleDefinition, Faker>();
  const fakerFor = (locale: LocaleDefinition) => {
    let f = fakers.get(locale);
    if (!f) {
      f = new Faker({ locale: [locale, en, base], randomizer: randomizerOf(rng) });
      fakers.set(locale, f);
    }
    return f;
  };
  const used = new Set<string>();
  const staff: DemoStaff[] = [];
  const hire = (job: StaffJob, role: Role, hotel: string | null) => {
    const f = fakerFor(hotel ? (HOTEL_COUNTRY[hotel] ?? en_GB) : en_GB);
    const given = f.person.firstName();
    const family = f.person.lastName();
    const base = `${asciiWord(given) || 'staff'}.${asciiWord(family) || 'member'}`;
    let local = base;
    while (used.has(local)) local = `${base}${rng.int(2, 99)}`;
    used.add(local);
    staff.push({
      id: rng.uuid(createdMs),
      name: `${given} ${family}`,
      email: `${local}@${STAFF_DOMAIN}`,
      role,
      job,
      hotel,
      createdAt: new Date(createdMs),
    });
  };
  for (const hotel of HOTELS) {
    for (const plan of STAFF_PLAN)
      for (let i = 0; i < plan.perHotel; i++) hire(plan.job, plan.role, hotel.code);
  }
  for (const plan of CENTRAL_STAFF)
    for (let i = 0; i < plan.count; i++) hire(plan.job, plan.role, plan.hotel);
  return staff;
}

/** Faker draws from our stream, so a seed fixes names and addresses as well as the numbers. */
function randomizerOf(rng: Random): Randomizer {
  return {
    next: () => rng.next(),
    seed: () => {
      throw new Error('demo fakers take their randomness from createRandom; do not reseed them');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

export interface GeneratorContext {
  seed: number;
  startMs: number;
  endMs: number;
  customerCount: number;
  duplicateCount: number;
  catalogue: Catalogue;
  staff: DemoStaff[];
  campaigns: Campaign[];
}

type OrderKind = 'stay' | 'restaurant' | 'spa' | 'shop';

interface LineDraft {
  product: Product;
  quantity: number;
  unitPrice: number;
  isGift: boolean;
  description?: string;
}

function* generateRecords(ctx: GeneratorContext): Generator<DemoRecord> {
  const rng = createRandom(ctx.seed, STREAM.customers);
  const randomizer = randomizerOf(rng);
  const fakers = new Map<Profile, Faker>(
    PROFILES.map((p) => [p, new Faker({ locale: [p.faker, en, base], randomizer })]),
  );
  const profileChoices = PROFILES.map((p) => [p, p.weight] as const);
  const gen = new CustomerFactory(ctx, rng, fakers);
  const bookings = new VisitPlanner(ctx, createRandom(ctx.seed, STREAM.visits));
  const relationships = new RelationshipPlanner(ctx, createRandom(ctx.seed, STREAM.relationships));

  const people = ctx.customerCount - ctx.duplicateCount;
  let nextDuplicate = 0;
  let index = 0;
  for (let person = 0; person < people; person++) {
    // Spread the originals evenly, so every prefix of the stream has its share of duplicates.
    const duplicated =
      nextDuplicate < ctx.duplicateCount &&
      person === Math.floor(((nextDuplicate + 0.5) * people) / ctx.duplicateCount);
    const profile = rng.weighted(profileChoices);
    const drawn = gen.person(index++, profile, duplicated);
    bookings.plan(drawn);
    const record = relationships.plan(drawn);
    yield record;
    if (duplicated) {
      nextDuplicate++;
      yield gen.duplicate(index++, profile, record);
    }
  }
}

interface PersonDraft {
  given: string;
  family: string;
  birthday: string | null;
  address: PostalAddress | null;
}

class CustomerFactory {
  private readonly emailHashes = new Set<number>();
  private orderSeq = 100_000;
  private readonly satisfactionChoices = [
    [5, 0.45],
    [4, 0.3],
    [3, 0.12],
    [2, 0.08],
    [1, 0.05],
  ] as const;
  private readonly staffByJob: StaffIndex;
  private readonly shopItems: Product[];
  private readonly vouchers: Product[];
  private readonly spaTreatments: Product[];
  /** Where each number space starts, drawn per seed so that the first customer is not +44 7800 000000. */
  private readonly offsets: { phone: Map<Profile, number>; pms: number; loyalty: number };

  constructor(
    private readonly ctx: GeneratorContext,
    private readonly rng: Random,
    private readonly fakers: Map<Profile, Faker>,
  ) {
    this.staffByJob = indexStaff(ctx.staff);
    const kind = (k: ProductKind) => ctx.catalogue.all.filter((p) => p.kind === k);
    this.shopItems = kind('shop');
    this.vouchers = kind('voucher');
    this.spaTreatments = kind('spa');
    this.offsets = {
      phone: new Map(PROFILES.map((p) => [p, rng.int(0, phoneSpace(p) - 1)])),
      pms: rng.int(0, PMS_SPACE - 1),
      loyalty: rng.int(0, LOYALTY_SPACE - 1),
    };
  }

  /** A modelled customer: BG/NBD purchase times, Gamma-Gamma values, touch points around them. */
  person(index: number, profile: Profile, willBeDuplicated: boolean): DrawnRecord {
    const { rng, ctx } = this;
    const { bgnbd, gammaGamma } = DEMO_MODEL;
    const faker = this.fakers.get(profile)!;
    const draft = this.drawPerson(faker, profile, willBeDuplicated);

    // BG/NBD: a trial purchase at acquisition, then a Poisson process of rate λ that stops with
    // probability p right after each repeat purchase. The window's end censors it.
    const acquiredMs = ctx.startMs + rng.next() * (ctx.endMs - ctx.startMs);
    const lambda = rng.gamma(bgnbd.r, bgnbd.alpha);
    const p = rng.beta(bgnbd.a, bgnbd.b);
    const nu = rng.gamma(gammaGamma.q, gammaGamma.gamma);
    const times = [acquiredMs];
    let alive = true;
    for (let t = acquiredMs; lambda > 0; ) {
      t += rng.exponential(lambda) * WEEK_MS;
      if (t > ctx.endMs) break;
      times.push(t);
      if (rng.chance(p)) {
        alive = false;
        break;
      }
    }

    const out = emptyParts(index);
    const favourite = rng.pick(HOTELS);
    for (const t of times) {
      // Values below a coffee's price are rounded up to one; at these parameters that is rare.
      const target = Math.max(350, Math.round(rng.gamma(gammaGamma.p, nu) * 100));
      this.order(out, t, target, rng.chance(0.6) ? favourite : rng.pick(HOTELS));
    }
    const orderTimes = out.orders.map((o) => o.occurredAt.getTime());
    const firstMs = Math.min(...orderTimes);
    const lastMs = Math.max(...orderTimes);
    const activeUntil = alive ? ctx.endMs : Math.min(ctx.endMs, lastMs + 12 * WEEK_MS);
    this.background(out, lambda, firstMs, activeUntil, alive, lastMs);
    const spendMinor = out.orders.reduce((sum, o) => sum + o.totalMinor, 0);

    const stays = out.orders.filter((o) => o.externalId?.startsWith('PMS-')).length;
    const spa = out.orders.filter((o) => o.channel === 'spa').length;
    const dining = out.orders.filter((o) => o.channel === 'restaurant').length;
    const tags = new Set<string>();
    if (rng.chance(0.35)) tags.add('leisure');
    if (rng.chance(0.18)) tags.add('business');
    if (rng.chance(0.1)) tags.add('family');
    if (rng.chance(0.04)) tags.add('corporate');
    if (rng.chance(0.02)) tags.add('wedding');
    if (spa > 0 && rng.chance(0.6)) tags.add('wellness');
    if (dining >= 2 && rng.chance(0.6)) tags.add('foodie');
    if (spendMinor >= 300_000) tags.add('vip');
    if (out.orders.length >= 4) tags.add('regular');

    const loyalty = rng.chance(out.orders.length >= 3 ? 0.7 : 0.3);
    const externalIds =
      stays > 0 && rng.chance(0.9)
        ? [{ source: 'pms', value: String(this.unique(index, PMS_SPACE, this.offsets.pms) + PMS_SPACE) }]
        : [];
    const loyaltyNumber = `LK${String(this.unique(index, LOYALTY_SPACE, this.offsets.loyalty)).padStart(8, '0')}`;
    const extraIdentities: IdentityInput[] = loyalty
      ? [{ kind: 'loyalty', source: '', value: loyaltyNumber, rawValue: loyaltyNumber }]
      : [];
    const subscribed = out.touchpoints.some((t) => t.type === 'email_open' || t.type === 'newsletter_signup');
    const attributes: Record<string, unknown> = {
      newsletter: subscribed,
      firstChannel: out.orders.find((o) => o.occurredAt.getTime() === firstMs)?.channel ?? null,
    };
    if (loyalty) attributes['loyaltyTier'] = tier(spendMinor);
    if (rng.chance(0.3)) attributes['roomPreference'] = rng.pick(ROOM_PREFERENCES);
    if (rng.chance(0.15)) attributes['dietary'] = rng.pick(DIETS);

    const hasEmail = rng.chance(0.95);
    const emails: ContactPoint[] = [];
    if (hasEmail) emails.push({ value: this.email(draft, 'personal'), label: 'personal' });
    if (rng.chance(0.18)) emails.push({ value: this.email(draft, 'work', faker), label: 'work' });
    const phones: ContactPoint[] = [];
    if (!emails.length || rng.chance(0.85))
      phones.push({ value: this.phone(2 * index, profile), label: 'mobile' });

    const customer = this.finish(out, {
      draft,
      profile,
      emails,
      phones,
      externalIds,
      extraIdentities,
      tags: [...tags].sort(),
      attributes,
      prefersHumanService: rng.chance(isSenior(draft.birthday, ctx.endMs) ? 0.3 : 0.1),
    });
    this.notes(out, customer.id, firstMs);

    const truth: DrawnTruth = {
      id: customer.id,
      acquiredAt: new Date(firstMs).toISOString(),
      lambda,
      p,
      alive,
      nu,
      transactions: out.orders.length,
      x: out.orders.length - 1,
      tx: (lastMs - firstMs) / WEEK_MS,
      T: (ctx.endMs - firstMs) / WEEK_MS,
      spendMinor,
    };
    return { ...out, customer, truth, duplicate: null };
  }

  /**
   * The same person signing up somewhere else: same name, and the same birthday or address,
   * but a different e-mail and phone, and no orders of its own.
   */
  duplicate(index: number, profile: Profile, original: DemoRecord): DemoRecord {
    const { rng, ctx } = this;
    const o = original.customer;
    const faker = this.fakers.get(profile)!;
    const byBirthday = rng.chance(0.55);
    const draft: PersonDraft = {
      given: o.givenName ?? '',
      family: o.familyName ?? '',
      birthday: byBirthday ? o.birthday : null,
      address: byBirthday ? (rng.chance(0.5) ? this.address(faker, profile) : null) : o.address,
    };
    const out = emptyParts(index);
    const fromMs = Math.min(ctx.endMs, o.createdAt.getTime() + WEEK_MS);
    const atMs = fromMs + rng.next() * (ctx.endMs - fromMs);
    const hotel = rng.pick(HOTELS);
    switch (rng.int(0, 2)) {
      case 0:
        this.touch(out, 'web', 'newsletter_signup', atMs, { form: 'footer', path: '/newsletter' });
        break;
      case 1:
        this.touch(
          out,
          'phone',
          'call',
          atMs,
          {
            direction: 'inbound',
            reason: 'spa booking',
            durationSeconds: rng.int(90, 600),
          },
          { staff: this.staffMember('spa', SPA_HOTEL) },
        );
        this.touch(
          out,
          'spa',
          'spa_booking',
          atMs + rng.int(1, 10) * MINUTE_MS,
          {
            treatment: rng.pick(this.spaTreatments).name,
            appointmentAt: new Date(atMs + rng.int(1, 14) * DAY_MS).toISOString(),
          },
          { staff: this.staffMember('spa', SPA_HOTEL) },
        );
        break;
      default:
        this.touch(
          out,
          'restaurant',
          'reservation',
          atMs,
          {
            restaurant: hotel.restaurant,
            covers: rng.int(2, 6),
            via: 'walk-in',
          },
          { staff: this.staffMember('restaurant', hotel.code) },
        );
    }
    const emails: ContactPoint[] = [
      { value: this.email(draft, rng.chance(0.5) ? 'work' : 'personal', faker) },
    ];
    const phones: ContactPoint[] = [{ value: this.phone(2 * index + 1, profile), label: 'mobile' }];
    const customer = this.finish(out, {
      draft,
      profile,
      emails,
      phones,
      externalIds: [],
      extraIdentities: [],
      tags: [],
      attributes: {},
      prefersHumanService: false,
    });
    const sharedFields: DuplicateTruth['sharedFields'] = ['fullName'];
    if (draft.birthday) sharedFields.push('birthday');
    if (!byBirthday) sharedFields.push('address');
    return {
      ...out,
      customer,
      truth: null,
      duplicate: { originalId: o.id, duplicateId: customer.id, sharedFields },
    };
  }

  private drawPerson(faker: Faker, profile: Profile, complete: boolean): PersonDraft {
    const { rng, ctx } = this;
    const sex = rng.chance(0.5) ? 'female' : 'male';
    const given = faker.person.firstName(sex);
    const family = faker.person.lastName(sex);
    const birthday =
      complete || rng.chance(0.78)
        ? faker.date
            .birthdate({ mode: 'age', min: 18, max: 85, refDate: new Date(ctx.endMs) })
            .toISOString()
            .slice(0, 10)
        : null;
    const address = complete || rng.chance(0.85) ? this.address(faker, profile) : null;
    return { given, family, birthday, address };
  }

  private address(faker: Faker, profile: Profile): PostalAddress {
    const address: PostalAddress = {
      line1: faker.location.streetAddress(),
      city: faker.location.city(),
      postalCode: faker.location.zipCode(),
      country: profile.country,
    };
    if (profile.country === 'US') address.region = faker.location.state({ abbreviated: true });
    return address;
  }

  /**
   * A unique address at an RFC 2606 domain. Hashes of every address handed out so far are kept
   * (4 bytes each, not the strings); a hash collision only costs an unneeded suffix.
   */
  private email(draft: PersonDraft, kind: 'personal' | 'work', faker?: Faker): string {
    const { rng } = this;
    const g = asciiWord(draft.given) || 'guest';
    const f = asciiWord(draft.family) || 'guest';
    const year = draft.birthday?.slice(2, 4) ?? String(rng.int(10, 99));
    let local: string;
    let domain: string;
    if (kind === 'work' && faker) {
      local = rng.chance(0.6) ? `${g}.${f}` : `${g[0]}${f}`;
      domain = `${slug(faker.company.name()) || 'company'}.example.com`;
    } else {
      local = rng.weighted<string>([
        [`${g}.${f}`, 0.35],
        [`${g}${f}`, 0.15],
        [`${g[0]}.${f}`, 0.12],
        [`${g}_${f}`, 0.08],
        [`${f}.${g}`, 0.1],
        [`${g}.${f}${year}`, 0.12],
        [`${g}${rng.int(1, 999)}`, 0.08],
      ]);
      domain = rng.pick(MAIL_DOMAINS);
    }
    let value = `${local}@${domain}`;
    while (this.emailHashes.has(fnv1a(value))) value = `${local}${rng.int(2, 9999)}@${domain}`;
    this.emailHashes.add(fnv1a(value));
    // People type their address as they like; prepareContacts lower-cases it.
    return rng.chance(0.08) ? capitalise(value) : value;
  }

  /**
   * A valid mobile number, unique to `slot`: the slot is mapped one-to-one onto the country's
   * number space (prefixes × 10^digits), so no two customers ever share a phone identity.
   */
  private phone(slot: number, profile: Profile): string {
    const { rng } = this;
    const prefixes = profile.phonePrefixes;
    const v = this.unique(slot, phoneSpace(profile), this.offsets.phone.get(profile) ?? 0);
    const e164 = `${prefixes[v % prefixes.length]}${String(Math.floor(v / prefixes.length)).padStart(profile.phoneDigits, '0')}`;
    const parsed = parsePhoneNumberFromString(e164);
    if (!parsed) return e164;
    return rng.weighted([
      [parsed.formatNational(), 0.6],
      [parsed.formatInternational(), 0.3],
      [e164, 0.1],
    ]);
  }

  /** Slot → a number in [0, size), one-to-one for slots below `size`. */
  private unique(slot: number, size: number, offset: number): number {
    if (slot >= size) throw new RangeError(`demo number space of ${size} exhausted`);
    return (scramble(slot, size) + offset) % size;
  }

  private finish(
    out: Parts,
    input: {
      draft: PersonDraft;
      profile: Profile;
      emails: ContactPoint[];
      phones: ContactPoint[];
      externalIds: { source: string; value: string }[];
      extraIdentities: IdentityInput[];
      tags: string[];
      attributes: Record<string, unknown>;
      prefersHumanService: boolean;
    },
  ): DemoCustomerRow {
    const { rng } = this;
    const { draft, profile } = input;
    const contacts = prepareContacts(input.emails, input.phones, input.externalIds, profile.country);
    const times = [
      ...out.orders.map((o) => o.occurredAt.getTime()),
      ...out.touchpoints.map((t) => t.occurredAt.getTime()),
    ];
    const createdMs = times.length ? Math.min(...times) : this.ctx.endMs;
    const createdAt = new Date(createdMs);
    const id = rng.uuid(createdMs);
    const fullName = displayName({ givenName: draft.given, familyName: draft.family });
    const customer: DemoCustomerRow = {
      id,
      givenName: draft.given,
      familyName: draft.family,
      fullName,
      emails: contacts.emails,
      phones: contacts.phones,
      primaryEmail: contacts.primaryEmail,
      primaryPhone: contacts.primaryPhone,
      address: draft.address,
      birthday: draft.birthday,
      locale: profile.locale,
      timeZone: rng.pick(profile.timeZones),
      tags: input.tags,
      attributes: input.attributes,
      prefersHumanService: input.prefersHumanService,
      provisional: false,
      searchText: buildSearchText(fullName, contacts.emails, contacts.phones),
      createdAt,
      updatedAt: createdAt,
    };
    for (const identity of [...contacts.identities, ...input.extraIdentities]) {
      out.identities.push({
        id: rng.uuid(createdMs),
        customerId: id,
        kind: identity.kind,
        source: identity.source,
        value: identity.value,
        rawValue: identity.rawValue,
        createdAt,
      });
    }
    for (const row of out.orders) row.customerId = id;
    for (const row of out.touchpoints) row.customerId = id;
    for (const row of out.tasks) row.customerId = id;
    // Sorted by time so that a customer's rows insert in index order.
    out.orders.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    out.touchpoints.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    return customer;
  }

  // -------------------------------------------------------------------------------------------
  // Orders
  // -------------------------------------------------------------------------------------------

  /** One transaction of value `target` (EUR cents) at time `t`, as an order and its touch points. */
  private order(out: Parts, t: number, target: number, hotel: Hotel): void {
    const kind = this.orderKind(target);
    switch (kind) {
      case 'stay':
        this.stay(out, t, target, hotel);
        break;
      case 'restaurant':
        this.dinner(out, t, target, hotel);
        break;
      case 'spa':
        this.spaVisit(out, t, target);
        break;
      case 'shop':
        this.shopOrder(out, t, target, hotel);
        break;
      default:
        assertNever(kind);
    }
  }

  /** Bought online (after a visit to the shop pages) or in a hotel boutique. */
  private shopOrder(out: Parts, t: number, target: number, hotel: Hotel): void {
    const { rng } = this;
    const channel = rng.weighted<Channel>([
      ['web', 0.55],
      ['app', 0.15],
      ['store', 0.3],
    ]);
    const at = channel === 'store' ? this.atHour(t, 9, 18) : t;
    const lines = this.shopLines(target);
    const seq = this.orderSeq++;
    const orderId = this.addOrder(out, {
      at,
      channel,
      location: channel === 'store' ? `${hotel.name} boutique, ${hotel.city}` : null,
      externalId: `SHOP-${seq}`,
      lines,
    });
    if (channel !== 'store') {
      this.touch(
        out,
        channel,
        channel === 'web' ? 'web_visit' : 'app_session',
        at - rng.int(3, 25) * MINUTE_MS,
        {
          path: '/shop/checkout',
          pages: rng.int(3, 14),
          cartItems: lines.reduce((n, l) => n + l.quantity, 0),
          orderId,
        },
      );
    }
  }

  /** Which part of the group a transaction of this value happens in. */
  private orderKind(target: number): OrderKind {
    const eur = target / 100;
    const choices: [OrderKind, number][] = [];
    if (eur >= 80) choices.push(['stay', 0.45]);
    if (eur <= 600) choices.push(['restaurant', 0.3]);
    if (eur >= 45 && eur <= 900) choices.push(['spa', 0.12]);
    if (eur >= 9 && eur <= 700) choices.push(['shop', 0.13]);
    return choices.length ? this.rng.weighted(choices) : 'stay';
  }

  /** A hotel stay paid at check-out; the room rate absorbs what the extras leave of `target`. */
  private stay(out: Parts, t: number, target: number, hotel: Hotel): void {
    const { rng } = this;
    const rooms = this.ctx.catalogue.rooms.get(hotel.code)!;
    let type = rng.weighted([
      [0, 0.6],
      [1, 0.3],
      [2, 0.1],
    ]);
    while (type > 0 && target < rooms[type]!.price! * 0.7) type--;
    const room = rooms[type]!;
    const nights = Math.min(28, Math.max(1, Math.round(target / room.price!)));
    const guests = rng.chance(0.55) ? 2 : 1;
    const minRoom = nights * 6_000;
    const extras: LineDraft[] = [];
    let extrasTotal = 0;
    const addExtra = (sku: string, quantity: number, isGift = false) => {
      const product = this.product(sku);
      const cost = product.price! * quantity;
      if (target - extrasTotal - cost < minRoom) return;
      extras.push({ product, quantity, unitPrice: product.price!, isGift });
      extrasTotal += cost;
    };
    if (rng.chance(0.5)) addExtra('EX-BREAKFAST', nights * guests);
    if (rng.chance(0.08)) addExtra('EX-PARKING', nights);
    if (rng.chance(0.02)) addExtra(rng.pick(['GV-50', 'GV-100']), 1, true);
    // Rounding the nightly rate to the cent moves the total by less than `nights` cents.
    const rate = Math.round((target - extrasTotal) / nights);
    const lines: LineDraft[] = [
      { product: room, quantity: nights, unitPrice: rate, isGift: false },
      ...extras,
    ];

    const checkOut = this.atHour(t, 6, 10.5);
    const checkIn = dayStart(checkOut) - nights * DAY_MS + rng.uniform(13, 20) * HOUR_MS;
    const channel = rng.weighted<Channel>([
      ['web', 0.45],
      ['app', 0.1],
      ['phone', 0.22],
      ['email', 0.13],
      ['front_desk', 0.1],
    ]);
    const location = `${hotel.name}, ${hotel.city}`;
    const seq = this.orderSeq++;
    const orderId = this.addOrder(out, {
      at: checkOut,
      channel,
      location,
      externalId: `PMS-${hotel.code}-${seq}`,
      lines,
    });
    const bookedAt = checkIn - rng.gamma(1.2, 1 / 14) * DAY_MS;
    const booking = { hotel: hotel.name, nights, guests, roomType: ROOM_TYPES[type]!.name, orderId };
    switch (channel) {
      case 'web':
        this.touch(out, 'web', 'web_visit', bookedAt, {
          path: `/hotels/${hotel.code.toLowerCase()}/book`,
          pages: rng.int(4, 20),
          booking: true,
          ...booking,
        });
        break;
      case 'app':
        this.touch(out, 'app', 'app_session', bookedAt, { screen: 'booking', booking: true, ...booking });
        break;
      case 'phone':
        this.touch(
          out,
          'phone',
          'call',
          bookedAt,
          { direction: 'inbound', reason: 'booking', durationSeconds: rng.int(120, 900), ...booking },
          { staff: this.staffMember('call_centre', null) },
        );
        break;
      case 'email':
        this.touch(
          out,
          'email',
          'booking_request',
          bookedAt,
          { subject: `Room request, ${hotel.city}`, ...booking },
          { staff: this.staffMember('call_centre', null) },
        );
        break;
      default:
        break;
    }
    const roomNo = `${rng.int(1, 7)}${String(rng.int(1, 40)).padStart(2, '0')}`;
    const kiosk = rng.chance(0.12);
    this.touch(
      out,
      'front_desk',
      'check_in',
      checkIn,
      {
        hotel: hotel.name,
        room: roomNo,
        roomType: booking.roomType,
        nights,
        guests,
        orderId,
        ...(kiosk ? { kiosk: true } : {}),
      },
      { staff: kiosk ? null : this.staffMember('front_desk', hotel.code), source: 'pms' },
    );
    this.touch(
      out,
      'front_desk',
      'check_out',
      checkOut - rng.int(5, 40) * MINUTE_MS,
      { hotel: hotel.name, room: roomNo, orderId },
      {
        staff: this.staffMember('front_desk', hotel.code),
        satisfaction: rng.chance(0.35) ? this.satisfaction() : null,
        source: 'pms',
      },
    );

    const complained = rng.chance(0.04);
    if (complained) this.complaint(out, checkOut, hotel, orderId);
    if (rng.chance(complained ? 0.5 : 0.12)) {
      const rating = complained ? rng.int(1, 2) : this.satisfaction();
      this.touch(
        out,
        'web',
        'review',
        checkOut + rng.uniform(1, 10) * DAY_MS,
        reviewProperties(rng, rating, hotel.name, orderId),
        { satisfaction: rating, source: 'reviews' },
      );
    }
  }

  private complaint(out: Parts, afterMs: number, hotel: Hotel, orderId: string): void {
    const { rng } = this;
    const at = afterMs + rng.uniform(0, 3) * DAY_MS;
    const topic = rng.pick(COMPLAINT_TOPICS);
    const { channel, staff } = complaintDesk(rng, this.staffByJob, hotel);
    if (
      !this.touch(
        out,
        channel,
        'complaint',
        at,
        { topic, hotel: hotel.name, orderId },
        { staff, satisfaction: rng.int(1, 2) },
      )
    )
      return;
    const complaint = out.touchpoints.at(-1)!;
    const manager = this.staffMember('guest_relations', hotel.code, 0);
    const createdMs = Math.min(this.ctx.endMs, at + rng.int(5, 120) * MINUTE_MS);
    const dueMs = at + 2 * DAY_MS;
    const settled = dueMs + 5 * DAY_MS < this.ctx.endMs;
    const status = settled
      ? rng.chance(0.92)
        ? 'done'
        : 'cancelled'
      : rng.pick(['open', 'in_progress'] as const);
    const completedMs =
      status === 'done' ? Math.min(this.ctx.endMs, createdMs + rng.uniform(2, 72) * HOUR_MS) : null;
    // How it ended, as a case system would record it (from the follow-up, no new draws).
    if (status === 'done') Object.assign(complaint.properties, { resolved: true, outcome: REMEDIES[topic] });
    if (status === 'cancelled') {
      Object.assign(complaint.properties, { resolved: false, outcome: 'guest could not be reached' });
    }
    out.tasks.push({
      id: rng.uuid(createdMs),
      customerId: '',
      title: `Follow up complaint: ${topic}`,
      description: `Raised ${channel === 'front_desk' ? 'at the front desk' : `by ${channel}`} after a stay at ${hotel.name}. Call the guest, apologise and agree a remedy.`,
      assigneeId: manager,
      dueAt: new Date(dueMs),
      status,
      completedAt: completedMs === null ? null : new Date(completedMs),
      createdAt: new Date(createdMs),
      updatedAt: new Date(completedMs ?? createdMs),
    });
  }

  private dinner(out: Parts, t: number, target: number, hotel: Hotel): void {
    const { rng } = this;
    const lunch = rng.chance(0.4);
    const at = lunch ? this.atHour(t, 11.5, 14) : this.atHour(t, 18, 21.5);
    const covers = Math.min(10, Math.max(1, Math.round(target / rng.uniform(3_500, 7_000))));
    const perCover = target / covers;
    const lines: LineDraft[] = [];
    let left = target;
    const add = (sku: string, quantity: number) => {
      const product = this.product(sku);
      if (quantity <= 0 || product.price! * quantity > left) return;
      lines.push({ product, quantity, unitPrice: product.price!, isGift: false });
      left -= product.price! * quantity;
    };
    if (perCover >= 12_000) add('FB-TASTING', covers);
    else if (perCover >= 7_000) {
      const menu = rng.int(0, 2);
      if (menu === 0) add('FB-BRUNCH', covers);
      else if (menu === 1) add('FB-TEA', covers);
      else {
        add('FB-STARTER', covers);
        add('FB-MAIN', covers);
      }
    } else if (perCover >= 3_500) add(lunch ? 'FB-LUNCH' : 'FB-MAIN', covers);
    else if (perCover >= 2_400) add('FB-LUNCH', covers);
    if (rng.chance(0.4)) add('FB-DESSERT', covers);
    if (rng.chance(0.5)) add('FB-WINE', Math.floor((left / 3_800) * rng.uniform(0, 0.8)));
    // The bar tab takes the rest, so the bill equals the drawn value to the cent.
    if (left > 0 || lines.length === 0) {
      lines.push({ product: this.product('FB-BAR'), quantity: 1, unitPrice: left, isGift: false });
    }
    const seq = this.orderSeq++;
    const orderId = this.addOrder(out, {
      at,
      channel: 'restaurant',
      location: `${hotel.restaurant}, ${hotel.city}`,
      externalId: `POS-${hotel.code}-${seq}`,
      lines,
    });
    const host = this.staffMember('restaurant', hotel.code);
    if (rng.chance(0.4)) {
      const via = rng.weighted<Channel>([
        ['phone', 0.5],
        ['web', 0.4],
        ['app', 0.1],
      ]);
      this.touch(
        out,
        via,
        'reservation',
        at - rng.uniform(0.2, 10) * DAY_MS,
        { restaurant: hotel.restaurant, covers },
        { staff: via === 'phone' ? host : null },
      );
    }
    this.touch(
      out,
      'restaurant',
      'restaurant_visit',
      at - rng.int(45, 150) * MINUTE_MS,
      {
        restaurant: hotel.restaurant,
        covers,
        table: rng.int(1, 40),
        orderId,
      },
      { staff: host, satisfaction: rng.chance(0.15) ? this.satisfaction() : null, source: 'pos' },
    );
  }

  private spaVisit(out: Parts, t: number, target: number): void {
    const { rng } = this;
    const at = this.atHour(t, 8, 17);
    const lines: LineDraft[] = [];
    let left = target;
    while (lines.length < 3) {
      const fitting = this.spaTreatments.filter((p) => p.price! <= left);
      if (!fitting.length) break;
      const treatment = rng.weighted(fitting.map((p) => [p, p.price!] as const));
      const quantity =
        treatment.sku !== 'SPA-COUPLES-120' && 2 * treatment.price! <= left && rng.chance(0.15) ? 2 : 1;
      lines.push({ product: treatment, quantity, unitPrice: treatment.price!, isGift: false });
      left -= treatment.price! * quantity;
      if (rng.chance(0.45)) break;
    }
    if (left > 0)
      lines.push({ product: this.product('SPA-RETAIL'), quantity: 1, unitPrice: left, isGift: false });
    const seq = this.orderSeq++;
    const orderId = this.addOrder(out, {
      at,
      channel: 'spa',
      location: SPA_LOCATION,
      externalId: `SPA-${seq}`,
      lines,
    });
    const therapist = this.staffMember('spa', SPA_HOTEL);
    const treatments = lines.filter((l) => l.product.kind === 'spa').map((l) => l.product.name);
    if (rng.chance(0.7)) {
      const via = rng.weighted<Channel>([
        ['phone', 0.35],
        ['web', 0.3],
        ['app', 0.1],
        ['front_desk', 0.25],
      ]);
      this.touch(
        out,
        via,
        'spa_booking',
        at - rng.uniform(0.5, 14) * DAY_MS,
        {
          treatments,
          appointmentAt: new Date(at).toISOString(),
        },
        { staff: via === 'phone' || via === 'front_desk' ? this.staffMember('spa', SPA_HOTEL) : null },
      );
    }
    this.touch(
      out,
      'spa',
      'spa_visit',
      at - rng.int(60, 180) * MINUTE_MS,
      { treatments, orderId },
      {
        staff: therapist,
        satisfaction: rng.chance(0.25) ? this.satisfaction() : null,
        source: 'spa-system',
      },
    );
  }

  /**
   * Items at list price while more than the dearest item is left (or by chance), then one item
   * priced at exactly what remains: the cheapest at or above it, marked down.
   */
  private shopLines(target: number): LineDraft[] {
    const { rng } = this;
    const cheapest = this.shopItems[0]!.price!;
    const dearest = this.shopItems[this.shopItems.length - 1]!.price!;
    const lines: LineDraft[] = [];
    let left = target;
    while (left > dearest || (left >= 2 * cheapest && rng.chance(0.35))) {
      // Keeping at least the cheapest price back guarantees the closing line can be priced.
      const room = left - cheapest;
      const pool = [...this.shopItems, ...(rng.chance(0.1) ? this.vouchers : [])].filter(
        (p) => p.price! <= room,
      );
      if (!pool.length) break;
      const product = rng.pick(pool);
      const quantity = 2 * product.price! <= room && rng.chance(0.2) ? 2 : 1;
      const isGift = product.kind === 'voucher' || rng.chance(0.1);
      lines.push({ product, quantity, unitPrice: product.price!, isGift });
      left -= product.price! * quantity;
    }
    const closing = this.shopItems.find((p) => p.price! >= left)!;
    lines.push({
      product: closing,
      quantity: 1,
      unitPrice: left,
      isGift: rng.chance(0.1),
      description: left < closing.price! ? `${closing.name} (sale)` : closing.name,
    });
    return lines;
  }

  private addOrder(
    out: Parts,
    o: { at: number; channel: Channel; location: string | null; externalId: string; lines: LineDraft[] },
  ): string {
    const id = this.rng.uuid(o.at);
    const occurredAt = new Date(o.at);
    let total = 0;
    o.lines.forEach((line, i) => {
      total += line.quantity * line.unitPrice;
      out.orderLines.push({
        orderId: id,
        lineNo: i + 1,
        productId: line.product.id,
        sku: line.product.sku,
        description: line.description ?? line.product.name,
        quantity: line.quantity,
        unitPriceMinor: line.unitPrice,
        isGift: line.isGift,
      });
    });
    out.orders.push({
      id,
      externalId: o.externalId,
      customerId: '',
      channel: o.channel,
      location: o.location,
      occurredAt,
      currency: DEMO_MODEL.currency,
      totalMinor: total,
      status: 'completed',
      createdAt: occurredAt,
      updatedAt: occurredAt,
    });
    return id;
  }

  // -------------------------------------------------------------------------------------------
  // Touch points that are not tied to an order
  // -------------------------------------------------------------------------------------------

  private background(
    out: Parts,
    lambda: number,
    firstMs: number,
    untilMs: number,
    alive: boolean,
    lastMs: number,
  ) {
    const { rng, ctx } = this;
    // People who buy often browse often; browsing stops some weeks after they drop out. Rates
    // are kept modest: touch points are most of the rows, and 10,000 customers seed in seconds.
    const webRate = Math.min(0.25, 0.01 + lambda);
    for (let t = Math.max(ctx.startMs, firstMs - 8 * WEEK_MS); ; ) {
      t += rng.exponential(webRate) * WEEK_MS;
      if (t > untilMs) break;
      this.touch(out, 'web', 'web_visit', t, browsingProperties(rng, rng.pick(WEB_PATHS)));
    }
    if (rng.chance(0.15)) {
      const appRate = Math.min(0.2, 0.02 + lambda);
      for (let t = firstMs; ; ) {
        t += rng.exponential(appRate) * WEEK_MS;
        if (t > untilMs) break;
        this.touch(out, 'app', 'app_session', t, {
          screen: rng.pick(['home', 'offers', 'my-stays', 'spa', 'restaurants']),
          durationSeconds: Math.round(rng.gamma(2, 1 / 60)),
          os: rng.pick(['ios', 'android']),
        });
      }
    }
    if (rng.chance(0.45)) {
      const openRate = rng.beta(2, 5);
      for (const c of ctx.campaigns) {
        if (c.atMs < firstMs) continue;
        const engaged = alive || c.atMs < lastMs + 12 * WEEK_MS;
        if (!rng.chance(engaged ? openRate : openRate * 0.4)) continue;
        const openedAt = c.atMs + rng.exponential(1 / 6) * HOUR_MS;
        this.touch(out, 'email', 'email_open', openedAt, { campaign: c.id, subject: c.subject });
        if (rng.chance(0.25)) {
          this.touch(out, 'email', 'email_click', openedAt + rng.int(1, 300) * 1000, {
            campaign: c.id,
            url: rng.pick(WEB_PATHS),
          });
        }
      }
    }
    if (rng.chance(0.04)) {
      for (let i = rng.int(1, 2); i > 0; i--) {
        const sentiment = rng.weighted([
          ['positive', 0.6],
          ['neutral', 0.25],
          ['negative', 0.15],
        ]);
        this.touch(
          out,
          'social',
          'social_mention',
          rng.uniform(firstMs, ctx.endMs),
          mentionProperties(rng, sentiment),
          { source: 'social-listening' },
        );
      }
    }
    if (rng.chance(0.08)) {
      this.touch(
        out,
        'phone',
        'call',
        rng.uniform(firstMs, ctx.endMs),
        {
          direction: 'inbound',
          reason: rng.pick([
            'invoice copy',
            'lost property',
            'gift voucher',
            'opening hours',
            'accessibility',
          ]),
          durationSeconds: rng.int(60, 720),
        },
        {
          staff: this.staffMember('call_centre', null),
          satisfaction: rng.chance(0.1) ? this.satisfaction() : null,
        },
      );
    }
  }

  private notes(out: Parts, customerId: string, firstMs: number): void {
    const { rng, ctx } = this;
    if (!rng.chance(0.07)) return;
    const templates = [...NOTE_TEMPLATES];
    for (let n = rng.int(1, 2); n > 0 && templates.length; n--) {
      const body = templates.splice(rng.int(0, templates.length - 1), 1)[0]!;
      const createdMs = rng.uniform(firstMs, ctx.endMs);
      out.notes.push({
        id: rng.uuid(createdMs),
        customerId,
        body,
        frontLine: FRONT_LINE_NOTES.has(body),
        createdAt: new Date(createdMs),
        updatedAt: new Date(createdMs),
      });
    }
  }

  /**
   * Adds a touch point unless it falls outside the observation window (a check-in before the
   * window opened, a review not yet written). Returns whether it was added.
   */
  private touch(
    out: Parts,
    channel: Channel,
    type: string,
    atMs: number,
    properties: Record<string, unknown>,
    opts: TouchOptions = {},
  ): boolean {
    const row = touchpointRow(this.rng, this.ctx, {
      customerId: '',
      channel,
      type,
      atMs,
      properties,
      ...opts,
    });
    if (row) out.touchpoints.push(row);
    return row !== null;
  }

  private satisfaction(): number {
    return this.rng.weighted(this.satisfactionChoices);
  }

  /**
   * A member of staff with `job` at `hotel`, or null 15% of the time (kiosk, unassigned, not
   * recorded), or never null when `nullShare` is 0.
   */
  private staffMember(job: StaffJob, hotel: string | null, nullShare = 0.15): string | null {
    return pickStaff(this.rng, this.staffByJob, job, hotel, nullShare);
  }

  private product(sku: string): Product {
    const p = this.ctx.catalogue.bySku.get(sku);
    if (!p) throw new Error(`demo catalogue has no ${sku}`);
    return p;
  }

  private atHour(t: number, fromHour: number, toHour: number): number {
    return withinHours(this.rng, this.ctx, t, fromHour, toHour);
  }
}

// ---------------------------------------------------------------------------------------------
// Touch point rows and their properties (shared with the relationship planter)
// ---------------------------------------------------------------------------------------------

/** The observation window, Unix milliseconds: nothing happens outside it. */
interface Window {
  startMs: number;
  endMs: number;
}

export interface TouchOptions {
  staff?: string | null;
  satisfaction?: number | null;
  source?: string;
}

/**
 * A touch point row, or null when it falls outside the observation window (a check-in before
 * the window opened, a review not yet written).
 */
export function touchpointRow(
  rng: Random,
  window: Window,
  t: {
    customerId: string;
    channel: Channel;
    type: string;
    atMs: number;
    properties: Record<string, unknown>;
  } & TouchOptions,
): DemoTouchpointRow | null {
  const { channel } = t;
  // The call centre answers from 08:00 to 20:00, whatever the process drew.
  const when = channel === 'phone' ? withinHours(rng, window, t.atMs, 8, 20) : t.atMs;
  if (when < window.startMs || when > window.endMs) return null;
  const at = Math.round(when);
  const id = rng.uuid(at);
  const source = t.source ?? SOURCE_BY_CHANNEL[channel];
  return {
    id,
    customerId: t.customerId,
    channel,
    type: t.type,
    occurredAt: new Date(at),
    receivedAt: new Date(Math.min(window.endMs, at + Math.round(rng.exponential(1 / 120) * 1000))),
    properties: t.properties,
    source,
    // Event-API channels carry the sender's message id; staff-entered ones do not.
    messageId: channel === 'web' || channel === 'app' || channel === 'email' ? `${source}:${id}` : null,
    staffUserId: t.staff ?? null,
    satisfaction: t.satisfaction ?? null,
  };
}

/**
 * A time on the same UTC day as `t`, between the two hours (when the business is open); `t`
 * itself when that would leave the window.
 */
function withinHours(rng: Random, window: Window, t: number, fromHour: number, toHour: number): number {
  const at = dayStart(t) + rng.uniform(fromHour, toHour) * HOUR_MS;
  return at < window.startMs || at > window.endMs ? t : at;
}

/** A `web_visit`'s properties: a browsing session that lands on `path`. */
export function browsingProperties(rng: Random, path: string): Record<string, unknown> {
  return {
    path,
    pages: 1 + rng.poisson(3),
    durationSeconds: Math.round(rng.gamma(1.5, 1 / 120)),
    device: rng.pick(['mobile', 'mobile', 'desktop', 'tablet']),
    referrer: rng.pick(['google', 'direct', 'newsletter', 'instagram', 'tripadvisor']),
  };
}

/** A `review`'s properties; its satisfaction is the rating. */
export function reviewProperties(
  rng: Random,
  rating: number,
  hotel: string,
  orderId: string,
): Record<string, unknown> {
  return {
    platform: rng.pick(['tripadvisor', 'google', 'booking.com']),
    rating,
    title: rng.pick(REVIEW_TITLES[rating]!),
    hotel,
    orderId,
  };
}

/** A `social_mention`'s properties: about `hotel`, or a hotel drawn after the network. */
export function mentionProperties(rng: Random, sentiment: string, hotel?: string): Record<string, unknown> {
  return {
    network: rng.pick(['instagram', 'x', 'facebook', 'tiktok']),
    sentiment,
    hotel: hotel ?? rng.pick(HOTELS).name,
  };
}

/** How a guest complains, and who takes it: the desk of the hotel, or the call centre. */
export function complaintDesk(
  rng: Random,
  index: StaffIndex,
  hotel: Hotel,
): { channel: Channel; staff: string | null } {
  const channel = rng.weighted<Channel>([
    ['front_desk', 0.4],
    ['email', 0.3],
    ['phone', 0.3],
  ]);
  const staff =
    channel === 'front_desk'
      ? pickStaff(rng, index, 'front_desk', hotel.code, 0.15)
      : pickStaff(rng, index, 'call_centre', null, 0.15);
  return { channel, staff };
}

/** Staff by job and hotel (`front_desk:LON`, `call_centre:`). */
export type StaffIndex = ReadonlyMap<string, readonly DemoStaff[]>;

export function indexStaff(staff: readonly DemoStaff[]): StaffIndex {
  const index = new Map<string, DemoStaff[]>();
  for (const s of staff) {
    const key = `${s.job}:${s.hotel ?? ''}`;
    index.set(key, [...(index.get(key) ?? []), s]);
  }
  return index;
}

/**
 * A member of staff with `job` at `hotel`, or null `nullShare` of the time (kiosk, unassigned,
 * not recorded).
 */
export function pickStaff(
  rng: Random,
  index: StaffIndex,
  job: StaffJob,
  hotel: string | null,
  nullShare: number,
): string | null {
  const list = index.get(`${job}:${hotel ?? ''}`);
  if (!list?.length || rng.chance(nullShare)) return null;
  return rng.pick(list).id;
}

// ---------------------------------------------------------------------------------------------
// Helpers and word lists
// ---------------------------------------------------------------------------------------------

/** A record while it is being built: the customer row comes last, once its history is known. */
type Parts = Omit<DemoRecord, 'customer' | 'truth' | 'duplicate'>;

function emptyParts(index: number): Parts {
  return {
    index,
    identities: [],
    orders: [],
    orderLines: [],
    touchpoints: [],
    notes: [],
    tasks: [],
    visits: [],
    surveys: [],
  };
}

/** Days from the day of `now` that upcoming visits are booked over. */
const UPCOMING_DAYS = 14;

type VisitKind = 'booking' | 'table' | 'appointment';

/**
 * Upcoming visits, drawn from a stream of their own so the history keeps its values. Customers
 * still buying come back in proportion to their rate, to the kind of place they went before
 * (a stay, a dinner, the spa); the day of `now` gets a bigger share, so the arrivals screen of a
 * freshly seeded demo is full. A few guests have refused personalisation (the attribute the
 * briefing reads until consents exist, #8).
 */
class VisitPlanner {
  private seq = 500_000;
  private readonly places = new Map<string, { hotel: Hotel; kind: VisitKind }>();

  constructor(
    private readonly ctx: GeneratorContext,
    private readonly rng: Random,
  ) {
    for (const hotel of HOTELS) {
      this.places.set(`${hotel.name}, ${hotel.city}`, { hotel, kind: 'booking' });
      this.places.set(`${hotel.restaurant}, ${hotel.city}`, { hotel, kind: 'table' });
    }
    this.places.set(SPA_LOCATION, { hotel: HOTELS.find((h) => h.code === SPA_HOTEL)!, kind: 'appointment' });
  }

  plan(record: DrawnRecord): void {
    const { rng, ctx } = this;
    const truth = record.truth;
    if (!truth) return;
    const chance = truth.alive ? Math.min(0.95, 0.35 + 8 * truth.lambda) : 0.05;
    if (!rng.chance(chance)) return;
    const past = record.orders.filter((o) => o.location !== null && this.places.has(o.location));
    if (!past.length) return;
    const place = this.places.get(rng.pick(past).location!)!;
    const today = dayStart(ctx.endMs);
    const day = rng.chance(0.3) ? 0 : rng.int(0, UPCOMING_DAYS - 1);
    const { hotel, kind } = place;
    let startMs: number;
    let endMs: number;
    let location: string;
    let properties: Record<string, unknown>;
    let source: string;
    let externalId: string;
    const seq = this.seq++;
    switch (kind) {
      case 'booking': {
        const nights = rng.weighted([
          [1, 0.35],
          [2, 0.3],
          [3, 0.2],
          [5, 0.1],
          [7, 0.05],
        ]);
        startMs = today + day * DAY_MS + rng.uniform(13, 19) * HOUR_MS;
        endMs = dayStart(startMs) + nights * DAY_MS + rng.uniform(8, 10.5) * HOUR_MS;
        location = `${hotel.name}, ${hotel.city}`;
        const usual = record.touchpoints.filter((t) => t.type === 'check_in').at(-1)?.properties['roomType'];
        const roomType =
          typeof usual === 'string' && rng.chance(0.7) ? usual : rng.pick(ROOM_TYPES.map((r) => r.name));
        properties = { roomType, nights, guests: rng.chance(0.55) ? 2 : 1 };
        source = 'pms';
        externalId = `PMS-${hotel.code}-R${seq}`;
        break;
      }
      case 'table':
        startMs =
          today + day * DAY_MS + (rng.chance(0.4) ? rng.uniform(11.5, 13.5) : rng.uniform(18, 21)) * HOUR_MS;
        endMs = startMs + rng.int(75, 150) * MINUTE_MS;
        location = `${hotel.restaurant}, ${hotel.city}`;
        properties = { covers: rng.int(1, 6) };
        source = 'pos';
        externalId = `TBL-${hotel.code}-${seq}`;
        break;
      case 'appointment': {
        startMs = today + day * DAY_MS + rng.int(16, 34) * 30 * MINUTE_MS;
        endMs = startMs + rng.pick([60, 75, 90, 120]) * MINUTE_MS;
        location = SPA_LOCATION;
        properties = { treatment: rng.pick(SPA_ITEMS.filter((i) => i.kind === 'spa')).name };
        source = 'spa-system';
        externalId = `SPA-BK-${seq}`;
        break;
      }
      default:
        assertNever(kind);
    }
    const bookedMs = Math.min(ctx.endMs, startMs - rng.uniform(1, 45) * DAY_MS);
    const startsAt = Math.round(startMs);
    record.visits.push({
      id: rng.uuid(bookedMs),
      customerId: record.customer.id,
      startsAt: new Date(startsAt),
      endsAt: new Date(Math.round(endMs)),
      location,
      type: kind,
      // Today's earlier arrivals are in; a few bookings fall through.
      status:
        startsAt <= ctx.endMs
          ? 'arrived'
          : rng.chance(0.05)
            ? 'cancelled'
            : rng.chance(0.5)
              ? 'confirmed'
              : 'booked',
      source,
      externalId,
      properties,
      createdAt: new Date(Math.round(bookedMs)),
      updatedAt: new Date(Math.round(bookedMs)),
    });
    if (rng.chance(0.04)) record.customer.attributes['consentRefused'] = 'personalisation';
  }
}

const SOURCE_BY_CHANNEL: Record<Channel, string> = {
  web: 'web-analytics',
  app: 'app',
  email: 'esp',
  phone: 'telephony',
  sms: 'sms-gateway',
  chat: 'chat',
  store: 'pos',
  front_desk: 'pms',
  restaurant: 'pos',
  spa: 'spa-system',
  social: 'social-listening',
  post: 'mailroom',
  other: 'other',
};

const WEB_PATHS = [
  '/',
  '/offers',
  '/hotels/lon',
  '/hotels/ber',
  '/hotels/par',
  '/hotels/bcn',
  '/hotels/ama',
  '/hotels/ams',
  '/spa',
  '/restaurants',
  '/shop',
  '/gift-vouchers',
  '/members',
] as const;

export const COMPLAINT_TOPICS = [
  'noise at night',
  'room not clean on arrival',
  'billing error',
  'slow check-in',
  'air conditioning broken',
  'booking not found',
  'cold food from room service',
] as const;

/** What guest relations did about each kind of complaint. */
const REMEDIES: Record<(typeof COMPLAINT_TOPICS)[number], string> = {
  'noise at night': 'moved to a quieter room',
  'room not clean on arrival': 'room cleaned and a night refunded',
  'billing error': 'bill corrected',
  'slow check-in': 'apologised, welcome drink',
  'air conditioning broken': 'moved to another room',
  'booking not found': 'room found and upgraded',
  'cold food from room service': 'meal refunded',
};

const REVIEW_TITLES: Record<number, readonly string[]> = {
  1: ['Very disappointing', 'Not what we paid for'],
  2: ['Below expectations', 'Nice place, poor service'],
  3: ['Fine for a night', 'Mixed feelings'],
  4: ['Lovely stay', 'Great location, friendly staff'],
  5: ['Perfect in every way', 'We will be back', 'Best hotel breakfast ever'],
};

const ROOM_PREFERENCES = [
  'high floor',
  'quiet room',
  'twin beds',
  'near the lift',
  'bath rather than shower',
] as const;
const DIETS = ['vegetarian', 'vegan', 'gluten-free', 'lactose-free', 'nut allergy'] as const;

const NOTE_TEMPLATES = [
  'Prefers a quiet room away from the lift.',
  'Allergic to tree nuts: tell the kitchen before every meal.',
  'Likes a high floor with a view; asked twice.',
  'Celebrates a wedding anniversary every spring; a card from the manager went down well.',
  'Travels with a small dog; book a pet-friendly room.',
  'Asks for extra pillows and a firm mattress topper.',
  'Regular business traveller who values express check-out.',
  'Prefers to be addressed formally.',
  'Had a billing mix-up last time; double-check the folio at check-out.',
  'Loves the tasting menu; tell them when it changes.',
] as const;

/** Notes the desk, the restaurant and the spa must see when the guest arrives: flagged for front-line staff. */
const FRONT_LINE_NOTES: ReadonlySet<string> = new Set<(typeof NOTE_TEMPLATES)[number]>([
  'Allergic to tree nuts: tell the kitchen before every meal.',
  'Travels with a small dog; book a pet-friendly room.',
  'Prefers to be addressed formally.',
  'Had a billing mix-up last time; double-check the folio at check-out.',
]);

function tier(spendMinor: number): string {
  if (spendMinor >= 500_000) return 'platinum';
  if (spendMinor >= 200_000) return 'gold';
  if (spendMinor >= 60_000) return 'silver';
  return 'blue';
}

function isSenior(birthday: string | null, nowMs: number): boolean {
  if (!birthday) return false;
  return nowMs - Date.parse(`${birthday}T00:00:00Z`) >= 65 * 365.25 * DAY_MS;
}

const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

const PMS_SPACE = 10_000_000;
const LOYALTY_SPACE = 100_000_000;
const phoneSpace = (p: Profile) => p.phonePrefixes.length * 10 ** p.phoneDigits;

/**
 * A bijection of [0, size) that scatters neighbours: `slot · m mod size` with m near the golden
 * section of size and coprime to it. Unique numbers that do not look sequential.
 */
function scramble(slot: number, size: number): number {
  let m = Math.floor(size * 0.6180339887) | 1;
  while (gcd(m, size) !== 1) m += 2;
  // Split the product so it stays exact in doubles for sizes up to 10^9.
  const hi = Math.floor(m / 65_536);
  const lo = m % 65_536;
  return ((((slot % size) * hi) % size) * 65_536 + (slot % size) * lo) % size;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}

/** Lower-case ASCII letters of a name: "Müller-Lüdenscheidt" → "muellerluedenscheidt". */
function asciiWord(name: string): string {
  return name
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[äæ]/g, 'ae')
    .replace(/[öøœ]/g, 'oe')
    .replace(/ü/g, 'ue')
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/, '');
}

function capitalise(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.replace(/(^|[._])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase())}@${domain}`;
}

/** FNV-1a, 32 bits: a cheap fingerprint for the uniqueness check. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}
