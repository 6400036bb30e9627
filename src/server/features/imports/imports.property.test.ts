import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/db.js';
import { createTestWorkspace } from '../../../../test/factories.js';
import type { ImportRejectionCode } from '../../../shared/contracts/imports.js';
import type { Database } from '../../db/client.js';
import { customers, identities, orderLines, orders } from '../../db/schema.js';
import { fixedClock } from '../../lib/clock.js';
import { createAuditRepo } from '../audit/audit.repo.js';
import { createAuditLog } from '../audit/audit.service.js';
import { createImportsService, type ImportRunOptions } from './imports.service.js';

let database: Database;
let service: ReturnType<typeof createImportsService>;

beforeAll(async () => {
  database = await createTestDatabase();
  const clock = fixedClock('2025-01-15T10:00:00Z');
  service = createImportsService({
    database,
    audit: createAuditLog({ repo: createAuditRepo(database), clock }),
    clock,
  });
});
afterAll(async () => {
  await database?.close();
});

/** How the file is written: none of it may change what lands. */
const Layout = fc.record({
  delimiter: fc.constantFrom(',', ';'),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  chunkBytes: fc.integer({ min: 1, max: 300 }),
  chunkSize: fc.integer({ min: 1, max: 12 }),
});
type Layout = typeof Layout extends fc.Arbitrary<infer T> ? T : never;

/** A row of the file: its cells, whether it is good, and the code a bad one must get. */
interface Row {
  cells: string[];
  bad: ImportRejectionCode | null;
}

/** Text that CSV quoting must protect: delimiters, quotes, line breaks, non-ASCII. */
const awkwardText = fc
  .array(fc.constantFrom('a', 'Z', 'é', 'ß', '😀', ' ', ',', ';', '"', "'", '\n', '\r\n', '|'), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => `n${parts.join('')}`);

