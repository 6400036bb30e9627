import { z } from 'zod';
import { Channel } from '../../../shared/contracts/common.js';
import { TimelineKind } from '../../../shared/contracts/customers.js';

export const CUSTOMER_360_TABS = ['timeline', 'orders', 'notes', 'tasks', 'merges', 'audit'] as const;

/** Which tab and timeline filters the 360 page shows; in the URL so a link opens the same view. */
export const Customer360Search = z.object({
  tab: z.enum(CUSTOMER_360_TABS).optional().catch(undefined),
  channel: Channel.optional().catch(undefined),
  kind: TimelineKind.optional().catch(undefined),
  type: z.string().trim().min(1).max(64).optional().catch(undefined),
});
export type Customer360Search = z.infer<typeof Customer360Search>;
