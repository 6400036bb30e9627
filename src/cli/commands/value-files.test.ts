import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csvLine,
  formatNumber,
  parseDayFlag,
  parseOrderDate,
  readOrdersFile,
  readSummaryFile,
} from './value-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-value-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

describe('parseOrderDate', () => {
  it('reads the day as written in the accepted formats', () => {
    expect(iso(parseOrderDate('1997-01-18'))).toBe('1997-01-18');
    expect(iso(parseOrderDate('19970118'))).toBe('1997-01-18');
    expect(iso(parseOrderDate('2010-12-01 08:26:00'))).toBe('2010-12-01');
    expect(iso(parseOrderDate('2010-12-01T23:30:00-05:00'))).toBe('2010-12-01');
    expect(iso(parseOrderDate('2010-12-01T08:26:00.123Z'))).toBe('2010-12-01');
    expect(iso(parseOrderDate('12/1/2010 8:26'))).toBe('2010-12-01');
    expect(iso(parseOrderDate('1/13/2011'))).toBe('2011-01-13');
    expect(iso(parseOrderDate('2024-02-29'))).toBe('2024-02-29');
  });

  it('refuses what is not a real day or not one of the formats', () => {
    for (const bad of [
      '2023-02-29',
      '2010-13-01',
      '13/1/2010 8:26',
      '01.12.2010',
      'yesterday',
      '',
      '1997-1-18',
    ]) {
      expect(parseOrderDate(bad), bad).toBeNull();
    }
    expect(() => parseDayFlag('1997-9-30', '--calibration-end')).toThrow(
      /--calibration-end must be a day as YYYY-MM-DD/,
    );
    expect(iso(parseDayFlag('1997-09-30', '--calibration-end'))).toBe('1997-09-30');
  });
});

describe('readOrdersFile', () => {
  it('finds customer, date, amount and gift columns by common names, any case, any order', async () => {
    const path = await file(
      'orders.csv',
      'Amount;Order Date;Customer_ID;IS_GIFT\r\n10.5;2024-01-01;a;false\r\n4;2024-01-03;b;yes\r\n',
    );
    const read = await readOrdersFile(path);
    expect(read).toMatchObject({ format: 'csv', hasGift: true });
    expect(read.orders).toEqual([
      { customerId: 'a', at: new Date('2024-01-01T00:00:00Z'), amount: 10.5, personal: true },
      { customerId: 'b', at: new Date('2024-01-03T00:00:00Z'), amount: 4, personal: false },
    ]);
  });

  it('reads UCI Online Retail lines: quantity × unit price, float ids, guests and cancellations skipped by line', async () => {
    const path = await file(
      'retail.csv',
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '536365,85123A,"WHITE HANGING HEART T-LIGHT HOLDER",6,12/1/2010 8:26,2.55,17850.0,United Kingdom',
        '536366,22633,"HAND WARMER, UNION JACK",6,12/1/2010 8:28,1.85,,United Kingdom',
        'C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527.0,United Kingdom',
      ].join('\n'),
    );
    const read = await readOrdersFile(path);
    expect(read.orders).toHaveLength(1);
    expect(read.orders[0]).toMatchObject({ customerId: '17850', amount: 6 * 2.55 });
    expect(iso(read.orders[0]!.at)).toBe('2010-12-01');
    expect(read.skipped).toEqual({ 'no customer id': [3], 'negative amount': [4] });
  });

  it('detects the CDNOW whitespace format, with or without a header line', async () => {
    const sample = await file(
      'sample.txt',
      ' 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n',
    );
    expect(await readOrdersFile(sample)).toMatchObject({
      format: 'cdnow',
      orders: [
        { customerId: '1', amount: 29.33 },
        { customerId: '1', amount: 29.73 },
      ],
    });
    const master = await file(
      'master.txt',
      ' customer_id  date number_of_cds  dollar_value\r\n 00002 19970112  1   12.00\r\n',
    );
    const read = await readOrdersFile(master);
    expect(read.orders).toEqual([{ customerId: '2', at: new Date('1997-01-12T00:00:00Z'), amount: 12 }]);
  });

  it('reads quoted cells (doubled quotes, line breaks), tab-separated files and refuses an unclosed quote', async () => {
    const quoted = await file(
      'quotes.csv',
      'customer,note,date,total\n"a ""the"" one","two\nlines",2024-01-01,"3.5"\n\nb,,2024-01-02,1\n',
    );
    expect((await readOrdersFile(quoted)).orders.map((o) => [o.customerId, o.amount])).toEqual([
      ['a "the" one', 3.5],
      ['b', 1],
    ]);
    const tsv = await file('orders.tsv', 'id\ttimestamp\tsales\nx\t2024-03-01T10:00:00Z\t2\n');
    expect((await readOrdersFile(tsv)).orders).toEqual([
      { customerId: 'x', at: new Date('2024-03-01T00:00:00Z'), amount: 2, personal: true },
    ]);
    const open = await file('open.csv', 'customer_id,date,amount\na,2024-01-01,1\n"b,2024-01-02,2\n');
    await expect(readOrdersFile(open)).rejects.toThrow(/open\.csv line 3: a quoted cell is never closed/);
  });

  it('stops at a bad row with its line number, and names a missing column', async () => {
    const badDate = await file('bad-date.csv', 'customer_id,date,amount\na,2024-01-01,1\n\nb,2024-13-01,2\n');
    await expect(readOrdersFile(badDate)).rejects.toThrow(/bad-date\.csv line 4: date '2024-13-01' is not/);
    const badAmount = await file('bad-amount.csv', 'customer_id,date,amount\na,2024-01-01,"1,5"\n');
    await expect(readOrdersFile(badAmount)).rejects.toThrow(/line 2: amount '1,5' is not a number/);
    const quoted = await file('quoted.csv', 'customer_id,date,amount\n"a\nb",2024-01-01,1\nc,nope,1\n');
    await expect(readOrdersFile(quoted)).rejects.toThrow(/line 4: date 'nope'/);
    const noAmount = await file('no-amount.csv', 'customer_id,date\na,2024-01-01\n');
    await expect(readOrdersFile(noAmount)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/no amount column \(one of amount, .*dollars/),
    });
    const badCdnow = await file('bad.txt', ' 00004 0001 19970101  2   29.33\n 00004 0001 19971301  2   1\n');
    await expect(readOrdersFile(badCdnow)).rejects.toThrow(/bad\.txt line 2: date '19971301'/);
    await expect(readOrdersFile(join(dir, 'missing.csv'))).rejects.toThrow(
      /--orders .*missing\.csv: cannot read \(no such file\)/,
    );
  });
});

