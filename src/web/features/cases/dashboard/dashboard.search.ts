import { z } from 'zod';
import { IsoDate } from '../../../../shared/contracts/common.js';

/**
 * The case dashboard's period and fast-resolution threshold, in the URL so a link opens the
 * same figures. Without days the server takes the 90 days up to today; without a threshold, 24 hours.
 */
export const CaseDashboardSearch = z.object({
  from: IsoDate.optional().catch(undefined),
  to: IsoDate.optional().catch(undefined),
  fastHours: z.number().int().min(1).max(720).optional().catch(undefined),
});
export type CaseDashboardSearch = z.infer<typeof CaseDashboardSearch>;
