import type { Channel } from '../shared/contracts/common.js';
import {
  BRQ_FACETS,
  type BrqFacet,
  RELATIONSHIP_TYPES,
  type RelationshipType,
} from '../shared/contracts/relationships.js';
// generate.ts imports this file too. The cycle is safe because nothing at the top level here
// reads a value from generate.ts: they are only used once records are being generated.
import {
  browsingProperties,
  COMPLAINT_TOPICS,
  complaintDesk,
  DAY_MS,
  type DemoOrderRow,
  type DemoRecord,
  type DemoSurveyRow,
  type DrawnRecord,
  type DrawnTruth,
  type GeneratorContext,
  HOTELS,
  type Hotel,
  indexStaff,
  mentionProperties,
  pickStaff,
  reviewProperties,
  SPA_HOTEL,
  SPA_LOCATION,
  type StaffIndex,
  type TouchOptions,
  touchpointRow,
  WEEK_MS,
} from './generate.js';
import type { Random } from './random.js';

/**
 * The relationship a modelled customer has with the group in Fournier's (1998) typology,
 * planted so that a classifier can be validated against it.
 */
export interface PlantedRelationship {
  type: RelationshipType;
  /**
   * Whether the type's behavioural signature was planted. The other 15% behave like anyone
   * else, so a classifier cannot score perfectly by reading the signatures alone.
   */
  signals: boolean;
  /** Whether the customer answered the relationship survey (a second answer is a version 2). */
  survey: boolean;
}

/** New customers are in courtship, or on the rebound from a competitor. */
const COURTSHIP_DAYS = 90;
/** A dropout whose purchases all fell within this many weeks had a fling with us. */
const FLING_WEEKS = 4;
const SIGNAL_SHARE = 0.85;
const SURVEY_SHARE = 0.2;
const SECOND_ANSWER_SHARE = 0.1;
/** Respondents who pick their planted type's sentence; the rest pick another, as people do. */
const TRUE_ANSWER_SHARE = 0.9;

/**
 * The types of established customers and how common they are. Eligibility follows what the
 * type means: a committed partner is still buying and has bought a few times; someone who
 * depends on us, or is stuck with us, comes back; a childhood friend rarely does.
 */
const SETTLED: readonly { type: RelationshipType; weight: number; eligible?: (t: DrawnTruth) => boolean }[] =
  [
    { type: 'committed_partnership', weight: 3, eligible: (t) => t.transactions >= 4 && t.alive },
    { type: 'casual_friends', weight: 2 },
    { type: 'marriage_of_convenience', weight: 2 },
    { type: 'best_friendship', weight: 1.5 },
    { type: 'dependency', weight: 1, eligible: (t) => t.transactions >= 3 },
    { type: 'enslavement', weight: 1, eligible: (t) => t.transactions >= 3 },
    { type: 'compartmentalised_friendship', weight: 1 },
    { type: 'arranged_marriage', weight: 1 },
    { type: 'kinship', weight: 1 },
    { type: 'childhood_friendship', weight: 1, eligible: (t) => t.transactions <= 3 },
    { type: 'secret_affair', weight: 0.8 },
    { type: 'enmity', weight: 0.6 },
  ];

/**
 * Typical survey answers per type, before a ±1 jitter: the six BRQ facets in BRQ_FACETS order
 * (love/passion, self-connection, commitment, interdependence, intimacy, partner quality),
 * then attachment anxiety and avoidance, all 1–7.
 */
