/**
 * The relationship recompute and the policy check on PostgreSQL (issue #6 targets: classifying
 * and staging 1,000,000 customers in under 2 minutes; policy check p99 under 10 ms).
 *
 * Seeds a fresh database set-based in SQL: `customers` customers created over three years (a
 * small share carrying each attribute the extractor reads, 10% preferring a person; 0.3% more,
 * deleted, which the runs skip), 85% of them buyers with about
 * `orders` orders in time order (mostly completed; every order has lines, some a gift line),
 * about `touchpoints` touch points in arrival order (web visits, some to /offers, e-mail opens and
 * clicks, app sessions, calls, reviews and surveys with a satisfaction, complaints with and
 * without an outcome, social mentions, suggestions, referrals, visits), 2% of customers with a
 * case and 1% with a survey answer, and a succeeded value run with P(alive), CLV and tier for
 * every customer with an order. Then, in this process, the real service:
 *
 *   1. `relationships.recomputeNow` on the fresh database (every profile and episode inserted),
 *   2. `relationships.recomputeNow` again as of 30 days later (every profile rewritten, and the
 *      episodes of customers whose stage moved closed and opened),
 *   3. after a vacuum of the tables the runs rewrote and a checkpoint (as after a nightly run:
 *      that work is not the checks' latency), the policy check:
 *      `relationships.check` called `checks` times one after the other with a
 *      random customer and a varied planned action (half of them contacts), then the same
 *      through `POST /api/v1/policy/check` on the real server in a child process (an API key, as
 *      an integration calls it), one request at a time over a keep-alive connection, then from 8
 *      concurrent clients (autocannon) for 10 s. Each series asks about customers of its own random
 *      sample; the two one-at-a-time series start after 200 unmeasured calls.
 *
 * Each run reports its staging time (the run's one pass over orders and touch points), and for
 * the pages that follow the time the database was busy reading and writing them (they overlap)
 * and this process's CPU time (row parsing, classification, building the writes).
 *
 *   tsx bench/relationships.ts [--customers 1000000] [--orders 5000000] [--touchpoints 15000000]
 *     [--checks 5000] [--pg-url postgres://…] [--keep] [--seed-only]
 *
 * Prints one JSON line. The database is dropped at the end, unless `--keep`: then it is kept as
 * `rapport_bench_relationships_<customers>_<orders>_<touchpoints>` and a later `--keep` run
 * reuses it (relationship tables emptied first) instead of seeding again; `--seed-only` stops
 * after seeding.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp, createServices } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { systemActor } from '../src/server/lib/actor.js';
import { type Clock, systemClock } from '../src/server/lib/clock.js';
import {
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  type PolicyCheckRequest,
  RELATIONSHIP_TYPES,
} from '../src/shared/contracts/relationships.js';
import { withDatabase } from '../test/global-setup.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const since = (t: number) => Math.round((performance.now() - t) / 100) / 10;
const round = (n: number) => Math.round(n * 100) / 100;
const DAY_MS = 86_400_000;
/** The second run is this many days after the first: a month of stage movement at once. */
const LATER_DAYS = 30;
const WARMUP_CALLS = 200;
const CONCURRENT_CLIENTS = 8;
const CONCURRENT_SECONDS = 10;

/** Content tags the planned actions carry, some of which a type's rules avoid. */
const TAGS = ['promotion', 'friendship_talk', 'social_sharing', 'discount', 'newsletter', 'personal_note'];
const TYPES_SQL = RELATIONSHIP_TYPES.map((t) => `'${t}'`).join(', ');

