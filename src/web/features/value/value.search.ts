import { z } from 'zod';

/** Which run the Value screen shows; none means the current one. In the URL so a link opens the same run. */
export const ValueSearch = z.object({
  run: z.string().max(100).optional().catch(undefined),
});
export type ValueSearch = z.infer<typeof ValueSearch>;
