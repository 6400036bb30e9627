import { z } from 'zod';
import { Id, IsoDate, JsonObject } from './common.js';
import { LifecycleStage, RelationshipType, Tone } from './relationships.js';
import { VisitStatus } from './visits.js';

/**
 * What a recognition message is about:
 * - milestone: the 10th/25th/50th… stay (or dinner, or spa visit), the first visit in over a
 *   year, the anniversary of the first stay
 * - preference: a choice the customer made again and again (room type, dish, treatment), or
 *   asked for
 * - last_complaint: the last complaint and how it ended
 * - prefers_human: the customer wants a person, not a kiosk or an app
 * - front_line_note: a note staff flagged for whoever meets the customer
 * - avoid: something not to offer or do (an allergy, a treatment they rated badly)
 */
export const BRIEFING_MESSAGE_KINDS = [
  'milestone',
  'preference',
  'last_complaint',
  'prefers_human',
  'front_line_note',
  'avoid',
] as const;
export const BriefingMessageKind = z.enum(BRIEFING_MESSAGE_KINDS);
export type BriefingMessageKind = z.infer<typeof BriefingMessageKind>;

export const BRIEFING_KIND_LABELS: Record<BriefingMessageKind, string> = {
  milestone: 'Milestone',
  preference: 'Preference',
  last_complaint: 'Last complaint',
  prefers_human: 'Prefers a person',
  front_line_note: 'Staff note',
  avoid: 'Avoid',
};

/**
 * Why a customer on the list got no message:
 * - new_customer: no history with the business before this visit (a first visit)
 * - consent_refused: there was something to say, but only from a purpose the customer refused
 * - thin_history: some history, but nothing repeated or notable enough to say
 * - relationship_rules: there was something to say, but the customer's relationship rules hold
 *   it back (a secret affair's milestone is not announced at the desk)
 */
export const NO_MESSAGE_REASONS = [
  'new_customer',
  'consent_refused',
  'thin_history',
  'relationship_rules',
] as const;
export const NoMessageReason = z.enum(NO_MESSAGE_REASONS);
export type NoMessageReason = z.infer<typeof NoMessageReason>;

export const NO_MESSAGE_REASON_LABELS: Record<NoMessageReason, string> = {
  new_customer: 'first visits',
  consent_refused: 'consent refused',
  thin_history: 'history too thin',
  relationship_rules: 'held back by relationship rules',
};

export const BRIEFING_SOURCES = ['visits', 'touchpoints', 'orders', 'notes', 'profile'] as const;
export type BriefingSource = (typeof BRIEFING_SOURCES)[number];

/** Where a message's facts come from: the kinds of record, their ids, and how many there were. */
export const BriefingEvidence = z.object({
  sources: z.array(z.enum(BRIEFING_SOURCES)),
  /** Ids of the records behind the message (the customer's id for profile facts), at most 20. */
  ids: z.array(z.string()),
  /** Occurrences behind the message: stays counted, times a dish was ordered… */
  count: z.number().int(),
  /** For a learnt preference: out of how many occasions (e.g. 4 of 5 stays). */
  outOf: z.number().int().nullable(),
});
export type BriefingEvidence = z.infer<typeof BriefingEvidence>;

export const BriefingMessage = z.object({
  kind: BriefingMessageKind,
  /** Plain words for the member of staff, e.g. "10th stay with us". */
  text: z.string(),
  /** Needs care before anything else (an allergy, a complaint that ended badly). */
  attention: z.boolean(),
  evidence: BriefingEvidence,
  /** What the logged-in user said about this message on this visit: useful, not useful, or nothing yet. */
  myFeedback: z.boolean().nullable(),
  /** The relationship policy check's warning about saying it, e.g. during an open complaint. */
  caution: z.string().nullable(),
});
export type BriefingMessage = z.infer<typeof BriefingMessage>;

export const BriefingEntry = z.object({
  visit: z.object({
    id: z.string(),
    startsAt: z.date(),
    endsAt: z.date().nullable(),
    type: z.string(),
    status: VisitStatus,
    location: z.string(),
    properties: JsonObject,
  }),
  customer: z.object({ id: z.string(), fullName: z.string() }),
  messages: z.array(BriefingMessage),
  /**
   * How to behave with this customer: their relationship type (as overridden by staff, else as
   * classified), the tone and the rules' guidance. Null when the customer is not classified yet.
   */
  relationship: z
    .object({ type: RelationshipType, tone: Tone, guidance: z.string(), stage: LifecycleStage.nullable() })
    .nullable(),
  /** Set exactly when `messages` is empty. */
  noMessageReason: NoMessageReason.nullable(),
});
export type BriefingEntry = z.infer<typeof BriefingEntry>;