async function admin(baseUrl: string, text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

/**
 * A UUIDv7-shaped id from a time and a sequence number, as `newId()` would have made it at that
 * time: ids sort by creation, and the sequence keeps them unique.
 */
const v7 = (at: string, seq: string) =>
  `(substr(lpad(to_hex((extract(epoch from ${at}) * 1000)::bigint), 12, '0'), 1, 8) || '-' ||
    substr(lpad(to_hex((extract(epoch from ${at}) * 1000)::bigint), 12, '0'), 9, 4) || '-7000-8000-' ||
    lpad(to_hex(${seq}), 12, '0'))::uuid`;

async function seed(
  url: string,
  workspaceId: string,
  sizes: { customers: number; orders: number; touchpoints: number },
) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = (text: string, params: unknown[] = []) => c.query(text, params);
  // 0.3% of customers more than asked for are deleted, so `customers` live ones are classified.
  const deleted = Math.round(sizes.customers * 0.003);
  const N = sizes.customers + deleted;
  try {
    // Bulk-loading its own database: no per-row foreign-key triggers.
    await q('set session_replication_role = replica');
    await q(`set work_mem = '256MB'`);
    await q(`set maintenance_work_mem = '1GB'`);
    await q('select setseed(0.6)');
    const actor = JSON.stringify({ type: 'system', id: null, name: 'bench' });
    const tables = ['customers', 'orders', 'order_lines', 'touchpoints', 'cases', 'customer_values'];
    // Secondary indexes are built once after the load, by sort, instead of row by row.
    const { rows: indexes } = await q(
      `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = any($1)
         and indexname not in (select conname from pg_constraint where contype = 'p')`,
      [tables],
    );
    for (const r of indexes) await q(`drop index "${r.indexname}"`);

    let t0 = performance.now();
    // Customers created evenly over three years (ids ascend with creation, like newId()), 85%
    // of them buyers with a geometric number of orders and an exponential active life.
    const buyers = 0.85;
    const mean = sizes.orders / (N * buyers);
    await q(
      `create unlogged table bench_c as
       select n, created_at, ${v7('created_at', 'n')} as id, ago, life, k, gifter,
              r1, r2, r3, r4, r5, r6
       from (
         select n, now() - ago * interval '1 day' as created_at, ago, life,
                case when random() < $3 then least(200, 1 + floor(ln(1 - random()) / ln(1 - 1 / $2::float8)))::int
                  else 0 end as k,
                random() < 0.05 as gifter, random() as r1, random() as r2, random() as r3, random() as r4,
                random() as r5, random() as r6
         from (select n, 1095.0 * ($1 - n) / $1 as ago, -ln(1 - random()) * 500 as life
               from generate_series(0, $1 - 1) n) s
       ) x`,
      [N, mean, buyers],
    );
    await q('alter table bench_c add column del boolean not null default false');
    await q(
      `update bench_c set del = true where n in (select n from bench_c order by md5(n::text) limit $1)`,
      [deleted],
    );
    await q(
      `insert into customers (workspace_id, id, given_name, family_name, full_name, search_text, attributes,
         prefers_human_service, created_at, updated_at, created_by, updated_by, deleted_at)
       select $1, id, 'Guest', 'Number ' || n, 'Guest Number ' || n, 'guest number ' || n,
         jsonb_strip_nulls(jsonb_build_object(
           'marketingConsent', case when r1 < 0.6 then true when r1 < 0.75 then false end,
           'socialSharing', case when r2 < 0.03 then false when r2 < 0.1 then true end,
           'bookedBy', case when r3 < 0.04 then 'Acme Ltd travel desk' end,
           'acquisitionSource', case when r4 < 0.03 then 'competitor_switch' when r4 < 0.2 then 'web_search' end,
           'familyAccount', case when r5 < 0.02 then true end,
           'customerSince', case when r6 < 0.05 then to_char(created_at - (r6 * 20 * 365) * interval '1 day', 'YYYY-MM-DD') end,
           'newsletter', r2 < 0.5)),
         r3 > 0.9, created_at, created_at, $2::jsonb, $2::jsonb,
         case when del then now() end
       from bench_c order by n`,
      [workspaceId, actor],
    );
    log(`relationships: ${N.toLocaleString('en')} customers (${deleted} of them deleted) in ${since(t0)} s`);

    t0 = performance.now();
    // Orders in the order they happened (interleaved across customers, as they arrive): the
    // first on the day the customer was created, the rest within their active life.
    await q(
      `create unlogged table bench_o as
       select ${v7('at', 'rn')} as id, customer_id, at, gift, lines, r, r2
       from (
         select row_number() over (order by at) as rn, customer_id, at, gift, lines, r, r2
         from (
           select c.id as customer_id,
             now() - (c.ago - case when j = 1 then 0 else random() * least(c.life, c.ago) end) * interval '1 day'
               + (random() * 600) * interval '1 minute' as at,
             random() < case when c.gifter then 0.5 else 0.02 end as gift,
             case when random() < 0.3 then 2 else 1 end as lines, random() as r, random() as r2
           from bench_c c, generate_series(1, c.k) j
         ) o
       ) x order by rn`,
    );
    await q(
      `insert into orders (workspace_id, id, customer_id, channel, location, occurred_at, currency, total_minor,
         status, created_at, updated_at, created_by, updated_by)
       select $1, id, customer_id,
         (array['web', 'front_desk', 'restaurant', 'spa', 'app', 'phone'])[1 + floor(r * 6)::int],
         case when r >= 1.0 / 6 then (array['Lisbon', 'Porto', 'Faro'])[1 + floor(r * 1000)::int % 3] end,
         least(at, now()), 'EUR', 1500 + floor(r * 1000)::int % 97 * 500,
         case when r2 < 0.04 then 'cancelled' when r2 < 0.08 then 'refunded' else 'completed' end,
         least(at, now()), least(at, now()), $2::jsonb, $2::jsonb
       from bench_o`,
      [workspaceId, actor],
    );
    await q(
      `insert into order_lines (workspace_id, order_id, line_no, description, quantity, unit_price_minor, is_gift)
       select $1, o.id, l, case when l = 1 then 'Stay' else 'Dinner' end, 1, 1500, o.gift and l = o.lines
       from bench_o o, generate_series(1, o.lines) l`,
      [workspaceId],
    );
    const { rows: orderCount } = await q('select count(*)::bigint as n from bench_o');
    log(`relationships: ${Number(orderCount[0].n).toLocaleString('en')} orders with lines in ${since(t0)} s`);

    t0 = performance.now();
    // Touch points in arrival order over three years; each goes to a customer already created
    // (older customers have more), with a mix of the types the extractor reads.
    const batch = 2_500_000;
    for (let from = 0; from < sizes.touchpoints; from += batch) {
      const to = Math.min(sizes.touchpoints, from + batch) - 1;
      await q(
        `insert into touchpoints (workspace_id, id, customer_id, channel, type, occurred_at, received_at,
           properties, source, satisfaction, created_by)
         select $1, ${v7('t.at', 't.i')}, c.id, t.channel, t.type, t.at, t.at, t.properties, 'bench', t.satisfaction,
           $2::jsonb
         from (
           select i, at, n, channel, type,
             case type
               when 'web_visit' then jsonb_build_object('path', case when r2 < 0.12 then '/offers/spring'
                 when r2 < 0.5 then '/rooms' else '/' end)
               when 'app_session' then jsonb_build_object('screen', case when r2 < 0.15 then 'offers' else 'home' end)
               when 'email_click' then jsonb_build_object('campaign', 'c' || floor(r2 * 40)::int)
               when 'call' then jsonb_build_object('direction', case when r2 < 0.7 then 'inbound' else 'outbound' end,
                 'reason', case when r3 < 0.5 then 'booking' when r3 < 0.8 then 'question' else 'problem' end)
               when 'complaint' then case when r2 < 0.5 then '{"resolved": true, "outcome": "refund"}'::jsonb
                 when r2 < 0.65 then '{"resolved": false, "outcome": "guest could not be reached"}'::jsonb
                 else '{"topic": "noise"}'::jsonb end
               when 'social_mention' then jsonb_build_object('sentiment', case when r2 < 0.5 then 'positive'
                 when r2 < 0.8 then 'neutral' else 'negative' end)
               else '{}'::jsonb
             end as properties,
             case when type in ('review', 'feedback_survey') or (type in ('check_in', 'restaurant_visit') and r2 < 0.15)
               then case when r3 < 0.4 then 5 when r3 < 0.7 then 4 when r3 < 0.85 then 3 when r3 < 0.93 then 2 else 1 end
             end::smallint as satisfaction
           from (
             select i, at, n, r2, r3,
               case when r < 0.38 then 'web' when r < 0.64 then 'email' when r < 0.69 then 'app'
                 when r < 0.75 then 'phone' when r < 0.82 then 'web' when r < 0.83 then 'phone'
                 when r < 0.85 then 'social' when r < 0.86 then 'web' when r < 0.94 then 'front_desk'
                 else 'restaurant' end as channel,
               case when r < 0.38 then 'web_visit' when r < 0.56 then 'email_open' when r < 0.64 then 'email_click'
                 when r < 0.69 then 'app_session' when r < 0.75 then 'call' when r < 0.79 then 'review'
                 when r < 0.82 then 'feedback_survey' when r < 0.83 then 'complaint'
                 when r < 0.85 then 'social_mention' when r < 0.855 then 'suggestion' when r < 0.86 then 'referral'
                 when r < 0.94 then 'check_in' else 'restaurant_visit' end as type
             from (
               select i, now() - 1095.0 * (1 - i::float8 / $4) * interval '1 day' as at,
                 floor(random() * greatest(1, i::float8 / $4 * $3))::int as n,
                 random() as r, random() as r2, random() as r3
               from generate_series($5::bigint, $6::bigint) i
             ) g
           ) s
         ) t join bench_c c on c.n = t.n
         order by t.i`,
        [workspaceId, actor, N, sizes.touchpoints, from, to],
      );
      log(`relationships: ${(to + 1).toLocaleString('en')} touch points (${since(t0)} s)`);
    }

    t0 = performance.now();
    // Cases for 2% of customers: complaints (some still open), suggestions, questions, praise.
    await q(
      `insert into cases (workspace_id, id, reference, type, channel, subject, body, body_fingerprint, customer_id,
         status, opened_at, first_responded_at, resolved_at, closed_at, created_at, updated_at, created_by, updated_by)
       select $1, ${v7('opened_at', 'k')}, 'C-' || lpad(k::text, 7, '0'), type, 'email', 'Case ' || k, 'About my stay ' || k,
         md5('about my stay ' || k), customer_id, status, opened_at,
         case when status <> 'new' then opened_at + interval '3 hours' end,
         case when status in ('resolved', 'closed') then opened_at + interval '2 days' end,
         case when status = 'closed' then opened_at + interval '9 days' end, opened_at, opened_at, $2::jsonb, $2::jsonb
       from (
         select row_number() over (order by opened_at) as k, customer_id, opened_at,
           case when r < 0.5 then 'complaint' when r < 0.7 then 'suggestion' when r < 0.9 then 'question' else 'praise' end as type,
           case when r2 < 0.15 then 'new' when r2 < 0.25 then 'in_progress' when r2 < 0.6 then 'resolved' else 'closed' end as status
         from (select c.id as customer_id, now() - random() * 365 * interval '1 day' as opened_at, random() as r, random() as r2
               from bench_c c where c.r4 > 0.98) x
       ) y order by k`,
      [workspaceId, actor],
    );
    // Survey answers for 1% of customers (a tenth of them answered twice).
    await q(
      `insert into relationship_survey_responses (workspace_id, id, customer_id, version, sentence, brq, anxiety,
         avoidance, source, answered_at, recorded_by)
       select $1, ${v7('at', 'row_number() over ()')}, id, v, (array[${TYPES_SQL}])[1 + floor(r1 * 15)::int],
         jsonb_build_object('intimacy', 1 + floor(r2 * 7)::int, 'commitment', 1 + floor(r3 * 7)::int),
         case when r5 < 0.5 then 1 + floor(r5 * 14)::int end, case when r6 < 0.5 then 1 + floor(r6 * 14)::int end,
         'link', at, $2::jsonb
       from (select c.*, v, now() - (200 - v * 100) * interval '1 day' as at
             from bench_c c, generate_series(1, case when c.r2 > 0.999 then 2 else 1 end) v where c.r1 > 0.99) s`,
      [workspaceId, actor],
    );
    // A succeeded value run with every buyer's P(alive) (low once their active life is over),
    // CLV and tier (top 10%, high 20%, medium 30%, low 40% by CLV).
    const runId = (
      await q(
        `insert into value_runs (workspace_id, id, status, trigger, requested_by, requested_at, started_at,
           finished_at, as_of, unit, currency, customers, orders, transaction_model, settings)
         values ($1, gen_random_uuid(), 'succeeded', 'cli', $2::jsonb, now(), now(), now(), current_date, 'week',
           'EUR', $3, $4, 'bgnbd', '{}'::jsonb) returning id`,
        [workspaceId, actor, sizes.customers, Number(orderCount[0].n)],
      )
    ).rows[0].id as string;
    await q(
      `insert into customer_values (workspace_id, run_id, customer_id, recency_days, orders, spend_minor, rfm_r, rfm_f,
         rfm_m, rfm_segment, frequency, recency, age, p_alive, expected_purchases_3m, expected_purchases_12m,
         expected_spend_minor, clv_minor, heuristic_clv_minor, tier)
       select $1, $2, id, greatest(0, ago - least(life, ago))::int, k, k * 9000, 1 + floor(r1 * 5)::int,
         1 + floor(r2 * 5)::int, 1 + floor(r3 * 5)::int, 'loyal', k - 1, least(life, ago) / 7, ago / 7, p_alive,
         p_alive * k / 4, p_alive * k, (p_alive * k * 9000)::bigint, clv, clv,
         case when rank < 0.1 then 'top' when rank < 0.3 then 'high' when rank < 0.6 then 'medium' else 'low' end
       from (
         select *, (percent_rank() over (order by clv desc)) as rank
         from (
           select c.*, (c.p_alive * c.k * 9000 * (0.5 + c.r4))::bigint as clv
           from (select c.*, case when ago <= life then 0.6 + 0.39 * r5
                   else exp(-(ago - life) / 150) * (0.5 + 0.5 * r5) end as p_alive
                 from bench_c c where k > 0) c
         ) x
       ) y order by id`,
      [workspaceId, runId],
    );
    log(`relationships: cases, survey answers and the value run in ${since(t0)} s`);

    t0 = performance.now();
    for (const r of indexes) await q(r.indexdef);
    await q('drop table bench_c');
    await q('drop table bench_o');
    log(`relationships: indexes rebuilt in ${since(t0)} s`);
    t0 = performance.now();
    // A live database has been vacuumed (hint bits set, visibility map current) by autovacuum.
    await q('vacuum (analyze)');
    await q('checkpoint');
    log(`relationships: vacuumed and analysed in ${since(t0)} s`);
  } finally {
    await c.end();
  }
}

