// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fill, jsonResponse, notFound, pages, renderAt, sessionFor, stubApi } from '../../test-utils.js';
import { ApiKeysSettings } from './ApiKeysSettings.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const SECRET = 'rk_live_4f9aSecretThatIsShownOnce_x7Q2';

const stored = {
  id: '01938e77-0000-7000-8000-0000000000k1',
  name: 'Opera PMS Lisbon',
  prefix: 'rk_live_4f9a',
  role: 'agent',
  scopes: ['read', 'events'],
  createdBy: { type: 'user', id: 'u1', name: 'Test admin' },
  createdAt: '2026-03-01T09:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
};

describe('ApiKeysSettings', () => {
  it('shows a new key once, and it is gone after closing', async () => {
    let keys: unknown[] = [];
    const seen = stubApi((req) => {
      if (req.method === 'GET' && req.path === '/api-keys') return jsonResponse(200, { items: keys });
      if (req.method === 'POST' && req.path === '/api-keys') {
        keys = [stored];
        return jsonResponse(201, { ...stored, key: SECRET });
      }
      return notFound();
    });
    renderAt('/settings/api-keys', pages(['/settings/api-keys', ApiKeysSettings]), sessionFor('admin'));

    expect(await screen.findByText('No API keys yet')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    const form = await screen.findByRole('dialog', { name: 'Create an API key' });
    await fill(within(form).getByLabelText(/^Name/), 'Opera PMS Lisbon');
    await userEvent.click(within(form).getByLabelText('Events'));
    await userEvent.click(within(form).getByRole('button', { name: 'Create key' }));

    const once = await screen.findByRole('dialog', { name: 'Copy your new API key' });
    expect(within(once).getByDisplayValue(SECRET)).toBeTruthy();
    expect(within(once).getByText(/cannot show the key again/)).toBeTruthy();
    expect(within(once).getByRole('button', { name: 'Copy the key' })).toBeTruthy();
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Opera PMS Lisbon',
      role: 'agent',
      scopes: ['read', 'events'],
    });

    await userEvent.click(within(once).getByRole('button', { name: 'I have copied the key' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Copy your new API key' })).toBeNull());
    // The list now shows the key by its prefix only; the secret is nowhere in the page.
    expect(await screen.findByText('Opera PMS Lisbon')).toBeTruthy();
    expect(screen.getByText('rk_live_4f9a…')).toBeTruthy();
    expect(screen.queryByDisplayValue(SECRET)).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('revokes a key only after confirming', async () => {
    const seen = stubApi((req) => {
      if (req.method === 'GET') return jsonResponse(200, { items: [stored] });
      if (req.method === 'DELETE')
        return jsonResponse(200, { ...stored, revokedAt: '2026-03-02T09:00:00.000Z' });
      return notFound();
    });
    renderAt('/settings/api-keys', pages(['/settings/api-keys', ApiKeysSettings]), sessionFor('admin'));
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke Opera PMS Lisbon' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke this API key?' });
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(seen.find((r) => r.method === 'DELETE')?.path).toBe(`/api-keys/${stored.id}`));
  });
});
