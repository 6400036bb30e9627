import { and, asc, desc, eq, gte, inArray, isNull, lt, notInArray, type SQL, sql } from 'drizzle-orm';
import { VISIT_NOT_TAKING_PLACE, type VisitStatus } from '../../../shared/contracts/visits.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, type SortDirection, toPage } from '../../lib/pagination.js';
import { visits } from './visits.table.js';

export type VisitRow = typeof visits.$inferSelect;
export type VisitInsert = typeof visits.$inferInsert;

export interface VisitFilter {
  customerId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  location?: string | undefined;
  status?: VisitStatus | undefined;
  type?: string | undefined;
  order: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

const takesPlace = notInArray(visits.status, [...VISIT_NOT_TAKING_PLACE]);

export function createVisitsRepo(database: Database) {
  return {
    /** Inserts the visit, or returns undefined when its (source, external id) is taken. */
    async insertUnlessExternalIdTaken(row: VisitInsert): Promise<VisitRow | undefined> {
      const [created] = await database
        .q()
        .insert(visits)
        .values(row)
        .onConflictDoNothing({ target: [visits.workspaceId, visits.source, visits.externalId] })
        .returning();
      return created;
    },

    async findById(workspaceId: string, id: string): Promise<VisitRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(visits)
        .where(and(eq(visits.workspaceId, workspaceId), eq(visits.id, id)));
      return row;
    },

    async findIdByExternalId(workspaceId: string, source: string, externalId: string) {
      const [row] = await database
        .q()
        .select({ id: visits.id })
        .from(visits)
        .where(
          and(
            eq(visits.workspaceId, workspaceId),
            eq(visits.source, source),
            eq(visits.externalId, externalId),
          ),
        );
      return row?.id;
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<VisitInsert>,
    ): Promise<VisitRow | undefined> {
      const [row] = await database
        .q()
        .update(visits)
        .set(patch)
        .where(and(eq(visits.workspaceId, workspaceId), eq(visits.id, id)))
        .returning();
      return row;
    },

    /** Not-deleted visits matching the filter, in (start, id) order. */
    async list(workspaceId: string, f: VisitFilter): Promise<Page<VisitRow>> {
      const conditions: (SQL | undefined)[] = [
        eq(visits.workspaceId, workspaceId),
        isNull(visits.deletedAt),
        f.customerId ? eq(visits.customerId, f.customerId) : undefined,
        f.from ? gte(visits.startsAt, f.from) : undefined,
        f.to ? lt(visits.startsAt, f.to) : undefined,
        f.location ? eq(visits.location, f.location) : undefined,
        f.status ? eq(visits.status, f.status) : undefined,
        f.type ? eq(visits.type, f.type) : undefined,
        afterCursor(visits.startsAt, visits.id, f.order, f.cursor, 'date'),
      ];
      const rows = await database
        .q()
        .select()
        .from(visits)
        .where(and(...conditions))
        .orderBy(
          ...(f.order === 'asc'
            ? [asc(visits.startsAt), asc(visits.id)]
            : [desc(visits.startsAt), desc(visits.id)]),
        )
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [r.startsAt.toISOString(), r.id]);
    },

    /** The visits starting in [from, to) at a location that are still to take place, in start order. */
    listDay(workspaceId: string, location: string, from: Date, to: Date): Promise<VisitRow[]> {
      return database
        .q()
        .select()
        .from(visits)
        .where(
          and(
            eq(visits.workspaceId, workspaceId),
            eq(visits.location, location),
            gte(visits.startsAt, from),
            lt(visits.startsAt, to),
            isNull(visits.deletedAt),
            takesPlace,
          ),
        )
        .orderBy(asc(visits.startsAt), asc(visits.id));
    },

    /** Every not-deleted visit of these customers that started before `before`: their history. */
    listForCustomers(workspaceId: string, customerIds: readonly string[], before: Date): Promise<VisitRow[]> {
      if (!customerIds.length) return Promise.resolve([]);
      return database
        .q()
        .select()
        .from(visits)
        .where(
          and(
            eq(visits.workspaceId, workspaceId),
            inArray(visits.customerId, [...customerIds]),
            lt(visits.startsAt, before),
            isNull(visits.deletedAt),
          ),
        )
        .orderBy(asc(visits.startsAt), asc(visits.id));
    },

    /**
     * Each location with a visit, and how many visits still to take place start at or after
     * `from` there; busiest first, then by name.
     */
    async locations(workspaceId: string, from: Date): Promise<{ location: string; upcoming: number }[]> {
      const upcoming = sql<number>`count(*) filter (where ${visits.startsAt} >= ${from} and ${takesPlace})::int`;
      return database
        .q()
        .select({ location: visits.location, upcoming })
        .from(visits)
        .where(and(eq(visits.workspaceId, workspaceId), isNull(visits.deletedAt)))
        .groupBy(visits.location)
        .orderBy(desc(upcoming), asc(visits.location))
        .limit(500);
    },
  };
}
export type VisitsRepo = ReturnType<typeof createVisitsRepo>;
