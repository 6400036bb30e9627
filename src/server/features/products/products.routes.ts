import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  Product,
  ProductCreate,
  ProductListQuery,
  ProductUpdate,
} from '../../../shared/contracts/products.js';
import type { App } from '../../lib/http.js';
import type { ProductsService } from './products.service.js';

export function productsRoutes(app: App, deps: { products: ProductsService }) {
  const { products } = deps;
  const tags = ['products'];
  app.get(
    '/products',
    {
      schema: {
        tags,
        summary: 'List and search products',
        querystring: ProductListQuery,
        response: { 200: pageOf(Product) },
      },
    },
    (req) => products.list(req.actor, req.query),
  );
  app.post(
    '/products',
    { schema: { tags, body: ProductCreate, response: { 201: Product } } },
    async (req, reply) => reply.code(201).send(await products.create(req.actor, req.body)),
  );
  app.get('/products/:id', { schema: { tags, params: IdParams, response: { 200: Product } } }, (req) =>
    products.get(req.actor, req.params.id),
  );
  app.patch(
    '/products/:id',
    { schema: { tags, params: IdParams, body: ProductUpdate, response: { 200: Product } } },
    (req) => products.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/products/:id',
    { schema: { tags, summary: 'Soft-delete (restorable)', params: IdParams, response: { 200: Product } } },
    (req) => products.remove(req.actor, req.params.id),
  );
  app.post(
    '/products/:id/restore',
    { schema: { tags, params: IdParams, response: { 200: Product } } },
    (req) => products.restore(req.actor, req.params.id),
  );
}