const ANSWER_PROFILES: Readonly<Record<RelationshipType, readonly number[]>> = {
  arranged_marriage: [3, 2, 4, 4, 2, 4, 3, 6],
  casual_friends: [4, 3, 3, 2, 3, 5, 2, 4],
  marriage_of_convenience: [3, 2, 3, 4, 2, 5, 2, 4],
  committed_partnership: [6, 6, 7, 5, 6, 7, 2, 2],
  best_friendship: [7, 6, 7, 5, 7, 7, 2, 1],
  compartmentalised_friendship: [5, 4, 5, 3, 4, 6, 2, 4],
  kinship: [5, 6, 6, 5, 5, 5, 2, 2],
  rebound: [3, 3, 2, 2, 2, 4, 4, 4],
  childhood_friendship: [5, 5, 4, 2, 5, 5, 2, 3],
  courtship: [4, 3, 3, 2, 3, 5, 4, 3],
  dependency: [5, 5, 6, 7, 5, 5, 7, 1],
  fling: [6, 3, 1, 1, 3, 5, 3, 6],
  enmity: [1, 2, 2, 2, 1, 1, 5, 5],
  secret_affair: [6, 2, 4, 3, 5, 6, 3, 6],
  enslavement: [1, 1, 3, 6, 1, 2, 4, 5],
};

/** Made-up hotel groups a rebound customer left; none is a real chain. */
const COMPETITORS = [
  'Brightwater Hotels',
  'Casa Verbena Collection',
  'The Ashcombe Group',
  'Lindenhof Stadthotels',
  'Maison Oriel Hôtels',
  'Stellaria Resorts',
] as const;
/** Made-up companies whose travel desks book for their staff. */
const COMPANIES = [
  'Northwind Consulting',
  'Alder & Finch',
  'Kestrel Logistics',
  'Bluewater Pharma',
  'Meridale Audit',
  'Oakridge Engineering',
] as const;
const SUGGESTIONS = [
  { topic: 'breakfast', text: 'Could breakfast start at 6:30 on weekdays? We often have early flights.' },
  { topic: 'rooms', text: 'A kettle and proper loose-leaf tea in the classic rooms would be lovely.' },
  { topic: 'spa', text: 'Please keep a few spa slots after 20:00 for hotel guests.' },
  { topic: 'restaurant', text: 'A shorter tasting menu at lunch would be great for business guests.' },
  { topic: 'check_in', text: 'Let regulars check in on the app and go straight to the room.' },
  { topic: 'housekeeping', text: 'Offer to skip daily housekeeping in exchange for a drink at the bar.' },
  { topic: 'app', text: 'Show the folio in the app before check-out so I can check it on the way down.' },
] as const;
/** What a customer who depends on us calls about between stays: never a new booking. */
const DEPENDENT_CALLS = [
  'checking my booking',
  'question about my stay',
  'asking for my usual room',
] as const;
/** Why a customer who is stuck with us stays, in their own words. */
const TRAPPED_COMMENTS = [
  'only option near the office',
  'the company only reimburses this hotel',
  'nothing else in town has rooms on my dates',
  'I would switch if there were an alternative',
  'the only place with parking near the client',
] as const;

/** One modelled customer while their relationship is being planted. */
interface Life {
  record: DrawnRecord;
  /** First order, Unix ms. */
  firstMs: number;
  /** End of the active period: `now`, or 12 weeks after a dropout's last order. */
  untilMs: number;
}

/**
 * Plants a latent relationship type per modelled customer, from a stream of its own so that
 * everything else the generator draws keeps its values. The type is drawn from what the
 * customer's purchases already say (new, a short burst, many transactions); 85% of customers
 * then get the type's behavioural signature (touch points and attributes), and 20% answer the
 * relationship survey. It only adds touch points, new attribute keys and survey answers, all
 * within the customer's active period and never after `now`.
 */
export class RelationshipPlanner {
  private readonly staff: StaffIndex;

  constructor(
    private readonly ctx: GeneratorContext,
    private readonly rng: Random,
  ) {
    this.staff = indexStaff(ctx.staff);
  }

