import {
  and,
  asc,
  countDistinct,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lte,
  ne,
  sql,
  sum,
} from 'drizzle-orm';
import type { CompensationStatus } from '../../../shared/contracts/case-resolution.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, toPage } from '../../lib/pagination.js';
import { caseCompensations, caseEvents, cases } from './cases.table.js';

export type CompensationRow = typeof caseCompensations.$inferSelect;
export type CompensationInsert = typeof caseCompensations.$inferInsert;
/** A compensation with the reference of its case, as lists show it. */
export type CompensationWithCase = CompensationRow & { caseReference: string };

/** The statuses a case can be surveyed in: resolved, or closed after it. */
const DONE = ['resolved', 'closed'] as const;

/** The CSAT stamps the request and reminder jobs claim, one each. */
export type CsatStamp = 'csatRequestedAt' | 'csatRemindedAt';

const compensationColumns = { ...getTableColumns(caseCompensations), caseReference: cases.reference };

/**
 * Resolution, compensation and the satisfaction follow-up: the columns of `cases` this part
 * owns (outcome, root cause, csat_*) and the `case_compensations` table.
 */
export function createCaseResolutionRepo(database: Database) {
  const caseWhere = (workspaceId: string, id: string) =>
    and(eq(cases.workspaceId, workspaceId), eq(cases.id, id));

  const withCase = () =>
    database
      .q()
      .select(compensationColumns)
      .from(caseCompensations)
      .innerJoin(
        cases,
        and(eq(cases.workspaceId, caseCompensations.workspaceId), eq(cases.id, caseCompensations.caseId)),
      );

  return {
    async setResolution(
      workspaceId: string,
      caseId: string,
      r: { outcome: string; rootCause: string | null; resolutionNote: string | null },
    ): Promise<void> {
      await database.q().update(cases).set(r).where(caseWhere(workspaceId, caseId));
    },

    /**
     * The latest event of `kind` of a case: for `resolution`, who gave the outcome it holds and
     * when; for `csat`, which step of the follow-up it reached and why (its details).
     */
    async lastEvent(workspaceId: string, caseId: string, kind: 'resolution' | 'csat') {
      const [row] = await database
        .q()
        .select({ at: caseEvents.at, actor: caseEvents.actor, details: caseEvents.details })
        .from(caseEvents)
        .where(
          and(
            eq(caseEvents.workspaceId, workspaceId),
            eq(caseEvents.caseId, caseId),
            eq(caseEvents.kind, kind),
          ),
        )
        .orderBy(desc(caseEvents.at), desc(caseEvents.seq))
        .limit(1);
      return row;
    },

    /** Whether a `csat` event of `step` was recorded for the case at or after `since`. */
    async hasCsatStep(workspaceId: string, caseId: string, step: string, since: Date): Promise<boolean> {
      const rows = await database
        .q()
        .select({ id: caseEvents.id })
        .from(caseEvents)
        .where(
          and(
            eq(caseEvents.workspaceId, workspaceId),
            eq(caseEvents.caseId, caseId),
            eq(caseEvents.kind, 'csat'),
            gte(caseEvents.at, since),
            sql`${caseEvents.details}->>'step' = ${step}`,
          ),
        )
        .limit(1);
      return rows.length > 0;
    },

    /**
     * Takes the CSAT step `stamp` for one sender: sets it to `at` when it is still null (or
     * still `previous`, re-taking a stale attempt); false when another job took it first.
     */
    async claimCsat(
      workspaceId: string,
      caseId: string,
      stamp: CsatStamp,
      at: Date,
      previous: Date | null = null,
    ): Promise<boolean> {
      const col = cases[stamp];
      const rows = await database
        .q()
        .update(cases)
        .set({ [stamp]: at })
        .where(and(caseWhere(workspaceId, caseId), previous ? eq(col, previous) : isNull(col)))
        .returning({ id: cases.id });
      return rows.length > 0;
    },

    /** Gives back a CSAT step whose mail was not sent, unless someone else holds it since. */
    async releaseCsat(workspaceId: string, caseId: string, stamp: CsatStamp, at: Date): Promise<void> {
      await database
        .q()
        .update(cases)
        .set({ [stamp]: null })
        .where(and(caseWhere(workspaceId, caseId), eq(cases[stamp], at)));
    },

    async answerCsat(
      workspaceId: string,
      caseId: string,
      a: { csatScore: number; csatComment: string | null; csatAnsweredAt: Date },
    ): Promise<void> {
      await database.q().update(cases).set(a).where(caseWhere(workspaceId, caseId));
    },

    /** Live cases of every workspace resolved since `since` whose customer has not been asked yet. */
    async unaskedResolved(since: Date, limit: number) {
      return database
        .q()
        .select({ workspaceId: cases.workspaceId, id: cases.id, resolvedAt: cases.resolvedAt })
        .from(cases)
        .where(
          and(
            inArray(cases.status, [...DONE]),
            isNull(cases.deletedAt),
            isNull(cases.csatRequestedAt),
            gte(cases.resolvedAt, since),
            // Recorded as not sent since this resolution: asking again changes nothing.
            sql`not exists (select 1 from ${caseEvents} e where e.workspace_id = ${cases.workspaceId}
              and e.case_id = ${cases.id} and e.kind = 'csat' and e.at >= ${cases.resolvedAt})`,
          ),
        )
        .orderBy(asc(cases.resolvedAt))
        .limit(limit);
    },

    /** Live cases of every workspace asked on or before `askedBefore`, unanswered and not yet reminded. */
    async reminderDue(askedBefore: Date, askedSince: Date, limit: number) {
      return database
        .q()
        .select({ workspaceId: cases.workspaceId, id: cases.id, csatRequestedAt: cases.csatRequestedAt })
        .from(cases)
        .where(
          and(
            inArray(cases.status, [...DONE]),
            isNull(cases.deletedAt),
            isNull(cases.csatAnsweredAt),
            isNull(cases.csatRemindedAt),
            lte(cases.csatRequestedAt, askedBefore),
            gte(cases.csatRequestedAt, askedSince),
          ),
        )
        .orderBy(asc(cases.csatRequestedAt))
        .limit(limit);
    },

    async insertCompensation(row: CompensationInsert): Promise<CompensationRow> {
      const [created] = await database.q().insert(caseCompensations).values(row).returning();
      return created!;
    },

    async findCompensation(workspaceId: string, id: string): Promise<CompensationWithCase | undefined> {
      const [row] = await withCase().where(
        and(eq(caseCompensations.workspaceId, workspaceId), eq(caseCompensations.id, id)),
      );
      return row;
    },

    /** The compensation, locked until the transaction ends, so two decisions on it queue. */
    async lockCompensation(workspaceId: string, id: string): Promise<CompensationRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(caseCompensations)
        .where(and(eq(caseCompensations.workspaceId, workspaceId), eq(caseCompensations.id, id)))
        .for('update');
      return row;
    },

    async updateCompensation(
      workspaceId: string,
      id: string,
      patch: Partial<CompensationInsert>,
    ): Promise<void> {
      await database
        .q()
        .update(caseCompensations)
        .set(patch)
        .where(and(eq(caseCompensations.workspaceId, workspaceId), eq(caseCompensations.id, id)));
    },

    /** A case's compensation, oldest first. */
    listForCase(workspaceId: string, caseId: string): Promise<CompensationWithCase[]> {
      return withCase()
        .where(and(eq(caseCompensations.workspaceId, workspaceId), eq(caseCompensations.caseId, caseId)))
        .orderBy(asc(caseCompensations.requestedAt), asc(caseCompensations.id));
    },

    /** Compensation of live cases in one status, oldest request first: the approval queue. */
    async listByStatus(
      workspaceId: string,
      f: { status: CompensationStatus; limit: number; cursor?: string | undefined },
    ): Promise<Page<CompensationWithCase>> {
      const rows = await withCase()
        .where(
          and(
            eq(caseCompensations.workspaceId, workspaceId),
            eq(caseCompensations.status, f.status),
            isNull(cases.deletedAt),
            afterCursor(caseCompensations.requestedAt, caseCompensations.id, 'asc', f.cursor, 'date'),
          ),
        )
        .orderBy(asc(caseCompensations.requestedAt), asc(caseCompensations.id))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [r.requestedAt.toISOString(), r.id]);
    },

    /** Every compensation on a customer's live cases, newest first, with the case's fields. */
    customerCompensations(workspaceId: string, customerId: string) {
      return database
        .q()
        .select({
          ...compensationColumns,
          caseType: cases.type,
          caseSubject: cases.subject,
          caseOpenedAt: cases.openedAt,
        })
        .from(caseCompensations)
        .innerJoin(
          cases,
          and(eq(cases.workspaceId, caseCompensations.workspaceId), eq(cases.id, caseCompensations.caseId)),
        )
        .where(
          and(
            eq(caseCompensations.workspaceId, workspaceId),
            eq(caseCompensations.customerId, customerId),
            isNull(cases.deletedAt),
          ),
        )
        .orderBy(desc(cases.openedAt), desc(cases.id), asc(caseCompensations.requestedAt));
    },

    /**
     * Per customer other than `exceptCustomerId`: how many live cases got approved compensation
     * in `currency` requested since `since`, and its total (minor units).
     */
    async approvedTallies(workspaceId: string, since: Date, currency: string, exceptCustomerId: string) {
      const rows = await database
        .q()
        .select({
          customerId: caseCompensations.customerId,
          claims: countDistinct(caseCompensations.caseId),
          totalMinor: sum(caseCompensations.amountMinor),
        })
        .from(caseCompensations)
        .innerJoin(
          cases,
          and(eq(cases.workspaceId, caseCompensations.workspaceId), eq(cases.id, caseCompensations.caseId)),
        )
        .where(
          and(
            eq(caseCompensations.workspaceId, workspaceId),
            eq(caseCompensations.status, 'approved'),
            eq(caseCompensations.currency, currency),
            gte(caseCompensations.requestedAt, since),
            ne(caseCompensations.customerId, exceptCustomerId),
            isNull(cases.deletedAt),
          ),
        )
        .groupBy(caseCompensations.customerId);
      return rows.map((r) => ({
        customerId: r.customerId,
        claims: Number(r.claims),
        totalMinor: Number(r.totalMinor ?? 0),
      }));
    },

    /** Approved and pending compensation of a case in `currency` (minor units), and how many offers in all. */
    async caseTotals(workspaceId: string, caseId: string, currency: string) {
      const [row] = await database
        .q()
        .select({
          approved: sql<string>`coalesce(sum(${caseCompensations.amountMinor}) filter (where ${caseCompensations.status} = 'approved' and ${caseCompensations.currency} = ${currency}), 0)`,
          pending: sql<string>`coalesce(sum(${caseCompensations.amountMinor}) filter (where ${caseCompensations.status} = 'pending_approval' and ${caseCompensations.currency} = ${currency}), 0)`,
          count: sql<string>`count(*)`,
        })
        .from(caseCompensations)
        .where(and(eq(caseCompensations.workspaceId, workspaceId), eq(caseCompensations.caseId, caseId)));
      return {
        approvedMinor: Number(row?.approved ?? 0),
        pendingMinor: Number(row?.pending ?? 0),
        count: Number(row?.count ?? 0),
      };
    },
  };
}
export type CaseResolutionRepo = ReturnType<typeof createCaseResolutionRepo>;
