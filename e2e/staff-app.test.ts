/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { systemActor } from '../src/server/lib/actor.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * The staff web app in a real Chromium against the real server and database: the journeys a
 * front-desk agent, an admin and an analyst make. Skipped (with a message saying how to
 * enable it) on a machine without Chromium.
 */
describe.skipIf(!hasChromium)('staff web app in Chromium', { timeout: 120_000 }, () => {
  let database: Database;
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database, { customers: 60 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** A live customer of the demo with a name, to search for. */
  async function someCustomer() {
    const page = await server.services.customers.list(systemActor(server.workspaceId), {
      limit: 20,
      order: 'desc',
      sort: 'createdAt',
    });
    const customer = page.items.find((c) => c.fullName.split(' ').length >= 2);
    if (!customer) throw new Error('the demo has no named customer');
    return customer;
  }

  it('logs in, searches, opens a customer 360, adds a note and sees it on the timeline', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/customers`);
    // Not logged in: the app asks for a login and comes back to the list afterwards.
    await page.waitForURL((u) => u.pathname === '/login');
    await logIn(page, server.url, server.admin);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /active customers/i }).waitFor();
    await screenshot(page, 'dashboard');

    const customer = await someCustomer();
    const search = page.getByLabel('Search customers', { exact: true });
    await search.fill(customer.fullName);
    await search.press('Enter');
    await page.waitForURL(
      (u) => u.pathname === '/customers' && u.searchParams.get('q') === customer.fullName,
    );
    const row = page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: customer.fullName });
    await row.first().waitFor();
    await screenshot(page, 'customers-list');
    await row.first().click();
    await page.waitForURL((u) => u.pathname === `/customers/${customer.id}`);
    await page.getByRole('heading', { level: 1, name: customer.fullName }).waitFor();

    const text = `Prefers a quiet room away from the lift — ${Date.now()}`;
    await page.getByLabel('New note').fill(text);
    await page.getByRole('button', { name: 'Add note' }).click();
    const timeline = page.getByLabel('Timeline');
    await timeline.getByText(text).waitFor();
    await screenshot(page, 'customer-360');
    const stored = await server.services.notes.listForCustomer(systemActor(server.workspaceId), customer.id, {
      limit: 5,
    });
    expect(stored.items.map((n) => n.body)).toContain(text);
    expect(errors).toEqual([]);
  });

  it('renders a script-like note as text and runs none of it', async () => {
    const { page } = browser;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const customer = await someCustomer();
    await page.goto(`${server.url}/customers/${customer.id}`);
    const payload = `<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script> ${Date.now()}`;
    await page.getByLabel('New note').fill(payload);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByLabel('Timeline').getByText(payload).first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('imports a CSV with bad rows and shows the report with their line numbers', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/import`);
    const csv = [
      'email,first_name,last_name,phone',
      'ines.ferreira@example.com,Inês,Ferreira,+351912345678',
      'not-an-e-mail,Bad,Address,',
      'tom.okafor@example.com,Tom,Okafor,12',
      'yuki.tanaka@example.com,Yuki,Tanaka,',
    ].join('\n');
    await page.locator('input[type=file]').setInputFiles({
      name: 'guests.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByText('ines.ferreira@example.com').first().waitFor();
    await screenshot(page, 'import-preview');
    await page.getByRole('button', { name: /^(run|start) import/i }).click();
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    await rejected.waitFor({ timeout: 30_000 });
    await screenshot(page, 'import-report');
    // One row per rejected line: its number in the file, the column and the reason.
    const rows = (await rejected.locator('tbody tr').allInnerTexts()).map((r) => r.split(/\s+/).slice(0, 3));
    expect(rows).toEqual([
      ['3', 'email', 'INVALID_EMAIL'],
      ['4', 'phone', 'INVALID_PHONE'],
    ]);
    const found = await server.services.customers.list(systemActor(server.workspaceId), {
      q: 'yuki.tanaka@example.com',
      limit: 5,
      order: 'desc',
      sort: 'createdAt',
    });
    expect(found.items).toHaveLength(1);
  });

  it('shows settings to an admin', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/users`);
    await page.getByText(server.admin.email).first().waitFor();
    await screenshot(page, 'settings-users');
    await page.goto(`${server.url}/companies`);
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor();
    await screenshot(page, 'companies');
  });

  it('sends a user whose session ended back to the login page, and back to where they were', async () => {
    const agent = await server.addUser('agent');
    const other = await launchBrowser();
    try {
      const { page } = other;
      await logIn(page, server.url, agent);
      await page.goto(`${server.url}/companies`);
      await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor();
      // The session ends behind the app's back (idle timeout, logout in another tab).
      const session = await (await page.request.get(`${server.url}/api/v1/auth/session`)).json();
      const out = await page.request.post(`${server.url}/api/v1/auth/logout`, {
        headers: { 'x-csrf-token': session.csrfToken },
      });
      expect(out.status()).toBe(204);
      await page.getByRole('link', { name: 'Customers', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/login');
      await page.getByText('Your session has ended').waitFor();
      await page.getByLabel('E-mail').fill(agent.email);
      await page.locator('input[type=password]').fill(agent.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((u) => u.pathname === '/customers');
    } finally {
      await other.close();
    }
  });

  it('says why a login failed, and when an account is locked', async () => {
    const marketer = await server.addUser('marketer');
    const other = await launchBrowser();
    try {
      const { page } = other;
      await page.goto(`${server.url}/login`);
      await page.getByLabel('E-mail').fill(marketer.email);
      await page.locator('input[type=password]').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').getByText('E-mail or password is wrong').waitFor();
      for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').getByText('Account locked').waitFor();
    } finally {
      await other.close();
    }
  });

  it('hides edit controls from an analyst, and the API refuses the write anyway', async () => {
    const analyst = await server.addUser('analyst');
    const other = await launchBrowser();
    try {
      const { page } = other;
      await logIn(page, server.url, analyst);
      const customer = await someCustomer();
      await page.goto(`${server.url}/customers`);
      await page.getByRole('table', { name: 'Customers' }).getByRole('link').first().waitFor();
      expect(await page.getByRole('button', { name: 'New customer' }).count()).toBe(0);
      expect(await page.getByRole('checkbox').count()).toBe(0);
      await page.goto(`${server.url}/customers/${customer.id}`);
      await page.getByRole('heading', { level: 1, name: customer.fullName }).waitFor();
      await page.getByLabel('Timeline').waitFor();
      expect(await page.getByRole('button', { name: 'Add note' }).count()).toBe(0);
      expect(await page.getByLabel('New note').count()).toBe(0);
      expect(await page.getByRole('button', { name: /^edit/i }).count()).toBe(0);
      await screenshot(page, 'customer-360-analyst');

      // The same session calling the API directly, CSRF token and all, is refused.
      const session = await (await page.request.get(`${server.url}/api/v1/auth/session`)).json();
      const res = await page.request.post(`${server.url}/api/v1/customers/${customer.id}/notes`, {
        headers: { 'x-csrf-token': session.csrfToken },
        data: { body: 'analysts cannot write' },
      });
      expect(res.status()).toBe(403);
      expect(res.headers()['content-type']).toContain('application/problem+json');
      expect((await res.json()).code).toBe('FORBIDDEN');
    } finally {
      await other.close();
    }
  });
});