  plan(record: DrawnRecord): DemoRecord {
    const { rng, ctx } = this;
    const { truth } = record;
    if (!truth) return { ...record, truth: null };
    const times = record.orders.map((o) => o.occurredAt.getTime());
    const firstMs = Math.min(...times);
    const lastMs = Math.max(...times);
    const untilMs = truth.alive ? ctx.endMs : Math.min(ctx.endMs, lastMs + 12 * WEEK_MS);
    const life: Life = { record, firstMs, untilMs };

    const type = this.drawType(truth);
    const signals = rng.chance(SIGNAL_SHARE);
    const survey = rng.chance(SURVEY_SHARE);
    const before = record.touchpoints.length;
    if (signals) this.plantSignature(life, type);
    if (survey) this.answerSurvey(life, type);
    // finish() leaves a customer's touch points in time order; the sort is stable, so the
    // generator's own rows keep their relative order.
    if (record.touchpoints.length > before) {
      record.touchpoints.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    }
    return { ...record, truth: { ...truth, relationship: { type, signals, survey } } };
  }

  private drawType(truth: DrawnTruth): RelationshipType {
    const { rng, ctx } = this;
    if (ctx.endMs - Date.parse(truth.acquiredAt) <= COURTSHIP_DAYS * DAY_MS) {
      return rng.chance(0.75) ? 'courtship' : 'rebound';
    }
    if (!truth.alive && truth.x >= 1 && truth.tx <= FLING_WEEKS && rng.chance(0.8)) return 'fling';
    return rng.weighted(
      SETTLED.filter((s) => s.eligible?.(truth) ?? true).map((s) => [s.type, s.weight] as const),
    );
  }

  private plantSignature(life: Life, type: RelationshipType): void {
    const { rng, ctx } = this;
    const { record, firstMs, untilMs } = life;
    const during = () => rng.uniform(firstMs, untilMs);
    switch (type) {
      case 'courtship':
        // Newness speaks for itself; some sign up for the newsletter around their first visit.
        if (rng.chance(0.5)) {
          this.touch(life, 'web', 'newsletter_signup', firstMs + rng.uniform(-3, 3) * DAY_MS, {
            form: 'footer',
            path: '/newsletter',
          });
        }
        break;
      case 'rebound':
        this.attribute(record, 'acquisitionSource', 'competitor_switch');
        this.attribute(record, 'previousProvider', rng.pick(COMPETITORS));
        break;
      case 'fling':
      case 'casual_friends':
        // A single burst, or pleasant and occasional: the purchases are the whole signature.
        break;
      case 'committed_partnership':
        this.review(life, during(), 5);
        break;
      case 'best_friendship': {
        const kinds = ['suggestion', 'referral', 'review'] as const;
        const planned = [...kinds];
        for (let n = rng.int(3, 5) - kinds.length; n > 0; n--) planned.push(rng.pick(kinds));
        for (const kind of planned) {
          const at = during();
          if (kind === 'review') this.review(life, at, 5);
          else if (kind === 'referral')
            this.touch(life, 'web', 'referral', at, { referredCount: rng.int(1, 3) });
          else {
            const { topic, text } = rng.pick(SUGGESTIONS);
            this.touch(life, rng.chance(0.6) ? 'web' : 'email', 'suggestion', at, { text, topic });
          }
        }
        break;
      }
      case 'compartmentalised_friendship': {
        const place = this.usualPlace(life);
        const fromMs = Math.min(...place.orders.map((o) => o.occurredAt.getTime()));
        for (let n = rng.int(1, 2); n > 0; n--) {
          const at = rng.uniform(fromMs, untilMs);
          this.review(life, at, rng.int(4, 5), { hotel: place.hotel, orders: place.orders });
        }
        break;
      }
      case 'marriage_of_convenience':
        for (let n = rng.int(3, 6); n > 0; n--) {
          this.touch(life, 'web', 'web_visit', during(), browsingProperties(rng, '/offers'));
        }
        // An offer e-mail clicked a few days before at least half of the purchases.
        for (const order of sample(
          rng,
          record.orders,
          rng.int(Math.ceil(record.orders.length / 2), record.orders.length),
        )) {
          const at = order.occurredAt.getTime() - rng.uniform(1, 6) * DAY_MS;
          const campaign = ctx.campaigns.findLast((c) => c.atMs <= at);
          if (campaign)
            this.touch(life, 'email', 'email_click', at, { campaign: campaign.id, url: '/offers' });
        }
        break;
      case 'arranged_marriage':
        this.attribute(record, 'bookedBy', `${rng.pick(COMPANIES)} travel desk`);
        break;
      case 'kinship':
        this.attribute(record, 'familyAccount', true);
        this.attribute(record, 'familySince', new Date(ctx.endMs).getUTCFullYear() - rng.int(15, 40));
        break;
      case 'childhood_friendship': {
        const sinceMs = firstMs - rng.uniform(5, 20) * 365.25 * DAY_MS;
        this.attribute(record, 'customerSince', new Date(sinceMs).toISOString().slice(0, 10));
        break;
      }
      case 'dependency':
        for (let n = rng.int(4, 8); n > 0; n--) {
          this.touch(
            life,
            'phone',
            'call',
            this.phoneTime(firstMs, untilMs),
            { direction: 'inbound', reason: rng.pick(DEPENDENT_CALLS), durationSeconds: rng.int(60, 720) },
            { staff: pickStaff(rng, this.staff, 'call_centre', null, 0.15) },
          );
        }
        break;
      case 'enslavement':
        for (let n = rng.int(2, 4); n > 0; n--) {
          this.touch(
            life,
            'email',
            'feedback_survey',
            during(),
            { comment: rng.pick(TRAPPED_COMMENTS) },
            { satisfaction: rng.int(1, 2) },
          );
        }
        break;
      case 'enmity':
        this.enmity(life);
        break;
      case 'secret_affair':
        this.attribute(record, 'socialSharing', false);
        this.attribute(record, 'marketingConsent', false);
        break;
      default:
        assertNever(type);
    }
  }

