import { describe, expect, it } from 'vitest';
import {
  type BriefingOptions,
  type BriefingVisitInput,
  briefCustomer,
  type Complaint,
  type CustomerHistory,
  categoryOfVisitType,
  complaintEnding,
  complaintsFrom,
  type HistoryOrder,
  type HistoryTouchpoint,
  isMilestone,
  occasionsOf,
  ordinal,
  refusedPurposesFromAttributes,
  summarise,
  usual,
} from './briefings.core.js';

const DAY = 86_400_000;
const ARRIVAL = new Date('2026-05-04T14:00:00Z');
const AS_OF = new Date('2026-05-03T23:00:00Z'); // midnight in London (BST)
const daysAgo = (n: number, hour = 15) => new Date(Date.UTC(2026, 4, 4 - n, hour));

let seq = 0;
const id = (prefix: string) => `${prefix}-${++seq}`;

const visit = (over: Partial<BriefingVisitInput> = {}): BriefingVisitInput => ({
  id: id('v'),
  customerId: 'c1',
  startsAt: ARRIVAL,
  endsAt: new Date(ARRIVAL.getTime() + 2 * DAY),
  type: 'booking',
  status: 'booked',
  location: 'Harbour & Vine Covent Garden, London',
  properties: {},
  ...over,
});

const history = (over: Partial<CustomerHistory> = {}): CustomerHistory => ({
  customer: { id: 'c1', fullName: 'Ada Lovelace', prefersHumanService: false, attributes: {} },
  visits: [],
  touchpoints: [],
  orders: [],
  notes: [],
  ...over,
});

const tp = (type: string, at: Date, over: Partial<HistoryTouchpoint> = {}): HistoryTouchpoint => ({
  id: id('t'),
  type,
  channel: 'front_desk',
  occurredAt: at,
  properties: {},
  satisfaction: null,
  source: null,
  ...over,
});

const checkIns = (n: number, props: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: n }, (_, i) => tp('check_in', daysAgo(30 * (i + 1)), { properties: props(i) }));

const dinner = (at: Date, lines: [string, number][], over: Partial<HistoryOrder> = {}): HistoryOrder => ({
  id: id('o'),
  channel: 'restaurant',
  location: 'Le Jardin, Paris',
  occurredAt: at,
  status: 'completed',
  lines: lines.map(([description, unitPriceMinor]) => ({
    sku: null,
    description,
    quantity: 2,
    unitPriceMinor,
    isGift: false,
  })),
  ...over,
});

const opts = (over: Partial<BriefingOptions> = {}): BriefingOptions => ({
  asOf: AS_OF,
  timeZone: 'Europe/London',
  refusedPurposes: new Set(),
  ...over,
});

const kinds = (b: ReturnType<typeof briefCustomer>) => b.messages.map((m) => m.kind);
const texts = (b: ReturnType<typeof briefCustomer>) => b.messages.map((m) => m.text);

describe('small rules', () => {
  it('counts 10, 25, 50, 75, 100 and every 50th after as milestones', () => {
    const hits = Array.from({ length: 260 }, (_, i) => i + 1).filter(isMilestone);
    expect(hits).toEqual([10, 25, 50, 75, 100, 150, 200, 250]);
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 25, 101, 111, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '10th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '25th',
      '101st',
      '111th',
      '112th',
    ]);
  });

  it('maps visit types to what they book', () => {
    expect(
      ['booking', 'Room-Booking', 'reservation', 'table', 'Appointment', 'tour'].map(categoryOfVisitType),
    ).toEqual(['stay', 'stay', 'dining', 'dining', 'spa', null]);
  });

  it('reads refused purposes from the documented attribute, in its spellings and shapes', () => {
    expect([...refusedPurposesFromAttributes({ consentRefused: 'personalization; Marketing' })]).toEqual([
      'personalisation',
      'marketing',
    ]);
    expect([...refusedPurposesFromAttributes({ refused_purposes: ['personalisation'] })]).toEqual([
      'personalisation',
    ]);
    expect(refusedPurposesFromAttributes({ consent: 'personalisation', other: 1 }).size).toBe(0);
  });

  it('takes the majority value seen at least twice as usual', () => {
    expect(usual([['a'], ['a'], ['b']])).toEqual({ value: 'a', count: 2, outOf: 3 });
    expect(usual([['a'], ['b']])).toBeNull();
    expect(usual([['a'], ['a'], ['b'], ['b']])).toBeNull();
    expect(usual([['a']])).toBeNull();
    // occasions without any value do not dilute the share
    expect(usual([['a'], ['a'], [], [], ['b']])).toEqual({ value: 'a', count: 2, outOf: 3 });
  });
});

