import { z } from 'zod';
import { AuditEntry } from '../../../shared/contracts/audit.js';
import { PageQuery, pageOf } from '../../../shared/contracts/common.js';
import type { App } from '../../lib/http.js';
import type { AuditLog } from './audit.service.js';

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
