import {
  CaseAnalytics,
  CaseAnalyticsQuery,
  SilentDissatisfactionPage,
  SilentDissatisfactionQuery,
} from '../../../shared/contracts/case-analytics.js';
import type { App } from '../../lib/http.js';
import type { CaseAnalyticsService } from './case-analytics.service.js';

export function caseAnalyticsRoutes(app: App, deps: { caseAnalytics: CaseAnalyticsService }) {
  const { caseAnalytics } = deps;
  const tags = ['cases'];
  app.get(
    '/cases/analytics',
    {
      schema: {
        tags,
        summary:
          'Service recovery for the cases opened in a period (the last 90 days by default, at most two years): complaint rate per 1,000 orders, time to first contact and resolution, SLA attainment, CSAT, suggestions answered, buying again after fast vs slow resolution beside the research figures',
        querystring: CaseAnalyticsQuery,
        response: { 200: CaseAnalytics },
      },
    },
    (req) => caseAnalytics.analytics(req.actor, req.query),
  );
  app.get(
    '/cases/silent-dissatisfaction',
    {
      schema: {
        tags,
        summary:
          'Customers with a negative signal in the last 180 days and a falling purchase rate who never complained, latest signal first, with a next step',
        querystring: SilentDissatisfactionQuery,
        response: { 200: SilentDissatisfactionPage },
      },
    },
    (req) => caseAnalytics.silentDissatisfaction(req.actor, req.query),
  );
}
