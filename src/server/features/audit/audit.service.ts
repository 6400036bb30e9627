import { type Actor, actorRef } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { AuditRepo } from './audit.repo.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * The append-only record of who changed what. `record` joins the caller's transaction, so an
 * audited write and its entry commit or roll back together.
 */
export function createAuditLog(deps: { repo: AuditRepo; clock: Clock }) {
  const toRow = (actor: Actor, e: AuditEntry) => ({
    workspaceId: actor.workspaceId,
    id: newId(),
    at: deps.clock.now(),
    actor: actorRef(actor),
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
    requestId: actor.requestId ?? null,
  });
  return {
    record: (actor: Actor, entry: AuditEntry) => deps.repo.insert(toRow(actor, entry)),
    /** Several entries in one INSERT (bulk actions), in the caller's transaction. */
    recordMany: (actor: Actor, entries: AuditEntry[]) =>
      deps.repo.insertMany(entries.map((e) => toRow(actor, e))),
    list(actor: Actor, filter: { entityType?: string; entityId?: string; limit: number; cursor?: string }) {
      requirePermission(actor, 'audit:read');
      return deps.repo.listForWorkspace(actor.workspaceId, filter);
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
