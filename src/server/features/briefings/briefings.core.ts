import {
  BRIEFING_MESSAGE_KINDS,
  type BriefingEvidence,
  type BriefingMessageKind,
  type BriefingSource,
  type BriefingSummary,
  briefingSummaryText,
  NO_MESSAGE_REASONS,
  type NoMessageReason,
} from '../../../shared/contracts/briefings.js';
import type { PlannedAction } from '../../../shared/contracts/relationships.js';
import { VISIT_NOT_TAKING_PLACE } from '../../../shared/contracts/visits.js';
import { assertNever } from '../../lib/app-error.js';

/**
 * "Know Me" recognition messages, computed from one customer's own history with the business.
 * Pure: no I/O, no clock (the briefing day comes in `asOf`), no randomness. The service loads
 * the history of a whole day's customers in a few queries and calls `briefCustomer` per visit.
 */

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

export interface BriefingVisitInput {
  id: string;
  customerId: string;
  startsAt: Date;
  endsAt: Date | null;
  type: string;
  status: string;
  location: string;
  properties: Record<string, unknown>;
}

export interface HistoryTouchpoint {
  id: string;
  type: string;
  channel: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  satisfaction: number | null;
  source: string | null;
}

export interface HistoryOrderLine {
  sku: string | null;
  description: string | null;
  quantity: number;
  unitPriceMinor: number;
  isGift: boolean;
}

export interface HistoryOrder {
  id: string;
  channel: string;
  location: string | null;
  occurredAt: Date;
  status: string;
  lines: HistoryOrderLine[];
}

export interface HistoryNote {
  id: string;
  body: string;
  frontLine: boolean;
  createdAt: Date;
}

export interface BriefingCustomerInput {
  id: string;
  fullName: string;
  prefersHumanService: boolean;
  /** Custom attributes and traits; only the keys in `ATTRIBUTE_KEYS` are read. */
  attributes: Record<string, unknown>;
}

/** Everything the business holds about one customer that a briefing may draw on. */
export interface CustomerHistory {
  customer: BriefingCustomerInput;
  /** Other visits of the customer (any time; only those before `asOf` count as history). */
  visits: BriefingVisitInput[];
  touchpoints: HistoryTouchpoint[];
  orders: HistoryOrder[];
  notes: HistoryNote[];
}

/**
 * Why the business may use a fact. `personalisation`: learnt from what the customer did
 * (milestones, usual choices, what they rated badly) — profiling a customer may refuse.
 * `service`: what the customer told us or what serving them needs (a stated preference, an
 * allergy, a complaint to put right, a note from staff, wanting a person).
 */
export const BRIEFING_PURPOSES = ['personalisation', 'service'] as const;
export type BriefingPurpose = (typeof BRIEFING_PURPOSES)[number];

export interface BriefingOptions {
  /** Start of the briefing day: only what happened before it is history. */
  asOf: Date;
  /** Zone dates in messages are written in (the workspace's). */
  timeZone: string;
  /** Purposes the customer refused; messages relying on any of them are dropped. */
  refusedPurposes: ReadonlySet<string>;
  /** Messages kept per visit, most important first. */
  maxMessages?: number;
  /** Kinds of message the customer's relationship rules hold back (see {@link spokenAction}). */
  withheld?: ReadonlySet<BriefingMessageKind>;
}

/**
 * What saying a message to the customer is, as the relationship policy check sees it: a person
 * serving them face to face, with what the words carry (a milestone is a celebration others at
 * the desk can hear; a preference is personalisation). Null for what staff only need to know (an
 * allergy, a note, wanting a person, the last complaint): that is never held back.
 * @example spokenAction('milestone', visitStart) // { channel: 'in_person', purpose: 'service', contentTags: ['celebration', 'public_recognition'], … }
 */
