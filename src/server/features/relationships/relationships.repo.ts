import { and, desc, eq, fillPlaceholders, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { LifecycleStage, RelationshipType } from '../../../shared/contracts/relationships.js';
import type { ValueTier } from '../../../shared/contracts/value.js';
import type { Database } from '../../db/client.js';
import { type ArrayItem, pgArray, rowsOf } from '../../db/raw.js';
import type { CustomerFacts } from './core/features.js';
import {
  letGoDecisions,
  policyDecisions,
  relationshipClassifierConfigs,
  relationshipOverrides,
  relationshipProfiles,
  relationshipRuns,
  relationshipStageEpisodes,
  relationshipSurveyLinks,
  relationshipSurveyResponses,
} from './relationships.table.js';

export type RelationshipProfileRow = typeof relationshipProfiles.$inferSelect;
export type RelationshipRunRow = typeof relationshipRuns.$inferSelect;
export type SurveyResponseRow = typeof relationshipSurveyResponses.$inferSelect;
export type OverrideRow = typeof relationshipOverrides.$inferSelect;
export type PolicyDecisionRow = typeof policyDecisions.$inferSelect;
export type SurveyLinkRow = typeof relationshipSurveyLinks.$inferSelect;
export type LetGoRow = typeof letGoDecisions.$inferSelect;

/** What the recompute reads of one customer besides the facts. */
export interface CustomerState extends CustomerFacts {
  pAlive: number | null;
  clvMinor: number | null;
  valueTier: ValueTier | null;
  /** The latest survey answer. */
  survey: {
    sentence: RelationshipType;
    brq: Record<string, number>;
    anxiety: number | null;
    avoidance: number | null;
  } | null;
  /** The open stage episode. */
  episode: { stage: LifecycleStage; startedOn: string } | null;
}

/** Rows a write statement carries at once. */
const WRITE_CHUNK = 5_000;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown) => v === true || v === 't' || v === 'true';
const isoDay = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

type Row = Record<string, unknown>;
type Exec = (q: SQL) => Promise<Row[]>;

/** The policy check's facts from their row (both fact statements share these columns). */
function baseFacts(r: Row) {
  const consent = r.consent;
  const contacts = (typeof r.contacts === 'string' ? JSON.parse(r.contacts) : r.contacts) as string[];
  return {
    prefersHuman: bool(r.human),
    marketingConsent: consent === true || consent === false ? consent : null,
    inferredType: (r.inferred ?? null) as RelationshipType | null,
    overrideType: (r.override ?? null) as RelationshipType | null,
    stage: (r.stage ?? null) as LifecycleStage | null,
    openComplaints: Number(r.open_complaints ?? 0),
    recentContacts: contacts.map((d) => new Date(d)),
  };
}
const inParallel = (tasks: (() => Promise<Row[]>)[]) => Promise.all(tasks.map((t) => t()));
/** `exec`, one statement at a time (a connection runs one at a time; pg warns when asked for more). */
function inOrder(exec: Exec): Exec {
  let tail: Promise<unknown> = Promise.resolve();
  return (q) => {
    const out = tail.then(() => exec(q));
    tail = out.catch(() => {});
    return out;
  };
}

interface Session {
  run: Exec;
  transaction(fn: () => Promise<void>): Promise<void>;
  release(err?: Error | boolean): void;
}

/** The sources of a customer's facts that are aggregated over every order and touch point. */
const FACT_SOURCES = ['orders', 'promoted', 'gifts', 'touchpoints'] as const;
type FactSource = (typeof FACT_SOURCES)[number];

/**
 * One grouped statement per fact source (a row per customer, `id` first) for the customers
 * `scope` selects: a page's id range, or every customer (`true`) when a recompute stages them.
 */
function factStatements(
  workspaceId: string,
  at: SQL,
  scope: (column: string) => SQL,
): Record<FactSource, SQL> {
  /** What each touch-point count counts (the mean satisfaction is over the rated ones). */
  const touch = {
    offer_views: sql`(t.type = 'web_visit' and t.properties->>'path' like '/offers%')
      or (t.type = 'app_session' and t.properties->>'screen' = 'offers')`,
    engaged: sql`t.type in ('suggestion', 'referral') or (t.type = 'review' and t.satisfaction >= 4)`,
    open_c: sql`t.type = 'complaint' and not (t.properties ? 'resolved')
      and t.occurred_at > ${at} - interval '90 days'`,
    recovered: sql`t.type = 'complaint' and t.properties->>'resolved' = 'true'`,
    rated: sql`t.satisfaction is not null and t.type <> 'complaint'`,
    service_calls: sql`t.type = 'call' and t.properties->>'direction' = 'inbound'
      and coalesce(t.properties->>'reason', '') <> 'booking'`,
    negative: sql`(t.type = 'review' and t.satisfaction <= 2)
      or (t.type = 'social_mention' and t.properties->>'sentiment' = 'negative')`,
  };
  const orders = sql`orders o where o.workspace_id = ${workspaceId} and ${scope('o.customer_id')}
    and o.deleted_at is null and o.status = 'completed' and o.total_minor > 0 and o.occurred_at <= ${at}`;
  return {
    orders: sql`
      select o.customer_id as id, count(*)::int as n,
        extract(epoch from (${at} - min(o.occurred_at))) / 86400 as first_ago,
        extract(epoch from (${at} - max(o.occurred_at))) / 86400 as last_ago,
        (count(*) filter (where o.occurred_at > ${at} - interval '180 days'))::int as last180,
        (count(*) filter (where o.occurred_at <= ${at} - interval '180 days'
          and o.occurred_at > ${at} - interval '360 days'))::int as prev180,
        count(distinct o.location)::int as locs, count(distinct o.channel)::int as chans
      from ${orders} group by 1`,
    // Orders with an e-mail click in the 7 days before (campaign-driven).
    promoted: sql`
      select o.customer_id as id, count(distinct o.id)::int as n
      from ${orders} and exists (select 1 from touchpoints k
        where k.workspace_id = ${workspaceId} and k.customer_id = o.customer_id and k.type = 'email_click'
          and k.deleted_at is null and k.occurred_at <= o.occurred_at
          and k.occurred_at > o.occurred_at - interval '7 days')
      group by 1`,
    gifts: sql`
      select o.customer_id as id, count(distinct o.id)::int as n
      from ${orders} and exists (select 1 from order_lines l
        where l.workspace_id = ${workspaceId} and l.order_id = o.id and l.is_gift)
      group by 1`,
    touchpoints: sql`
      select t.customer_id as id,
        (count(*) filter (where ${touch.offer_views}))::int as offer_views,
        (count(*) filter (where ${touch.engaged}))::int as engaged,
        (count(*) filter (where ${touch.open_c}))::int as open_c,
        (count(*) filter (where ${touch.recovered}))::int as recovered,
        (count(*) filter (where ${touch.rated}))::int as rated,
        (avg(t.satisfaction) filter (where ${touch.rated}))::float8 as mean_sat,
        (count(*) filter (where ${touch.service_calls}))::int as service_calls,
        (count(*) filter (where ${touch.negative}))::int as negative
      from touchpoints t
      where t.workspace_id = ${workspaceId} and ${scope('t.customer_id')}
        and t.deleted_at is null and t.occurred_at <= ${at}
        -- Only touch points some count above counts (most are visits, opens and stays).
        and (${sql.join(
          Object.values(touch).map((c) => sql`(${c})`),
          sql` or `,
        )})
      group by 1`,
  };
}

