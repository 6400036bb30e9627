import { z } from 'zod';
import { IsoDate } from '../../../shared/contracts/common.js';
import { LifecycleStage } from '../../../shared/contracts/relationships.js';

/**
 * The portfolio's stage-flow window, in the URL so a link opens the same Sankey. Without
 * either day the server takes the 90 days up to today.
 */
export const PortfolioSearch = z.object({
  from: IsoDate.optional().catch(undefined),
  to: IsoDate.optional().catch(undefined),
});
export type PortfolioSearch = z.infer<typeof PortfolioSearch>;

/** The work list's filters, in the URL so a link opens the same list. */
export const WorkListSearch = z.object({
  stage: LifecycleStage.optional().catch(undefined),
  openComplaints: z.boolean().optional().catch(undefined),
});
export type WorkListSearch = z.infer<typeof WorkListSearch>;