export function spokenAction(kind: BriefingMessageKind, at: Date): PlannedAction | null {
  const said = (contentTags: string[]): PlannedAction => ({
    channel: 'in_person',
    purpose: 'service',
    contentTags,
    automated: false,
    at: at.toISOString(),
  });
  switch (kind) {
    case 'milestone':
      return said(['celebration', 'public_recognition']);
    case 'preference':
      return said(['personalisation']);
    case 'last_complaint':
    case 'prefers_human':
    case 'front_line_note':
    case 'avoid':
      return null;
    default:
      return assertNever(kind);
  }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

export interface CoreMessage {
  kind: BriefingMessageKind;
  text: string;
  attention: boolean;
  evidence: BriefingEvidence;
  /** The purposes the message relies on. */
  purposes: BriefingPurpose[];
}

export interface CustomerBriefing {
  messages: CoreMessage[];
  /** Set exactly when there are no messages. */
  noMessageReason: NoMessageReason | null;
}

/** About as many as a crew member takes in at a glance; BA aimed at seven per flight, not per guest. */
export const DEFAULT_MAX_MESSAGES = 4;

/** The visit counts that make a milestone. */
export function isMilestone(n: number): boolean {
  return n === 10 || n === 25 || n === 50 || n === 75 || (n >= 100 && n % 50 === 0);
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: visit types, touch-point types and attribute keys the briefing understands
// ---------------------------------------------------------------------------------------------

export type Category = 'stay' | 'dining' | 'spa';

const VISIT_TYPE_CATEGORY: Record<string, Category> = {
  booking: 'stay',
  stay: 'stay',
  room: 'stay',
  room_booking: 'stay',
  hotel: 'stay',
  accommodation: 'stay',
  reservation: 'dining',
  table: 'dining',
  restaurant: 'dining',
  dining: 'dining',
  dinner: 'dining',
  lunch: 'dining',
  appointment: 'spa',
  spa: 'spa',
  treatment: 'spa',
  massage: 'spa',
};

/** What kind of visit a visit type is; null for one the briefing has no history rules for. */
export function categoryOfVisitType(type: string): Category | null {
  return (
    VISIT_TYPE_CATEGORY[
      type
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ] ?? null
  );
}

/**
 * Touch-point types that are an occasion of their category (they start one), and types that
 * only add to an occasion they belong to (same order, or within a stay) and never count alone.
 */
const OCCASION_TOUCHPOINTS: Record<string, Category> = {
  check_in: 'stay',
  restaurant: 'dining',
  restaurant_visit: 'dining',
  spa: 'spa',
  spa_visit: 'spa',
};
const ATTACHED_TOUCHPOINTS: Record<string, Category> = {
  check_out: 'stay',
  room_service: 'stay',
};

/** Touch-point types a briefing reads; the service loads only these. */
export const BRIEFING_TOUCHPOINT_TYPES = [
  ...Object.keys(OCCASION_TOUCHPOINTS),
  ...Object.keys(ATTACHED_TOUCHPOINTS),
  'complaint',
];

/** Order channels whose orders are an occasion of their own. */
const ORDER_CHANNEL_CATEGORY: Record<string, Category> = { restaurant: 'dining', spa: 'spa' };

/**
 * Channels whose touch points the customer did not make with the business: social listening
 * finds posts about the brand, it is not the customer talking to it. Nothing scraped is used.
 */
const NOT_FROM_THE_CUSTOMER = new Set(['social']);

/** Attribute keys (compared without case, spaces, `_` or `-`) and what the briefing reads them as. */
const ATTRIBUTE_KEYS = {
  /** What the customer refused, e.g. "personalisation" — until the consent ledger (#8) exists. */
  consent: ['consentrefused', 'refusedpurposes'],
  /** Something the customer asked for about their room: said on stays only. */
  statedRoom: ['roompreference', 'roompreferences'],
  /** Something the customer asked for, wherever they are. */
  stated: ['preference', 'preferences'],
  /** Dietary needs and allergies: never to be missed. */
  dietary: ['dietary', 'diet', 'allergy', 'allergies'],
  /** Something to avoid, in staff's or the customer's words. */
  avoid: ['avoid'],
} as const;

const normKey = (k: string) => k.toLowerCase().replace(/[\s_\-.]+/g, '');

function attributeValues(attributes: Record<string, unknown>, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (!keys.includes(normKey(key))) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v.trim()) out.push(v.trim());
    }
  }
  return out;
}

/**
 * The purposes a customer refused, read from the attribute `consentRefused` (or
 * `refused_purposes`): a list, or one string separated by commas, semicolons, `|` or spaces.
 * Spelling variants of personalisation count as it. A stand-in for the consent ledger (#8).
 * @example refusedPurposesFromAttributes({ consentRefused: 'personalization; marketing' }) // Set { 'personalisation', 'marketing' }
 */
export function refusedPurposesFromAttributes(attributes: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const value of attributeValues(attributes, ATTRIBUTE_KEYS.consent)) {
    for (const word of value.split(/[,;|\s]+/)) {
      const w = word.trim().toLowerCase();
      if (w) out.add(w === 'personalization' ? 'personalisation' : w);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Complaints (touch points of type complaint until cases exist, #7)
// ---------------------------------------------------------------------------------------------

export interface Complaint {
  id: string;
  source: BriefingSource;
  occurredAt: Date;
  topic: string;
  /** true resolved, false closed unresolved, null not known (still open). */
  resolved: boolean | null;
  outcome: string | null;
  /** How satisfied the customer was with the resolution, 1–5, when asked. */
  satisfactionAfter: number | null;
}

export type ComplaintEnding = 'resolved_well' | 'ended_badly' | 'open';

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'resolved', 'closed']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'unresolved']);

