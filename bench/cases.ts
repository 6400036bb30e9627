/**
 * Cases on PostgreSQL (issue #7 targets): the agent inbox's list with 200,000 cases (p99 under
 * 100 ms) and the SLA sweep of 200,000 open cases (under 10 s).
 *
 * Seeds a fresh database set-based in SQL: `customers` customers, `cases` open cases opened
 * over the day and a half before a fixed "now" (Wednesday 11:00 UTC, office hours 09:00–17:00
 * in the workspace's UTC), each with its history (opened; assigned for two in three; replied to
 * half an hour after opening unless it opened this morning), none evaluated yet; plus a fifth
 * as many resolved cases. Then runs, in this process and through the real services:
 *  - the first sweep: every open case evaluated in full, history and all (as after an import
 *    of cases never evaluated, or a change of the SLA settings), timed;
 *  - three hours later, as after the sweep has been down that long, the sweep of every case due
 *    by then, timed: those whose stored SLA still holds move on from it, those with a breach
 *    to escalate (or another policy now) are evaluated in full;
 *  - a third sweep an hour after that, of the cases due by then;
 *  - the inbox list as agents page it — `GET /api/v1/cases` in-process through Fastify — for
 *    the queues the inbox offers (all open by due time, my cases, unassigned, a team, at risk,
 *    a search), `runs` times each after a warm-up, p50/p99 over all.
 *
 *   tsx bench/cases.ts [cases=200000] [customers=50000] [runs=50] [pg-url]
 *
 * Prints one JSON line. The database is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { systemActor } from '../src/server/lib/actor.js';
import { fixedClock } from '../src/server/lib/clock.js';
import { withDatabase } from '../test/global-setup.js';

const [
  casesArg = '200000',
  customersArg = '50000',
  runsArg = '50',
  baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres',
] = process.argv.slice(2);
const CASES = Number(casesArg);
const CUSTOMERS = Number(customersArg);
const RUNS = Number(runsArg);
const NOW = '2026-06-03T11:00:00.000Z';
const TEAMS = ['Front desk', 'Housekeeping', 'Restaurant', 'Spa', 'Online'];
const log = (line: string) => process.stderr.write(`${line}\n`);
const since = (t: number) => Math.round((performance.now() - t) / 10) / 100;

async function admin(text: string) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function seed(url: string, workspaceId: string, agents: string[]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = (text: string, params: unknown[] = []) => c.query(text, params);
  try {
    await q('set session_replication_role = replica');
    await q(`set work_mem = '256MB'`);
    await q('select setseed(0.7)');
    const actor = JSON.stringify({ type: 'system', id: null, name: 'bench' });
    const t0 = performance.now();
    await q(
      `insert into customers (workspace_id, id, given_name, family_name, full_name, search_text, created_at, updated_at,
         created_by, updated_by)
       select $1, md5('c' || n)::uuid, 'Guest', 'Number ' || n, 'Guest Number ' || n, 'guest number ' || n, now(), now(),
         $2::jsonb, $2::jsonb
       from generate_series(0, $3 - 1) n`,
      [workspaceId, actor, CUSTOMERS],
    );
    // Open cases opened between Tuesday 09:00 and Wednesday 11:00; resolved ones the week before.
    const total = Math.round(CASES * 1.2);
    await q(
      `create unlogged table bench_cases as
       select n, ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid as id,
              md5('c' || (n % $1))::uuid as customer_id,
              case when n < $2 then timestamptz '2026-06-02T09:00:00Z' + random() * interval '26 hours'
                   else timestamptz '2026-05-25T09:00:00Z' + random() * interval '5 days' end as opened_at,
              n < $2 as open,
              (array['low','normal','normal','normal','normal','normal','normal','high','high','urgent'])[1 + floor(random() * 10)::int] as severity,
              case when random() < 0.67 then ($3::uuid[])[1 + floor(random() * array_length($3::uuid[], 1))::int] end as assignee,
              ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int] as team
       from generate_series(0, $5 - 1) n`,
      [CUSTOMERS, CASES, agents, TEAMS, total],
    );
    await q(
      `insert into cases (workspace_id, id, reference, type, channel, subject, body, body_fingerprint, customer_id,
         severity, status, assignee_user_id, assigned_at, team, opened_at, first_responded_at, resolved_at,
         created_at, updated_at, created_by, updated_by)
       select $1, id, 'C-' || lpad(n::text, 7, '0'), 'complaint', 'email',
              'Complaint number ' || n, 'The room was not ready on arrival, number ' || n, md5('b' || n), customer_id,
              severity, case when open then 'in_progress' else 'resolved' end, assignee,
              case when assignee is not null then opened_at end, team, opened_at,
              case when opened_at < timestamptz '2026-06-03T09:00:00Z' or severity in ('high', 'urgent')
                   then opened_at + interval '30 minutes' end,
              case when not open then opened_at + interval '20 hours' end,
              opened_at, opened_at, $2::jsonb, $2::jsonb
       from bench_cases`,
      [workspaceId, actor],
    );
    // Every case has its stored SLA row; none evaluated yet, so every open case is due a check.
    await q(
      `insert into case_slas (workspace_id, case_id, check_at)
       select $1, id, case when open then timestamptz '2026-06-03T11:00:00Z' end from bench_cases`,
      [workspaceId],
    );
    await q(
      `insert into case_events (workspace_id, id, case_id, at, kind, to_status, assignee_user_id, team, actor)
       select $1::uuid, md5('e1' || n)::uuid, id, opened_at, 'status', 'new', null, null, $2::jsonb from bench_cases
       union all
       select $1::uuid, md5('e2' || n)::uuid, id, opened_at, 'assignment', null, assignee, team, $2::jsonb
         from bench_cases where assignee is not null
       union all
       select $1::uuid, md5('e3' || n)::uuid, id, opened_at + interval '30 minutes', 'agent_reply', null, null, null, $2::jsonb
         from bench_cases where opened_at < timestamptz '2026-06-03T09:00:00Z' or severity in ('high', 'urgent')
       union all
       select $1::uuid, md5('e4' || n)::uuid, id, opened_at + interval '20 hours', 'status', 'resolved', null, null, $2::jsonb
         from bench_cases where not open`,
      [workspaceId, actor],
    );
    await q(`insert into case_counters (workspace_id, last_number) values ($1, $2)`, [workspaceId, total]);
    await q('drop table bench_cases');
    // As a live database is: vacuumed and analysed, so the timed passes share no core with autovacuum.
    await q('vacuum analyze');
    await q('checkpoint');
    const counts = await q(
      `select (select count(*) from cases)::int as cases, (select count(*) from case_events)::int as events`,
    );
    log(`cases: seeded ${counts.rows[0].cases} cases, ${counts.rows[0].events} events in ${since(t0)} s`);
    return counts.rows[0] as { cases: number; events: number };
  } finally {
    await c.end();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;

async function main() {
  const name = `rapport_bench_cases_${randomBytes(4).toString('hex')}`;
  await admin(`create database "${name}"`);
  const url = withDatabase(baseUrl, name);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
  const clock = fixedClock(NOW);
  try {
    await migrateDatabase(database);
    const { app, services } = await buildApp({ database, clock, loginsPerMinute: 10_000 });
    await app.ready();
    const password = 'correct horse battery';
    const { workspace } = await services.workspaces.create({
      slug: 'bench',
      name: 'Bench hotels',
      admin: { email: 'bench@example.com', password },
    });
    await services.workspaces.update(systemActor(workspace.id), { timeZone: 'UTC' });
    const sys = systemActor(workspace.id, 'bench');
    await services.users.create(sys, {
      email: 'manager@example.com',
      name: 'Duty manager',
      role: 'manager',
      password,
    });
    const agents: string[] = [];
    for (let i = 0; i < 20; i++) {
      const u = await services.users.create(sys, {
        email: `agent${i}@example.com`,
        name: `Agent ${i}`,
        role: 'agent',
        password,
      });
      agents.push(u.id);
    }
    const seeded = await seed(url, workspace.id, agents);

    const count = async (text: string) =>
      (await database.q().execute(text)) as unknown as { rows: Record<string, number>[] };
    /** States of the open cases, and what the sweep at `at` wrote in their histories. */
    const outcome = async (at: string) =>
      (
        await count(
          `select count(*) filter (where s.state = 'breached')::int as breached,
                  count(*) filter (where s.state = 'warning')::int as warning,
                  count(*) filter (where s.state = 'on_track')::int as on_track,
                  (select count(*) from case_events where kind = 'sla_warning' and at = '${at}')::int as warned,
                  (select count(*) from case_events where kind = 'escalated' and at = '${at}')::int as escalated,
                  (select count(*) from case_events where kind = 'auto_reassigned' and at = '${at}')::int as reassigned
           from cases c join case_slas s on s.workspace_id = c.workspace_id and s.case_id = c.id
           where c.status not in ('resolved', 'closed')`,
        )
      ).rows[0]!;

    let t0 = performance.now();
    const first = await services.caseSla.sweep(workspace.id, clock.now());
    const firstSeconds = since(t0);
    log(`cases: first sweep, ${first} open cases evaluated in full in ${firstSeconds} s`);
    const states = await outcome(clock.now().toISOString());

    // Three hours later, as after the sweep has been down that long: every case due by then.
    clock.advance(3 * 60 * 60_000);
    const later = clock.now().toISOString();
    t0 = performance.now();
    const again = await services.caseSla.sweep(workspace.id, clock.now());
    const againSeconds = since(t0);
    const againStates = await outcome(later);
    log(`cases: three hours later, ${again} cases due by then swept in ${againSeconds} s`);

    clock.advance(60 * 60_000);
    t0 = performance.now();
    const second = await services.caseSla.sweep(workspace.id, clock.now());
    const secondSeconds = since(t0);
    log(`cases: an hour after that, ${second} cases due a check swept in ${secondSeconds} s`);
    await database.q().execute('analyze');

    // The inbox: an agent logged in, paging the queues.
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'agent0@example.com', password },
    });
    const cookie = login.cookies.find((c) => c.name === 'rapport_session')!;
    const open = 'status=new,acknowledged,in_progress,waiting_on_customer';
    const queues: Record<string, string> = {
      'all open by due time': `${open}&sort=slaDueAt&order=asc`,
      'my cases': `${open}&assignee=me&sort=slaDueAt&order=asc`,
      unassigned: `${open}&assignee=none&sort=slaDueAt&order=asc`,
      team: `${open}&team=${encodeURIComponent('Spa')}&sort=slaDueAt&order=asc`,
      'at risk': `sla=warning,breached&sort=slaDueAt&order=asc`,
      'newest first': `sort=openedAt&order=desc`,
      search: `q=${encodeURIComponent('number 1234')}&sort=openedAt&order=desc`,
    };
    const all: number[] = [];
    const perQueue: Record<string, { p50: number; p99: number; items: number }> = {};
    for (const [label, query] of Object.entries(queues)) {
      const get = (cursor?: string) =>
        app.inject({
          method: 'GET',
          url: `/api/v1/cases?${query}&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
          cookies: { rapport_session: cookie.value },
        });
      const warm = await get();
      if (warm.statusCode !== 200) throw new Error(`${label}: ${warm.statusCode} ${warm.body}`);
      const page1 = warm.json() as { items: unknown[]; nextCursor: string | null };
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Every other request is the next page, as an agent scrolling.
        const started = performance.now();
        const res = await get(i % 2 && page1.nextCursor ? page1.nextCursor : undefined);
        times.push(performance.now() - started);
        if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode}`);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      perQueue[label] = {
        p50: Math.round(percentile(times, 0.5) * 10) / 10,
        p99: Math.round(percentile(times, 0.99) * 10) / 10,
        items: page1.items.length,
      };
    }
    all.sort((a, b) => a - b);
    await app.close();
    process.stdout.write(
      `${JSON.stringify({
        cases: seeded.cases,
        openCases: first,
        events: seeded.events,
        firstSweepSeconds: firstSeconds,
        resweepCases: again,
        resweepSeconds: againSeconds,
        resweepStates: againStates,
        secondSweepCases: second,
        secondSweepSeconds: secondSeconds,
        states,
        listRequests: all.length,
        listP50Ms: Math.round(percentile(all, 0.5) * 10) / 10,
        listP99Ms: Math.round(percentile(all, 0.99) * 10) / 10,
        perQueue,
      })}\n`,
    );
  } finally {
    await database.close();
    // BENCH_KEEP_DB=1 keeps the database for a look at the plans (its name is printed).
    if (process.env.BENCH_KEEP_DB) log(`cases: kept database ${name}`);
    else await admin(`drop database "${name}" with (force)`);
  }
}

await main();
