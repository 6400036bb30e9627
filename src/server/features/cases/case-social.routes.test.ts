import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import { MAX_SOCIAL_MENTIONS } from '../../../shared/contracts/case-social.js';
import { fixedClock } from '../../lib/clock.js';
import { mentionKey } from './case-social.service.js';
import { cases } from './cases.table.js';

const clock = fixedClock(new Date('2026-03-20T10:00:00Z'));

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

const importJson = (c: Client, mentions: unknown[]) =>
  c.request('POST', '/api/v1/cases/social-mentions/import', { mentions });
const importCsv = (c: Client, csv: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cases/social-mentions/import',
    cookies: c.cookies,
    headers: { ...c.headers, 'content-type': 'text/csv' },
    payload: csv,
  });
const stored = async (workspaceId: string, id: string) => {
  const [row] = await t.database
    .q()
    .select()
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id)));
  return row!;
};
const caseCount = async (c: Client) =>
  (await c.request('GET', '/api/v1/cases?limit=200')).json().items.length as number;

const angry = {
  network: 'x',
  handle: '@sam_travels',
  text: 'Worst check-in ever, waited 2 hours and the staff were rude. Never again.',
  url: 'https://x.com/sam_travels/status/1001',
  postedAt: '2026-03-19T21:15:00Z',
  name: 'Sam',
};
const happy = {
  network: 'instagram',
  handle: 'lena.b',
  text: 'Loved the spa, amazing staff!',
  url: 'https://instagram.com/p/abc',
  postedAt: '2026-03-19T08:00:00+01:00',
};

describe('social mentions import (JSON)', () => {
  it('opens a complaint for a negative mention, skips the rest, reports bad rows, and never doubles', async () => {
    const ws = await createWorkspaceClient(t);
    const res = await importJson(ws, [
      angry,
      happy,
      { ...angry, url: 'ftp://x.com/1', postedAt: 'yesterday' },
      'not a mention',
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ format: 'json', created: 1, duplicates: 0, skipped: 1, failed: 2 });
    const [created, skipped, bad, junk] = report.rows;
    expect(created).toMatchObject({
      line: 0,
      status: 'created',
      reference: expect.stringMatching(/^C-\d{6}$/),
      customerCreated: true,
      sentiment: { label: 'negative' },
    });
    expect(created.sentiment.score).toBeLessThan(0);
    expect(skipped).toMatchObject({ line: 1, status: 'skipped', sentiment: { label: 'positive' } });
    expect(skipped.caseId).toBeUndefined();
    expect(bad.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'body.mentions.2.postedAt',
      'body.mentions.2.url',
    ]);
    expect(junk).toMatchObject({ line: 3, status: 'failed', problems: [{ path: 'body.mentions.3' }] });

    const kase = (await ws.request('GET', `/api/v1/cases/${created.caseId}`)).json();
    expect(kase).toMatchObject({
      type: 'complaint',
      channel: 'social',
      status: 'new',
      subject: 'Worst check-in ever, waited 2 hours and the staff were rude. Never again.',
      body: angry.text,
      openedAt: '2026-03-19T21:15:00.000Z',
      tags: ['social'],
      customerId: created.customerId,
    });
    const row = await stored(ws.workspaceId, created.caseId);
    expect([row.sourceUrl, row.sentiment]).toEqual([angry.url, 'negative']);
    const customer = (await ws.request('GET', `/api/v1/customers/${created.customerId}`)).json();
    expect([customer.provisional, customer.fullName]).toEqual([true, 'Sam']);

    // The same feed again, and the same post shared with a tracking tag: nothing new.
    const again = (
      await importJson(ws, [angry, happy, { ...angry, url: `${angry.url}?utm_source=feed#top` }])
    ).json();
    expect(again).toMatchObject({ created: 0, duplicates: 2, skipped: 1, failed: 0 });
    expect(again.rows.slice(0, 1)).toMatchObject([
      { status: 'duplicate', caseId: created.caseId, reference: created.reference },
    ]);
    expect(await caseCount(ws)).toBe(1);
    const audit = (await ws.request('GET', '/api/v1/audit?entityType=case')).json();
    expect(audit.items.filter((a: { action: string }) => a.action === 'case.social_import')).toHaveLength(2);
  });

  it("opens the case on the customer whose handle is recorded as the network's external id", async () => {
    const ws = await createWorkspaceClient(t);
    const known = await createCustomerVia(ws, { externalIds: [{ source: 'x', value: 'sam_travels' }] });
    const report = (await importJson(ws, [{ ...angry, handle: '@Sam_Travels' }])).json();
    expect(report.rows[0]).toMatchObject({ status: 'created', customerId: known.id, customerCreated: false });
    // The author's display name does not touch the profile: the sender is unverified.
    expect((await ws.request('GET', `/api/v1/customers/${known.id}`)).json().fullName).toBe(known.fullName);
  });

  it('refuses an import over the limits, a text too long, a future post, and readers', async () => {
    const ws = await createWorkspaceClient(t);
    const many = Array.from({ length: MAX_SOCIAL_MENTIONS + 1 }, (_, i) => ({
      ...angry,
      url: `${angry.url}${i}`,
    }));
    const tooMany = await importJson(ws, many);
    expect(tooMany.statusCode).toBe(400);
    expect(errorPaths(tooMany.json())).toEqual(['body.mentions']);
    expect(errorPaths((await importJson(ws, [])).json())).toEqual(['body.mentions']);
    const report = (
      await importJson(ws, [
        { ...angry, text: `Terrible. ${'x'.repeat(5_000)}` },
        { ...angry, url: 'https://x.com/s/2', postedAt: '2026-03-21T10:00:00Z' },
        { ...angry, url: 'https://x.com/s/3', likes: 4 },
        { ...angry, url: 'https://x.com/s/4', network: 'my network!' },
      ])
    ).json();
    expect(report.rows.map((r: { problems: { path: string }[] }) => r.problems.map((p) => p.path))).toEqual([
      ['body.mentions.0.text'],
      ['body.mentions.1.postedAt'],
      ['body.mentions.2.likes'],
      ['body.mentions.3.network'],
    ]);
    expect(report.rows[1].problems[0].message).toBe('must not be in the future');
    expect(await caseCount(ws)).toBe(0);
    const analyst = await ws.as('analyst');
    expect((await importJson(analyst, [angry])).statusCode).toBe(403);
  });
});

