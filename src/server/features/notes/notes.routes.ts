import { IdParams, pageOf } from '../../../shared/contracts/common.js';
import {
  CustomerNotesParams,
  Note,
  NoteCreate,
  NoteListQuery,
  NoteUpdate,
} from '../../../shared/contracts/notes.js';
import type { App } from '../../lib/http.js';
import type { NotesService } from './notes.service.js';

export function notesRoutes(app: App, deps: { notes: NotesService }) {
  const { notes } = deps;
  const tags = ['notes'];
  app.get(
    '/customers/:customerId/notes',
    {
      schema: {
        tags,
        summary: "A customer's notes, newest first",
        params: CustomerNotesParams,
        querystring: NoteListQuery,
        response: { 200: pageOf(Note) },
      },
    },
    (req) => notes.listForCustomer(req.actor, req.params.customerId, req.query),
  );
  app.post(
    '/customers/:customerId/notes',
    { schema: { tags, params: CustomerNotesParams, body: NoteCreate, response: { 201: Note } } },
    async (req, reply) =>
      reply.code(201).send(await notes.create(req.actor, req.params.customerId, req.body)),
  );
  app.get('/notes/:id', { schema: { tags, params: IdParams, response: { 200: Note } } }, (req) =>
    notes.get(req.actor, req.params.id),
  );
  app.patch(
    '/notes/:id',
    { schema: { tags, params: IdParams, body: NoteUpdate, response: { 200: Note } } },
    (req) => notes.update(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/notes/:id',
    { schema: { tags, summary: 'Soft-delete', params: IdParams, response: { 200: Note } } },
    (req) => notes.remove(req.actor, req.params.id),
  );
}
