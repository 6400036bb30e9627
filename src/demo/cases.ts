import type { caseCompensations, caseEvents, caseMessages, caseSlas, cases } from '../server/db/schema.js';
import { DEFAULT_SLA_POLICIES } from '../server/features/cases/case-sla.service.js';
import { bodyFingerprint, formatReference } from '../server/features/cases/cases.service.js';
import { compileCalendar, officeHours } from '../server/features/cases/core/business-time.js';
import { evaluateSla, type SlaEvent, type SlaPolicy } from '../server/features/cases/core/sla.js';
import { storedSlaOf } from '../server/features/cases/core/sla-store.js';
import type { ActorRef } from '../server/lib/actor.js';
import type { CaseOutcome, CaseRootCause } from '../shared/contracts/case-resolution.js';
import type { SuggestionOutcome } from '../shared/contracts/case-suggestions.js';
import type {
  CaseAuthor,
  CaseChannel,
  CaseSeverity,
  CaseStatus,
  CaseType,
} from '../shared/contracts/cases.js';
import {
  DAY_MS,
  type DemoRecord,
  type DemoStaff,
  HOTELS,
  type Hotel,
  SPA_HOTEL,
  SPA_LOCATION,
} from './generate.js';
import { createRandom, type Random } from './random.js';

// ---------------------------------------------------------------------------------------------
// Rows (the seeder adds the workspace, and its actor as created_by / updated_by)
// ---------------------------------------------------------------------------------------------

type Seeded<T, Omitted extends string = never> = Required<
  Omit<T, 'workspaceId' | 'createdBy' | 'updatedBy' | 'deletedAt' | 'deletedBy' | Omitted>
>;
export type DemoCaseRow = Seeded<typeof cases.$inferInsert>;
export type DemoCaseSlaRow = Seeded<typeof caseSlas.$inferInsert>;
export type DemoCaseEventRow = Seeded<typeof caseEvents.$inferInsert>;
export type DemoCaseMessageRow = Seeded<typeof caseMessages.$inferInsert>;
export type DemoCaseCompensationRow = Seeded<typeof caseCompensations.$inferInsert>;

/** Everything the demo's cases put in the database; `lastNumber` goes to `case_counters`. */
export interface DemoCases {
  cases: DemoCaseRow[];
  slas: DemoCaseSlaRow[];
  events: DemoCaseEventRow[];
  messages: DemoCaseMessageRow[];
  compensations: DemoCaseCompensationRow[];
  /** The number of the last reference given out (`C-000042` → 42); 0 without cases. */
  lastNumber: number;
}

/** Cases are opened over this many days before `now`. */
export const CASE_WINDOW_DAYS = 60;
/** Chance that a customer with an order in the case window brings a case, and one without. */
const SHARE_RECENT = 0.12;
const SHARE_OTHER = 0.025;
/** Chance that a customer with one case brings a second. */
const SECOND_CASE = 0.12;
/** Stream 5 of the seed: generate.ts uses 0–4, so cases never shift the rest of the demo. */
const CASES_STREAM = 5;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The demo workspace's time zone (bootstrap.ts): resolved cases' SLA is evaluated in it. */
const DEMO_TIME_ZONE = 'Europe/London';
const SOCIAL_HOST = 'https://social.example.com';

// ---------------------------------------------------------------------------------------------
// What guests write
// ---------------------------------------------------------------------------------------------

type Team = 'Front desk' | 'Housekeeping' | 'Restaurant' | 'Spa' | 'Reservations';
/** Where a case happened: a hotel, its restaurant, or the spa in Amalfi. */
type Place = 'hotel' | 'restaurant' | 'spa';

interface Topic {
  team: Team;
  place: Place;
  subject: string;
  /** {hotel}, {restaurant}, {city}, {room}, {nights}, {day} are filled in. */
  body: string;
  /** The agent's first answer. */
  reply: string;
  severity?: readonly (readonly [CaseSeverity, number])[];
  tags?: readonly string[];
}

interface Complaint extends Topic {
  rootCause: CaseRootCause;
  /** What was done when it was put right, for the resolution note. */
  fix: string;
}

interface Suggestion extends Topic {
  area: string;
}

const SEVERE = [
  ['normal', 3],
  ['high', 4],
  ['urgent', 1],
] as const;
const MILD = [
  ['low', 2],
  ['normal', 5],
  ['high', 1],
] as const;

