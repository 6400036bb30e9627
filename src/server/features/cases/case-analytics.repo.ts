import { type SQL, sql } from 'drizzle-orm';
import type { SilentSignalKind } from '../../../shared/contracts/case-analytics.js';
import type { CaseChannel, CaseType, SlaTargetKind } from '../../../shared/contracts/cases.js';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';
import { PRIOR_DAYS, RECENT_DAYS } from './core/recovery-stats.js';

/**
 * The recovery analytics and the silent-dissatisfaction list, counted in the database: every
 * query aggregates (or pages) there, so no request loads the workspace's cases into memory.
 * Reads cases, orders, touch points and customers; writes nothing.
 */

/** A half-open span of time: [start, end). */
export interface Span {
  start: Date;
  end: Date;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** A purchase, as the relationship and value features count them: completed, with a positive total. */
const PURCHASE = sql`o.deleted_at is null and o.status = 'completed' and o.total_minor > 0`;

export interface CaseFigures {
  firstContact: { measured: number; medianSeconds: number | null; p90Seconds: number | null };
  resolution: { measured: number; medianSeconds: number | null; p90Seconds: number | null };
  csat: { requested: number; answered: number; average: number | null; byScore: number[] };
  suggestions: { opened: number; answered: number };
}

export interface RepurchaseCounts {
  fast: { customers: number; repurchased: number };
  slow: { customers: number; repurchased: number };
  awaitingWindow: number;
}

export interface SilentRow {
  customerId: string;
  name: string;
  latestSignalAt: Date;
  signalCount: number;
  last90Days: number;
  prior12Months: number;
  lastOrderAt: Date | null;
}

export interface SignalRow {
  customerId: string;
  kind: SilentSignalKind;
  at: Date;
  source: 'touchpoint' | 'order' | 'case';
  sourceId: string;
  label: string;
  satisfaction: number | null;
}

export function createCaseAnalyticsRepo(database: Database) {
  const exec = async (q: SQL) => rowsOf(await database.q().execute(q));
  /** Live cases of the workspace opened in the span, as `c`. */
  const openedIn = (ws: string, span: Span) => sql`c.workspace_id = ${ws} and c.deleted_at is null
    and c.opened_at >= ${ts(span.start)} and c.opened_at < ${ts(span.end)}`;
  const opened = (ws: string, span: Span) => sql`cases c where ${openedIn(ws, span)}`;

  /**
   * The negative signals of the `days` before `now`: touch points rated 1–2 or marked with a
   * negative sentiment (reviews and social mentions), returned or refunded orders, and cases
   * with a negative sentiment (social mentions imported as cases). Complaint touch points are
   * left out: those customers complained.
   */
  const signals = (ws: string, now: Date, days: number) => {
    const since = sql`${ts(now)} - make_interval(days => ${days})`;
    return sql`
      select t.customer_id, t.occurred_at as at,
        case when t.type = 'review' then 'negative_review'
          when t.properties->>'sentiment' = 'negative' then 'negative_mention'
          else 'low_satisfaction' end as kind,
        'touchpoint' as source, t.id::text as source_id, t.type as label, t.satisfaction::int as satisfaction
      from touchpoints t
      where t.workspace_id = ${ws} and t.deleted_at is null and t.type <> 'complaint'
        and t.occurred_at > ${since} and t.occurred_at <= ${ts(now)}
        and (t.satisfaction <= 2 or t.properties->>'sentiment' = 'negative')
      union all
      select o.customer_id, o.occurred_at, 'return', 'order', o.id::text, o.status, null
      from orders o
      where o.workspace_id = ${ws} and o.deleted_at is null
        and o.occurred_at > ${since} and o.occurred_at <= ${ts(now)}
        and (o.status = 'refunded' or o.total_minor < 0)
      union all
      select c.customer_id, c.opened_at, 'negative_mention', 'case', c.id::text, c.reference, null
      from cases c
      where c.workspace_id = ${ws} and c.deleted_at is null and c.sentiment = 'negative'
        and c.opened_at > ${since} and c.opened_at <= ${ts(now)}`;
  };

  return {
    /** Cases opened in the span, by type and channel. */
    async countsByTypeAndChannel(
      ws: string,
      span: Span,
    ): Promise<{ type: CaseType; channel: CaseChannel; count: number }[]> {
      const rows = await exec(sql`
        select c.type, c.channel, count(*)::int as n from ${opened(ws, span)} group by 1, 2`);
      return rows.map((r) => ({
        type: r['type'] as CaseType,
        channel: r['channel'] as CaseChannel,
        count: num(r['n']),
      }));
    },

    /**
     * Orders placed in the span: live, not cancelled, and not a return (a negative total).
     * The denominator of the complaint rate.
     */
    async ordersPlaced(ws: string, span: Span): Promise<number> {
      const [row] = await exec(sql`
        select count(*)::int as n from orders o
        where o.workspace_id = ${ws} and o.deleted_at is null and o.status <> 'cancelled'
          and o.total_minor >= 0 and o.occurred_at >= ${ts(span.start)} and o.occurred_at < ${ts(span.end)}`);
      return num(row?.['n']);
    },

    /**
     * Over the cases opened in the span: time to first contact and to resolution (median and
     * 90th percentile, `percentile_cont`, in seconds), the satisfaction follow-ups asked and
     * answered with the scores, and suggestions opened and answered (the customer told).
     */
    async caseFigures(ws: string, span: Span): Promise<CaseFigures> {
      const first = sql`greatest(0, extract(epoch from (c.first_responded_at - c.opened_at)))`;
      const resolved = sql`greatest(0, extract(epoch from (c.resolved_at - c.opened_at)))`;
      const answered = sql`c.csat_answered_at is not null and c.csat_score between 1 and 5`;
      const [r = {}] = await exec(sql`
        select
          (count(*) filter (where c.first_responded_at is not null))::int as first_n,
          (percentile_cont(0.5) within group (order by ${first}) filter (where c.first_responded_at is not null))::float8 as first_p50,
          (percentile_cont(0.9) within group (order by ${first}) filter (where c.first_responded_at is not null))::float8 as first_p90,
          (count(*) filter (where c.resolved_at is not null))::int as res_n,
          (percentile_cont(0.5) within group (order by ${resolved}) filter (where c.resolved_at is not null))::float8 as res_p50,
          (percentile_cont(0.9) within group (order by ${resolved}) filter (where c.resolved_at is not null))::float8 as res_p90,
          (count(*) filter (where c.csat_requested_at is not null))::int as csat_requested,
          (count(*) filter (where ${answered}))::int as csat_answered,
          (avg(c.csat_score) filter (where ${answered}))::float8 as csat_avg,
          ${sql.join(
            [1, 2, 3, 4, 5].map(
              (s) =>
                sql`(count(*) filter (where ${answered} and c.csat_score = ${s}))::int as ${sql.raw(`csat_${s}`)}`,
            ),
            sql`, `,
          )},
          (count(*) filter (where c.type = 'suggestion'))::int as sugg_n,
          (count(*) filter (where c.type = 'suggestion' and c.customer_told_at is not null))::int as sugg_told
        from ${opened(ws, span)}`);
      return {
        firstContact: {
          measured: num(r['first_n']),
          medianSeconds: numOrNull(r['first_p50']),
          p90Seconds: numOrNull(r['first_p90']),
        },
        resolution: {
          measured: num(r['res_n']),
          medianSeconds: numOrNull(r['res_p50']),
          p90Seconds: numOrNull(r['res_p90']),
        },
        csat: {
          requested: num(r['csat_requested']),
          answered: num(r['csat_answered']),
          average: numOrNull(r['csat_avg']),
          byScore: [1, 2, 3, 4, 5].map((s) => num(r[`csat_${s}`])),
        },
        suggestions: { opened: num(r['sugg_n']), answered: num(r['sugg_told']) },
      };
    },

    /**
     * The stopped SLA targets of the cases opened in the span, met or missed, per target kind,
     * from each case's stored SLA (`case_slas.targets`, as last evaluated: `[kind, minutes, state, …]`).
     */
    async slaOutcomes(
      ws: string,
      span: Span,
    ): Promise<{ kind: SlaTargetKind; met: number; missed: number }[]> {
      const rows = await exec(sql`
        select t->>0 as kind,
          (count(*) filter (where t->>2 = 'met'))::int as met,
          (count(*) filter (where t->>2 = 'missed'))::int as missed
        from cases c
        join case_slas s on s.workspace_id = c.workspace_id and s.case_id = c.id
        cross join lateral jsonb_array_elements(s.targets) as t
        where ${openedIn(ws, span)} and t->>2 in ('met', 'missed')
        group by 1`);
      return rows.map((r) => ({
        kind: r['kind'] as SlaTargetKind,
        met: num(r['met']),
        missed: num(r['missed']),
      }));
    },

    /**
     * Buying again after a complaint: each customer's first complaint opened in the span that is
     * resolved and whose window (`windowDays` after resolution) has ended by `now`, split by
     * whether it was resolved within `fastSeconds` of opening, and whether the customer made a
     * purchase within the window. Customers whose window is still running are counted apart.
     */
    async repurchase(
      ws: string,
      span: Span,
      opts: { now: Date; windowDays: number; fastSeconds: number },
    ): Promise<RepurchaseCounts> {
      const window = sql`make_interval(days => ${opts.windowDays})`;
      const rows = await exec(sql`
        with resolved as (
          select c.id, c.customer_id, c.opened_at, c.resolved_at,
            c.resolved_at + ${window} <= ${ts(opts.now)} as window_ended
          from ${opened(ws, span)} and c.type = 'complaint' and c.resolved_at is not null
        ),
        firsts as (
          select distinct on (r.customer_id) r.customer_id, r.opened_at, r.resolved_at
          from resolved r where r.window_ended
          order by r.customer_id, r.opened_at, r.id
        )
        select
          count(*) filter (where extract(epoch from (f.resolved_at - f.opened_at)) <= ${opts.fastSeconds})::int as customers,
          count(*) filter (where extract(epoch from (f.resolved_at - f.opened_at)) <= ${opts.fastSeconds} and b.bought)::int as repurchased,
          count(*) filter (where extract(epoch from (f.resolved_at - f.opened_at)) > ${opts.fastSeconds})::int as slow_customers,
          count(*) filter (where extract(epoch from (f.resolved_at - f.opened_at)) > ${opts.fastSeconds} and b.bought)::int as slow_repurchased,
          (select count(distinct r.customer_id)::int from resolved r
            where not r.window_ended and r.customer_id not in (select customer_id from firsts)) as awaiting
        from firsts f
        cross join lateral (
          select exists (
            select 1 from orders o
            where o.workspace_id = ${ws} and o.customer_id = f.customer_id and ${PURCHASE}
              and o.occurred_at > f.resolved_at and o.occurred_at <= f.resolved_at + ${window}
          ) as bought
        ) b`);
      const r = rows[0] ?? {};
      return {
        fast: { customers: num(r['customers']), repurchased: num(r['repurchased']) },
        slow: { customers: num(r['slow_customers']), repurchased: num(r['slow_repurchased']) },
        awaitingWindow: num(r['awaiting']),
      };
    },

    /**
     * One page of the silent-dissatisfaction list as of `now`, latest signal first: customers
     * with a negative signal in the last `signalDays`, at least two purchases in the 12 months
     * before the last 90 days and fewer than half that rate in the last 90 days, who never
     * complained — no live complaint case other than an imported social mention (a case with a
     * sentiment), and no complaint touch point. `after` is the last row of the previous page.
     */
    async silentPage(
      ws: string,
      opts: {
        now: Date;
        signalDays: number;
        minPriorOrders: number;
        after: { at: Date; customerId: string } | null;
        limit: number;
      },
    ): Promise<SilentRow[]> {
      const now = ts(opts.now);
      const recentFrom = sql`${now} - make_interval(days => ${RECENT_DAYS})`;
      const priorFrom = sql`${now} - make_interval(days => ${RECENT_DAYS + PRIOR_DAYS})`;
      const after = opts.after
        ? sql`and (f.latest, f.customer_id) < (${ts(opts.after.at)}, ${opts.after.customerId}::uuid)`
        : sql``;
      const rows = await exec(sql`
        with signals as (${signals(ws, opts.now, opts.signalDays)}),
        flagged as (
          select s.customer_id, max(s.at) as latest, count(*)::int as n from signals s group by 1
        ),
        purchases as (
          select o.customer_id,
            (count(*) filter (where o.occurred_at > ${recentFrom} and o.occurred_at <= ${now}))::int as recent,
            (count(*) filter (where o.occurred_at > ${priorFrom} and o.occurred_at <= ${recentFrom}))::int as prior,
            max(o.occurred_at) filter (where o.occurred_at <= ${now}) as last_order_at
          from orders o join flagged f on f.customer_id = o.customer_id
          where o.workspace_id = ${ws} and ${PURCHASE}
          group by 1
        )
        select f.customer_id, cu.full_name, f.latest, f.n, p.recent, p.prior, p.last_order_at
        from flagged f
        join purchases p on p.customer_id = f.customer_id
        join customers cu on cu.workspace_id = ${ws} and cu.id = f.customer_id
          and cu.deleted_at is null and cu.merged_into_id is null
        where p.prior >= ${opts.minPriorOrders}
          -- recent < (prior × 90 / 365) / 2, in whole numbers
          and p.recent * ${2 * PRIOR_DAYS} < p.prior * ${RECENT_DAYS}
          and not exists (select 1 from cases k where k.workspace_id = ${ws} and k.customer_id = f.customer_id
            and k.type = 'complaint' and k.deleted_at is null and k.sentiment is null)
          and not exists (select 1 from touchpoints k where k.workspace_id = ${ws}
            and k.customer_id = f.customer_id and k.type = 'complaint' and k.deleted_at is null)
          ${after}
        order by f.latest desc, f.customer_id desc
        limit ${opts.limit}`);
      return rows.map((r) => ({
        customerId: String(r['customer_id']),
        name: String(r['full_name'] ?? ''),
        latestSignalAt: date(r['latest']),
        signalCount: num(r['n']),
        last90Days: num(r['recent']),
        prior12Months: num(r['prior']),
        lastOrderAt: r['last_order_at'] == null ? null : date(r['last_order_at']),
      }));
    },

    /** The most recent `perCustomer` signals of each customer given, newest first. */
    async signalsOf(
      ws: string,
      customerIds: readonly string[],
      opts: { now: Date; signalDays: number; perCustomer: number },
    ): Promise<SignalRow[]> {
      if (!customerIds.length) return [];
      const ids = sql.join(
        customerIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      );
      const rows = await exec(sql`
        select * from (
          select s.*, row_number() over (partition by s.customer_id order by s.at desc, s.source_id desc) as rn
          from (${signals(ws, opts.now, opts.signalDays)}) s
          where s.customer_id in (${ids})
        ) x where x.rn <= ${opts.perCustomer}
        order by x.customer_id, x.at desc, x.source_id desc`);
      return rows.map((r) => ({
        customerId: String(r['customer_id']),
        kind: r['kind'] as SilentSignalKind,
        at: date(r['at']),
        source: r['source'] as SignalRow['source'],
        sourceId: String(r['source_id']),
        label: String(r['label']),
        satisfaction: numOrNull(r['satisfaction']),
      }));
    },
  };
}
export type CaseAnalyticsRepo = ReturnType<typeof createCaseAnalyticsRepo>;
