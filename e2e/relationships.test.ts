import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * Relationship intelligence in a real Chromium against the real server: "Recompute now" from the
 * empty Relationships page classifies the demo business's customers; the portfolio draws the type
 * mix and the stage-flow Sankey; a customer's 360 shows their type with the signals behind it,
 * and an override set there with a reason shows on the panel. Skipped without Chromium, like the
 * other browser tests.
 */
describe.skipIf(!hasChromium)('relationships in Chromium', { timeout: 180_000 }, () => {
  let database: Database;
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The demo plants a relationship type per customer, with its behavioural signature.
    server = await startServer(database, { customers: 120 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('recomputes, draws the portfolio, explains a customer’s type and keeps an override with its reason', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, server.url, server.admin);

    // The portfolio before any run, from the navigation.
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Relationships', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Relationships' }).waitFor();
    await page.getByText('No relationships computed yet').waitFor();

    const requested = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/relationships/runs') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Recompute now' }).first().click();
    expect((await requested).status()).toBe(202);
    await page.getByText('Recompute queued').waitFor();
    // The harness's server polls no jobs: the test is the worker, and one pass runs the run (and
    // whatever nightly work is due on a fresh workspace).
    expect(await server.services.jobs.runDue()).toBeGreaterThanOrEqual(1);

    const classified = page.getByRole('group', { name: /^Customers classified: / });
    await classified.waitFor({ timeout: 30_000 });
    await page.getByText('Relationships recomputed').waitFor();
    const portfolio = await (await page.request.get(`${server.url}/api/v1/relationships/portfolio`)).json();
    expect(portfolio.customers).toBeGreaterThanOrEqual(120);
    const count = Number((await classified.getAttribute('aria-label'))?.replace(/\D/g, ''));
    expect(count).toBe(portfolio.customers);
    const mix = page.getByRole('img', { name: /^Relationship types of [\d,]+ customers: / });
    await mix.locator('svg').first().waitFor();
    expect((await mix.boundingBox())?.height).toBeGreaterThan(200);
    await screenshot(page, 'relationships-portfolio');

    // Stages start on the day of the first run: the flows from that day to that day are every
    // customer staying where they are, "Maturity (from)" → "Maturity (to)" and so on.
    const today = portfolio.flows.to as string;
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === today && u.searchParams.get('to') === today);
    const sankey = page.getByRole('img', {
      name: /^Stage flows from .*: [\d,]+ customers, [\d,]+ in the same stage/,
    });
    await sankey.locator('svg').first().waitFor();
    const box = await sankey.boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(box?.height).toBeGreaterThan(150);
    expect(await sankey.locator('svg text').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/ \(from\)$/), expect.stringMatching(/ \(to\)$/)]),
    );
    await screenshot(page, 'relationships-sankey');

    // A customer whose type rests on signals, from the API.
    const customers = (await (await page.request.get(`${server.url}/api/v1/customers?limit=50`)).json()) as {
      items: { id: string; fullName: string }[];
    };
    let chosen: { id: string; fullName: string; type: string } | null = null;
    for (const c of customers.items) {
      const panel = await (
        await page.request.get(`${server.url}/api/v1/customers/${c.id}/relationship`)
      ).json();
      if (panel.profile?.signals.length && !panel.profile.fromSurvey) {
        chosen = { ...c, type: panel.profile.type };
        break;
      }
    }
    expect(chosen).not.toBeNull();
    const customer = chosen!;

    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.getByRole('heading', { level: 1, name: customer.fullName }).waitFor();
    const card = page.getByRole('region', { name: 'Customer relationship' });
    await card.getByText('Type in force').waitFor();
    const signals = card.getByRole('list', { name: 'Signals' }).getByRole('listitem');
    expect(await signals.count()).toBeGreaterThan(0);
    expect((await signals.first().textContent())?.length).toBeGreaterThan(3);
    expect(await card.getByRole('region', { name: 'How to treat them' }).isVisible()).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-360-relationship');

    // Override the type, with a reason, and see it on the panel.
    const [target, label] =
      customer.type === 'kinship' ? ['best_friendship', 'Best friendship'] : ['kinship', 'Kinship'];
    await card.getByRole('button', { name: 'Override type' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the relationship type by hand' });
    await dialog.getByRole('textbox', { name: /^Reason/ }).waitFor();
    await dialog.getByRole('button', { name: 'Save override' }).click();
    await dialog.getByText('choose the type that fits').waitFor();
    await dialog.getByRole('combobox', { name: /^Relationship type/ }).click();
    await page.getByRole('option', { name: label, exact: true }).click();
    const reason = 'Three generations of the family have stayed with us';
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill(reason);
    const saved = page.waitForResponse(
      (r) =>
        r.url().endsWith(`/customers/${customer.id}/relationship/override`) && r.request().method() === 'PUT',
    );
    await dialog.getByRole('button', { name: 'Save override' }).click();
    expect((await saved).status()).toBe(200);
    await dialog.waitFor({ state: 'detached' });
    const override = card.getByRole('region', { name: 'Override' });
    await override.getByText(`“${reason}”`).waitFor();
    expect(await override.textContent()).toContain(`Set to ${label} by Erin Admin`);
    expect(await card.getByText('Set by hand').isVisible()).toBe(true);
    expect(await card.getByText(label, { exact: true }).first().isVisible()).toBe(true);
    const stored = await (
      await page.request.get(`${server.url}/api/v1/customers/${customer.id}/relationship`)
    ).json();
    expect(stored.override).toMatchObject({ type: target, reason });
    expect(stored.profile.type).toBe(target);
    await screenshot(page, 'customer-360-relationship-override');

    // The agents' work list and the admins' rules and scoring model open on the same data.
    await page.goto(`${server.url}/relationships/work-list`);
    await page.getByRole('heading', { level: 1, name: 'Work list' }).waitFor();
    await page.getByRole('table', { name: 'Work list' }).or(page.getByText('Nothing to work on')).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link', { name: 'Work list' }).getAttribute('aria-current')).toBe('page');
    expect(
      await nav.getByRole('link', { name: 'Relationships', exact: true }).getAttribute('aria-current'),
    ).toBeNull();
    await screenshot(page, 'relationships-work-list');
    await page.goto(`${server.url}/settings/relationships`);
    const types = page.getByRole('table', { name: 'Relationship types' });
    await types.getByText('Edited').or(types.getByText('Default').first()).waitFor();
    expect(await types.locator('tbody tr').count()).toBe(15);
    await page.getByRole('table', { name: 'Weights per type and feature' }).waitFor();
    await screenshot(page, 'settings-relationships');

    expect(errors).toEqual([]);
  });
});
