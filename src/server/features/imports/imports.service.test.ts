import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/db.js';
import { createTestWorkspace } from '../../../../test/factories.js';
import type { ImportProgress } from '../../../shared/contracts/imports.js';
import type { Database } from '../../db/client.js';
import {
  auditLog,
  customers,
  identities,
  orderLines,
  orders,
  products,
  touchpoints,
  visits,
} from '../../db/schema.js';
import type { Actor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';
import { createAuditRepo } from '../audit/audit.repo.js';
import { createAuditLog } from '../audit/audit.service.js';
import { createImportsService, type ImportRunOptions } from './imports.service.js';

let database: Database;
let service: ReturnType<typeof createImportsService>;
const clock = fixedClock('2025-01-15T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  const audit = createAuditLog({ repo: createAuditRepo(database), clock });
  service = createImportsService({ database, audit, clock });
});
afterAll(async () => {
  await database?.close();
});

/** The file in small chunks, so records straddle chunk boundaries as they do from disk. */
async function* bytes(text: string, size = 97): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

function run(
  actor: Actor,
  kind: ImportRunOptions['kind'],
  text: string,
  more: Partial<ImportRunOptions> = {},
) {
  return service.run(actor, {
    kind,
    input: bytes(text),
    fileName: `${kind}.csv`,
    bytesTotal: Buffer.byteLength(text),
    defaultCurrency: 'EUR',
    defaultCountry: 'GB',
    ...more,
  });
}

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

async function customersOf(workspaceId: string) {
  return database
    .q()
    .select()
    .from(customers)
    .where(eq(customers.workspaceId, workspaceId))
    .orderBy(asc(customers.fullName));
}

async function identitiesOf(workspaceId: string) {
  const rows = await database.q().select().from(identities).where(eq(identities.workspaceId, workspaceId));
  return rows.map((i) => `${i.kind}:${i.source}:${i.value}`).sort();
}

