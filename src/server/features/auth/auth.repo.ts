import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sessions } from './auth.table.js';

export type SessionRow = typeof sessions.$inferSelect;

export function createAuthRepo(database: Database) {
  return {
    async insertSession(row: typeof sessions.$inferInsert): Promise<void> {
      await database.q().insert(sessions).values(row);
    },
    async findSession(workspaceId: string, id: string): Promise<SessionRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(sessions)
        .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
      return row;
    },
    async touchSession(workspaceId: string, id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
      await database
        .q()
        .update(sessions)
        .set({ lastSeenAt, expiresAt })
        .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
    },
    async deleteSession(workspaceId: string, id: string): Promise<void> {
      await database
        .q()
        .delete(sessions)
        .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
    },
    async deleteSessionsOfUser(workspaceId: string, userId: string): Promise<void> {
      await database
        .q()
        .delete(sessions)
        .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId)));
    },
    async deleteExpired(workspaceId: string, now: Date): Promise<void> {
      await database
        .q()
        .delete(sessions)
        .where(and(eq(sessions.workspaceId, workspaceId), lt(sessions.expiresAt, now)));
    },
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
