import {
  Briefing,
  BriefingFeedback,
  BriefingFeedbackInput,
  BriefingQuery,
  BriefingUsefulness,
  BriefingUsefulnessQuery,
} from '../../../shared/contracts/briefings.js';
import type { App } from '../../lib/http.js';
import type { BriefingsService } from './briefings.service.js';

export function briefingsRoutes(app: App, deps: { briefings: BriefingsService }) {
  const { briefings } = deps;
  const tags = ['briefings'];
  app.get(
    '/briefings',
    {
      schema: {
        tags,
        summary: "A day's arrivals at a location with each customer's recognition messages, and a summary",
        querystring: BriefingQuery,
        response: { 200: Briefing },
      },
    },
    (req) => briefings.forDay(req.actor, req.query),
  );
  app.post(
    '/briefings/feedback',
    {
      schema: {
        tags,
        summary: 'Mark a kind of message useful or not on a visit (one answer per user, visit and kind)',
        body: BriefingFeedbackInput,
        response: { 200: BriefingFeedback },
      },
    },
    (req) => briefings.giveFeedback(req.actor, req.body),
  );
  app.get(
    '/briefings/usefulness',
    {
      schema: {
        tags,
        summary: 'How useful staff found each kind of message',
        querystring: BriefingUsefulnessQuery,
        response: { 200: BriefingUsefulness },
      },
    },
    (req) => briefings.usefulness(req.actor, req.query),
  );
}