/** Quotes a cell when it holds either delimiter, a quote, a line break or edge spaces. */
function field(value: string): string {
  return /[",;\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes the rows and returns the text with the line each row starts on. */
function writeCsv(header: string[], rows: (Row | 'blank')[], layout: Layout) {
  const lines = [header.join(layout.delimiter)];
  const starts: number[] = [];
  let line = 2;
  for (const row of rows) {
    const text = row === 'blank' ? '' : row.cells.map(field).join(layout.delimiter);
    starts.push(line);
    line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
    lines.push(text);
  }
  return { text: (layout.bom ? '\uFEFF' : '') + lines.join(layout.eol) + layout.eol, starts };
}

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

function importFile(
  actor: Parameters<typeof service.run>[0],
  kind: ImportRunOptions['kind'],
  text: string,
  layout: Layout,
) {
  return service.run(actor, {
    kind,
    input: chunks(text, layout.chunkBytes),
    fileName: 'prop.csv',
    defaultCurrency: 'EUR',
    defaultCountry: 'GB',
    chunkSize: layout.chunkSize,
  });
}

/** Checks the report against the rows: every bad row by its line and code, counts adding up. */
function expectReport(
  report: Awaited<ReturnType<typeof service.run>>,
  rows: (Row | 'blank')[],
  starts: number[],
  goodCount: number,
) {
  const expected = rows.flatMap((r, i) => (r !== 'blank' && r.bad ? [[starts[i], r.bad]] : []));
  expect(report.rejected.map((r) => [r.line, r.code])).toEqual(expected);
  expect(report.rejectedCount).toBe(expected.length);
  expect(report.rowsRead).toBe(goodCount + expected.length);
  expect(report.inserted + report.updated + report.unchanged + report.rejectedCount).toBe(report.rowsRead);
}

describe('customer import, arbitrary good and bad rows', () => {
  const header = ['id', 'email', 'phone', 'first_name', 'birthday', 'country', 'prefers_human_service'];
  const good = (i: number, name: string): Row => ({
    cells: [
      `G${i}`,
      `G${i}@Example.com`,
      i % 2 ? `07911 ${100000 + i}` : '',
      name,
      '1990-04-23',
      'gb',
      'yes',
    ],
    bad: null,
  });
  const badKinds: [ImportRejectionCode, (i: number, name: string) => string[]][] = [
    ['INVALID_EMAIL', (i, n) => [`B${i}`, 'b@', '', n, '', '', '']],
    ['INVALID_PHONE', (i, n) => [`B${i}`, '', '12', n, '', '', '']],
    ['INVALID_DATE', (i, n) => [`B${i}`, '', '', n, '31/02/1990', '', '']],
    ['INVALID_VALUE', (i, n) => [`B${i}`, '', '', n, '', 'Atlantis', '']],
    ['INVALID_VALUE', (i, n) => [`B${i}`, '', '', n, '', '', 'maybe']],
    ['REQUIRED', (_i, n) => ['', '', '', n, '', '', '']],
    ['TOO_LONG', (i) => [`B${i}`, '', '', 'x'.repeat(101), '', '', '']],
    ['TOO_MANY_COLUMNS', (i, n) => [`B${i}`, '', '', n, '', '', '', 'extra']],
    ['TOO_FEW_COLUMNS', (i) => [`B${i}`, `b${i}@example.com`]],
  ];
  const rowSpec = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('good' as const), name: awkwardText }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('bad' as const),
        which: fc.integer({ min: 0, max: badKinds.length - 1 }),
        name: awkwardText,
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
  );

  it('lands every good row, reports every bad row by its line, and re-imports as unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowSpec, { maxLength: 25 }), Layout, async (specs, layout) => {
        const ws = await createTestWorkspace(database);
        const rows = specs.map((s, i): Row | 'blank' => {
          if (s.kind === 'blank') return 'blank';
          if (s.kind === 'good') return good(i, s.name);
          const [code, cells] = badKinds[s.which] ?? badKinds[0]!;
          return { cells: cells(i, s.name), bad: code };
        });
        const goodRows = rows.filter((r): r is Row => r !== 'blank' && r.bad === null);
        const { text, starts } = writeCsv(header, rows, layout);

        const report = await importFile(ws.actor, 'customers', text, layout);
        expectReport(report, rows, starts, goodRows.length);
        expect(report.inserted).toBe(goodRows.length);

        const stored = await database.q().select().from(customers).where(eq(customers.workspaceId, ws.id));
        const ids = await database.q().select().from(identities).where(eq(identities.workspaceId, ws.id));
        const byExt = new Map(
          ids.filter((i) => i.kind === 'external_id').map((i) => [i.value, i.customerId]),
        );
        expect(stored).toHaveLength(goodRows.length);
        expect([...byExt.keys()].sort()).toEqual(goodRows.map((r) => r.cells[0]).sort());
        for (const row of goodRows) {
          const customer = stored.find((c) => c.id === byExt.get(row.cells[0] ?? ''));
          expect(customer?.givenName).toBe(row.cells[3]?.trim());
          expect(customer?.primaryEmail).toBe(row.cells[1]?.toLowerCase());
          expect(customer).toMatchObject({ birthday: '1990-04-23', prefersHumanService: true });
        }

        const again = await importFile(ws.actor, 'customers', text, layout);
        expectReport(again, rows, starts, goodRows.length);
        expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: goodRows.length });
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('order import, arbitrary good and bad rows', () => {
  const header = ['order_id', 'customer_id', 'date', 'sku', 'description', 'quantity', 'price'];
  const badKinds: [ImportRejectionCode, (o: number, d: string) => string[]][] = [
    ['INVALID_VALUE', (o, d) => [`O${o}`, 'C1', '2024-01-01', 'S1', d, '0', '1.00']],
    ['INVALID_NUMBER', (o, d) => [`O${o}`, 'C1', '2024-01-01', 'S1', d, '1', '1.005']],
    ['INVALID_NUMBER', (o, d) => [`O${o}`, 'C1', '2024-01-01', 'S1', d, '1.5', '1.00']],
    ['INVALID_DATE', (o, d) => [`O${o}`, 'C1', '2024-13-01', 'S1', d, '1', '1.00']],
    ['REQUIRED', (o, d) => [`O${o}`, '', '2024-01-01', 'S1', d, '1', '1.00']],
    ['REQUIRED', (_o, d) => ['', 'C1', '2024-01-01', 'S1', d, '1', '1.00']],
  ];
  const rowSpec = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('good' as const),
        order: fc.integer({ min: 1, max: 6 }),
        customer: fc.integer({ min: 1, max: 4 }),
        sku: fc.integer({ min: 1, max: 5 }),
        description: awkwardText,
        quantity: fc.integer({ min: -5, max: 20 }).filter((q) => q !== 0),
        cents: fc.integer({ min: 0, max: 999_999 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('bad' as const),
        order: fc.integer({ min: 1, max: 6 }),
        which: fc.integer({ min: 0, max: badKinds.length - 1 }),
        description: awkwardText,
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
  );

  it('lands every good line with exact totals, reports every bad row, and re-imports as unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowSpec, { maxLength: 30 }), Layout, async (specs, layout) => {
        const ws = await createTestWorkspace(database);
        const expectedTotals = new Map<string, { lines: number; total: number }>();
        const rows = specs.map((s): Row | 'blank' => {
          if (s.kind === 'blank') return 'blank';
          if (s.kind === 'bad') {
            const [code, cells] = badKinds[s.which] ?? badKinds[0]!;
            return { cells: cells(s.order, s.description), bad: code };
          }
          const order = `O${s.order}`;
          const t = expectedTotals.get(order) ?? { lines: 0, total: 0 };
          expectedTotals.set(order, { lines: t.lines + 1, total: t.total + s.quantity * s.cents });
          const price = `${Math.floor(s.cents / 100)}.${String(s.cents % 100).padStart(2, '0')}`;
          return {
            cells: [
              order,
              `C${s.customer}`,
              '2024-01-01 10:00',
              `S${s.sku}`,
              s.description,
              String(s.quantity),
              price,
            ],
            bad: null,
          };
        });
        const goodCount = rows.filter((r) => r !== 'blank' && r.bad === null).length;
        const { text, starts } = writeCsv(header, rows, layout);

        const report = await importFile(ws.actor, 'orders', text, layout);
        expectReport(report, rows, starts, goodCount);
        expect(report.inserted).toBe(goodCount);

        const stored = await database.q().select().from(orders).where(eq(orders.workspaceId, ws.id));
        const lines = await database.q().select().from(orderLines).where(eq(orderLines.workspaceId, ws.id));
        expect(stored.map((o) => o.externalId).sort()).toEqual([...expectedTotals.keys()].sort());
        for (const o of stored) {
          const expected = expectedTotals.get(o.externalId ?? '');
          expect(o.totalMinor).toBe(expected?.total);
          expect(lines.filter((l) => l.orderId === o.id)).toHaveLength(expected?.lines ?? -1);
        }

        const again = await importFile(ws.actor, 'orders', text, layout);
        expectReport(again, rows, starts, goodCount);
        expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: goodCount, customersCreated: 0 });
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
