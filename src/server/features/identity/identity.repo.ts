import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { IdentityInput } from '../customers/customer-row.js';
import { identities } from './identity.table.js';

export type IdentityRow = typeof identities.$inferSelect;

export function createIdentityRepo(database: Database) {
  return {
    /** The owners of any of these identities. */
    findOwners(workspaceId: string, list: readonly IdentityInput[]): Promise<IdentityRow[]> {
      if (!list.length) return Promise.resolve([]);
      return database
        .q()
        .select()
        .from(identities)
        .where(
          and(
            eq(identities.workspaceId, workspaceId),
            or(
              ...list.map((i) =>
                and(
                  eq(identities.kind, i.kind),
                  eq(identities.source, i.source),
                  eq(identities.value, i.value),
                ),
              ),
            ),
          ),
        );
    },

    listForCustomer(workspaceId: string, customerId: string): Promise<IdentityRow[]> {
      return database
        .q()
        .select()
        .from(identities)
        .where(and(eq(identities.workspaceId, workspaceId), eq(identities.customerId, customerId)))
        .orderBy(asc(identities.kind), asc(identities.createdAt));
    },

    async insertMany(rows: (typeof identities.$inferInsert)[]): Promise<void> {
      if (rows.length) await database.q().insert(identities).values(rows).onConflictDoNothing();
    },

    async deleteByIds(workspaceId: string, ids: string[]): Promise<void> {
      if (!ids.length) return;
      await database
        .q()
        .delete(identities)
        .where(and(eq(identities.workspaceId, workspaceId), inArray(identities.id, ids)));
    },
  };
}
export type IdentityRepo = ReturnType<typeof createIdentityRepo>;
