import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { cases } from './cases.table.js';

/** The queries of the inbox's helpers (bulk actions go through the cases service). */
export function createCaseBulkRepo(database: Database) {
  return {
    /**
     * The teams the workspace's live cases are queued for, by name, with how many of each
     * team's cases are still open (neither resolved nor closed).
     */
    async teams(workspaceId: string): Promise<{ team: string; openCases: number }[]> {
      const rows = await database
        .q()
        .select({
          team: cases.team,
          openCases:
            sql<number>`count(*) filter (where ${cases.status} not in ('resolved', 'closed'))`.mapWith(
              Number,
            ),
        })
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), isNull(cases.deletedAt), isNotNull(cases.team)))
        .groupBy(cases.team)
        .orderBy(asc(cases.team));
      return rows.map((r) => ({ team: r.team ?? '', openCases: r.openCases }));
    },

    /** The case's tags, the row locked until the transaction ends; undefined when there is no such case. */
    async lockTags(workspaceId: string, id: string): Promise<{ tags: string[] } | undefined> {
      const [row] = await database
        .q()
        .select({ tags: cases.tags })
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id)))
        .for('update');
      return row;
    },
  };
}
export type CaseBulkRepo = ReturnType<typeof createCaseBulkRepo>;
