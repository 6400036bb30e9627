import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { BRQ_STATEMENTS, SURVEY_SENTENCES } from '../src/shared/contracts/relationships.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * Relationship intelligence in a real Chromium against the real server: "Recompute now" from the
 * empty Relationships page classifies the demo business's customers; the portfolio draws the type
 * mix and the stage-flow Sankey; a customer's 360 shows their type with the signals behind it,
 * and an override set there with a reason shows on the panel. A survey link made on the 360 page
 * is answered by the customer in a browser of their own, without logging in, and the answer shows
 * on the panel. Skipped without Chromium, like the other browser tests.
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

  it('makes a survey link on the 360 page that the customer answers on their phone without logging in', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, server.url, server.admin);

    // A customer with a given name, to be greeted by it, who has not answered the survey (the
    // demo has some who have); from the end of a page, away from the override above.
    const customers = (await (await page.request.get(`${server.url}/api/v1/customers?limit=50`)).json()) as {
      items: { id: string; fullName: string; givenName: string | null }[];
    };
    let customer: (typeof customers.items)[number] | undefined;
    for (const c of [...customers.items].reverse()) {
      if (!c.givenName) continue;
      const panel = (await (
        await page.request.get(`${server.url}/api/v1/customers/${c.id}/relationship`)
      ).json()) as {
        survey: unknown[];
      };
      if (panel.survey.length === 0) {
        customer = c;
        break;
      }
    }
    expect(customer).toBeDefined();
    const { id, fullName, givenName } = customer!;

    await page.goto(`${server.url}/customers/${id}`);
    await page.getByRole('heading', { level: 1, name: fullName }).waitFor();
    const card = page.getByRole('region', { name: 'Customer relationship' });
    const answers = card.getByRole('region', { name: 'Survey answers' });
    await answers.waitFor();
    expect(await answers.getByRole('listitem').count()).toBe(0);

    await card.getByRole('button', { name: 'Survey link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Survey link for the customer' });
    const days = dialog.getByRole('textbox', { name: /^Expires in \(days\)/ });
    expect(await days.inputValue()).toBe('30');
    await days.fill('14');
    const created = page.waitForResponse(
      (r) =>
        r.url().endsWith(`/customers/${id}/relationship/survey-links`) && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Create link' }).click();
    expect((await created).status()).toBe(201);
    const linkBox = dialog.getByRole('textbox', { name: 'Survey link' });
    await linkBox.waitFor();
    const url = await linkBox.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url.replace(/\./g, '\\.')}/survey/rsv_[A-Za-z0-9_-]+$`));
    expect(await linkBox.getAttribute('readonly')).not.toBeNull();
    await dialog.getByText('Shown once — copy it now.').waitFor();
    await dialog.getByRole('button', { name: 'Copy link' }).waitFor();
    await dialog
      .getByText('Their rules allow asking for feedback')
      .or(dialog.getByText(/^Their rules advise /))
      .waitFor();
    await screenshot(page, 'customer-360-survey-link');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The customer: another browser, no staff session, a phone-sized screen.
    const phone = await launchBrowser();
    try {
      const customerPage = phone.page;
      const customerErrors: string[] = [];
      customerPage.on('pageerror', (e) => customerErrors.push(e.message));
      await customerPage.setViewportSize({ width: 390, height: 844 });
      await customerPage.goto(url);
      await customerPage.getByRole('heading', { level: 1, name: `Hello ${givenName},` }).waitFor();
      expect(new URL(customerPage.url()).pathname).toBe(new URL(url).pathname);
      expect(await customerPage.getByText('Harbour & Vine Hotels').first().isVisible()).toBe(true);
      expect(await customerPage.getByRole('navigation').count()).toBe(0);
      expect(await phone.context.cookies()).toEqual([]);
      const sentences = customerPage.getByRole('radiogroup', {
        name: /^Which sentence fits your relationship/,
      });
      expect(await sentences.getByRole('radio').count()).toBe(15);

      await customerPage.getByRole('radio', { name: SURVEY_SENTENCES.kinship }).check();
      await customerPage
        .getByRole('radiogroup', { name: BRQ_STATEMENTS.commitment })
        .getByRole('radio', { name: '6', exact: true })
        .check();
      const answered = customerPage.waitForResponse(
        (r) => r.url().includes('/api/v1/public/surveys/') && r.request().method() === 'POST',
      );
      await customerPage.getByRole('button', { name: 'Send my answer' }).click();
      const response = await answered;
      expect(response.status()).toBe(200);
      expect(response.request().postDataJSON()).toEqual({
        sentence: 'kinship',
        brq: { commitment: 6 },
        attachment: {},
      });
      expect(response.request().headers()['x-csrf-token']).toBeUndefined();
      const thanks = customerPage.getByRole('status').filter({ hasText: 'Thank you for your answer!' });
      await thanks.waitFor();
      expect(await thanks.textContent()).toMatch(/You can change your answer until /);
      expect(await customerPage.getByRole('radio', { name: SURVEY_SENTENCES.kinship }).isChecked()).toBe(
        true,
      );
      await screenshot(customerPage, 'public-survey-thanks');
      expect(customerErrors).toEqual([]);
    } finally {
      await phone.close();
    }

    // Back on the 360 page: the customer's answer, from the link, is their first version.
    await page.reload();
    await answers.waitFor();
    const latest = answers.getByRole('listitem').first();
    await latest.waitFor();
    const text = await latest.textContent();
    expect(text).toContain(`“${SURVEY_SENTENCES.kinship}”`);
    expect(text).toContain('Version 1');
    expect(text).toContain('Survey link');
    expect(text).toContain('Commitment 6');
    expect(await answers.getByRole('listitem').count()).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-360-survey-from-link');

    expect(errors).toEqual([]);
  });
});
