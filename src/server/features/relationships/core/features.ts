/**
 * From what the database knows about a customer (counts and flags, read in SQL) to the 0–1
 * relationship features the classifier weighs. Each scaling below is a plain rule a member of
 * staff can check against the 360 page; docs/relationships.md lists them with the data behind.
 */
import type { Features } from './classify.js';

/** One customer's facts as the extraction query reads them; durations in days, as of the run. */
export interface CustomerFacts {
  customerId: string;
  /** Completed orders (not cancelled or refunded, not deleted). */
  orders: number;
  /** Days since the first and since the last completed order; null without orders. */
  firstOrderDaysAgo: number | null;
  lastOrderDaysAgo: number | null;
  /** Orders in the last 180 days, and in the 180 days before those. */
  ordersLast180: number;
  ordersPrev180: number;
  /** Distinct order locations and order channels. */
  locations: number;
  channels: number;
  /** Orders with an e-mail click in the 7 days before (campaign-driven). */
  promotedOrders: number;
  /** Orders with at least one gift line. */
  giftOrders: number;
  /** Web visits to /offers pages and app sessions on the offers screen. */
  offerViews: number;
  /** Suggestions, referrals, positive reviews (4–5), survey answers, suggestion and praise cases. */
  engagement: number;
  /** Complaint touch points without an outcome and complaint cases not resolved or closed. */
  openComplaints: number;
  /** Complaints put right: a resolved complaint touch point or a resolved complaint case. */
  recoveredComplaints: number;
  /** Touch points with a satisfaction score, complaints excluded, and their mean (1–5). */
  rated: number;
  meanSatisfaction: number | null;
  /** Inbound calls for anything but a booking. */
  serviceCalls: number;
  /** Reviews scored 1–2 and social mentions with a negative sentiment. */
  negativeVoice: number;
  prefersHuman: boolean;
  /** attributes.marketingConsent: true, false, or null when not recorded. */
  marketingConsent: boolean | null;
  /** attributes.socialSharing === false. */
  noSocialSharing: boolean;
  /** attributes.bookedBy: a company or agent books for them. */
  bookedByThirdParty: boolean;
  /** attributes.acquisitionSource === 'competitor_switch'. */
  switchedFromCompetitor: boolean;
  /** attributes.familyAccount === true. */
  familyAccount: boolean;
  /** Days since attributes.customerSince (a legacy "customer since" date), or null. */
  customerSinceDaysAgo: number | null;
}

const clamp01 = (v: number) => (v <= 0 ? 0 : v >= 1 ? 1 : v);

/** Five years of history is a full `tenure` (a legacy "customer since" can reach it); six purchases a year a full `frequency`. */
export const FEATURE_SCALES = Object.freeze({
  tenureDays: 1825,
  ordersPerYear: 6,
  recencyDays: 365,
  newnessDays: 90,
  /** A burst: every purchase within this many days… */
  burstSpanDays: 30,
  /** …and nothing since for at least this many. */
  burstSilenceDays: 120,
  offerViews: 4,
  engagement: 5,
  serviceCalls: 4,
  negativeVoice: 2,
});

/**
 * Scales a customer's facts to the classifier's features, each 0–1.
 * @example
 * toFeatures({ ...facts, orders: 6, firstOrderDaysAgo: 365, lastOrderDaysAgo: 10 }).frequency // 1
 */
export function toFeatures(f: CustomerFacts): Features {
  const s = FEATURE_SCALES;
  const orders = f.orders;
  const firstAgo = f.firstOrderDaysAgo;
  const lastAgo = f.lastOrderDaysAgo;
  const since = Math.max(firstAgo ?? 0, f.customerSinceDaysAgo ?? 0);
  const ownTenure = firstAgo ?? 0;
  const share = (n: number) => (orders > 0 ? clamp01(n / orders) : 0);
  // Over at least a year: a new customer's single purchase is not a high yearly rate.
  const years = Math.max(1, ownTenure / 365);
  const span = firstAgo !== null && lastAgo !== null ? firstAgo - lastAgo : 0;
  const unhappy =
    f.rated >= 2 && f.meanSatisfaction !== null && f.meanSatisfaction <= 2.5 ? clamp01(orders / 3) : 0;
  return {
    tenure: clamp01(since / s.tenureDays),
    frequency: clamp01(orders / years / s.ordersPerYear),
    recency: lastAgo === null ? 0 : clamp01(1 - lastAgo / s.recencyDays),
    breadth: clamp01((f.locations + f.channels - 2) / 4),
    promotion_share: share(f.promotedOrders),
    price_sensitivity: clamp01(f.offerViews / s.offerViews),
    engagement: clamp01(f.engagement / s.engagement),
    complaints_open: f.openComplaints > 0 ? 1 : 0,
    complaints_recovered: f.recoveredComplaints > 0 ? 1 : 0,
    gift_share: share(f.giftOrders),
    marketing_opt_out: f.marketingConsent === false ? 1 : 0,
    prefers_human: f.prefersHuman ? 1 : 0,
    discretion: f.noSocialSharing ? 1 : 0,
    single_burst: orders >= 2 && span <= s.burstSpanDays && (lastAgo ?? 0) >= s.burstSilenceDays ? 1 : 0,
    // A step at the courtship window, fading within it: 1 on the first day, 0.5 on the last.
    newness: since < s.newnessDays ? 1 - (0.5 * since) / s.newnessDays : 0,
    no_alternative: unhappy,
    contact_intensity: clamp01(f.serviceCalls / s.serviceCalls),
    negative_voice: clamp01(f.negativeVoice / s.negativeVoice),
    third_party: f.bookedByThirdParty ? 1 : 0,
    switched: f.switchedFromCompetitor ? 1 : 0,
    family: f.familyAccount ? 1 : 0,
  };
}

/** BRQ facets and attachment answers, as the latest survey answer holds them (1–7 each). */
export interface SurveyScales {
  brq: Partial<Record<string, number>>;
  anxiety: number | null;
  avoidance: number | null;
}

/**
 * Relationship strength, 0–1, whatever the type: history, frequency, engagement, a recovered
 * complaint (recovery builds loyalty), recency and breadth, less open grievances. When the
 * customer answered the BRQ facets, their mean (1–7 → 0–1) counts for half.
 */
export function relationshipStrength(x: Features, survey: SurveyScales | null): number {
  const inferred = clamp01(
    0.25 * x.tenure +
      0.2 * x.frequency +
      0.2 * x.engagement +
      0.15 * x.recency +
      0.1 * x.complaints_recovered +
      0.1 * x.breadth -
      0.2 * x.negative_voice -
      0.2 * x.complaints_open,
  );
  const facets = survey ? Object.values(survey.brq).filter((v): v is number => typeof v === 'number') : [];
  if (!facets.length) return inferred;
  const said = (facets.reduce((a, b) => a + b, 0) / facets.length - 1) / 6;
  return clamp01(0.5 * inferred + 0.5 * said);
}