describe('complaints', () => {
  const c = (over: Partial<Complaint>): Complaint => ({
    id: 'x',
    source: 'touchpoints',
    occurredAt: daysAgo(10),
    topic: 'noise',
    resolved: null,
    outcome: null,
    satisfactionAfter: null,
    ...over,
  });

  it('tells how each complaint ended', () => {
    expect(complaintEnding(c({ resolved: true }))).toBe('resolved_well');
    expect(complaintEnding(c({ resolved: true, satisfactionAfter: 2 }))).toBe('ended_badly');
    expect(complaintEnding(c({ resolved: true, satisfactionAfter: 3 }))).toBe('resolved_well');
    expect(complaintEnding(c({ resolved: false, outcome: 'guest not reached' }))).toBe('ended_badly');
    expect(complaintEnding(c({ resolved: false }))).toBe('open');
    expect(complaintEnding(c({}))).toBe('open');
    expect(complaintEnding(c({ outcome: 'refund' }))).toBe('resolved_well');
    expect(complaintEnding(c({ outcome: 'refund', satisfactionAfter: 1 }))).toBe('ended_badly');
  });

  it('reads complaint touch points, imported strings included, and never social posts', () => {
    const list = complaintsFrom([
      tp('complaint', daysAgo(5), {
        properties: { subject: 'billing', resolved: 'yes', resolutionSatisfaction: '2' },
      }),
      tp('complaint', daysAgo(9), { properties: { topic: 'noise', outcome: 'moved rooms' } }),
      tp('complaint', daysAgo(1), { channel: 'social', properties: { topic: 'tweet' } }),
      tp('check_in', daysAgo(3)),
    ]);
    expect(list.map((x) => [x.topic, x.resolved, x.outcome, x.satisfactionAfter])).toEqual([
      ['noise', null, 'moved rooms', null],
      ['billing', true, null, 2],
    ]);
  });
});

