import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** The checkout (this file is src/cli/commands/) and ../shared/data beside it. */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const data = (name: string) => fileURLToPath(new URL(`../../../../shared/data/${name}`, import.meta.url));
let dir: string;
let summaryFile: string;

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

/** The real CLI in a child process; RAPPORT_DATA_DIR points at a directory that must stay absent. */
async function rapport(...args: string[]): Promise<Result> {
  const env = { ...process.env, RAPPORT_DATA_DIR: join(dir, 'never-opened'), DATABASE_URL: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as Result;
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** The same through `npm run --silent rapport --`, as the contract calls it. */
async function npmRapport(...args: string[]): Promise<Result> {
  const env = { ...process.env, RAPPORT_DATA_DIR: join(dir, 'never-opened'), DATABASE_URL: '' };
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'rapport', '--', ...args], {
      cwd: root,
      env,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as Result;
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const jsonOf = (res: Result) => {
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout);
};
const csvOf = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
/** |got − want| within `rel` of want. */
const near = (got: number, want: number, rel: number) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-value-'));
  // The CDNOW summary with spend, in the lifetimes column naming the CLI reads.
  const lines = (await readFile(data('cdnow_customers_summary_with_transactions.csv'), 'utf8'))
    .trim()
    .split(/\r?\n/);
  summaryFile = join(dir, 'cdnow.csv');
  await writeFile(
    summaryFile,
    ['customer_id,frequency,recency,T,monetary_value', ...lines.slice(1)].join('\n'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each command is a fresh tsx process (a second or two each), so the checks run side by side.
describe('rapport value (files only, no database)', { timeout: 180_000 }, () => {
  it('fits BG/NBD, Pareto/NBD, Gamma-Gamma and sBG to the published CDNOW and survivor results', async () => {
    const [bg, pareto, gg, sbg, text] = await Promise.all([
      rapport('value', 'fit', '--model', 'bgnbd', '--summary', summaryFile, '--json'),
      rapport('value', 'fit', '--model', 'pareto-nbd', '--summary', summaryFile, '--json'),
      rapport('--json', 'value', 'fit', '--model', 'gamma-gamma', '--summary', summaryFile),
      npmRapport(
        'value',
        'fit',
        '--model',
        'sbg',
        '--survivors',
        '1000,869,743,653,593,551,517,491',
        '--json',
      ),
      rapport('value', 'fit', '--model', 'bgnbd', '--summary', summaryFile),
    ]);

    const b = jsonOf(bg);
    expect(Object.keys(b).slice(0, 4)).toEqual(['model', 'params', 'logLikelihood', 'n']);
    expect(b).toMatchObject({ model: 'bgnbd', n: 2357 });
    expect(Object.keys(b.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(b.params.r).toBeCloseTo(0.243, 3);
    expect(b.params.alpha).toBeCloseTo(4.414, 3);
    expect(b.params.a).toBeCloseTo(0.793, 3);
    expect(b.params.b).toBeCloseTo(2.426, 3);
    expect(b.logLikelihood).toBeCloseTo(-9582.4, 1);

    const p = jsonOf(pareto);
    expect(p).toMatchObject({ model: 'pareto-nbd', n: 2357 });
    expect(Object.keys(p.params)).toEqual(['r', 'alpha', 's', 'beta']);
    // s and β lie on a flat ridge of the likelihood: the published digits are matched to 1 %.
    near(p.params.r, 0.553, 0.005);
    near(p.params.alpha, 10.578, 0.005);
    near(p.params.s, 0.606, 0.01);
    near(p.params.beta, 11.669, 0.01);
    expect(p.logLikelihood).toBeCloseTo(-9595.0, 1);

    // The spend file is rounded to cents, so the published estimates are met to 0.5 %.
    const g = jsonOf(gg);
    expect(g).toMatchObject({ model: 'gamma-gamma', n: 946 });
    expect(Object.keys(g.params)).toEqual(['p', 'q', 'v']);
    near(g.params.p, 6.25, 0.005);
    near(g.params.q, 3.74, 0.005);
    near(g.params.v, 15.44, 0.005);
    expect(Number.isFinite(g.logLikelihood)).toBe(true);

    const s = jsonOf(sbg);
    expect(s).toMatchObject({ model: 'sbg', n: 1000 });
    expect(Object.keys(s.params)).toEqual(['alpha', 'beta']);
    expect(s.params.alpha).toBeCloseTo(0.668, 3);
    expect(s.params.beta).toBeCloseTo(3.806, 3);

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^BG\/NBD fitted on 2357 customers: converged/);
    expect(text.stdout).toMatch(/log-likelihood -9582\.4/);

    expect(existsSync(join(dir, 'never-opened'))).toBe(false);
  });

  it('predicts with given parameters, and summarises the CDNOW transactions into the published summary', async () => {
    const params = JSON.stringify({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const [predicted, summarized] = await Promise.all([
      rapport(
        'value',
        'predict',
        '--model',
        'bgnbd',
        '--summary',
        summaryFile,
        '--t',
        '39',
        '--params',
        params,
      ),
      rapport(
        'value',
        'summarize',
        '--orders',
        data('CDNOW_sample.txt'),
        '--calibration-end',
        '1997-09-30',
        '--unit',
        'week',
        '--observation-end',
        '1998-06-30',
      ),
    ]);

    expect(predicted).toMatchObject({ code: 0, stderr: '' });
    const rows = csvOf(predicted.stdout);
    expect(rows[0]).toEqual(['customer_id', 'expected_purchases', 'p_alive']);
    expect(rows).toHaveLength(2358);
    expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 2357 }, (_, i) => String(i + 1)));
    expect(Number(rows[1]![1])).toBeCloseTo(1.226, 3); // x = 2, t_x = 30.43, T = 38.86
    const pAlive = Number(rows[1]![2]);
    expect(pAlive).toBeGreaterThan(0);
    expect(pAlive).toBeLessThanOrEqual(1);

    expect(summarized).toMatchObject({ code: 0, stderr: '' });
    const got = csvOf(summarized.stdout);
    expect(got[0]).toEqual([
      'customer_id',
      'frequency',
      'recency',
      'T',
      'monetary_value',
      'frequency_holdout',
      'duration_holdout',
    ]);
    const reference = csvOf(await readFile(data('cdnow_customers_summary.csv'), 'utf8')).slice(1);
    const holdout = csvOf(await readFile(data('cdnow_calibration_holdout.csv'), 'utf8')).slice(1);
    const round2 = (v: string | undefined) => Number(Number(v).toFixed(2));
    expect(got.slice(1).map((r) => [Number(r[0]), Number(r[1]), round2(r[2]), round2(r[3])])).toEqual(
      reference.map((r) => r.map(Number)),
    );
    expect(got.slice(1).map((r) => Number(r[5]))).toEqual(holdout.map((r) => Number(r[5])));
    expect(new Set(got.slice(1).map((r) => r[6]))).toEqual(new Set(['39']));
  });

  it('fails with exit code 2 and one line naming the column, flag or model', async () => {
    const noSpend = join(dir, 'no-spend.csv');
    await writeFile(noSpend, 'customer_id,frequency,recency,T\n1,2,30.43,38.86\n');
    const [column, model, missing, flag] = await Promise.all([
      rapport('value', 'fit', '--model', 'gamma-gamma', '--summary', noSpend, '--json'),
      rapport('value', 'fit', '--model', 'bgnbdx', '--summary', noSpend, '--json'),
      rapport('value', 'predict', '--model', 'bgnbd', '--summary', join(dir, 'nope.csv'), '--t', '39'),
      rapport('value', 'summarize', '--orders', data('CDNOW_sample.txt'), '--unit', 'week'),
    ]);
    for (const res of [column, model, missing, flag]) {
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(column.stderr).toMatch(/no column 'monetary_value'/);
    expect(model.stderr).toMatch(/--model must be one of bgnbd, pareto-nbd, gamma-gamma, sbg; got 'bgnbdx'/);
    expect(missing.stderr).toMatch(/--summary .*nope\.csv: cannot read \(no such file\)/);
    expect(flag.stderr).toMatch(/needs --calibration-end/);
  });
});