describe('customers', () => {
  const file = csv(
    'Customer ID;E-mail;Phone;First name;Last name;Tags;Country;Shoe size',
    'C1;Ann@Example.com;07911 123456;Ann;Lee;vip|gold;GB;38',
    'C2;ann@;;Bad;Email;;;',
    'C3;bob@example.com;;Bob;"Smith',
    'Jr";;;',
    'C4;;;Cy;;;Atlantis;',
    ';dee@example.com;;Dee;;;;',
    '',
    'C5;eve@example.com;12;Eve;;;;',
  );

  it('lands good rows, reports bad ones by line and column, and creates nothing on a re-run', async () => {
    const ws = await createTestWorkspace(database);
    const first = await run(ws.actor, 'customers', file);
    expect(first).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, rowsRead: 6, rejectedCount: 3 });
    expect(first.rejected).toEqual([
      { line: 3, column: 'E-mail', code: 'INVALID_EMAIL', message: "'ann@' is not a valid e-mail address" },
      {
        line: 6,
        column: 'Country',
        code: 'INVALID_VALUE',
        message: "'Atlantis' is not a country (use an ISO code such as GB)",
      },
      { line: 9, column: 'Phone', code: 'INVALID_PHONE', message: "'12' is not a valid phone number" },
    ]);
    const rows = await customersOf(ws.id);
    expect(rows.map((c) => c.fullName)).toEqual(['Ann Lee', 'Bob Smith Jr', 'Dee']);
    const ann = rows[0];
    expect(ann).toMatchObject({
      givenName: 'Ann',
      familyName: 'Lee',
      primaryEmail: 'ann@example.com',
      primaryPhone: '+447911123456',
      emails: [{ value: 'ann@example.com', primary: true }],
      tags: ['vip', 'gold'],
      address: { country: 'GB' },
      attributes: { 'Shoe size': '38' },
      searchText: 'ann lee ann@example.com 447911123456',
      createdBy: { type: 'system', id: null, name: 'test' },
    });
    expect(await identitiesOf(ws.id)).toEqual([
      'email::ann@example.com',
      'email::bob@example.com',
      'email::dee@example.com',
      'external_id:import:C1',
      'external_id:import:C3',
      'phone::+447911123456',
    ]);

    const again = await run(ws.actor, 'customers', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejectedCount: 3 });
    expect(await customersOf(ws.id)).toHaveLength(3);
  });

  it('updates what the file gives, never erases with empty cells, and matches on e-mail without an id', async () => {
    const ws = await createTestWorkspace(database);
    await run(
      ws.actor,
      'customers',
      csv('id,email,first_name,last_name,city', 'C1,ann@example.com,Ann,Lee,Leeds'),
    );
    clock.advance(60_000);
    const r = await run(
      ws.actor,
      'customers',
      csv(
        'id,email,first_name,last_name,city,loyalty_number',
        'C1,,Anne,,,',
        ',ANN@example.com,,,,L-77',
        ',ann@example.com,,,,L-77',
      ),
    );
    expect(r).toMatchObject({ inserted: 0, updated: 2, unchanged: 1, rejectedCount: 0 });
    const [ann] = await customersOf(ws.id);
    expect(ann).toMatchObject({
      givenName: 'Anne',
      familyName: 'Lee',
      fullName: 'Anne Lee',
      primaryEmail: 'ann@example.com',
      address: { city: 'Leeds' },
      updatedAt: clock.now(),
    });
    expect(await identitiesOf(ws.id)).toContain('loyalty::L-77');
  });

  it('lets a later row of the same person update the earlier one', async () => {
    const ws = await createTestWorkspace(database);
    const r = await run(
      ws.actor,
      'customers',
      csv(
        'id,email,phone,first_name',
        'C1,ann@example.com,,Ann',
        'C1,,07911 123456,',
        'C1,ann@work.example,,',
      ),
    );
    expect(r).toMatchObject({ inserted: 1, updated: 2, unchanged: 0 });
    const rows = await customersOf(ws.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.emails.map((e) => e.value)).toEqual(['ann@example.com', 'ann@work.example']);
    expect(rows[0]?.primaryPhone).toBe('+447911123456');
  });

  it('rejects a row whose e-mail or phone belongs to another customer', async () => {
    const ws = await createTestWorkspace(database);
    const r = await run(
      ws.actor,
      'customers',
      csv(
        'id,email,phone',
        'C1,ann@example.com,07911 123456',
        'C2,bob@example.com,',
        'C2,,07911 123456',
        'C1,bob@example.com,',
        'C3,new@example.com,',
      ),
    );
    expect(r.rejected).toEqual([
      {
        line: 4,
        column: 'phone',
        code: 'IDENTITY_CONFLICT',
        message: "'07911 123456' belongs to another customer",
      },
      {
        line: 5,
        column: 'email',
        code: 'IDENTITY_CONFLICT',
        message: "'bob@example.com' belongs to another customer",
      },
    ]);
    expect(r).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
  });

  describe('customers known only by their phone', () => {
    const phoneFile = csv(
      'phone,first_name,last_name,city',
      '07911 123456,Ann,Lee,',
      '+44 7911 123456,,,Bath',
      '07912 345678,Bob,,',
      ',Nobody,,',
    );

    it('lands phone-only rows, merges two rows with one number, and re-imports as unchanged', async () => {
      const ws = await createTestWorkspace(database);
      const first = await run(ws.actor, 'customers', phoneFile);
      expect(first).toMatchObject({ inserted: 2, updated: 1, unchanged: 0, rowsRead: 4, rejectedCount: 1 });
      expect(first.rejected).toEqual([
        {
          line: 5,
          column: 'phone',
          code: 'REQUIRED',
          message: 'a customer row needs an external id, an e-mail address or a phone number to match on',
        },
      ]);
      const rows = await customersOf(ws.id);
      expect(rows.map((c) => [c.fullName, c.primaryEmail, c.primaryPhone, c.address])).toEqual([
        ['Ann Lee', null, '+447911123456', { city: 'Bath' }],
        ['Bob', null, '+447912345678', null],
      ]);
      expect(rows[0]?.phones).toEqual([{ value: '+447911123456', primary: true }]);
      expect(await identitiesOf(ws.id)).toEqual(['phone::+447911123456', 'phone::+447912345678']);

      clock.advance(60_000);
      const again = await run(ws.actor, 'customers', phoneFile);
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejectedCount: 1 });
      const after = await customersOf(ws.id);
      expect(after.map((c) => c.id)).toEqual(rows.map((c) => c.id));
      expect(after.map((c) => c.updatedAt)).toEqual(rows.map((c) => c.updatedAt));
    });

    it('merges rows with one number that land in different chunks', async () => {
      const ws = await createTestWorkspace(database);
      const r = await run(ws.actor, 'customers', phoneFile, { chunkSize: 1 });
      expect(r).toMatchObject({ inserted: 2, updated: 1, unchanged: 0, rejectedCount: 1 });
      expect((await customersOf(ws.id)).map((c) => [c.fullName, c.address])).toEqual([
        ['Ann Lee', { city: 'Bath' }],
        ['Bob', null],
      ]);
    });

    it('matches a phone-only row to the customer an e-mail row created, and adds what it gives', async () => {
      const ws = await createTestWorkspace(database);
      await run(
        ws.actor,
        'customers',
        csv('id,email,phone,first_name', 'C1,ann@example.com,07911 123456,Ann'),
      );
      const r = await run(ws.actor, 'customers', csv('mobile,tags', '+447911123456,vip'));
      expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, rejectedCount: 0 });
      const rows = await customersOf(ws.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ givenName: 'Ann', primaryEmail: 'ann@example.com', tags: ['vip'] });
    });

    it("rejects a row whose phone is another customer's than its id, e-mail or first phone", async () => {
      const ws = await createTestWorkspace(database);
      const r = await run(
        ws.actor,
        'customers',
        csv(
          'id,email,phone,phone_2,first_name',
          ',ann@example.com,07911 123456,,Ann',
          ',,07912 345678,,Bob',
          ',new@example.com,07911 123456,,Cy',
          'C9,,07912 345678,,Dee',
          ',,07912 345678,07911 123456,',
          ',,07911 123456,,Annie',
        ),
      );
      expect(r.rejected).toEqual([
        {
          line: 4,
          column: 'phone',
          code: 'IDENTITY_CONFLICT',
          message: "'07911 123456' belongs to another customer",
        },
        {
          line: 5,
          column: 'phone',
          code: 'IDENTITY_CONFLICT',
          message: "'07912 345678' belongs to another customer",
        },
        {
          line: 6,
          column: 'phone_2',
          code: 'IDENTITY_CONFLICT',
          message: "'07911 123456' belongs to another customer",
        },
      ]);
      expect(r).toMatchObject({ inserted: 2, updated: 1, unchanged: 0 });
      const rows = await customersOf(ws.id);
      expect(rows.map((c) => [c.fullName, c.primaryEmail, c.phones.map((p) => p.value)])).toEqual([
        ['Annie', 'ann@example.com', ['+447911123456']],
        ['Bob', null, ['+447912345678']],
      ]);
      expect(await identitiesOf(ws.id)).toEqual([
        'email::ann@example.com',
        'phone::+447911123456',
        'phone::+447912345678',
      ]);
    });
  });

  it('fails the whole file when the header cannot be mapped, and records the failure', async () => {
    const ws = await createTestWorkspace(database);
    await expect(run(ws.actor, 'customers', csv('first_name,city', 'Ann,Leeds'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const page = await service.list(ws.actor, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/external_id/) });
  });

  it('takes an explicit mapping, reads an empty file as an error and a header alone as nothing to do', async () => {
    const ws = await createTestWorkspace(database);
    const mapped = await run(ws.actor, 'customers', csv('Mail,Kundennummer,Notes', 'ann@example.com,K1,hi'), {
      mapping: { Mail: 'email', Kundennummer: 'external_id', Notes: null },
    });
    expect(mapped).toMatchObject({ inserted: 1, ignoredColumns: ['Notes'] });
    expect(await identitiesOf(ws.id)).toEqual(['email::ann@example.com', 'external_id:import:K1']);
    await expect(run(ws.actor, 'customers', '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await run(ws.actor, 'customers', csv('id,email'))).toMatchObject({ rowsRead: 0, inserted: 0 });
  });

  it('lands the rows before an unclosed quote and reports where reading stopped', async () => {
    const ws = await createTestWorkspace(database);
    const r = await run(
      ws.actor,
      'customers',
      csv('id,email,first_name', 'C1,a@example.com,Ann', 'C2,b@example.com,"Bob', 'C3,c@example.com,Cy'),
    );
    expect(r).toMatchObject({ inserted: 1, rowsRead: 2, rejectedCount: 1 });
    expect(r.rejected[0]).toMatchObject({ line: 3, column: null, code: 'MALFORMED_CSV' });
  });

  it('refuses roles without the import permission', async () => {
    const ws = await createTestWorkspace(database);
    await expect(run({ ...ws.actor, role: 'agent' }, 'customers', csv('id', 'C1'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('orders', () => {
  const file = csv(
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Email,Country',
    '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26,2.55,17850,,United Kingdom',
    '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26,3.39,17850,,United Kingdom',
    '536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28,1.85,,zoe@example.com,United Kingdom',
    '536367,84879,BIRD ORNAMENT,0,2010-12-01 08:34,1.69,13047,,United Kingdom',
    '536367,22745,POPPY HOUSE,-2,2010-12-01 08:34,2.10,13047,,United Kingdom',
    '536368,22960,JAM MAKING SET,3,2010-12-01 08:34,4.255,13047,,United Kingdom',
    '536369,22960,JAM MAKING SET,3,2010-13-01 08:34,4.25,13047,,United Kingdom',
    '536370,22960,JAM MAKING SET,3,2010-12-01 08:34,4.25,,,United Kingdom',
  );

  it('creates orders, lines, products and missing customers, with totals in minor units', async () => {
    const ws = await createTestWorkspace(database);
    const r = await run(ws.actor, 'orders', file);
    expect(r).toMatchObject({ inserted: 4, updated: 0, unchanged: 0, rowsRead: 8, customersCreated: 3 });
    expect(r.ignoredColumns).toEqual(['Country']);
    expect(r.rejected.map((x) => [x.line, x.column, x.code])).toEqual([
      [5, 'Quantity', 'INVALID_VALUE'],
      [7, 'UnitPrice', 'INVALID_NUMBER'],
      [8, 'InvoiceDate', 'INVALID_DATE'],
      [9, 'CustomerID', 'REQUIRED'],
    ]);
    const stored = await database
      .q()
      .select()
      .from(orders)
      .where(eq(orders.workspaceId, ws.id))
      .orderBy(asc(orders.externalId));
    expect(stored.map((o) => [o.externalId, o.totalMinor, o.currency, o.channel, o.status])).toEqual([
      ['536365', 6 * 255 + 6 * 339, 'EUR', 'web', 'completed'],
      ['536366', 6 * 185, 'EUR', 'web', 'completed'],
      ['536367', -2 * 210, 'EUR', 'web', 'completed'],
    ]);
    expect(stored[0]?.occurredAt.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    const lines = await database
      .q()
      .select()
      .from(orderLines)
      .where(and(eq(orderLines.workspaceId, ws.id), eq(orderLines.orderId, stored[2]?.id ?? '')));
    // The rejected first row of 536367 keeps its number, so the fixed file lands it as line 1.
    expect(lines.map((l) => [l.lineNo, l.sku, l.quantity, l.unitPriceMinor])).toEqual([
      [2, '22745', -2, 210],
    ]);
    const prods = await database.q().select().from(products).where(eq(products.workspaceId, ws.id));
    expect(prods.map((p) => [p.sku, p.name]).sort()).toEqual([
      ['22633', 'HAND WARMER UNION JACK'],
      ['22745', 'POPPY HOUSE'],
      ['71053', 'WHITE METAL LANTERN'],
      ['85123A', 'WHITE HANGING HEART'],
    ]);
    expect(await identitiesOf(ws.id)).toEqual([
      'email::zoe@example.com',
      'external_id:import:13047',
      'external_id:import:17850',
    ]);
    const zoe = (await customersOf(ws.id)).find((c) => c.primaryEmail === 'zoe@example.com');
    expect(zoe).toMatchObject({
      emails: [{ value: 'zoe@example.com', primary: true }],
      searchText: 'zoe@example.com',
    });

    const again = await run(ws.actor, 'orders', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, customersCreated: 0 });

    const fixed = file.replace(',0,2010-12-01 08:34,1.69', ',1,2010-12-01 08:34,1.69');
    const third = await run(ws.actor, 'orders', fixed);
    expect(third).toMatchObject({ inserted: 1, updated: 1, unchanged: 3 });
    const [order] = await database
      .q()
      .select()
      .from(orders)
      .where(and(eq(orders.workspaceId, ws.id), eq(orders.externalId, '536367')));
    expect(order?.totalMinor).toBe(169 - 420);
  });

  it('reads month-first dates and a time zone when told to', async () => {
    const ws = await createTestWorkspace(database);
    const r = await run(
      ws.actor,
      'orders',
      csv(
        'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID',
        '536365,85123A,6,12/1/2010 8:26,2.55,17850',
      ),
      { dateOrder: 'mdy', timeZone: 'Europe/London' },
    );
    expect(r).toMatchObject({ inserted: 1 });
    const [order] = await database.q().select().from(orders).where(eq(orders.workspaceId, ws.id));
    expect(order?.occurredAt.toISOString()).toBe('2010-12-01T08:26:00.000Z');
  });

  it('keeps totals right when an order spans chunks, and honours a total column', async () => {
    const ws = await createTestWorkspace(database);
    const lines = ['order_id,customer_email,date,sku,quantity,price,currency'];
    for (let i = 0; i < 25; i++) lines.push(`O1,ann@example.com,2024-05-01T10:00:00Z,S${i % 4},1,0.10,EUR`);
    lines.push('O2,ann@example.com,2024-05-02T10:00:00Z,S1,3,100,JPY');
    const r = await run(ws.actor, 'orders', csv(...lines), { chunkSize: 7 });
    expect(r).toMatchObject({ inserted: 26, rejectedCount: 0, customersCreated: 1 });
    const stored = await database
      .q()
      .select()
      .from(orders)
      .where(eq(orders.workspaceId, ws.id))
      .orderBy(asc(orders.externalId));
    expect(stored.map((o) => [o.totalMinor, o.currency])).toEqual([
      [250, 'EUR'],
      [300, 'JPY'],
    ]);

    const withTotal = await run(
      ws.actor,
      'orders',
      csv('order_id,email,date,total,channel,location', 'T1,bob@example.com,2024-05-03,99.90,store,Leeds'),
    );
    expect(withTotal).toMatchObject({ inserted: 1, customersCreated: 1 });
    const [t1] = await database
      .q()
      .select()
      .from(orders)
      .where(and(eq(orders.workspaceId, ws.id), eq(orders.externalId, 'T1')));
    expect(t1).toMatchObject({ totalMinor: 9990, channel: 'store', location: 'Leeds' });
  });

  it('resumes after a crash mid-import without duplicates', async () => {
    const ws = await createTestWorkspace(database);
    const lines = ['order_id,customer_id,email,date,sku,quantity,price'];
    for (let i = 0; i < 60; i++) {
      lines.push(
        `O${Math.floor(i / 3)},C${i % 7},c${i % 7}@example.com,2024-06-01,S${i % 5},${1 + (i % 3)},1.25`,
      );
    }
    const text = csv(...lines);
    const crash = (p: ImportProgress) => {
      if (p.rowsRead >= 20) throw new Error('power cut');
    };
    await expect(run(ws.actor, 'orders', text, { chunkSize: 10, onProgress: crash })).rejects.toThrow(
      'power cut',
    );
    const landed = await database.q().select().from(orderLines).where(eq(orderLines.workspaceId, ws.id));
    expect(landed.length).toBeGreaterThan(0);
    expect(landed.length).toBeLessThan(60);

    const half = csv(...lines.slice(0, 31));
    const partial = await run(ws.actor, 'orders', half, { chunkSize: 10 });
    expect(partial.inserted + partial.unchanged + partial.updated).toBe(30);

    const full = await run(ws.actor, 'orders', text, { chunkSize: 10 });
    expect(full.rejectedCount).toBe(0);
    expect(full.inserted).toBe(30);
    expect(full.inserted + full.updated + full.unchanged).toBe(60);
    const all = await database.q().select().from(orderLines).where(eq(orderLines.workspaceId, ws.id));
    expect(all).toHaveLength(60);
    const stored = await database.q().select().from(orders).where(eq(orders.workspaceId, ws.id));
    expect(stored).toHaveLength(20);
    const cents = (n: number) => n * 125;
    for (const o of stored) {
      const n = Number(o.externalId?.slice(1));
      const qty = [0, 1, 2].reduce((sum, k) => sum + 1 + ((n * 3 + k) % 3), 0);
      expect(o.totalMinor).toBe(cents(qty));
    }
    expect(await customersOf(ws.id)).toHaveLength(7);
  });
});

describe('touchpoints', () => {
  it('stores each touch point once, derives message ids, and rejects unknown customers', async () => {
    const ws = await createTestWorkspace(database);
    await run(ws.actor, 'customers', csv('id,email', 'C1,ann@example.com', 'C2,bob@example.com'));
    const file = csv(
      'customer_id,email,channel,event,occurred_at,satisfaction,Agent',
      'C1,,phone,call,2024-01-02T10:00:00Z,4,Sam',
      ',bob@example.com,store,visit,2024-01-03 11:00,,',
      'C1,,phone,call,2024-01-02T10:00:00Z,4,Sam',
      'C9,,web,visit,2024-01-03T11:00:00Z,,',
      'C1,,phone,call,2024-01-04T10:00:00Z,9,Sam',
    );
    const r = await run(ws.actor, 'touchpoints', file);
    expect(r).toMatchObject({ inserted: 2, updated: 0, unchanged: 1 });
    expect(r.rejected.map((x) => [x.line, x.column, x.code])).toEqual([
      [5, 'customer_id', 'CUSTOMER_NOT_FOUND'],
      [6, 'satisfaction', 'INVALID_VALUE'],
    ]);
    const again = await run(ws.actor, 'touchpoints', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const stored = await database.q().select().from(touchpoints).where(eq(touchpoints.workspaceId, ws.id));
    expect(stored).toHaveLength(2);
    expect(stored.find((t) => t.type === 'call')).toMatchObject({
      channel: 'phone',
      satisfaction: 4,
      properties: { Agent: 'Sam' },
    });

    const withIds = csv(
      'message_id,customer_id,type,date',
      'm-1,C1,email_open,2024-02-01',
      'm-1,C2,email_open,2024-02-01',
    );
    const ids = await run(ws.actor, 'touchpoints', withIds);
    expect(ids).toMatchObject({ inserted: 1, updated: 1 });
  });
});

describe('visits', () => {
  const visitsOf = (workspaceId: string) =>
    database
      .q()
      .select()
      .from(visits)
      .where(eq(visits.workspaceId, workspaceId))
      .orderBy(asc(visits.startsAt));

  it('matches customers by id, e-mail or phone, lands good rows, reports bad ones by line, and re-runs idempotently', async () => {
    const ws = await createTestWorkspace(database);
    await run(
      ws.actor,
      'customers',
      csv('id,email,phone', 'G1,ann@example.com,', 'G2,bob@example.com,', ',,07911 123456'),
      { source: 'opera' },
    );
    const file = csv(
      'Confirmation Number,Guest ID,Guest Email,Guest Phone,Arrival,Departure,Hotel,Type,Status,Room Type,Guests',
      'R1,G1,,,2026-05-04 15:00,2026-05-06 11:00,Covent Garden,booking,Reserved,Deluxe room,2',
      'R2,,BOB@example.com,,04/05/2026 19:30,,The Larder,Table,,,4',
      'R3,,,+44 7911 123456,2026-05-05T10:00:00Z,,Spa,appointment,confirmed,,1',
      'R4,G9,nobody@example.com,,2026-05-04 15:00,,Covent Garden,booking,,,',
      'R5,G1,,,tomorrow,,Covent Garden,booking,,,',
      'R6,G1,,,2026-05-06 15:00,2026-05-04 11:00,Covent Garden,booking,,,',
      'R7,G1,,,2026-05-06 15:00,,Covent Garden,booking,maybe,,',
      'R8,,,,2026-05-06 15:00,,Covent Garden,booking,,,',
      'R9,G2,,,2026-05-07 15:00,,,booking,,,',
    );
    const r = await run(ws.actor, 'visits', file, { source: 'opera', timeZone: 'Europe/London' });
    expect(r).toMatchObject({
      kind: 'visits',
      rowsRead: 9,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejectedCount: 6,
    });
    expect(r.rejected.map((x) => [x.line, x.column, x.code])).toEqual([
      [5, 'Guest ID', 'CUSTOMER_NOT_FOUND'],
      [6, 'Arrival', 'INVALID_DATE'],
      [7, 'Departure', 'INVALID_VALUE'],
      [8, 'Status', 'INVALID_VALUE'],
      [9, 'Guest ID', 'REQUIRED'],
      [10, 'Hotel', 'REQUIRED'],
    ]);
    expect(r.rejected[0]?.message).toBe(
      "no customer with id 'G9' or e-mail 'nobody@example.com'; import customers first",
    );
    const [ann, bob, phoneOnly] = await Promise.all(
      ['ann@example.com', 'bob@example.com', null].map(async (email) => {
        const rows = await customersOf(ws.id);
        return email ? rows.find((c) => c.primaryEmail === email) : rows.find((c) => c.primaryEmail === null);
      }),
    );
    const stored = await visitsOf(ws.id);
    expect(
      stored.map((v) => [
        v.externalId,
        v.source,
        v.customerId,
        v.startsAt.toISOString(),
        v.location,
        v.type,
        v.status,
      ]),
    ).toEqual([
      ['R1', 'opera', ann?.id, '2026-05-04T14:00:00.000Z', 'Covent Garden', 'booking', 'booked'],
      ['R2', 'opera', bob?.id, '2026-05-04T18:30:00.000Z', 'The Larder', 'table', 'booked'],
      ['R3', 'opera', phoneOnly?.id, '2026-05-05T10:00:00.000Z', 'Spa', 'appointment', 'confirmed'],
    ]);
    expect(stored[0]).toMatchObject({
      endsAt: new Date('2026-05-06T10:00:00Z'),
      properties: { 'Room Type': 'Deluxe room', Guests: '2' },
      createdBy: { type: 'system' },
    });

    const again = await run(ws.actor, 'visits', file, { source: 'opera', timeZone: 'Europe/London' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejectedCount: 6 });

    // A later export: one arrived, one moved; no status or end keeps the stored ones.
    const later = csv(
      'booking_id,guest_id,arrival,departure,location,type,status,room_type',
      'R1,G1,2026-05-04 15:00,,Covent Garden,booking,checked in,',
      'R2,G2,2026-05-04 20:00,,The Larder,table,,',
    );
    const moved = await run(ws.actor, 'visits', later, { source: 'opera', timeZone: 'Europe/London' });
    expect(moved).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });
    const after = await visitsOf(ws.id);
    expect(after.find((v) => v.externalId === 'R1')).toMatchObject({
      status: 'arrived',
      endsAt: new Date('2026-05-06T10:00:00Z'),
      properties: { 'Room Type': 'Deluxe room', Guests: '2' },
    });
    expect(after.find((v) => v.externalId === 'R2')).toMatchObject({
      status: 'booked',
      startsAt: new Date('2026-05-04T19:00:00Z'),
    });
  });

  it('derives visit ids from the content when the file has none, so a re-run stores nothing twice', async () => {
    const ws = await createTestWorkspace(database);
    await run(ws.actor, 'customers', csv('email', 'ann@example.com'));
    const file = csv(
      'email,start,location,type',
      'ann@example.com,2026-05-04T12:00:00Z,Spa,appointment',
      'ann@example.com,2026-05-04T12:00:00Z,Spa,appointment',
      'ann@example.com,2026-05-04T15:00:00Z,Spa,appointment',
    );
    const first = await run(ws.actor, 'visits', file, { chunkSize: 2 });
    expect(first).toMatchObject({ inserted: 2, unchanged: 1, rejectedCount: 0 });
    expect(await run(ws.actor, 'visits', file)).toMatchObject({ inserted: 0, unchanged: 3 });
    const stored = await visitsOf(ws.id);
    expect(stored).toHaveLength(2);
    expect(stored.every((v) => v.source === 'import' && v.externalId?.startsWith('import:'))).toBe(true);
  });

  it('fails a file without a start, location or type column before reading any row', async () => {
    const ws = await createTestWorkspace(database);
    await expect(run(ws.actor, 'visits', csv('email,location', 'a@example.com,Spa'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [
        { path: 'file.header', message: expect.stringContaining('starts_at') },
        { path: 'file.header', message: expect.stringContaining('type') },
      ],
    });
    expect(await visitsOf(ws.id)).toEqual([]);
  });
});

describe('runs', () => {
  it('keeps one run row with progress and one audit entry per import', async () => {
    const ws = await createTestWorkspace(database);
    const lines = ['id,email'];
    for (let i = 0; i < 30; i++) lines.push(i % 10 === 5 ? `C${i},bad` : `C${i},c${i}@example.com`);
    const seen: ImportProgress[] = [];
    const r = await run(ws.actor, 'customers', csv(...lines), {
      chunkSize: 8,
      onProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toMatchObject({ rowsRead: 30, inserted: 27, rejected: 3 });
    expect(seen.every((p, i) => i === 0 || p.inserted >= (seen[i - 1]?.inserted ?? 0))).toBe(true);
    const stored = await service.get(ws.actor, r.importId);
    expect(stored).toMatchObject({
      status: 'completed',
      kind: 'customers',
      fileName: 'customers.csv',
      rowsRead: 30,
      inserted: 27,
      rejectedCount: 3,
      finishedAt: clock.now(),
    });
    expect(stored.rejected.map((x) => x.line)).toEqual([7, 17, 27]);
    expect(stored.bytesRead).toBe(stored.bytesTotal);
    const audit = await database.q().select().from(auditLog).where(eq(auditLog.workspaceId, ws.id));
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([['import.completed', r.importId]]);
    await expect(service.get(ws.actor, '01890000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'IMPORT_NOT_FOUND',
    });
  });

  it('re-runs under the same import id', async () => {
    const ws = await createTestWorkspace(database);
    const first = await run(ws.actor, 'customers', csv('id,email', 'C1,a@example.com'));
    const second = await run(ws.actor, 'customers', csv('id,email', 'C1,a@example.com'), {
      importId: first.importId,
    });
    expect(second.importId).toBe(first.importId);
    const page = await service.list(ws.actor, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ status: 'completed', unchanged: 1, inserted: 0 });
  });

  it('never lets rows land in, or match customers of, another workspace', async () => {
    const a = await createTestWorkspace(database);
    const b = await createTestWorkspace(database);
    const file = csv('id,email', 'C1,ann@example.com');
    await run(a.actor, 'customers', file);
    const inB = await run(b.actor, 'customers', file);
    expect(inB).toMatchObject({ inserted: 1, unchanged: 0 });
    const orderFile = csv('order_id,customer_id,date,price', 'O1,C1,2024-01-01,5');
    await run(a.actor, 'orders', orderFile);
    const ordersInB = await run(b.actor, 'orders', orderFile);
    expect(ordersInB).toMatchObject({ inserted: 1, customersCreated: 0 });
    const [orderA] = await database.q().select().from(orders).where(eq(orders.workspaceId, a.id));
    const [orderB] = await database.q().select().from(orders).where(eq(orders.workspaceId, b.id));
    const [custA] = await customersOf(a.id);
    const [custB] = await customersOf(b.id);
    expect(orderA?.customerId).toBe(custA?.id);
    expect(orderB?.customerId).toBe(custB?.id);
    expect(custA?.id).not.toBe(custB?.id);
    await expect(
      service.get(b.actor, (await service.list(a.actor, { limit: 1 })).items[0]?.id ?? ''),
    ).rejects.toMatchObject({ code: 'IMPORT_NOT_FOUND' });
  });
});
