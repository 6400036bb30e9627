import { describe, expect, it } from 'vitest';
import {
  applyCustomerRow,
  type CsvFailure,
  type CsvRecord,
  type CustomerRow,
  customerMatchKeys,
  customerRef,
  type DateOptions,
  deriveMessageId,
  type HeaderMap,
  mapHeader,
  matchedCustomer,
  OrderBook,
  orderHeaders,
  parseBoolean,
  parseChannel,
  parseCountry,
  parseDate,
  parseDateTime,
  parseInteger,
  parseMoney,
  parseVisitStatus,
  type RowOptions,
  readCsv,
  resolveCustomers,
  sameJson,
  sniffDelimiter,
  validateCustomerRow,
  validateOrderRow,
  validateTouchpointRow,
  validateVisitRow,
} from './imports.core.js';

async function readAll(
  chunks: (string | Buffer)[],
): Promise<{ records: CsvRecord[]; failure: CsvFailure | null; bytes: number }> {
  let bytes = 0;
  const it = readCsv(
    (async function* () {
      yield* chunks;
    })(),
    (n) => {
      bytes += n;
    },
  );
  const records: CsvRecord[] = [];
  let next = await it.next();
  while (!next.done) {
    records.push(...next.value);
    next = await it.next();
  }
  return { records, failure: next.value, bytes };
}

