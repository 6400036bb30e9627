import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { seedDemo } from '../src/demo/seed.js';
import { buildApp, type Services } from '../src/server/app.js';
import type { Database } from '../src/server/db/client.js';
import { systemActor } from '../src/server/lib/actor.js';
import { systemClock } from '../src/server/lib/clock.js';
import { PROJECT_ROOT, WEB_DIST } from '../src/server/web-build.js';

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const BROWSER_TESTS_SKIPPED_MESSAGE = `Browser tests skipped: no Chromium at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH) and run npm test again.`;

/**
 * Flags for a headless Chromium on a closed network: no background services phoning home
 * (their connections are refused here, many at a time), no sandbox (CI runs as root).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Screenshots of each main screen land here (not committed; CI keeps them as artifacts). */
export const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR ?? join(PROJECT_ROOT, '.tmp', 'e2e-artifacts');

export interface E2eServer {
  url: string;
  services: Services;
  database: Database;
  workspaceId: string;
  admin: { email: string; password: string };
  /** Creates a staff account of `role` in the workspace and returns its login. */
  addUser(
    role: 'admin' | 'manager' | 'agent' | 'marketer' | 'analyst',
  ): Promise<{ email: string; password: string }>;
  close(): Promise<void>;
}

let users = 0;

/**
 * The real server — the same `buildApp` as `npm start`, serving the built web app — on a
 * fresh test database with a small demo business, listening on a free loopback port.
 */
export async function startServer(
  database: Database,
  opts: { customers?: number; seed?: number } = {},
): Promise<E2eServer> {
  const { app, services } = await buildApp({
    database,
    clock: systemClock,
    webRoot: WEB_DIST,
    loginsPerMinute: 1000,
  });
  const password = 'correct horse battery staple';
  const { workspace, adminEmail } = await services.workspaces.create({
    slug: `e2e-${Date.now().toString(36)}`,
    name: 'Harbour & Vine Hotels',
    admin: { email: `admin.${Date.now().toString(36)}@example.com`, password, name: 'Erin Admin' },
  });
  await seedDemo(database, {
    workspaceId: workspace.id,
    customers: opts.customers ?? 60,
    seed: opts.seed ?? 11,
    now: new Date(),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    database,
    workspaceId: workspace.id,
    admin: { email: adminEmail, password },
    async addUser(role) {
      const email = `${role}${++users}.${Date.now().toString(36)}@example.com`;
      await services.users.create(systemActor(workspace.id), { email, name: `Sam ${role}`, role, password });
      return { email, password };
    },
    close: async () => {
      await app.close();
    },
  };
}

/** A fresh Chromium profile (its own user-data dir), removed on close. */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rapport-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login form and waits until the app has left the login page. */
export async function logIn(page: Page, baseUrl: string, user: { email: string; password: string }) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.locator('input[type=password]').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Saves a full-page screenshot as a test artifact and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
