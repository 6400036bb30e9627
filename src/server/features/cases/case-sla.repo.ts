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
import { type CaseRow, SLA_EVENT_KINDS, slaEntryOf } from './cases.repo.js';
import { caseSlas, cases } from './cases.table.js';
import type { StoredSla } from './core/sla-store.js';

/** A time read as epoch milliseconds (see `epochMs`): a number is cheaper to send and read than a timestamp. */
const dateOfMs = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
/** jsonb arrives parsed from both drivers; a string (from a driver that does not) is parsed here. */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
/** `column` as epoch milliseconds, exactly (the timestamps are to the millisecond). */
const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

/** What the SLA refresh reads of a case, with its stored SLA and its SLA history. */
export type SlaCase = Pick<
  CaseRow,
  | 'id'
  | 'customerId'
  | 'severity'
  | 'status'
  | 'location'
  | 'team'
  | 'openedAt'
  | 'assigneeUserId'
  | 'assignedAt'
  | 'escalationLevel'
> & { sla: StoredSlaRow | null; history: SlaCaseHistory };

/** A case's stored SLA as read back; `evaluatedAt` null: to be evaluated in full. */
export interface StoredSlaRow extends Omit<StoredSla, 'evaluatedAt'> {
  reassignAt: Date | null;
  evaluatedAt: Date | null;
}

/** What the sweep's fast path reads of a case: enough to choose its policy, and its stored SLA. */
export type SlaStoredCase = Pick<SlaCase, 'id' | 'customerId' | 'severity' | 'team' | 'sla'>;

/** What an escalation or auto-reassignment writes back on a case. */
export type SlaCaseChange = Pick<
  SlaCase,
  'id' | 'severity' | 'team' | 'assigneeUserId' | 'assignedAt' | 'escalationLevel'
> & {
  /** When it was escalated, or null when only reassigned (the last escalation time stays). */
  escalatedAt: Date | null;
};

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
  reassignAt: Date | null;
}

/** The stored SLA columns, times as epoch milliseconds (read by `slaOfRow`). */
const SLA_COLUMNS = sql`s.case_id is not null as has_sla, s.policy_id, s.state, s.targets,
  ${epochMs('s.due_at')} as due_ms, ${epochMs('s.check_at')} as check_ms,
  ${epochMs('s.reassign_at')} as reassign_ms, ${epochMs('s.evaluated_at')} as evaluated_ms`;

function slaOfRow(r: Record<string, unknown>): StoredSlaRow | null {
  if (!r.has_sla) return null;
  return {
    policyId: r.policy_id as string | null,
    state: r.state as SlaState | null,
    targets: json(r.targets) as StoredSlaTarget[],
    dueAt: dateOfMs(r.due_ms),
    checkAt: dateOfMs(r.check_ms),
    reassignAt: dateOfMs(r.reassign_ms),
    evaluatedAt: dateOfMs(r.evaluated_ms),
  };
}

/** The live cases among `ids` with their SLA row; locked, skipping those locked elsewhere. */
const FROM_CASES = (workspaceId: string, ids: readonly string[], skipLocked: boolean | undefined) => sql`
  from cases c
  left join case_slas s on s.workspace_id = c.workspace_id and s.case_id = c.id
  where c.workspace_id = ${workspaceId} and c.id = any(${pgArray(ids)}::uuid[]) and c.deleted_at is null
  ${skipLocked ? sql`for update of c skip locked` : sql``}`;

/**
 * Reads and writes of the SLA refresh and sweep, many cases at a time: the cases with their
 * stored SLA and their SLA histories in one statement each, the stored SLA written back in one.
 * The sweep reads and writes every open case in chunks of thousands, so these are raw SQL with
 * only the columns it needs and times as epoch milliseconds: the query builder's mapping per
 * field, and parsing timestamps on both sides, cost more than the database's work.
 */
