import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BRQ_FACETS, RELATIONSHIP_TYPES, type RelationshipType } from '../shared/contracts/relationships.js';
import { createDemo, type DemoRecord } from './generate.js';

const NOW = new Date('2025-06-01T09:30:00.000Z');
const SEED = 20_240_917;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Attribute keys only the planter writes. */
const PLANTED_ATTRIBUTES = [
  'acquisitionSource',
  'previousProvider',
  'bookedBy',
  'familyAccount',
  'familySince',
  'customerSince',
  'socialSharing',
  'marketingConsent',
];
const DEPENDENT_CALLS = ['checking my booking', 'question about my stay', 'asking for my usual room'];

describe('planted relationship types', () => {
  const demo = createDemo({ seed: SEED, customers: 4_000, now: NOW });
  const records = [...demo.records()];
  const nowMs = NOW.getTime();
  const startMs = demo.window.start.getTime();
  const modelled = records.flatMap((r) => {
    if (!r.truth) return [];
    const times = r.orders.map((o) => o.occurredAt.getTime());
    const firstMs = Math.min(...times);
    const lastMs = Math.max(...times);
    const untilMs = r.truth.alive ? nowMs : Math.min(nowMs, lastMs + 12 * WEEK);
    return [{ r, truth: r.truth, rel: r.truth.relationship, firstMs, lastMs, untilMs }];
  });
  type Modelled = (typeof modelled)[number];
  const of = (type: RelationshipType) => modelled.filter((m) => m.rel.type === type);
  const share = (list: readonly Modelled[], test: (m: Modelled) => boolean) =>
    list.filter(test).length / list.length;
  const touches = (m: Modelled, type: string) => m.r.touchpoints.filter((t) => t.type === type);
  /** Whether `m` carries a signature; the planted-only ones must appear exactly when planted. */
  const exactlyWhenPlanted = (type: RelationshipType, signature: (m: Modelled) => boolean) => {
    const wrong = modelled.filter((m) => signature(m) !== (m.rel.type === type && m.rel.signals));
    expect(wrong.map((m) => `${m.rel.type}/${m.rel.signals}`)).toEqual([]);
    expect(of(type).filter((m) => m.rel.signals).length).toBeGreaterThan(20);
  };

  it('gives every modelled customer a relationship and planted duplicates none', () => {
    expect(modelled.length).toBe(3_960);
    for (const { rel } of modelled) {
      expect(RELATIONSHIP_TYPES).toContain(rel.type);
      expect(typeof rel.signals).toBe('boolean');
      expect(typeof rel.survey).toBe('boolean');
    }
    const duplicates = records.filter((r) => r.duplicate);
    expect(duplicates).toHaveLength(40);
    for (const d of duplicates) {
      expect(d.truth).toBeNull();
      expect(d.surveys).toEqual([]);
      expect(Object.keys(d.customer.attributes)).toEqual([]);
    }
  });

  it('draws the type from what the purchases already say', () => {
    for (const m of modelled) {
      const isNew = nowMs - m.firstMs <= 90 * DAY;
      expect(['courtship', 'rebound'].includes(m.rel.type)).toBe(isNew);
      if (m.rel.type === 'fling') {
        expect(m.truth.alive).toBe(false);
        expect(m.truth.x).toBeGreaterThanOrEqual(1);
        expect(m.truth.tx).toBeLessThanOrEqual(4);
      }
      if (m.rel.type === 'committed_partnership') {
        expect(m.truth.alive).toBe(true);
        expect(m.truth.transactions).toBeGreaterThanOrEqual(4);
      }
      if (m.rel.type === 'dependency' || m.rel.type === 'enslavement')
        expect(m.truth.transactions).toBeGreaterThanOrEqual(3);
      if (m.rel.type === 'childhood_friendship') expect(m.truth.transactions).toBeLessThanOrEqual(3);
    }
    const counts = new Map(RELATIONSHIP_TYPES.map((t) => [t, of(t).length]));
    for (const [type, n] of counts) expect(n, type).toBeGreaterThanOrEqual(40);
    // New customers are mostly courting (75%), and most dead short bursts were flings (80%).
    const isNew = modelled.filter((m) => nowMs - m.firstMs <= 90 * DAY);
    expect(share(isNew, (m) => m.rel.type === 'courtship')).toBeGreaterThan(0.68);
    expect(share(isNew, (m) => m.rel.type === 'courtship')).toBeLessThan(0.82);
    expect(counts.get('marriage_of_convenience')!).toBeGreaterThan(counts.get('enmity')!);
  });

  it('plants signatures for 85% and surveys 20%, independently', () => {
    const signals = share(modelled, (m) => m.rel.signals);
    expect(signals).toBeGreaterThan(0.8);
    expect(signals).toBeLessThan(0.9);
    const surveyed = modelled.filter((m) => m.rel.survey);
    expect(surveyed.length / modelled.length).toBeGreaterThan(0.17);
    expect(surveyed.length / modelled.length).toBeLessThan(0.23);
    expect(Math.abs(share(surveyed, (m) => m.rel.signals) - signals)).toBeLessThan(0.05);
    for (const m of modelled) expect(m.r.surveys.length > 0).toBe(m.rel.survey);
  });

  it('records survey answers that mostly name the planted type, with plausible BRQ profiles', () => {
    const surveyed = modelled.filter((m) => m.rel.survey);
    const latest = (m: Modelled) => m.r.surveys.at(-1)!;
    const matching = share(surveyed, (m) => latest(m).sentence === m.rel.type);
    expect(matching).toBeGreaterThan(0.85);
    expect(matching).toBeLessThan(0.95);
    const twice = share(surveyed, (m) => m.r.surveys.length === 2);
    expect(twice).toBeGreaterThan(0.05);
    expect(twice).toBeLessThan(0.16);
    const rows = surveyed.flatMap((m) => m.r.surveys.map((s) => ({ m, s })));
    const ids = new Set(rows.map(({ s }) => s.id));
    expect(ids.size).toBe(rows.length);
    for (const { m, s } of rows) {
      expect(s.customerId).toBe(m.r.customer.id);
      expect(RELATIONSHIP_TYPES).toContain(s.sentence);
      expect(['preference_centre', 'link']).toContain(s.source);
      expect(s.answeredAt.getTime()).toBeGreaterThanOrEqual(m.firstMs);
      expect(s.answeredAt.getTime()).toBeLessThanOrEqual(m.untilMs);
      expect(Object.keys(s.brq).sort()).toEqual([...BRQ_FACETS].sort());
      for (const v of [...Object.values(s.brq), s.anxiety, s.avoidance]) {
        expect(Number.isInteger(v) && v! >= 1 && v! <= 7).toBe(true);
      }
    }
    for (const m of surveyed) {
      expect(m.r.surveys.map((s) => s.version)).toEqual(m.r.surveys.map((_, i) => i + 1));
      if (m.r.surveys.length === 2)
        expect(m.r.surveys[1]!.answeredAt.getTime()).toBeGreaterThanOrEqual(
          m.r.surveys[0]!.answeredAt.getTime(),
        );
    }
    expect(
      share(
        rows.map(({ m }) => m),
        (m) => m.r.surveys[0]!.source === 'preference_centre',
      ),
    ).toBeGreaterThan(0.6);
    const answers = (type: RelationshipType) => rows.filter(({ m }) => m.rel.type === type).map(({ s }) => s);
    for (const type of ['committed_partnership', 'best_friendship'] as const) {
      for (const s of answers(type)) {
        expect(s.brq.commitment).toBeGreaterThanOrEqual(6);
        expect(s.brq.partner_quality).toBeGreaterThanOrEqual(6);
      }
    }
    for (const type of ['enslavement', 'enmity'] as const) {
      for (const s of answers(type)) {
        expect(s.brq.love_passion).toBeLessThanOrEqual(3);
        expect(s.brq.partner_quality).toBeLessThanOrEqual(3);
      }
    }
    for (const s of answers('dependency')) {
      expect(s.brq.interdependence).toBeGreaterThanOrEqual(6);
      expect(s.anxiety).toBeGreaterThanOrEqual(6);
    }
    for (const type of ['secret_affair', 'fling', 'arranged_marriage'] as const)
      for (const s of answers(type)) expect(s.avoidance).toBeGreaterThanOrEqual(5);
  });

  it('sets the signature attributes exactly when the signature was planted', () => {
    const attrs = (m: Modelled) => m.r.customer.attributes;
    const year = NOW.getUTCFullYear();
    exactlyWhenPlanted('rebound', (m) => attrs(m)['acquisitionSource'] === 'competitor_switch');
    exactlyWhenPlanted('rebound', (m) => typeof attrs(m)['previousProvider'] === 'string');
    exactlyWhenPlanted('arranged_marriage', (m) => /^\S.* travel desk$/.test(String(attrs(m)['bookedBy'])));
    exactlyWhenPlanted('kinship', (m) => attrs(m)['familyAccount'] === true);
    exactlyWhenPlanted('kinship', (m) => {
      const since = attrs(m)['familySince'];
      return typeof since === 'number' && since >= year - 40 && since <= year - 15;
    });
    exactlyWhenPlanted('childhood_friendship', (m) => {
      const since = attrs(m)['customerSince'];
      if (typeof since !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(since)) return false;
      const years = (m.firstMs - Date.parse(`${since}T00:00:00Z`)) / (365.25 * DAY);
      return years >= 4.99 && years <= 20.01;
    });
    exactlyWhenPlanted(
      'secret_affair',
      (m) => attrs(m)['socialSharing'] === false && attrs(m)['marketingConsent'] === false,
    );
    const used = new Set(modelled.flatMap((m) => Object.keys(attrs(m))));
    for (const key of PLANTED_ATTRIBUTES) expect(used).toContain(key);
  });

  it('plants the touch-point signatures exactly when the signature was planted', () => {
    exactlyWhenPlanted('best_friendship', (m) => {
      const suggestions = touches(m, 'suggestion');
      const referrals = touches(m, 'referral');
      if (!suggestions.length || !referrals.length) return false;
      for (const s of suggestions) {
        expect(['web', 'email']).toContain(s.channel);
        expect(typeof s.properties['text']).toBe('string');
        expect(typeof s.properties['topic']).toBe('string');
      }
      for (const r of referrals) expect([1, 2, 3]).toContain(r.properties['referredCount']);
      return touches(m, 'review').some((t) => t.satisfaction === 5);
    });
    exactlyWhenPlanted('enslavement', (m) => {
      const surveys = touches(m, 'feedback_survey');
      if (surveys.length === 0) return false;
      expect(surveys.length).toBeGreaterThanOrEqual(2);
      expect(surveys.length).toBeLessThanOrEqual(4);
      for (const s of surveys) {
        expect(s.channel).toBe('email');
        expect([1, 2]).toContain(s.satisfaction);
        expect(typeof s.properties['comment']).toBe('string');
      }
      return true;
    });
    exactlyWhenPlanted('dependency', (m) => {
      const calls = touches(m, 'call').filter((t) =>
        DEPENDENT_CALLS.includes(String(t.properties['reason'])),
      );
      if (calls.length === 0) return false;
      expect(calls.length).toBeGreaterThanOrEqual(4);
      expect(calls.length).toBeLessThanOrEqual(8);
      for (const c of calls) expect(c.properties['direction']).toBe('inbound');
      return true;
    });
  });

  it('plants behaviour that also occurs naturally whenever the signature was planted, and rarely otherwise', () => {
    const planted = (type: RelationshipType) => of(type).filter((m) => m.rel.signals);
    const others = (type: RelationshipType) => modelled.filter((m) => m.rel.type !== type);

    const offerVisits = (m: Modelled) =>
      touches(m, 'web_visit').filter((t) => t.properties['path'] === '/offers').length;
    for (const m of planted('marriage_of_convenience')) {
      expect(offerVisits(m)).toBeGreaterThanOrEqual(3);
      // A click 1–6 days before at least half of the orders, less those too early for one.
      const clicks = touches(m, 'email_click').filter((t) => t.properties['url'] === '/offers');
      const clicked = m.r.orders.filter((o) =>
        clicks.some((c) => {
          const before = o.occurredAt.getTime() - c.occurredAt.getTime();
          return before >= DAY - 1 && before <= 6 * DAY + 1 && typeof c.properties['campaign'] === 'string';
        }),
      );
      const tooEarly = m.r.orders.filter((o) => o.occurredAt.getTime() < startMs + 14 * DAY).length;
      expect(clicked.length).toBeGreaterThanOrEqual(Math.ceil(m.r.orders.length / 2) - tooEarly);
    }
    expect(share(others('marriage_of_convenience'), (m) => offerVisits(m) >= 3)).toBeLessThan(0.02);

    const openAngryComplaint = (m: Modelled) =>
      touches(m, 'complaint').some(
        (t) =>
          !('resolved' in t.properties) &&
          t.satisfaction === 1 &&
          t.occurredAt.getTime() >= m.untilMs - 60 * DAY &&
          t.occurredAt.getTime() <= m.untilMs,
      );
    for (const m of planted('enmity')) {
      expect(openAngryComplaint(m)).toBe(true);
      expect(touches(m, 'social_mention').some((t) => t.properties['sentiment'] === 'negative')).toBe(true);
    }
    expect(share(others('enmity'), openAngryComplaint)).toBeLessThan(0.01);
    const oneStar = (m: Modelled) => touches(m, 'review').some((t) => t.satisfaction === 1);
    expect(share(planted('enmity'), oneStar)).toBeGreaterThan(0.35);

    const fiveStar = (m: Modelled) => touches(m, 'review').some((t) => t.satisfaction === 5);
    for (const m of planted('committed_partnership')) expect(fiveStar(m)).toBe(true);
    expect(share(others('committed_partnership'), fiveStar)).toBeLessThan(0.3);

    for (const m of planted('compartmentalised_friendship')) {
      // A 4- or 5-star review of an order at the place most of their orders were at.
      const located = m.r.orders.filter((o) => o.location !== null);
      const counts = new Map<string, number>();
      for (const o of located) counts.set(o.location!, (counts.get(o.location!) ?? 0) + 1);
      const most = Math.max(0, ...counts.values());
      const usual = new Set(m.r.orders.filter((o) => counts.get(o.location ?? '') === most).map((o) => o.id));
      const reviews = touches(m, 'review').filter((t) => (t.satisfaction ?? 0) >= 4);
      const aboutUsual = reviews.filter(
        (t) => located.length === 0 || usual.has(String(t.properties['orderId'])),
      );
      expect(aboutUsual.length).toBeGreaterThanOrEqual(1);
    }
    // Without signals nothing of the kind is added: compare with the plain customers of a type.
    const plainMoc = of('marriage_of_convenience').filter((m) => !m.rel.signals);
    expect(plainMoc.length).toBeGreaterThan(20);
    expect(share(plainMoc, (m) => offerVisits(m) >= 3)).toBeLessThan(0.05);
  });

  it('writes nothing after now, nor after a dropout went quiet, and keeps touch points in time order', () => {
    const plantedOnly = new Set(['suggestion', 'referral', 'feedback_survey']);
    for (const m of modelled) {
      const times = m.r.touchpoints.map((t) => t.occurredAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const t of m.r.touchpoints) {
        expect(t.occurredAt.getTime()).toBeLessThanOrEqual(nowMs);
        expect(t.receivedAt.getTime()).toBeLessThanOrEqual(nowMs);
        expect(t.customerId).toBe(m.r.customer.id);
        const planted =
          plantedOnly.has(t.type) ||
          (t.type === 'call' && DEPENDENT_CALLS.includes(String(t.properties['reason'])));
        if (planted) {
          expect(t.occurredAt.getTime()).toBeGreaterThanOrEqual(m.firstMs);
          expect(t.occurredAt.getTime()).toBeLessThanOrEqual(m.untilMs);
        }
      }
      for (const s of m.r.surveys) expect(s.answeredAt.getTime()).toBeLessThanOrEqual(nowMs);
    }
    const ids = records.flatMap((r) => r.touchpoints.map((t) => t.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('plants the same relationships for the same seed', () => {
    const again = (n: number) =>
      [...createDemo({ seed: SEED, customers: n, now: NOW }).records()].map((r) => ({
        relationship: r.truth?.relationship ?? null,
        surveys: r.surveys,
        touchpoints: r.touchpoints,
        attributes: r.customer.attributes,
      }));
    const a = again(300);
    expect(a).toEqual(again(300));
    const b = [...createDemo({ seed: SEED + 1, customers: 300, now: NOW }).records()];
    expect(b.map((r) => r.truth?.relationship.type)).not.toEqual(a.map((r) => r.relationship?.type));
  });

  it('leaves every draw the generator made before planting existed unchanged', () => {
    const first = records.slice(0, 200);
    // These hashes pin the pre-planting draws: computed with the generator as it was before the
    // relationship stream was added (same seed, 4,000 customers, same now), not from this code.
    const orders = createHash('sha256');
    for (const r of first)
      for (const o of r.orders) orders.update(`${o.id}|${o.occurredAt.toISOString()}|${o.totalMinor}\n`);
    expect(orders.digest('hex')).toBe('ca89943d0fe31da58b62e265ca46f6aa55da34ba47776af170d6bf336c9d2302');

    const rest = createHash('sha256');
    for (const r of first) rest.update(`${JSON.stringify(drawnBeforePlanting(r))}\n`);
    expect(rest.digest('hex')).toBe('c6b323a3905f68ca2d7983f7efd2d5b89764a7144cb718a341ab8f21b4fce71a');
  });
});

/** A record as the generator drew it before the planter existed, touch points aside. */
function drawnBeforePlanting(r: DemoRecord): unknown[] {
  const attributes = Object.fromEntries(
    Object.entries(r.customer.attributes).filter(([key]) => !PLANTED_ATTRIBUTES.includes(key)),
  );
  let truth: Record<string, unknown> | null = null;
  if (r.truth) {
    const { relationship: _planted, ...drawn } = r.truth;
    truth = drawn;
  }
  // `provisional` is a column added since (always false for the demo), not a draw.
  const { provisional: _column, ...customer } = r.customer;
  return [
    { ...customer, attributes },
    r.identities,
    r.orders,
    r.orderLines,
    r.notes,
    r.tasks,
    r.visits,
    truth,
    r.duplicate,
  ];
}
