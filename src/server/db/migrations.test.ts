import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from './migrate.js';

/** The migrations folder as it was before migration `tag` (and every later one). */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`no migration ${tag}`);
  for (const e of journal.entries.slice(cut)) rmSync(join(dir, `${e.tag}.sql`));
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('migration 0016: positional stored SLA targets, a full evaluation for every tracked case', () => {
  it('rewrites targets stored as objects into [kind, minutes, state, due ms, warn ms], and queues open cases for a full evaluation', async () => {
    const before = migrationsBefore('0016_sla_sweep_fast_path');
    const client = await PGlite.create({ extensions: { pg_trgm } });
    cleanups.push(
      () => client.close(),
      () => rmSync(before, { recursive: true, force: true }),
    );
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: before });

    // Only the SLA rows matter here: the foreign keys are not checked for this session.
    await client.exec(`set session_replication_role = replica`);
    const ws = '00000000-0000-4000-8000-000000000001';
    const old = [
      {
        kind: 'first_response',
        targetMinutes: 240,
        state: 'met',
        dueAt: '2026-06-02T13:00:00.000Z',
        warnAt: null,
      },
      {
        kind: 'resolution',
        targetMinutes: 1440,
        state: 'on_track',
        dueAt: '2026-06-05T09:00:00.123Z',
        warnAt: '2026-06-04T11:00:00.000Z',
      },
    ];
    await client.query(
      `insert into case_slas (workspace_id, case_id, targets, check_at, evaluated_at) values
         ($1, '00000000-0000-4000-8000-0000000000a1', $2::jsonb, '2030-01-01T09:00:00Z', '2026-06-01T09:00:00Z'),
         ($1, '00000000-0000-4000-8000-0000000000a2', '[]'::jsonb, null, '2026-06-01T09:00:00Z')`,
      [ws, JSON.stringify(old)],
    );

    await migrate(db, { migrationsFolder: MIGRATIONS_DIR });

    const { rows } = await client.query<{
      case_id: string;
      targets: unknown;
      evaluated_at: Date | null;
      check_at: Date | null;
    }>(`select case_id, targets, evaluated_at, check_at from case_slas order by case_id`);
    expect(rows.map((r) => r.targets)).toEqual([
      [
        ['first_response', 240, 'met', Date.parse('2026-06-02T13:00:00.000Z'), null],
        [
          'resolution',
          1440,
          'on_track',
          Date.parse('2026-06-05T09:00:00.123Z'),
          Date.parse('2026-06-04T11:00:00.000Z'),
        ],
      ],
      [],
    ]);
    // The case with a check to come is evaluated in full by the next sweep (which stores its
    // auto-reassignment time); the one with nothing to check stays as it was.
    expect(rows[0]!.evaluated_at).toBeNull();
    expect(rows[0]!.check_at!.getTime()).toBeLessThan(Date.parse('2030-01-01T09:00:00Z'));
    expect(rows[1]!.evaluated_at).toEqual(new Date('2026-06-01T09:00:00Z'));
    expect(rows[1]!.check_at).toBeNull();
    const indexes = await client.query<{ indexname: string }>(
      `select indexname from pg_indexes where tablename = 'case_slas' order by 1`,
    );
    expect(indexes.rows.map((r) => r.indexname)).not.toContain('case_slas_state_idx');
  });
});
