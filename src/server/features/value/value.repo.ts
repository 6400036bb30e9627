import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';
import { dayNumber, type PurchaseStats } from './core/portfolio.js';
import { customerValues, valueRuns } from './value.table.js';

export type ValueRunRow = typeof valueRuns.$inferSelect;
export type CustomerValueRow = typeof customerValues.$inferSelect;

const dayOf = (v: unknown) => dayNumber(v instanceof Date ? v.toISOString() : String(v));

/** Rows of customer_values a statement writes at once (one JSON parameter). */
const WRITE_CHUNK = 5_000;

export function createValueRepo(database: Database) {
  const exec = async (q: ReturnType<typeof sql>) => rowsOf(await database.q().execute(q));

  return {
    async insertRun(row: typeof valueRuns.$inferInsert): Promise<ValueRunRow> {
      const [created] = await database.q().insert(valueRuns).values(row).returning();
      return created!;
    },

    async updateRun(workspaceId: string, id: string, patch: Partial<typeof valueRuns.$inferInsert>) {
      const [row] = await database
        .q()
        .update(valueRuns)
        .set(patch)
        .where(and(eq(valueRuns.workspaceId, workspaceId), eq(valueRuns.id, id)))
        .returning();
      return row;
    },

    async findRun(workspaceId: string, id: string): Promise<ValueRunRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(valueRuns)
        .where(and(eq(valueRuns.workspaceId, workspaceId), eq(valueRuns.id, id)));
      return row;
    },

    listRuns(workspaceId: string, limit: number): Promise<ValueRunRow[]> {
      return database
        .q()
        .select()
        .from(valueRuns)
        .where(eq(valueRuns.workspaceId, workspaceId))
        .orderBy(desc(valueRuns.requestedAt), desc(valueRuns.id))
        .limit(limit);
    },

    /** The newest run that finished: the one whose results the app shows. */
    async currentRun(workspaceId: string): Promise<ValueRunRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(valueRuns)
        .where(and(eq(valueRuns.workspaceId, workspaceId), eq(valueRuns.status, 'succeeded')))
        // Ids are time-ordered (UUID v7): two runs finished at the same instant (a fixed clock,
        // or the same millisecond) still have one latest.
        .orderBy(desc(valueRuns.finishedAt), desc(valueRuns.id))
        .limit(1);
      return row;
    },

    /** A run waiting or in progress, if any (one at a time per workspace). */
    async activeRun(workspaceId: string): Promise<ValueRunRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(valueRuns)
        .where(and(eq(valueRuns.workspaceId, workspaceId), sql`${valueRuns.status} in ('queued', 'running')`))
        .limit(1);
      return row;
    },

    /**
     * Purchase statistics of every customer with a completed order in `currency` up to the end
     * of `asOf` (workspace-local calendar days in `timeZone`), split at `calibrationEnd`, plus
     * the cohort's repeat purchases per day (customers who first bought by calibration end):
     * one pass over the orders with two grouping sets. Read in pages of customers.
     */
    async purchaseStats(
      workspaceId: string,
      opts: {
        currency: string;
        timeZone: string;
        asOf: string;
        calibrationEnd: string;
        excludeGiftOrders: boolean;
        pageSize: number;
        onPage: (rows: PurchaseStats[]) => Promise<void> | void;
      },
    ): Promise<{ repeatsByDay: Map<number, number>; orders: number }> {
      return database.tx(async () => {
        // Sorting and hashing millions of order days in memory instead of on disk.
        await exec(sql`select set_config('work_mem', '256MB', true)`);
        const gift = opts.excludeGiftOrders
          ? sql`and not (exists (select 1 from order_lines l where l.workspace_id = o.workspace_id and l.order_id = o.id and l.is_gift)
                and not exists (select 1 from order_lines l where l.workspace_id = o.workspace_id and l.order_id = o.id and not l.is_gift))`
          : sql``;
        await exec(sql`drop table if exists value_stats`);
        await exec(sql`
          create temp table value_stats on commit drop as
          with d as (
            select o.customer_id, (o.occurred_at at time zone ${opts.timeZone})::date as day,
                   sum(o.total_minor)::bigint as amount, count(*)::int as n
            from orders o
            where o.workspace_id = ${workspaceId} and o.deleted_at is null and o.status = 'completed'
              and o.currency = ${opts.currency}
              -- A return or credit note (a total of zero or less) is not a purchase.
              and o.total_minor > 0
              and (o.occurred_at at time zone ${opts.timeZone})::date <= ${opts.asOf}::date
              ${gift}
            group by 1, 2
          ), f as (
            select customer_id, day, amount, n, min(day) over (partition by customer_id) as first_day from d
          )
          select customer_id, first_day, day as repeat_day,
                 count(*)::int as days, max(day) as last_day, sum(amount)::bigint as spend, sum(n)::int as orders,
                 coalesce(sum(amount) filter (where day > first_day), 0)::bigint as repeat_spend,
                 (count(*) filter (where day <= ${opts.calibrationEnd}::date))::int as days_cal,
                 max(day) filter (where day <= ${opts.calibrationEnd}::date) as last_cal_day,
                 coalesce(sum(amount) filter (where day > first_day and day <= ${opts.calibrationEnd}::date), 0)::bigint
                   as repeat_spend_cal,
                 (count(*) filter (where day > ${opts.calibrationEnd}::date))::int as days_holdout,
                 (count(*) filter (where day > first_day and first_day <= ${opts.calibrationEnd}::date))::int as cohort_repeats,
                 grouping(customer_id) as by_day
          from f
          group by grouping sets ((customer_id, first_day), (day))`);
        const byDay = await exec(sql`
          select repeat_day, cohort_repeats from value_stats where by_day = 1 and cohort_repeats > 0`);
        const repeatsByDay = new Map(byDay.map((r) => [dayOf(r.repeat_day), Number(r.cohort_repeats)]));
        const [total] = await exec(
          sql`select coalesce(sum(orders), 0)::bigint as n from value_stats where by_day = 0`,
        );
        await exec(sql`create index on value_stats (customer_id) where by_day = 0`);
        let after: string | null = null;
        for (;;) {
          const page: Record<string, unknown>[] = await exec(sql`
            select customer_id, first_day, last_day, days, spend, repeat_spend, days_cal, last_cal_day,
                   repeat_spend_cal, days_holdout
            from value_stats
            where by_day = 0 ${after ? sql`and customer_id > ${after}::uuid` : sql``}
            order by customer_id
            limit ${opts.pageSize}`);
          if (!page.length) break;
          await opts.onPage(
            page.map((r) => ({
              customerId: String(r.customer_id),
              firstDay: dayOf(r.first_day),
              lastDay: dayOf(r.last_day),
              days: Number(r.days),
              spendMinor: Number(r.spend),
              repeatSpendMinor: Number(r.repeat_spend),
              daysCal: Number(r.days_cal),
              lastCalDay: r.last_cal_day === null ? null : dayOf(r.last_cal_day),
              repeatSpendCalMinor: Number(r.repeat_spend_cal),
              daysHoldout: Number(r.days_holdout),
            })),
          );
          after = String(page[page.length - 1]!.customer_id);
          if (page.length < opts.pageSize) break;
        }
        return { repeatsByDay, orders: Number(total?.n ?? 0) };
      });
    },

    /** Writes a run's per-customer results; a retried run first removes what an earlier attempt wrote. */
    async clearResults(workspaceId: string, runId: string): Promise<void> {
      await database
        .q()
        .delete(customerValues)
        .where(and(eq(customerValues.workspaceId, workspaceId), eq(customerValues.runId, runId)));
    },

    async insertResults(rows: readonly CustomerValueRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
        const chunk = rows.slice(i, i + WRITE_CHUNK).map((r) => ({
          w: r.workspaceId,
          run: r.runId,
          c: r.customerId,
          rd: r.recencyDays,
          o: r.orders,
          s: r.spendMinor,
          r: r.rfmR,
          f: r.rfmF,
          m: r.rfmM,
          seg: r.rfmSegment,
          x: r.frequency,
          tx: r.recency,
          t: r.age,
          pa: r.pAlive,
          e3: r.expectedPurchases3m,
          e12: r.expectedPurchases12m,
          es: r.expectedSpendMinor,
          clv: r.clvMinor,
          h: r.heuristicClvMinor,
          tier: r.tier,
        }));
        await exec(sql`
          insert into customer_values (workspace_id, run_id, customer_id, recency_days, orders, spend_minor, rfm_r, rfm_f,
            rfm_m, rfm_segment, frequency, recency, age, p_alive, expected_purchases_3m, expected_purchases_12m,
            expected_spend_minor, clv_minor, heuristic_clv_minor, tier)
          select w, run, c, rd, o, s, r, f, m, seg, x, tx, t, pa, e3, e12, es, clv, h, tier
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(w uuid, run uuid, c uuid, rd int, o int, s bigint,
            r smallint, f smallint, m smallint, seg text, x int, tx float8, t float8, pa float8, e3 float8, e12 float8,
            es bigint, clv bigint, h bigint, tier text)`);
      }
    },

    /** Keeps the per-customer rows of the newest `keep` finished runs; older runs keep their summary. */
    async pruneResults(workspaceId: string, keep: number): Promise<void> {
      await exec(sql`
        delete from customer_values v
        where v.workspace_id = ${workspaceId}
          and v.run_id in (
            select id from value_runs
            where workspace_id = ${workspaceId} and status = 'succeeded'
            order by finished_at desc offset ${keep})`);
    },

    findResult(
      workspaceId: string,
      runId: string,
      customerId: string,
    ): Promise<CustomerValueRow | undefined> {
      return database
        .q()
        .select()
        .from(customerValues)
        .where(
          and(
            eq(customerValues.workspaceId, workspaceId),
            eq(customerValues.runId, runId),
            eq(customerValues.customerId, customerId),
          ),
        )
        .then((rows) => rows[0]);
    },

    /** A customer's results across the kept runs, oldest first. */
    async history(workspaceId: string, customerId: string) {
      const rows = await exec(sql`
        select v.run_id, r.finished_at, v.p_alive, v.clv_minor, v.expected_purchases_12m
        from customer_values v
        join value_runs r on r.workspace_id = v.workspace_id and r.id = v.run_id
        where v.workspace_id = ${workspaceId} and v.customer_id = ${customerId} and r.status = 'succeeded'
        order by r.finished_at`);
      return rows.map((r) => ({
        runId: String(r.run_id),
        computedAt: new Date(String(r.finished_at)),
        pAlive: Number(r.p_alive),
        clvMinor: Number(r.clv_minor),
        expectedPurchases12m: Number(r.expected_purchases_12m),
      }));
    },

    /** The dashboard's aggregates of one run, each one statement. */
    async dashboard(workspaceId: string, runId: string, clvBuckets: number) {
      const where = sql`workspace_id = ${workspaceId} and run_id = ${runId}`;
      const tiers = await exec(sql`
        select tier, count(*)::int as n, coalesce(sum(clv_minor), 0)::float8 as clv, min(clv_minor)::float8 as min_clv
        from customer_values where ${where} group by tier`);
      const [range] = await exec(sql`
        select min(clv_minor)::float8 as lo, percentile_cont(0.99) within group (order by clv_minor)::float8 as hi,
               count(*)::int as n, coalesce(sum(clv_minor), 0)::float8 as clv,
               coalesce(sum(heuristic_clv_minor), 0)::float8 as heuristic,
               coalesce(sum(expected_purchases_12m), 0)::float8 as e12
        from customer_values where ${where}`);
      const lo = Number(range?.lo ?? 0);
      const hi = Math.max(Number(range?.hi ?? 0), lo + 1);
      const width = (hi - lo) / clvBuckets;
      const histogram = await exec(sql`
        select least(floor((clv_minor - ${lo}::float8) / ${width}::float8), ${clvBuckets - 1}::int)::int as b, count(*)::int as n
        from customer_values where ${where} group by 1 order by 1`);
      const grid = await exec(sql`
        select rfm_r as r, round((rfm_f + rfm_m) / 2.0)::int as fm, rfm_segment as segment, count(*)::int as n
        from customer_values where ${where} group by 1, 2, 3 order by 1, 2`);
      const segments = await exec(sql`
        select rfm_segment as segment, count(*)::int as n, coalesce(sum(clv_minor), 0)::float8 as clv
        from customer_values where ${where} group by 1 order by 2 desc`);
      const alive = await exec(sql`
        select least(floor(p_alive * 10), 9)::int as b, count(*)::int as n
        from customer_values where ${where} group by 1 order by 1`);
      return { tiers, range, lo, width, histogram, grid, segments, alive };
    },
  };
}
export type ValueRepo = ReturnType<typeof createValueRepo>;