describe('occasionsOf', () => {
  it('counts a check-in, its check-out and its order as one stay, with the room type', () => {
    const order: HistoryOrder = {
      ...dinner(daysAgo(38, 9), [['Deluxe room night', 29_000]]),
      channel: 'web',
    };
    const h = history({
      orders: [order],
      touchpoints: [
        tp('check_in', daysAgo(40), { properties: { orderId: order.id, roomType: 'Deluxe room' } }),
        tp('check_out', daysAgo(38, 8), { properties: { orderId: order.id }, satisfaction: 2 }),
      ],
    });
    const [stay, ...rest] = occasionsOf(h, AS_OF);
    expect(rest).toEqual([]);
    expect(stay).toMatchObject({ category: 'stay', roomType: 'Deluxe room', rating: 2 });
    expect(stay?.records.map((r) => r.source).sort()).toEqual(['orders', 'touchpoints', 'touchpoints']);
  });

  it('merges a past booking with the check-in it led to, and skips cancelled and future visits', () => {
    const booked = visit({
      startsAt: daysAgo(20, 0),
      endsAt: daysAgo(18, 10),
      properties: { room_type: 'Suite' },
    });
    const h = history({
      visits: [
        booked,
        visit({ startsAt: daysAgo(60), status: 'cancelled' }),
        visit({ startsAt: daysAgo(70), status: 'no_show' }),
        visit({ startsAt: new Date(ARRIVAL.getTime() + 10 * DAY) }),
        visit({ startsAt: daysAgo(90), type: 'reservation' }),
      ],
      touchpoints: [tp('check_in', daysAgo(20, 15)), tp('check_in', daysAgo(1 - 2))],
    });
    const occasions = occasionsOf(h, AS_OF);
    expect(occasions.map((o) => [o.category, o.roomType, o.records.length])).toEqual([
      ['dining', null, 1],
      ['stay', 'Suite', 2],
    ]);
  });

  it('takes restaurant and spa orders as occasions with their fixed-price items, not tabs or gifts', () => {
    const h = history({
      orders: [
        dinner(daysAgo(10), [
          ['Tasting menu', 8_900],
          ['Drinks and bar', 1_234],
        ]),
        dinner(daysAgo(20), [
          ['Tasting menu', 8_900],
          ['Drinks and bar', 4_567],
        ]),
        {
          ...dinner(daysAgo(30), [['Gift voucher', 5_000]]),
          lines: [
            { sku: 'GV', description: 'Gift voucher', quantity: 1, unitPriceMinor: 5_000, isGift: true },
          ],
        },
        { ...dinner(daysAgo(40), [['Tasting menu', 8_900]]), status: 'cancelled' },
        { ...dinner(daysAgo(50), [['Hot stone massage', 14_500]]), channel: 'spa' },
        { ...dinner(daysAgo(60), [['Candle', 2_900]]), channel: 'store' },
      ],
    });
    const occasions = occasionsOf(h, AS_OF);
    expect(occasions.map((o) => [o.category, o.items])).toEqual([
      ['spa', ['Hot stone massage']],
      ['dining', []],
      ['dining', ['Tasting menu']],
      ['dining', ['Tasting menu']],
    ]);
  });

  it('links a restaurant visit touch point to its order, once', () => {
    const o = dinner(daysAgo(10), [['Set lunch', 2_400]]);
    const h = history({
      orders: [o],
      touchpoints: [
        tp('restaurant_visit', daysAgo(10, 13), {
          channel: 'restaurant',
          properties: { orderId: o.id },
          satisfaction: 1,
        }),
      ],
    });
    const occasions = occasionsOf(h, AS_OF);
    expect(occasions).toHaveLength(1);
    expect(occasions[0]).toMatchObject({ category: 'dining', items: ['Set lunch'], rating: 1 });
  });
});