const COMPLAINTS: readonly Complaint[] = [
  {
    team: 'Housekeeping',
    place: 'hotel',
    subject: 'Room not cleaned during our stay',
    body: 'We stayed {nights} nights in room {room} at {hotel} and the room was not made up once, even though we left the card out every morning. Towels were not replaced and the bin was overflowing by the third day. For the price we paid this is not acceptable.',
    reply:
      'Thank you for telling us, and I am sorry your room was not looked after as it should have been. I have asked our head of housekeeping to find out what went wrong with room {room} and will come back to you shortly.',
    rootCause: 'service_failure',
    fix: 'Housekeeping rota for the floor was short-staffed; extra attendant added on weekends.',
    tags: ['housekeeping'],
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Noise from the bar kept us awake',
    body: 'Our room ({room}) was directly above the bar and the music went on until well after 1 am on {day}. We called reception twice and were told nothing could be done. We had an early flight and barely slept.',
    reply:
      'I am very sorry about your night, and that reception could not help at the time. I am looking into why we did not offer you a quieter room and will be in touch.',
    rootCause: 'facility',
    fix: 'Rooms above the bar are now only let when no other room is free; late music ends at midnight.',
    tags: ['noise'],
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Charged twice for my stay',
    body: 'I checked out of {hotel} on {day} and have now seen two charges for the full stay on my credit card statement. Please refund the duplicate charge as soon as possible.',
    reply:
      'Thank you for letting us know. I can see the two charges and have passed this to our accounts team to refund the duplicate; I will confirm once it is done.',
    rootCause: 'billing',
    fix: 'Duplicate pre-authorisation captured by mistake; refunded and the terminal setting corrected.',
    severity: [
      ['normal', 2],
      ['high', 3],
    ],
    tags: ['billing'],
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Room not ready at check-in',
    body: 'We arrived at {hotel} at 4 pm, well after the check-in time, and our room was still not ready. We waited in the lobby for over an hour with two tired children and nobody offered us so much as a drink.',
    reply:
      'I am sorry you had such a long wait on arrival, and that we did not look after you while you waited. I am finding out what happened that afternoon and will get back to you.',
    rootCause: 'delay',
    fix: 'Late departures were not flagged to housekeeping; the front desk now releases rooms by 2 pm.',
    tags: ['check-in'],
  },
  {
    team: 'Housekeeping',
    place: 'hotel',
    subject: 'Air conditioning not working',
    body: 'The air conditioning in room {room} did not work for our whole stay. It was over 30 degrees and the engineer who came up said he would order a part, but nothing happened and we were not offered another room.',
    reply:
      'I am sorry the air conditioning let you down in that heat, and that you were not moved. I have asked our chief engineer for a report on room {room}.',
    rootCause: 'facility',
    fix: 'Compressor replaced; maintenance requests now escalate to the duty manager after four hours.',
    severity: SEVERE,
    tags: ['maintenance'],
  },
  {
    team: 'Restaurant',
    place: 'restaurant',
    subject: 'Cold food and a long wait at dinner',
    body: 'We had dinner at {restaurant} on {day}. Our main courses took over an hour to arrive and were lukewarm when they did. When we mentioned it the waiter just shrugged. A disappointing end to an otherwise lovely day.',
    reply:
      'Thank you for taking the time to write, and I am sorry your dinner at {restaurant} fell so short. I have shared your message with our head chef and restaurant manager.',
    rootCause: 'service_failure',
    fix: 'Kitchen was a chef down that night; pass now checks plate temperature before service.',
    tags: ['food'],
  },
  {
    team: 'Restaurant',
    place: 'restaurant',
    subject: 'Allergy not taken seriously',
    body: 'I told the waiter at {restaurant} twice that I have a severe nut allergy, and my dessert still came with a praline crumb on top. Luckily I noticed before eating it. This could have been very serious.',
    reply:
      'I am so sorry. An allergy must always be taken seriously and we failed you. Our restaurant manager is reviewing exactly what happened between the order and the kitchen, and I will personally update you.',
    rootCause: 'staff_behaviour',
    fix: 'Allergy briefing repeated with all service staff; allergens are now printed on the kitchen ticket.',
    severity: [
      ['high', 3],
      ['urgent', 2],
    ],
    tags: ['allergy', 'food'],
  },
  {
    team: 'Restaurant',
    place: 'restaurant',
    subject: 'Our table reservation was lost',
    body: 'I booked a table for four at {restaurant} for our anniversary on {day} and had the confirmation e-mail. When we arrived there was no record of the booking and we were told to wait at the bar for 40 minutes.',
    reply:
      'I am very sorry that your anniversary dinner started like this. I have asked the restaurant team to check what happened to your booking.',
    rootCause: 'communication',
    fix: 'Booking came in through the website during a sync outage; the restaurant now checks the online list at each shift.',
    tags: ['reservation'],
  },
  {
    team: 'Spa',
    place: 'spa',
    subject: 'Spa treatment cut short',
    body: 'I booked a 90-minute hot stone massage at the spa in Amalfi and it finished after barely an hour because the therapist had another client waiting. I paid the full price for a treatment I did not get.',
    reply:
      'I am sorry your treatment was shortened, that is not how we want anyone to leave the spa. I am checking the booking schedule for that day with our spa manager.',
    rootCause: 'service_failure',
    fix: 'Treatments were booked back to back with no changeover; the spa diary now keeps 15 minutes between bookings.',
    tags: ['spa'],
  },
  {
    team: 'Spa',
    place: 'spa',
    subject: 'Changing rooms were dirty',
    body: 'The changing rooms at the spa were in a poor state when I visited on {day}: wet towels on the floor, hair in the showers and no hairdryer working. Not what I expect from a five-star spa.',
    reply:
      'Thank you for telling us, and I apologise. I have shared your message with the spa manager so the changing rooms are checked through the day.',
    rootCause: 'service_failure',
    fix: 'Hourly changing-room checks added to the spa attendant checklist.',
    severity: MILD,
    tags: ['spa', 'cleanliness'],
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Rude receptionist at check-out',
    body: 'When I queried an item on my bill at check-out, the receptionist was dismissive and rolled her eyes at me in front of other guests. I have stayed at {hotel} many times and have never been treated like this.',
    reply:
      'I am sorry for how you were spoken to at check-out; that is not the welcome we want any guest to have, least of all a regular one. I am speaking to the front office manager about it.',
    rootCause: 'staff_behaviour',
    fix: 'Spoken to the colleague concerned; refresher on handling bill queries for the front office team.',
    tags: ['staff'],
  },
  {
    team: 'Reservations',
    place: 'hotel',
    subject: 'Booked a suite, given a classic room',
    body: 'I booked and paid for a suite at {hotel} for {nights} nights, but on arrival we were put in a classic room and told the suite was "unavailable". Nobody offered to refund the difference.',
    reply:
      'I am sorry you did not get the room you booked and paid for. I am checking your reservation and what was agreed at the front desk, and will put this right.',
    rootCause: 'policy',
    fix: 'Overbooking of suites stopped; downgrades must be refunded at check-in.',
    severity: SEVERE,
    tags: ['billing', 'rooms'],
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Wi-Fi unusable in the room',
    body: 'The Wi-Fi in room {room} dropped every few minutes for the whole of my stay, which made it impossible to work. The front desk gave me a new password but it made no difference.',
    reply:
      'Thank you for letting us know, and I am sorry it made your stay so difficult for work. I have asked our IT provider to check the access point on your floor.',
    rootCause: 'facility',
    fix: 'Faulty access point on the fourth floor replaced.',
    severity: MILD,
    tags: ['wifi'],
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Left a charger behind, nobody answers',
    body: 'I left my laptop charger in room {room} when I checked out on {day}. I have called three times and sent an e-mail but nobody has come back to me about whether it was found.',
    reply:
      'I am sorry nobody has come back to you. I have asked housekeeping to check lost property for room {room} and will let you know today.',
    rootCause: 'communication',
    fix: 'Found in lost property and posted back; lost-property calls now go to the duty manager.',
    severity: MILD,
    tags: ['lost property'],
  },
  {
    team: 'Reservations',
    place: 'hotel',
    subject: 'Booked the wrong dates online',
    body: 'I made a mistake on your website and booked {hotel} for the wrong week. Your system will not let me change the dates and says the rate is non-refundable. Please can someone help?',
    reply:
      'Thank you for getting in touch. I understand how easily this happens; let me check what we can do with your reservation.',
    rootCause: 'customer_error',
    fix: 'Dates moved as a goodwill gesture.',
    severity: MILD,
    tags: ['reservation'],
  },
];

