import { z } from 'zod';
import { ActorRef, PageQuery, pageOf } from '../../../shared/contracts/common.js';
import type { App } from '../../lib/http.js';
import type { AuditLog } from './audit.service.js';

const AuditEntry = z.object({
  id: z.string(),
  at: z.date(),
  actor: ActorRef,
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

export function auditRoutes(app: App, deps: { audit: AuditLog }) {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who changed what (admins and managers)',
        querystring: PageQuery.omit({ order: true }).extend({
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
        }),
        response: { 200: pageOf(AuditEntry) },
      },
    },
    (req) => deps.audit.list(req.actor, req.query),
  );
}
