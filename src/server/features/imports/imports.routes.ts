import { z } from 'zod';
import { Currency, IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  DateOrder,
  ImportKind,
  ImportListQuery,
  ImportMapping,
  ImportRun,
} from '../../../shared/contracts/imports.js';
import type { App } from '../../lib/http.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { ImportsService } from './imports.service.js';

const CSV_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/octet-stream',
];

const UploadQuery = z.object({
  fileName: z.string().trim().min(1).max(255).default('upload.csv'),
  mapping: z
    .string()
    .max(10_000)
    .transform((text, ctx) => {
      try {
        return ImportMapping.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of column → field (or null)' });
        return z.NEVER;
      }
    })
    .optional()
    .describe('JSON object: file column → field name, or null to ignore a column'),
  dateOrder: DateOrder.optional(),
  timeZone: z.string().max(64).optional(),
  source: z.string().trim().min(1).max(50).optional(),
  defaultCurrency: Currency.optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as GB')
    .optional(),
});

/**
 * CSV upload (`POST /imports/:kind` with the file as the body, Content-Type text/csv) answers
 * 202 with the run; `GET /imports/:id` shows its progress and, at the end, its report.
 */
export function importsRoutes(
  app: App,
  deps: { imports: ImportsService; workspaces: WorkspacesService; maxBytes: number },
) {
  const { imports } = deps;
  const tags = ['imports'];
  app.register(async (scope) => {
    // The body is streamed to the service, never buffered in memory.
    scope.addContentTypeParser(CSV_TYPES, (_req, payload, done) => done(null, payload));
    scope.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post(
      '/imports/:kind',
      {
        bodyLimit: deps.maxBytes,
        schema: {
          tags,
          summary: 'Upload a CSV of customers, orders or touch points; the import runs in the background',
          params: z.object({ kind: ImportKind }),
          querystring: UploadQuery,
          response: { 202: ImportRun },
        },
      },
      async (req, reply) => {
        const run = await imports.start(req.actor, {
          ...(await deps.workspaces.importDefaults(req.actor.workspaceId)),
          ...req.query,
          kind: req.params.kind,
          upload: req.body as AsyncIterable<Buffer>,
          maxBytes: deps.maxBytes,
          onFinished: (error) => {
            if (error) req.log.warn({ err: error, importId: run.id }, 'import failed');
          },
        });
        return reply.code(202).header('location', `/api/v1/imports/${run.id}`).send(run);
      },
    );
  });
  app.get(
    '/imports',
    { schema: { tags, querystring: ImportListQuery, response: { 200: pageOf(ImportRun) } } },
    (req) => imports.list(req.actor, req.query),
  );
  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'Progress and report of an import',
        params: IdParams,
        response: { 200: ImportRun },
      },
    },
    (req) => imports.get(req.actor, req.params.id),
  );
}