const SUGGESTIONS: readonly Suggestion[] = [
  {
    team: 'Restaurant',
    place: 'hotel',
    area: 'Breakfast',
    subject: 'More vegan options at breakfast',
    body: 'We loved our stay at {hotel}, but the breakfast buffet had very little for vegans beyond fruit and toast. Plant-based yoghurt, a tofu scramble or some vegan pastries would make a big difference.',
    reply:
      'Thank you for the suggestion. I have passed it to our breakfast team, and we will let you know what we decide.',
  },
  {
    team: 'Front desk',
    place: 'hotel',
    area: 'Check-in and check-out',
    subject: 'Online check-in would save time',
    body: 'It would be great to check in online before arriving at {hotel} and just pick up a key, like some airlines do. The queue at reception on a Friday evening can be long.',
    reply: 'Thank you, that is a helpful idea. I have shared it with our front office team.',
  },
  {
    team: 'Housekeeping',
    place: 'hotel',
    area: 'Sustainability',
    subject: 'Refillable toiletries instead of small bottles',
    body: 'The small plastic toiletry bottles in the bathroom seem wasteful. Many hotels now use large refillable dispensers, which I would much prefer.',
    reply: 'Thank you for caring about this as much as we do. I have passed it to our sustainability group.',
  },
  {
    team: 'Spa',
    place: 'spa',
    area: 'Spa',
    subject: 'Evening opening hours for the spa',
    body: 'The spa closes at 7 pm, which is just when we got back from our day out. Late opening until 9 pm, even two nights a week, would be wonderful.',
    reply: 'Thank you for the suggestion. I have shared it with our spa manager.',
  },
  {
    team: 'Restaurant',
    place: 'restaurant',
    area: 'Restaurant menu',
    subject: 'A children\u2019s menu at dinner',
    body: 'We ate at {restaurant} with our two children. The food was excellent, but a simple children\u2019s menu with smaller portions would have been better for them and for our bill.',
    reply: 'Thank you, that is a good point. I have passed it to our head chef.',
  },
  {
    team: 'Reservations',
    place: 'hotel',
    area: 'Booking and app',
    subject: 'Save my room preferences',
    body: 'Every time I book I have to ask again for a high floor and extra pillows. It would be nice if my preferences were saved to my profile and applied automatically.',
    reply: 'Thank you, I have passed your idea to the team who looks after our booking system.',
  },
  {
    team: 'Front desk',
    place: 'hotel',
    area: 'Sustainability',
    subject: 'Charging points for electric cars',
    body: 'There was nowhere to charge our electric car at {hotel}. A couple of charging points in the garage would make us choose you over other hotels in {city}.',
    reply: 'Thank you for the suggestion. I have shared it with our operations team.',
  },
  {
    team: 'Housekeeping',
    place: 'hotel',
    area: 'Rooms',
    subject: 'Blackout blinds in the rooms',
    body: 'The curtains in room {room} let in a lot of light from about 5 am. Proper blackout blinds would help light sleepers like me.',
    reply: 'Thank you for the suggestion. I have passed it to our rooms division manager.',
  },
];

const QUESTIONS: readonly Topic[] = [
  {
    team: 'Reservations',
    place: 'hotel',
    subject: 'Early check-in possible?',
    body: 'We arrive in {city} on an early flight and will be at {hotel} around 10 am. Is there any chance of an early check-in, and what would it cost?',
    reply:
      'Thank you for your message. We will do our best to have your room ready early; if it is not, you are welcome to leave your luggage and use the spa and lounge. Early check-in from 10 am is EUR 40.',
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Do you allow dogs?',
    body: 'We would like to bring our small dog when we stay at {hotel} next month. Are dogs allowed, and is there a charge?',
    reply:
      'Thank you for asking. Well-behaved dogs are very welcome for EUR 25 per night, which includes a bed and bowls. Please let us know when you book so we can give you a ground-floor room.',
  },
  {
    team: 'Restaurant',
    place: 'restaurant',
    subject: 'Gluten-free options at dinner',
    body: 'I am coeliac and would love to eat at {restaurant}. Can the kitchen prepare gluten-free dishes, and is the tasting menu available gluten-free?',
    reply:
      'Thank you for getting in touch. Our kitchen prepares gluten-free versions of most dishes, including the tasting menu; please mention it when you book and to your waiter on the night.',
  },
  {
    team: 'Spa',
    place: 'spa',
    subject: 'Spa treatments during pregnancy',
    body: 'I am five months pregnant and would like to book a treatment at the spa in Amalfi. Which treatments are safe for me?',
    reply:
      'Congratulations! We offer a pregnancy massage and a gentle facial for mums-to-be after the first trimester. I can book either for you; just let me know the day.',
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Invoice with company details',
    body: 'Could you please send me an invoice for my stay at {hotel} with my company name and VAT number on it? I will send the details if you need them.',
    reply:
      'Of course. Please send us the company name, address and VAT number and we will issue the invoice.',
  },
  {
    team: 'Reservations',
    place: 'hotel',
    subject: 'Parking at the hotel',
    body: 'Is there parking at {hotel}, and do I need to reserve a space in advance?',
    reply:
      'We offer valet parking at EUR 28 per night. Spaces are limited, so we recommend adding it to your reservation; I can do that for you now.',
  },
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Airport transfer',
    body: 'Can you arrange a transfer from the airport to {hotel}? We land at 6 pm on {day}, two adults and three suitcases.',
    reply:
      'Certainly. Our driver can meet you in arrivals; a car for two with luggage is EUR 65. Please send us your flight number and we will confirm.',
  },
];