/** Splits a text into chunks of `size` bytes, to exercise records spanning chunk boundaries. */
function chunked(text: string, size: number): Buffer[] {
  const buf = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

const opts: RowOptions = {
  defaultCurrency: 'EUR',
  defaultCountry: 'GB',
  dateOrder: 'dmy',
  timeZone: 'UTC',
  source: 'import',
};

function header<K extends 'customers' | 'orders' | 'touchpoints' | 'visits'>(
  kind: K,
  cells: string[],
): HeaderMap<K> {
  const r = mapHeader(kind, cells);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.map;
}

describe('sniffDelimiter', () => {
  it.each([
    ['id,name,email', ','],
    ['id;name;email', ';'],
    ['id\tname\temail', '\t'],
    ['"a;b",c,d', ','],
    ['single', ','],
  ])('%j → %j', (line, expected) => {
    expect(sniffDelimiter(line)).toBe(expected);
  });
});

describe('readCsv', () => {
  it('numbers records by the physical line they start on, across CRLF, blank lines and quoted breaks', async () => {
    const text = '\uFEFFid;name\r\n1;Ann\r\n\r\n2;"multi\r\nline\nname"\r\n3;Bob';
    for (const size of [1, 3, 7, 1000]) {
      const { records, failure, bytes } = await readAll(chunked(text, size));
      expect(failure).toBeNull();
      expect(bytes).toBe(Buffer.byteLength(text));
      const data = records.filter((r) => r.cells.some((c) => c !== ''));
      expect(data.map((r) => [r.line, r.cells])).toEqual([
        [1, ['id', 'name']],
        [2, ['1', 'Ann']],
        [4, ['2', 'multi\r\nline\nname']],
        [7, ['3', 'Bob']],
      ]);
    }
  });

  it('keeps stray quotes inside unquoted fields', async () => {
    const { records } = await readAll(['a,b\n1,5" screen\n2,x\n']);
    expect(records.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '5" screen'],
      ['2', 'x'],
    ]);
  });

  it('stops at an unclosed quote and names its line, after yielding every record before it', async () => {
    const lines = ['id,name'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},n${i}`);
    lines.push('5000,"never closed', '5001,x');
    const { records, failure } = await readAll(chunked(lines.join('\n'), 4096));
    expect(records).toHaveLength(5001);
    expect(failure?.line).toBe(5002);
    expect(failure?.message).toMatch(/never closed/);
  });

  it('reads a file without a trailing newline, and an empty file', async () => {
    expect((await readAll(['a,b\n1,2'])).records).toHaveLength(2);
    const empty = await readAll([]);
    expect(empty.records).toEqual([]);
    expect(empty.failure).toBeNull();
  });
});

describe('mapHeader', () => {
  it('matches aliases ignoring case, spaces, underscores and hyphens', () => {
    const map = header('customers', [
      'Customer ID',
      'E-mail',
      'Email 2',
      'First Name',
      'SURNAME',
      'Shoe size',
    ]);
    expect(map.fields.external_id?.[0]?.index).toBe(0);
    expect(map.fields.email?.map((c) => c.header)).toEqual(['E-mail', 'Email 2']);
    expect(map.fields.given_name?.[0]?.header).toBe('First Name');
    expect(map.fields.family_name?.[0]?.header).toBe('SURNAME');
    expect(map.extras.map((c) => c.header)).toEqual(['Shoe size']);
  });

  it('maps the UCI Online Retail header', () => {
    const map = header('orders', [
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(Object.keys(map.fields).sort()).toEqual(
      [
        'customer_external_id',
        'description',
        'occurred_at',
        'order_id',
        'quantity',
        'sku',
        'unit_price',
      ].sort(),
    );
    expect(map.ignored).toEqual(['Country']);
  });

  it('lets an explicit mapping win, and ignore a column', () => {
    const r = mapHeader('customers', ['Mail', 'id', 'Notes'], { Mail: 'email', Notes: null });
    expect(r.ok && r.map.fields.email?.[0]?.header).toBe('Mail');
    expect(r.ok && r.map.ignored).toEqual(['Notes']);
  });

  it('fails the file when a required column is missing, two columns claim a field, or a mapping is unknown', () => {
    const missing = mapHeader('orders', ['sku', 'quantity']);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.problems.join()).toMatch(/order_id/);
    const twice = mapHeader('customers', ['id', 'customer_id', 'email']);
    expect(!twice.ok && twice.problems.join()).toMatch(/both map to external_id/);
    const unknown = mapHeader('customers', ['email'], { email: 'mail_address' });
    expect(!unknown.ok && unknown.problems.join()).toMatch(/not a customers field/);
  });

  it('takes a customers file whose only key column is a phone, and names all three keys when none is there', () => {
    expect(mapHeader('customers', ['Mobile', 'First name']).ok).toBe(true);
    const none = mapHeader('customers', ['First name', 'City']);
    expect(!none.ok && none.problems).toEqual([
      'the file has no column for external_id (external_id, id, customer_id, customer_number, source_id, client_id) or email (email, email_address, mail) or phone (phone, mobile, telephone, phone_number, tel, mobile_phone, cell)',
    ]);
  });
});

describe('parseMoney', () => {
  it.each([
    ['12.34', 'EUR', 1234],
    ['12,34', 'EUR', 1234],
    ['0.1', 'EUR', 10],
    ['-3.5', 'EUR', -350],
    ['1,234.56', 'USD', 123456],
    ['1.234,56', 'EUR', 123456],
    ['1 234,50', 'EUR', 123450],
    ['€ 7', 'EUR', 700],
    ['1234', 'JPY', 1234],
    ['1.234', 'KWD', 1234],
    ['1,000,000', 'JPY', 1000000],
    ['0.07', 'EUR', 7],
    ['19.99', 'EUR', 1999],
  ])('%s %s → %d', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ ok: true, value: minor });
  });

  it('is exact where floats are not', () => {
    // 0.29 * 100 = 28.999999999999996 in floating point.
    expect(parseMoney('0.29', 'EUR')).toEqual({ ok: true, value: 29 });
    expect(parseMoney('1.005', 'KWD')).toEqual({ ok: true, value: 1005 });
    expect(parseMoney('90071992547409.91', 'EUR')).toEqual({ ok: true, value: 9007199254740991 });
  });

  it.each([
    ['2.505', 'EUR', /3 decimals, EUR has 2/],
    ['1,000', 'EUR', /3 decimals/],
    ['12.5', 'JPY', /1 decimals, JPY has 0/],
    ['abc', 'EUR', /not an amount/],
    ['1e5', 'EUR', /not an amount/],
    ['', 'EUR', /not an amount/],
    ['1.2.3,4,5', 'EUR', /not an amount/],
    ['99999999999999999', 'EUR', /too large/],
    ['5', 'XXY', /not an ISO 4217/],
  ])('refuses %j in %s', (text, currency, message) => {
    const r = parseMoney(text, currency);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(message);
  });
});

describe('other values', () => {
  it('parses whole numbers strictly', () => {
    expect(parseInteger('3')).toEqual({ ok: true, value: 3 });
    expect(parseInteger('-12')).toEqual({ ok: true, value: -12 });
    expect(parseInteger('4.0')).toEqual({ ok: true, value: 4 });
    expect(parseInteger('1,000').ok).toBe(false);
    expect(parseInteger('1.5').ok).toBe(false);
  });

  it('parses date-times as ISO, with an offset, or in the given order and zone', () => {
    const utc: DateOptions = { dateOrder: 'dmy', timeZone: 'UTC' };
    const iso = (t: string, o = utc) => {
      const r = parseDateTime(t, o);
      return r.ok ? r.value.toISOString() : r.error.code;
    };
    expect(iso('2024-03-05')).toBe('2024-03-05T00:00:00.000Z');
    expect(iso('2024-03-05T14:30:00Z')).toBe('2024-03-05T14:30:00.000Z');
    expect(iso('2024-03-05 14:30:15.250+02:00')).toBe('2024-03-05T12:30:15.250Z');
    expect(iso('05/03/2024 14:30')).toBe('2024-03-05T14:30:00.000Z');
    expect(iso('12/1/2010 8:26', { dateOrder: 'mdy', timeZone: 'UTC' })).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('12/1/2010 8:26 PM', { dateOrder: 'mdy', timeZone: 'UTC' })).toBe('2010-12-01T20:26:00.000Z');
    expect(iso('2024-07-01 12:00', { dateOrder: 'dmy', timeZone: 'Europe/London' })).toBe(
      '2024-07-01T11:00:00.000Z',
    );
    expect(iso('2024-01-15 12:00', { dateOrder: 'dmy', timeZone: 'America/New_York' })).toBe(
      '2024-01-15T17:00:00.000Z',
    );
    expect(iso('2024-02-30')).toBe('INVALID_DATE');
    expect(iso('13/13/2024')).toBe('INVALID_DATE');
    expect(iso('yesterday')).toBe('INVALID_DATE');
  });

  it('parses calendar dates', () => {
    expect(parseDate('1990-04-23', 'dmy')).toEqual({ ok: true, value: '1990-04-23' });
    expect(parseDate('23/04/1990', 'dmy')).toEqual({ ok: true, value: '1990-04-23' });
    expect(parseDate('04/23/1990', 'mdy')).toEqual({ ok: true, value: '1990-04-23' });
    expect(parseDate('04/23/1990', 'dmy').ok).toBe(false);
  });

  it('parses booleans, channels and countries', () => {
    expect(parseBoolean('Yes')).toEqual({ ok: true, value: true });
    expect(parseBoolean('0')).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
    expect(parseChannel('Online')).toEqual({ ok: true, value: 'web' });
    expect(parseChannel('front desk')).toEqual({ ok: true, value: 'front_desk' });
    expect(parseChannel('pigeon').ok).toBe(false);
    expect(parseCountry('gb')).toEqual({ ok: true, value: 'GB' });
    expect(parseCountry('United Kingdom')).toEqual({ ok: true, value: 'GB' });
    expect(parseCountry('Atlantis').ok).toBe(false);
  });
});

describe('validateCustomerRow', () => {
  const map = header('customers', [
    'id',
    'email',
    'email_2',
    'phone',
    'first_name',
    'tags',
    'country',
    'Shoe size',
  ]);
  const row = (cells: string[], line = 2) => validateCustomerRow(map, { line, cells }, opts);

  it('normalises a good row and keeps unknown columns as attributes', () => {
    const r = row([
      'C1',
      ' Ann@Example.COM ',
      'ann@example.com',
      '06 12 34 56 78',
      'Ann',
      'vip|gold; vip',
      'FR',
      '38',
    ]);
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.row.externalId?.value).toEqual({ source: 'import', value: 'C1' });
    expect(r.row.emails.map((e) => e.value)).toEqual(['ann@example.com']);
    // A number without a country code is read in the row's country.
    expect(r.row.phones.map((p) => p.value)).toEqual(['+33612345678']);
    expect(r.row.tags).toEqual(['vip', 'gold']);
    expect(r.row.address).toEqual({ country: 'FR' });
    expect(r.row.attributes).toEqual({ 'Shoe size': '38' });
    expect(r.row.familyName).toBeUndefined();
  });

  it('names the line, column and problem of a bad row', () => {
    expect(row(['C1', 'ann@', '', '', '', '', '', ''], 7)).toEqual({
      ok: false,
      rejection: {
        line: 7,
        column: 'email',
        code: 'INVALID_EMAIL',
        message: "'ann@' is not a valid e-mail address",
      },
    });
    const phone = row(['C1', '', '', '12', '', '', '', '']);
    expect(!phone?.ok && phone?.rejection).toMatchObject({ column: 'phone', code: 'INVALID_PHONE' });
    const second = row(['C1', 'a@b.co', 'nope', '', '', '', '', '']);
    expect(!second?.ok && second?.rejection).toMatchObject({ column: 'email_2', code: 'INVALID_EMAIL' });
    expect(row(['', '', '', '', 'Ann', '', '', ''], 9)).toEqual({
      ok: false,
      rejection: {
        line: 9,
        column: 'id',
        code: 'REQUIRED',
        message: 'a customer row needs an external id, an e-mail address or a phone number to match on',
      },
    });
    const phoneOnly = header('customers', ['phone', 'first_name']);
    const noPhone = validateCustomerRow(phoneOnly, { line: 4, cells: ['', 'Ann'] }, opts);
    expect(!noPhone?.ok && noPhone?.rejection).toMatchObject({ column: 'phone', code: 'REQUIRED' });
  });

  it('takes a row with a phone and neither id nor e-mail, matched on the E.164 number', () => {
    const r = row(['', '', '', '07911 123456', 'Ann', '', '', '']);
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.row.phones).toEqual([{ value: '+447911123456', raw: '07911 123456', column: 'phone' }]);
    expect(customerMatchKeys(r.row)).toEqual(['phone\u0000\u0000+447911123456']);
  });

  it('skips blank rows and rejects rows of the wrong width', () => {
    expect(row(['', ' ', '', '', '', '', '', ''])).toBeNull();
    const wide = row(['C1', '', '', '', '', '', '', '', 'extra']);
    expect(!wide?.ok && wide?.rejection.code).toBe('TOO_MANY_COLUMNS');
    expect(row(['C1', '', '', '', '', '', '', '', ''])?.ok).toBe(true);
    const narrow = row(['C1', 'a@b.co']);
    expect(!narrow?.ok && narrow?.rejection.code).toBe('TOO_FEW_COLUMNS');
  });
});

describe('validateOrderRow', () => {
  const map = header('orders', [
    'InvoiceNo',
    'StockCode',
    'Quantity',
    'InvoiceDate',
    'UnitPrice',
    'CustomerID',
  ]);

  it('numbers lines per order across the file, rejected rows included', () => {
    const numbers = new OrderBook();
    const v = (cells: string[], line: number) => validateOrderRow(map, { line, cells }, opts, numbers);
    const a = v(['536365', 'A', '6', '2010-12-01 08:26', '2.55', '17850'], 2);
    const bad = v(['536365', 'B', '0', '2010-12-01 08:26', '3.39', '17850'], 3);
    const c = v(['536365', 'C', '-2', '2010-12-01 08:26', '3.39', '17850'], 4);
    expect(a?.ok && a.row).toMatchObject({ lineNo: 1, quantity: 6, unitPriceMinor: 255, channel: 'web' });
    expect(!bad?.ok && bad?.rejection).toMatchObject({ line: 3, column: 'Quantity', code: 'INVALID_VALUE' });
    expect(c?.ok && c.row).toMatchObject({ lineNo: 3, quantity: -2 });
  });

  it('requires a customer and a price', () => {
    const numbers = new OrderBook();
    const noCustomer = validateOrderRow(
      map,
      { line: 2, cells: ['1', 'A', '1', '2010-12-01', '2.55', ''] },
      opts,
      numbers,
    );
    expect(!noCustomer?.ok && noCustomer?.rejection).toMatchObject({
      column: 'CustomerID',
      code: 'REQUIRED',
    });
    const noPrice = validateOrderRow(
      map,
      { line: 3, cells: ['1', 'A', '1', '2010-12-01', '', 'C1'] },
      opts,
      numbers,
    );
    expect(!noPrice?.ok && noPrice?.rejection).toMatchObject({ column: 'UnitPrice', code: 'REQUIRED' });
  });

  it('takes one row per order with a total and no SKU', () => {
    const m = header('orders', ['order_id', 'email', 'date', 'total', 'currency']);
    const r = validateOrderRow(
      m,
      { line: 2, cells: ['O1', 'ann@example.com', '2024-01-02', '1500', 'JPY'] },
      opts,
      new OrderBook(),
    );
    expect(r?.ok && r.row).toMatchObject({
      quantity: 1,
      unitPriceMinor: 1500,
      totalMinor: 1500,
      currency: 'JPY',
    });
  });
});

describe('validateTouchpointRow', () => {
  const map = header('touchpoints', ['customer_id', 'channel', 'event', 'date', 'satisfaction', 'Agent']);

  it('derives the same message id for the same content, and a different one otherwise', () => {
    const v = (cells: string[]) => validateTouchpointRow(map, { line: 2, cells }, opts);
    const a = v(['C1', 'phone', 'call', '2024-01-02T10:00:00Z', '4', 'Sam']);
    const b = v(['C1', 'phone', 'call', '2024-01-02T10:00:00Z', '4', 'Sam']);
    const c = v(['C1', 'phone', 'call', '2024-01-02T10:00:00Z', '4', 'Kim']);
    expect(a?.ok && a.row.messageId).toMatch(/^import:[0-9a-f]{32}$/);
    expect(a?.ok && b?.ok && a.row.messageId === b.row.messageId).toBe(true);
    expect(a?.ok && c?.ok && a.row.messageId !== c.row.messageId).toBe(true);
    expect(a?.ok && a.row.properties).toEqual({ Agent: 'Sam' });
    const bad = v(['C1', 'phone', 'call', '2024-01-02T10:00:00Z', '6', '']);
    expect(!bad?.ok && bad?.rejection).toMatchObject({ column: 'satisfaction', code: 'INVALID_VALUE' });
    if (a?.ok) expect(deriveMessageId(a.row)).toBe(a.row.messageId);
  });
});

describe('validateVisitRow', () => {
  const map = header('visits', [
    'guest_id',
    'email',
    'phone',
    'arrival',
    'departure',
    'hotel',
    'type',
    'status',
    'Room',
  ]);
  const v = (cells: string[]) => validateVisitRow(map, { line: 3, cells }, opts);

  it('names the customer by every key the row gives, in order, and keeps other columns as properties', () => {
    const r = v([
      'G1',
      'Ann@Example.com',
      '07911 123456',
      '2026-05-04 15:00',
      '',
      'Spa',
      'Appointment',
      'checked-in',
      '12',
    ]);
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.row.customer.keys.map((k) => [k.kind, k.source, k.value])).toEqual([
      ['external_id', 'import', 'G1'],
      ['email', '', 'ann@example.com'],
      ['phone', '', '+447911123456'],
    ]);
    expect(r.row).toMatchObject({
      type: 'appointment',
      status: 'arrived',
      endsAt: null,
      startsAt: new Date('2026-05-04T15:00:00Z'),
      properties: { Room: '12' },
    });
    expect(r.row.externalId).toMatch(/^import:[0-9a-f]{32}$/);
    const moved = v(['G1', '', '', '2026-05-04 16:00', '', 'Spa', 'appointment', '', '']);
    expect(moved?.ok && moved.row.externalId !== r.row.externalId).toBe(true);
  });

  it('rejects a row naming no customer, a bad phone, an end before the start, or an unknown status', () => {
    const problem = (cells: string[]) => {
      const r = v(cells);
      return r && !r.ok ? [r.rejection.column, r.rejection.code] : null;
    };
    expect(problem(['', '', '', '2026-05-04', '', 'Spa', 'x', '', ''])).toEqual(['guest_id', 'REQUIRED']);
    expect(problem(['', '', '12', '2026-05-04', '', 'Spa', 'x', '', ''])).toEqual(['phone', 'INVALID_PHONE']);
    expect(problem(['G1', '', '', '2026-05-04', '2026-05-03', 'Spa', 'x', '', ''])).toEqual([
      'departure',
      'INVALID_VALUE',
    ]);
    expect(problem(['G1', '', '', '2026-05-04', '', '', 'x', '', ''])).toEqual(['hotel', 'REQUIRED']);
    expect(problem(['G1', '', '', '2026-05-04', '', 'Spa', '', '', ''])).toEqual(['type', 'REQUIRED']);
    expect(problem(['G1', '', '', '2026-05-04', '', 'Spa', 'x', 'perhaps', ''])).toEqual([
      'status',
      'INVALID_VALUE',
    ]);
  });

  it('reads booking systems’ status words', () => {
    expect(
      ['Booked', 'RESERVED', 'in house', 'Checked Out', 'canceled', 'No-Show', 'noshow'].map((s) => {
        const r = parseVisitStatus(s);
        return r.ok ? r.value : null;
      }),
    ).toEqual(['booked', 'booked', 'arrived', 'completed', 'cancelled', 'no_show', 'no_show']);
  });
});

describe('merging', () => {
  const base: CustomerRow = { line: 2, externalId: null, emails: [], phones: [], loyaltyNumber: null };

  it('adds contact points and keeps fields the row leaves empty', () => {
    const first = applyCustomerRow(
      null,
      'id1',
      {
        ...base,
        emails: [{ value: 'ann@example.com', raw: 'ann@example.com', column: 'email' }],
        givenName: 'Ann',
      },
      'GB',
    );
    expect(first).toMatchObject({
      fullName: 'Ann',
      primaryEmail: 'ann@example.com',
      emails: [{ value: 'ann@example.com', primary: true }],
      searchText: 'ann ann@example.com',
    });
    const second = applyCustomerRow(
      first,
      'ignored',
      {
        ...base,
        emails: [{ value: 'ann@work.example', raw: 'ann@work.example', column: 'email' }],
        familyName: 'Lee',
        tags: ['vip'],
      },
      'GB',
    );
    expect(second).toMatchObject({
      id: 'id1',
      givenName: 'Ann',
      familyName: 'Lee',
      fullName: 'Ann Lee',
      primaryEmail: 'ann@example.com',
      tags: ['vip'],
    });
    expect(second.emails.map((e) => [e.value, e.primary])).toEqual([
      ['ann@example.com', true],
      ['ann@work.example', false],
    ]);
    expect(sameJson(second, applyCustomerRow(second, 'x', { ...base, tags: ['vip'] }, 'GB'))).toBe(true);
  });

  it('compares JSON ignoring key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });

  it('matches customer rows on external id, then e-mail, and on a phone only without both', () => {
    const ext = { value: { source: 'pms', value: '7' }, raw: '7', column: 'id' };
    const email = (v: string) => ({ value: v, raw: v, column: 'email' });
    const phone = (v: string) => ({ value: v, raw: v, column: 'phone' });
    const both: CustomerRow = { ...base, externalId: ext, emails: [email('a@x.co')], phones: [phone('+1')] };
    expect(customerMatchKeys(both)).toEqual(['external_id\u0000pms\u00007', 'email\u0000\u0000a@x.co']);
    expect(
      customerMatchKeys({ ...base, emails: [email('a@x.co'), email('b@x.co')], phones: [phone('+1')] }),
    ).toEqual(['email\u0000\u0000a@x.co']);
    expect(customerMatchKeys({ ...base, externalId: ext, phones: [phone('+1')] })).toEqual([
      'external_id\u0000pms\u00007',
    ]);
    expect(customerMatchKeys({ ...base, phones: [phone('+1'), phone('+2')] })).toEqual([
      'phone\u0000\u0000+1',
    ]);
    expect(customerMatchKeys(base)).toEqual([]);

    const owners = new Map([
      ['email\u0000\u0000a@x.co', 'A'],
      ['phone\u0000\u0000+1', 'P'],
    ]);
    expect(matchedCustomer(customerMatchKeys(both), owners)).toBe('A');
    expect(
      matchedCustomer(customerMatchKeys(both), new Map([['external_id\u0000pms\u00007', 'E'], ...owners])),
    ).toBe('E');
    // The row gives an e-mail nobody has: its phone does not make it someone else.
    expect(
      matchedCustomer(
        customerMatchKeys({ ...base, emails: [email('n@x.co')], phones: [phone('+1')] }),
        owners,
      ),
    ).toBe(null);
    expect(matchedCustomer(customerMatchKeys({ ...base, phones: [phone('+1')] }), owners)).toBe('P');
    expect(matchedCustomer(customerMatchKeys({ ...base, phones: [phone('+2'), phone('+1')] }), owners)).toBe(
      null,
    );
  });

  it('resolves by external id, then e-mail, creating each missing customer once', () => {
    let n = 0;
    const ids = () => `new${++n}`;
    const owners = new Map([['email\u0000\u0000b@x.co', 'B']]);
    const r = resolveCustomers(
      [
        customerRef({ source: 'import', value: '1' }, null),
        customerRef({ source: 'import', value: '1' }, 'a@x.co'),
        customerRef({ source: 'import', value: '2' }, 'b@x.co'),
        customerRef({ source: 'import', value: '3' }, 'b@x.co'),
        customerRef(null, 'c@x.co'),
      ],
      owners,
      true,
      ids,
    );
    expect(r.customerIds).toEqual(['new1', 'new1', 'B', 'B', 'new2']);
    expect(r.created.map((c) => c.id)).toEqual(['new1', 'new2']);
    expect(r.identities.map((i) => `${i.customerId}:${i.kind}:${i.value}`)).toEqual([
      'new1:external_id:1',
      'B:external_id:2',
      'B:external_id:3',
      'new2:email:c@x.co',
    ]);
    expect(resolveCustomers([customerRef(null, 'z@x.co')], owners, false, ids).customerIds).toEqual([null]);
  });

  it('takes the header from the first valid row and sums lines per order', () => {
    const numbers = new OrderBook();
    const map = header('orders', ['order_id', 'customer_id', 'date', 'sku', 'quantity', 'price', 'channel']);
    const rows = [
      ['O1', 'C1', '2024-01-01', 'A', '2', '1.50', 'web'],
      ['O2', 'C2', '2024-01-01', 'A', '1', '1.50', 'web'],
      ['O1', 'C1', '2024-01-01', 'B', '-1', '0.25', 'store'],
    ].flatMap((cells, i) => {
      const r = validateOrderRow(map, { line: i + 2, cells }, opts, numbers);
      return r?.ok ? [r.row] : [];
    });
    const book = numbers;
    expect(orderHeaders(rows.slice(0, 2), ['c1', 'c2'], book)).toMatchObject([
      { orderId: 'O1', linesSumMinor: 300, channel: 'web', customerId: 'c1' },
      { orderId: 'O2', linesSumMinor: 150 },
    ]);
    // O1's header was written with an earlier chunk; its later rows only add lines.
    expect(orderHeaders(rows.slice(2), ['c1'], book)).toEqual([]);
    expect([book.header('O1'), book.header('O2'), book.header('O3')]).toEqual([false, false, undefined]);
    expect(book.nextLine('O1')).toBe(3);
  });
});
