import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;

/** Runs the real CLI in a child process on its own embedded database. */
async function rapport(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return rapportIn('data', ...args);
}

async function rapportIn(
  dataDir: string,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = { ...process.env, RAPPORT_DATA_DIR: join(dir, dataDir), DATABASE_URL: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const json = async (...args: string[]) => {
  const res = await rapport('--json', ...args);
  const last = res.stdout.trim().split('\n').at(-1) ?? '';
  return { ...res, body: JSON.parse(last) };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each command is a fresh process that opens and migrates its database: seconds each, more under load.
describe('rapport CLI', { timeout: 180_000 }, () => {
  it('seeds the demo, exports it, and re-imports the export into another workspace without duplicates', async () => {
    const seeded = await json('demo', 'seed', '--customers', '40', '--seed', '7');
    expect(seeded.code).toBe(0);
    expect(seeded.body).toMatchObject({ workspace: 'demo', customers: 40 });
    expect(seeded.body.password).toEqual(expect.any(String));
    const truth = JSON.parse(await readFile(seeded.body.truthFile, 'utf8'));
    expect(truth.model.bgnbd).toMatchObject({ r: expect.any(Number), alpha: expect.any(Number) });

    const file = join(dir, 'customers.csv');
    const exported = await json('export', 'customers', '--format', 'csv', '--out', file);
    expect(exported.body).toMatchObject({ exported: 40, format: 'csv' });
    const csv = await readFile(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('email');
    expect(csv.trim().split('\n')).toHaveLength(41);

    expect(
      (await json('demo', 'seed', '--customers', '5', '--seed', '8', '--workspace', 'branch')).code,
    ).toBe(0);
    const first = await json('import', 'customers', file, '--workspace', 'branch');
    expect(first.code).toBe(0);
    expect(first.body).toMatchObject({ rejectedCount: 0, inserted: 40, updated: 0 });
    expect(first.body.ignoredColumns).toEqual(expect.arrayContaining(['rapport_id', 'created_at']));
    const again = await json('import', 'customers', file, '--workspace', 'branch');
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 40, rejectedCount: 0 });

    const all = await rapport('export', 'customers', '--format', 'json', '--workspace', 'branch');
    expect(JSON.parse(all.stdout)).toHaveLength(45);
  });

  it('imports into a brand-new database, creating the first workspace and its admin', async () => {
    const file = join(dir, 'guests.csv');
    await writeFile(file, 'email,first_name\nann@example.com,Ann\nnot-an-email,Bob\n');
    const res = await rapportIn('fresh', '--json', 'import', 'customers', file);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/Created workspace 'main'\. Log in as admin@rapport\.local with password \S+/);
    expect(JSON.parse(res.stdout)).toMatchObject({
      inserted: 1,
      rejectedCount: 1,
      rejected: [{ line: 3, column: 'email' }],
    });
  });

  it('creates users and explains mistakes with a non-zero exit code', async () => {
    const created = await json('users', 'create', '--email', 'ana@example.com', '--role', 'analyst');
    expect(created.body.user).toMatchObject({ email: 'ana@example.com', role: 'analyst' });
    const badRole = await rapport('users', 'create', '--email', 'x@example.com', '--role', 'boss');
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role must be one of');
    const missing = await json('import', 'orders', join(dir, 'nope.csv'));
    expect(missing.code).not.toBe(0);
    expect(missing.body.error.message).toContain('Cannot read');
    const existing = await rapport('demo', 'seed', '--customers', '5');
    expect(existing.stderr).toContain("Workspace 'demo' exists already");
  });

  it('finds likely duplicates, previews and merges them, and undoes the merge', async () => {
    const file = join(dir, 'dupes.csv');
    await writeFile(
      file,
      'email,first_name,last_name,birthday\nkate.moss@example.com,Kate,Moss,1974-01-16\nk.moss@example.net,Katie,Moss,1974-01-16\n',
    );
    expect((await rapportIn('dupes', '--json', 'import', 'customers', file)).code).toBe(0);
    const queue = await rapportIn('dupes', '--json', 'identity', 'candidates', '--scan');
    const candidates = JSON.parse(queue.stdout.trim().split('\n').at(-1)!);
    expect(candidates.scan).toMatchObject({ scanned: 2, found: 1 });
    expect(candidates.candidates[0].signals.map((s: { kind: string }) => s.kind)).toEqual([
      'name',
      'birthday',
    ]);

    const preview = await rapportIn(
      'dupes',
      'identity',
      'merge',
      'kate.moss@example.com',
      'k.moss@example.net',
      '--dry-run',
    );
    expect(preview.stdout).toMatch(/emails .*kate\.moss@example\.com.*k\.moss@example\.net/);
    expect(preview.stdout).toContain('Dry run: nothing changed.');

    const merged = await rapportIn(
      'dupes',
      '--json',
      'identity',
      'merge',
      'kate.moss@example.com',
      'k.moss@example.net',
    );
    const merge = JSON.parse(merged.stdout.trim().split('\n').at(-1)!);
    expect(merge).toMatchObject({ trigger: 'staff', movedCounts: { identity: 1 } });
    const history = await rapportIn('dupes', 'identity', 'history');
    expect(history.stdout).toContain(merge.id);

    const undone = await rapportIn('dupes', 'identity', 'unmerge', merge.id);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toContain('marked "never merge"');
    const again = await rapportIn('dupes', 'identity', 'unmerge', merge.id);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already undone/);
  });

  it('prints a day of arrivals with messages, as text and as one JSON object', async () => {
    const customers = join(dir, 'guests.csv');
    await writeFile(
      customers,
      'id,email,first_name,last_name,prefers_human_service\nG1,rita@example.com,Rita,Regular,no\nG2,nina@example.com,Nina,New,yes\n',
    );
    expect((await rapportIn('briefing', '--json', 'import', 'customers', customers)).code).toBe(0);
    const arrivals = join(dir, 'arrivals.csv');
    // Nine past stays and today's arrivals, one of them for a customer the workspace does not have.
    const past = Array.from(
      { length: 9 },
      (_, i) =>
        `P${i},G1,2029-${String(i + 1).padStart(2, '0')}-10 15:00,Covent Garden,booking,completed,Suite`,
    );
    await writeFile(
      arrivals,
      [
        'booking_id,guest_id,arrival,hotel,type,status,room_type',
        ...past,
        'B1,G1,2030-01-15 15:00,Covent Garden,booking,,',
        'B2,G2,2030-01-15 09:30,Covent Garden,booking,,',
        'B3,G9,2030-01-15 10:00,Covent Garden,booking,,',
        '',
      ].join('\n'),
    );
    const imported = await rapportIn(
      'briefing',
      '--json',
      'import',
      'visits',
      arrivals,
      '--time-zone',
      'Europe/London',
    );
    expect(JSON.parse(imported.stdout)).toMatchObject({
      kind: 'visits',
      inserted: 11,
      rejected: [{ line: 13, code: 'CUSTOMER_NOT_FOUND' }],
    });

    const asJson = await rapportIn(
      'briefing',
      'briefing',
      '--date',
      '2030-01-15',
      '--location',
      'Covent Garden',
      '--json',
    );
    expect(asJson.code).toBe(0);
    expect(asJson.stdout.trim().split('\n')).toHaveLength(1);
    const body = JSON.parse(asJson.stdout);
    expect(body).toMatchObject({ date: '2030-01-15', location: 'Covent Garden', timeZone: 'Europe/London' });
    expect(body.entries.map((e: { customer: { fullName: string } }) => e.customer.fullName)).toEqual([
      'Nina New',
      'Rita Regular',
    ]);
    expect(body.entries[1].messages.map((m: { text: string }) => m.text)).toEqual([
      '10th stay with us',
      'Usually stays in a suite (9 of 9 stays)',
    ]);
    expect(body.summary).toMatchObject({ customers: 2, customersWithMessage: 2, messages: 3 });

    const text = await rapportIn(
      'briefing',
      'briefing',
      '--date',
      '2030-01-15',
      '--location',
      'Covent Garden',
    );
    expect(text.stdout).toContain('Arrivals at Covent Garden on 2030-01-15 (Europe/London)');
    expect(text.stdout).toContain('2 of 2 guests have a message; 1.5 messages per guest');
    expect(text.stdout).toMatch(/15:00 {2}Rita Regular · booking\n {2}- Milestone: 10th stay with us/);

    const noPlace = await rapportIn('briefing', 'briefing', '--date', '2030-01-15');
    expect(noPlace.code).not.toBe(0);
    expect(noPlace.stderr).toContain("--location is required; locations with visits: 'Covent Garden'");
  });

  it('recomputes customer value on the workspace and says why when there is too little to fit', async () => {
    const empty = await rapportIn('value', '--json', 'value', 'recompute');
    expect(empty.code).not.toBe(0);
    expect(JSON.parse(empty.stdout).error.message).toMatch(/at least 20 customers with orders/);
    const seeded = await rapportIn('value', '--json', 'demo', 'seed', '--customers', '300', '--seed', '3');
    expect(seeded.code).toBe(0);
    const res = await rapportIn('value', '--json', 'value', 'recompute', '--workspace', 'demo');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const body = JSON.parse(lines[0]!);
    expect(body).toMatchObject({ status: 'succeeded', trigger: 'cli', current: true });
    expect(body.customers).toBeGreaterThan(200);
    expect(body.fits.map((f: { model: string }) => f.model)).toEqual(['bgnbd', 'pareto-nbd', 'gamma-gamma']);
    expect(res.stderr).toContain('fitting models');
    const text = await rapportIn('value', 'value', 'recompute', '--workspace', 'demo');
    expect(text.stdout).toMatch(/BG\/NBD: r [0-9.]+, alpha [0-9.]+, a [0-9.]+, b [0-9.]+/);
  });
});
