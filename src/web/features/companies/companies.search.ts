import { z } from 'zod';

export const CompaniesSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
});
export type CompaniesSearch = z.infer<typeof CompaniesSearch>;
