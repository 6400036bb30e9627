import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, createWorkspaceClient, type TestApp } from '../../../../test/app.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof createWorkspaceClient>>;

beforeAll(async () => {
  t = await createTestApp({ importBodyLimitBytes: 2_000 });
  admin = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const upload = (client: Client, kind: string, csv: string, query = '') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${kind}?fileName=guests.csv${query}`,
    headers: { 'content-type': 'text/csv', ...client.headers },
    cookies: client.cookies,
    payload: csv,
  });

async function waitFor(client: Client, id: string) {
  for (let i = 0; i < 200; i++) {
    const run = (await client.request('GET', `/api/v1/imports/${id}`)).json();
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not finish');
}

describe('imports over HTTP', () => {
  it('accepts a CSV upload with 202, runs it, and reports rejected lines on the status endpoint', async () => {
    const csv = [
      'email,first_name,last_name',
      'ann@example.com,Ann,Lee',
      'not-an-email,Bob,Ray',
      'cy@example.com,Cy,Po',
    ].join('\n');
    const res = await upload(admin, 'customers', csv);
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/imports/${res.json().id}`);
    const run = await waitFor(admin, res.json().id);
    expect(run).toMatchObject({ status: 'completed', fileName: 'guests.csv', inserted: 2, rejectedCount: 1 });
    expect(run.rejected[0]).toMatchObject({ line: 3, column: 'email', code: 'INVALID_EMAIL' });
    const found = (await admin.request('GET', '/api/v1/customers?q=ann%40example.com')).json();
    expect(found.items[0].fullName).toBe('Ann Lee');
    const list = (await admin.request('GET', '/api/v1/imports')).json();
    expect(list.items.map((r: { id: string }) => r.id)).toContain(run.id);
  });

  it('marks the run failed with a clear error when the header names no known column', async () => {
    const res = await upload(admin, 'orders', 'foo,bar\n1,2\n');
    expect(res.statusCode).toBe(202);
    const run = await waitFor(admin, res.json().id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/order_id|column/i);
  });

  it('refuses files over the upload limit with 413 problem+json', async () => {
    const big = `email\n${'x@example.com\n'.repeat(300)}`;
    const res = await upload(admin, 'customers', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('validates the kind and the options', async () => {
    expect((await upload(admin, 'invoices', 'a\n1')).statusCode).toBe(400);
    const bad = await upload(admin, 'customers', 'email\na@example.com', '&mapping=notjson');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.mapping');
  });

  it('lets agents not import, and hides another workspace’s runs', async () => {
    const agent = await admin.as('agent');
    expect((await upload(agent, 'customers', 'email\nz@example.com')).statusCode).toBe(403);
    const other = await createWorkspaceClient(t);
    const mine = (await admin.request('GET', '/api/v1/imports')).json().items[0];
    expect((await other.request('GET', `/api/v1/imports/${mine.id}`)).statusCode).toBe(404);
  });
});
