import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type {
  CaseEventKind,
  CaseSeverity,
  CaseStatus,
  SlaHistoryEntry,
  SlaState,
  StoredSlaTarget,
} from '../../../shared/contracts/cases.js';
import type { Database } from '../../db/client.js';
import { pgArray, rowsOf } from '../../db/raw.js';
import type { ActorRef } from '../../lib/actor.js';
import { type CaseRow, type CaseSlaRow, SLA_EVENT_KINDS, slaEntryOf } from './cases.repo.js';
import { caseSlas, cases } from './cases.table.js';
import type { StoredSla } from './core/sla-store.js';

const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : new Date(v as string | Date);
/** jsonb arrives parsed from both drivers; a string (from a driver that does not) is parsed here. */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** What the SLA refresh reads of a case (and writes back when it escalates), with its stored SLA. */
export type SlaCase = Pick<
  CaseRow,
  | 'id'
  | 'reference'
  | 'subject'
  | 'customerId'
  | 'severity'
  | 'status'
  | 'location'
  | 'team'
  | 'openedAt'
  | 'assigneeUserId'
  | 'assignedAt'
  | 'escalationLevel'
  | 'escalatedAt'
  | 'updatedAt'
  | 'updatedBy'
> & { sla: CaseSlaRow | null; history: SlaCaseHistory };

/** A case's SLA history (oldest first) and its last reply by staff. */
export interface SlaCaseHistory {
  entries: SlaHistoryEntry[];
  lastAgentReplyAt: Date | null;
}

