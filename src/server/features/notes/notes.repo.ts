import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, toPage } from '../../lib/pagination.js';
import { notes } from './notes.table.js';

export type NoteRow = typeof notes.$inferSelect;
export type NoteInsert = typeof notes.$inferInsert;

export function createNotesRepo(database: Database) {
  return {
    async insert(row: NoteInsert): Promise<NoteRow> {
      const [created] = await database.q().insert(notes).values(row).returning();
      return created!;
    },

    async findById(workspaceId: string, id: string): Promise<NoteRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(notes)
        .where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, id)));
      return row;
    },

    async update(workspaceId: string, id: string, patch: Partial<NoteInsert>): Promise<NoteRow | undefined> {
      const [row] = await database
        .q()
        .update(notes)
        .set(patch)
        .where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, id)))
        .returning();
      return row;
    },

    /** A customer's not-deleted notes, newest first. */
    async listForCustomer(
      workspaceId: string,
      customerId: string,
      q: { limit: number; cursor?: string | undefined },
    ): Promise<Page<NoteRow>> {
      const rows = await database
        .q()
        .select()
        .from(notes)
        .where(
          and(
            eq(notes.workspaceId, workspaceId),
            eq(notes.customerId, customerId),
            isNull(notes.deletedAt),
            afterCursor(notes.createdAt, notes.id, 'desc', q.cursor, 'date'),
          ),
        )
        .orderBy(desc(notes.createdAt), desc(notes.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
    },
  };
}
export type NotesRepo = ReturnType<typeof createNotesRepo>;
