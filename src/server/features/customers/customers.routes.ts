import { Readable } from 'node:stream';
import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  Customer,
  CustomerBulkTag,
  CustomerBulkTagResult,
  CustomerCreate,
  CustomerExportQuery,
  CustomerListItem,
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
        response: { 200: pageOf(CustomerListItem) },
      },
    },
    (req) => customers.list(req.actor, req.query),
  );
  // Static paths before `/customers/:id` (the router prefers them anyway; this keeps it obvious).
  app.get(
    '/customers/export',
    {
      schema: {
        tags,
        summary: 'Download every customer matching the list filters, as CSV or a JSON array (streamed)',
        querystring: CustomerExportQuery,
        produces: ['text/csv', 'application/json'],
      },
    },
    async (req, reply) => {
      const file = await customers.exportFile(req.actor, req.query);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(Readable.from(file.chunks));
    },
  );
  app.post(
    '/customers/bulk-tag',
    {
      schema: {
        tags,
        summary: 'Add and remove tags on up to 500 customers at once',
        body: CustomerBulkTag,
        response: { 200: CustomerBulkTagResult },
      },
    },
    (req) => customers.bulkTag(req.actor, req.body),
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