  /**
   * An open complaint in the last 60 days of the active period, a negative mention after it,
   * and half the time a one-star review: a customer who is angry now.
   */
  private enmity(life: Life): void {
    const { rng } = this;
    const at = this.phoneTime(life.untilMs - 60 * DAY_MS, life.untilMs);
    const order = orderBefore(life.record.orders, at);
    const hotel = this.hotelOf(order);
    const { channel, staff } = complaintDesk(rng, this.staff, hotel);
    // No `resolved` key: guest relations has not closed it.
    this.touch(
      life,
      channel,
      'complaint',
      at,
      { topic: rng.pick(COMPLAINT_TOPICS), hotel: hotel.name, orderId: order.id },
      { staff, satisfaction: 1 },
    );
    this.touch(
      life,
      'social',
      'social_mention',
      rng.uniform(at, life.untilMs),
      mentionProperties(rng, 'negative', hotel.name),
      { source: 'social-listening' },
    );
    if (rng.chance(0.5)) this.review(life, rng.uniform(at, life.untilMs), 1);
  }

  private answerSurvey(life: Life, type: RelationshipType): void {
    const { rng } = this;
    const profile = ANSWER_PROFILES[type];
    const jitter = (base: number | undefined) => Math.min(7, Math.max(1, (base ?? 4) + rng.int(-1, 1)));
    const versions = rng.chance(SECOND_ANSWER_SHARE) ? 2 : 1;
    let fromMs = life.firstMs;
    for (let version = 1; version <= versions; version++) {
      const answeredMs = Math.round(rng.uniform(fromMs, life.untilMs));
      fromMs = answeredMs;
      const sentence = rng.chance(TRUE_ANSWER_SHARE)
        ? type
        : rng.pick(RELATIONSHIP_TYPES.filter((t) => t !== type));
      const brq: Partial<Record<BrqFacet, number>> = {};
      BRQ_FACETS.forEach((facet, i) => {
        brq[facet] = jitter(profile[i]);
      });
      const row: DemoSurveyRow = {
        id: rng.uuid(answeredMs),
        customerId: life.record.customer.id,
        version,
        sentence,
        brq,
        anxiety: jitter(profile[6]),
        avoidance: jitter(profile[7]),
        source: rng.chance(0.7) ? 'preference_centre' : 'link',
        answeredAt: new Date(answeredMs),
      };
      life.record.surveys.push(row);
    }
  }

