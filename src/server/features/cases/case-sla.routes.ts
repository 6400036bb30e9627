import { CaseSla, CaseSlaSettings, CaseSlaSettingsOut } from '../../../shared/contracts/case-sla.js';
import { IdParams } from '../../../shared/contracts/common.js';
import type { App } from '../../lib/http.js';
import type { CaseSlaService } from './case-sla.service.js';

export function caseSlaRoutes(app: App, deps: { caseSla: CaseSlaService }) {
  const { caseSla } = deps;
  const tags = ['cases'];
  app.get(
    '/cases/sla-settings',
    {
      schema: {
        tags,
        summary: 'The SLA policies (targets per severity, for which customers) and business calendars',
        response: { 200: CaseSlaSettingsOut },
      },
    },
    (req) => caseSla.getSettings(req.actor),
  );
  app.put(
    '/cases/sla-settings',
    {
      schema: {
        tags,
        summary: 'Replaces the SLA policies and calendars (admins; audited)',
        body: CaseSlaSettings,
        response: { 200: CaseSlaSettingsOut },
      },
    },
    (req) => caseSla.putSettings(req.actor, req.body),
  );
  app.delete(
    '/cases/sla-settings',
    {
      schema: {
        tags,
        summary: 'Goes back to the shipped SLA policies and office-hours calendar (admins; audited)',
        response: { 200: CaseSlaSettingsOut },
      },
    },
    (req) => caseSla.putSettings(req.actor, null),
  );
  app.get(
    '/cases/:id/sla',
    {
      schema: {
        tags,
        summary:
          "Where each of the case's SLA targets stands now (due, used, left; on track, warning, breached…)",
        params: IdParams,
        response: { 200: CaseSla },
      },
    },
    (req) => caseSla.forCase(req.actor, req.params.id),
  );
}