export function createCaseSlaRepo(database: Database) {
  const exec = (q: ReturnType<typeof sql>) => database.q().execute(q);
  const ms = (d: Date | null) => (d ? d.getTime() : null);
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
      const rows = rowsOf(
        await exec(sql`
          select c.id, c.customer_id, c.severity, c.status, c.location, c.team, c.assignee_user_id,
            c.escalation_level, ${epochMs('c.opened_at')} as opened_ms, ${epochMs('c.assigned_at')} as assigned_ms,
            ${SLA_COLUMNS},
            (select json_agg(json_build_array(e.kind, e.to_status, ${epochMs('e.at')}) order by e.at, e.seq)
              from case_events e
              where e.workspace_id = c.workspace_id and e.case_id = c.id
                and e.kind = any(${pgArray(SLA_EVENT_KINDS)}::text[])) as history
          ${FROM_CASES(workspaceId, ids, opts.skipLocked)}`),
      );
      return rows.map((r) => ({
        id: r.id as string,
        customerId: r.customer_id as string,
        severity: r.severity as CaseSeverity,
        status: r.status as CaseStatus,
        location: r.location as string | null,
        team: r.team as string | null,
        openedAt: new Date(r.opened_ms as number),
        assigneeUserId: r.assignee_user_id as string | null,
        assignedAt: dateOfMs(r.assigned_ms),
        escalationLevel: r.escalation_level as number,
        history: historyOf(json(r.history) as [CaseEventKind, CaseStatus | null, number][] | null),
        sla: slaOfRow(r),
      }));
    },

    /**
     * The live cases among `ids` with their stored SLA only — no history — for the sweep's fast
     * path; locked as `cases` locks them.
     */
    async stored(
      workspaceId: string,
      ids: readonly string[],
      opts: { skipLocked?: boolean } = {},
    ): Promise<SlaStoredCase[]> {
      if (ids.length === 0) return [];
      const rows = rowsOf(
        await exec(sql`
          select c.id, c.customer_id, c.severity, c.team, ${SLA_COLUMNS}
          ${FROM_CASES(workspaceId, ids, opts.skipLocked)}`),
      );
      return rows.map((r) => ({
        id: r.id as string,
        customerId: r.customer_id as string,
        severity: r.severity as CaseSeverity,
        team: r.team as string | null,
        sla: slaOfRow(r),
      }));
    },

    /** The reference and subject of each of `ids`, for the escalation notices. */
    async labels(
      workspaceId: string,
      ids: readonly string[],
    ): Promise<Map<string, { reference: string; subject: string }>> {
      if (ids.length === 0) return new Map();
      const rows = rowsOf(
        await exec(sql`
          select id, reference, subject from cases
          where workspace_id = ${workspaceId} and id = any(${pgArray(ids)}::uuid[])`),
      );
      return new Map(
        rows.map((r) => [String(r.id), { reference: String(r.reference), subject: String(r.subject) }]),
      );
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
      const rows = rowsOf(
        await exec(sql`
          select case_id, kind, to_status, ${epochMs('at')} as at_ms
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
      const col = (f: (u: StoredSlaUpdate) => string | number | null) => pgArray(updates.map(f));
      const at = (v: string) => sql.raw(`to_timestamp(v.${v} / 1000.0)`);
      const values = sql`unnest(${col((u) => u.id)}::uuid[], ${col((u) => u.policyId)}::text[],
          ${col((u) => u.state)}::text[], ${col((u) => ms(u.dueAt))}::float8[],
          ${col((u) => ms(u.checkAt))}::float8[], ${col((u) => ms(u.reassignAt))}::float8[],
          ${col((u) => ms(u.evaluatedAt))}::float8[])
          with ordinality as v(id, policy, state, due, check_at, reassign, evaluated, n)`;
      const targets = sql`${JSON.stringify(updates.map((u) => u.targets))}::jsonb -> (v.n::int - 1)`;
      const updated = rowsOf(
        await exec(sql`
          update case_slas s set policy_id = v.policy, state = v.state, targets = ${targets}, due_at = ${at('due')},
            check_at = ${at('check_at')}, reassign_at = ${at('reassign')}, evaluated_at = ${at('evaluated')}
          from ${values}
          where s.workspace_id = ${workspaceId} and s.case_id = v.id
          returning s.case_id`),
      );
      if (updated.length === updates.length) return;
      await exec(sql`
        insert into case_slas (workspace_id, case_id, policy_id, state, targets, due_at, check_at, reassign_at,
          evaluated_at)
        select ${workspaceId}::uuid, v.id, v.policy, v.state, ${targets}, ${at('due')}, ${at('check_at')},
          ${at('reassign')}, ${at('evaluated')}
        from ${values}
        on conflict (workspace_id, case_id) do update set policy_id = excluded.policy_id, state = excluded.state,
          targets = excluded.targets, due_at = excluded.due_at, check_at = excluded.check_at,
          reassign_at = excluded.reassign_at, evaluated_at = excluded.evaluated_at`);
    },

    /** Writes what escalations and auto-reassignments changed on many cases in one statement. */
    async escalate(
      workspaceId: string,
      changes: readonly SlaCaseChange[],
      now: Date,
      by: ActorRef,
    ): Promise<void> {
      if (changes.length === 0) return;
      const col = (f: (r: SlaCaseChange) => string | number | null) => pgArray(changes.map(f));
      await exec(sql`
        update cases c set severity = v.severity, assignee_user_id = v.assignee,
          assigned_at = to_timestamp(v.assigned_at / 1000.0), team = v.team, escalation_level = v.level,
          escalated_at = coalesce(to_timestamp(v.escalated_at / 1000.0), c.escalated_at),
          updated_at = ${now.toISOString()}::timestamptz, updated_by = ${JSON.stringify(by)}::jsonb
        from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.severity)}::text[], ${col((r) => r.assigneeUserId)}::uuid[],
          ${col((r) => ms(r.assignedAt))}::float8[], ${col((r) => r.team)}::text[], ${col((r) => r.escalationLevel)}::int[],
          ${col((r) => ms(r.escalatedAt))}::float8[])
          as v(id, severity, assignee, assigned_at, team, level, escalated_at)
        where c.workspace_id = ${workspaceId} and c.id = v.id`);
    },

    /**
     * Up to `limit` cases of the workspace whose SLA check is due by `now`, in id order after
     * `afterId`, and whether each was evaluated under the current settings (else: in full).
     */
    async dueIds(
      workspaceId: string,
      now: Date,
      limit: number,
      afterId: string | null,
    ): Promise<{ id: string; evaluated: boolean }[]> {
      // Live cases only: a deleted case keeps its row, and would otherwise stay due for ever.
      const rows = await database
        .q()
        .select({ id: caseSlas.caseId, evaluated: sql<boolean>`${caseSlas.evaluatedAt} is not null` })
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
      return rows;
    },

    /**
     * Every open case of the workspace is due a check at `now`, in full (after its SLA settings
     * changed: what is stored was evaluated under the old ones).
     */
    async recheckOpen(workspaceId: string, now: Date): Promise<void> {
      await exec(sql`
        update case_slas s set check_at = ${now.toISOString()}::timestamptz, evaluated_at = null
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