/** Counts of what was seeded (also on a reused database). */
async function seededCounts(url: string, workspaceId: string) {
  const { rows } = await admin(
    url,
    `select (select count(*) from customers where workspace_id = $1 and deleted_at is null)::bigint as customers,
       (select count(*) from orders where workspace_id = $1)::bigint as orders,
       (select count(*) from order_lines where workspace_id = $1)::bigint as order_lines,
       (select count(*) from touchpoints where workspace_id = $1)::bigint as touchpoints,
       (select count(*) from cases where workspace_id = $1)::bigint as cases,
       (select count(*) from relationship_survey_responses where workspace_id = $1)::bigint as survey_answers,
       (select count(*) from customer_values where workspace_id = $1)::bigint as customer_values`,
    [workspaceId],
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
}

/**
 * Time the process spent waiting for the database, by statement: staging the run's aggregates
 * (temporary tables), page reads, the profile and episode writes, and everything else. Reads and
 * writes overlap (a page is written while the next is read), so these are busy times, not a
 * split of the run's wall time. Wraps `pg.Client#query` (the pool, Drizzle's transactions and
 * the run's own connection all go through it), in both its promise and its callback form.
 */
function instrumentQueries() {
  const busy = { stage: 0, read: 0, write: 0, other: 0 };
  // Staging runs on two connections at once: its wall time is its span, not the sum.
  let stageFrom = Number.POSITIVE_INFINITY;
  let stageTo = 0;
  const kindOf = (text: string): keyof typeof busy =>
    /^\s*(create temporary table|create index on relationship_facts|analyze relationship_facts)/i.test(text)
      ? 'stage'
      : /^\s*(insert|update)[\s\S]*relationship_(profiles|stage_episodes)/i.test(text)
        ? 'write'
        : /^\s*(with|select)\b/i.test(text) &&
            /\b(customers|relationship_facts_\w+|cases|relationship_survey_responses|relationship_stage_episodes|customer_values)\b/.test(
              text,
            ) &&
            !/relationship_runs/.test(text)
          ? 'read'
          : 'other';
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as { text?: string; submit?: unknown } | string;
    if (typeof first === 'object' && first && 'submit' in first && first.submit) {
      return original.apply(this, args);
    }
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const kind = kindOf(text);
    const t0 = performance.now();
    const done = () => {
      busy[kind] += performance.now() - t0;
      if (kind === 'stage') {
        stageFrom = Math.min(stageFrom, t0);
        stageTo = Math.max(stageTo, performance.now());
      }
    };
    const last = args.length - 1;
    const cb = args[last];
    if (typeof cb === 'function') {
      args[last] = (...r: unknown[]) => {
        done();
        return (cb as (...a: unknown[]) => unknown)(...r);
      };
      return original.apply(this, args);
    }
    const out = original.apply(this, args) as Promise<unknown>;
    if (out && typeof out.then === 'function') out.then(done, done);
    return out;
  };
  return {
    reset() {
      for (const k of Object.keys(busy) as (keyof typeof busy)[]) busy[k] = 0;
      stageFrom = Number.POSITIVE_INFINITY;
      stageTo = 0;
    },
    seconds: () => ({
      stage: stageTo ? round((stageTo - stageFrom) / 1000) : 0,
      read: round(busy.read / 1000),
      write: round(busy.write / 1000),
      other: round(busy.other / 1000),
    }),
  };
}

function percentiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
  return {
    calls: s.length,
    p50Ms: round(at(50)),
    p95Ms: round(at(95)),
    p99Ms: round(at(99)),
    maxMs: round(s.at(-1) ?? Number.NaN),
  };
}

/** A varied planned action; `i` picks purpose, channel, tags, automation and whether it is a contact. */
function plannedAction(customerId: string, i: number, r: () => number): PolicyCheckRequest {
  const tags = TAGS.filter(() => r() < 0.2);
  return {
    customerId,
    action: {
      channel: CONTACT_CHANNELS[Math.floor(r() * CONTACT_CHANNELS.length)]!,
      purpose: CONTACT_PURPOSES[Math.floor(r() * CONTACT_PURPOSES.length)]!,
      contentTags: tags,
      automated: r() < 0.7,
    },
    source: i % 3 === 0 ? 'campaign' : 'api',
    contact: r() < 0.5,
  };
}

/** A small seeded generator, so that every run asks the same questions. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The child: the real app on the bench database, no logger, its port on stdout. */
async function serve(url: string) {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
  const { app } = await buildApp({ database, clock: systemClock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}

function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/relationships.ts', 'serve', url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, port: (JSON.parse(line) as { port: number }).port }),
    );
  });
}

function post(agent: Agent, port: number, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/policy/check',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      customers: { type: 'string', default: '1000000' },
      orders: { type: 'string' },
      touchpoints: { type: 'string' },
      checks: { type: 'string', default: '5000' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      keep: { type: 'boolean', default: false },
      'seed-only': { type: 'boolean', default: false },
    },
  });
  const sizes = {
    customers: Number(values.customers),
    orders: Number(values.orders ?? Number(values.customers) * 5),
    touchpoints: Number(values.touchpoints ?? Number(values.customers) * 15),
  };
  const CHECKS = Number(values.checks);
  const baseUrl = values['pg-url'];
  const name = values.keep
    ? `rapport_bench_relationships_${sizes.customers}_${sizes.orders}_${sizes.touchpoints}`
    : `rapport_bench_relationships_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(baseUrl, name);
  const reuse =
    values.keep &&
    (await admin(baseUrl, 'select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!reuse) await admin(baseUrl, `create database "${name}"`);
  const timing = instrumentQueries();
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
  let seeding = false;
  let server: ChildProcess | null = null;
  try {
    await migrateDatabase(database);
    const services = createServices({ database, clock: systemClock });
    let workspace = await services.workspaces.findBySlug('bench');
    let seedSeconds: number | null = null;
    if (workspace && reuse) {
      log(`relationships: reusing ${name}; emptying the relationship tables`);
      // Emptied, not analysed: statistics of an empty table would mislead the first run's plans
      // (a fresh database has none, and the planner then goes by the tables' size).
      await admin(
        url,
        `truncate relationship_profiles, relationship_stage_episodes, relationship_runs, policy_decisions`,
      );
    } else {
      workspace = (
        await services.workspaces.create({
          slug: 'bench',
          name: 'Bench hotels',
          admin: { email: 'bench@example.com', password: 'correct horse battery staple' },
        })
      ).workspace;
      seeding = true;
      const t0 = performance.now();
      await seed(url, workspace.id, sizes);
      seedSeconds = since(t0);
      seeding = false;
      log(`relationships: seeded in ${seedSeconds} s`);
    }
    const ws = workspace.id;
    const seeded = await seededCounts(url, ws);
    log(`relationships: ${JSON.stringify(seeded)}`);
    if (values['seed-only']) return;

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const runs = [];
    for (const [label, offsetDays] of [
      ['first', 0],
      ['second', LATER_DAYS],
    ] as const) {
      const clock: Clock = { now: () => new Date(Date.now() + offsetDays * DAY_MS) };
      const svc = offsetDays ? createServices({ database, clock }) : services;
      const today = clock.now().toISOString().slice(0, 10);
      if (global.gc) global.gc();
      const rssBefore = process.memoryUsage().rss;
      peakRss = rssBefore;
      timing.reset();
      log(`relationships: ${label} recompute…`);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const run = await svc.relationships.recomputeNow(systemActor(ws, 'bench'), (p) => {
        if (p && p.done % 100_000 === 0)
          log(`relationships:   ${p.done.toLocaleString('en')} (${since(t0)} s)`);
      });
      const seconds = since(t0);
      const cpu = process.cpuUsage(cpu0);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (run.status !== 'succeeded') throw new Error(`the run ${run.status}: ${run.error}`);
      const db = timing.seconds();
      const { rows } = await admin(
        url,
        `select count(*) filter (where started_on >= $2::date)::int as opened,
           count(*) filter (where ended_on >= $2::date)::int as closed
         from relationship_stage_episodes where workspace_id = $1`,
        [ws, offsetDays ? today : '1970-01-01'],
      );
      runs.push({
        run: label,
        asOfDaysLater: offsetDays,
        customers: run.customers,
        seconds,
        stageSeconds: db.stage,
        pagesSeconds: round(seconds - db.stage),
        busy: { read: db.read, write: db.write, other: db.other },
        nodeCpuSeconds: round((cpu.user + cpu.system) / 1e6),
        episodesOpened: rows[0].opened,
        episodesClosed: rows[0].closed,
        rssBeforeMb: Math.round(rssBefore / 1048576),
        peakRssMb: Math.round(peakRss / 1048576),
      });
      log(`relationships: ${JSON.stringify(runs.at(-1))}`);
    }
    clearInterval(sampler);

    // The policy check, in this process, one call after the other.
    // Checks run in the day, recomputes at night: what autovacuum and the checkpointer do after
    // a run (a million dead profile versions, a gigabyte of dirty pages) is done first, so that
    // it is not measured as the checks' latency.
    await admin(
      url,
      'vacuum (analyze) relationship_profiles, relationship_stage_episodes, relationship_runs',
    );
    await admin(url, 'checkpoint');
    // Three disjoint random samples, so no series finds the customers an earlier one warmed up
    // (a campaign reaches each customer once); concurrent clients take up to 10,000 a second.
    const per = CHECKS + WARMUP_CALLS;
    const concurrentCalls = 10_000 * CONCURRENT_SECONDS;
    const { rows: sample } = await admin(
      url,
      `select id from customers where workspace_id = $1 and deleted_at is null order by random() limit $2`,
      [ws, 2 * per + concurrentCalls],
    );
    const all = sample.map((r) => String(r.id));
    const ids = all.slice(0, per);
    const httpIds = all.slice(per, 2 * per);
    const concurrentIds = all.slice(2 * per);
    const rnd = mulberry32(6);
    const actor = systemActor(ws, 'bench');
    const inProcess: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const body = plannedAction(ids[i]!, i, rnd);
      const t0 = performance.now();
      await services.relationships.check(actor, body);
      if (i >= WARMUP_CALLS) inProcess.push(performance.now() - t0);
    }
    const checkInProcess = percentiles(inProcess);
    log(`relationships: policy check in process ${JSON.stringify(checkInProcess)}`);

    // Through HTTP: the real server in a child process, an API key as an integration uses.
    const { key } = await services.apiKeys.create(actor, {
      name: `relationships bench ${new Date().toISOString()}`,
      role: 'agent',
      scopes: ['read', 'write'],
    });
    const started = await startServer(url);
    server = started.child;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const http: number[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < httpIds.length; i++) {
      const body = JSON.stringify(plannedAction(httpIds[i]!, i, rnd));
      const t0 = performance.now();
      const status = await post(agent, started.port, key, body);
      if (i >= WARMUP_CALLS) {
        http.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    agent.destroy();
    const checkHttp = { ...percentiles(http), statuses: Object.fromEntries(statuses) };
    log(`relationships: policy check over HTTP ${JSON.stringify(checkHttp)}`);

    const latencies: number[] = [];
    const cStatuses = new Map<number, number>();
    let n = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${started.port}`,
          connections: CONCURRENT_CLIENTS,
          duration: CONCURRENT_SECONDS,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          requests: [
            {
              method: 'POST',
              path: '/api/v1/policy/check',
              setupRequest: (req) => ({
                ...req,
                body: JSON.stringify(plannedAction(concurrentIds[n++ % concurrentIds.length]!, n, rnd)),
              }),
            },
          ],
        },
        (error, r) => (error ? reject(error) : resolve(r)),
      );
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        cStatuses.set(statusCode, (cStatuses.get(statusCode) ?? 0) + 1);
      });
    });
    const checkConcurrent = {
      clients: CONCURRENT_CLIENTS,
      seconds: CONCURRENT_SECONDS,
      requestsPerSecond: Math.round(latencies.length / CONCURRENT_SECONDS),
      ...percentiles(latencies),
      statuses: Object.fromEntries(cStatuses),
      errors: result.errors,
      timeouts: result.timeouts,
    };
    log(`relationships: policy check, ${CONCURRENT_CLIENTS} clients ${JSON.stringify(checkConcurrent)}`);

    process.stdout.write(
      `${JSON.stringify({
        ...seeded,
        seedSeconds,
        runs,
        checkInProcess,
        checkHttp,
        checkConcurrent,
      })}\n`,
    );
  } finally {
    server?.kill('SIGTERM');
    await database.close();
    // A half-seeded database would be reused as if complete.
    if (!values.keep || seeding) await admin(baseUrl, `drop database if exists "${name}" with (force)`);
  }
}

// Last, so every constant above is initialised before either mode runs.
if (process.argv[2] === 'serve') {
  await serve(process.argv[3]!);
} else {
  await main();
}
