import type { Database } from '../db/client.js';
import type { AuditEntry } from '../features/audit/audit.service.js';
import { requirePermission } from '../features/auth/auth.policy.js';
import { type Actor, type ActorRef, actorRef } from './actor.js';
import type { Clock } from './clock.js';

export interface SoftDeletePatch {
  deletedAt: Date | null;
  deletedBy: ActorRef | null;
  updatedAt?: Date;
  updatedBy?: ActorRef;
}

/**
 * Delete and restore for a record kept with `deleted_at`: one transaction each, permission
 * `crm:delete`, and an audit entry (`<entity>.delete` / `<entity>.restore`) with before/after.
 * Restoring something not deleted changes nothing.
 */
export function softDeletion<Row extends { deletedAt: Date | null }, Out>(deps: {
  entityType: string;
  tx: Database['tx'];
  audit: { record(actor: Actor, entry: AuditEntry): Promise<void> };
  clock: Clock;
  load(actor: Actor, id: string, opts: { includeDeleted?: boolean }): Promise<Row>;
  update(workspaceId: string, id: string, patch: SoftDeletePatch): Promise<Row | undefined>;
  /** The API shape of a row (may read related rows, e.g. order lines). */
  present(row: Row, actor: Actor): Out | Promise<Out>;
  /** Tables with updated_at / updated_by record a restore as an update. */
  stampsUpdates: boolean;
}) {
  async function change(actor: Actor, id: string, deleting: boolean): Promise<Out> {
    requirePermission(actor, 'crm:delete');
    return deps.tx(async () => {
      const before = await deps.load(actor, id, { includeDeleted: !deleting });
      if (!deleting && !before.deletedAt) return deps.present(before, actor);
      const now = deps.clock.now();
      const row = await deps.update(actor.workspaceId, id, {
        deletedAt: deleting ? now : null,
        deletedBy: deleting ? actorRef(actor) : null,
        ...(deps.stampsUpdates && !deleting ? { updatedAt: now, updatedBy: actorRef(actor) } : {}),
      });
      const after = await deps.present(row!, actor);
      await deps.audit.record(actor, {
        action: `${deps.entityType}.${deleting ? 'delete' : 'restore'}`,
        entityType: deps.entityType,
        entityId: id,
        before: await deps.present(before, actor),
        after,
      });
      return after;
    });
  }
  return {
    remove: (actor: Actor, id: string) => change(actor, id, true),
    restore: (actor: Actor, id: string) => change(actor, id, false),
  };
}
