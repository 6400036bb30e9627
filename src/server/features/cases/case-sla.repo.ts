import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { SlaHistoryEntry } from '../../../shared/contracts/cases.js';
import type { Database } from '../../db/client.js';
import { pgArray } from '../../db/raw.js';
import { type CaseRow, type CaseSlaRow, SLA_EVENT_KINDS, slaEntryOf } from './cases.repo.js';
import { caseEvents, caseSlas, cases } from './cases.table.js';
import type { StoredSla } from './core/sla-store.js';

/** What the SLA refresh reads of a case (and writes back when it escalates), with its stored SLA. */
const SLA_CASE_COLUMNS = {
  id: cases.id,
  reference: cases.reference,
  subject: cases.subject,
  customerId: cases.customerId,
  severity: cases.severity,
  status: cases.status,
  location: cases.location,
  team: cases.team,
  openedAt: cases.openedAt,
  assigneeUserId: cases.assigneeUserId,
  assignedAt: cases.assignedAt,
  escalationLevel: cases.escalationLevel,
  escalatedAt: cases.escalatedAt,
  updatedAt: cases.updatedAt,
  updatedBy: cases.updatedBy,
};
export type SlaCase = Pick<CaseRow, keyof typeof SLA_CASE_COLUMNS> & { sla: CaseSlaRow | null };

/** A case's stored SLA with the case it belongs to. */
export interface StoredSlaUpdate extends StoredSla {
  id: string;
}

/**
 * Reads and writes of the SLA refresh and sweep, many cases at a time: the cases with their
 * stored SLA and their SLA histories in one statement each, the stored SLA written back in one.
 */