describe('social mentions import (CSV)', () => {
  it('reads the feed with the imports CSV reader, names rows by line and columns by name, and stores text as given', async () => {
    const ws = await createWorkspaceClient(t);
    const html = '<img src=x onerror=alert(1)> The room was filthy & the "service" awful';
    const csv = [
      'Network;Handle;Text;URL;Posted_At;Name',
      `x;@ann;"${html.replaceAll('"', '""')}";https://x.com/ann/1;2026-03-18T09:00:00;Ann`,
      // A quoted text over two lines: the next row starts on line 5.
      'facebook;bob.k;"Terrible breakfast,\ncold eggs";https://facebook.com/p/2;2026-03-18T10:00:00Z;',
      'x;@cat;Lovely stay;https://x.com/cat/3;2026-03-18T11:00:00Z;',
      ';;',
      'x;@dan;Awful;not a url;last week;',
      'x;@eve;Bad;https://x.com/eve/5;2026-03-18T11:00:00Z;Eve;extra',
    ].join('\n');
    const res = await importCsv(ws, csv);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ format: 'csv', created: 2, skipped: 1, failed: 2 });
    expect(report.rows.map((r: { line: number; status: string }) => [r.line, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [5, 'skipped'],
      [7, 'failed'],
      [8, 'failed'],
    ]);
    expect(report.rows[3].problems.map((p: { path: string }) => p.path).sort()).toEqual(['posted_at', 'url']);
    expect(report.rows[4].problems).toEqual([{ path: 'line', message: 'has 7 cells, the header 6' }]);

    const first = (await ws.request('GET', `/api/v1/cases/${report.rows[0].caseId}`)).json();
    // Stored byte for byte and answered as a JSON string; a time without an offset is UTC.
    expect([first.body, first.openedAt]).toEqual([html, '2026-03-18T09:00:00.000Z']);
    expect(first.subject).toBe(html);
    const second = (await ws.request('GET', `/api/v1/cases/${report.rows[1].caseId}`)).json();
    expect([second.body, second.subject]).toEqual(['Terrible breakfast,\ncold eggs', 'Terrible breakfast,']);

    const again = (await importCsv(ws, csv)).json();
    expect(again).toMatchObject({ created: 0, duplicates: 2 });
  });

  it('refuses a header without the needed columns, and reports an unreadable rest by its line', async () => {
    const ws = await createWorkspaceClient(t);
    const missing = await importCsv(ws, 'network,handle,text\nx,a,bad\n');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ path: 'body' });
    expect(missing.json().errors[0].message).toContain('missing: url, posted_at');
    const broken = await importCsv(
      ws,
      'network,handle,text,url,posted_at\nx,a,Awful service,https://x.com/a/1,2026-03-18T09:00:00Z\nx,b,"never closed,https://x.com/b,2026\n',
    );
    const report = broken.json();
    expect(report.rows.map((r: { line: number; status: string }) => [r.line, r.status])).toEqual([
      [2, 'created'],
      [3, 'failed'],
    ]);
    expect(report.rows[1].problems[0].message).toContain('never closed');
  });
});

describe('mentionKey', () => {
  it('is the URL without fragment and tracking parameters, host case aside', () => {
    const key = mentionKey('https://x.com/a/status/1?ref=2');
    expect(mentionKey('https://X.COM/a/status/1?utm_source=feed&ref=2#top')).toBe(key);
    expect(mentionKey('https://x.com/a/status/1?ref=3')).not.toBe(key);
    expect(key).toMatch(/^social:[0-9a-f]{64}$/);
  });
});
