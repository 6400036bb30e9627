import { z } from 'zod';
import { ActorRef, Id, PageQuery } from './common.js';

export const NOTE_MAX_CHARS = 10_000;

export const CustomerNotesParams = z.object({ customerId: Id });

const NoteBody = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(NOTE_MAX_CHARS, 'must be at most 10,000 characters')
  .describe('plain text, up to 10,000 characters');

const FrontLine = z
  .boolean()
  .describe('flag for front-line staff: shown on the service briefing whenever the customer visits');

export const NoteCreate = z.object({ body: NoteBody, frontLine: FrontLine.default(false) });
export type NoteCreate = z.input<typeof NoteCreate>;

/** Fields given replace the stored ones; give at least one. */
export const NoteUpdate = z
  .object({ body: NoteBody, frontLine: FrontLine })
  .partial()
  .refine((n) => n.body !== undefined || n.frontLine !== undefined, {
    message: 'is required (or give frontLine)',
    path: ['body'],
  });
export type NoteUpdate = z.input<typeof NoteUpdate>;

export const Note = z.object({
  id: z.string(),
  customerId: z.string(),
  body: z.string(),
  frontLine: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Note = z.infer<typeof Note>;

/** Notes list newest first; only the page size and cursor vary. */
export const NoteListQuery = PageQuery.omit({ order: true });
export type NoteListQuery = z.infer<typeof NoteListQuery>;
