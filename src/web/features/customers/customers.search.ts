import { z } from 'zod';
import { Channel } from '../../../shared/contracts/common.js';
import { CUSTOMER_SORTS } from '../../../shared/contracts/customers.js';
import { CustomerColumn } from '../../../shared/contracts/saved-views.js';
import { ValueTier } from '../../../shared/contracts/value.js';

/**
 * Free text from the URL. The router JSON-parses query values, so a hand-made link such as
 * `?q=447700900123` (a phone number) or `?tag=2024` arrives as a number: keep it as the text it was.
 */
const text = (max: number) =>
  z
    .preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string().max(max))
    .optional()
    .catch(undefined);

/**
 * The customers list's state in the URL, so every filtered list (a dashboard tile, a saved
 * view, a colleague's link) is a deep link. A malformed value is dropped, never an error page.
 */
export const CustomersSearch = z.object({
  q: text(200),
  tag: text(50),
  channel: Channel.optional().catch(undefined),
  createdFrom: z.iso.datetime({ offset: true }).optional().catch(undefined),
  createdTo: z.iso.datetime({ offset: true }).optional().catch(undefined),
  lastActivityFrom: z.iso.datetime({ offset: true }).optional().catch(undefined),
  lastActivityTo: z.iso.datetime({ offset: true }).optional().catch(undefined),
  hasOpenTask: z.boolean().optional().catch(undefined),
  valueTier: ValueTier.optional().catch(undefined),
  /** Minor units of the workspace currency, as the API takes it (the input shows major units). */
  minClvMinor: z.number().int().min(0).optional().catch(undefined),
  maxPAlive: z.number().min(0).max(1).optional().catch(undefined),
  sort: z.enum(CUSTOMER_SORTS).optional().catch(undefined),
  order: z.enum(['asc', 'desc']).optional().catch(undefined),
  cols: z.array(CustomerColumn).min(1).optional().catch(undefined),
  view: z.string().max(100).optional().catch(undefined),
});
export type CustomersSearch = z.infer<typeof CustomersSearch>;