const PRAISE: readonly Topic[] = [
  {
    team: 'Front desk',
    place: 'hotel',
    subject: 'Wonderful stay, thank you',
    body: 'Just a note to say thank you for a wonderful {nights}-night stay at {hotel}. The team at reception went out of their way to help us, and the room was spotless.',
    reply:
      'Thank you so much for your kind words. I have shared them with the whole team, who will be delighted. We hope to welcome you back soon.',
  },
  {
    team: 'Restaurant',
    place: 'restaurant',
    subject: 'Best dinner of our trip',
    body: 'The tasting menu at {restaurant} was the best meal of our holiday. Our waiter made our anniversary really special. Please pass on our thanks to the kitchen.',
    reply:
      'Thank you for such a lovely message. I have passed it on to the chef and the team, who were thrilled.',
  },
  {
    team: 'Spa',
    place: 'spa',
    subject: 'Fantastic massage at the spa',
    body: 'I had the most relaxing massage of my life at the spa in Amalfi. Please thank my therapist, she was wonderful.',
    reply: 'Thank you for taking the time to write. I have shared your message with the spa team.',
  },
  {
    team: 'Housekeeping',
    place: 'hotel',
    subject: 'Thank you to housekeeping',
    body: 'The housekeeping team at {hotel} left a little birthday card and some chocolates for my daughter. Such a thoughtful touch, she loved it.',
    reply: 'What a lovely message, thank you. I have passed it on to our housekeeping team.',
  },
];

const FOLLOW_UPS: Record<CaseType, readonly string[]> = {
  complaint: [
    'Thank you for your reply. I would appreciate an update, as I have not heard anything since.',
    'Thanks for getting back to me. I have attached a photo, as you asked.',
    'I appreciate the apology, but I would like to know what you are going to do about it.',
  ],
  suggestion: ['Thank you, I look forward to hearing what you decide.'],
  question: ['Thank you, that is very helpful. One more thing: is breakfast included?'],
  praise: ['Thank you, we will certainly be back!'],
};
const ASK_CUSTOMER =
  'Could you please send us your booking reference and the dates of your stay, so we can look into this?';
const CLOSING_REPLY: Record<CaseOutcome, string> = {
  fixed: 'We have put this right and made changes so it does not happen again. Thank you for raising it.',
  compensated:
    'As an apology we have added a credit to your account, which you can use on your next stay with us. Thank you for your patience.',
  explained: 'I hope this answers your question. Please do get in touch if there is anything else.',
  not_upheld:
    'Having looked into this carefully with the team, we do not think we were at fault on this occasion, but we are sorry your experience fell short of what you hoped.',
  referred: 'I have referred this to our head office, who will contact you directly.',
  no_action: 'Thank you again for getting in touch.',
};
const CSAT_COMMENTS: Record<number, readonly string[]> = {
  1: ['Nobody really listened.', 'Still waiting for the refund.'],
  2: ['Took far too long to sort out.', 'The answer felt like a template.'],
  3: ['Fine in the end.', 'Resolved, but it took a few e-mails.'],
  4: ['Thank you for sorting it out.', 'Good response, thank you.'],
  5: [
    'Excellent, quick and friendly.',
    'Really impressed with how you handled it.',
    'Thank you, above and beyond.',
  ],
};
const SUGGESTION_REASONS: Record<SuggestionOutcome, readonly string[]> = {
  planned: ['On the list for the next refurbishment.', 'Part of next season\u2019s plans.'],
  done: ['Introduced across the group this month.', 'Now available at every hotel.'],
  declined: ['Not possible in the listed building.', 'Tried before, and guests did not take it up.'],
};

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

// ---------------------------------------------------------------------------------------------
// Who brings a case
// ---------------------------------------------------------------------------------------------

/** What a case needs of its customer. */
export interface CaseCustomer {
  id: string;
  fullName: string;
  email: string | null;
  createdAt: Date;
  /** The customer's last order, if any. */
  lastOrder: { id: string; location: string | null; at: Date } | null;
}

/**
 * Picks the customers who bring cases as the seeder streams the records (one draw per record,
 * from a stream of its own, so the choice is the same for the same seed), then writes their cases.
 */
export class DemoCasePlanner {
  private readonly picker: Random;
  private readonly chosen: CaseCustomer[] = [];
  private readonly windowStartMs: number;

  constructor(
    private readonly seed: number,
    private readonly now: Date,
  ) {
    this.picker = createRandom(seed, CASES_STREAM);
    this.windowStartMs = now.getTime() - CASE_WINDOW_DAYS * DAY_MS;
  }

  /** Looks at one record as it streams past; planted duplicates bring no cases. */
  consider(record: DemoRecord): void {
    const u = this.picker.next();
    if (record.duplicate) return;
    const last = record.orders.reduce<DemoRecord['orders'][number] | null>(
      (a, o) => (!a || o.occurredAt > a.occurredAt ? o : a),
      null,
    );
    const recent = last !== null && last.occurredAt.getTime() >= this.windowStartMs;
    if (u >= (recent ? SHARE_RECENT : SHARE_OTHER)) return;
    const c = record.customer;
    this.chosen.push({
      id: c.id,
      fullName: c.fullName,
      email: c.emails[0]?.value ?? null,
      createdAt: c.createdAt,
      lastOrder: last ? { id: last.id, location: last.location, at: last.occurredAt } : null,
    });
  }

  /** The cases of the customers chosen so far. */
  build(staff: readonly DemoStaff[]): DemoCases {
    return generateCases({ seed: this.seed, now: this.now, staff, customers: this.chosen });
  }
}

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

export interface GenerateCasesOptions {
  seed: number;
  now: Date;
  /** Staff who may be assigned; none: every case is unassigned. */
  staff: readonly DemoStaff[];
  customers: readonly CaseCustomer[];
}

type Beat =
  | { kind: 'status'; to: CaseStatus }
  | { kind: 'reply'; text: string }
  | { kind: 'customer'; text: string };

const TEAM_JOBS: Record<Team, DemoStaff['job'][]> = {
  'Front desk': ['front_desk', 'guest_relations'],
  Housekeeping: ['guest_relations', 'front_desk'],
  Restaurant: ['restaurant', 'guest_relations'],
  Spa: ['spa'],
  Reservations: ['call_centre'],
};

