/**
 * `npm run bench -- <suite> [options]` — runs each case in its own process (so peak RSS is the
 * case's own) and prints a Markdown table; `--record` appends it to bench/RESULTS.md with the
 * date, machine and command.
 *
 *   npm run bench -- import                       100k and 1M order rows, PGlite and PostgreSQL
 *   npm run bench -- import --sizes 100000 --drivers postgres
 *   npm run bench -- demo                         seed 10,000 demo customers into PGlite
 *   npm run bench -- web                          list and 360 load times in Chromium, 100k customers on PostgreSQL
 *   npm run bench -- web --customers 20000 --runs 5
 *   npm run bench -- lookup                      GET /lookup, 20 clients for 30 s, 100k customers / 5M touch points on PostgreSQL
 *   npm run bench -- lookup --customers 10000 --touchpoints 500000 --seconds 10
 *
 *   npm run bench -- ingest                       POST /events/batch (500 a batch, 4 in flight) vs COPY, 200k events on PostgreSQL
 *   npm run bench -- ingest --events 50000 --concurrency 2
 *
 *   npm run bench -- value                        BG/NBD and Pareto/NBD fits on 1M simulated customers, then the
 *                                                 full recompute of 1M customers / 20M orders on PostgreSQL
 *   npm run bench -- value --customers 100000 --orders 2000000
 *   npm run bench -- value-retail                 UCI Online Retail imported into PostgreSQL, then a value run with its holdout validation
 *
 *   npm run bench -- relationships                classify and stage 1M customers (5M orders, 15M touch points) on PostgreSQL,
 *                                                 twice (the second 30 days on), then 5,000 policy checks in process and over HTTP
 *   npm run bench -- relationships --customers 100000 --checks 2000
 *
 *   npm run bench -- cases                        the SLA sweep of 200,000 open cases and the inbox list's p99, on PostgreSQL
 *   npm run bench -- cases --cases 50000 --customers 20000 --runs 20
 *
 * PostgreSQL cases use BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * each creates and drops its own database.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    drivers: { type: 'string', default: 'pglite,postgres' },
    customers: { type: 'string' },
    runs: { type: 'string', default: '10' },
    touchpoints: { type: 'string' },
    seconds: { type: 'string', default: '30' },
    events: { type: 'string', default: '200000' },
    concurrency: { type: 'string', default: '4' },
    orders: { type: 'string' },
    checks: { type: 'string', default: '5000' },
    cases: { type: 'string', default: '200000' },
    record: { type: 'boolean', default: false },
  },
});

const suite = positionals[0] ?? 'import';
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Import cases run with a 320 MB old-space cap: "bounded memory" means the importer must work
 * inside it, not merely that a lazy collector happened to stay small.
 */
const HEAP_CAP = ['--max-old-space-size=320'];

