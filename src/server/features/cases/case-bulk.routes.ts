import {
  CaseBulkRequest,
  CaseBulkResult,
  CaseCustomerNames,
  CaseCustomersQuery,
  CaseTeams,
} from '../../../shared/contracts/case-bulk.js';
import type { App } from '../../lib/http.js';
import type { CaseBulkService } from './case-bulk.service.js';

export function caseBulkRoutes(app: App, deps: { caseBulk: CaseBulkService }) {
  const { caseBulk } = deps;
  const tags = ['cases'];
  app.post(
    '/cases/bulk',
    {
      schema: {
        tags,
        summary:
          'Assign, move, change the severity of, or tag up to 200 cases at once; answers per case whether it was done or why not',
        body: CaseBulkRequest,
        response: { 200: CaseBulkResult },
      },
    },
    (req) => caseBulk.apply(req.actor, req.body),
  );
  app.get(
    '/cases/teams',
    {
      schema: {
        tags,
        summary: 'The teams cases are queued for, with their open cases (the inbox’s team queues)',
        response: { 200: CaseTeams },
      },
    },
    (req) => caseBulk.teams(req.actor),
  );
  app.get(
    '/cases/customers',
    {
      schema: {
        tags,
        summary: 'Names and provisional flags of the customers of a page of cases (the inbox’s rows)',
        querystring: CaseCustomersQuery,
        response: { 200: CaseCustomerNames },
      },
    },
    (req) => caseBulk.customerNames(req.actor, req.query.ids),
  );
}