/**
 * The demo's cases for `customers`, all opened in the {@link CASE_WINDOW_DAYS} days before `now`
 * and ordered by opening time, referenced `C-000001`… in that order. Pure and deterministic:
 * the same options give the same rows, ids included.
 * @example generateCases({ seed: 42, now, staff: demo.staff, customers }).cases[0].reference // 'C-000001'
 */
export function generateCases(options: GenerateCasesOptions): DemoCases {
  const rng = createRandom(options.seed, CASES_STREAM + 1);
  const nowMs = options.now.getTime();
  const windowStartMs = nowMs - CASE_WINDOW_DAYS * DAY_MS;
  const calendar = compileCalendar(officeHours(DEMO_TIME_ZONE));
  const shipped = DEFAULT_SLA_POLICIES.find((p) => p.id === 'standard')!;
  const t = shipped.targets;
  const standard: SlaPolicy = {
    ...shipped,
    targets: { low: t.low ?? {}, normal: t.normal ?? {}, high: t.high ?? {}, urgent: t.urgent ?? {} },
  };
  const staffByKey = new Map<string, DemoStaff[]>();
  for (const s of options.staff) {
    const key = `${s.job}:${s.hotel ?? ''}`;
    staffByKey.set(key, [...(staffByKey.get(key) ?? []), s]);
  }
  const managers = options.staff.filter((s) => s.role === 'manager');

  // First when and for whom, then the references in opening order.
  const drafts: { customer: CaseCustomer; openedMs: number }[] = [];
  for (const customer of options.customers) {
    const count = rng.chance(SECOND_CASE) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const earliest = Math.max(windowStartMs, customer.createdAt.getTime());
      const last = customer.lastOrder?.at.getTime() ?? null;
      // Most cases follow the customer's last visit within days; the others come any time.
      let openedMs =
        i === 0 && last !== null && last >= earliest && rng.chance(0.7)
          ? last + rng.exponential(1 / (1.5 * DAY_MS))
          : earliest + recentSkew(rng) * (nowMs - earliest);
      openedMs = Math.floor(Math.min(openedMs, nowMs - 5 * MINUTE_MS));
      if (openedMs < earliest) continue;
      drafts.push({ customer, openedMs });
    }
  }
  drafts.sort((a, b) => a.openedMs - b.openedMs || (a.customer.id < b.customer.id ? -1 : 1));

  const out: DemoCases = { cases: [], slas: [], events: [], messages: [], compensations: [], lastNumber: 0 };
  for (const draft of drafts) {
    const number = ++out.lastNumber;
    const { customer, openedMs } = draft;
    const type = rng.weighted<CaseType>([
      ['complaint', 62],
      ['suggestion', 14],
      ['question', 14],
      ['praise', 10],
    ]);
    const topic: Topic =
      type === 'complaint'
        ? rng.pick(COMPLAINTS)
        : type === 'suggestion'
          ? rng.pick(SUGGESTIONS)
          : type === 'question'
            ? rng.pick(QUESTIONS)
            : rng.pick(PRAISE);
    const hotel = topic.place === 'spa' ? hotelByCode(SPA_HOTEL) : hotelOf(rng, customer);
    const location =
      topic.place === 'spa'
        ? SPA_LOCATION
        : topic.place === 'restaurant'
          ? `${hotel.restaurant}, ${hotel.city}`
          : `${hotel.name}, ${hotel.city}`;
    const fill = placeholders(rng, hotel, openedMs);
    const channel = drawChannel(rng, type, customer.email !== null);
    const severity =
      type === 'complaint' ? rng.weighted(topic.severity ?? [...MILD]) : type === 'praise' ? 'low' : 'normal';
    const ageDays = (nowMs - openedMs) / DAY_MS;
    const status = drawStatus(rng, type, ageDays);

    // The assignee: someone in the team at that hotel, for most cases someone has picked up.
    const assignee = rng.chance(status === 'new' ? 0.2 : 0.85)
      ? pickAssignee(rng, staffByKey, topic.team, hotel.code)
      : null;
    const manager = managers.find((m) => m.hotel === hotel.code) ?? managers[0] ?? null;
    const workerRef: ActorRef = assignee ? userRef(assignee) : manager ? userRef(manager) : DEMO_ACTOR;
    const worker = () => workerRef;
    const done = status === 'resolved' || status === 'closed';
    const outcome: CaseOutcome | null = done ? drawOutcome(rng, type) : null;

    // The story: status steps, replies and customer messages in order, then their times.
    const waitingDetour =
      (status === 'resolved' || status === 'closed') && type !== 'praise' && rng.chance(0.15);
    const beats = storyOf(rng, type, status, waitingDetour, fill(topic.reply), outcome);
    const spanMs = spanOf(rng, status, nowMs - openedMs);
    // Someone picks the case up first; everything else happens after that, the first steps
    // soon after opening (squaring the shares pulls them early) and the last at the span's end.
    const leadMs = Math.floor(Math.min(spanMs * 0.05, HOUR_MS));
    const times = beats
      .map(() => rng.next())
      .sort((a, b) => a - b)
      .map((u) => Math.floor(openedMs + leadMs + u * u * (spanMs - leadMs)));

    const id = rng.uuid(openedMs);
    const openedAt = new Date(openedMs);
    const events: DemoCaseEventRow[] = [
      event(rng, id, openedAt, {
        kind: 'status',
        toStatus: 'new',
        actor: channel === 'web_form' ? WEB_FORM_ACTOR : DEMO_ACTOR,
      }),
    ];
    const assignedAt = assignee ? new Date(openedMs + leadMs) : null;
    if (assignee && assignedAt) {
      events.push(
        event(rng, id, assignedAt, {
          kind: 'assignment',
          assigneeUserId: assignee.id,
          team: topic.team,
          actor: manager ? userRef(manager) : DEMO_ACTOR,
        }),
      );
    }
    let current: CaseStatus = 'new';
    let firstRespondedAt: Date | null = null;
    let resolvedAt: Date | null = null;
    let closedAt: Date | null = null;
    let lastMs = openedMs;
    const sla: SlaEvent[] = [];
    for (const [i, beat] of beats.entries()) {
      const at = new Date(times[i]!);
      lastMs = Math.max(lastMs, at.getTime());
      if (beat.kind === 'status') {
        events.push(
          event(rng, id, at, { kind: 'status', fromStatus: current, toStatus: beat.to, actor: worker() }),
        );
        sla.push({ at, kind: 'status', status: beat.to });
        current = beat.to;
        if (beat.to === 'resolved') resolvedAt = at;
        if (beat.to === 'closed') closedAt = at;
        continue;
      }
      const messageId = rng.uuid(at.getTime());
      const byCustomer = beat.kind === 'customer';
      const author: CaseAuthor = byCustomer
        ? { type: 'customer', id: customer.id, name: customer.fullName }
        : worker();
      const emailed = channel === 'email' || (channel === 'web_form' && customer.email !== null);
      out.messages.push({
        id: messageId,
        caseId: id,
        kind: byCustomer ? 'customer_message' : 'reply',
        author,
        body: beat.kind === 'reply' ? `Dear ${firstName(customer.fullName)},\n\n${beat.text}` : beat.text,
        attachments: [],
        emailMessageId: null,
        emailInReplyTo: null,
        emailTo: !byCustomer && emailed ? customer.email : null,
        emailStatus: byCustomer ? null : emailed ? 'sent' : 'not_sent',
        emailNotSentReason: byCustomer || emailed ? null : 'channel_not_email',
        emailSentAt: !byCustomer && emailed ? at : null,
        emailLastError: null,
        createdAt: at,
      });
      events.push(
        event(rng, id, at, {
          kind: byCustomer ? 'customer_reply' : 'agent_reply',
          messageId,
          actor: byCustomer ? DEMO_ACTOR : (author as ActorRef),
        }),
      );
      sla.push({ at, kind: byCustomer ? 'customer_reply' : 'agent_reply' });
      if (!byCustomer && !firstRespondedAt) firstRespondedAt = at;
    }

    // Resolution, satisfaction, compensation, suggestion outcome.
    let rootCause: CaseRootCause | null = null;
    let resolutionNote: string | null = null;
    if (resolvedAt && outcome) {
      if (type === 'complaint') {
        const complaint = topic as Complaint;
        rootCause = outcome === 'not_upheld' && rng.chance(0.5) ? 'customer_error' : complaint.rootCause;
        resolutionNote =
          outcome === 'not_upheld' ? 'Checked with the team; the complaint did not stand.' : complaint.fix;
      }
      events.push(
        event(rng, id, resolvedAt, {
          kind: 'resolution',
          reason: resolutionNote,
          details: { outcome, rootCause },
          actor: worker(),
        }),
      );
    }
    if (outcome === 'compensated') {
      const kind = rng.weighted([
        ['voucher', 4],
        ['refund', 3],
        ['upgrade', 2],
        ['points', 1],
      ] as const);
      const amountMinor = rng.pick([2_500, 4_000, 5_000, 7_500, 10_000, 15_000]);
      const requester = worker();
      const overCap = amountMinor > 5_000 && assignee?.role === 'agent';
      const approver = managers.find((m) => m.hotel === hotel.code) ?? managers[0];
      out.compensations.push({
        id: rng.uuid(resolvedAt!.getTime()),
        caseId: id,
        customerId: customer.id,
        amountMinor,
        currency: 'EUR',
        kind,
        note: compensationNote(kind),
        status: 'approved',
        requestedAt: resolvedAt!,
        requestedBy: requester,
        decidedAt: overCap ? resolvedAt : null,
        decidedBy: overCap && approver ? userRef(approver) : null,
        decisionNote: overCap ? 'Approved: a fair gesture for what went wrong.' : null,
      });
    }
    let csat: Pick<
      DemoCaseRow,
      'csatRequestedAt' | 'csatRemindedAt' | 'csatScore' | 'csatComment' | 'csatAnsweredAt'
    > = {
      csatRequestedAt: null,
      csatRemindedAt: null,
      csatScore: null,
      csatComment: null,
      csatAnsweredAt: null,
    };
    if (done && customer.email && type !== 'praise') {
      const requestedMs = resolvedAt!.getTime() + HOUR_MS;
      if (requestedMs < nowMs && rng.chance(0.85)) {
        const answeredMs = requestedMs + rng.exponential(1 / (18 * HOUR_MS));
        const answered = answeredMs < nowMs && rng.chance(0.55);
        const score = answered ? drawScore(rng, outcome!) : null;
        const remindedMs = requestedMs + 3 * DAY_MS;
        const reminded = (!answered || answeredMs > remindedMs) && remindedMs < nowMs;
        csat = {
          csatRequestedAt: new Date(requestedMs),
          csatRemindedAt: reminded ? new Date(remindedMs) : null,
          csatScore: score,
          csatComment: score !== null && rng.chance(0.5) ? rng.pick(CSAT_COMMENTS[score]!) : null,
          csatAnsweredAt: answered ? new Date(answeredMs) : null,
        };
        events.push(
          event(rng, id, new Date(requestedMs), {
            kind: 'csat',
            details: { step: 'requested', to: customer.email },
            actor: CSAT_ACTOR,
          }),
        );
        if (reminded) {
          events.push(
            event(rng, id, new Date(remindedMs), {
              kind: 'csat',
              details: { step: 'reminded', to: customer.email },
              actor: CSAT_ACTOR,
            }),
          );
        }
        if (answered) {
          events.push(
            event(rng, id, new Date(answeredMs), {
              kind: 'csat',
              details: { step: 'answered', score },
              actor: CSAT_ACTOR,
            }),
          );
          lastMs = Math.max(lastMs, answeredMs);
        }
      }
    }
    let suggestion: Pick<
      DemoCaseRow,
      | 'suggestionArea'
      | 'suggestionOutcome'
      | 'suggestionOutcomeReason'
      | 'suggestionOutcomeAt'
      | 'customerToldAt'
    > = {
      suggestionArea: null,
      suggestionOutcome: null,
      suggestionOutcomeReason: null,
      suggestionOutcomeAt: null,
      customerToldAt: null,
    };
    if (type === 'suggestion' && (status !== 'new' || rng.chance(0.3)) && rng.chance(0.85)) {
      const area = (topic as Suggestion).area;
      const decided = done ? rng.chance(0.8) : status !== 'new' && rng.chance(0.2);
      suggestion = { ...suggestion, suggestionArea: area };
      if (decided) {
        const decision = rng.weighted<SuggestionOutcome>([
          ['planned', 5],
          ['done', 2],
          ['declined', 3],
        ]);
        const atMs = Math.min(nowMs - MINUTE_MS, (resolvedAt ?? new Date(lastMs)).getTime() - MINUTE_MS);
        const decidedAt = new Date(Math.max(openedMs + MINUTE_MS, atMs));
        const reason = rng.pick(SUGGESTION_REASONS[decision]);
        const told = customer.email !== null && rng.chance(0.7);
        suggestion = {
          suggestionArea: area,
          suggestionOutcome: decision,
          suggestionOutcomeReason: reason,
          suggestionOutcomeAt: decidedAt,
          customerToldAt: told ? decidedAt : null,
        };
        events.push(
          event(rng, id, decidedAt, {
            kind: 'suggestion_outcome',
            reason,
            details: {
              area,
              outcome: decision,
              previousOutcome: null,
              previousArea: null,
              told: told ? 'sent' : 'not_requested',
            },
            actor: worker(),
          }),
        );
      }
    }

    const subject = topic.subject;
    const body = fill(topic.body);
    out.cases.push({
      id,
      reference: formatReference(number),
      type,
      channel,
      subject,
      body,
      bodyFingerprint: bodyFingerprint(body),
      customerId: customer.id,
      orderId:
        customer.lastOrder &&
        customer.lastOrder.at.getTime() <= openedMs &&
        topic.place !== 'spa' &&
        rng.chance(0.6)
          ? customer.lastOrder.id
          : null,
      productId: null,
      touchpointId: null,
      location,
      severity,
      status: current,
      assigneeUserId: assignee?.id ?? null,
      team: topic.team,
      tags: [...(topic.tags ?? [])],
      idempotencyKey: null,
      emailMessageId: null,
      attachmentBytes: 0,
      openedAt,
      firstRespondedAt,
      resolvedAt: current === 'resolved' || current === 'closed' ? resolvedAt : null,
      closedAt,
      assignedAt,
      escalationLevel: 0,
      escalatedAt: null,
      outcome,
      rootCause,
      resolutionNote,
      ...csat,
      ...suggestion,
      sourceUrl:
        channel === 'social' ? `${SOCIAL_HOST}/@guest${rng.int(1000, 99_999)}/posts/${rng.uint32()}` : null,
      sentiment: channel === 'social' ? 'negative' : null,
      createdAt: openedAt,
      updatedAt: new Date(lastMs),
    });
    out.events.push(...events.sort((a, b) => a.at.getTime() - b.at.getTime()));

    // Open cases: stored empty, due a check now, so the app's SLA sweep evaluates them on its
    // first pass (warning, breach and escalation included). Done cases: their stopped targets.
    if (done) {
      const history = { severity, openedAt, events: sla };
      const stored = storedSlaOf(
        standard.id,
        evaluateSla(standard, calendar, history, options.now),
        options.now,
      );
      out.slas.push({
        caseId: id,
        policyId: stored.policyId,
        state: stored.state,
        targets: stored.targets,
        dueAt: stored.dueAt,
        checkAt: null,
        reassignAt: null,
        evaluatedAt: stored.evaluatedAt,
      });
    } else {
      out.slas.push({
        caseId: id,
        policyId: null,
        state: null,
        targets: [],
        dueAt: null,
        checkAt: options.now,
        reassignAt: null,
        evaluatedAt: null,
      });
    }
  }
  return out;
}

