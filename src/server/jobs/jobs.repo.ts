import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/raw.js';
import { type JobStatus, jobs } from './jobs.table.js';

export type JobRow = typeof jobs.$inferSelect;

export function createJobsRepo(database: Database) {
  return {
    /** Inserts a job; with a dedupe key already used for the kind, answers the existing one. */
    async insert(row: typeof jobs.$inferInsert): Promise<{ job: JobRow; created: boolean }> {
      const [created] = await database.q().insert(jobs).values(row).onConflictDoNothing().returning();
      if (created) return { job: created, created: true };
      const [existing] = await database
        .q()
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.workspaceId, row.workspaceId),
            eq(jobs.kind, row.kind),
            eq(jobs.dedupeKey, row.dedupeKey ?? ''),
          ),
        );
      return { job: existing!, created: false };
    },

    /**
     * Takes the next due job — queued and due, or running with an expired lease (its worker
     * died) — and leases it to `worker` until `lockedUntil`. Skips rows other workers hold.
     */
    async claim(
      kinds: readonly string[],
      worker: string,
      now: Date,
      lockedUntil: Date,
    ): Promise<JobRow | null> {
      if (!kinds.length) return null;
      const rows = rowsOf(
        await database.q().execute(sql`
          update jobs j set status = 'running', locked_by = ${worker}, locked_until = ${lockedUntil.toISOString()}::timestamptz,
            attempts = j.attempts + 1, started_at = coalesce(j.started_at, ${now.toISOString()}::timestamptz)
          where (j.workspace_id, j.id) = (
            select workspace_id, id from jobs
            where kind in (select jsonb_array_elements_text(${JSON.stringify(kinds)}::jsonb))
              and ((status = 'queued' and run_at <= ${now.toISOString()}::timestamptz)
                or (status = 'running' and locked_until < ${now.toISOString()}::timestamptz))
            order by run_at
            limit 1
            for update skip locked)
          returning j.workspace_id, j.id`),
      );
      const hit = rows[0];
      if (!hit) return null;
      return (await this.find(String(hit.workspace_id), String(hit.id))) ?? null;
    },

    async find(workspaceId: string, id: string): Promise<JobRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(jobs)
        .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, id)));
      return row;
    },

    /** Extends a lease the worker still holds; false when another worker has taken the job. */
    async renew(workspaceId: string, id: string, worker: string, lockedUntil: Date): Promise<boolean> {
      const out = await database
        .q()
        .update(jobs)
        .set({ lockedUntil })
        .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, id), eq(jobs.lockedBy, worker)))
        .returning({ id: jobs.id });
      return out.length > 0;
    },

    async finish(
      workspaceId: string,
      id: string,
      worker: string,
      patch: {
        status: JobStatus;
        finishedAt?: Date | null;
        runAt?: Date;
        lastError?: string | null;
        attempts?: number;
      },
    ): Promise<void> {
      await database
        .q()
        .update(jobs)
        .set({ ...patch, lockedBy: null, lockedUntil: null })
        .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, id), eq(jobs.lockedBy, worker)));
    },
  };
}
export type JobsRepo = ReturnType<typeof createJobsRepo>;
