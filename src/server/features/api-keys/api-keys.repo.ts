import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { apiKeys } from './api-keys.table.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function createApiKeysRepo(database: Database) {
  return {
    async insert(row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
      const [created] = await database.q().insert(apiKeys).values(row).returning();
      return created!;
    },
    async findById(workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)));
      return row;
    },
    list(workspaceId: string): Promise<ApiKeyRow[]> {
      return database
        .q()
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.workspaceId, workspaceId))
        .orderBy(desc(apiKeys.createdAt))
        .limit(500);
    },
    async update(workspaceId: string, id: string, patch: Partial<typeof apiKeys.$inferInsert>) {
      const [row] = await database
        .q()
        .update(apiKeys)
        .set(patch)
        .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)))
        .returning();
      return row;
    },
  };
}
export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>;
