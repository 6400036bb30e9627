import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { systemActor } from '../src/server/lib/actor.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * The agent inbox in a real Chromium against the real server: an agent finds two new cases in
 * the unassigned queue, selects both from the keyboard, assigns them to themself in one go,
 * opens one and answers it; the reply is in the thread (and, without an SMTP server, says it was
 * not e-mailed). A body carrying markup shows as text and runs nothing.
 */
describe.skipIf(!hasChromium)('agent inbox in Chromium', { timeout: 180_000 }, () => {
  let database: Database;
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database, { customers: 20 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('selects two cases with the keyboard, assigns them to me, opens one and replies', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A marker in both bodies, so the search narrows the inbox to exactly these two.
    const marker = `zq${Date.now().toString(36)}`;
    const system = systemActor(server.workspaceId);
    const opened = [];
    for (const [i, body] of [
      `The minibar was charged twice (${marker}).`,
      `<img src=x onerror="window.__hacked=1"> The lift is broken (${marker}).`,
    ].entries()) {
      opened.push(
        await server.services.cases.intake(system, {
          type: 'complaint',
          channel: 'chat',
          subject: i === 0 ? 'Charged twice' : 'Broken lift <b>now</b>',
          body,
          sender: { name: `Guest ${i}`, email: `guest${i}.${marker}@example.com` },
        }),
      );
    }
    const agent = await server.addUser('agent');
    await logIn(page, server.url, agent);

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Cases' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: 'Unassigned' })
      .click();
    const listed = page.waitForResponse(
      (r) => r.url().includes('/api/v1/cases?') && r.url().includes(`q=${marker}`) && r.ok(),
    );
    await page.getByRole('textbox', { name: 'Search cases' }).fill(marker);
    await listed;
    const table = page.getByRole('table', { name: 'Cases' });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('textbox', { name: 'Search cases' }).press('Escape');

    // The keyboard: down to the first case, select it, down to the second, select it.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('2 selected').waitFor();
    // Focus is visible and on the second row, which the keyboard moved to.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-focused'))).toBe('true');
    expect(await rows.nth(1).getAttribute('data-focused')).toBe('true');
    await screenshot(page, 'case-inbox-selected');

    const assigned = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases/bulk'));
    await bar.getByRole('button', { name: 'Assign to me' }).click();
    const result = (await (await assigned).json()) as { succeeded: number; failed: number };
    expect(result).toMatchObject({ succeeded: 2, failed: 0 });
    // Assigned, they leave the unassigned queue; "My open cases" has them.
    await expect.poll(() => rows.count()).toBe(0);
    await page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: 'My open cases' })
      .click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('You');

    // Open the case with the markup from the keyboard.
    const lift = opened[1]!;
    await page.keyboard.press('j');
    while (!((await page.locator('tr[data-focused="true"]').textContent()) ?? '').includes(lift.reference)) {
      await page.keyboard.press('j');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/cases/${lift.id}`);
    await page.getByRole('heading', { level: 1, name: 'Broken lift <b>now</b>' }).waitFor();
    const words = page.getByRole('article', { name: 'The customer’s words' });
    expect(await words.textContent()).toContain('<img src=x onerror="window.__hacked=1"> The lift is broken');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __hacked?: number }).__hacked)).toBeUndefined();

    const reply = 'So sorry — the engineer is on the way and your room moves to the ground floor.';
    const form = page.getByRole('form', { name: 'Write to the case' });
    await form.getByRole('textbox', { name: 'Reply to the customer' }).fill(reply);
    const sent = page.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${lift.id}/messages`));
    await form.getByRole('button', { name: 'Send reply' }).click();
    expect((await sent).status()).toBe(201);
    const thread = page.getByRole('list', { name: 'Messages, oldest first' });
    const message = thread.getByRole('listitem').filter({ hasText: reply });
    await message.waitFor();
    expect(await message.getAttribute('data-kind')).toBe('reply');
    expect(await message.textContent()).toContain('Not sent: no outgoing mail server is set up');
    await page.getByRole('region', { name: 'History' }).getByText('Replied to the customer').waitFor();
    await screenshot(page, 'case-page');

    const stored = await server.services.cases.get(system, lift.id);
    expect(stored.assigneeUserId).not.toBeNull();
    expect(stored.messages.map((m) => [m.kind, m.body])).toEqual([['reply', reply]]);
    expect(errors).toEqual([]);
  });
});