describe('briefCustomer', () => {
  it('says nothing about a first-time customer, and says why', () => {
    const b = briefCustomer(visit(), history(), opts());
    expect(b).toEqual({ messages: [], noMessageReason: 'new_customer' });
  });

  it('counts the 10th stay, not the 9th or 11th', () => {
    for (const [prior, expected] of [
      [8, null],
      [9, '10th stay with us'],
      [10, null],
      [24, '25th stay with us'],
    ] as const) {
      const h = history({
        touchpoints: checkIns(prior).map((t, i) => ({ ...t, occurredAt: daysAgo(10 * (i + 1)) })),
      });
      const b = briefCustomer(visit(), h, opts());
      const milestone = b.messages.find((m) => m.kind === 'milestone' && m.text.includes('with us'));
      expect(milestone?.text ?? null).toBe(expected);
      if (milestone) expect(milestone.evidence).toMatchObject({ sources: ['touchpoints'], count: prior });
    }
  });

  it('counts meals for a table reservation and spa visits for an appointment', () => {
    const meals = Array.from({ length: 9 }, (_, i) =>
      dinner(daysAgo(10 * (i + 1)), [[`Dish ${i}`, 1_000 + i]]),
    );
    const b = briefCustomer(visit({ type: 'table' }), history({ orders: meals }), opts());
    expect(texts(b)).toContain('10th meal with us');
    const stay = briefCustomer(visit({ type: 'booking' }), history({ orders: meals }), opts());
    expect(texts(stay).some((t) => t.includes('10th'))).toBe(false);
  });

  it('welcomes back a customer whose last visit was over a year ago', () => {
    const h = history({ touchpoints: [tp('check_in', daysAgo(430))] });
    const b = briefCustomer(visit(), h, opts());
    expect(texts(b)).toEqual(['First visit in 14 months (last on 28 Feb 2025): welcome them back']);
    expect(b.messages[0]?.evidence.ids).toEqual([h.touchpoints[0]?.id]);
    const justOver = briefCustomer(visit(), history({ touchpoints: [tp('check_in', daysAgo(380))] }), opts());
    expect(texts(justOver)[0]).toBe('First visit in over a year (last on 19 Apr 2025): welcome them back');
    const older = briefCustomer(visit(), history({ touchpoints: [tp('check_in', daysAgo(800))] }), opts());
    expect(texts(older)[0]).toMatch(/^First visit in over 2 years/);
    const recent = briefCustomer(visit(), history({ touchpoints: [tp('check_in', daysAgo(300))] }), opts());
    expect(recent).toEqual({ messages: [], noMessageReason: 'thin_history' });
  });

  it('marks the anniversary of the first stay when the visit is within three days of it', () => {
    const first = tp('check_in', new Date('2023-05-06T15:00:00Z'));
    const later = tp('check_in', new Date('2026-01-10T15:00:00Z'));
    const b = briefCustomer(visit({ endsAt: null }), history({ touchpoints: [first, later] }), opts());
    expect(texts(b)).toEqual(['3 years since their first stay with us (6 May 2023)']);
    expect(b.messages[0]?.evidence.ids).toEqual([first.id]);
    const far = briefCustomer(
      visit({ endsAt: null }),
      history({ touchpoints: [tp('check_in', new Date('2023-05-09T15:00:00Z')), later] }),
      opts(),
    );
    expect(texts(far)).toEqual([]);
    // a restaurant booking is not a stay anniversary
    const table = briefCustomer(visit({ type: 'table' }), history({ touchpoints: [first, later] }), opts());
    expect(texts(table)).toEqual([]);
  });

  it('learns the usual room type with the count behind it, and flags a booking for another', () => {
    const h = history({
      touchpoints: checkIns(5, (i) => ({ roomType: i < 4 ? 'Deluxe room' : 'Classic room' })),
    });
    const same = briefCustomer(visit({ properties: { roomType: 'Deluxe room' } }), h, opts());
    expect(same.messages).toEqual([
      {
        kind: 'preference',
        text: 'Usually stays in a deluxe room (4 of 5 stays)',
        attention: false,
        evidence: {
          sources: ['touchpoints'],
          ids: h.touchpoints
            .slice(0, 4)
            .map((t) => t.id)
            .reverse(), // oldest first
          count: 4,
          outOf: 5,
        },
        purposes: ['personalisation'],
      },
    ]);
    const other = briefCustomer(visit({ properties: { roomType: 'Executive suite' } }), h, opts());
    expect(other.messages[0]).toMatchObject({
      text: 'Usually stays in a deluxe room (4 of 5 stays); this booking is an executive suite',
      attention: true,
    });
    const split = history({
      touchpoints: checkIns(4, (i) => ({ roomType: i % 2 ? 'Suite' : 'Deluxe room' })),
    });
    expect(briefCustomer(visit(), split, opts()).noMessageReason).toBe('thin_history');
  });

  it('learns the usual dish and spa treatment, ignoring open-priced tabs', () => {
    const orders = [
      dinner(daysAgo(10), [
        ['Tasting menu, seven courses', 8_900],
        ['Drinks and bar', 1_200],
      ]),
      dinner(daysAgo(20), [
        ['Tasting menu, seven courses', 8_900],
        ['Drinks and bar', 3_300],
      ]),
      dinner(daysAgo(30), [
        ['Tasting menu, seven courses', 8_900],
        ['Drinks and bar', 900],
      ]),
      dinner(daysAgo(40), [
        ['Set lunch', 2_400],
        ['Drinks and bar', 500],
      ]),
      { ...dinner(daysAgo(50), [['Hot stone massage, 90 min', 14_500]]), channel: 'spa' },
      { ...dinner(daysAgo(70), [['Hot stone massage, 90 min', 14_500]]), channel: 'spa' },
    ];
    // the restaurant hears about the dish, the spa about the treatment, the hotel about both
    const table = briefCustomer(visit({ type: 'reservation' }), history({ orders }), opts());
    expect(texts(table)).toEqual(['Usually orders the tasting menu, seven courses (3 of 4 meals)']);
    expect(table.messages[0]?.evidence).toMatchObject({ sources: ['orders'], count: 3, outOf: 4 });
    const spa = briefCustomer(visit({ type: 'appointment' }), history({ orders }), opts());
    expect(texts(spa)).toEqual(['Usually books the hot stone massage, 90 min (2 of 2 spa visits)']);
    const stay = briefCustomer(visit({ type: 'booking' }), history({ orders }), opts());
    expect(texts(stay)).toEqual([
      'Usually orders the tasting menu, seven courses (3 of 4 meals)',
      'Usually books the hot stone massage, 90 min (2 of 2 spa visits)',
    ]);
    // names keep their capitals, other words read inline
    const main = [0, 1].map((i) => dinner(daysAgo(10 + i), [['À la carte main course', 2_900]]));
    const named = [0, 1].map((i) => dinner(daysAgo(20 + i), [['Le Jardin tasting', 9_900]]));
    expect(texts(briefCustomer(visit({ type: 'table' }), history({ orders: main }), opts()))).toEqual([
      'Usually orders the à la carte main course (2 of 2 meals)',
    ]);
    expect(texts(briefCustomer(visit({ type: 'table' }), history({ orders: named }), opts()))).toEqual([
      'Usually orders the Le Jardin tasting (2 of 2 meals)',
    ]);
  });

  it('passes on what the customer asked for where it applies: the room only to the hotel', () => {
    const h = history({
      customer: {
        id: 'c1',
        fullName: 'Ada',
        prefersHumanService: false,
        attributes: { room_preference: 'high floor', preferences: ['sparkling water'] },
      },
    });
    expect(texts(briefCustomer(visit({ type: 'booking' }), h, opts()))).toEqual([
      'Asked for: high floor',
      'Asked for: sparkling water',
    ]);
    expect(texts(briefCustomer(visit({ type: 'appointment' }), h, opts()))).toEqual([
      'Asked for: sparkling water',
    ]);
  });

  it('brings up the last complaint: again if it ended badly or is open, not when long put right', () => {
    const complaint = (at: Date, properties: Record<string, unknown>) =>
      tp('complaint', at, { channel: 'email', properties, satisfaction: 1 });
    const badly = briefCustomer(
      visit(),
      history({
        touchpoints: [
          complaint(daysAgo(400), { topic: 'billing error', resolved: true }),
          complaint(daysAgo(40), { topic: 'noise at night', resolved: false, outcome: 'guest not reached' }),
        ],
      }),
      opts(),
    );
    expect(badly.messages).toEqual([
      expect.objectContaining({
        kind: 'last_complaint',
        text: 'Complained about noise at night on 25 Mar 2026 and it ended badly (guest not reached): apologise again',
        attention: true,
        evidence: expect.objectContaining({ count: 2, sources: ['touchpoints'] }),
        purposes: ['service'],
      }),
    ]);
    const open = briefCustomer(
      visit(),
      history({ touchpoints: [complaint(daysAgo(3), { topic: 'slow check-in' })] }),
      opts(),
    );
    expect(texts(open)).toEqual([
      'Complaint about slow check-in from 1 May 2026 is not resolved yet: apologise and say it is being looked after',
    ]);
    const well = briefCustomer(
      visit(),
      history({
        touchpoints: [
          complaint(daysAgo(100), { topic: 'cold food', resolved: 'true', outcome: 'meal refunded' }),
        ],
      }),
      opts(),
    );
    expect(well.messages[0]).toMatchObject({
      text: 'Complained about cold food on 24 Jan 2026; it was put right (meal refunded)',
      attention: false,
    });
    const old = briefCustomer(
      visit(),
      history({ touchpoints: [complaint(daysAgo(800), { topic: 'cold food', resolved: true })] }),
      opts(),
    );
    expect(old).toEqual({ messages: [], noMessageReason: 'thin_history' });
  });

  it('tells staff the customer wants a person, and what flagged notes say (newest two)', () => {
    const note = (body: string, frontLine: boolean, n: number) => ({
      id: id('n'),
      body,
      frontLine,
      createdAt: daysAgo(n),
    });
    const b = briefCustomer(
      visit(),
      history({
        customer: { id: 'c1', fullName: 'Ada', prefersHumanService: true, attributes: {} },
        notes: [
          note('Prefers to be addressed formally.', true, 30),
          note('Internal: paid late once', false, 5),
          note(`Travels with a small dog;\n book a pet-friendly room. ${'x'.repeat(300)}`, true, 10),
          note('Very old flagged note', true, 300),
        ],
      }),
      opts(),
    );
    expect(kinds(b)).toEqual(['front_line_note', 'front_line_note', 'prefers_human']);
    expect(b.messages[0]?.text).toMatch(/^Travels with a small dog; book a pet-friendly room\. x+…$/);
    expect(b.messages[0]?.text).toHaveLength(240);
    expect(b.messages[1]?.text).toBe('Prefers to be addressed formally.');
    expect(b.messages[2]).toMatchObject({ evidence: { sources: ['profile'], ids: ['c1'] } });
  });

  it('says what to avoid: dietary needs first, and what they rated badly', () => {
    const lunch = dinner(daysAgo(20), [['Set lunch', 2_400]]);
    const b = briefCustomer(
      visit({ type: 'reservation' }),
      history({
        customer: {
          id: 'c1',
          fullName: 'Ada',
          prefersHumanService: false,
          attributes: { dietary: 'nut allergy', Avoid: 'window tables' },
        },
        orders: [lunch],
        touchpoints: [
          tp('restaurant_visit', daysAgo(20, 12), { properties: { orderId: lunch.id }, satisfaction: 2 }),
        ],
      }),
      opts(),
    );
    expect(b.messages.map((m) => [m.kind, m.text, m.attention])).toEqual([
      ['avoid', 'Nut allergy: tell the kitchen and check every dish', true],
      ['avoid', 'Keep away from window tables', false],
      ['avoid', 'Rated the set lunch 2/5 on 14 Apr 2026: suggest something else', false],
    ]);
  });

  it('drops what relies on a refused purpose, and says consent when that leaves nothing', () => {
    const stays = checkIns(9, () => ({ roomType: 'Suite' }));
    const h = history({
      customer: {
        id: 'c1',
        fullName: 'Ada',
        prefersHumanService: true,
        attributes: { roomPreference: 'high floor' },
      },
      touchpoints: stays,
    });
    const all = briefCustomer(visit(), h, opts());
    expect(kinds(all)).toEqual(['prefers_human', 'milestone', 'preference', 'preference']);
    const refused = briefCustomer(visit(), h, opts({ refusedPurposes: new Set(['personalisation']) }));
    expect(texts(refused)).toEqual([
      'Would rather deal with a person than a kiosk or an app: serve them yourself',
      'Asked for: high floor',
    ]);
    expect(refused.messages.every((m) => !m.purposes.includes('personalisation'))).toBe(true);
    const onlyLearnt = briefCustomer(
      visit(),
      history({ touchpoints: stays }),
      opts({ refusedPurposes: new Set(['personalisation']) }),
    );
    expect(onlyLearnt).toEqual({ messages: [], noMessageReason: 'consent_refused' });
  });

  it('keeps the most important messages first, at most four by default', () => {
    const h = history({
      customer: {
        id: 'c1',
        fullName: 'Ada',
        prefersHumanService: true,
        attributes: { allergies: ['shellfish'], roomPreference: 'quiet room' },
      },
      touchpoints: [
        ...checkIns(9, () => ({ roomType: 'Suite' })),
        tp('complaint', daysAgo(15), { properties: { topic: 'noise' } }),
      ],
      notes: [{ id: 'n1', body: 'Celebrating a birthday', frontLine: true, createdAt: daysAgo(2) }],
    });
    const b = briefCustomer(visit(), h, opts());
    expect(kinds(b)).toEqual(['last_complaint', 'avoid', 'front_line_note', 'prefers_human']);
    expect(b.messages.slice(0, 2).every((m) => m.attention)).toBe(true);
    expect(briefCustomer(visit(), h, opts({ maxMessages: 7 })).messages).toHaveLength(7);
  });

  it('uses only the history before the briefing day, and nothing from social listening', () => {
    const h = history({
      touchpoints: [
        tp('check_in', new Date(AS_OF.getTime() + HOUR)),
        tp('complaint', daysAgo(4), { channel: 'social', properties: { topic: 'a post about us' } }),
      ],
    });
    expect(briefCustomer(visit(), h, opts())).toEqual({ messages: [], noMessageReason: 'new_customer' });
  });
});