function boolOf(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v !== 'string') return null;
  const w = v.trim().toLowerCase();
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : null;
}

function numberOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

function textOf(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/**
 * The customer's complaints, oldest first. Read from touch points of type `complaint` and their
 * properties `topic` (or `subject`, `reason`), `resolved`, `outcome` (or `resolution`) and
 * `resolutionSatisfaction` (or `satisfactionAfter`); the one place #7 swaps for its cases.
 */
export function complaintsFrom(touchpoints: readonly HistoryTouchpoint[]): Complaint[] {
  return touchpoints
    .filter((t) => t.type === 'complaint' && !NOT_FROM_THE_CUSTOMER.has(t.channel))
    .map((t) => {
      const p = t.properties;
      return {
        id: t.id,
        source: 'touchpoints' as const,
        occurredAt: t.occurredAt,
        topic: textOf(p['topic']) ?? textOf(p['subject']) ?? textOf(p['reason']) ?? 'a complaint',
        resolved: boolOf(p['resolved']),
        outcome: textOf(p['outcome']) ?? textOf(p['resolution']),
        satisfactionAfter: numberOf(p['resolutionSatisfaction'] ?? p['satisfactionAfter']),
      };
    })
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

/**
 * How a complaint ended: badly when it was closed unresolved or the customer was unhappy with
 * the resolution (2/5 or less), open when nothing says it was dealt with.
 */
export function complaintEnding(c: Complaint): ComplaintEnding {
  const unhappy = c.satisfactionAfter !== null && c.satisfactionAfter <= 2;
  if (c.resolved === true) return unhappy ? 'ended_badly' : 'resolved_well';
  if (c.resolved === false) return c.outcome ? 'ended_badly' : 'open';
  if (!c.outcome) return 'open';
  return unhappy ? 'ended_badly' : 'resolved_well';
}

// ---------------------------------------------------------------------------------------------
// Occasions: the customer's stays, meals and spa visits, each counted once
// ---------------------------------------------------------------------------------------------

export interface Occasion {
  category: Category;
  at: Date;
  /** Each record behind it, once. */
  records: { source: BriefingSource; id: string }[];
  roomType: string | null;
  /** Dishes or treatments chosen (fixed-price items and named choices). */
  items: string[];
  /** The lowest satisfaction recorded for it, 1–5. */
  rating: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const roomTypeOf = (p: Record<string, unknown>) => textOf(p['roomType']) ?? textOf(p['room_type']);

/** Named choices in a touch point's or visit's properties (`meal`, `dish`, `treatment`…). */
function namedItems(p: Record<string, unknown>, category: Category): string[] {
  const keys = category === 'spa' ? ['treatment', 'treatments'] : ['meal', 'dish', 'dishes', 'menu'];
  const out: string[] = [];
  for (const k of keys) {
    const v = p[k];
    for (const item of Array.isArray(v) ? v : [v]) {
      const name = textOf(item);
      if (name) out.push(name);
    }
  }
  return out;
}

/**
 * Items that are the customer's own choice: not gifts, and priced the same wherever they occur,
 * since a line whose price varies (a bar tab, spa retail, sundries) is a catch-all, not a dish.
 */
function chosenItems(orders: readonly HistoryOrder[]): Map<string, string[]> {
  const prices = new Map<string, Set<number>>();
  const nameOf = (l: HistoryOrderLine) => l.description?.trim() || l.sku?.trim() || null;
  for (const o of orders) {
    for (const l of o.lines) {
      const name = nameOf(l);
      if (!name || l.isGift || l.quantity <= 0) continue;
      const set = prices.get(name) ?? new Set();
      set.add(l.unitPriceMinor);
      prices.set(name, set);
    }
  }
  const out = new Map<string, string[]>();
  for (const o of orders) {
    const items = new Set<string>();
    for (const l of o.lines) {
      const name = nameOf(l);
      if (name && !l.isGift && l.quantity > 0 && prices.get(name)?.size === 1) items.add(name);
    }
    out.set(o.id, [...items]);
  }
  return out;
}

const takesPlace = (status: string) => !(VISIT_NOT_TAKING_PLACE as readonly string[]).includes(status);

/**
 * The occasions before `asOf`, oldest first. A touch point of an occasion type, a restaurant or
 * spa order, or a past visit starts one; records naming the same order (`properties.orderId`)
 * are one occasion, and a past visit takes in the touch points of its category from 12 hours
 * before its start to its end (a day after the start when it has none): a booking and the
 * check-in it led to are one stay.
 */
export function occasionsOf(history: CustomerHistory, asOf: Date): Occasion[] {
  const before = (d: Date) => d.getTime() < asOf.getTime();
  const orders = history.orders.filter((o) => before(o.occurredAt) && o.status !== 'cancelled');
  const items = chosenItems(orders);
  const ordersById = new Map(orders.map((o) => [o.id, o]));
  const occasions: Occasion[] = [];
  const byOrder = new Map<string, Occasion>();
  const usedOrders = new Set<string>();

  const addOrder = (occasion: Occasion, order: HistoryOrder) => {
    if (usedOrders.has(order.id)) return;
    usedOrders.add(order.id);
    byOrder.set(order.id, occasion);
    occasion.records.push({ source: 'orders', id: order.id });
    if (occasion.category !== 'stay') occasion.items.push(...(items.get(order.id) ?? []));
  };
  const rate = (occasion: Occasion, satisfaction: number | null) => {
    if (satisfaction !== null) occasion.rating = Math.min(occasion.rating ?? satisfaction, satisfaction);
  };

  const touchpoints = history.touchpoints
    .filter((t) => before(t.occurredAt) && !NOT_FROM_THE_CUSTOMER.has(t.channel))
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const attached: HistoryTouchpoint[] = [];
  for (const t of touchpoints) {
    const category = OCCASION_TOUCHPOINTS[t.type];
    if (!category) {
      if (ATTACHED_TOUCHPOINTS[t.type]) attached.push(t);
      continue;
    }
    const orderId = textOf(t.properties['orderId']);
    const existing = orderId ? byOrder.get(orderId) : undefined;
    const occasion: Occasion = existing ?? {
      category,
      at: t.occurredAt,
      records: [],
      roomType: null,
      items: [],
      rating: null,
    };
    if (!existing) occasions.push(occasion);
    occasion.records.push({ source: 'touchpoints', id: t.id });
    occasion.roomType ??= roomTypeOf(t.properties);
    if (category !== 'stay') occasion.items.push(...namedItems(t.properties, category));
    rate(occasion, t.satisfaction);
    const order = orderId ? ordersById.get(orderId) : undefined;
    if (order) addOrder(occasion, order);
  }
  for (const o of orders) {
    const category = ORDER_CHANNEL_CATEGORY[o.channel];
    if (!category || usedOrders.has(o.id)) continue;
    const occasion: Occasion = {
      category,
      at: o.occurredAt,
      records: [],
      roomType: null,
      items: [],
      rating: null,
    };
    occasions.push(occasion);
    addOrder(occasion, o);
  }

  // Past visits absorb the touch-point occasions they led to, else they are occasions themselves.
  const pastVisits = history.visits
    .filter((v) => before(v.startsAt) && takesPlace(v.status))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const absorbed = new Set<Occasion>();
  for (const v of pastVisits) {
    const category = categoryOfVisitType(v.type);
    if (!category) continue;
    const from = v.startsAt.getTime() - 12 * HOUR_MS;
    const to = (v.endsAt ?? new Date(v.startsAt.getTime() + DAY_MS)).getTime();
    const match = occasions.find(
      (o) =>
        !absorbed.has(o) &&
        o.category === category &&
        !o.records.some((r) => r.source === 'visits') &&
        o.at.getTime() >= from &&
        o.at.getTime() <= to,
    );
    const occasion = match ?? {
      category,
      at: v.startsAt,
      records: [],
      roomType: null,
      items: [],
      rating: null,
    };
    if (match) absorbed.add(match);
    else occasions.push(occasion);
    occasion.records.push({ source: 'visits', id: v.id });
    occasion.roomType ??= roomTypeOf(v.properties);
    if (category !== 'stay' && !occasion.items.length)
      occasion.items.push(...namedItems(v.properties, category));
  }

  // Check-outs and room service belong to the stay they name by order, or the one they fall in.
  const stays = occasions.filter((o) => o.category === 'stay');
  for (const t of attached) {
    const orderId = textOf(t.properties['orderId']);
    const stay =
      (orderId ? byOrder.get(orderId) : undefined) ??
      [...stays]
        .reverse()
        .find(
          (s) =>
            s.at.getTime() <= t.occurredAt.getTime() &&
            t.occurredAt.getTime() - s.at.getTime() <= 30 * DAY_MS,
        );
    if (stay?.category !== 'stay') continue;
    stay.records.push({ source: 'touchpoints', id: t.id });
    stay.roomType ??= roomTypeOf(t.properties);
    if (t.type === 'check_out') rate(stay, t.satisfaction);
  }

  for (const o of occasions) o.items = [...new Set(o.items)];
  return occasions.sort((a, b) => a.at.getTime() - b.at.getTime());
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

const CATEGORY_WORDS: Record<Category, { one: string; many: string }> = {
  stay: { one: 'stay', many: 'stays' },
  dining: { one: 'meal', many: 'meals' },
  spa: { one: 'spa visit', many: 'spa visits' },
};

/** 1st, 2nd, 3rd, 4th… 11th, 12th, 13th… 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatDay(d: Date, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
    dateFormats.set(timeZone, f);
  }
  return f.format(d);
}

/** Calendar parts of an instant in a zone. */
function partsIn(d: Date, timeZone: string): { y: number; m: number; day: number } {
  const [y, m, day] = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(d)
    .split('-')
    .map(Number);
  return { y: y ?? 1970, m: m ?? 1, day: day ?? 1 };
}

const MAX_EVIDENCE_IDS = 20;

function evidenceOf(
  records: readonly { source: BriefingSource; id: string }[],
  count: number,
  outOf: number | null = null,
): BriefingEvidence {
  const sources = [...new Set(records.map((r) => r.source))].sort() as BriefingSource[];
  return { sources, ids: [...new Set(records.map((r) => r.id))].slice(0, MAX_EVIDENCE_IDS), count, outOf };
}

/** The value most occasions share, when it is a majority of them and seen at least twice. */
export function usual(
  values: readonly (readonly string[])[],
): { value: string; count: number; outOf: number } | null {
  const withAny = values.filter((v) => v.length > 0);
  const counts = new Map<string, number>();
  for (const v of withAny) for (const item of new Set(v)) counts.set(item, (counts.get(item) ?? 0) + 1);
  let best: { value: string; count: number } | null = null;
  for (const [value, count] of counts) {
    if (!best || count > best.count || (count === best.count && value < best.value)) best = { value, count };
  }
  if (!best || best.count < 2 || best.count * 2 <= withAny.length) return null;
  return { ...best, outOf: withAny.length };
}

/** Lower-cases the first letter unless the words look like a name ("Le Jardin") or an acronym. */
function inline(text: string): string {
  const [first, second] = text.split(/\s+/);
  if (!first || !/^\p{Lu}\p{Ll}*[,.]?$/u.test(first)) return text;
  if (second && /^\p{Lu}/u.test(second)) return text;
  return text[0]!.toLowerCase() + text.slice(1);
}

/** "Nut allergy" from "nut allergy". */
const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

function milestones(
  visit: BriefingVisitInput,
  occasions: readonly Occasion[],
  history: CustomerHistory,
  opts: BriefingOptions,
): CoreMessage[] {
  const out: CoreMessage[] = [];
  const category = categoryOfVisitType(visit.type);
  if (category) {
    const same = occasions.filter((o) => o.category === category);
    const n = same.length + 1;
    if (isMilestone(n)) {
      out.push({
        kind: 'milestone',
        text: `${ordinal(n)} ${CATEGORY_WORDS[category].one} with us`,
        attention: false,
        evidence: evidenceOf(
          same.flatMap((o) => o.records),
          same.length,
        ),
        purposes: ['personalisation'],
      });
    }
  }

  const lastAt = Math.max(
    ...occasions.map((o) => o.at.getTime()),
    ...history.orders
      .filter((o) => o.occurredAt.getTime() < opts.asOf.getTime() && o.status !== 'cancelled')
      .map((o) => o.occurredAt.getTime()),
  );
  const gapDays = (visit.startsAt.getTime() - lastAt) / DAY_MS;
  if (Number.isFinite(lastAt) && gapDays > 365) {
    const last = occasions.at(-1);
    const months = Math.floor(gapDays / 30.44);
    const span =
      months >= 24
        ? `over ${Math.floor(months / 12)} years`
        : months >= 13
          ? `${months} months`
          : 'over a year';
    out.push({
      kind: 'milestone',
      text: `First visit in ${span} (last on ${formatDay(new Date(lastAt), opts.timeZone)}): welcome them back`,
      attention: false,
      evidence: evidenceOf(
        last && last.at.getTime() === lastAt
          ? last.records
          : history.orders
              .filter((o) => o.occurredAt.getTime() === lastAt)
              .map((o) => ({ source: 'orders' as const, id: o.id })),
        1,
      ),
      purposes: ['personalisation'],
    });
  }

  const firstStay = occasions.find((o) => o.category === 'stay');
  if (category === 'stay' && firstStay) {
    const first = partsIn(firstStay.at, opts.timeZone);
    const arrival = partsIn(visit.startsAt, opts.timeZone);
    const arrivalDay = Date.UTC(arrival.y, arrival.m - 1, arrival.day);
    const lastDay = visit.endsAt ? Math.max(arrivalDay, dayOf(visit.endsAt, opts.timeZone)) : arrivalDay;
    // The anniversary in the arrival's year or the next (a stay over New Year).
    for (const y of [arrival.y, arrival.y + 1]) {
      const years = y - first.y;
      const anniversary = Date.UTC(y, first.m - 1, first.day);
      if (years >= 1 && anniversary >= arrivalDay - 3 * DAY_MS && anniversary <= lastDay + 3 * DAY_MS) {
        out.push({
          kind: 'milestone',
          text: `${years} ${years === 1 ? 'year' : 'years'} since their first stay with us (${formatDay(firstStay.at, opts.timeZone)})`,
          attention: false,
          evidence: evidenceOf(firstStay.records, 1),
          purposes: ['personalisation'],
        });
        break;
      }
    }
  }
  return out;
}

function dayOf(d: Date, timeZone: string): number {
  const p = partsIn(d, timeZone);
  return Date.UTC(p.y, p.m - 1, p.day);
}

/** "a deluxe room", "an executive suite". */
function withArticle(noun: string): string {
  const text = inline(noun);
  return `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
}

/** The dishes and treatments the customer usually chooses. */
function usualItems(occasions: readonly Occasion[]): Map<Category, NonNullable<ReturnType<typeof usual>>> {
  const out = new Map<Category, NonNullable<ReturnType<typeof usual>>>();
  for (const c of ['dining', 'spa'] as const) {
    const u = usual(occasions.filter((o) => o.category === c).map((o) => o.items));
    if (u) out.set(c, u);
  }
  return out;
}

function preferences(
  visit: BriefingVisitInput,
  occasions: readonly Occasion[],
  customer: BriefingCustomerInput,
  items: ReadonlyMap<Category, NonNullable<ReturnType<typeof usual>>>,
): CoreMessage[] {
  const out: { message: CoreMessage; category: Category | null }[] = [];
  const of = (c: Category) => occasions.filter((o) => o.category === c);

  const stays = of('stay');
  const room = usual(stays.map((s) => (s.roomType ? [s.roomType] : [])));
  if (room) {
    const backing = stays.filter((s) => s.roomType === room.value);
    const booked = roomTypeOf(visit.properties);
    const differs =
      categoryOfVisitType(visit.type) === 'stay' &&
      booked &&
      booked.toLowerCase() !== room.value.toLowerCase();
    out.push({
      category: 'stay',
      message: {
        kind: 'preference',
        text: `Usually stays in ${withArticle(room.value)} (${room.count} of ${room.outOf} stays)${differs ? `; this booking is ${withArticle(booked)}` : ''}`,
        attention: Boolean(differs),
        evidence: evidenceOf(
          backing.flatMap((s) => s.records),
          room.count,
          room.outOf,
        ),
        purposes: ['personalisation'],
      },
    });
  }

  const verbs: Record<'dining' | 'spa', [string, string]> = {
    dining: ['Usually orders', 'meals'],
    spa: ['Usually books', 'spa visits'],
  };
  for (const category of ['dining', 'spa'] as const) {
    const choice = items.get(category);
    if (!choice) continue;
    const [verb, noun] = verbs[category];
    const backing = of(category).filter((o) => o.items.includes(choice.value));
    out.push({
      category,
      message: {
        kind: 'preference',
        text: `${verb} the ${inline(choice.value)} (${choice.count} of ${choice.outOf} ${noun})`,
        attention: false,
        evidence: evidenceOf(
          backing.flatMap((o) => o.records),
          choice.count,
          choice.outOf,
        ),
        purposes: ['personalisation'],
      },
    });
  }

  // Said by the customer, so it is serving them, not profiling them.
  const visitCategory = categoryOfVisitType(visit.type);
  const stated = [
    ...(visitCategory === 'stay' ? attributeValues(customer.attributes, ATTRIBUTE_KEYS.statedRoom) : []),
    ...attributeValues(customer.attributes, ATTRIBUTE_KEYS.stated),
  ];
  for (const wish of stated) {
    out.push({
      category: null,
      message: {
        kind: 'preference',
        text: `Asked for: ${wish}`,
        attention: false,
        evidence: evidenceOf([{ source: 'profile', id: customer.id }], 1),
        purposes: ['service'],
      },
    });
  }

  // What they asked for, then what they usually choose of the visit's own kind, then — for a
  // hotel guest, who uses the restaurant and the spa too — the rest. The spa does not need the
  // room type, nor the restaurant the treatment.
  const rank = (p: (typeof out)[number]) => (p.category === null ? 0 : p.category === visitCategory ? 1 : 2);
  return out
    .filter((p) => p.category === null || p.category === visitCategory || visitCategory === 'stay')
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p.message);
}

function lastComplaint(
  complaints: readonly Complaint[],
  opts: BriefingOptions,
  visit: BriefingVisitInput,
): CoreMessage[] {
  const last = complaints.filter((c) => c.occurredAt.getTime() < opts.asOf.getTime()).at(-1);
  if (!last) return [];
  const ending = complaintEnding(last);
  const when = formatDay(last.occurredAt, opts.timeZone);
  const evidence = evidenceOf([{ source: last.source, id: last.id }], complaints.length);
  switch (ending) {
    case 'resolved_well':
      // An old complaint put right is not worth bringing up.
      if (visit.startsAt.getTime() - last.occurredAt.getTime() > 730 * DAY_MS) return [];
      return [
        {
          kind: 'last_complaint',
          text: `Complained about ${last.topic} on ${when}; it was put right${last.outcome ? ` (${last.outcome})` : ''}`,
          attention: false,
          evidence,
          purposes: ['service'],
        },
      ];
    case 'ended_badly':
      return [
        {
          kind: 'last_complaint',
          text: `Complained about ${last.topic} on ${when} and it ended badly${last.outcome ? ` (${last.outcome})` : ''}: apologise again`,
          attention: true,
          evidence,
          purposes: ['service'],
        },
      ];
    case 'open':
      return [
        {
          kind: 'last_complaint',
          text: `Complaint about ${last.topic} from ${when} is not resolved yet: apologise and say it is being looked after`,
          attention: true,
          evidence,
          purposes: ['service'],
        },
      ];
  }
}

const NOTE_CHARS = 240;

function frontLineNotes(notes: readonly HistoryNote[]): CoreMessage[] {
  return notes
    .filter((n) => n.frontLine)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, 2)
    .map((n) => {
      const body = n.body.trim().replace(/\s+/g, ' ');
      return {
        kind: 'front_line_note' as const,
        text: body.length > NOTE_CHARS ? `${body.slice(0, NOTE_CHARS - 1)}…` : body,
        attention: false,
        evidence: evidenceOf([{ source: 'notes', id: n.id }], 1),
        purposes: ['service' as const],
      };
    });
}

function avoid(
  occasions: readonly Occasion[],
  customer: BriefingCustomerInput,
  opts: BriefingOptions,
  usualChoices: ReadonlySet<string>,
): CoreMessage[] {
  const out: CoreMessage[] = [];
  const profile = evidenceOf([{ source: 'profile', id: customer.id }], 1);
  for (const d of attributeValues(customer.attributes, ATTRIBUTE_KEYS.dietary)) {
    out.push({
      kind: 'avoid',
      text: `${capitalise(d)}: tell the kitchen${d.toLowerCase().includes('allerg') ? ' and check every dish' : ''}`,
      attention: true,
      evidence: profile,
      purposes: ['service'],
    });
  }
  for (const a of attributeValues(customer.attributes, ATTRIBUTE_KEYS.avoid)) {
    out.push({
      kind: 'avoid',
      text: `Keep away from ${a}`,
      attention: false,
      evidence: profile,
      purposes: ['service'],
    });
  }
  // What they rated 2/5 or less, unless they keep choosing it anyway.
  const disliked = new Map<string, Occasion>();
  for (const o of occasions) {
    if (o.rating === null || o.rating > 2 || o.category === 'stay') continue;
    for (const item of o.items) if (!usualChoices.has(item)) disliked.set(item, o);
  }
  for (const [item, o] of disliked) {
    out.push({
      kind: 'avoid',
      text: `Rated the ${inline(item)} ${o.rating}/5 on ${formatDay(o.at, opts.timeZone)}: suggest something else`,
      attention: false,
      evidence: evidenceOf(o.records, 1),
      purposes: ['personalisation'],
    });
  }
  return out;
}

/** Order staff read messages in: what needs care, then what they were told, then recognition. */
function priority(m: CoreMessage): number {
  if (m.attention) return 0;
  switch (m.kind) {
    case 'front_line_note':
      return 1;
    case 'prefers_human':
      return 2;
    case 'milestone':
      return 3;
    case 'preference':
      return 4;
    case 'avoid':
      return 5;
    case 'last_complaint':
      return 6;
  }
}

/**
 * The recognition messages for one visit: milestones, learnt and stated preferences, the last
 * complaint and how it ended, wanting a person, notes flagged for front-line staff, and what to
 * avoid — most important first, at most `maxMessages`, none relying on a refused purpose. With
 * none, the reason: a first visit, a refusal, or history too thin to say anything.
 * @example briefCustomer(visit, history, { asOf, timeZone: 'Europe/London', refusedPurposes: new Set() })
 */
export function briefCustomer(
  visit: BriefingVisitInput,
  history: CustomerHistory,
  opts: BriefingOptions,
): CustomerBriefing {
  const occasions = occasionsOf(history, opts.asOf);
  const complaints = complaintsFrom(history.touchpoints);
  const items = usualItems(occasions);
  const all: CoreMessage[] = [
    ...milestones(visit, occasions, history, opts),
    ...preferences(visit, occasions, history.customer, items),
    ...lastComplaint(complaints, opts, visit),
    ...(history.customer.prefersHumanService
      ? [
          {
            kind: 'prefers_human' as const,
            text: 'Would rather deal with a person than a kiosk or an app: serve them yourself',
            attention: false,
            evidence: evidenceOf([{ source: 'profile', id: history.customer.id }], 1),
            purposes: ['service' as const],
          },
        ]
      : []),
    ...frontLineNotes(history.notes),
    ...avoid(occasions, history.customer, opts, new Set([...items.values()].map((u) => u.value))),
  ];
  const consented = all.filter((m) => !m.purposes.some((p) => opts.refusedPurposes.has(p)));
  const allowed = consented.filter((m) => !opts.withheld?.has(m.kind));
  const messages = allowed
    .map((m, i) => ({ m, i }))
    .sort((a, b) => priority(a.m) - priority(b.m) || a.i - b.i)
    .slice(0, opts.maxMessages ?? DEFAULT_MAX_MESSAGES)
    .map(({ m }) => m);
  if (messages.length) return { messages, noMessageReason: null };
  if (consented.length) return { messages, noMessageReason: 'relationship_rules' };
  if (all.length) return { messages, noMessageReason: 'consent_refused' };
  const hasHistory =
    occasions.length > 0 ||
    complaints.length > 0 ||
    history.notes.length > 0 ||
    history.orders.some((o) => o.occurredAt.getTime() < opts.asOf.getTime()) ||
    history.touchpoints.some(
      (t) => t.occurredAt.getTime() < opts.asOf.getTime() && !NOT_FROM_THE_CUSTOMER.has(t.channel),
    );
  return { messages, noMessageReason: hasHistory ? 'thin_history' : 'new_customer' };
}

/**
 * The figures above a day's cards. Customers are counted once however many visits they have
 * (a room and a table); so are their messages (the same message on two visits is one).
 * @example summarise(entries).messagesPerCustomer // 1.75: compare with BA's seven per flight
 */
export function summarise(
  entries: readonly {
    customer: { id: string };
    messages: readonly { kind: BriefingMessageKind; text: string }[];
    noMessageReason: NoMessageReason | null;
  }[],
): BriefingSummary {
  const perCustomer = new Map<
    string,
    { messages: Map<string, BriefingMessageKind>; reason: NoMessageReason | null }
  >();
  for (const e of entries) {
    const c = perCustomer.get(e.customer.id) ?? { messages: new Map(), reason: null };
    for (const m of e.messages) c.messages.set(`${m.kind}\u0000${m.text}`, m.kind);
    c.reason ??= e.noMessageReason;
    perCustomer.set(e.customer.id, c);
  }
  const byKind = Object.fromEntries(BRIEFING_MESSAGE_KINDS.map((k) => [k, 0])) as Record<
    BriefingMessageKind,
    number
  >;
  const withoutMessage = Object.fromEntries(NO_MESSAGE_REASONS.map((r) => [r, 0])) as Record<
    NoMessageReason,
    number
  >;
  let messages = 0;
  let customersWithMessage = 0;
  for (const c of perCustomer.values()) {
    for (const kind of c.messages.values()) byKind[kind]++;
    messages += c.messages.size;
    if (c.messages.size) customersWithMessage++;
    else withoutMessage[c.reason ?? 'thin_history']++;
  }
  const customers = perCustomer.size;
  const counts = { customers, customersWithMessage, withoutMessage };
  return {
    visits: entries.length,
    customers,
    customersWithMessage,
    messages,
    messagesPerCustomer: customers ? Math.round((messages / customers) * 100) / 100 : 0,
    withoutMessage,
    byKind,
    text: briefingSummaryText(counts),
  };
}
