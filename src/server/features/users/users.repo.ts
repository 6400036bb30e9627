import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/contracts/common.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type SortDirection, toPage } from '../../lib/pagination.js';
import { users } from './users.table.js';

export type UserRow = typeof users.$inferSelect;
export type UserInsert = typeof users.$inferInsert;

export function createUsersRepo(database: Database) {
  return {
    async insert(row: UserInsert): Promise<UserRow> {
      const [created] = await database.q().insert(users).values(row).returning();
      return created!;
    },

    async findById(workspaceId: string, id: string): Promise<UserRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
      return row;
    },

    async findByEmail(workspaceId: string, email: string): Promise<UserRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), sql`lower(${users.email}) = ${email.toLowerCase()}`));
      return row;
    },

    /** Login knows only the e-mail: every workspace's user with it. */
    findAllByEmail(email: string): Promise<UserRow[]> {
      return database
        .q()
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
        .limit(20);
    },

    async update(workspaceId: string, id: string, patch: Partial<UserInsert>): Promise<UserRow | undefined> {
      const [row] = await database
        .q()
        .update(users)
        .set(patch)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
        .returning();
      return row;
    },

    async countInWorkspace(workspaceId: string): Promise<number> {
      const [row] = await database
        .q()
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(eq(users.workspaceId, workspaceId));
      return row?.n ?? 0;
    },

    /** Ids of the workspace's active (not disabled) users with one of these roles. */
    /** The workspace's active users by name (then id), as colleagues see them. */
    activeColleagues(workspaceId: string): Promise<{ id: string; name: string; role: Role }[]> {
      return database
        .q()
        .select({ id: users.id, name: users.name, role: users.role })
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), isNull(users.disabledAt)))
        .orderBy(asc(users.name), asc(users.id));
    },

    async activeIdsWithRole(workspaceId: string, roles: readonly Role[]): Promise<string[]> {
      const rows = await database
        .q()
        .select({ id: users.id })
        .from(users)
        .where(
          and(eq(users.workspaceId, workspaceId), inArray(users.role, [...roles]), isNull(users.disabledAt)),
        )
        .orderBy(asc(users.id));
      return rows.map((r) => r.id);
    },

    async list(
      workspaceId: string,
      q: { limit: number; cursor?: string; sort: 'createdAt' | 'email'; order: SortDirection },
    ) {
      const col = q.sort === 'email' ? users.email : users.createdAt;
      const rows = await database
        .q()
        .select()
        .from(users)
        .where(
          and(
            eq(users.workspaceId, workspaceId),
            afterCursor(col, users.id, q.order, q.cursor, q.sort === 'email' ? 'text' : 'date'),
          ),
        )
        .orderBy(...(q.order === 'asc' ? [asc(col), asc(users.id)] : [desc(col), desc(users.id)]))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [q.sort === 'email' ? r.email : r.createdAt.toISOString(), r.id]);
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
