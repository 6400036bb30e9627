import { z } from 'zod';
import { CaseEmailStatus, CaseMessage, CaseStatus, MAX_CASE_BODY } from './cases.js';
import { Id, IsoDateTime, PageQuery } from './common.js';

/**
 * What became of a suggestion: it will be done (`planned`), it has been (`done`), or it will not
 * be (`declined`, with the reason the customer is given).
 */
export const SUGGESTION_OUTCOMES = ['planned', 'done', 'declined'] as const;
export const SuggestionOutcome = z.enum(SUGGESTION_OUTCOMES);
export type SuggestionOutcome = z.infer<typeof SuggestionOutcome>;

/** The board's columns: suggestions without an outcome yet (`none`), then one per outcome. */
export const SUGGESTION_COLUMNS = ['none', ...SUGGESTION_OUTCOMES] as const;
export type SuggestionColumn = (typeof SUGGESTION_COLUMNS)[number];

/** Most characters of a suggestion's product or area label. */
export const MAX_SUGGESTION_AREA = 100;
/** Most characters of the reason a suggestion was declined. */
export const MAX_SUGGESTION_REASON = 1000;

export const SuggestionArea = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_SUGGESTION_AREA, `must be at most ${MAX_SUGGESTION_AREA} characters`)
  .describe('the product or area the suggestion is about, e.g. "Breakfast" or "Mobile app"');

/**
 * Records a suggestion's outcome. `reason` is required when declined (and kept as a note for the
 * other outcomes). With `tellCustomer`, the customer gets a reply saying so: `message` as
 * written, else a default for the outcome (see `suggestionReply`).
 */
export const SuggestionOutcomeInput = z
  .strictObject({
    area: SuggestionArea,
    outcome: SuggestionOutcome,
    reason: z
      .string()
      .trim()
      .max(MAX_SUGGESTION_REASON, `must be at most ${MAX_SUGGESTION_REASON.toLocaleString('en')} characters`)
      .optional()
      .describe('why it was declined (required then); shown to the customer in the default reply'),
    tellCustomer: z.boolean().describe('send the customer a reply with the outcome'),
    message: z
      .string()
      .max(MAX_CASE_BODY, 'must be at most 20,000 characters')
      .optional()
      .describe('the reply sent when tellCustomer; a default for the outcome when left out or blank'),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'declined' && !v.reason) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'is required when the suggestion is declined: the customer is told why',
      });
    }
  });
export type SuggestionOutcomeInput = z.input<typeof SuggestionOutcomeInput>;

/**
 * The reply a customer gets when told the outcome and staff wrote none: thanks, what was
 * decided, and for a declined suggestion the reason. `subject` is the case's subject (the
 * customer's words).
 * @example suggestionReply('planned', 'Oat milk at breakfast', null) // 'Thank you for your suggestion, "Oat milk at breakfast". We liked it and have planned it, …'
 */
export function suggestionReply(
  outcome: SuggestionOutcome,
  subject: string,
  reason: string | null | undefined,
): string {
  const thanks = `Thank you for your suggestion, "${subject}".`;
  switch (outcome) {
    case 'planned':
      return `${thanks} We liked it and have planned it, and we will let you know when it is in place.`;
    case 'done':
      return `${thanks} We have now put it into practice. Thank you for helping us get better, and please keep telling us what you think.`;
    case 'declined':
      return `${thanks} We looked at it carefully and decided not to go ahead with it${reason ? `, because: ${reason}` : ''}. We are grateful you took the time to tell us, and we would like to hear your next idea.`;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/** One card of the suggestions board. */
export const SuggestionItem = z.object({
  id: z.string(),
  reference: z.string(),
  subject: z.string().describe("the customer's words, plain text"),
  customerId: z.string(),
  customerName: z.string().nullable(),
  status: CaseStatus,
  openedAt: z.date(),
  area: z.string().nullable(),
  outcome: SuggestionOutcome.nullable().describe('null: no outcome yet'),
  reason: z.string().nullable(),
  outcomeAt: z.date().nullable(),
  customerToldAt: z.date().nullable().describe('when the customer was last told an outcome; null: never'),
});
export type SuggestionItem = z.infer<typeof SuggestionItem>;

export const SuggestionListQuery = PageQuery.extend({
  area: z.string().trim().min(1).max(MAX_SUGGESTION_AREA).optional().describe('exactly this area'),
  outcome: z
    .enum(SUGGESTION_COLUMNS)
    .optional()
    .describe('one outcome, or none for suggestions without an outcome yet'),
});
export type SuggestionListQuery = z.infer<typeof SuggestionListQuery>;

/**
 * What happened to the reply telling the customer: `sent` (stored, and e-mailed or queued
 * according to `emailStatus`), `blocked` by the relationship policy check (with its reasons;
 * nothing was sent and the outcome is still recorded), or `not_requested`.
 */
export const SuggestionTold = z.object({
  status: z.enum(['sent', 'blocked', 'not_requested']),
  message: CaseMessage.nullable(),
  emailStatus: CaseEmailStatus.nullable().describe('the e-mail of the reply: queued, not_sent…'),
  policyDecisionId: z.string().nullable(),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type SuggestionTold = z.infer<typeof SuggestionTold>;

export const SuggestionOutcomeResult = z.object({
  suggestion: SuggestionItem,
  told: SuggestionTold,
});
export type SuggestionOutcomeResult = z.infer<typeof SuggestionOutcomeResult>;

export const SuggestionSummaryQuery = z.object({
  from: IsoDateTime.optional().describe('suggestions opened at or after; 90 days before `to` by default'),
  to: IsoDateTime.optional().describe('suggestions opened before; now by default'),
});
export type SuggestionSummaryQuery = z.infer<typeof SuggestionSummaryQuery>;

/**
 * Suggestions opened in [from, to) and what became of them. `answeredRate` = `answered` /
 * `received`: of the suggestions received in the period, the share whose customer has been
 * told an outcome (by now); null when none were received (docs/cases.md).
 */
export const SuggestionSummary = z.object({
  from: z.date(),
  to: z.date(),
  received: z.int(),
  answered: z.int().describe('received in the period and the customer told an outcome'),
  answeredRate: z.number().nullable(),
  byOutcome: z.object({ none: z.int(), planned: z.int(), done: z.int(), declined: z.int() }),
  byArea: z.array(
    z.object({
      area: z.string().nullable().describe('null: no area set yet'),
      received: z.int(),
      answered: z.int(),
    }),
  ),
});
export type SuggestionSummary = z.infer<typeof SuggestionSummary>;

export const SuggestionParams = z.object({ id: Id });
