import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import { TimelineEntry } from '../../../shared/contracts/customers.js';
import { CustomerIdParams } from '../../../shared/contracts/orders.js';
import {
  TimelineQuery,
  Touchpoint,
  TouchpointCreate,
  TouchpointListQuery,
  TouchpointUpdate,
} from '../../../shared/contracts/touchpoints.js';
import type { App } from '../../lib/http.js';
import type { TouchpointsService } from './touchpoints.service.js';

export function touchpointsRoutes(app: App, deps: { touchpoints: TouchpointsService }) {
  const { touchpoints } = deps;
  const tags = ['touchpoints'];
  app.get(
    '/touchpoints',
    {
      schema: {
        tags,
        summary: 'List touch points',
        querystring: TouchpointListQuery,
        response: { 200: pageOf(Touchpoint) },
      },
    },
    (req) => touchpoints.list(req.actor, req.query),
  );
  app.post(
    '/touchpoints',
    {
      schema: {
        tags,
        summary: 'Record a touch point (idempotent on messageId: a repeat answers 200 with the first)',
        body: TouchpointCreate,
        response: { 200: Touchpoint, 201: Touchpoint },
      },
    },
    async (req, reply) => {
      const { touchpoint, created } = await touchpoints.create(req.actor, req.body);
      return reply.code(created ? 201 : 200).send(touchpoint);
    },
  );
  app.get('/touchpoints/:id', { schema: { tags, params: IdParams, response: { 200: Touchpoint } } }, (req) =>
    touchpoints.get(req.actor, req.params.id),
  );
  app.patch(
    '/touchpoints/:id',
    { schema: { tags, params: IdParams, body: TouchpointUpdate, response: { 200: Touchpoint } } },
    (req) => touchpoints.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/touchpoints/:id',
    { schema: { tags, summary: 'Soft-delete', params: IdParams, response: { 200: Touchpoint } } },
    (req) => touchpoints.remove(req.actor, req.params.id),
  );
  app.get(
    '/customers/:customerId/timeline',
    {
      schema: {
        tags,
        summary: "A customer's touch points, orders and notes across channels, newest first",
        params: CustomerIdParams,
        querystring: TimelineQuery,
        response: { 200: pageOf(TimelineEntry) },
      },
    },
    (req) => touchpoints.timelineForCustomer(req.actor, req.params.customerId, req.query),
  );
}
