import { Dashboard, DashboardQuery } from '../../../shared/contracts/dashboard.js';
import type { App } from '../../lib/http.js';
import type { DashboardService } from './dashboard.service.js';

export function dashboardRoutes(app: App, deps: { dashboard: DashboardService }) {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Customer counts and trends, new customers per week, revenue per month, recent activity, open tasks',
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
    },
    (req) => deps.dashboard.get(req.actor, req.query),
  );
}
