import { z } from 'zod';
import { IsoDate } from '../../../shared/contracts/common.js';

/** The day and place the arrivals screen shows; in the URL so a tablet can bookmark its desk. */
export const ArrivalsSearch = z.object({
  date: IsoDate.optional().catch(undefined),
  location: z.string().trim().min(1).max(200).optional().catch(undefined),
});
export type ArrivalsSearch = z.infer<typeof ArrivalsSearch>;
