import { z } from 'zod';

export const IMPORT_KINDS = ['customers', 'orders', 'touchpoints'] as const;
export const ImportKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKind>;

export const ImportStatus = z.enum(['running', 'completed', 'failed']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** A row the import did not take: its 1-based line in the file (the header is line 1). */
export const ImportRejection = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportRejection = z.infer<typeof ImportRejection>;

export const ImportReport = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(ImportRejection),
});
export type ImportReport = z.infer<typeof ImportReport>;