export const BriefingSummary = z.object({
  visits: z.number().int(),
  /** Distinct customers on the list (one customer may have a room and a table). */
  customers: z.number().int(),
  customersWithMessage: z.number().int(),
  messages: z.number().int(),
  /** Messages per customer on the list, with or without one (BA's bar: about seven per flight). */
  messagesPerCustomer: z.number(),
  withoutMessage: z.record(NoMessageReason, z.number().int()),
  byKind: z.record(BriefingMessageKind, z.number().int()),
  /** The summary line, e.g. "31 of 40 guests have a message; 9 without: 6 first visits, 3 history too thin". */
  text: z.string(),
});
export type BriefingSummary = z.infer<typeof BriefingSummary>;

export const Briefing = z.object({
  date: z.string(),
  location: z.string(),
  timeZone: z.string(),
  entries: z.array(BriefingEntry),
  summary: BriefingSummary,
});
export type Briefing = z.infer<typeof Briefing>;

export const BriefingQuery = z.object({
  date: IsoDate.optional().describe('the day, in the workspace time zone; today by default'),
  location: z.string().trim().min(1, 'is required').max(200).describe('exactly as the visits name it'),
});
export type BriefingQuery = z.input<typeof BriefingQuery>;

export const BriefingFeedbackInput = z.object({
  visitId: Id,
  kind: BriefingMessageKind,
  useful: z.boolean(),
});
export type BriefingFeedbackInput = z.input<typeof BriefingFeedbackInput>;

export const BriefingFeedback = z.object({
  visitId: z.string(),
  kind: BriefingMessageKind,
  useful: z.boolean(),
  userId: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type BriefingFeedback = z.infer<typeof BriefingFeedback>;

export const BriefingUsefulnessQuery = z
  .object({
    from: IsoDate.optional().describe('feedback given on or after this day (workspace time zone)'),
    to: IsoDate.optional().describe('feedback given on or before this day (workspace time zone)'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type BriefingUsefulnessQuery = z.input<typeof BriefingUsefulnessQuery>;

export const BriefingUsefulness = z.object({
  /** One row per message kind, every kind listed (zeros included). */
  items: z.array(
    z.object({
      kind: BriefingMessageKind,
      useful: z.number().int(),
      notUseful: z.number().int(),
      /** useful / (useful + notUseful), null without feedback. */
      usefulShare: z.number().nullable(),
    }),
  ),
  total: z.number().int(),
});
export type BriefingUsefulness = z.infer<typeof BriefingUsefulness>;

/**
 * The summary line staff read above the cards.
 * @example briefingSummaryText({ customers: 40, customersWithMessage: 31, withoutMessage: { new_customer: 6, thin_history: 3, consent_refused: 0 } })
 * // '31 of 40 guests have a message; 9 without: 6 first visits, 3 history too thin'
 */
export function briefingSummaryText(
  s: Pick<BriefingSummary, 'customers' | 'customersWithMessage' | 'withoutMessage'>,
): string {
  if (s.customers === 0) return 'No guests expected';
  const guests = s.customers === 1 ? 'guest' : 'guests';
  const has = s.customersWithMessage === 1 || s.customers === 1 ? 'has' : 'have';
  const head = `${s.customersWithMessage} of ${s.customers} ${guests} ${has} a message`;
  const without = s.customers - s.customersWithMessage;
  if (without === 0) return head;
  const reasons = NO_MESSAGE_REASONS.filter((r) => (s.withoutMessage[r] ?? 0) > 0).map(
    (r) => `${s.withoutMessage[r]} ${reasonLabel(r, s.withoutMessage[r] ?? 0)}`,
  );
  return `${head}; ${without} without: ${reasons.join(', ')}`;
}

function reasonLabel(reason: NoMessageReason, n: number): string {
  return reason === 'new_customer' && n === 1 ? 'first visit' : NO_MESSAGE_REASON_LABELS[reason];
}
