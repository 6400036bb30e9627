import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { systemActor } from '../src/server/lib/actor.js';
import { dayInZone, zonedDayBounds } from '../src/shared/zoned-day.js';
import { createTestDatabase } from '../test/db.js';
import { type E2eServer, hasChromium, launchBrowser, logIn, screenshot, startServer } from './harness.js';

/**
 * The arrivals briefing on a tablet in a real Chromium against the real server: a regular's
 * 10th stay shows on today's card, and a thumbs-up is stored, survives a reload and reaches the
 * usefulness report. Skipped without Chromium, like the other browser tests.
 */
describe.skipIf(!hasChromium)("today's arrivals in Chromium", { timeout: 180_000 }, () => {
  let database: Database;
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const LOCATION = 'E2E Harbour Hotel';

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database, { customers: 20 });
    browser = await launchBrowser();
    const actor = systemActor(server.workspaceId, 'e2e');
    const rita = await server.services.customers.create(actor, {
      givenName: 'Rita',
      familyName: 'Regular',
      emails: [{ value: 'rita.regular@example.com' }],
    });
    for (let i = 1; i <= 9; i++) {
      await server.services.touchpoints.create(actor, {
        customerId: rita.id,
        channel: 'front_desk',
        type: 'check_in',
        occurredAt: new Date(Date.now() - i * 30 * 86_400_000).toISOString(),
        properties: { roomType: 'Suite' },
      });
    }
    const { start } = zonedDayBounds(dayInZone(new Date(), 'Europe/London'), 'Europe/London');
    await server.services.visits.create(actor, {
      customerId: rita.id,
      startsAt: new Date(start.getTime() + 12 * 3_600_000).toISOString(),
      location: LOCATION,
      type: 'booking',
      properties: { roomType: 'Suite', nights: 2 },
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('shows the regular’s card at tablet width and keeps the desk’s thumbs-up', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: 820, height: 1180 });
    const agent = await server.addUser('agent');
    await logIn(page, server.url, agent);
    await page.goto(`${server.url}/arrivals?location=${encodeURIComponent(LOCATION)}`);
    const card = page.getByRole('article', { name: /Rita Regular/ });
    await card.waitFor({ timeout: 30_000 });
    expect(await page.getByRole('heading', { name: "Today's arrivals" }).isVisible()).toBe(true);
    const milestone = card.getByRole('group', { name: 'Milestone: 10th stay with us' });
    expect(await milestone.isVisible()).toBe(true);
    expect(await card.getByText('Usually stays in a suite (9 of 9 stays)').isVisible()).toBe(true);
    const useful = milestone.getByRole('button', { name: 'Useful', exact: true });
    const box = await useful.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(44);
    expect(box?.height).toBeGreaterThanOrEqual(44);

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/briefings/feedback'));
    await useful.click();
    expect((await saved).status()).toBe(200);
    await page.reload();
    await card.waitFor();
    expect(await useful.getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'arrivals-tablet');

    const report = await page.request.get(`${server.url}/api/v1/briefings/usefulness`);
    const milestones = (await report.json()).items.find((i: { kind: string }) => i.kind === 'milestone');
    expect(milestones).toMatchObject({ useful: 1, notUseful: 0 });
    // the page is in the navigation
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await page.getByRole('link', { name: 'Arrivals' }).click();
    await page.waitForURL((u) => u.pathname === '/arrivals');
    expect(errors).toEqual([]);
  });
});
