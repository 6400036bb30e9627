import { z } from 'zod';
import { ActorRef } from './common.js';

/**
 * One entry of the audit trail: who did what to which record, with the record before and after
 * (null before a create, after a hard delete). The shape `GET /api/v1/audit` answers.
 */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.date(),
  actor: ActorRef,
  action: z.string().describe('entity.verb, e.g. customer.update'),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
