import { z } from 'zod';
import { CandidateStatus } from '../../../shared/contracts/identities.js';

/** Which part of the duplicates queue is shown (open by default), in the URL so a link opens the same list. */
export const DuplicatesSearch = z.object({
  status: CandidateStatus.exclude(['open']).optional().catch(undefined),
});
export type DuplicatesSearch = z.infer<typeof DuplicatesSearch>;