const DEMO_ACTOR: ActorRef = { type: 'system', id: null, name: 'demo' };
const WEB_FORM_ACTOR: ActorRef = { type: 'system', id: null, name: 'customer (web form)' };
const CSAT_ACTOR: ActorRef = { type: 'system', id: null, name: 'CSAT' };

const userRef = (s: DemoStaff): ActorRef => ({ type: 'user', id: s.id, name: s.name });
const firstName = (full: string) => full.split(' ')[0] || 'guest';

function event(
  rng: Random,
  caseId: string,
  at: Date,
  fields: Partial<Omit<DemoCaseEventRow, 'id' | 'caseId' | 'at'>> & Pick<DemoCaseEventRow, 'kind' | 'actor'>,
): DemoCaseEventRow {
  return {
    id: rng.uuid(at.getTime()),
    caseId,
    at,
    fromStatus: null,
    toStatus: null,
    reason: null,
    assigneeUserId: null,
    team: null,
    messageId: null,
    details: null,
    ...fields,
  };
}

/** A share of the window in [0, 1), more of it near `now` (recent cases are the inbox's bulk). */
function recentSkew(rng: Random): number {
  return 1 - rng.next() ** 2;
}

function hotelByCode(code: string): Hotel {
  return HOTELS.find((h) => h.code === code) ?? HOTELS[0]!;
}