/**
 * Reads one page: the page's customers, the fact sources for its id range (from `facts`), and
 * the small per-customer sources (cases, survey answers, open episodes, value results), merged
 * by customer.
 */
async function readPage(
  exec: Exec,
  all: (tasks: (() => Promise<Row[]>)[]) => Promise<Row[][]>,
  workspaceId: string,
  opts: { asOf: Date; afterId: string | null; limit: number; valueRunId: string | null; customerId?: string },
  facts: (scope: (column: string) => SQL) => (() => Promise<Row[]>)[],
): Promise<CustomerState[]> {
  const at = sql`${opts.asOf.toISOString()}::timestamptz`;
  const customers = await exec(sql`
    select id, prefers_human_service as human, attributes->'marketingConsent' as consent,
      attributes->'socialSharing' as social, attributes->>'bookedBy' as booked_by,
      attributes->>'acquisitionSource' as acquisition, attributes->'familyAccount' as family,
      case when attributes->>'customerSince' ~ '^\\d{4}-\\d{2}-\\d{2}'
        then extract(epoch from (${at} - (substr(attributes->>'customerSince', 1, 10))::date::timestamptz)) / 86400
      end as since_ago
    from customers
    where workspace_id = ${workspaceId} and deleted_at is null and merged_into_id is null
      ${opts.afterId ? sql`and id > ${opts.afterId}::uuid` : sql``}
      ${opts.customerId ? sql`and id = ${opts.customerId}::uuid` : sql``}
    order by id limit ${opts.limit}`);
  if (!customers.length) return [];
  const lo = String(customers[0]!.id);
  const hi = String(customers[customers.length - 1]!.id);
  const range = (column: string) => sql`${sql.raw(column)} between ${lo}::uuid and ${hi}::uuid`;
  const [orderAgg, promoted, gifts, touchAgg, caseAgg, surveys, episodes, values] = (await all([
    ...facts(range),
    () =>
      exec(sql`
      select k.customer_id as id,
        (count(*) filter (where k.type = 'complaint' and k.status not in ('resolved', 'closed')))::int as open_c,
        (count(*) filter (where k.type = 'complaint' and k.resolved_at is not null))::int as recovered,
        (count(*) filter (where k.type in ('suggestion', 'praise')))::int as engaged
      from cases k
      where k.workspace_id = ${workspaceId} and ${range('k.customer_id')} and k.deleted_at is null
        and k.opened_at <= ${at}
      group by 1`),
    () =>
      exec(sql`
      select distinct on (s.customer_id) s.customer_id as id, s.sentence, s.brq, s.anxiety, s.avoidance,
        count(*) over (partition by s.customer_id)::int as answers
      from relationship_survey_responses s
      where s.workspace_id = ${workspaceId} and ${range('s.customer_id')} and s.answered_at <= ${at}
      order by s.customer_id, s.version desc`),
    () =>
      exec(sql`
      select e.customer_id as id, e.stage, e.started_on
      from relationship_stage_episodes e
      where e.workspace_id = ${workspaceId} and ${range('e.customer_id')} and e.ended_on is null`),
    () =>
      opts.valueRunId
        ? exec(sql`
          select v.customer_id as id, v.p_alive, v.clv_minor, v.tier from customer_values v
          where v.workspace_id = ${workspaceId} and v.run_id = ${opts.valueRunId}::uuid
            and ${range('v.customer_id')}`)
        : Promise.resolve([]),
  ])) as [Row[], Row[], Row[], Row[], Row[], Row[], Row[], Row[]];
  const byId = (rows: Row[]) => new Map(rows.map((r) => [String(r.id), r]));
  const [o, pr, g, t, k, sv, ep, v] = [
    orderAgg,
    promoted,
    gifts,
    touchAgg,
    caseAgg,
    surveys,
    episodes,
    values,
  ].map(byId) as Map<string, Row>[] as [
    Map<string, Row>,
    Map<string, Row>,
    Map<string, Row>,
    Map<string, Row>,
    Map<string, Row>,
    Map<string, Row>,
    Map<string, Row>,
    Map<string, Row>,
  ];
  const none: Row = {};
  return customers.map((c) => {
    const id = String(c.id);
    const oa = o.get(id) ?? none;
    const ta = t.get(id) ?? none;
    const ca = k.get(id) ?? none;
    const s = sv.get(id);
    const e = ep.get(id);
    const val = v.get(id) ?? none;
    const consent = c.consent;
    return {
      customerId: id,
      orders: Number(oa.n ?? 0),
      firstOrderDaysAgo: num(oa.first_ago),
      lastOrderDaysAgo: num(oa.last_ago),
      ordersLast180: Number(oa.last180 ?? 0),
      ordersPrev180: Number(oa.prev180 ?? 0),
      locations: Number(oa.locs ?? 0),
      channels: Number(oa.chans ?? 0),
      promotedOrders: Number(pr.get(id)?.n ?? 0),
      giftOrders: Number(g.get(id)?.n ?? 0),
      offerViews: Number(ta.offer_views ?? 0),
      engagement: Number(ta.engaged ?? 0) + Number(ca.engaged ?? 0) + Number(s?.answers ?? 0),
      openComplaints: Number(ta.open_c ?? 0) + Number(ca.open_c ?? 0),
      recoveredComplaints: Number(ta.recovered ?? 0) + Number(ca.recovered ?? 0),
      rated: Number(ta.rated ?? 0),
      meanSatisfaction: num(ta.mean_sat),
      serviceCalls: Number(ta.service_calls ?? 0),
      negativeVoice: Number(ta.negative ?? 0),
      prefersHuman: bool(c.human),
      marketingConsent: consent === true || consent === false ? consent : null,
      noSocialSharing: c.social === false,
      bookedByThirdParty: typeof c.booked_by === 'string' && c.booked_by.trim() !== '',
      switchedFromCompetitor: c.acquisition === 'competitor_switch',
      familyAccount: c.family === true,
      customerSinceDaysAgo: num(c.since_ago),
      pAlive: num(val.p_alive),
      clvMinor: num(val.clv_minor),
      valueTier: (val.tier ?? null) as ValueTier | null,
      survey: s
        ? {
            sentence: s.sentence as RelationshipType,
            brq: (s.brq ?? {}) as Record<string, number>,
            anxiety: num(s.anxiety),
            avoidance: num(s.avoidance),
          }
        : null,
      episode: e ? { stage: e.stage as LifecycleStage, startedOn: isoDay(e.started_on) } : null,
    };
  });
}