/** Runs a case in its own process and answers the JSON lines it printed on stdout. */
function runCaseLines(script: string, args: string[], node: string[] = []): Record<string, unknown>[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', ...node, script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return out
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

function runCase(script: string, args: string[], node: string[] = []): Record<string, number | string> {
  return (runCaseLines(script, args, node).at(-1) ?? {}) as Record<string, number | string>;
}

const lines: string[] = [];
if (suite === 'import') {
  lines.push('| driver | rows | seconds | rows/s | RSS before (MB) | peak RSS (MB) | file (MB) | target |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const driver of values.drivers.split(',')) {
    for (const rows of values.sizes.split(',').map(Number)) {
      process.stderr.write(`import: ${rows} rows on ${driver}…\n`);
      const r = runCase('bench/import.ts', [String(rows), '--driver', driver, '--pg-url', pgUrl], HEAP_CAP);
      const target = driver === 'postgres' ? 20_000 : 5_000;
      const rate = Number(r.rowsPerSecond);
      const rss = Number(r.peakRssMb);
      const verdict = `${rate >= target ? '✓' : '✗'} ≥ ${target.toLocaleString('en')}/s${rows >= 1_000_000 ? `, ${rss < 500 ? '✓' : '✗'} < 500 MB` : ''}`;
      lines.push(
        `| ${driver} | ${rows.toLocaleString('en')} | ${r.seconds} | ${rate.toLocaleString('en')} | ${r.baselineRssMb} | ${rss} | ${r.fileMb} | ${verdict} |`,
      );
    }
  }
} else if (suite === 'demo') {
  const r = runCase('bench/demo-seed.ts', [values.customers ?? '10000']);
  lines.push('| customers | orders | touch points | rows | seconds | target |');
  lines.push('|---:|---:|---:|---:|---:|---|');
  lines.push(
    `| ${r.customers} | ${r.orders} | ${r.touchpoints} | ${r.rows} | ${r.seconds} | ${Number(r.seconds) < 30 ? '✓' : '✗'} < 30 s |`,
  );
} else if (suite === 'web') {
  const r = runCase('bench/web.ts', [values.customers ?? '100000', values.runs, pgUrl]);
  const ok = (ms: unknown) => (typeof ms === 'number' && ms < 1000 ? '✓' : '✗');
  lines.push('| customers | touch points | screen | median (ms) | p95 (ms) | max (ms) | target |');
  lines.push('|---:|---:|---|---:|---:|---:|---|');
  lines.push(
    `| ${r.customers} | ${r.touchpoints} | customers list, first page (full page load) | ${r.listMedianMs} | ${r.listP95Ms} | ${r.listMaxMs} | ${ok(r.listP95Ms)} < 1000 ms |`,
  );
  lines.push(
    `| ${r.customers} | ${r.touchpoints} | customer 360 after a click | ${r.c360MedianMs} | ${r.c360P95Ms} | ${r.c360MaxMs} | ${ok(r.c360P95Ms)} < 1000 ms |`,
  );
  const routes = (r.routes as unknown as { chunk: string; kb: number }[])
    .map((c) => `${c.chunk} ${c.kb}`)
    .join(', ');
  lines.push('');
  lines.push(
    `Bundle, gzipped: first load (entry script + CSS) ${r.entryKb} KB; all assets ${r.totalKb} KB; route chunks (KB): ${routes}.`,
  );
} else if (suite === 'lookup') {
  const r = runCase('bench/lookup.ts', [
    values.customers ?? '100000',
    values.touchpoints ?? '5000000',
    values.seconds,
    pgUrl,
  ]);
  const p99 = Number(r.p99Ms);
  lines.push(
    '| customers | touch points | clients | seconds | requests | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | responses | target |',
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  const statuses = Object.entries(r.statuses as unknown as Record<string, number>)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ');
  lines.push(
    `| ${Number(r.customers).toLocaleString('en')} | ${Number(r.touchpoints).toLocaleString('en')} | ${r.connections} | ${r.seconds} | ${r.requests} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.maxMs} | ${statuses}; errors ${r.errors}, timeouts ${r.timeouts} | ${p99 < 50 ? '✓' : '✗'} p99 < 50 ms |`,
  );
} else if (suite === 'ingest') {
  const r = runCase('bench/ingest.ts', [values.events, values.concurrency, pgUrl]);
  const rate = Number(r.eventsPerSecond);
  const share = Number(r.percentOfCopy);
  lines.push(
    '| events | batches in flight | customers | seconds | events/s | rows written | COPY of the same rows (s) | COPY rows/s | COPY as events/s | share of COPY | CPU µs/event: Node, PostgreSQL, COPY | target |',
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  const us = (v: unknown) => (v === null || v === undefined ? '?' : String(v));
  lines.push(
    `| ${Number(r.events).toLocaleString('en')} | ${r.concurrency} | ${Number(r.customers).toLocaleString('en')} | ${r.seconds} | ${rate.toLocaleString('en')} | ${Number(r.copiedRows).toLocaleString('en')} | ${r.copySeconds} | ${Number(r.copyRowsPerSecond).toLocaleString('en')} | ${Number(r.copyEventsPerSecond).toLocaleString('en')} | ${share}% | ${us(r.nodeCpuUsPerEvent)}, ${us(r.postgresCpuUsPerEvent)}, ${us(r.copyPostgresCpuUsPerEvent)} | ${rate >= 20_000 ? '✓' : '✗'} ≥ 20,000/s, ${share >= 30 ? '✓' : '✗'} ≥ 30% of COPY |`,
  );
} else if (suite === 'value') {
  const customers = values.customers ?? '1000000';
  lines.push(
    '| fit | customers | distinct (x, t_x, T) | fit seconds | of which collapsing | converged | target |',
  );
  lines.push('|---|---:|---:|---:|---:|---|---|');
  for (const r of runCaseLines('bench/value-fit.ts', [customers])) {
    const target = r.model === 'bgnbd' ? 3 : 10;
    const secs = Number(r.seconds) + Number(r.collapseSeconds);
    lines.push(
      `| ${r.model} | ${Number(r.customers).toLocaleString('en')} | ${Number(r.distinctRows).toLocaleString('en')} | ${secs.toFixed(2)} | ${Number(r.collapseSeconds).toFixed(2)} | ${r.converged} | ${secs < target ? '✓' : '✗'} < ${target} s |`,
    );
  }
  const orders = values.orders ?? String(Number(customers) * 20);
  const r = runCaseLines('bench/value.ts', [customers, orders, pgUrl]).at(-1)!;
  const phases = Object.entries(r.phases as Record<string, number>)
    .map(([k, v]) => `${k} ${v} s`)
    .join(', ');
  lines.push('');
  lines.push('| recompute | customers | orders | seconds | phases | peak RSS (MB) | target |');
  lines.push('|---|---:|---:|---:|---|---:|---|');
  const secs = Number(r.seconds);
  const rss = Number(r.peakRssMb);
  lines.push(
    `| PostgreSQL | ${Number(r.customers).toLocaleString('en')} | ${Number(r.orders).toLocaleString('en')} | ${secs} | ${phases} | ${rss} | ${secs < 300 ? '✓' : '✗'} < 5 min, ${rss < 2048 ? '✓' : '✗'} < 2 GB |`,
  );
} else if (suite === 'cases') {
  const r = runCaseLines('bench/cases.ts', [
    values.cases,
    values.customers ?? '50000',
    values.runs === '10' ? '50' : values.runs,
    pgUrl,
  ]).at(-1)! as {
    cases: number;
    openCases: number;
    events: number;
    firstSweepSeconds: number;
    resweepCases: number;
    resweepSeconds: number;
    resweepStates: Record<string, number>;
    secondSweepCases: number;
    secondSweepSeconds: number;
    states: Record<string, number>;
    listRequests: number;
    listP50Ms: number;
    listP99Ms: number;
    perQueue: Record<string, { p50: number; p99: number; items: number }>;
  };
  const n = (v: number) => v.toLocaleString('en');
  const s = r.states;
  lines.push('| SLA sweep | cases evaluated | seconds | cases/s | outcome | target |');
  lines.push('|---|---:|---:|---:|---|---|');
  const acted = (x: Record<string, number>) =>
    `${n(x.on_track ?? 0)} on track, ${n(x.warning ?? 0)} warning, ${n(x.breached ?? 0)} breached; this pass: ${n(x.warned ?? 0)} warnings, ${n(x.escalated ?? 0)} escalated, ${n(x.reassigned ?? 0)} auto-reassigned`;
  lines.push(
    `| first pass: every open case evaluated in full (never evaluated, as after an import or a change of the SLA settings) | ${n(r.openCases)} | ${r.firstSweepSeconds} | ${n(Math.round(r.openCases / r.firstSweepSeconds))} | ${acted(s)} | ${r.firstSweepSeconds < 10 ? '✓' : '✗'} < 10 s |`,
  );
  lines.push(
    `| three hours later, as after the sweep was down that long (cases due by then) | ${n(r.resweepCases)} | ${r.resweepSeconds} | ${n(Math.round(r.resweepCases / r.resweepSeconds))} | ${acted(r.resweepStates)} | |`,
  );
  lines.push(
    `| an hour after that (cases due a check) | ${n(r.secondSweepCases)} | ${r.secondSweepSeconds} | ${n(Math.round(r.secondSweepCases / Math.max(r.secondSweepSeconds, 0.01)))} | | |`,
  );
  lines.push('');
  lines.push(
    `Inbox list, GET /api/v1/cases (50 a page, every other request the next page), ${n(r.cases)} cases:`,
  );
  lines.push('');
  lines.push('| queue | p50 (ms) | p99 (ms) |');
  lines.push('|---|---:|---:|');
  for (const [q, v] of Object.entries(r.perQueue)) lines.push(`| ${q} | ${v.p50} | ${v.p99} |`);
  lines.push(
    `| **all ${n(r.listRequests)} requests** | ${r.listP50Ms} | ${r.listP99Ms} ${r.listP99Ms < 100 ? '✓' : '✗'} < 100 |`,
  );
} else if (suite === 'value-retail') {
  const r = runCaseLines('bench/value-retail.ts', ['../shared/data/online_retail.csv', pgUrl]).at(-1)! as {
    lines: number;
    inserted: number;
    rejected: number;
    rejectedByCode: Record<string, number>;
    importSeconds: number;
    runSeconds: number;
    customers: number;
    orders: number;
    asOf: string;
    fits: { model: string; converged: boolean; logLikelihood: number; params: Record<string, number> }[];
    validation: {
      calibrationEnd: string;
      customers: number;
      actualHoldoutPurchases: number;
      errors: { model: string; mae: number; rmse: number; totalPredicted: number }[];
      best: string;
    } | null;
  };
  const n = (v: number) => v.toLocaleString('en');
  const codes = Object.entries(r.rejectedByCode)
    .map(([code, count]) => `${code} ${n(count)}`)
    .join(', ');
  lines.push(
    '| invoice lines | lines imported | lines rejected (by code, of the first 100,000 reported) | import (s) | value run (s) | customers | orders with a positive total | as of |',
  );
  lines.push('|---:|---:|---|---:|---:|---:|---:|---|');
  lines.push(
    `| ${n(r.lines)} | ${n(r.inserted)} | ${n(r.rejected)} (${codes}) | ${r.importSeconds} | ${r.runSeconds} | ${n(r.customers)} | ${n(r.orders)} | ${r.asOf} |`,
  );
  lines.push('');
  lines.push('| fit (weeks) | parameters | log-likelihood | converged |');
  lines.push('|---|---|---:|---|');
  for (const f of r.fits) {
    const params = Object.entries(f.params)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(`| ${f.model} | ${params} | ${f.logLikelihood} | ${f.converged} |`);
  }
  const v = r.validation;
  if (v) {
    lines.push('');
    lines.push(
      `Holdout after ${v.calibrationEnd}: ${n(v.customers)} customers made ${n(v.actualHoldoutPurchases)} repeat purchase days; best predictor by MAE: ${v.best}.`,
    );
    lines.push('');
    lines.push('| predictor | MAE | RMSE | predicted holdout purchases |');
    lines.push('|---|---:|---:|---:|');
    for (const e of v.errors) lines.push(`| ${e.model} | ${e.mae} | ${e.rmse} | ${n(e.totalPredicted)} |`);
  }
} else if (suite === 'relationships') {
  const customers = values.customers ?? '1000000';
  const args = ['--customers', customers, '--checks', values.checks, '--pg-url', pgUrl];
  if (values.orders) args.push('--orders', values.orders);
  if (values.touchpoints) args.push('--touchpoints', values.touchpoints);
  const r = runCaseLines('bench/relationships.ts', args).at(-1)! as {
    customers: number;
    orders: number;
    touchpoints: number;
    cases: number;
    survey_answers: number;
    customer_values: number;
    seedSeconds: number | null;
    runs: {
      run: string;
      asOfDaysLater: number;
      customers: number;
      seconds: number;
      stageSeconds: number;
      pagesSeconds: number;
      busy: { read: number; write: number };
      nodeCpuSeconds: number;
      episodesOpened: number;
      episodesClosed: number;
      peakRssMb: number;
    }[];
    checkInProcess: Latency;
    checkHttp: Latency & { statuses: Record<string, number> };
    checkConcurrent: Latency & {
      clients: number;
      seconds: number;
      requestsPerSecond: number;
      errors: number;
    };
  };
  type Latency = { calls: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  const n = (v: number) => v.toLocaleString('en');
  lines.push(
    `Seeded ${n(r.customers)} customers, ${n(r.orders)} orders, ${n(r.touchpoints)} touch points, ${n(r.cases)} cases, ${n(r.survey_answers)} survey answers and ${n(r.customer_values)} value results${r.seedSeconds === null ? '' : ` in ${r.seedSeconds} s`}.`,
  );
  lines.push('');
  lines.push(
    '| recompute | customers | seconds | staging (s) | pages (s) | DB busy reading / writing pages (s) | Node CPU (s) | episodes opened / closed | peak RSS (MB) | target |',
  );
  lines.push('|---|---:|---:|---:|---:|---|---:|---|---:|---|');
  for (const run of r.runs) {
    const label = run.asOfDaysLater
      ? `${run.run}, ${run.asOfDaysLater} days later`
      : `${run.run}, no profiles yet`;
    lines.push(
      `| ${label} | ${n(run.customers)} | ${run.seconds} | ${run.stageSeconds} | ${run.pagesSeconds} | ${run.busy.read} / ${run.busy.write} | ${run.nodeCpuSeconds} | ${n(run.episodesOpened)} / ${n(run.episodesClosed)} | ${run.peakRssMb} | ${run.seconds < 120 ? '✓' : '✗'} < 2 min |`,
    );
  }
  lines.push('');
  lines.push('| policy check | calls | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | target |');
  lines.push('|---|---:|---:|---:|---:|---:|---|');
  const row = (label: string, l: Latency, target: boolean) =>
    lines.push(
      `| ${label} | ${n(l.calls)} | ${l.p50Ms} | ${l.p95Ms} | ${l.p99Ms} | ${l.maxMs} | ${target ? `${l.p99Ms < 10 ? '✓' : '✗'} p99 < 10 ms` : 'none (load)'} |`,
    );
  row('service call in process, one at a time', r.checkInProcess, true);
  const statuses = Object.entries(r.checkHttp.statuses)
    .map(([code, count]) => `${code}: ${n(count)}`)
    .join(', ');
  row(`POST /api/v1/policy/check, one at a time (keep-alive; ${statuses})`, r.checkHttp, true);
  const c = r.checkConcurrent;
  row(
    `POST /api/v1/policy/check, ${c.clients} clients for ${c.seconds} s (${n(c.requestsPerSecond)}/s, errors ${c.errors})`,
    c,
    false,
  );
} else {
  process.stderr.write(
    `unknown suite '${suite}': use import, demo, web, lookup, ingest, value, value-retail or relationships\n`,
  );
  process.exit(2);
}

const table = lines.join('\n');
process.stdout.write(`${table}\n`);
if (values.record) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `## ${suite} — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `Command: \`npm run bench -- ${process.argv
      .slice(2)
      .filter((a) => a !== '--record')
      .join(' ')}\``,
    '',
    '',
  ].join('\n');
  appendFileSync('bench/RESULTS.md', `\n${header}${table}\n`);
}
