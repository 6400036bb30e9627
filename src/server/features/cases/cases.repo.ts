import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type {
  CASE_SORTS,
  CaseEventKind,
  CaseSeverity,
  CaseStatus,
  CaseType,
  SlaHistoryEntry,
  SlaState,
} from '../../../shared/contracts/cases.js';

type CaseSort = (typeof CASE_SORTS)[number];

import type { Database } from '../../db/client.js';
import { insertRows } from '../../db/raw.js';
import { afterCursor, type Page, type SortDirection, toPage } from '../../lib/pagination.js';
import { containsPattern } from '../../lib/search.js';
import { caseCounters, caseEvents, caseMessages, caseSlas, cases } from './cases.table.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type CaseMessageRow = typeof caseMessages.$inferSelect;
export type CaseMessageInsert = typeof caseMessages.$inferInsert;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CaseEventInsert = typeof caseEvents.$inferInsert;

/** What the case list filters on; all optional but the workspace, sort and page. */
export interface CaseFilter {
  customerId?: string | undefined;
  /** A user id, or null for unassigned cases. */
  assigneeUserId?: string | null | undefined;
  statuses?: readonly CaseStatus[] | undefined;
  types?: readonly CaseType[] | undefined;
  severities?: readonly CaseSeverity[] | undefined;
  slaStates?: readonly SlaState[] | undefined;
  team?: string | undefined;
  tag?: string | undefined;
  /** Lower-case words, each found in the subject or body. */
  words: readonly string[];
  sort: CaseSort;
  order: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

/** Which case a submission repeats: same customer, type and normalised body, created after `since`. */
export interface DuplicateProbe {
  customerId: string;
  type: CaseType;
  bodyFingerprint: string;
  since: Date;
}

export type CaseSlaRow = typeof caseSlas.$inferSelect;
/** A case with its stored SLA (null only for a case stored without one). */
export type CaseWithSla = CaseRow & { sla: CaseSlaRow | null };

const byId = (workspaceId: string, id: string) => and(eq(cases.workspaceId, workspaceId), eq(cases.id, id));

/** The nearest SLA due time, cases without one after every dated one (as the index has it). */
const SLA_DUE_KEY = sql`coalesce(${caseSlas.dueAt}, '9999-12-31T00:00:00Z'::timestamptz)`;
/** What a cursor keeps of a row for each order; a case with no due time keeps the far future. */
const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');
function sortValue(r: CaseWithSla, sort: CaseSort): Date {
  if (sort === 'slaDueAt') return r.sla?.dueAt ?? FAR_FUTURE;
  return r[sort];
}

/** The history kinds the SLA engine reads. */
export const SLA_EVENT_KINDS: CaseEventKind[] = ['status', 'agent_reply', 'customer_reply'];

/** A history row as the SLA engine reads it; rows of other kinds are not part of it. */
export function slaEntryOf(r: {
  at: Date;
  kind: CaseEventKind;
  status: CaseStatus | null;
}): SlaHistoryEntry[] {
  switch (r.kind) {
    case 'status':
      return r.status ? [{ at: r.at, kind: 'status', status: r.status }] : [];
    case 'agent_reply':
    case 'customer_reply':
      return [{ at: r.at, kind: r.kind }];
    default:
      return [];
  }
}

export function createCasesRepo(database: Database) {
  /** The stored SLA of each of `ids` that has one. */
  async function slasOf(workspaceId: string, ids: readonly string[]): Promise<Map<string, CaseSlaRow>> {
    if (ids.length === 0) return new Map();
    const rows = await database
      .q()
      .select()
      .from(caseSlas)
      .where(and(eq(caseSlas.workspaceId, workspaceId), inArray(caseSlas.caseId, [...ids])));
    return new Map(rows.map((r) => [r.caseId, r]));
  }

  return {
    /** The workspace's next case number, 1 for its first case; concurrent callers get distinct numbers. */
    async nextNumber(workspaceId: string): Promise<number> {
      const [row] = await database
        .q()
        .insert(caseCounters)
        .values({ workspaceId, lastNumber: 1 })
        .onConflictDoUpdate({
          target: caseCounters.workspaceId,
          set: { lastNumber: sql`${caseCounters.lastNumber} + 1` },
        })
        .returning({ n: caseCounters.lastNumber });
      return row!.n;
    },

    /** The last case number the workspace gave out; 0 before its first case. */
    async lastNumber(workspaceId: string): Promise<number> {
      const [row] = await database
        .q()
        .select({ n: caseCounters.lastNumber })
        .from(caseCounters)
        .where(eq(caseCounters.workspaceId, workspaceId));
      return row?.n ?? 0;
    },

    /**
     * Holds, until the transaction ends, a lock on one submission's content, so two identical
     * submissions at once are checked for duplicates one after the other.
     */
    async lockSubmission(key: string): Promise<void> {
      await database.q().execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    },

    /**
     * Inserts the case unless its idempotency key is the workspace's already; undefined then.
     * ON CONFLICT DO NOTHING makes concurrent retries store exactly one case.
     */
    async insertUnlessKeySeen(row: CaseInsert): Promise<CaseRow | undefined> {
      const [created] = await database
        .q()
        .insert(cases)
        .values(row)
        .onConflictDoNothing({ target: [cases.workspaceId, cases.idempotencyKey] })
        .returning();
      return created;
    },

    async findById(workspaceId: string, id: string): Promise<CaseRow | undefined> {
      const [row] = await database.q().select().from(cases).where(byId(workspaceId, id));
      return row;
    },

    /** The case, locked until the transaction ends: its writers (replies, attachments) queue. */
    async lockById(workspaceId: string, id: string): Promise<CaseRow | undefined> {
      const [row] = await database.q().select().from(cases).where(byId(workspaceId, id)).for('update');
      return row;
    },

    async findByIdempotencyKey(workspaceId: string, key: string): Promise<CaseRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.idempotencyKey, key)));
      return row;
    },

    /** The newest live case the submission repeats, if any. */
    async findRecentDuplicate(workspaceId: string, p: DuplicateProbe): Promise<CaseRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.workspaceId, workspaceId),
            eq(cases.customerId, p.customerId),
            eq(cases.type, p.type),
            eq(cases.bodyFingerprint, p.bodyFingerprint),
            gt(cases.createdAt, p.since),
            isNull(cases.deletedAt),
          ),
        )
        .orderBy(desc(cases.createdAt))
        .limit(1);
      return row;
    },

    async update(workspaceId: string, id: string, patch: Partial<CaseInsert>): Promise<CaseRow | undefined> {
      const [row] = await database.q().update(cases).set(patch).where(byId(workspaceId, id)).returning();
      return row;
    },

    /** Not-deleted cases matching the filter, in (sort key, id) order. */
    async list(workspaceId: string, f: CaseFilter): Promise<Page<CaseWithSla>> {
      const key =
        f.sort === 'slaDueAt' ? SLA_DUE_KEY : f.sort === 'updatedAt' ? cases.updatedAt : cases.openedAt;
      const conditions: (SQL | undefined)[] = [
        eq(cases.workspaceId, workspaceId),
        isNull(cases.deletedAt),
        f.customerId ? eq(cases.customerId, f.customerId) : undefined,
        f.assigneeUserId === null
          ? isNull(cases.assigneeUserId)
          : f.assigneeUserId
            ? eq(cases.assigneeUserId, f.assigneeUserId)
            : undefined,
        f.statuses?.length ? inArray(cases.status, [...f.statuses]) : undefined,
        f.types?.length ? inArray(cases.type, [...f.types]) : undefined,
        f.severities?.length ? inArray(cases.severity, [...f.severities]) : undefined,
        f.slaStates?.length ? inArray(caseSlas.state, [...f.slaStates]) : undefined,
        f.team ? eq(cases.team, f.team) : undefined,
        f.tag ? sql`${cases.tags} @> array[${f.tag}]::text[]` : undefined,
        ...f.words.map((w) => sql`${cases.searchText} like ${containsPattern(w)}`),
        afterCursor(key, cases.id, f.order, f.cursor, 'date'),
      ];
      // Every case has its SLA row (created with it): ordering or filtering by the SLA joins it,
      // so the due-time index can lead; otherwise the page's SLA rows are fetched after it (a
      // join there would make the planner hash every case of the workspace).
      const order = f.order === 'asc' ? [asc(key), asc(cases.id)] : [desc(key), desc(cases.id)];
      let withSla: CaseWithSla[];
      if (f.sort === 'slaDueAt' || f.slaStates?.length) {
        const rows = await database
          .q()
          .select({ c: cases, s: caseSlas })
          .from(cases)
          .innerJoin(
            caseSlas,
            and(eq(caseSlas.workspaceId, cases.workspaceId), eq(caseSlas.caseId, cases.id)),
          )
          .where(and(...conditions))
          .orderBy(...order)
          .limit(f.limit + 1);
        withSla = rows.map((r) => ({ ...r.c, sla: r.s }));
      } else {
        const rows = await database
          .q()
          .select()
          .from(cases)
          .where(and(...conditions))
          .orderBy(...order)
          .limit(f.limit + 1);
        const slas = await slasOf(
          workspaceId,
          rows.map((r) => r.id),
        );
        withSla = rows.map((r) => ({ ...r, sla: slas.get(r.id) ?? null }));
      }
      return toPage(withSla, f.limit, (r) => [sortValue(r, f.sort).toISOString(), r.id]);
    },

    slasOf,

    async insertMessage(row: CaseMessageInsert): Promise<CaseMessageRow> {
      const [created] = await database.q().insert(caseMessages).values(row).returning();
      return created!;
    },

    /** The case's messages in the order they were written. */
    listMessages(workspaceId: string, caseId: string): Promise<CaseMessageRow[]> {
      return database
        .q()
        .select()
        .from(caseMessages)
        .where(and(eq(caseMessages.workspaceId, workspaceId), eq(caseMessages.caseId, caseId)))
        .orderBy(asc(caseMessages.seq));
    },

    /** Events in one statement, in the order given (their `seq` follows it). */
    insertEvents: (rows: CaseEventInsert[]): Promise<void> => insertRows(database.q(), caseEvents, rows),

    /** The case's history, oldest first (events of one instant in the order they were written). */
    listEvents(workspaceId: string, caseId: string): Promise<CaseEventRow[]> {
      return database
        .q()
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.workspaceId, workspaceId), eq(caseEvents.caseId, caseId)))
        .orderBy(asc(caseEvents.at), asc(caseEvents.seq));
    },

    /**
     * The history the SLA engine reads, oldest first: each status entered (with the status),
     * each reply to the customer (`agent_reply`) and each message from them (`customer_reply`).
     * Assignment changes are left out. An unknown case has an empty history.
     */
    async slaHistory(workspaceId: string, caseId: string): Promise<SlaHistoryEntry[]> {
      const rows = await database
        .q()
        .select({ at: caseEvents.at, kind: caseEvents.kind, status: caseEvents.toStatus })
        .from(caseEvents)
        .where(
          and(
            eq(caseEvents.workspaceId, workspaceId),
            eq(caseEvents.caseId, caseId),
            inArray(caseEvents.kind, SLA_EVENT_KINDS),
          ),
        )
        .orderBy(asc(caseEvents.at), asc(caseEvents.seq));
      return rows.flatMap(slaEntryOf);
    },

    async findByReference(workspaceId: string, reference: string): Promise<CaseRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.reference, reference)));
      return row;
    },

    /** Whether a mail with this Message-ID is stored already: it opened a case or is a message of one. */
    async emailSeen(workspaceId: string, messageId: string): Promise<boolean> {
      const [opened] = await database
        .q()
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.emailMessageId, messageId)));
      if (opened) return true;
      const [message] = await database
        .q()
        .select({ id: caseMessages.id })
        .from(caseMessages)
        .where(and(eq(caseMessages.workspaceId, workspaceId), eq(caseMessages.emailMessageId, messageId)));
      return Boolean(message);
    },

    /**
     * The case one of these Message-IDs belongs to — a mail we sent or received for it, or the
     * mail that opened it — the newest message's case first; undefined when none is ours.
     */
    async findCaseIdByEmailMessageIds(
      workspaceId: string,
      messageIds: readonly string[],
    ): Promise<string | undefined> {
      if (!messageIds.length) return undefined;
      const [message] = await database
        .q()
        .select({ caseId: caseMessages.caseId })
        .from(caseMessages)
        .where(
          and(
            eq(caseMessages.workspaceId, workspaceId),
            inArray(caseMessages.emailMessageId, [...messageIds]),
          ),
        )
        .orderBy(desc(caseMessages.seq))
        .limit(1);
      if (message) return message.caseId;
      const [opened] = await database
        .q()
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), inArray(cases.emailMessageId, [...messageIds])))
        .limit(1);
      return opened?.id;
    },

    /** Our reply (an outbound message) whose Message-ID is one of these, newest first. */
    async findReplyByEmailMessageIds(
      workspaceId: string,
      messageIds: readonly string[],
    ): Promise<CaseMessageRow | undefined> {
      if (!messageIds.length) return undefined;
      const [row] = await database
        .q()
        .select()
        .from(caseMessages)
        .where(
          and(
            eq(caseMessages.workspaceId, workspaceId),
            eq(caseMessages.kind, 'reply'),
            inArray(caseMessages.emailMessageId, [...messageIds]),
          ),
        )
        .orderBy(desc(caseMessages.seq))
        .limit(1);
      return row;
    },

    /** The Message-ID of the customer's newest mail on the case (a message, else the opening mail). */
    async lastInboundEmailId(workspaceId: string, caseId: string): Promise<string | null> {
      const [message] = await database
        .q()
        .select({ id: caseMessages.emailMessageId })
        .from(caseMessages)
        .where(
          and(
            eq(caseMessages.workspaceId, workspaceId),
            eq(caseMessages.caseId, caseId),
            eq(caseMessages.kind, 'customer_message'),
            isNotNull(caseMessages.emailMessageId),
          ),
        )
        .orderBy(desc(caseMessages.seq))
        .limit(1);
      if (message?.id) return message.id;
      const [opened] = await database
        .q()
        .select({ id: cases.emailMessageId })
        .from(cases)
        .where(byId(workspaceId, caseId));
      return opened?.id ?? null;
    },

    async findMessage(workspaceId: string, id: string): Promise<CaseMessageRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(caseMessages)
        .where(and(eq(caseMessages.workspaceId, workspaceId), eq(caseMessages.id, id)));
      return row;
    },

    async updateMessage(
      workspaceId: string,
      id: string,
      patch: Partial<CaseMessageInsert>,
    ): Promise<CaseMessageRow | undefined> {
      const [row] = await database
        .q()
        .update(caseMessages)
        .set(patch)
        .where(and(eq(caseMessages.workspaceId, workspaceId), eq(caseMessages.id, id)))
        .returning();
      return row;
    },
  };
}
export type CasesRepo = ReturnType<typeof createCasesRepo>;