/** The hotel of the customer's last order when it names one, else any. */
function hotelOf(rng: Random, customer: CaseCustomer): Hotel {
  const where = customer.lastOrder?.location ?? '';
  return HOTELS.find((h) => where.startsWith(h.name) || where.startsWith(h.restaurant)) ?? rng.pick(HOTELS);
}

function placeholders(rng: Random, hotel: Hotel, openedMs: number): (text: string) => string {
  const values: Record<string, string> = {
    hotel: hotel.name,
    restaurant: hotel.restaurant,
    city: hotel.city,
    room: String(rng.int(1, 6) * 100 + rng.int(1, 24)),
    nights: String(rng.int(2, 6)),
    day: WEEKDAYS[new Date(openedMs - rng.int(1, 4) * DAY_MS).getUTCDay()]!,
  };
  return (text) => text.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}

function drawChannel(rng: Random, type: CaseType, hasEmail: boolean): CaseChannel {
  const email = hasEmail ? 1 : 0;
  if (type === 'complaint') {
    return rng.weighted<CaseChannel>([
      ['email', 34 * email],
      ['web_form', 22],
      ['phone', 18],
      ['social', 12],
      ['in_person', 14],
    ]);
  }
  return rng.weighted<CaseChannel>([
    ['email', 40 * email],
    ['web_form', 30],
    ['phone', 15],
    ['in_person', 15],
  ]);
}

