import { type Note, NoteCreate, type NoteListQuery, NoteUpdate } from '../../../shared/contracts/notes.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import { softDeletion } from '../../lib/soft-delete.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { NoteRow, NotesRepo } from './notes.repo.js';

export function toNote(r: NoteRow): Note {
  return {
    id: r.id,
    customerId: r.customerId,
    body: r.body,
    frontLine: r.frontLine,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
  };
}

export function createNotesService(deps: {
  tx: Database['tx'];
  repo: NotesRepo;
  customers: Pick<CustomersService, 'assertExists'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  async function load(actor: Actor, id: string, opts: { includeDeleted?: boolean } = {}): Promise<NoteRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('NOTE_NOT_FOUND', { id });
    return row;
  }

  /** The customer's notes, newest first; the customer must exist and not be deleted. */
  async function listForCustomer(actor: Actor, customerId: string, q: NoteListQuery): Promise<Page<Note>> {
    requirePermission(actor, 'crm:read');
    await deps.customers.assertExists(actor, customerId);
    const page = await repo.listForCustomer(actor.workspaceId, customerId, q);
    return { items: page.items.map(toNote), nextCursor: page.nextCursor };
  }

  async function create(actor: Actor, customerId: string, input: NoteCreate): Promise<Note> {
    requirePermission(actor, 'crm:write');
    const body = NoteCreate.parse(input);
    const now = clock.now();
    const id = newId();
    return deps.tx(async () => {
      await deps.customers.assertExists(actor, customerId);
      const row = await repo.insert({
        workspaceId: actor.workspaceId,
        id,
        customerId,
        body: body.body,
        frontLine: body.frontLine,
        createdAt: now,
        updatedAt: now,
        createdBy: actorRef(actor),
        updatedBy: actorRef(actor),
      });
      const note = toNote(row);
      await audit.record(actor, { action: 'note.create', entityType: 'note', entityId: id, after: note });
      return note;
    });
  }

  async function get(actor: Actor, id: string): Promise<Note> {
    requirePermission(actor, 'crm:read');
    return toNote(await load(actor, id, { includeDeleted: true }));
  }

  async function update(actor: Actor, id: string, input: NoteUpdate): Promise<Note> {
    requirePermission(actor, 'crm:write');
    const body = NoteUpdate.parse(input);
    return deps.tx(async () => {
      const before = await load(actor, id);
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.body !== undefined ? { body: body.body } : {}),
        ...(body.frontLine !== undefined ? { frontLine: body.frontLine } : {}),
        updatedAt: clock.now(),
        updatedBy: actorRef(actor),
      });
      const after = toNote(row!);
      await audit.record(actor, {
        action: 'note.update',
        entityType: 'note',
        entityId: id,
        before: toNote(before),
        after,
      });
      return after;
    });
  }

  const { remove } = softDeletion({
    entityType: 'note',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row) => toNote(row),
    stampsUpdates: true,
  });

  return { listForCustomer, create, get, update, remove };
}
export type NotesService = ReturnType<typeof createNotesService>;
