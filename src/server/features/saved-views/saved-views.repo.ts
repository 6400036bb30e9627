import { and, asc, eq } from 'drizzle-orm';
import type { SavedViewResource } from '../../../shared/contracts/saved-views.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, toPage } from '../../lib/pagination.js';
import { savedViews } from './saved-views.table.js';

export type SavedViewRow = typeof savedViews.$inferSelect;
export type SavedViewInsert = typeof savedViews.$inferInsert;

/** Every function takes the owner: a view is found only by its own user. */
export function createSavedViewsRepo(database: Database) {
  const mine = (workspaceId: string, userId: string, id: string) =>
    and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.userId, userId), eq(savedViews.id, id));
  const listOf = (workspaceId: string, userId: string, resource: SavedViewResource) =>
    and(
      eq(savedViews.workspaceId, workspaceId),
      eq(savedViews.userId, userId),
      eq(savedViews.resource, resource),
    );

  return {
    async insert(row: SavedViewInsert): Promise<SavedViewRow> {
      const [created] = await database.q().insert(savedViews).values(row).returning();
      return created!;
    },

    async findById(workspaceId: string, userId: string, id: string): Promise<SavedViewRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(savedViews)
        .where(mine(workspaceId, userId, id));
      return row;
    },

    async findByName(
      workspaceId: string,
      userId: string,
      resource: SavedViewResource,
      name: string,
    ): Promise<SavedViewRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(savedViews)
        .where(and(listOf(workspaceId, userId, resource), eq(savedViews.name, name)));
      return row;
    },

    async update(
      workspaceId: string,
      userId: string,
      id: string,
      patch: Partial<SavedViewInsert>,
    ): Promise<SavedViewRow | undefined> {
      const [row] = await database
        .q()
        .update(savedViews)
        .set(patch)
        .where(mine(workspaceId, userId, id))
        .returning();
      return row;
    },

    async delete(workspaceId: string, userId: string, id: string): Promise<void> {
      await database
        .q()
        .delete(savedViews)
        .where(mine(workspaceId, userId, id));
    },

    /** The user's views of a resource by name, on saved_views_user_name_key. */
    async listForUser(
      workspaceId: string,
      userId: string,
      q: { resource: SavedViewResource; limit: number; cursor?: string | undefined },
    ): Promise<Page<SavedViewRow>> {
      const rows = await database
        .q()
        .select()
        .from(savedViews)
        .where(
          and(
            listOf(workspaceId, userId, q.resource),
            afterCursor(savedViews.name, savedViews.id, 'asc', q.cursor, 'text'),
          ),
        )
        .orderBy(asc(savedViews.name), asc(savedViews.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [r.name, r.id]);
    },
  };
}
export type SavedViewsRepo = ReturnType<typeof createSavedViewsRepo>;
