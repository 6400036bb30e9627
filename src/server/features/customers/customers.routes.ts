import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  Customer,
  CustomerCreate,
  CustomerListQuery,
  CustomerUpdate,
} from '../../../shared/contracts/customers.js';
import type { App } from '../../lib/http.js';
import type { CustomersService } from './customers.service.js';

export function customersRoutes(app: App, deps: { customers: CustomersService }) {
  const { customers } = deps;
  const tags = ['customers'];
  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'List and search customers',
        querystring: CustomerListQuery,
        response: { 200: pageOf(Customer) },
      },
    },
    (req) => customers.list(req.actor, req.query),
  );
  app.post(
    '/customers',
    { schema: { tags, body: CustomerCreate, response: { 201: Customer } } },
    async (req, reply) => reply.code(201).send(await customers.create(req.actor, req.body)),
  );
  app.get('/customers/:id', { schema: { tags, params: IdParams, response: { 200: Customer } } }, (req) =>
    customers.get(req.actor, req.params.id),
  );
  app.patch(
    '/customers/:id',
    { schema: { tags, params: IdParams, body: CustomerUpdate, response: { 200: Customer } } },
    (req) => customers.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/customers/:id',
    { schema: { tags, summary: 'Soft-delete (restorable)', params: IdParams, response: { 200: Customer } } },
    (req) => customers.remove(req.actor, req.params.id),
  );
  app.post(
    '/customers/:id/restore',
    { schema: { tags, params: IdParams, response: { 200: Customer } } },
    (req) => customers.restore(req.actor, req.params.id),
  );
}
