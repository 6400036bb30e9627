import { z } from 'zod';

/** The companies list's search text (and whether it lists deleted ones), in the URL so a link opens the same list. */
export const CompaniesSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  deleted: z.boolean().optional().catch(undefined),
});
export type CompaniesSearch = z.infer<typeof CompaniesSearch>;