/** Older cases are mostly done; the last days' are mostly still being worked. */
function drawStatus(rng: Random, type: CaseType, ageDays: number): CaseStatus {
  if (type === 'praise') {
    return ageDays < 1
      ? rng.weighted<CaseStatus>([
          ['new', 5],
          ['resolved', 5],
        ])
      : rng.weighted<CaseStatus>([
          ['resolved', 3],
          ['closed', 7],
        ]);
  }
  // A working backlog: what is open is mostly recent, so the inbox shows cases on track, at
  // risk and a few overdue rather than a wall of breaches.
  const weights: readonly (readonly [CaseStatus, number])[] =
    ageDays < 2
      ? [
          ['new', 40],
          ['acknowledged', 20],
          ['in_progress', 20],
          ['waiting_on_customer', 8],
          ['resolved', 12],
        ]
      : ageDays < 7
        ? [
            ['new', 2],
            ['acknowledged', 5],
            ['in_progress', 20],
            ['waiting_on_customer', 15],
            ['resolved', 40],
            ['closed', 18],
          ]
        : ageDays < 21
          ? [
              ['in_progress', 3],
              ['waiting_on_customer', 4],
              ['resolved', 37],
              ['closed', 56],
            ]
          : [
              ['in_progress', 1],
              ['waiting_on_customer', 1],
              ['resolved', 18],
              ['closed', 80],
            ];
  return rng.weighted(weights);
}

/**
 * The steps from `new` to `status`, with the replies and customer messages between them, in
 * order: every move is one CASE_TRANSITIONS allows.
 */
function storyOf(
  rng: Random,
  type: CaseType,
  status: CaseStatus,
  detour: boolean,
  reply: string,
  outcome: CaseOutcome | null,
): Beat[] {
  const beats: Beat[] = [];
  let replied = false;
  const answer = (text: string) => {
    beats.push({ kind: 'reply', text });
    replied = true;
  };
  const follow = () => beats.push({ kind: 'customer', text: rng.pick(FOLLOW_UPS[type]) });
  if (status === 'new') return beats;
  const done = status === 'resolved' || status === 'closed';
  if (status === 'acknowledged' || rng.chance(0.55)) {
    beats.push({ kind: 'status', to: 'acknowledged' });
    if (status !== 'acknowledged' || rng.chance(0.6)) answer(reply);
  }
  if (status === 'acknowledged') return beats;
  if (status === 'in_progress' || status === 'waiting_on_customer' || !done || rng.chance(0.6)) {
    beats.push({ kind: 'status', to: 'in_progress' });
    if (!replied && (done || status === 'waiting_on_customer' || rng.chance(0.7))) answer(reply);
  }
  if (status === 'in_progress') {
    if (replied && rng.chance(0.3)) follow();
    return beats;
  }
  if (status === 'waiting_on_customer' || detour) {
    answer(ASK_CUSTOMER);
    beats.push({ kind: 'status', to: 'waiting_on_customer' });
    if (status === 'waiting_on_customer') {
      if (rng.chance(0.25)) follow();
      return beats;
    }
    follow();
    beats.push({ kind: 'status', to: 'in_progress' });
  }
  const closing = CLOSING_REPLY[outcome ?? 'no_action'];
  if (!replied) answer(`${reply}\n\n${closing}`);
  else if (detour || rng.chance(0.5)) answer(closing);
  beats.push({ kind: 'status', to: 'resolved' });
  if (status === 'closed') beats.push({ kind: 'status', to: 'closed' });
  return beats;
}

/** How long the story of a case takes, within its age: done cases within days, open ones any time. */
function spanOf(rng: Random, status: CaseStatus, ageMs: number): number {
  if (status === 'new') return 0;
  if (status === 'resolved' || status === 'closed') {
    const work = HOUR_MS + rng.exponential(1 / (1.8 * DAY_MS));
    const closing = status === 'closed' ? rng.uniform(1, 7) * DAY_MS : 0;
    return Math.min(ageMs * rng.uniform(0.5, 0.95), work + closing);
  }
  return ageMs * rng.uniform(0.15, 0.9);
}

function drawOutcome(rng: Random, type: CaseType): CaseOutcome {
  switch (type) {
    case 'complaint':
      return rng.weighted<CaseOutcome>([
        ['fixed', 35],
        ['compensated', 25],
        ['explained', 18],
        ['not_upheld', 10],
        ['referred', 5],
        ['no_action', 2],
      ]);
    case 'suggestion':
      return rng.weighted<CaseOutcome>([
        ['explained', 6],
        ['no_action', 3],
        ['referred', 1],
      ]);
    case 'question':
      return 'explained';
    case 'praise':
      return 'no_action';
  }
}

function drawScore(rng: Random, outcome: CaseOutcome): number {
  const weights: readonly (readonly [number, number])[] =
    outcome === 'not_upheld'
      ? [
          [1, 4],
          [2, 3],
          [3, 2],
          [4, 1],
          [5, 0.5],
        ]
      : outcome === 'compensated' || outcome === 'fixed'
        ? [
            [1, 0.5],
            [2, 1],
            [3, 2],
            [4, 4],
            [5, 5],
          ]
        : [
            [1, 1],
            [2, 1],
            [3, 2],
            [4, 3],
            [5, 3],
          ];
  return rng.weighted(weights);
}

function compensationNote(kind: string): string {
  switch (kind) {
    case 'voucher':
      return 'Voucher towards the next stay.';
    case 'refund':
      return 'Partial refund of the bill.';
    case 'upgrade':
      return 'Room upgrade on the next stay.';
    default:
      return 'Loyalty points credited.';
  }
}

function pickAssignee(
  rng: Random,
  staffByKey: ReadonlyMap<string, readonly DemoStaff[]>,
  team: Team,
  hotel: string,
): DemoStaff | null {
  for (const job of TEAM_JOBS[team]) {
    const list = staffByKey.get(`${job}:${hotel}`) ?? staffByKey.get(`${job}:`);
    if (list?.length) return rng.pick(list);
  }
  return null;
}
