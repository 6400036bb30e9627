import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import { CustomerIdParams } from '../../../shared/contracts/orders.js';
import {
  CustomerVisitsQuery,
  Visit,
  VisitCreate,
  VisitListQuery,
  VisitLocations,
  VisitLocationsQuery,
  VisitUpdate,
} from '../../../shared/contracts/visits.js';
import type { App } from '../../lib/http.js';
import type { VisitsService } from './visits.service.js';

export function visitsRoutes(app: App, deps: { visits: VisitsService }) {
  const { visits } = deps;
  const tags = ['visits'];
  app.get(
    '/visits',
    {
      schema: {
        tags,
        summary: 'List visits (bookings, reservations, appointments) by start, place, customer, status',
        querystring: VisitListQuery,
        response: { 200: pageOf(Visit) },
      },
    },
    (req) => visits.list(req.actor, req.query),
  );
  app.get(
    '/visits/locations',
    {
      schema: {
        tags,
        summary: 'Locations with visits, busiest from today on first',
        querystring: VisitLocationsQuery,
        response: { 200: VisitLocations },
      },
    },
    (req) => visits.locations(req.actor, req.query),
  );
  app.post(
    '/visits',
    {
      schema: {
        tags,
        summary: 'Record a visit; a second one with the same source and external id is refused (409)',
        body: VisitCreate,
        response: { 201: Visit },
      },
    },
    async (req, reply) => reply.code(201).send(await visits.create(req.actor, req.body)),
  );
  app.get('/visits/:id', { schema: { tags, params: IdParams, response: { 200: Visit } } }, (req) =>
    visits.get(req.actor, req.params.id),
  );
  app.patch(
    '/visits/:id',
    { schema: { tags, params: IdParams, body: VisitUpdate, response: { 200: Visit } } },
    (req) => visits.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/visits/:id',
    { schema: { tags, summary: 'Soft-delete', params: IdParams, response: { 200: Visit } } },
    (req) => visits.remove(req.actor, req.params.id),
  );
  app.post(
    '/visits/:id/restore',
    { schema: { tags, summary: 'Undo a delete', params: IdParams, response: { 200: Visit } } },
    (req) => visits.restore(req.actor, req.params.id),
  );
  app.get(
    '/customers/:customerId/visits',
    {
      schema: {
        tags,
        summary: "A customer's visits",
        params: CustomerIdParams,
        querystring: CustomerVisitsQuery,
        response: { 200: pageOf(Visit) },
      },
    },
    (req) => visits.listForCustomer(req.actor, req.params.customerId, req.query),
  );
}
