import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  CustomerIdParams,
  CustomerOrdersQuery,
  Order,
  OrderCreate,
  OrderListQuery,
  OrderUpdate,
} from '../../../shared/contracts/orders.js';
import type { App } from '../../lib/http.js';
import type { OrdersService } from './orders.service.js';

export function ordersRoutes(app: App, deps: { orders: OrdersService }) {
  const { orders } = deps;
  const tags = ['orders'];
  app.get(
    '/orders',
    {
      schema: {
        tags,
        summary: 'List orders',
        querystring: OrderListQuery,
        response: { 200: pageOf(Order) },
      },
    },
    (req) => orders.list(req.actor, req.query),
  );
  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Record an order; the total is computed from the lines',
        body: OrderCreate,
        response: { 201: Order },
      },
    },
    async (req, reply) => reply.code(201).send(await orders.create(req.actor, req.body)),
  );
  app.get('/orders/:id', { schema: { tags, params: IdParams, response: { 200: Order } } }, (req) =>
    orders.get(req.actor, req.params.id),
  );
  app.patch(
    '/orders/:id',
    {
      schema: {
        tags,
        summary: 'Change an order; `lines` replaces all lines',
        params: IdParams,
        body: OrderUpdate,
        response: { 200: Order },
      },
    },
    (req) => orders.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/orders/:id',
    { schema: { tags, summary: 'Soft-delete', params: IdParams, response: { 200: Order } } },
    (req) => orders.remove(req.actor, req.params.id),
  );
  app.get(
    '/customers/:customerId/orders',
    {
      schema: {
        tags,
        summary: "A customer's orders",
        params: CustomerIdParams,
        querystring: CustomerOrdersQuery,
        response: { 200: pageOf(Order) },
      },
    },
    (req) => orders.listForCustomer(req.actor, req.params.customerId, req.query),
  );
}
