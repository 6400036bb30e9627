import type { FastifyError } from 'fastify';
import {
  BATCH_MAX_BYTES,
  BATCH_MAX_EVENTS,
  EVENT_MAX_BYTES,
  EventBatch,
  type EventType,
  IdentifyEvent,
  IngestResult,
  PageEvent,
  TrackEvent,
} from '../../../shared/contracts/events.js';
import { AppError } from '../../lib/app-error.js';
import { type App, sendProblem, toProblem } from '../../lib/http.js';
import type { EventsService } from './events.service.js';

/**
 * Segment / RudderStack-compatible HTTP endpoints. Authenticate with an API key that has the
 * `events` scope, as `Authorization: Bearer rk_…` or Basic with the key as user name (how the
 * SDKs send their write key). A single event answers 400 when it is not valid; a batch answers
 * 200 with the bad events listed by index and the others stored.
 */
export function eventsRoutes(app: App, deps: { events: EventsService }) {
  const { events } = deps;
  const tags = ['events'];

  /** Over the body limit: 400 naming the limit, as the spec asks (Fastify's own would be 413). */
  const overLimit =
    (limitBytes: number, what: string) =>
    (error: FastifyError, req: Parameters<typeof toProblem>[1], reply: Parameters<typeof sendProblem>[0]) => {
      const err =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? new AppError('BAD_REQUEST', { limitBytes }, [], `${what} may be at most ${limitBytes / 1024} KB`)
          : error;
      return sendProblem(reply, toProblem(err, req));
    };

  const single = (
    type: EventType,
    body: typeof IdentifyEvent | typeof TrackEvent | typeof PageEvent,
    summary: string,
  ) =>
    app.post(
      `/events/${type}`,
      {
        bodyLimit: EVENT_MAX_BYTES,
        errorHandler: overLimit(EVENT_MAX_BYTES, 'An event'),
        config: { scope: 'events' },
        schema: { tags, summary, body, response: { 200: IngestResult } },
      },
      async (req) => {
        const result = await events.ingest(req.actor, [{ type, body: req.body }]);
        const rejection = result.rejected[0];
        if (rejection) {
          throw new AppError(
            'VALIDATION_FAILED',
            {},
            rejection.errors.map((e) => ({
              path: ['body', e.path].filter(Boolean).join('.'),
              message: e.message,
            })),
          );
        }
        return result;
      },
    );
  single('identify', IdentifyEvent, 'Who the customer is: traits update the profile');
  single('track', TrackEvent, 'Something the customer did: becomes a touch point');
  single('page', PageEvent, 'A page the customer viewed: becomes a web-visit touch point');

  app.post(
    '/events/batch',
    {
      bodyLimit: BATCH_MAX_BYTES,
      errorHandler: overLimit(BATCH_MAX_BYTES, 'A batch'),
      config: { scope: 'events' },
      schema: {
        tags,
        summary: `Up to ${BATCH_MAX_EVENTS} events of any type; bad ones are listed by index, the others stored`,
        body: EventBatch,
        response: { 200: IngestResult },
      },
    },
    (req) =>
      events.ingest(
        req.actor,
        req.body.batch.map((body) => ({ type: undefined, body })),
        { context: req.body.context, sentAt: req.body.sentAt },
      ),
  );
}