/** The values of the policy facts statement, or placeholders for them. */
type FactValues = Record<'ws' | 'customer' | 'now' | 'since' | 'rulesKey', unknown>;
const FACT_PLACEHOLDERS: FactValues = {
  ws: sql.placeholder('ws'),
  customer: sql.placeholder('customer'),
  now: sql.placeholder('now'),
  since: sql.placeholder('since'),
  rulesKey: sql.placeholder('rulesKey'),
};

/**
 * One customer's facts for the policy check (`check`: with the workspace's saved rules under
 * `rulesKey`) or for the next actions (`next`: with orientation, value tier, suggestions not
 * yet answered and the last feedback, which read a customer's older touch points).
 */
function factsStatement(v: FactValues, variant: 'check' | 'next'): SQL {
  const at = sql`${v.now}::timestamptz`;
  return sql`
    select c.prefers_human_service as human, c.attributes->'marketingConsent' as consent,
      p.type as inferred, o.type as override, p.stage,
      (select count(*) from cases k where k.workspace_id = ${v.ws}::uuid and k.customer_id = c.id
        and k.deleted_at is null and k.type = 'complaint' and k.status not in ('resolved', 'closed'))::int
      + (select count(*) from touchpoints t where t.workspace_id = ${v.ws}::uuid and t.customer_id = c.id
        and t.type = 'complaint' and t.deleted_at is null and not (t.properties ? 'resolved')
        and t.occurred_at > ${at} - interval '90 days')::int as open_complaints,
      (select coalesce(json_agg(d.decided_at), '[]'::json) from policy_decisions d
        where d.workspace_id = ${v.ws}::uuid and d.customer_id = c.id and d.contact
        and d.decided_at >= ${v.since}::timestamptz
        and d.action->>'purpose' not in ('service', 'transactional')) as contacts,
      ${
        variant === 'check'
          ? sql`(select w.settings -> ${v.rulesKey}::text from workspaces w where w.id = ${v.ws}::uuid) as rules`
          : sql`p.orientation_score, p.value_tier,
      (select count(*) from cases k where k.workspace_id = ${v.ws}::uuid and k.customer_id = c.id
        and k.deleted_at is null and k.type = 'suggestion' and k.first_responded_at is null
        and k.status not in ('resolved', 'closed'))::int
      + (select count(*) from touchpoints t where t.workspace_id = ${v.ws}::uuid and t.customer_id = c.id
        and t.type = 'suggestion' and t.deleted_at is null and not (t.properties ? 'repliedAt')
        and t.occurred_at > ${at} - interval '60 days')::int as suggestions,
      (select extract(epoch from (${at} - max(t.occurred_at))) / 86400
        from touchpoints t where t.workspace_id = ${v.ws}::uuid and t.customer_id = c.id
        and t.type in ('review', 'feedback_survey') and t.deleted_at is null) as feedback_ago`
      }
    from customers c
    left join relationship_profiles p on p.workspace_id = c.workspace_id and p.customer_id = c.id
    left join relationship_overrides o on o.workspace_id = c.workspace_id and o.customer_id = c.id
    where c.workspace_id = ${v.ws}::uuid and c.id = ${v.customer}::uuid and c.deleted_at is null`;
}

