import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  dir = await mkdtemp(join(tmpdir(), 'rapport-lookup-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('rapport lookup', { timeout: 180_000 }, () => {
  it('finds an imported guest by phone as typed, and says why a lookup is refused', async () => {
    const file = join(dir, 'guests.csv');
    await writeFile(
      file,
      'external_id,email,phone,first_name,last_name\nG-7,Ann@Example.com,+44 7911 123456,Ann,Lee\n',
    );
    expect((await rapport('import', 'customers', file)).code).toBe(0);

    const text = await rapport('lookup', '--phone', '07911 123456');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Ann Lee');
    expect(text.stdout).toContain('ann@example.com · +447911123456');

    const json = await rapport('--json', 'lookup', '--external-id', 'G-7');
    expect(JSON.parse(json.stdout)).toMatchObject({
      matchedBy: { kind: 'external_id', source: 'import', value: 'G-7' },
      customer: { fullName: 'Ann Lee' },
    });

    const missing = await rapport('lookup', '--email', 'nobody@example.com');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No customer of this workspace has this identifier');
    const both = await rapport('lookup', '--email', 'ann@example.com', '--phone', '07911 123456');
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('querystring.email');
  });
});
