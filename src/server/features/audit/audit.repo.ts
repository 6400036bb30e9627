import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { insertRows } from '../../db/raw.js';
import { afterCursor, toPage } from '../../lib/pagination.js';
import { auditLog } from './audit.table.js';

export type AuditRow = typeof auditLog.$inferSelect;
export type AuditInsert = typeof auditLog.$inferInsert;

export function createAuditRepo(database: Database) {
  return {
    async insert(row: AuditInsert): Promise<void> {
      await database.q().insert(auditLog).values(row);
    },

    /** Many entries in one statement (bulk actions, the SLA sweep). */
    insertMany: (rows: AuditInsert[]): Promise<void> => insertRows(database.q(), auditLog, rows),

    async listForWorkspace(
      workspaceId: string,
      filter: { entityType?: string; entityId?: string; limit: number; cursor?: string },
    ) {
      const conds: (SQL | undefined)[] = [eq(auditLog.workspaceId, workspaceId)];
      if (filter.entityType) conds.push(eq(auditLog.entityType, filter.entityType));
      if (filter.entityId) conds.push(eq(auditLog.entityId, filter.entityId));
      conds.push(afterCursor(auditLog.at, auditLog.id, 'desc', filter.cursor, 'date'));
      const rows = await database
        .q()
        .select()
        .from(auditLog)
        .where(and(...conds))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(filter.limit + 1);
      return toPage(rows, filter.limit, (r) => [r.at.toISOString(), r.id]);
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
