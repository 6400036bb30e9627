import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedFormat } from './cases-social.js';

const run = promisify(execFile);
let dir: string;

/** The real CLI in a child process on an embedded database of its own. */
async function rapport(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = { ...process.env, RAPPORT_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-social-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('rapport cases import-social', { timeout: 180_000 }, () => {
  it('imports a CSV feed, prints the report by line, and finds the same mentions again as imported', async () => {
    const file = join(dir, 'mentions.csv');
    await writeFile(
      file,
      [
        'network,handle,text,url,posted_at,name',
        'x,@sam,"Worst breakfast ever, cold and late",https://x.com/sam/1,2026-03-01T09:00:00Z,Sam',
        'x,@lee,Lovely stay,https://x.com/lee/2,2026-03-01T10:00:00Z,',
        'x,@kim,Awful,https://x.com/kim/3,soon,',
      ].join('\n'),
    );
    const first = await rapport('cases', 'import-social', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('1 created, 0 already imported, 1 skipped (not negative), 1 failed');
    expect(first.stdout).toMatch(/line 2: created C-\d{6} \(new provisional customer\)/);
    expect(first.stdout).toContain('line 4: failed: posted_at must be an ISO 8601 date-time');

    const json = join(dir, 'mentions.json');
    await writeFile(
      json,
      JSON.stringify({
        mentions: [
          {
            network: 'x',
            handle: 'sam',
            text: 'Worst breakfast ever, cold and late',
            url: 'https://x.com/sam/1',
            postedAt: '2026-03-01T09:00:00Z',
          },
        ],
      }),
    );
    const again = await rapport('--json', 'cases', 'import-social', json);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ format: 'json', created: 0, duplicates: 1 });

    const missing = await rapport('cases', 'import-social', join(dir, 'nope.csv'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Cannot read');
  });

  it('tells JSON from CSV by the extension, else by the first character', () => {
    expect(feedFormat('a.JSON', 'x')).toBe('json');
    expect(feedFormat('a.csv', '{')).toBe('csv');
    expect(feedFormat('feed', '  {"mentions":[]}')).toBe('json');
    expect(feedFormat('feed.txt', 'network,handle')).toBe('csv');
  });
});
