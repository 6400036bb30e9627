// @vitest-environment happy-dom

import { type AnyRootRoute, createRoute } from '@tanstack/react-router';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, notFound, renderAt, sessionFor, stubApi } from '../../test-utils.js';
import { ApiKeysSettings } from './ApiKeysSettings.js';
import { SettingsLayout } from './SettingsLayout.js';
import { UsersSettings } from './UsersSettings.js';
import { WorkspaceSettings } from './WorkspaceSettings.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function settingsTree(root: AnyRootRoute) {
  const settings = createRoute({ getParentRoute: () => root, path: '/settings', component: SettingsLayout });
  return [
    settings.addChildren([
      createRoute({ getParentRoute: () => settings, path: '/workspace', component: WorkspaceSettings }),
      createRoute({ getParentRoute: () => settings, path: '/users', component: UsersSettings }),
      createRoute({ getParentRoute: () => settings, path: '/api-keys', component: ApiKeysSettings }),
    ]),
  ];
}

const workspace = {
  id: 'w1',
  slug: 'test',
  name: 'Test Hotels',
  locale: 'en-GB',
  timeZone: 'Europe/London',
  currency: 'EUR',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

function stubSettingsApi() {
  return stubApi((req) => {
    if (req.path === '/workspace') return jsonResponse(200, workspace);
    if (req.path === '/users') return jsonResponse(200, { items: [], nextCursor: null });
    if (req.path === '/api-keys') return jsonResponse(200, { items: [] });
    return notFound();
  });
}

describe('SettingsLayout', () => {
  it('links every section for an admin and marks the open one', async () => {
    stubSettingsApi();
    renderAt('/settings/users', settingsTree, sessionFor('admin'));
    const nav = await screen.findByRole('navigation', { name: 'Settings sections' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      'Workspace',
      'Users',
      'API keys',
      'Touch points',
      'Identity',
      'Value',
      'Relationships',
    ]);
    expect(within(nav).getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Workspace' }).getAttribute('aria-current')).toBeNull();
    expect(await screen.findByRole('heading', { name: 'Users', level: 2 })).toBeTruthy();
  });

  it('leaves out what a non-admin may not manage, and explains it when opened by URL', async () => {
    const seen = stubSettingsApi();
    renderAt('/settings/users', settingsTree, sessionFor('manager'));
    const nav = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Workspace']);
    expect(await screen.findByRole('heading', { name: 'Only admins can manage users' })).toBeTruthy();
    expect(screen.getByText(/Your role \(Manager\) does not include this/)).toBeTruthy();
    // Nothing the server would refuse is even asked for.
    expect(seen.some((r) => r.path === '/users')).toBe(false);
  });

  it('explains API keys to a non-admin too', async () => {
    stubSettingsApi();
    renderAt('/settings/api-keys', settingsTree, sessionFor('analyst'));
    expect(await screen.findByRole('heading', { name: 'Only admins can manage API keys' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create API key' })).toBeNull();
  });
});
