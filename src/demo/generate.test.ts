import { describe, expect, it } from 'vitest';
import { isUuid } from '../server/lib/ids.js';
import { CHANNELS } from '../shared/contracts/common.js';
import { normalizeEmail, normalizePhone } from '../shared/normalize.js';
import { createDemo, DEMO_MODEL, type DemoRecord } from './generate.js';

const NOW = new Date('2025-06-01T09:30:00.000Z');
const collect = (seed: number, customers: number, now = NOW) => [
  ...createDemo({ seed, customers, now }).records(),
];

/** Gauss's hypergeometric series; converges for |z| < 1, which is all BG/NBD needs. */
function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 10_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-14 * Math.abs(sum)) break;
  }
  return sum;
}

/** E[X(t)], expected repeat purchases in t weeks after acquisition (Fader, Hardie & Lee 2005, eq. 9). */
function expectedRepeats(t: number): number {
  const { r, alpha, a, b } = DEMO_MODEL.bgnbd;
  return (
    ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
  );
}

describe('createDemo', () => {
  const big = collect(7, 4_000);
  const modelled = big.flatMap((r) => (r.truth ? [{ record: r, truth: r.truth }] : []));
  const demo = createDemo({ seed: 7, customers: 4_000, now: NOW });
  const startMs = demo.window.start.getTime();

  it('gives identical records, ids included, for the same seed and now', () => {
    const a = collect(42, 300);
    const b = collect(42, 300);
    expect(a).toEqual(b);
    expect(createDemo({ seed: 42, customers: 300, now: NOW }).products).toEqual(
      createDemo({ seed: 42, customers: 300, now: NOW }).products,
    );
  });

  it('gives different businesses for different seeds', () => {
    const a = collect(1, 50);
    const b = collect(2, 50);
    const ids = new Set(a.map((r) => r.customer.id));
    expect(b.some((r) => ids.has(r.customer.id))).toBe(false);
    expect(a.map((r) => r.customer.fullName)).not.toEqual(b.map((r) => r.customer.fullName));
  });

  it('yields exactly the requested number of customer records', () => {
    expect(big).toHaveLength(4_000);
    expect(collect(3, 0)).toHaveLength(0);
    expect(collect(3, 5)).toHaveLength(5);
    expect(big.map((r) => r.index)).toEqual(big.map((_, i) => i));
  });

  it('makes every order total the sum of its lines, in integer EUR cents', () => {
    const lines = new Map<string, DemoRecord['orderLines']>();
    for (const r of big)
      for (const l of r.orderLines) lines.set(l.orderId, [...(lines.get(l.orderId) ?? []), l]);
    let orders = 0;
    for (const r of big) {
      for (const o of r.orders) {
        orders++;
        const own = lines.get(o.id) ?? [];
        expect(own.length).toBeGreaterThan(0);
        expect(own.map((l) => l.lineNo)).toEqual(own.map((_, i) => i + 1));
        for (const l of own) {
          expect(Number.isInteger(l.quantity) && l.quantity >= 1).toBe(true);
          expect(Number.isInteger(l.unitPriceMinor) && l.unitPriceMinor >= 0).toBe(true);
        }
        expect(o.totalMinor).toBe(own.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0));
        expect(o.currency).toBe('EUR');
      }
    }
    expect(orders).toBeGreaterThan(4_000);
    const all = big.flatMap((r) => r.orderLines);
    expect(all.some((l) => l.isGift)).toBe(true);
    expect(all.filter((l) => l.isGift).length / all.length).toBeLessThan(0.05);
    const skus = new Set(demo.products.map((p) => p.sku));
    const productIds = new Set(demo.products.map((p) => p.id));
    for (const l of all) {
      expect(skus.has(l.sku!)).toBe(true);
      expect(productIds.has(l.productId!)).toBe(true);
    }
  });

  it('keeps orders and touch points inside the two-year window ending at now', () => {
    expect(NOW.getTime() - startMs).toBe(104 * 7 * 86_400_000);
    for (const r of big) {
      for (const o of r.orders) {
        expect(o.occurredAt.getTime()).toBeGreaterThanOrEqual(startMs);
        expect(o.occurredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
        expect(o.location === null || demo.locations.includes(o.location)).toBe(true);
      }
      for (const t of r.touchpoints) {
        expect(t.occurredAt.getTime()).toBeGreaterThanOrEqual(startMs);
        expect(t.occurredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
        expect(t.receivedAt.getTime()).toBeGreaterThanOrEqual(t.occurredAt.getTime());
        expect(t.satisfaction === null || [1, 2, 3, 4, 5].includes(t.satisfaction)).toBe(true);
        expect(t.customerId).toBe(r.customer.id);
      }
    }
  });

  it('spreads activity over the hotel group’s channels', () => {
    const used = new Set(big.flatMap((r) => [...r.orders, ...r.touchpoints].map((x) => x.channel)));
    for (const c of used) expect(CHANNELS).toContain(c);
    for (const c of ['web', 'app', 'email', 'phone', 'front_desk', 'restaurant', 'spa', 'store', 'social']) {
      expect(used).toContain(c);
    }
    const types = new Set(big.flatMap((r) => r.touchpoints.map((t) => t.type)));
    for (const t of [
      'web_visit',
      'email_open',
      'call',
      'check_in',
      'check_out',
      'restaurant_visit',
      'spa_booking',
      'social_mention',
      'review',
    ]) {
      expect(types).toContain(t);
    }
    const touchpoints = big.flatMap((r) => r.touchpoints);
    expect(touchpoints.some((t) => t.staffUserId === null && t.channel === 'front_desk')).toBe(true);
    const staff = new Set(demo.staff.map((s) => s.id));
    const withStaff = touchpoints.filter((t) => t.staffUserId !== null);
    expect(withStaff.length).toBeGreaterThan(1_000);
    for (const t of withStaff) expect(staff.has(t.staffUserId!)).toBe(true);
    expect(touchpoints.filter((t) => t.satisfaction !== null).length).toBeGreaterThan(500);
  });

  it('gives customers contact data that normalises like the API’s', () => {
    const identityKeys = new Set<string>();
    const locales = new Set<string>();
    for (const r of big) {
      const c = r.customer;
      locales.add(c.locale!);
      expect(c.emails.length + c.phones.length).toBeGreaterThan(0);
      expect(c.fullName).toBe(`${c.givenName} ${c.familyName}`);
      expect(c.searchText.startsWith(c.fullName.toLowerCase())).toBe(true);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: c.timeZone! })).not.toThrow();
      if (c.birthday) expect(c.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const e of c.emails) {
        expect(normalizeEmail(e.value)).toBe(e.value);
        // Reserved domains only: a demo must never mail a real person.
        expect(e.value).toMatch(/@([a-z0-9-]+\.)*example\.(com|net|org)$/);
      }
      for (const p of c.phones)
        expect(normalizePhone(p.value, c.address?.country === 'US' ? 'US' : 'GB')).toBe(p.value);
      expect(c.primaryEmail).toBe(c.emails.find((e) => e.primary)?.value ?? null);
      expect(c.primaryPhone).toBe(c.phones.find((p) => p.primary)?.value ?? null);
      // An identity for every e-mail and phone, none shared between customers.
      const values = new Set(r.identities.map((i) => `${i.kind}:${i.value}`));
      for (const e of c.emails) expect(values).toContain(`email:${e.value}`);
      for (const p of c.phones) expect(values).toContain(`phone:${p.value}`);
      for (const i of r.identities) {
        const key = `${i.kind}\u0000${i.source}\u0000${i.value}`;
        expect(identityKeys.has(key)).toBe(false);
        identityKeys.add(key);
        expect(i.customerId).toBe(c.id);
      }
    }
    expect(locales.size).toBeGreaterThanOrEqual(6);
    const identities = big.flatMap((r) => r.identities);
    expect(identities.some((i) => i.kind === 'loyalty')).toBe(true);
    expect(identities.some((i) => i.kind === 'external_id' && i.source === 'pms')).toBe(true);
    expect(big.some((r) => r.customer.prefersHumanService)).toBe(true);
    expect(big.some((r) => r.customer.tags.length > 0)).toBe(true);
  });

  it('reads raw phone numbers in the customer’s own country back to the stored E.164', () => {
    for (const r of big.slice(0, 500)) {
      const country = r.customer.address?.country;
      if (!country) continue;
      for (const i of r.identities.filter((x) => x.kind === 'phone')) {
        expect(normalizePhone(i.rawValue!, country as 'GB')).toBe(i.value);
      }
    }
  });

  it('makes ids valid, unique UUIDs', () => {
    const ids = big.flatMap((r) => [
      r.customer.id,
      ...r.orders.map((o) => o.id),
      ...r.touchpoints.map((t) => t.id),
      ...r.identities.map((i) => i.id),
      ...r.notes.map((n) => n.id),
      ...r.tasks.map((t) => t.id),
    ]);
    for (const id of ids) expect(isUuid(id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('plants duplicates: same name and birthday or address, different e-mail and phone', () => {
    const byId = new Map(big.map((r) => [r.customer.id, r]));
    const dups = big.filter((r) => r.duplicate);
    expect(dups).toHaveLength(demo.duplicateCount);
    expect(demo.duplicateCount).toBe(40);
    for (const d of dups) {
      const pair = d.duplicate!;
      expect(pair.duplicateId).toBe(d.customer.id);
      const original = byId.get(pair.originalId);
      expect(original?.truth).not.toBeNull();
      expect(original!.index).toBe(d.index - 1);
      expect(d.customer.fullName).toBe(original!.customer.fullName);
      const sameBirthday =
        d.customer.birthday !== null && d.customer.birthday === original!.customer.birthday;
      const sameAddress =
        d.customer.address !== null &&
        JSON.stringify(d.customer.address) === JSON.stringify(original!.customer.address);
      expect(sameBirthday || sameAddress).toBe(true);
      expect(pair.sharedFields.includes('birthday')).toBe(sameBirthday);
      expect(pair.sharedFields.includes('address')).toBe(sameAddress);
      const theirs = new Set(
        [...original!.customer.emails, ...original!.customer.phones].map((c) => c.value),
      );
      for (const c of [...d.customer.emails, ...d.customer.phones]) expect(theirs.has(c.value)).toBe(false);
      expect(d.customer.emails.length).toBeGreaterThan(0);
      expect(d.customer.phones.length).toBeGreaterThan(0);
      expect(d.orders).toHaveLength(0);
      expect(d.truth).toBeNull();
    }
  });

  it('records truth consistent with the orders', () => {
    for (const { record, truth } of modelled) {
      const times = record.orders.map((o) => o.occurredAt.getTime());
      expect(truth.id).toBe(record.customer.id);
      expect(truth.transactions).toBe(record.orders.length);
      expect(truth.x).toBe(truth.transactions - 1);
      expect(truth.acquiredAt).toBe(new Date(Math.min(...times)).toISOString());
      expect(truth.tx).toBeCloseTo((Math.max(...times) - Math.min(...times)) / (7 * 86_400_000), 9);
      expect(truth.T).toBeGreaterThanOrEqual(truth.tx);
      expect(truth.T).toBeLessThanOrEqual(104);
      expect(truth.spendMinor).toBe(record.orders.reduce((s, o) => s + o.totalMinor, 0));
    }
  });

  it('draws λ, p and ν with the means the model parameters imply', () => {
    const { bgnbd, gammaGamma } = DEMO_MODEL;
    const n = modelled.length;
    const mean = (f: (t: (typeof modelled)[number]['truth']) => number) =>
      modelled.reduce((s, m) => s + f(m.truth), 0) / n;
    // λ ~ Gamma(0.25, 4) has a standard deviation twice its mean: the standard error is 3.2%.
    expect(Math.abs(mean((t) => t.lambda) / (bgnbd.r / bgnbd.alpha) - 1)).toBeLessThan(0.12);
    expect(Math.abs(mean((t) => t.p) / (bgnbd.a / (bgnbd.a + bgnbd.b)) - 1)).toBeLessThan(0.06);
    expect(Math.abs(mean((t) => t.nu) / (gammaGamma.q / gammaGamma.gamma) - 1)).toBeLessThan(0.04);
  });

  it('produces as many repeat purchases as BG/NBD predicts for each customer’s age', () => {
    const n = modelled.length;
    const observed = modelled.reduce((s, m) => s + m.truth.x, 0) / n;
    const expected = modelled.reduce((s, m) => s + expectedRepeats(m.truth.T), 0) / n;
    const variance = modelled.reduce((s, m) => s + (m.truth.x - observed) ** 2, 0) / n;
    const standardError = Math.sqrt(variance / n);
    expect(expected).toBeGreaterThan(1);
    expect(Math.abs(observed - expected)).toBeLessThan(4 * standardError);
    expect(Math.abs(observed / expected - 1)).toBeLessThan(0.15);
  });

  it('spends per order what Gamma-Gamma predicts, p·γ/(q−1) = 120 EUR on average', () => {
    const { p, q, gamma } = DEMO_MODEL.gammaGamma;
    const orders = modelled.flatMap((m) => m.record.orders);
    const meanEur = orders.reduce((s, o) => s + o.totalMinor, 0) / orders.length / 100;
    expect(Math.abs(meanEur / ((p * gamma) / (q - 1)) - 1)).toBeLessThan(0.05);
    // Big spenders (small ν) stay in the hotels; small ones mostly dine or shop.
    const stays = (m: (typeof modelled)[number]) =>
      m.record.orders.filter((o) => o.externalId?.startsWith('PMS-')).length;
    const sorted = [...modelled].sort((x, y) => x.truth.nu - y.truth.nu);
    const share = (list: typeof modelled) =>
      list.reduce((s, m) => s + stays(m), 0) / list.reduce((s, m) => s + m.record.orders.length, 0);
    expect(share(sorted.slice(0, 500))).toBeGreaterThan(share(sorted.slice(-500)) + 0.2);
  });

  it('books upcoming visits at the group’s places from the day of now on, for a share of customers', () => {
    const DAY = 86_400_000;
    const today = Math.floor(NOW.getTime() / DAY) * DAY;
    const all = big.flatMap((r) => r.visits.map((v) => ({ v, r })));
    const customers = new Set(all.map(({ r }) => r.customer.id));
    expect(customers.size / big.length).toBeGreaterThan(0.1);
    expect(customers.size / big.length).toBeLessThan(0.6);
    const onDay = (d: number) =>
      all.filter(
        ({ v }) => v.startsAt.getTime() >= today + d * DAY && v.startsAt.getTime() < today + (d + 1) * DAY,
      );
    expect(onDay(0).length).toBeGreaterThan(onDay(5).length);
    const externalIds = new Set<string>();
    for (const { v, r } of all) {
      expect(v.customerId).toBe(r.customer.id);
      expect(r.truth).not.toBeNull();
      expect(demo.locations).toContain(v.location);
      expect(v.startsAt.getTime()).toBeGreaterThanOrEqual(today);
      expect(v.startsAt.getTime()).toBeLessThan(today + 14 * DAY);
      expect(v.endsAt!.getTime()).toBeGreaterThan(v.startsAt.getTime());
      expect(v.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(v.status === 'arrived').toBe(v.startsAt.getTime() <= NOW.getTime());
      expect(isUuid(v.id)).toBe(true);
      externalIds.add(`${v.source}:${v.externalId}`);
      // guests come back to the kind of place they went to before
      expect(
        r.orders.some(
          (o) =>
            o.location === v.location ||
            o.channel === (v.type === 'table' ? 'restaurant' : 'spa') ||
            v.type === 'booking',
        ),
      ).toBe(true);
    }
    expect(externalIds.size).toBe(all.length);
    expect(new Set(all.map(({ v }) => v.type))).toEqual(new Set(['booking', 'table', 'appointment']));
    expect(
      all
        .filter(({ v }) => v.type === 'booking')
        .every(({ v }) => typeof v.properties['roomType'] === 'string'),
    ).toBe(true);
    expect(all.some(({ v }) => v.status === 'cancelled')).toBe(true);
    expect(big.some((r) => r.customer.attributes['consentRefused'] === 'personalisation')).toBe(true);
  });

  it('records how complaints ended and flags some notes for front-line staff', () => {
    const complaints = big.flatMap((r) => r.touchpoints.filter((t) => t.type === 'complaint'));
    expect(
      complaints.some(
        (c) => c.properties['resolved'] === true && typeof c.properties['outcome'] === 'string',
      ),
    ).toBe(true);
    expect(complaints.some((c) => c.properties['resolved'] === false)).toBe(true);
    const notes = big.flatMap((r) => r.notes);
    expect(notes.some((n) => n.frontLine)).toBe(true);
    expect(notes.some((n) => !n.frontLine)).toBe(true);
    const checkIns = big.flatMap((r) => r.touchpoints.filter((t) => t.type === 'check_in'));
    expect(
      checkIns.every((t) =>
        ['Classic room', 'Deluxe room', 'Suite'].includes(String(t.properties['roomType'])),
      ),
    ).toBe(true);
  });

  it('rejects options it cannot honour', () => {
    expect(() => createDemo({ seed: 1.5, customers: 1, now: NOW })).toThrow(RangeError);
    expect(() => createDemo({ seed: 1, customers: -1, now: NOW })).toThrow(RangeError);
    expect(() => createDemo({ seed: 1, customers: 1, now: new Date(Number.NaN) })).toThrow(RangeError);
  });
});