/** The history from `[kind, status, epoch ms]` triples in order. */
function historyOf(triples: readonly [CaseEventKind, CaseStatus | null, number][] | null): SlaCaseHistory {
  const out: SlaCaseHistory = { entries: [], lastAgentReplyAt: null };
  for (const [kind, status, ms] of triples ?? []) {
    const at = new Date(ms);
    out.entries.push(...slaEntryOf({ at, kind, status }));
    if (kind === 'agent_reply') out.lastAgentReplyAt = at;
  }
  return out;
}

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
      // Raw SQL, mapped by hand: the sweep reads 2,000 cases a statement, and the query
      // builder's per-field mapping cost more than the database did.
      const rows = rowsOf(
        await exec(sql`
          select c.id, c.reference, c.subject, c.customer_id, c.severity, c.status, c.location, c.team,
            c.opened_at, c.assignee_user_id, c.assigned_at, c.escalation_level, c.escalated_at, c.updated_at,
            c.updated_by, s.case_id as sla_case_id, s.policy_id, s.state, s.targets, s.due_at, s.check_at,
            s.evaluated_at,
            (select json_agg(json_build_array(e.kind, e.to_status, (extract(epoch from e.at) * 1000)::float8)
                order by e.at, e.seq)
              from case_events e
              where e.workspace_id = c.workspace_id and e.case_id = c.id
                and e.kind = any(${pgArray(SLA_EVENT_KINDS)}::text[])) as history
          from cases c
          left join case_slas s on s.workspace_id = c.workspace_id and s.case_id = c.id
          where c.workspace_id = ${workspaceId} and c.id = any(${pgArray(ids)}::uuid[]) and c.deleted_at is null
          ${opts.skipLocked ? sql`for update of c skip locked` : sql``}`),
      );
      return rows.map((r) => ({
        id: String(r.id),
        reference: String(r.reference),
        subject: String(r.subject),
        customerId: String(r.customer_id),
        severity: r.severity as CaseSeverity,
        status: r.status as CaseStatus,
        location: (r.location as string | null) ?? null,
        team: (r.team as string | null) ?? null,
        openedAt: date(r.opened_at)!,
        assigneeUserId: (r.assignee_user_id as string | null) ?? null,
        assignedAt: date(r.assigned_at),
        escalationLevel: Number(r.escalation_level),
        escalatedAt: date(r.escalated_at),
        updatedAt: date(r.updated_at)!,
        updatedBy: json(r.updated_by) as ActorRef,
        history: historyOf(json(r.history) as [CaseEventKind, CaseStatus | null, number][] | null),
        sla: r.sla_case_id
          ? {
              workspaceId,
              caseId: String(r.sla_case_id),
              policyId: (r.policy_id as string | null) ?? null,
              state: (r.state as SlaState | null) ?? null,
              targets: json(r.targets) as StoredSlaTarget[],
              dueAt: date(r.due_at),
              checkAt: date(r.check_at),
              evaluatedAt: date(r.evaluated_at),
            }
          : null,
      }));
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
      // Times as epoch milliseconds: a number is cheaper to read than a timestamp string.
      const rows = rowsOf(
        await exec(sql`
          select case_id, kind, to_status, (extract(epoch from at) * 1000)::float8 as at_ms
          from case_events
          where workspace_id = ${workspaceId} and case_id = any(${pgArray(ids)}::uuid[])
            and kind = any(${pgArray(SLA_EVENT_KINDS)}::text[])
          order by case_id, at, seq`),
      );
      for (const r of rows) {
        const caseId = String(r.case_id);
        let h = out.get(caseId);
        if (!h) {
          h = { entries: [], lastAgentReplyAt: null };
          out.set(caseId, h);
        }
        const at = new Date(Number(r.at_ms));
        const kind = r.kind as CaseEventKind;
        h.entries.push(...slaEntryOf({ at, kind, status: (r.to_status as CaseStatus | null) ?? null }));
        if (kind === 'agent_reply') h.lastAgentReplyAt = at;
      }
      return out;
    },

    /**
     * Writes the stored SLA of many cases: one UPDATE of the rows that exist (every case has
     * one from its creation), then an INSERT of any missing.
     */
    async store(workspaceId: string, updates: readonly StoredSlaUpdate[]): Promise<void> {
      if (updates.length === 0) return;
      const col = (f: (u: StoredSlaUpdate) => string | null) => pgArray(updates.map(f));
      const values = sql`unnest(${col((u) => u.id)}::uuid[], ${col((u) => u.policyId)}::text[],
          ${col((u) => u.state)}::text[], ${col((u) => iso(u.dueAt))}::timestamptz[],
          ${col((u) => iso(u.checkAt))}::timestamptz[], ${col((u) => iso(u.evaluatedAt))}::timestamptz[])
          with ordinality as v(id, policy, state, due, check_at, evaluated, n)`;
      const targets = sql`${JSON.stringify(updates.map((u) => u.targets))}::jsonb -> (v.n::int - 1)`;
      const updated = rowsOf(
        await exec(sql`
          update case_slas s set policy_id = v.policy, state = v.state, targets = ${targets}, due_at = v.due,
            check_at = v.check_at, evaluated_at = v.evaluated
          from ${values}
          where s.workspace_id = ${workspaceId} and s.case_id = v.id
          returning s.case_id`),
      );
      if (updated.length === updates.length) return;
      await exec(sql`
        insert into case_slas (workspace_id, case_id, policy_id, state, targets, due_at, check_at, evaluated_at)
        select ${workspaceId}::uuid, v.id, v.policy, v.state, ${targets}, v.due, v.check_at, v.evaluated
        from ${values}
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
      // Live cases only: a deleted case keeps its row, and would otherwise stay due for ever.
      const rows = await database
        .q()
        .select({ id: caseSlas.caseId })
        .from(caseSlas)
        .innerJoin(cases, and(eq(cases.workspaceId, caseSlas.workspaceId), eq(cases.id, caseSlas.caseId)))
        .where(
          and(
            eq(caseSlas.workspaceId, workspaceId),
            lte(caseSlas.checkAt, now),
            isNull(cases.deletedAt),
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
        .innerJoin(cases, and(eq(cases.workspaceId, caseSlas.workspaceId), eq(cases.id, caseSlas.caseId)))
        .where(and(lte(caseSlas.checkAt, now), isNull(cases.deletedAt)));
      return rows.map((r) => r.workspaceId);
    },
  };
}
export type CaseSlaRepo = ReturnType<typeof createCaseSlaRepo>;
