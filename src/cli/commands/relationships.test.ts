import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELATIONSHIP_TYPES } from '../../shared/contracts/relationships.js';

const run = promisify(execFile);
let dir: string;

async function rapport(...args: string[]) {
  const env = { ...process.env, RAPPORT_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
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
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-rel-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('rapport relationships', { timeout: 300_000 }, () => {
  it('evaluates the classifier against the demo’s planted types: accuracy, n and the confusion matrix', async () => {
    const res = await rapport('--json', 'relationships', 'evaluate', '--customers', '600', '--seed', '3');
    expect(res.code, res.stderr).toBe(0);
    const body = lastJson(res.stdout);
    // Customers with planted signals or a survey answer: about 85% of the ~594 modelled ones.
    expect(body.n).toBeGreaterThan(450);
    expect(body.n).toBeLessThan(594);
    expect(body.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(Object.keys(body.confusion).sort()).toEqual([...RELATIONSHIP_TYPES].sort());
    const cells = Object.values(body.confusion as Record<string, Record<string, number>>).flatMap((row) =>
      Object.values(row),
    );
    expect(cells.reduce((a, b) => a + b, 0)).toBe(body.n);
    const hits = RELATIONSHIP_TYPES.reduce((s, t) => s + body.confusion[t][t], 0);
    expect(hits / body.n).toBeCloseTo(body.accuracy, 3);
    expect(body.overall.n).toBeGreaterThan(body.n);
  });

  it('refuses a size out of range and a missing truth file with exit code 2', async () => {
    const small = await rapport('--json', 'relationships', 'evaluate', '--customers', '5');
    expect(small.code).toBe(2);
    expect(lastJson(small.stdout).error.message).toMatch(/--customers/);
    const missing = await rapport('--json', 'relationships', 'evaluate', '--truth', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(lastJson(missing.stdout).error.message).toMatch(/Cannot read the ground truth/);
  });
});
