import { IdParams } from '../../../shared/contracts/common.js';
import { Customer360 } from '../../../shared/contracts/customers.js';
import type { App } from '../../lib/http.js';
import type { Customer360Service } from './customer-360.service.js';

export function customer360Routes(app: App, deps: { customer360: Customer360Service }) {
  app.get(
    '/customers/:id/360',
    {
      schema: {
        tags: ['customers'],
        summary: 'Everything about one customer: profile, identities, orders, timeline, tasks, companies',
        params: IdParams,
        response: { 200: Customer360 },
      },
    },
    (req) => deps.customer360.get(req.actor, req.params.id),
  );
}
