import { and, asc, count, desc, eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { SuggestionColumn, SuggestionOutcome } from '../../../shared/contracts/case-suggestions.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, type SortDirection, toPage } from '../../lib/pagination.js';
import { customers } from '../customers/customers.table.js';
import { caseEvents, cases } from './cases.table.js';

/** A suggestion case with what the board shows of it. */
export interface SuggestionRow {
  id: string;
  reference: string;
  type: string;
  subject: string;
  customerId: string;
  customerName: string | null;
  status: (typeof cases.$inferSelect)['status'];
  channel: (typeof cases.$inferSelect)['channel'];
  openedAt: Date;
  area: string | null;
  outcome: SuggestionOutcome | null;
  reason: string | null;
  outcomeAt: Date | null;
  customerToldAt: Date | null;
  deletedAt: Date | null;
}

export interface SuggestionFilter {
  area?: string | undefined;
  outcome?: SuggestionColumn | undefined;
  order: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

/** The columns of this part on `cases`: a suggestion's area, outcome and when the customer was told. */
export interface SuggestionPatch {
  suggestionArea?: string;
  suggestionOutcome?: SuggestionOutcome;
  suggestionOutcomeReason?: string | null;
  suggestionOutcomeAt?: Date;
  customerToldAt?: Date;
}

const columns = {
  id: cases.id,
  reference: cases.reference,
  type: cases.type,
  subject: cases.subject,
  customerId: cases.customerId,
  customerName: customers.fullName,
  status: cases.status,
  channel: cases.channel,
  openedAt: cases.openedAt,
  area: cases.suggestionArea,
  outcome: sql<SuggestionOutcome | null>`${cases.suggestionOutcome}`,
  reason: cases.suggestionOutcomeReason,
  outcomeAt: cases.suggestionOutcomeAt,
  customerToldAt: cases.customerToldAt,
  deletedAt: cases.deletedAt,
};

const byId = (workspaceId: string, id: string) => and(eq(cases.workspaceId, workspaceId), eq(cases.id, id));

export function createCaseSuggestionsRepo(database: Database) {
  const select = () =>
    database
      .q()
      .select(columns)
      .from(cases)
      .leftJoin(
        customers,
        and(eq(customers.workspaceId, cases.workspaceId), eq(customers.id, cases.customerId)),
      );

  return {
    /** The case (of any type) with its suggestion columns, locked until the transaction ends. */
    async lock(workspaceId: string, id: string): Promise<SuggestionRow | undefined> {
      const [row] = await select().where(byId(workspaceId, id)).for('update', { of: cases });
      return row;
    },

    async find(workspaceId: string, id: string): Promise<SuggestionRow | undefined> {
      const [row] = await select().where(byId(workspaceId, id));
      return row;
    },

    async update(workspaceId: string, id: string, patch: SuggestionPatch): Promise<void> {
      await database.q().update(cases).set(patch).where(byId(workspaceId, id));
    },

    async insertEvent(row: typeof caseEvents.$inferInsert): Promise<void> {
      await database.q().insert(caseEvents).values(row);
    },

    /** Live suggestion cases, newest opened first (or oldest with `asc`), by area and outcome. */
    async list(workspaceId: string, f: SuggestionFilter): Promise<Page<SuggestionRow>> {
      const conditions: (SQL | undefined)[] = [
        eq(cases.workspaceId, workspaceId),
        eq(cases.type, 'suggestion'),
        isNull(cases.deletedAt),
        f.area ? eq(cases.suggestionArea, f.area) : undefined,
        f.outcome === 'none'
          ? isNull(cases.suggestionOutcome)
          : f.outcome
            ? eq(cases.suggestionOutcome, f.outcome)
            : undefined,
        afterCursor(cases.openedAt, cases.id, f.order, f.cursor, 'date'),
      ];
      const rows = await select()
        .where(and(...conditions))
        .orderBy(
          ...(f.order === 'asc'
            ? [asc(cases.openedAt), asc(cases.id)]
            : [desc(cases.openedAt), desc(cases.id)]),
        )
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [r.openedAt.toISOString(), r.id]);
    },

    /**
     * Live suggestions opened in [from, to), counted by outcome and area: how many, and how many
     * of them had their customer told an outcome.
     */
    async summary(
      workspaceId: string,
      from: Date,
      to: Date,
    ): Promise<
      { area: string | null; outcome: SuggestionOutcome | null; received: number; answered: number }[]
    > {
      return database
        .q()
        .select({
          area: cases.suggestionArea,
          outcome: sql<SuggestionOutcome | null>`${cases.suggestionOutcome}`,
          received: count(),
          answered: sql<number>`count(${cases.customerToldAt})::int`,
        })
        .from(cases)
        .where(
          and(
            eq(cases.workspaceId, workspaceId),
            eq(cases.type, 'suggestion'),
            isNull(cases.deletedAt),
            gte(cases.openedAt, from),
            lt(cases.openedAt, to),
          ),
        )
        .groupBy(cases.suggestionArea, cases.suggestionOutcome);
    },
  };
}
export type CaseSuggestionsRepo = ReturnType<typeof createCaseSuggestionsRepo>;
