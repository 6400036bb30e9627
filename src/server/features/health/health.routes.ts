import { z } from 'zod';
import type { Database } from '../../db/client.js';
import type { App } from '../../lib/http.js';
import { problemOf, sendProblem } from '../../lib/http.js';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: the database answers). */
export function healthRoutes(app: App, deps: { database: Database }) {
  const config = { public: true };
  app.get(
    '/health',
    { config, schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({
      status: 'ok' as const,
    }),
  );
  app.get('/ready', { config, schema: { tags: ['health'] } }, async (req, reply) => {
    try {
      await deps.database.ping();
      return { status: 'ready', database: deps.database.kind };
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      return sendProblem(reply, problemOf('NOT_READY', { detail: 'The database does not answer' }));
    }
  });
}