export function createCaseSlaRepo(database: Database) {
  const exec = (q: ReturnType<typeof sql>) => database.q().execute(q);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    /**
     * The live cases among `ids`, with their stored SLA. `skipLocked`: locked for the rest of the
     * transaction, leaving out those another transaction is changing (which refreshes them itself).
     */
    async cases(
      workspaceId: string,
      ids: readonly string[],
      opts: { skipLocked?: boolean } = {},
    ): Promise<SlaCase[]> {
      if (ids.length === 0) return [];
      const q = database
        .q()
        .select({ c: SLA_CASE_COLUMNS, s: caseSlas })
        .from(cases)
        .leftJoin(caseSlas, and(eq(caseSlas.workspaceId, cases.workspaceId), eq(caseSlas.caseId, cases.id)))
        .where(
          and(
            eq(cases.workspaceId, workspaceId),
            sql`${cases.id} = any(${pgArray(ids)}::uuid[])`,
            isNull(cases.deletedAt),
          ),
        );
      const rows = await (opts.skipLocked ? q.for('update', { of: cases, skipLocked: true }) : q);
      return rows.map((r) => ({ ...r.c, sla: r.s }));
    },

    /**
     * The SLA histories of `ids` (see CasesRepo.slaHistory), oldest first per case, and when each
     * case was last replied to by staff.
     */
    async histories(
      workspaceId: string,
      ids: readonly string[],
    ): Promise<Map<string, { entries: SlaHistoryEntry[]; lastAgentReplyAt: Date | null }>> {
      const out = new Map<string, { entries: SlaHistoryEntry[]; lastAgentReplyAt: Date | null }>();
      if (ids.length === 0) return out;
      const rows = await database
        .q()
        .select({
          caseId: caseEvents.caseId,
          at: caseEvents.at,
          kind: caseEvents.kind,
          status: caseEvents.toStatus,
        })
        .from(caseEvents)
        .where(
          and(
            eq(caseEvents.workspaceId, workspaceId),
            sql`${caseEvents.caseId} = any(${pgArray(ids)}::uuid[])`,
            inArray(caseEvents.kind, SLA_EVENT_KINDS),
          ),
        )
        .orderBy(asc(caseEvents.caseId), asc(caseEvents.at), asc(caseEvents.seq));
      for (const r of rows) {
        let h = out.get(r.caseId);
        if (!h) {
          h = { entries: [], lastAgentReplyAt: null };
          out.set(r.caseId, h);
        }
        h.entries.push(...slaEntryOf(r));
        if (r.kind === 'agent_reply') h.lastAgentReplyAt = r.at;
      }
      return out;
    },

    /** Writes the stored SLA of many cases in one statement (creating the rows of new cases). */
    async store(workspaceId: string, updates: readonly StoredSlaUpdate[]): Promise<void> {
      if (updates.length === 0) return;
      const col = (f: (u: StoredSlaUpdate) => string | null) => pgArray(updates.map(f));
      await exec(sql`
        insert into case_slas (workspace_id, case_id, policy_id, state, targets, due_at, check_at, evaluated_at)
        select ${workspaceId}::uuid, v.id, v.policy, v.state,
          ${JSON.stringify(updates.map((u) => u.targets))}::jsonb -> (v.n::int - 1), v.due, v.check_at, v.evaluated
        from unnest(${col((u) => u.id)}::uuid[], ${col((u) => u.policyId)}::text[], ${col((u) => u.state)}::text[],
          ${col((u) => iso(u.dueAt))}::timestamptz[], ${col((u) => iso(u.checkAt))}::timestamptz[],
          ${col((u) => iso(u.evaluatedAt))}::timestamptz[])
          with ordinality as v(id, policy, state, due, check_at, evaluated, n)
        on conflict (workspace_id, case_id) do update set policy_id = excluded.policy_id, state = excluded.state,
          targets = excluded.targets, due_at = excluded.due_at, check_at = excluded.check_at,
          evaluated_at = excluded.evaluated_at`);
    },

    /** Writes what escalations changed on many cases in one statement. */
    async escalate(workspaceId: string, rows: readonly SlaCase[]): Promise<void> {
      if (rows.length === 0) return;
      const col = (f: (r: SlaCase) => string | number | null) => pgArray(rows.map(f));
      await exec(sql`
        update cases c set severity = v.severity, assignee_user_id = v.assignee, assigned_at = v.assigned_at,
          team = v.team, escalation_level = v.level, escalated_at = v.escalated_at, updated_at = v.updated_at,
          updated_by = ${JSON.stringify(rows.map((r) => r.updatedBy))}::jsonb -> (v.n::int - 1)
        from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.severity)}::text[], ${col((r) => r.assigneeUserId)}::uuid[],
          ${col((r) => iso(r.assignedAt))}::timestamptz[], ${col((r) => r.team)}::text[], ${col((r) => r.escalationLevel)}::int[],
          ${col((r) => iso(r.escalatedAt))}::timestamptz[], ${col((r) => iso(r.updatedAt))}::timestamptz[])
          with ordinality as v(id, severity, assignee, assigned_at, team, level, escalated_at, updated_at, n)
        where c.workspace_id = ${workspaceId} and c.id = v.id`);
    },

    /** Up to `limit` cases of the workspace whose SLA check is due by `now`, in id order after `afterId`. */
    async dueIds(workspaceId: string, now: Date, limit: number, afterId: string | null): Promise<string[]> {
      const rows = await database
        .q()
        .select({ id: caseSlas.caseId })
        .from(caseSlas)
        .where(
          and(
            eq(caseSlas.workspaceId, workspaceId),
            lte(caseSlas.checkAt, now),
            afterId ? gt(caseSlas.caseId, afterId) : undefined,
          ),
        )
        .orderBy(asc(caseSlas.caseId))
        .limit(limit);
      return rows.map((r) => r.id);
    },

    /** Every open case of the workspace is due a check at `now` (after its SLA settings changed). */
    async recheckOpen(workspaceId: string, now: Date): Promise<void> {
      await exec(sql`
        update case_slas s set check_at = ${now.toISOString()}::timestamptz
        from cases c
        where s.workspace_id = ${workspaceId} and c.workspace_id = s.workspace_id and c.id = s.case_id
          and c.status not in ('resolved', 'closed') and c.deleted_at is null`);
    },

    /** The workspaces with at least one case whose SLA check is due by `now`. */
    async workspacesDue(now: Date): Promise<string[]> {
      const rows = await database
        .q()
        .selectDistinct({ workspaceId: caseSlas.workspaceId })
        .from(caseSlas)
        .where(lte(caseSlas.checkAt, now));
      return rows.map((r) => r.workspaceId);
    },
  };
}
export type CaseSlaRepo = ReturnType<typeof createCaseSlaRepo>;
