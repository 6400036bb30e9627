import { sql } from 'drizzle-orm';
import { bigserial, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import type { Database } from './client.js';
import { tstz } from './columns.js';
import { insertRows, pgArray, rowsOf } from './raw.js';

const things = pgTable('raw_test_things', {
  id: uuid('id').notNull().primaryKey(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  label: text('label').notNull(),
  note: text('note'),
  tags: text('tags').array(),
  details: jsonb('details'),
  at: tstz('at'),
  weight: integer('weight').notNull().default(7),
});

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.q().execute(sql`
    create table raw_test_things (id uuid primary key, seq bigserial not null, label text not null, note text,
      tags text[], details jsonb, at timestamptz(3), weight integer not null default 7)`);
});
afterAll(async () => {
  await db.close();
});

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const read = async () =>
  rowsOf(
    await db.q().execute(sql`
      select id, label, note, tags, details, (extract(epoch from at) * 1000)::float8 as at_ms, weight
      from raw_test_things order by seq`),
  );

describe('insertRows', () => {
  it('writes every type the tables use, in the order given, with defaults for columns no row sets', async () => {
    const at = new Date('2026-06-03T11:00:00.123Z');
    await insertRows(db.q(), things, [
      {
        id: id(3),
        label: 'third "quoted"',
        tags: ['a b', 'c,d'],
        details: { nested: { n: 1 }, s: "it's" },
        at,
      },
      { id: id(1), label: 'first', note: 'a note', tags: [], details: ['x'], at: null },
      { id: id(2), label: '<script>', details: 'just a string' },
    ]);
    const rows = await read();
    expect(rows.map((r) => r.id)).toEqual([id(3), id(1), id(2)]);
    expect(rows[0]).toMatchObject({
      label: 'third "quoted"',
      note: null,
      tags: ['a b', 'c,d'],
      details: { nested: { n: 1 }, s: "it's" },
      at_ms: at.getTime(),
      weight: 7,
    });
    expect(rows[1]).toMatchObject({ note: 'a note', tags: [], details: ['x'], at_ms: null });
    // A row without a nullable column has NULL there, as the query builder would write.
    expect(rows[2]).toMatchObject({ label: '<script>', tags: null, details: 'just a string', at_ms: null });
  });

  it('sends values every row shares once, and writes in batches without losing the order', async () => {
    await db.q().execute(sql`delete from raw_test_things`);
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: id(100 + i), label: `row ${i}` }));
    await insertRows(db.q(), things, rows, {
      same: { note: 'shared', details: { source: 'import' }, weight: 3 },
      batch: 3,
    });
    const back = await read();
    expect(back.map((r) => r.label)).toEqual(rows.map((r) => r.label));
    expect(new Set(back.map((r) => JSON.stringify([r.note, r.details, r.weight])))).toEqual(
      new Set([JSON.stringify(['shared', { source: 'import' }, 3])]),
    );
  });

  it('refuses a column with a default that only some rows set, instead of writing NULL into it', async () => {
    await expect(
      insertRows(db.q(), things, [
        { id: id(10), label: 'x', weight: 1 },
        { id: id(11), label: 'y' },
      ]),
    ).rejects.toThrow(/weight is set on some rows only/);
  });

  it('writes nothing for no rows', async () => {
    const before = (await read()).length;
    await insertRows(db.q(), things, []);
    expect((await read()).length).toBe(before);
  });
});

describe('pgArray', () => {
  it('round-trips strings that need quoting, NULLs and numbers through a cast', async () => {
    const items = ['plain', 'with space', 'a"quote', 'back\\slash', '{brace}', 'NULL', '', null];
    const [row] = rowsOf(
      await db
        .q()
        .execute(sql`select ${pgArray(items)}::text[] as a, ${pgArray([1, 2.5, Number.NaN])}::float8[] as n`),
    );
    expect(row!.a).toEqual(items);
    expect(row!.n).toEqual([1, 2.5, null]);
  });
});
