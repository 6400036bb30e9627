import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { workspaces } from './workspaces.table.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type WorkspaceInsert = typeof workspaces.$inferInsert;

export function createWorkspacesRepo(database: Database) {
  return {
    async insert(row: WorkspaceInsert): Promise<WorkspaceRow> {
      const [created] = await database.q().insert(workspaces).values(row).returning();
      return created!;
    },
    async findById(id: string): Promise<WorkspaceRow | undefined> {
      const [row] = await database.q().select().from(workspaces).where(eq(workspaces.id, id));
      return row;
    },
    async findBySlug(slug: string): Promise<WorkspaceRow | undefined> {
      const [row] = await database.q().select().from(workspaces).where(eq(workspaces.slug, slug));
      return row;
    },
    async lockForUpdate(id: string): Promise<WorkspaceRow | undefined> {
      const [row] = await database.q().select().from(workspaces).where(eq(workspaces.id, id)).for('update');
      return row;
    },
    listAll(): Promise<WorkspaceRow[]> {
      return database.q().select().from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1000);
    },
    async update(id: string, patch: Partial<WorkspaceInsert>): Promise<WorkspaceRow | undefined> {
      const [row] = await database.q().update(workspaces).set(patch).where(eq(workspaces.id, id)).returning();
      return row;
    },
  };
}
export type WorkspacesRepo = ReturnType<typeof createWorkspacesRepo>;