const dialect = new PgDialect();
const PREPARED_FACTS = {
  check: dialect.sqlToQuery(factsStatement(FACT_PLACEHOLDERS, 'check')),
  next: dialect.sqlToQuery(factsStatement(FACT_PLACEHOLDERS, 'next')),
};

export function createRelationshipsRepo(database: Database) {
  const exec = async (q: ReturnType<typeof sql>) => rowsOf(await database.q().execute(q));
  /** The handle outside any transaction (`q()` answers the transaction's inside one). */
  const root = database.q();

  /**
   * One page of customers (id order, after `afterId`) with everything classification and
   * staging need, as of `asOf`: order, touch-point and case aggregates over the page's id
   * range, the current value run's P(alive) and CLV, the latest survey answer and the open
   * stage episode. Each source is its own grouped statement over an index range, merged here
   * by customer: as one statement, the planner (blind to the sizes of the CTEs) re-ran every
   * aggregate once per customer. A whole recompute reads through {@link openRecompute}.
   */
  async function customerStates(
    workspaceId: string,
    opts: {
      asOf: Date;
      afterId: string | null;
      limit: number;
      valueRunId: string | null;
      /** Only this customer (a survey answer or a first policy check reclassifies one). */
      customerId?: string;
    },
  ): Promise<CustomerState[]> {
    const facts = (scope: (column: string) => SQL) => {
      const statements = factStatements(workspaceId, sql`${opts.asOf.toISOString()}::timestamptz`, scope);
      return FACT_SOURCES.map((s) => () => exec(statements[s]));
    };
    return readPage(exec, inParallel, workspaceId, opts, facts);
  }

  /**
   * A connection of a recompute's own (temporary tables are the session's): a pool client on
   * PostgreSQL, the one embedded session on PGlite. Its statements run one after the other.
   */
  async function openSession(pool: Database['pool']): Promise<Session> {
    const client = pool ? await pool.connect() : null;
    const own = client ? drizzlePg(client) : null;
    const run = inOrder(async (q: SQL) => rowsOf(await (own ?? database.q()).execute(q)));
    return {
      run,
      async transaction(fn) {
        if (!client) return database.tx(fn);
        await run(sql`begin`);
        try {
          await fn();
          await run(sql`commit`);
        } catch (err) {
          await run(sql`rollback`).catch(() => {});
          throw err;
        }
      },
      release: (err) => client?.release(err),
    };
  }

  /**
   * One customer's facts for the check or the next actions ({@link factsStatement}). Outside a
   * transaction on PostgreSQL it runs as a prepared statement (planned once per connection, not
   * once per check); inside one (a case reply checks its reply) it must run on the
   * transaction's connection.
   */
  async function customerFacts(
    variant: 'check' | 'next',
    v: { ws: string; customer: string; now: Date; since: Date; rulesKey?: string },
  ): Promise<Row | undefined> {
    const values = {
      ...v,
      now: v.now.toISOString(),
      since: v.since.toISOString(),
      rulesKey: v.rulesKey ?? null,
    };
    if (database.pool && database.q() === root) {
      const prepared = PREPARED_FACTS[variant];
      const res = await database.pool.query({
        name: `relationships_${variant}_facts`,
        text: prepared.sql,
        values: fillPlaceholders(prepared.params, values),
      });
      return res.rows[0] as Row | undefined;
    }
    const [r] = await exec(factsStatement(values, variant));
    return r;
  }

  return {
    customerStates,

    /**
     * The read side of a recompute of every customer. The order and touch-point aggregates
     * are computed once for the whole workspace, each one pass over its table into a temporary
     * table sorted by customer, and pages (as {@link customerStates} reads them, and merged by
     * the same code) then take their range from those: a page's own index-range reads cost
     * a random heap visit per order and touch point, which for millions of them is minutes
     * on a server whose buffers do not hold the tables. Holds one connection (temporary tables
     * are the session's) until `close`; without a second connection for the writes (a pool of
     * one) it falls back to page-by-page reads.
     */
    async openRecompute(
      workspaceId: string,
      opts: { asOf: Date; valueRunId: string | null; runId: string },
    ): Promise<{
      page(afterId: string | null, limit: number): Promise<CustomerState[]>;
      close(): Promise<void>;
    }> {
      const pool = database.pool;
      const max = pool?.options.max ?? 1;
      if (pool && max < 2) {
        return {
          page: (afterId, limit) =>
            customerStates(workspaceId, { asOf: opts.asOf, afterId, limit, valueRunId: opts.valueRunId }),
          close: async () => {},
        };
      }
      // Two connections stage side by side (orders on one, touch points on the other) when the
      // pool still leaves two for the page writes; PGlite is one session.
      const sessions: Session[] = [];
      try {
        for (let i = 0; i < (pool && max >= 4 ? 2 : 1); i++) sessions.push(await openSession(pool));
      } catch (err) {
        for (const x of sessions) x.release();
        throw err;
      }
      const home = (s: FactSource) => sessions[s === 'orders' || s === 'gifts' ? 0 : sessions.length - 1]!;
      const tables = Object.fromEntries(
        FACT_SOURCES.map((s) => [s, sql.raw(`relationship_facts_${s}_${opts.runId.replaceAll('-', '')}`)]),
      ) as Record<FactSource, SQL>;
      const drop = async () => {
        for (const s of FACT_SOURCES) await home(s).run(sql`drop table if exists ${tables[s]}`);
      };
      const at = sql`${opts.asOf.toISOString()}::timestamptz`;
      const facts = factStatements(workspaceId, at, () => sql`true`);
      try {
        await Promise.all(
          sessions.map((session) =>
            session.transaction(async () => {
              // Sorting and hashing a million customers' rows in memory instead of on disk, and
              // reading each table in one pass: an ordered index scan (which the planner takes
              // to skip a sort) visits the heap at random, once per row.
              await session.run(sql`select set_config('work_mem', '256MB', true)`);
              await session.run(sql`select set_config('enable_indexscan', 'off', true)`);
              for (const s of FACT_SOURCES.filter((x) => home(x) === session)) {
                await session.run(
                  sql`create temporary table ${tables[s]} as select * from (${facts[s]}) f order by id`,
                );
                await session.run(sql`create index on ${tables[s]} (id)`);
                // Autovacuum never analyses temporary tables; the page reads need their size.
                await session.run(sql`analyze ${tables[s]}`);
              }
            }),
          ),
        );
      } catch (err) {
        await drop().catch(() => {});
        for (const x of sessions) x.release(true);
        throw err;
      }
      const local = sessions[sessions.length - 1]!;
      return {
        page: (afterId, limit) =>
          readPage(local.run, inParallel, workspaceId, { ...opts, afterId, limit }, (scope) =>
            FACT_SOURCES.map((s) => () => home(s).run(sql`select * from ${tables[s]} where ${scope('id')}`)),
          ),
        async close() {
          let broken: Error | undefined;
          await drop().catch((e: Error) => {
            broken = e;
          });
          for (const x of sessions) x.release(broken);
        },
      };
    },

    /** Upserts a page of profiles (the recompute rewrites every customer's row). */
    async upsertProfiles(rows: readonly RelationshipProfileRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
        const chunk = rows.slice(i, i + WRITE_CHUNK);
        const col = <T>(f: (r: RelationshipProfileRow) => T) => pgArray(chunk.map(f) as ArrayItem[]);
        // One array per column and one JSON array per jsonb column, instead of a JSON object per
        // row: PostgreSQL parses the scalars at a third of the cost.
        await exec(sql`
          insert into relationship_profiles (workspace_id, customer_id, run_id, type, runner_up, confidence,
            orientation_score, strength, signals, features, from_survey, config_version, stage, stage_since,
            p_alive, clv_minor, value_tier, computed_at)
          select w, c, run, t, ru, cf, os, st, ${JSON.stringify(chunk.map((r) => r.signals))}::jsonb -> (n::int - 1),
            ${JSON.stringify(chunk.map((r) => r.features))}::jsonb -> (n::int - 1), fs, cv, sa, ss, pa, clv, vt, at
          from unnest(${col((r) => r.workspaceId)}::uuid[], ${col((r) => r.customerId)}::uuid[],
            ${col((r) => r.runId)}::uuid[], ${col((r) => r.type)}::text[], ${col((r) => r.runnerUp)}::text[],
            ${col((r) => r.confidence)}::float8[], ${col((r) => r.orientationScore)}::float8[],
            ${col((r) => r.strength)}::float8[], ${col((r) => r.fromSurvey)}::smallint[],
            ${col((r) => r.configVersion)}::int[], ${col((r) => r.stage)}::text[], ${col((r) => r.stageSince)}::date[],
            ${col((r) => r.pAlive)}::float8[], ${col((r) => r.clvMinor)}::float8[], ${col((r) => r.valueTier)}::text[],
            ${col((r) => r.computedAt.toISOString())}::timestamptz[])
            with ordinality as v(w, c, run, t, ru, cf, os, st, fs, cv, sa, ss, pa, clv, vt, at, n)
          on conflict (workspace_id, customer_id) do update set
            run_id = excluded.run_id, type = excluded.type, runner_up = excluded.runner_up,
            confidence = excluded.confidence, orientation_score = excluded.orientation_score,
            strength = excluded.strength, signals = excluded.signals, features = excluded.features,
            from_survey = excluded.from_survey, config_version = excluded.config_version, stage = excluded.stage,
            stage_since = excluded.stage_since, p_alive = excluded.p_alive, clv_minor = excluded.clv_minor, value_tier = excluded.value_tier,
            computed_at = excluded.computed_at`);
      }
    },

    /**
     * Stage changes of a page: closes each customer's open episode on `day` and opens the new
     * one. A second change on the same day replaces that day's episode instead.
     */
    async changeStages(
      workspaceId: string,
      day: string,
      changes: readonly { customerId: string; stage: LifecycleStage }[],
    ): Promise<void> {
      for (let i = 0; i < changes.length; i += WRITE_CHUNK) {
        const chunk = changes.slice(i, i + WRITE_CHUNK);
        const ids = pgArray(chunk.map((c) => c.customerId));
        const stages = pgArray(chunk.map((c) => c.stage));
        // `= any` keeps this a probe of the key per customer whatever the table's statistics say
        // (as a join, a table analysed while empty was hashed whole for every chunk).
        await exec(sql`
          update relationship_stage_episodes e set ended_on = ${day}::date
          where e.workspace_id = ${workspaceId} and e.customer_id = any(${ids}::uuid[]) and e.ended_on is null
            and e.started_on < ${day}::date`);
        await exec(sql`
          insert into relationship_stage_episodes (workspace_id, customer_id, started_on, stage)
          select ${workspaceId}::uuid, c, ${day}::date, s from unnest(${ids}::uuid[], ${stages}::text[]) as v(c, s)
          on conflict (workspace_id, customer_id, started_on) do update set stage = excluded.stage, ended_on = null`);
      }
    },

    async episodes(workspaceId: string, customerId: string) {
      return database
        .q()
        .select()
        .from(relationshipStageEpisodes)
        .where(
          and(
            eq(relationshipStageEpisodes.workspaceId, workspaceId),
            eq(relationshipStageEpisodes.customerId, customerId),
          ),
        )
        .orderBy(relationshipStageEpisodes.startedOn);
    },

    /** Each customer's stage on two dates (episodes covering them), counted per pair. */
    async stageFlows(workspaceId: string, fromDay: string, toDay: string) {
      const rows = await exec(sql`
        select a.stage as from_stage, z.stage as to_stage, count(*)::int as n
        from relationship_stage_episodes a
        join relationship_stage_episodes z on z.workspace_id = a.workspace_id and z.customer_id = a.customer_id
          and z.started_on <= ${toDay}::date and (z.ended_on is null or z.ended_on > ${toDay}::date)
        where a.workspace_id = ${workspaceId}
          and a.started_on <= ${fromDay}::date and (a.ended_on is null or a.ended_on > ${fromDay}::date)
        group by 1, 2 order by 3 desc, 1, 2`);
      return rows.map((r) => ({
        from: String(r.from_stage) as LifecycleStage,
        to: String(r.to_stage) as LifecycleStage,
        customers: Number(r.n),
      }));
    },

    /** Customers who entered `lapsed` more than once (repeat churn), and all who ever lapsed. */
    async churnCounts(workspaceId: string) {
      const [row] = await exec(sql`
        select (count(*) filter (where n > 1))::int as repeat, count(*)::int as ever
        from (select customer_id, count(*) as n from relationship_stage_episodes
              where workspace_id = ${workspaceId} and stage = 'lapsed' group by 1) x`);
      return { repeat: Number(row?.repeat ?? 0), ever: Number(row?.ever ?? 0) };
    },

    /**
     * The type in force (override, else inferred) and value tier of many customers at once, for
     * sweeps; customers without a profile or override are left out.
     */
    async typesAndTiers(
      workspaceId: string,
      customerIds: readonly string[],
    ): Promise<{ customerId: string; type: RelationshipType | null; valueTier: ValueTier | null }[]> {
      if (customerIds.length === 0) return [];
      const rows = rowsOf(
        await database.q().execute(sql`
        select c.id as customer_id, coalesce(o.type, p.type) as type, p.value_tier
        from unnest(${pgArray(customerIds)}::uuid[]) as c(id)
        left join relationship_profiles p on p.workspace_id = ${workspaceId} and p.customer_id = c.id
        left join relationship_overrides o on o.workspace_id = ${workspaceId} and o.customer_id = c.id
        where p.customer_id is not null or o.customer_id is not null`),
      );
      return rows.map((r) => ({
        customerId: String(r.customer_id),
        type: (r.type as RelationshipType | null) ?? null,
        valueTier: (r.value_tier as ValueTier | null) ?? null,
      }));
    },

    async findProfile(workspaceId: string, customerId: string): Promise<RelationshipProfileRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(relationshipProfiles)
        .where(
          and(
            eq(relationshipProfiles.workspaceId, workspaceId),
            eq(relationshipProfiles.customerId, customerId),
          ),
        );
      return row;
    },

    /** Type mix, stage counts and the strength × value quadrant, with overrides applied. */
    async portfolio(workspaceId: string, strongAt: number) {
      const base = sql`
        from relationship_profiles p
        left join relationship_overrides o on o.workspace_id = p.workspace_id and o.customer_id = p.customer_id
        where p.workspace_id = ${workspaceId}`;
      const types = await exec(sql`
        select coalesce(o.type, p.type) as type, count(*)::int as n, avg(p.strength)::float8 as strength,
          avg(p.orientation_score)::float8 as orientation ${base} group by 1 order by 2 desc`);
      const stages = await exec(sql`select p.stage, count(*)::int as n ${base} group by 1`);
      const [median] = await exec(sql`
        select percentile_cont(0.5) within group (order by p.clv_minor)::float8 as clv ${base} and p.clv_minor is not null`);
      const medianClv = num(median?.clv);
      const quadrant = await exec(sql`
        select (p.strength >= ${strongAt}) as strong, (p.clv_minor >= ${medianClv ?? 0}) as valuable, count(*)::int as n
        ${base} and p.clv_minor is not null group by 1, 2`);
      return { types, stages, medianClv, quadrant };
    },

    /** A sample of (strength, CLV) points for the scatter, at most `limit`, evenly by id. */
    async quadrantSample(workspaceId: string, limit: number) {
      const rows = await exec(sql`
        select p.customer_id, p.strength, p.clv_minor, coalesce(o.type, p.type) as type
        from relationship_profiles p
        left join relationship_overrides o on o.workspace_id = p.workspace_id and o.customer_id = p.customer_id
        where p.workspace_id = ${workspaceId} and p.clv_minor is not null
        order by md5(p.customer_id::text) limit ${limit}`);
      return rows.map((r) => ({
        customerId: String(r.customer_id),
        strength: Number(r.strength),
        clvMinor: Number(r.clv_minor),
        type: String(r.type) as RelationshipType,
      }));
    },

    /** The agents' work list: customers in a given state, most valuable first, keyset-paged. */
    async workList(
      workspaceId: string,
      opts: { stages: LifecycleStage[] | null; openComplaints: boolean; limit: number; after: number | null },
    ) {
      return exec(sql`
        select p.customer_id, c.full_name, coalesce(o.type, p.type) as type, p.stage, p.strength, p.clv_minor,
          (p.features->>'complaints_open')::float8 as complaints_open
        from relationship_profiles p
        join customers c on c.workspace_id = p.workspace_id and c.id = p.customer_id and c.deleted_at is null
        left join relationship_overrides o on o.workspace_id = p.workspace_id and o.customer_id = p.customer_id
        where p.workspace_id = ${workspaceId}
          ${
            opts.stages
              ? sql`and p.stage in (${sql.join(
                  opts.stages.map((s) => sql`${s}`),
                  sql`, `,
                )})`
              : sql``
          }
          ${opts.openComplaints ? sql`and (p.features->>'complaints_open')::float8 > 0` : sql``}
        order by coalesce(p.clv_minor, 0) desc, p.customer_id
        limit ${opts.limit} offset ${opts.after ?? 0}`);
    },

    // --- overrides -------------------------------------------------------------------------

    async findOverride(workspaceId: string, customerId: string): Promise<OverrideRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(relationshipOverrides)
        .where(
          and(
            eq(relationshipOverrides.workspaceId, workspaceId),
            eq(relationshipOverrides.customerId, customerId),
          ),
        );
      return row;
    },

    async putOverride(row: OverrideRow): Promise<void> {
      await database
        .q()
        .insert(relationshipOverrides)
        .values(row)
        .onConflictDoUpdate({
          target: [relationshipOverrides.workspaceId, relationshipOverrides.customerId],
          set: { type: row.type, reason: row.reason, setBy: row.setBy, setAt: row.setAt },
        });
    },

    async deleteOverride(workspaceId: string, customerId: string): Promise<void> {
      await database
        .q()
        .delete(relationshipOverrides)
        .where(
          and(
            eq(relationshipOverrides.workspaceId, workspaceId),
            eq(relationshipOverrides.customerId, customerId),
          ),
        );
    },

    // --- survey ----------------------------------------------------------------------------

    async surveyResponses(workspaceId: string, customerId: string): Promise<SurveyResponseRow[]> {
      return database
        .q()
        .select()
        .from(relationshipSurveyResponses)
        .where(
          and(
            eq(relationshipSurveyResponses.workspaceId, workspaceId),
            eq(relationshipSurveyResponses.customerId, customerId),
          ),
        )
        .orderBy(desc(relationshipSurveyResponses.version));
    },

    /** Adds an answer as the customer's next version (serialised per customer by the insert's key). */
    async insertSurveyResponse(row: Omit<SurveyResponseRow, 'version'>): Promise<SurveyResponseRow> {
      const [created] = await exec(sql`
        insert into relationship_survey_responses (workspace_id, id, customer_id, version, sentence, brq, anxiety,
          avoidance, source, answered_at, recorded_by)
        select ${row.workspaceId}::uuid, ${row.id}::uuid, ${row.customerId}::uuid,
          coalesce(max(version), 0) + 1, ${row.sentence}, ${JSON.stringify(row.brq)}::jsonb, ${row.anxiety}::smallint,
          ${row.avoidance}::smallint, ${row.source}, ${row.answeredAt.toISOString()}::timestamptz,
          ${JSON.stringify(row.recordedBy)}::jsonb
        from relationship_survey_responses
        where workspace_id = ${row.workspaceId} and customer_id = ${row.customerId}
        returning version`);
      return { ...row, version: Number(created?.version) };
    },

    async findSurveyResponse(workspaceId: string, id: string): Promise<SurveyResponseRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(relationshipSurveyResponses)
        .where(
          and(
            eq(relationshipSurveyResponses.workspaceId, workspaceId),
            eq(relationshipSurveyResponses.id, id),
          ),
        );
      return row;
    },

    // --- survey links ----------------------------------------------------------------------

    async insertSurveyLink(row: SurveyLinkRow): Promise<void> {
      await database.q().insert(relationshipSurveyLinks).values(row);
    },

    async findSurveyLink(workspaceId: string, id: string): Promise<SurveyLinkRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(relationshipSurveyLinks)
        .where(and(eq(relationshipSurveyLinks.workspaceId, workspaceId), eq(relationshipSurveyLinks.id, id)));
      return row;
    },

    async markSurveyLinkAnswered(
      workspaceId: string,
      id: string,
      responseId: string,
      at: Date,
    ): Promise<void> {
      await database
        .q()
        .update(relationshipSurveyLinks)
        .set({ responseId, answeredAt: at })
        .where(and(eq(relationshipSurveyLinks.workspaceId, workspaceId), eq(relationshipSurveyLinks.id, id)));
    },

    // --- classifier configs ----------------------------------------------------------------

    async latestConfig(workspaceId: string) {
      const [row] = await database
        .q()
        .select()
        .from(relationshipClassifierConfigs)
        .where(eq(relationshipClassifierConfigs.workspaceId, workspaceId))
        .orderBy(desc(relationshipClassifierConfigs.version))
        .limit(1);
      return row;
    },

    async listConfigs(workspaceId: string) {
      return database
        .q()
        .select({
          version: relationshipClassifierConfigs.version,
          note: relationshipClassifierConfigs.note,
          createdBy: relationshipClassifierConfigs.createdBy,
          createdAt: relationshipClassifierConfigs.createdAt,
        })
        .from(relationshipClassifierConfigs)
        .where(eq(relationshipClassifierConfigs.workspaceId, workspaceId))
        .orderBy(desc(relationshipClassifierConfigs.version))
        .limit(100);
    },

    async insertConfig(row: typeof relationshipClassifierConfigs.$inferInsert): Promise<void> {
      await database.q().insert(relationshipClassifierConfigs).values(row);
    },

    /** Every profile's stored features and current type, for previews (streamed by page). */
    async featurePage(workspaceId: string, afterId: string | null, limit: number) {
      return exec(sql`
        select p.customer_id, p.type, p.features, p.from_survey, s.sentence
        from relationship_profiles p
        left join lateral (select sentence from relationship_survey_responses s
          where s.workspace_id = p.workspace_id and s.customer_id = p.customer_id order by version desc limit 1) s on true
        where p.workspace_id = ${workspaceId} ${afterId ? sql`and p.customer_id > ${afterId}::uuid` : sql``}
        order by p.customer_id limit ${limit}`);
    },

    // --- runs ------------------------------------------------------------------------------

    async insertRun(row: typeof relationshipRuns.$inferInsert): Promise<RelationshipRunRow> {
      const [created] = await database.q().insert(relationshipRuns).values(row).returning();
      return created!;
    },

    async updateRun(workspaceId: string, id: string, patch: Partial<typeof relationshipRuns.$inferInsert>) {
      const [row] = await database
        .q()
        .update(relationshipRuns)
        .set(patch)
        .where(and(eq(relationshipRuns.workspaceId, workspaceId), eq(relationshipRuns.id, id)))
        .returning();
      return row;
    },

    /** How many customers a run classifies (as `customerStates` reads them): its progress total. */
    async countClassifiable(workspaceId: string): Promise<number> {
      const [r] = await exec(sql`
        select count(*)::int as n from customers
        where workspace_id = ${workspaceId} and deleted_at is null and merged_into_id is null`);
      return Number(r?.n ?? 0);
    },

    async findRun(workspaceId: string, id: string): Promise<RelationshipRunRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(relationshipRuns)
        .where(and(eq(relationshipRuns.workspaceId, workspaceId), eq(relationshipRuns.id, id)));
      return row;
    },

    async latestRuns(workspaceId: string, limit: number): Promise<RelationshipRunRow[]> {
      return database
        .q()
        .select()
        .from(relationshipRuns)
        .where(eq(relationshipRuns.workspaceId, workspaceId))
        .orderBy(desc(relationshipRuns.requestedAt), desc(relationshipRuns.id))
        .limit(limit);
    },

    async activeRun(workspaceId: string): Promise<RelationshipRunRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(relationshipRuns)
        .where(
          and(
            eq(relationshipRuns.workspaceId, workspaceId),
            sql`${relationshipRuns.status} in ('queued', 'running')`,
          ),
        )
        .limit(1);
      return row;
    },

    // --- policy decisions ------------------------------------------------------------------

    /**
     * What the policy check needs of one customer, in one statement (the check is on every
     * outgoing path, so it must stay a few index lookups): the profile and override, consent and
     * service preference, open complaints (cases, and complaint touch points of the last 90 days
     * without an outcome), the non-service contacts since `since`, and the workspace's saved
     * contact rules (its `rulesKey` settings section; read here, not through the workspaces
     * service, to keep the check one round trip). The next actions need more: {@link policyFacts}.
     */
    async checkFacts(workspaceId: string, customerId: string, now: Date, since: Date, rulesKey: string) {
      const r = await customerFacts('check', { ws: workspaceId, customer: customerId, now, since, rulesKey });
      return r && { ...baseFacts(r), savedRules: r.rules ?? null };
    },

    /**
     * {@link checkFacts} and what the next actions add: orientation and value tier, suggestions
     * not yet answered, and the last feedback (these read a customer's older touch points, which
     * the check itself does not need).
     */
    async policyFacts(workspaceId: string, customerId: string, now: Date, since: Date) {
      const r = await customerFacts('next', { ws: workspaceId, customer: customerId, now, since });
      if (!r) return undefined;
      return {
        ...baseFacts(r),
        orientationScore: num(r.orientation_score),
        highValue: r.value_tier === 'top' || r.value_tier === 'high',
        unansweredSuggestions: Number(r.suggestions ?? 0),
        daysSinceFeedback: num(r.feedback_ago),
      };
    },

    /** Logs decisions; one whose id is already logged (a briefing read again) is kept as it was. */
    async insertDecisions(rows: readonly PolicyDecisionRow[]): Promise<void> {
      if (!rows.length) return;
      await database
        .q()
        .insert(policyDecisions)
        .values([...rows])
        .onConflictDoNothing();
    },

    /** Blocked and warned decisions since `since`, by reason: the "violations prevented". */
    async decisionStats(workspaceId: string, since: Date) {
      return exec(sql`
        select verdict, code, count(*)::int as n
        from policy_decisions left join lateral unnest(reason_codes) as code on true
        where workspace_id = ${workspaceId} and decided_at >= ${since.toISOString()}::timestamptz
        group by 1, 2 order by 3 desc`);
    },

    async decisionCounts(workspaceId: string, since: Date) {
      return exec(sql`
        select verdict, count(*)::int as n from policy_decisions
        where workspace_id = ${workspaceId} and decided_at >= ${since.toISOString()}::timestamptz group by 1`);
    },

    async customerDecisions(
      workspaceId: string,
      customerId: string,
      limit: number,
    ): Promise<PolicyDecisionRow[]> {
      return database
        .q()
        .select()
        .from(policyDecisions)
        .where(and(eq(policyDecisions.workspaceId, workspaceId), eq(policyDecisions.customerId, customerId)))
        .orderBy(desc(policyDecisions.decidedAt))
        .limit(limit);
    },

    // --- let go ----------------------------------------------------------------------------

    async insertLetGo(row: LetGoRow): Promise<void> {
      await database.q().insert(letGoDecisions).values(row);
    },

    async letGoHistory(workspaceId: string, customerId: string): Promise<LetGoRow[]> {
      return database
        .q()
        .select()
        .from(letGoDecisions)
        .where(and(eq(letGoDecisions.workspaceId, workspaceId), eq(letGoDecisions.customerId, customerId)))
        .orderBy(desc(letGoDecisions.decidedAt));
    },
  };
}
export type RelationshipsRepo = ReturnType<typeof createRelationshipsRepo>;