describe('summarise', () => {
  const entry = (customer: string, messages: [string, string][], reason: string | null = null) => ({
    customer: { id: customer },
    messages: messages.map(([kind, text]) => ({ kind, text })) as { kind: 'milestone'; text: string }[],
    noMessageReason: reason as 'new_customer' | null,
  });

  it('counts customers once, their repeated messages once, and why the others have none', () => {
    const s = summarise([
      entry('a', [
        ['milestone', '10th stay with us'],
        ['preference', 'Usually stays in a suite (3 of 3 stays)'],
      ]),
      // a's table the same evening repeats one message and adds one
      entry('a', [
        ['preference', 'Usually stays in a suite (3 of 3 stays)'],
        ['avoid', 'Dietary: vegan; tell the kitchen'],
      ]),
      entry('b', [['prefers_human', 'Prefers to deal with a person']]),
      entry('c', [], 'new_customer'),
      entry('d', [], 'new_customer'),
      entry('e', [], 'thin_history'),
    ]);
    expect(s).toEqual({
      visits: 6,
      customers: 5,
      customersWithMessage: 2,
      messages: 4,
      messagesPerCustomer: 0.8,
      withoutMessage: { new_customer: 2, consent_refused: 0, thin_history: 1, relationship_rules: 0 },
      byKind: {
        milestone: 1,
        preference: 1,
        last_complaint: 0,
        prefers_human: 1,
        front_line_note: 0,
        avoid: 1,
      },
      text: '2 of 5 guests have a message; 3 without: 2 first visits, 1 history too thin',
    });
  });

  it('reads well for an empty day, one guest, and everyone recognised', () => {
    expect(summarise([]).text).toBe('No guests expected');
    expect(summarise([]).messagesPerCustomer).toBe(0);
    expect(summarise([entry('a', [], 'new_customer')]).text).toBe(
      '0 of 1 guest has a message; 1 without: 1 first visit',
    );
    expect(summarise([entry('a', [['milestone', 'x']]), entry('b', [['milestone', 'y']])]).text).toBe(
      '2 of 2 guests have a message',
    );
  });
});

const HOUR = 3_600_000;
