import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  SavedView,
  SavedViewCreate,
  SavedViewListQuery,
  SavedViewUpdate,
} from '../../../shared/contracts/saved-views.js';
import type { App } from '../../lib/http.js';
import type { SavedViewsService } from './saved-views.service.js';

export function savedViewsRoutes(app: App, deps: { savedViews: SavedViewsService }) {
  const { savedViews } = deps;
  const tags = ['saved views'];
  app.get(
    '/saved-views',
    {
      schema: {
        tags,
        summary: "The caller's own saved views of a list, by name",
        querystring: SavedViewListQuery,
        response: { 200: pageOf(SavedView) },
      },
    },
    (req) => savedViews.list(req.actor, req.query),
  );
  app.post(
    '/saved-views',
    { schema: { tags, body: SavedViewCreate, response: { 201: SavedView } } },
    async (req, reply) => reply.code(201).send(await savedViews.create(req.actor, req.body)),
  );
  app.patch(
    '/saved-views/:id',
    { schema: { tags, params: IdParams, body: SavedViewUpdate, response: { 200: SavedView } } },
    (req) => savedViews.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/saved-views/:id',
    { schema: { tags, summary: 'Delete for good', params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await savedViews.remove(req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
