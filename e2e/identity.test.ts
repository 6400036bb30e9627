/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { systemActor } from '../src/server/lib/actor.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * Identity resolution in a real Chromium against the real server: two records of one guest
 * are found by a scan, reviewed and merged from the duplicates queue, and the merge is undone
 * from the survivor's page. Skipped without Chromium, like the other browser tests.
 */
describe.skipIf(!hasChromium)('duplicates and merges in Chromium', { timeout: 180_000 }, () => {
  let database: Database;
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database, { customers: 40 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('scans, reviews and merges a pair from the queue, then undoes it on the survivor’s page', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, server.url, server.admin);

    // Two records of one guest, created through the API the way the app creates them.
    const session = await (await page.request.get(`${server.url}/api/v1/auth/session`)).json();
    const create = async (body: Record<string, unknown>) => {
      const res = await page.request.post(`${server.url}/api/v1/customers`, {
        headers: { 'x-csrf-token': session.csrfToken },
        data: body,
      });
      expect(res.status()).toBe(201);
      return (await res.json()) as { id: string; fullName: string };
    };
    const address = { line1: '14 Rue des Tanneurs', postalCode: 'ZX9 9QQ', city: 'Lyon', country: 'FR' };
    const older = await create({
      givenName: 'Marguerite',
      familyName: 'Villeneuve-Okafor',
      emails: [{ value: 'marguerite.vo@example.com' }],
      birthday: '1984-07-19',
      address,
    });
    const newer = await create({
      givenName: 'Margarite',
      familyName: 'Villeneuve Okafor',
      emails: [{ value: 'm.villeneuve@work.example' }],
      phones: [{ value: '+33612345678' }],
      birthday: '1984-07-19',
      address,
    });

    await page.goto(`${server.url}/duplicates`);
    await page.getByRole('heading', { level: 1, name: 'Duplicates' }).waitFor();
    await page.getByRole('button', { name: 'Scan for duplicates' }).first().click();
    await page.getByText(/customers compared, \d+ new pairs?\./).waitFor();
    const card = page
      .getByRole('listitem')
      .filter({ hasText: older.fullName })
      .filter({ hasText: newer.fullName });
    await card.waitFor();
    await card.getByText('same birthday 1984-07-19').waitFor();
    await screenshot(page, 'duplicates-queue');

    await card.getByRole('button', { name: 'Review & merge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review the merge' });
    await dialog.getByRole('table', { name: 'Field-by-field result' }).waitFor();
    // The older record stays; the newer one's e-mail and phone join it.
    await dialog
      .getByRole('row', { name: /E-mails/ })
      .getByText('combined from both')
      .waitFor();
    await screenshot(page, 'merge-preview');
    await dialog.getByRole('button', { name: `Merge into ${older.fullName}` }).click();

    await page.waitForURL((u) => u.pathname === `/customers/${older.id}`);
    // Both were entered by staff (equal trust), so the name follows the most recent profile.
    await page.getByRole('heading', { level: 1, name: newer.fullName }).waitFor();
    await page.getByRole('tab', { name: 'Merges' }).click();
    const history = page.getByRole('list', { name: 'Merges' });
    await history.getByText(`${newer.fullName} merged into`).waitFor();
    await history.getByText('by Erin Admin').waitFor();
    await screenshot(page, 'customer-360-merges');
    const merged = await server.services.customers.get(systemActor(server.workspaceId), newer.id);
    expect(merged.mergedIntoId).toBe(older.id);

    await history.getByRole('button', { name: 'Undo' }).click();
    const undo = page.getByRole('dialog', { name: 'Undo this merge?' });
    expect(await undo.getByRole('checkbox', { name: /Never merge these two again/ }).isChecked()).toBe(true);
    await undo.getByRole('button', { name: 'Undo merge' }).click();
    await history.getByText('Undone').waitFor();
    // The survivor has its own profile back.
    await page.getByRole('heading', { level: 1, name: older.fullName }).waitFor();
    await page
      .getByRole('list', { name: 'Never merge with' })
      .getByRole('link', { name: newer.fullName })
      .waitFor();

    // Both are customers of their own again.
    await page.goto(`${server.url}/customers/${newer.id}`);
    await page.getByRole('heading', { level: 1, name: newer.fullName }).waitFor();
    expect(await page.getByText('This customer was merged').count()).toBe(0);
    const actor = systemActor(server.workspaceId);
    const [a, b] = await Promise.all([
      server.services.customers.get(actor, older.id),
      server.services.customers.get(actor, newer.id),
    ]);
    expect([a.deletedAt, b.deletedAt, b.mergedIntoId]).toEqual([null, null, null]);
    expect(a.emails.map((e) => e.value)).toEqual(['marguerite.vo@example.com']);
    expect(errors).toEqual([]);
  });

  it('lets an admin change the identity rules in Settings → Identity', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/identity`);
    const limit = page.getByLabel('Phone limit per customer');
    await limit.waitFor();
    await limit.fill('2');
    await page.getByRole('button', { name: 'Move Phone up' }).click();
    await page.getByLabel('Add a blocked value').fill('noreply@example.com');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await screenshot(page, 'settings-identity');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Identity settings saved').waitFor();
    const stored = await server.services.identity.getSettings(systemActor(server.workspaceId));
    const phone = stored.kinds.find((k) => k.kind === 'phone');
    const email = stored.kinds.find((k) => k.kind === 'email');
    expect(phone?.limit).toBe(2);
    expect((phone?.priority ?? 0) < (email?.priority ?? 0)).toBe(true);
    expect(stored.blockedValues).toContain('noreply@example.com');
  });
});
