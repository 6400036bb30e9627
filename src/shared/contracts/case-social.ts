import { z } from 'zod';
import { SENDER_LIMITS, SocialHandle } from './cases.js';

/** Most mentions one import may carry (a JSON array's items, a CSV file's data rows). */
export const MAX_SOCIAL_MENTIONS = 500;
/** Most characters of a mention's text (a long post; tweets and reviews are far shorter). */
export const MAX_MENTION_TEXT = 5_000;
/** Most characters of a mention's URL. */
export const MAX_MENTION_URL = 2_000;

/** The columns of a CSV feed, in their usual order; `name` may be left out. */
export const SOCIAL_CSV_COLUMNS = ['network', 'handle', 'text', 'url', 'posted_at', 'name'] as const;
export const SOCIAL_CSV_REQUIRED = ['network', 'handle', 'text', 'url', 'posted_at'] as const;

/**
 * One post about the business on a social network, as a monitoring feed exports it. `postedAt`
 * is an ISO 8601 date-time; one without an offset is read as UTC.
 */
export const SocialMention = z.strictObject({
  network: SocialHandle.shape.network,
  handle: SocialHandle.shape.handle,
  text: z
    .string()
    .max(MAX_MENTION_TEXT, `must be at most ${MAX_MENTION_TEXT.toLocaleString('en')} characters`)
    .refine((s) => s.trim() !== '', 'is required')
    .describe('plain text, stored as given'),
  url: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) address' })
    .max(MAX_MENTION_URL, `must be at most ${MAX_MENTION_URL.toLocaleString('en')} characters`)
    .describe('where it was posted: a mention is imported once per address'),
  postedAt: z.iso.datetime({
    offset: true,
    local: true,
    message: 'must be an ISO 8601 date-time such as 2026-03-01T10:30:00Z',
  }),
  name: z
    .string()
    .trim()
    .max(SENDER_LIMITS.name, `must be at most ${SENDER_LIMITS.name} characters`)
    .optional()
    .describe("the author's display name"),
});
export type SocialMention = z.input<typeof SocialMention>;

/**
 * The JSON form of an import. Each mention is checked on its own, so one bad mention is reported
 * in its row and the others still land.
 */
export const SocialImportJson = z.strictObject({
  mentions: z
    .array(z.unknown())
    .min(1, 'must hold at least one mention')
    .max(MAX_SOCIAL_MENTIONS, `must hold at most ${MAX_SOCIAL_MENTIONS} mentions; split the feed`),
});
export type SocialImportJson = z.input<typeof SocialImportJson>;

/**
 * What became of one mention: a new complaint case, the case an earlier import made of the
 * same URL (`duplicate`), not negative and so not a case (`skipped`), or refused with its problems.
 */
export const SOCIAL_ROW_STATUSES = ['created', 'duplicate', 'skipped', 'failed'] as const;
export type SocialRowStatus = (typeof SOCIAL_ROW_STATUSES)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const SocialImportRow = z.object({
  line: z.int().describe('CSV: the line the row starts on (the header is line 1); JSON: the index, from 0'),
  status: z.enum(SOCIAL_ROW_STATUSES),
  caseId: z.string().optional(),
  reference: z.string().optional(),
  customerId: z.string().optional(),
  customerCreated: z.boolean().optional().describe('the author named nobody: a provisional customer'),
  sentiment: z
    .object({ label: z.enum(SENTIMENT_LABELS), score: z.number() })
    .optional()
    .describe('as read from the text (core/sentiment.ts)'),
  problems: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('CSV: the column; JSON: body.mentions.<index>.<field>'),
});
export type SocialImportRow = z.infer<typeof SocialImportRow>;

export const SocialImportReport = z.object({
  format: z.enum(['json', 'csv']),
  created: z.int(),
  duplicates: z.int(),
  skipped: z.int(),
  failed: z.int(),
  rows: z.array(SocialImportRow),
});
export type SocialImportReport = z.infer<typeof SocialImportReport>;
