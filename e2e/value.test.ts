import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { systemActor } from '../src/server/lib/actor.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * Customer value in a real Chromium against the real server: "Recompute now" from the empty
 * Value page runs the models on the demo business's orders, and the result shows on the
 * dashboard, the model check, a customer's 360 and the customers list filtered by tier. Skipped
 * without Chromium, like the other browser tests.
 */
describe.skipIf(!hasChromium)('customer value in Chromium', { timeout: 180_000 }, () => {
  let database: Database;
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Enough customers with repeat orders over the demo's two years for the models and a holdout.
    server = await startServer(database, { customers: 300 });
    // No nightly run: the only run is the one the test asks for.
    await server.services.value.updateSettings(systemActor(server.workspaceId, 'e2e'), { nightly: false });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('recomputes from the empty state and shows the value on the dashboard, a 360 and the list', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, server.url, server.admin);

    await page.goto(`${server.url}/value`);
    await page.getByRole('heading', { level: 1, name: 'Value' }).waitFor();
    await page.getByText('No value computed yet').waitFor();
    await screenshot(page, 'value-empty');

    const requested = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/value/runs') && r.request().method() === 'POST',
    );
    // The header's button; the empty state offers the same one.
    await page.getByRole('button', { name: 'Recompute now' }).first().click();
    expect((await requested).status()).toBe(202);
    await page.getByText('Recompute queued').waitFor();
    // Jobs run in the server process only under `serve`; the harness's server has no worker
    // polling, so the test is the worker: one pass runs the queued run to the end (and the SLA
    // sweep of the demo's open cases, due since the seed).
    await server.services.jobs.runDue();
    const [run] = (await server.services.value.listRuns(systemActor(server.workspaceId))) ?? [];
    expect(run?.status).toBe('succeeded');

    // The page follows the run and shows the new figures once it has finished.
    const clv = page.getByRole('group', { name: 'Predicted CLV, all customers' });
    await clv.waitFor({ timeout: 30_000 });
    await page.getByText('Value recomputed').waitFor();
    // The progress strip is gone with the run that finished.
    await page
      .getByText('Recompute queued')
      .or(page.getByText('Recomputing value'))
      .waitFor({ state: 'detached' });
    expect(await clv.textContent()).toMatch(/€[\d,]+\.\d\d/);
    expect(await clv.getByText('CLV over 12 months at 1% a month').isVisible()).toBe(true);
    const valued = Number(
      (await page.getByRole('group', { name: 'Customers valued' }).textContent())?.replace(/\D/g, ''),
    );
    expect(valued).toBeGreaterThan(50);

    // Every chart has drawn into its box.
    for (const name of [
      /^CLV distribution in EUR: /,
      /^Value tiers: Top /,
      /^RFM grid of recency against frequency and money, scores 1 to 5/,
      /^P\(alive\) of [\d,]+ customers/,
      /^Mean holdout purchases by repeat purchases in calibration/,
      /^Cumulative repeat purchases from /,
    ]) {
      const chart = page.getByRole('img', { name });
      await chart.locator('svg').first().waitFor();
      const box = await chart.boundingBox();
      expect(box?.width, String(name)).toBeGreaterThan(200);
      expect(box?.height, String(name)).toBeGreaterThan(150);
    }

    // The model check: each model and the simple formula, with errors and predicted purchases.
    const table = page.getByRole('table', { name: 'Prediction errors per model' });
    await table.scrollIntoViewIfNeeded();
    expect(await table.isVisible()).toBe(true);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells).toHaveLength(4);
      for (const cell of cells) expect(cell).toMatch(/^\d[\d,]*(\.\d+)?$/);
    }
    expect(await table.locator('tr[data-best]').count()).toBe(1);
    expect(await page.getByText('The last 26 weeks of history were held out').isVisible()).toBe(true);
    await screenshot(page, 'value-dashboard');

    // The list filtered by tier "top" from the filters: only top-tier customers.
    const dashboard = await (await page.request.get(`${server.url}/api/v1/value/dashboard`)).json();
    const topCount = dashboard.tiers.find((t: { tier: string }) => t.tier === 'top').customers as number;
    expect(topCount).toBeGreaterThan(0);
    await page.goto(`${server.url}/customers`);
    const list = page.getByRole('table', { name: 'Customers' });
    await list.locator('tbody a').first().waitFor();
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByRole('combobox', { name: 'Value tier' }).click();
    await page.getByRole('option', { name: 'Top (top 10%)' }).click();
    await page.waitForURL((u) => u.searchParams.get('valueTier') === 'top');
    await page.keyboard.press('Escape');
    await page.getByRole('group', { name: 'Active filters' }).getByText('Value tier: Top').waitFor();
    await list.and(page.locator('[aria-busy="false"]')).waitFor();
    const headers = await list.locator('thead th').allTextContents();
    const valueColumn = headers.indexOf('Value');
    expect(valueColumn).toBeGreaterThan(0);
    const shown = list.locator('tbody tr');
    // 10% of the valued customers fit on the first page.
    expect(await shown.count()).toBe(topCount);
    const values = await shown.locator(`td:nth-child(${valueColumn + 1})`).allTextContents();
    expect(values).toHaveLength(topCount);
    for (const value of values) expect(value).toMatch(/^Top€[\d,]+\.\d\d$/);
    await screenshot(page, 'customers-top-tier');

    // A top customer's 360: the value card with CLV and P(alive).
    const first = shown.first().getByRole('link');
    const name = (await first.textContent()) ?? '';
    await first.click();
    await page.waitForURL((u) => /^\/customers\/[^/]+$/.test(u.pathname));
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const card = page.getByRole('region', { name: 'Customer value' });
    await card.getByText('Customer lifetime value').waitFor();
    expect(await card.textContent()).toMatch(/Customer lifetime value€[\d,]+\.\d\d/);
    expect(await card.getByText('CLV over 12 months at 1% a month').isVisible()).toBe(true);
    expect(await card.getByText('Top', { exact: true }).isVisible()).toBe(true);
    expect(await card.getByText(/^\d+% chance they are still buying: /).isVisible()).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-360-value');

    expect(errors).toEqual([]);
  });
});