  /** A review of an order placed before it; the rating is its satisfaction, as the generator's. */
  private review(
    life: Life,
    atMs: number,
    rating: number,
    about?: { hotel: Hotel; orders: readonly DemoOrderRow[] },
  ): void {
    const order = orderBefore(about?.orders ?? life.record.orders, atMs);
    const hotel = about?.hotel ?? this.hotelOf(order);
    this.touch(life, 'web', 'review', atMs, reviewProperties(this.rng, rating, hotel.name, order.id), {
      satisfaction: rating,
      source: 'reviews',
    });
  }

  /**
   * The place most of the customer's orders were at, and those orders; online shop orders have
   * no place, so a customer with only those gets a hotel drawn for them.
   */
  private usualPlace(life: Life): { hotel: Hotel; orders: DemoOrderRow[] } {
    const byPlace = new Map<string, DemoOrderRow[]>();
    for (const o of life.record.orders) {
      if (o.location !== null) byPlace.set(o.location, [...(byPlace.get(o.location) ?? []), o]);
    }
    let best: DemoOrderRow[] = [];
    for (const orders of byPlace.values()) if (orders.length > best.length) best = orders;
    const hotel = hotelAt(best[0]?.location ?? null);
    return hotel ? { hotel, orders: best } : { hotel: this.rng.pick(HOTELS), orders: life.record.orders };
  }

  /** The order's hotel; an online shop order has none, so one is drawn. */
  private hotelOf(order: DemoOrderRow): Hotel {
    return hotelAt(order.location) ?? this.rng.pick(HOTELS);
  }

  /**
   * A time in [fromMs, toMs] that stays there once a call moves into the call centre's hours:
   * that moves it within its UTC day, so a day's margin on each side is enough.
   */
  private phoneTime(fromMs: number, toMs: number): number {
    return this.rng.uniform(fromMs + DAY_MS, toMs - DAY_MS);
  }

  private touch(
    life: Life,
    channel: Channel,
    type: string,
    atMs: number,
    properties: Record<string, unknown>,
    opts: TouchOptions = {},
  ): void {
    const customerId = life.record.customer.id;
    const row = touchpointRow(this.rng, this.ctx, { customerId, channel, type, atMs, properties, ...opts });
    // A dropout's planted history ends where the generator's browsing does.
    if (row && row.occurredAt.getTime() <= life.untilMs) life.record.touchpoints.push(row);
  }

  /** Only new keys: the planter must not change what the generator drew. */
  private attribute(record: DrawnRecord, key: string, value: unknown): void {
    if (key in record.customer.attributes) throw new Error(`demo attribute ${key} is set already`);
    record.customer.attributes[key] = value;
  }
}

/** The latest order at or before `atMs`, else the first (orders are in time order). */
function orderBefore(orders: readonly DemoOrderRow[], atMs: number): DemoOrderRow {
  return orders.findLast((o) => o.occurredAt.getTime() <= atMs) ?? orders[0]!;
}

/** The hotel a location belongs to: the hotel itself, its restaurant or boutique, or the spa. */
function hotelAt(location: string | null): Hotel | undefined {
  if (location === null) return undefined;
  if (location === SPA_LOCATION) return HOTELS.find((h) => h.code === SPA_HOTEL);
  return HOTELS.find((h) =>
    [`${h.name}, ${h.city}`, `${h.restaurant}, ${h.city}`, `${h.name} boutique, ${h.city}`].includes(
      location,
    ),
  );
}

/** `k` distinct items in random order (a partial Fisher–Yates shuffle). */
function sample<T>(rng: Random, items: readonly T[], k: number): T[] {
  const pool = [...items];
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k);
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}
