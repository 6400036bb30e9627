import { CustomerLookup, LookupQuery } from '../../../shared/contracts/lookup.js';
import type { App } from '../../lib/http.js';
import type { LookupService } from './lookup.service.js';

export function lookupRoutes(app: App, deps: { lookup: LookupService }) {
  app.get(
    '/lookup',
    {
      schema: {
        tags: ['customers'],
        summary:
          'The customer an e-mail, phone or external id belongs to, as a 360 summary (call-centre screen pop); exactly one identifier',
        querystring: LookupQuery,
        response: { 200: CustomerLookup },
      },
    },
    (req) => deps.lookup.lookup(req.actor, req.query),
  );
}
