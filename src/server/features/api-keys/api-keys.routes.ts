import { z } from 'zod';
import { ApiKey, ApiKeyCreate, ApiKeyCreated } from '../../../shared/contracts/api-keys.js';
import { IdParams } from '../../../shared/contracts/common.js';
import type { App } from '../../lib/http.js';
import type { ApiKeysService } from './api-keys.service.js';

export function apiKeysRoutes(app: App, deps: { apiKeys: ApiKeysService }) {
  const { apiKeys } = deps;
  const tags = ['api-keys'];
  app.get(
    '/api-keys',
    { schema: { tags, response: { 200: z.object({ items: z.array(ApiKey) }) } } },
    async (req) => ({
      items: await apiKeys.list(req.actor),
    }),
  );
  app.post(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'Create a key; the secret is in the response only this once',
        body: ApiKeyCreate,
        response: { 201: ApiKeyCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await apiKeys.create(req.actor, req.body)),
  );
  app.delete(
    '/api-keys/:id',
    { schema: { tags, summary: 'Revoke a key', params: IdParams, response: { 200: ApiKey } } },
    (req) => apiKeys.revoke(req.actor, req.params.id),
  );
}
