import { and, asc, eq, gt, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm';
import type { SlaHistoryEntry } from '../../../shared/contracts/cases.js';
import type { Database } from '../../db/client.js';
import { pgArray } from '../../db/raw.js';
import { type CaseRow, SLA_EVENT_KINDS, slaEntryOf } from './cases.repo.js';
import { caseEvents, cases } from './cases.table.js';
import type { StoredSla } from './core/sla-store.js';

/** A case's stored SLA with the row it belongs to. */
export interface StoredSlaUpdate extends StoredSla {
  id: string;
}

/**
 * Reads and writes of the SLA refresh and sweep, many cases at a time: the cases and their
 * SLA histories in one statement each, the stored SLA written back in one.
 */
export function createCaseSlaRepo(database: Database) {
  const exec = (q: ReturnType<typeof sql>) => database.q().execute(q);
  return {
    /**
     * The live cases among `ids`, with their stored SLA. `skipLocked`: locked for the rest of the
     * transaction, leaving out those another transaction is changing (which refreshes them itself).
     */
    cases(
      workspaceId: string,
      ids: readonly string[],
      opts: { skipLocked?: boolean } = {},
    ): Promise<CaseRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      const q = database
        .q()
        .select()
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), inArray(cases.id, [...ids]), isNull(cases.deletedAt)));
      return opts.skipLocked ? q.for('update', { skipLocked: true }) : q;
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
            inArray(caseEvents.caseId, [...ids]),
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

    /** Writes the stored SLA of many cases in one statement. */
    async store(workspaceId: string, updates: readonly StoredSlaUpdate[]): Promise<void> {
      if (updates.length === 0) return;
      const col = (f: (u: StoredSlaUpdate) => string | null) => pgArray(updates.map(f));
      const iso = (d: Date | null) => (d ? d.toISOString() : null);
      await exec(sql`
        update cases c set
          sla_policy_id = v.policy, sla_state = v.state, sla_targets = ${JSON.stringify(updates.map((u) => u.slaTargets))}::jsonb -> (v.n::int - 1),
          sla_due_at = v.due, sla_check_at = v.check_at, sla_evaluated_at = v.evaluated
        from unnest(${col((u) => u.id)}::uuid[], ${col((u) => u.slaPolicyId)}::text[], ${col((u) => u.slaState)}::text[],
          ${col((u) => iso(u.slaDueAt))}::timestamptz[], ${col((u) => iso(u.slaCheckAt))}::timestamptz[],
          ${col((u) => iso(u.slaEvaluatedAt))}::timestamptz[])
          with ordinality as v(id, policy, state, due, check_at, evaluated, n)
        where c.workspace_id = ${workspaceId} and c.id = v.id`);
    },

    /** Up to `limit` cases of the workspace whose SLA check is due by `now`, in id order after `afterId`. */
    async dueIds(workspaceId: string, now: Date, limit: number, afterId: string | null): Promise<string[]> {
      const rows = await database
        .q()
        .select({ id: cases.id })
        .from(cases)
        .where(
          and(
            eq(cases.workspaceId, workspaceId),
            lte(cases.slaCheckAt, now),
            isNull(cases.deletedAt),
            afterId ? gt(cases.id, afterId) : undefined,
          ),
        )
        .orderBy(asc(cases.id))
        .limit(limit);
      return rows.map((r) => r.id);
    },

    /** Every open case of the workspace is due a check at `now` (after its SLA settings changed). */
    async recheckOpen(workspaceId: string, now: Date): Promise<void> {
      await database
        .q()
        .update(cases)
        .set({ slaCheckAt: now })
        .where(
          and(
            eq(cases.workspaceId, workspaceId),
            notInArray(cases.status, ['resolved', 'closed']),
            isNull(cases.deletedAt),
          ),
        );
    },

    /** The workspaces with at least one case whose SLA check is due by `now`. */
    async workspacesDue(now: Date): Promise<string[]> {
      const rows = await database
        .q()
        .selectDistinct({ workspaceId: cases.workspaceId })
        .from(cases)
        .where(and(lte(cases.slaCheckAt, now), isNull(cases.deletedAt)));
      return rows.map((r) => r.workspaceId);
    },
  };
}
export type CaseSlaRepo = ReturnType<typeof createCaseSlaRepo>;
