import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { OPEN_TASK_STATUSES, type TaskStatus } from '../../../shared/contracts/tasks.js';
import type { Database } from '../../db/client.js';
import { insertRows } from '../../db/raw.js';
import { afterCursor, type Page, type SortDirection, toPage } from '../../lib/pagination.js';
import { tasks } from './tasks.table.js';

export type TaskRow = typeof tasks.$inferSelect;
export type TaskInsert = typeof tasks.$inferInsert;

/** What the task list filters on; all optional but the workspace and `now` (for overdue). */
export interface TaskFilter {
  customerId?: string | undefined;
  /** A user id, or null for unassigned tasks. */
  assigneeId?: string | null | undefined;
  statuses?: readonly TaskStatus[] | undefined;
  dueBefore?: Date | undefined;
  overdue?: boolean | undefined;
  now: Date;
  sort: 'createdAt' | 'dueAt';
  order: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Sorting by due date needs a NOT NULL key for keyset paging: tasks without one take +infinity
 * ascending and -infinity descending, so they come last either way.
 */
const NO_DUE_DATE = { asc: sql.raw(`'infinity'::timestamptz`), desc: sql.raw(`'-infinity'::timestamptz`) };
const dueKey = (order: SortDirection) => sql`coalesce(${tasks.dueAt}, ${NO_DUE_DATE[order]})`;

const isOpen = inArray(tasks.status, [...OPEN_TASK_STATUSES]);

export function createTasksRepo(database: Database) {
  return {
    async insert(row: TaskInsert): Promise<TaskRow> {
      const [created] = await database.q().insert(tasks).values(row).returning();
      return created!;
    },

    /** Many new tasks in one INSERT (notifications from a sweep); answers them as stored. */
    async insertMany(rows: Omit<TaskRow, 'deletedAt' | 'deletedBy'>[]): Promise<TaskRow[]> {
      await insertRows(database.q(), tasks, rows);
      return rows.map((r) => ({ ...r, deletedAt: null, deletedBy: null }));
    },

    async findById(workspaceId: string, id: string): Promise<TaskRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(tasks)
        .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
      return row;
    },

    async update(workspaceId: string, id: string, patch: Partial<TaskInsert>): Promise<TaskRow | undefined> {
      const [row] = await database
        .q()
        .update(tasks)
        .set(patch)
        .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)))
        .returning();
      return row;
    },

    /** Not-deleted tasks matching the filter, in (sort key, id) order. */
    async list(workspaceId: string, f: TaskFilter): Promise<Page<TaskRow>> {
      const byDue = f.sort === 'dueAt';
      const key = byDue ? dueKey(f.order) : tasks.createdAt;
      const overdue = sql`(${isOpen} and ${tasks.dueAt} < ${f.now})`;
      const conditions: (SQL | undefined)[] = [
        eq(tasks.workspaceId, workspaceId),
        isNull(tasks.deletedAt),
        f.customerId ? eq(tasks.customerId, f.customerId) : undefined,
        f.assigneeId === null
          ? isNull(tasks.assigneeId)
          : f.assigneeId
            ? eq(tasks.assigneeId, f.assigneeId)
            : undefined,
        f.statuses?.length ? inArray(tasks.status, [...f.statuses]) : undefined,
        f.dueBefore ? lt(tasks.dueAt, f.dueBefore) : undefined,
        f.overdue === undefined ? undefined : f.overdue ? overdue : sql`not coalesce(${overdue}, false)`,
        afterCursor(key, tasks.id, f.order, f.cursor, 'date', byDue ? { nullAs: NO_DUE_DATE[f.order] } : {}),
      ];
      const rows = await database
        .q()
        .select()
        .from(tasks)
        .where(and(...conditions))
        .orderBy(...(f.order === 'asc' ? [asc(key), asc(tasks.id)] : [desc(key), desc(tasks.id)]))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [
        byDue ? (r.dueAt?.toISOString() ?? null) : r.createdAt.toISOString(),
        r.id,
      ]);
    },

    /** A customer's open and in-progress tasks, soonest due first (undated last). */
    listOpenForCustomer(workspaceId: string, customerId: string, limit: number): Promise<TaskRow[]> {
      return database
        .q()
        .select()
        .from(tasks)
        .where(
          and(
            eq(tasks.workspaceId, workspaceId),
            eq(tasks.customerId, customerId),
            isNull(tasks.deletedAt),
            isOpen,
          ),
        )
        .orderBy(asc(dueKey('asc')), asc(tasks.createdAt), asc(tasks.id))
        .limit(limit);
    },
  };
}
export type TasksRepo = ReturnType<typeof createTasksRepo>;