describe('readSummaryFile', () => {
  it('takes the lifetimes columns in any order and ignores the others', async () => {
    const path = await file(
      's.csv',
      'T,extra,recency,customer_id,frequency,monetary_value\n38.86,z,30.43,1,2,22.35\n38.86,z,0,2,0,0\n',
    );
    expect(await readSummaryFile(path, { monetary: true })).toEqual([
      { customerId: '1', x: 2, tx: 30.43, T: 38.86, mx: 22.35 },
      { customerId: '2', x: 0, tx: 0, T: 38.86, mx: 0 },
    ]);
    expect(await readSummaryFile(path, { monetary: false })).toEqual([
      { customerId: '1', x: 2, tx: 30.43, T: 38.86 },
      { customerId: '2', x: 0, tx: 0, T: 38.86 },
    ]);
  });

  it('names the missing column and the bad line', async () => {
    const noMoney = await file('s2.csv', 'customer_id,frequency,recency,T\n1,2,30.43,38.86\n');
    await expect(readSummaryFile(noMoney, { monetary: true })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/no column 'monetary_value'/),
    });
    const bad = await file('s3.csv', 'customer_id,frequency,recency,T\n1,2,30.43,38.86\n2,x,1,2\n');
    await expect(readSummaryFile(bad, { monetary: false })).rejects.toThrow(
      /s3\.csv line 3: frequency 'x' is not a number/,
    );
    const late = await file('s4.csv', 'customer_id,frequency,recency,T\n1,2,40,38.86\n');
    await expect(readSummaryFile(late, { monetary: false })).rejects.toThrow(
      /line 2: recency 40 is greater than T 38.86/,
    );
  });
});

describe('output', () => {
  it('prints up to 6 decimals, trimmed, and keeps small values significant', () => {
    expect(formatNumber(272 / 7)).toBe('38.857143');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(22.345)).toBe('22.345');
    expect(formatNumber(1.234567e-7)).toBe('1.23457e-7');
    expect(csvLine(['a,b', 'say "hi"', 0.5])).toBe('"a,b","say ""hi""",0.5');
  });
});
