import { PublicCsat, PublicCsatAnswer, PublicCsatParams } from '../../../shared/contracts/case-resolution.js';
import type { App } from '../../lib/http.js';
import type { CaseCsatService } from './case-csat.service.js';

/**
 * The public satisfaction page's API: no login, the link's token is the key. `answersPerMinute`:
 * answers one IP address may send per minute; opening the page is allowed five times as often.
 */
export function caseCsatRoutes(app: App, deps: { caseCsat: CaseCsatService; answersPerMinute: number }) {
  const { caseCsat } = deps;
  const tags = ['public'];
  app.get(
    '/public/csat/:token',
    {
      schema: {
        tags,
        summary: 'What the satisfaction page shows: the business, the case, and the answer if given',
        params: PublicCsatParams,
        response: { 200: PublicCsat },
        security: [],
      },
      config: { public: true, rateLimit: { max: deps.answersPerMinute * 5, timeWindow: '1 minute' } },
    },
    (req) => caseCsat.publicGet(req.params.token),
  );
  app.post(
    '/public/csat/:token',
    {
      schema: {
        tags,
        summary:
          'Answers the satisfaction request: a score from 1 to 5 and a comment (may be changed for 14 days)',
        params: PublicCsatParams,
        body: PublicCsatAnswer,
        response: { 200: PublicCsat },
        security: [],
      },
      config: { public: true, rateLimit: { max: deps.answersPerMinute, timeWindow: '1 minute' } },
    },
    (req) => caseCsat.publicAnswer(req.params.token, req.body),
  );
}
