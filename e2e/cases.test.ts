import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * The public complaint form in a real Chromium against the real server: a guest nobody knows
 * opens the business's form on their phone without logging in, waits as a person would, sends a
 * complaint and gets its reference; staff then find the case on the new (provisional) customer's
 * 360 page. One submission, well inside the form's rate limit. Skipped without Chromium, like the
 * other browser tests.
 */
describe.skipIf(!hasChromium)('public case form in Chromium', { timeout: 180_000 }, () => {
  let database: Database;
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database, { customers: 30 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('takes a complaint from a phone without a login, and staff see it on the provisional customer’s 360 page', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, server.url, server.admin);
    const workspace = (await (await page.request.get(`${server.url}/api/v1/workspace`)).json()) as {
      slug: string;
      name: string;
    };
    expect(workspace.slug).toMatch(/^e2e-/);

    const email = `guest.${Date.now().toString(36)}@example.com`;
    const subject = 'Cold room on the third floor';
    const body = 'The heating did not work for two nights.\n<b>Not</b> acceptable <script>alert(1)</script>';
    let reference = '';

    // The guest: another browser, no staff session, a phone-sized screen.
    const phone = await launchBrowser();
    try {
      const guest = phone.page;
      const guestErrors: string[] = [];
      guest.on('pageerror', (e) => guestErrors.push(e.message));
      await guest.setViewportSize({ width: 390, height: 844 });
      const opened = guest.waitForResponse(
        (r) => r.url().endsWith(`/api/v1/public/workspaces/${workspace.slug}/case-form`) && r.ok(),
      );
      await guest.goto(`${server.url}/contact/${workspace.slug}`);
      const form = (await (await opened).json()) as { minFillSeconds: number };
      const openedAt = Date.now();
      await guest.getByRole('heading', { level: 1, name: 'Tell us what is on your mind' }).waitFor();
      expect(await guest.getByText(workspace.name).first().isVisible()).toBe(true);
      expect(await guest.getByRole('navigation').count()).toBe(0);
      expect(await phone.context.cookies()).toEqual([]);
      // The honeypot is off-screen and out of the accessibility tree.
      const honeypot = guest.locator('input[name="website"]');
      expect((await honeypot.boundingBox())!.x).toBeLessThan(-1000);
      expect(await guest.getByRole('textbox', { name: /Website/ }).count()).toBe(0);

      const kinds = guest.getByRole('radiogroup', { name: /^What is it about\?/ });
      expect(await kinds.getByRole('radio').count()).toBe(4);
      await kinds.getByRole('radio', { name: /^Something went wrong/ }).click();
      expect(
        await kinds.getByRole('radio', { name: /^Something went wrong/ }).getAttribute('aria-checked'),
      ).toBe('true');
      await guest.getByRole('textbox', { name: 'Subject' }).fill(subject);
      await guest.getByRole('textbox', { name: /^Your message/ }).fill(body);
      await guest.getByText(`${body.length} / 20,000 characters`).waitFor();
      await guest.getByRole('textbox', { name: 'Your name' }).fill('Greta Unknown');
      await guest.getByRole('textbox', { name: 'E-mail' }).fill(email);
      // Nothing is wider than the phone.
      expect(await guest.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(guest, 'public-case-form');

      // A person takes longer than the form's minimum; the server refuses anything quicker.
      const wait = form.minFillSeconds * 1000 + 500 - (Date.now() - openedAt);
      if (wait > 0) await guest.waitForTimeout(wait);
      const sent = guest.waitForResponse(
        (r) =>
          r.url().endsWith(`/api/v1/public/workspaces/${workspace.slug}/cases`) &&
          r.request().method() === 'POST',
      );
      await guest.getByRole('button', { name: 'Send my message' }).click();
      const response = await sent;
      expect(response.status()).toBe(201);
      const posted = response.request().postDataJSON();
      expect(posted).toMatchObject({
        type: 'complaint',
        subject,
        body,
        name: 'Greta Unknown',
        email,
        website: '',
      });
      expect(posted.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
      expect(response.request().headers()['x-csrf-token']).toBeUndefined();
      reference = ((await response.json()) as { reference: string }).reference;
      expect(reference).toMatch(/^C-\d{6}$/);

      const thanks = guest.getByRole('heading', {
        level: 1,
        name: `Thank you — your reference is ${reference}`,
      });
      await thanks.waitFor();
      expect(await guest.getByRole('status').textContent()).toContain(
        `Your message has reached ${workspace.name}`,
      );
      await screenshot(guest, 'public-case-form-thanks');
      expect(guestErrors).toEqual([]);
    } finally {
      await phone.close();
    }

    // Staff: the sender was nobody known, so they became a provisional customer with the case.
    const found = (await (
      await page.request.get(`${server.url}/api/v1/customers?q=${encodeURIComponent(email)}`)
    ).json()) as { items: { id: string; fullName: string; provisional?: boolean }[] };
    expect(found.items).toHaveLength(1);
    const customer = found.items[0]!;
    expect(customer.provisional).toBe(true);

    await page.goto(`${server.url}/customers/${customer.id}`);
    const heading = page.getByRole('heading', { level: 1, name: customer.fullName });
    await heading.waitFor();
    const badge = page.locator('main').getByText('Provisional', { exact: true });
    await badge.waitFor();
    await badge.hover();
    await page
      .getByRole('tooltip')
      .filter({ hasText: 'Created from a message; check the details before trusting them' })
      .waitFor();

    const card = page.getByRole('region', { name: 'Customer cases' });
    const row = card.getByRole('listitem').filter({ hasText: reference });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain(subject);
    expect(text).toContain('Complaint');
    expect(text).toContain('New');
    expect(text).toContain('Normal severity');
    expect(text).toMatch(/Opened \d{1,2} \w+ \d{4}/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-360-cases');

    expect(errors).toEqual([]);
  });
});
