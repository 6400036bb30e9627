import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../test/app.js';
import { ensureFirstWorkspace } from './bootstrap.js';
import { loadConfig } from './config.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('first start', () => {
  it('creates the demo workspace with the admin from the environment, once', async () => {
    t = await createTestApp();
    const config = loadConfig({
      RAPPORT_ADMIN_EMAIL: 'owner@harbour.example',
      RAPPORT_ADMIN_PASSWORD: 'a password of some length',
      RAPPORT_DEMO_CUSTOMERS: '25',
    });
    const lines: string[] = [];
    const first = await ensureFirstWorkspace(t.database, t.services, config, (l) => lines.push(l));
    expect(first).toMatchObject({
      created: true,
      workspaceSlug: 'demo',
      adminEmail: 'owner@harbour.example',
      generatedPassword: null,
    });
    expect(first.demoCustomers).toBe(25);
    expect(lines.join('\n')).toContain('Seeded 25 customers');
    const admin = await login(t, 'owner@harbour.example', 'a password of some length');
    const customers = (await admin.request('GET', '/api/v1/customers?limit=200')).json();
    expect(customers.items).toHaveLength(25);

    const again = await ensureFirstWorkspace(t.database, t.services, config, (l) => lines.push(l));
    expect(again.created).toBe(false);
    expect((await t.services.workspaces.listAll()).map((w) => w.slug)).toEqual(['demo']);
  });

  it('generates a password when none is set, and skips the demo when it is off', async () => {
    t = await createTestApp();
    const config = loadConfig({ RAPPORT_DEMO: 'false' });
    const first = await ensureFirstWorkspace(t.database, t.services, config, () => {});
    expect(first.workspaceSlug).toBe('main');
    expect(first.generatedPassword).toMatch(/^[\w-]{16}$/);
    const admin = await login(t, 'admin@rapport.local', first.generatedPassword!);
    expect((await admin.request('GET', '/api/v1/customers')).json().items).toEqual([]);
  });
});
