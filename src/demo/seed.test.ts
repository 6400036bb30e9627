import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.js';
import { createTestWorkspace } from '../../test/factories.js';
import type { Database } from '../server/db/client.js';
import {
  customers,
  identities,
  notes,
  orderLines,
  orders,
  products,
  relationshipSurveyResponses,
  tasks,
  touchpoints,
  users,
  visits,
} from '../server/db/schema.js';
import { type CustomerTruth, DEMO_MODEL, type DuplicateTruth } from './generate.js';
import { type DemoSummary, seedDemo } from './seed.js';

const NOW = new Date('2025-06-01T09:30:00.000Z');
const CUSTOMERS = 300;
const SEED = 11;

interface TruthFile {
  seed: number;
  now: string;
  timeUnit: string;
  observation: { start: string; end: string; weeks: number };
  model: { bgnbd: Record<string, unknown>; gammaGamma: Record<string, unknown> };
  customers: CustomerTruth[];
  duplicates: DuplicateTruth[];
  counts: Omit<DemoSummary, 'truthFile'>;
}

describe('seedDemo', () => {
  let database: Database;
  let dir: string;
  let first: { id: string };
  let second: { id: string };
  let summary: DemoSummary;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'rapport-demo-'));
    first = await createTestWorkspace(database);
    second = await createTestWorkspace(database);
    summary = await seedDemo(database, {
      workspaceId: first.id,
      customers: CUSTOMERS,
      seed: SEED,
      now: NOW,
      truthFile: join(dir, 'nested', 'truth.json'),
      onProgress: (done, total) => progress.push([done, total]),
    });
    await seedDemo(database, { workspaceId: second.id, customers: CUSTOMERS, seed: SEED, now: NOW });
  });

  afterAll(async () => {
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Raw SQL, so one helper serves every table on both drivers. */
  const query = async (text: SQL) => {
    const result: unknown = await database.q().execute(text);
    return (result as { rows: Record<string, unknown>[] }).rows;
  };
  const count = async (table: PgTable, workspaceId: string) => {
    const [row] = await query(
      sql`select count(*)::int as n from ${table} where workspace_id = ${workspaceId}`,
    );
    return row?.['n'];
  };

  it('stores what the summary reports', async () => {
    expect(summary.customers).toBe(CUSTOMERS);
    expect(summary.duplicates).toBe(3);
    expect(summary.orders).toBeGreaterThan(CUSTOMERS);
    expect(summary.orderLines).toBeGreaterThan(summary.orders);
    expect(summary.touchpoints).toBeGreaterThan(summary.orders);
    expect(await count(customers, first.id)).toBe(summary.customers);
    expect(await count(identities, first.id)).toBe(summary.identities);
    expect(await count(orders, first.id)).toBe(summary.orders);
    expect(await count(orderLines, first.id)).toBe(summary.orderLines);
    expect(await count(touchpoints, first.id)).toBe(summary.touchpoints);
    expect(await count(products, first.id)).toBe(summary.products);
    expect(await count(notes, first.id)).toBe(summary.notes);
    expect(await count(tasks, first.id)).toBe(summary.tasks);
    expect(summary.visits).toBeGreaterThan(0);
    expect(await count(visits, first.id)).toBe(summary.visits);
    expect(summary.surveys).toBeGreaterThan(0);
    expect(await count(relationshipSurveyResponses, first.id)).toBe(summary.surveys);
    expect(await count(users, first.id)).toBe(summary.staff);
    expect(progress.at(-1)).toEqual([CUSTOMERS, CUSTOMERS]);
  });

  it('stores an identity for every e-mail and phone of every customer', async () => {
    const rows = await database.q().select().from(customers).where(eq(customers.workspaceId, first.id));
    const ids = await database.q().select().from(identities).where(eq(identities.workspaceId, first.id));
    const owner = new Map(ids.map((i) => [`${i.kind}:${i.value}`, i.customerId]));
    for (const c of rows) {
      for (const e of c.emails) expect(owner.get(`email:${e.value}`)).toBe(c.id);
      for (const p of c.phones) expect(owner.get(`phone:${p.value}`)).toBe(c.id);
      expect(c.searchText).not.toBe('');
      expect(c.createdBy).toEqual({ type: 'system', id: null, name: 'demo' });
    }
  });

  it('stores order totals equal to the sum of their lines', async () => {
    const mismatched = await query(sql`
      select o.id from ${orders} o
      join ${orderLines} l on l.workspace_id = o.workspace_id and l.order_id = o.id
      where o.workspace_id = ${first.id}
      group by o.id, o.total_minor
      having o.total_minor <> sum(l.quantity * l.unit_price_minor)`);
    expect(mismatched).toHaveLength(0);
  });

  it('seeds the same seed into another workspace identically, workspace aside', async () => {
    const read = async (table: PgTable, workspaceId: string, orderBy: string) => {
      const rows = await query(
        sql`select * from ${table} where workspace_id = ${workspaceId} order by ${sql.raw(orderBy)}`,
      );
      return rows.map(({ workspace_id: _ws, ...rest }) => rest);
    };
    const tables: [PgTable, string][] = [
      [customers, 'id'],
      [identities, 'id'],
      [orders, 'id'],
      [orderLines, 'order_id, line_no'],
      [touchpoints, 'id'],
      [notes, 'id'],
      [tasks, 'id'],
      [products, 'id'],
      [users, 'id'],
      [relationshipSurveyResponses, 'id'],
    ];
    for (const [table, orderBy] of tables) {
      const a = await read(table, first.id, orderBy);
      expect(a.length).toBeGreaterThan(0);
      expect(await read(table, second.id, orderBy)).toEqual(a);
    }
  });

  it('writes a ground-truth file that parses and matches the data', async () => {
    expect(summary.truthFile).toBe(join(dir, 'nested', 'truth.json'));
    const truth = JSON.parse(await readFile(summary.truthFile!, 'utf8')) as TruthFile;
    expect(truth.seed).toBe(SEED);
    expect(truth.now).toBe(NOW.toISOString());
    expect(truth.timeUnit).toBe('week');
    expect(truth.observation.weeks).toBe(104);
    expect(truth.model.bgnbd).toMatchObject(DEMO_MODEL.bgnbd);
    expect(truth.model.gammaGamma).toMatchObject(DEMO_MODEL.gammaGamma);
    expect(truth.customers).toHaveLength(CUSTOMERS - summary.duplicates);
    expect(truth.duplicates).toHaveLength(summary.duplicates);
    expect(truth.counts.orders).toBe(summary.orders);

    const perCustomer = await database
      .q()
      .select({
        id: orders.customerId,
        n: sql<number>`count(*)::int`,
        spend: sql<number>`sum(${orders.totalMinor})::int`,
      })
      .from(orders)
      .where(eq(orders.workspaceId, first.id))
      .groupBy(orders.customerId);
    const stored = new Map(perCustomer.map((r) => [r.id, r]));
    for (const c of truth.customers) {
      expect(stored.get(c.id)?.n).toBe(c.transactions);
      expect(stored.get(c.id)?.spend).toBe(c.spendMinor);
      expect(c.lambda).toBeGreaterThan(0);
      expect(c.p).toBeGreaterThan(0);
      expect(c.p).toBeLessThan(1);
      expect(c.nu).toBeGreaterThan(0);
      expect(typeof c.alive).toBe('boolean');
      expect(typeof c.relationship.type).toBe('string');
    }
    const [answers] = await query(
      sql`select count(distinct customer_id)::int as n, min(recorded_by->>'name') as by from ${relationshipSurveyResponses} where workspace_id = ${first.id}`,
    );
    expect(answers).toEqual({ n: truth.customers.filter((c) => c.relationship.survey).length, by: 'demo' });
    const ids = new Set(
      (
        await database
          .q()
          .select({ id: customers.id })
          .from(customers)
          .where(eq(customers.workspaceId, first.id))
      ).map((r) => r.id),
    );
    for (const d of truth.duplicates) {
      expect(ids.has(d.originalId)).toBe(true);
      expect(ids.has(d.duplicateId)).toBe(true);
    }
  });

  it('writes nothing when seeding fails, and leaves no truth file behind', async () => {
    const before = await count(customers, first.id);
    const failedTruth = join(dir, 'failed', 'truth.json');
    // The same seed again collides with the ids already in the workspace.
    await expect(
      seedDemo(database, {
        workspaceId: first.id,
        customers: 20,
        seed: SEED,
        now: NOW,
        truthFile: failedTruth,
      }),
    ).rejects.toThrow();
    expect(await count(customers, first.id)).toBe(before);
    expect(existsSync(failedTruth)).toBe(false);
    expect(await readdir(join(dir, 'failed'))).toEqual([]);
  });
});
