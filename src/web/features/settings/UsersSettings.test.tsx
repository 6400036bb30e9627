// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fill,
  jsonResponse,
  notFound,
  pages,
  renderAt,
  sessionFor,
  stubApi,
  TEST_USER_ID,
  validationProblem,
} from '../../test-utils.js';
import { UsersSettings } from './UsersSettings.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const me = {
  id: TEST_USER_ID,
  email: 'admin@rapport.test',
  name: 'Test admin',
  role: 'admin',
  lastLoginAt: '2026-03-01T09:00:00.000Z',
  disabledAt: null,
  createdAt: '2025-01-01T09:00:00.000Z',
};
const colleague = {
  id: '01938e77-0000-7000-8000-000000000002',
  email: 'ana@rapport.test',
  name: 'Ana Ferreira',
  role: 'agent',
  lastLoginAt: null,
  disabledAt: null,
  createdAt: '2025-02-01T09:00:00.000Z',
};

function renderUsers() {
  const seen = stubApi((req) => {
    if (req.method === 'GET' && req.path === '/users')
      return jsonResponse(200, { items: [me, colleague], nextCursor: null });
    if (req.method === 'POST' && req.path === '/users') {
      return validationProblem([
        { path: 'body.password', message: 'is on the list of breached passwords' },
        { path: 'body.email', message: 'is not allowed by the workspace' },
      ]);
    }
    return notFound();
  });
  renderAt('/settings/users', pages(['/settings/users', UsersSettings]), sessionFor('admin'));
  return seen;
}

/** The input whose accessible description holds `message`: the error is tied to its field. */
function describedBy(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('UsersSettings', () => {
  it('shows the server’s field errors next to the inputs they belong to', async () => {
    const seen = renderUsers();
    await userEvent.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a user' });
    const email = within(dialog).getByLabelText(/^E-mail/);
    const password = within(dialog).getByLabelText(/^Password/);
    await fill(email, 'new.person@rapport.test');
    await fill(within(dialog).getByLabelText(/^Name/), 'New Person');
    await fill(password, 'long-enough-password');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add user' }));

    await waitFor(() => expect(describedBy(password)).toContain('is on the list of breached passwords'));
    expect(describedBy(email)).toContain('is not allowed by the workspace');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByLabelText(/^Name/).getAttribute('aria-invalid')).not.toBe('true');
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      email: 'new.person@rapport.test',
      name: 'New Person',
      role: 'agent',
      password: 'long-enough-password',
    });
    // The dialog stays open with what was typed, so it can be corrected.
    expect((email as HTMLInputElement).value).toBe('new.person@rapport.test');
  });

  it('checks the password length before sending', async () => {
    const seen = renderUsers();
    await userEvent.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a user' });
    await fill(within(dialog).getByLabelText(/^E-mail/), 'new.person@rapport.test');
    await fill(within(dialog).getByLabelText(/^Name/), 'New Person');
    const password = within(dialog).getByLabelText(/^Password/);
    await fill(password, 'short');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(describedBy(password)).toContain('must be at least 10 characters'));
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('lets nobody disable themselves', async () => {
    renderUsers();
    await userEvent.click(await screen.findByRole('button', { name: 'Actions for Test admin' }));
    expect(await screen.findByRole('menuitem', { name: 'Reset password' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Disable' })).toBeNull();
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByRole('button', { name: 'Actions for Ana Ferreira' }));
    expect(await screen.findByRole('menuitem', { name: 'Disable' })).toBeTruthy();
  });
});
