import { z } from 'zod';
import { SocialImportReport } from '../../../shared/contracts/case-social.js';
import type { App } from '../../lib/http.js';
import type { CaseSocialService } from './case-social.service.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

/** The largest import body: 500 mentions of 5,000 characters each, with room for the rest. */
export const SOCIAL_IMPORT_MAX_BYTES = 4 * 1_048_576;

/**
 * `POST /cases/social-mentions/import` with JSON `{ mentions: [...] }` or a CSV file as the
 * body (Content-Type text/csv): answers the report of every row, whatever became of it.
 */
export function caseSocialRoutes(app: App, deps: { caseSocial: CaseSocialService }) {
  const { caseSocial } = deps;
  app.register(async (scope) => {
    scope.addContentTypeParser(CSV_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post(
      '/cases/social-mentions/import',
      {
        bodyLimit: SOCIAL_IMPORT_MAX_BYTES,
        schema: {
          tags: ['cases'],
          summary:
            'Imports social mentions (JSON or CSV network,handle,text,url,posted_at[,name]): each negative one becomes a complaint case, once per URL',
          // Checked loosely here and in full by the service, so a feed over the limits is named
          // at body.mentions rather than as a union that matched neither.
          body: z.union([
            z.string().describe('CSV, with Content-Type text/csv'),
            z
              .looseObject({ mentions: z.unknown() })
              .describe('{ mentions: [{ network, handle, text, url, postedAt, name? }] } (SocialImportJson)'),
          ]),
          response: { 200: SocialImportReport },
        },
      },
      (req) =>
        caseSocial.importMentions(
          req.actor,
          typeof req.body === 'string'
            ? { format: 'csv', text: req.body }
            : { format: 'json', body: req.body },
        ),
    );
  });
}
