// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fill, jsonResponse, pages, renderAt, sessionFor, stubApi } from '../../test-utils.js';
import { WorkspaceSettings } from './WorkspaceSettings.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const workspace = {
  id: '01938e77-0000-7000-8000-0000000000aa',
  slug: 'test',
  name: 'Harbour & Vine',
  locale: 'de-CH',
  timeZone: 'Europe/Zurich',
  currency: 'CHF',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('WorkspaceSettings', () => {
  it('is read-only for a non-admin session', async () => {
    const seen = stubApi(() => jsonResponse(200, workspace));
    renderAt('/settings/workspace', pages(['/settings/workspace', WorkspaceSettings]), sessionFor('manager'));
    expect(await screen.findByText('Harbour & Vine')).toBeTruthy();
    expect(screen.getByText('Only admins can change workspace settings.')).toBeTruthy();
    expect(screen.getByText('Europe/Zurich')).toBeTruthy();
    expect(screen.getByText(/^CHF — Swiss Franc$/i)).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(seen.every((r) => r.method === 'GET')).toBe(true);
  });

  it('saves only what an admin changed and refreshes the session so the app re-formats', async () => {
    const seen = stubApi((req) => {
      if (req.path === '/workspace' && req.method === 'PATCH') {
        return jsonResponse(200, { ...workspace, ...(req.body as object) });
      }
      if (req.path === '/auth/session') return jsonResponse(200, sessionFor('admin'));
      return jsonResponse(200, workspace);
    });
    renderAt('/settings/workspace', pages(['/settings/workspace', WorkspaceSettings]), sessionFor('admin'));
    const name = await screen.findByLabelText(/^Name/);
    expect(screen.getByText(/^Dates look like 03\.03\.2026, 15:05, money like CHF/)).toBeTruthy();
    await userEvent.clear(name);
    await fill(name, 'Harbour & Vine Hotels');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(seen.some((r) => r.path === '/auth/session')).toBe(true));
    expect(seen.find((r) => r.method === 'PATCH')?.body).toEqual({ name: 'Harbour & Vine Hotels' });
  });

  it('shows a field error from the server under its input', async () => {
    stubApi((req) =>
      req.method === 'PATCH'
        ? jsonResponse(400, {
            type: 'about:blank',
            title: 'The request is not valid',
            status: 400,
            code: 'VALIDATION_FAILED',
            errors: [{ path: 'body.name', message: 'is reserved' }],
          })
        : jsonResponse(200, workspace),
    );
    renderAt('/settings/workspace', pages(['/settings/workspace', WorkspaceSettings]), sessionFor('admin'));
    const name = await screen.findByLabelText(/^Name/);
    await fill(name, ' Group');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('is reserved')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
  });
});
