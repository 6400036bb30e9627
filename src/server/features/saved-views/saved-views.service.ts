import {
  type SavedView,
  SavedViewCreate,
  type SavedViewListQuery,
  type SavedViewResource,
  SavedViewUpdate,
} from '../../../shared/contracts/saved-views.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission, requireUser } from '../auth/auth.policy.js';
import type { SavedViewRow, SavedViewsRepo } from './saved-views.repo.js';

export function toSavedView(r: SavedViewRow): SavedView {
  return {
    id: r.id,
    resource: r.resource,
    name: r.name,
    // Stored as the contract parsed it on the way in.
    state: r.state as SavedView['state'],
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * Named list views, each private to its user: another user's view (or another workspace's) is
 * SAVED_VIEW_NOT_FOUND. Anyone who may read the records may keep views; API keys may not.
 */
export function createSavedViewsService(deps: {
  tx: Database['tx'];
  repo: SavedViewsRepo;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  /** The owner of the views the actor may see. */
  function ownerOf(actor: Actor): string {
    requirePermission(actor, 'crm:read');
    return requireUser(actor, 'Saved views');
  }

  async function load(actor: Actor, userId: string, id: string): Promise<SavedViewRow> {
    const row = await repo.findById(actor.workspaceId, userId, id);
    if (!row) throw new AppError('SAVED_VIEW_NOT_FOUND', { id });
    return row;
  }

  async function assertNameFree(
    actor: Actor,
    userId: string,
    resource: SavedViewResource,
    name: string,
    exceptId?: string,
  ): Promise<void> {
    const taken = await repo.findByName(actor.workspaceId, userId, resource, name);
    if (taken && taken.id !== exceptId) {
      throw new AppError('CONFLICT', { name }, [
        { path: 'body.name', message: 'you already have a view with this name' },
      ]);
    }
  }

  async function list(actor: Actor, q: SavedViewListQuery): Promise<Page<SavedView>> {
    const userId = ownerOf(actor);
    const page = await repo.listForUser(actor.workspaceId, userId, q);
    return { items: page.items.map(toSavedView), nextCursor: page.nextCursor };
  }

  async function create(actor: Actor, input: SavedViewCreate): Promise<SavedView> {
    const userId = ownerOf(actor);
    const body = SavedViewCreate.parse(input);
    const now = clock.now();
    return deps.tx(async () => {
      await assertNameFree(actor, userId, body.resource, body.name);
      const row = await repo.insert({
        workspaceId: actor.workspaceId,
        id: newId(),
        userId,
        resource: body.resource,
        name: body.name,
        state: body.state,
        createdAt: now,
        updatedAt: now,
      });
      const view = toSavedView(row);
      await audit.record(actor, {
        action: 'saved_view.create',
        entityType: 'saved_view',
        entityId: view.id,
        after: view,
      });
      return view;
    });
  }

  async function update(actor: Actor, id: string, input: SavedViewUpdate): Promise<SavedView> {
    const userId = ownerOf(actor);
    const body = SavedViewUpdate.parse(input);
    return deps.tx(async () => {
      const before = await load(actor, userId, id);
      if (body.name !== undefined) await assertNameFree(actor, userId, before.resource, body.name, id);
      const row = await repo.update(actor.workspaceId, userId, id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.state !== undefined ? { state: body.state } : {}),
        updatedAt: clock.now(),
      });
      const after = toSavedView(row!);
      await audit.record(actor, {
        action: 'saved_view.update',
        entityType: 'saved_view',
        entityId: id,
        before: toSavedView(before),
        after,
      });
      return after;
    });
  }

  /** Deletes for good: a view is a preference, its history is the audit entry. */
  async function remove(actor: Actor, id: string): Promise<void> {
    const userId = ownerOf(actor);
    await deps.tx(async () => {
      const before = await load(actor, userId, id);
      await repo.delete(actor.workspaceId, userId, id);
      await audit.record(actor, {
        action: 'saved_view.delete',
        entityType: 'saved_view',
        entityId: id,
        before: toSavedView(before),
      });
    });
  }

  return { list, create, update, remove };
}
export type SavedViewsService = ReturnType<typeof createSavedViewsService>;
