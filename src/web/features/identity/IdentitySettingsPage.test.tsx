// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings } from '../../../shared/contracts/identities.js';
import {
  fill,
  jsonResponse,
  pages,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  validationProblem,
} from '../../test-utils.js';
import { IdentitySettingsPage } from './IdentitySettingsPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const settings: IdentitySettings = structuredClone(DEFAULT_IDENTITY_SETTINGS);

function open(role: Role, onPatch?: (req: SeenRequest) => Response) {
  const seen = stubApi((req) => {
    if (req.method === 'PATCH') {
      return onPatch ? onPatch(req) : jsonResponse(200, { ...settings, ...(req.body as object) });
    }
    return jsonResponse(200, settings);
  });
  renderAt('/settings/identity', pages(['/settings/identity', IdentitySettingsPage]), sessionFor(role));
  return seen;
}

const patches = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'PATCH');

describe('IdentitySettingsPage', () => {
  it('lists the kinds by priority with their limits and matching', async () => {
    open('admin');
    const table = await screen.findByRole('table', { name: 'Identity kinds' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('th')?.firstChild?.textContent)).toEqual([
      'External id',
      'Loyalty',
      'E-mail',
      'Phone',
      'Anonymous',
    ]);
    expect((screen.getByLabelText('E-mail limit per customer') as HTMLInputElement).value).toBe('5');
    expect((screen.getByLabelText('Use e-mail for matching') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
  });

  it('sends only the kinds when a limit changes, priorities as they were', async () => {
    const seen = open('admin');
    const limit = await screen.findByLabelText('E-mail limit per customer');
    await userEvent.clear(limit);
    await fill(limit, '3');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches(seen)).toHaveLength(1));
    expect(patches(seen)[0]?.body).toEqual({
      kinds: settings.kinds.map((k) => (k.kind === 'email' ? { ...k, limit: 3 } : k)),
    });
  });

  it('moving a kind up swaps the two priorities', async () => {
    const seen = open('admin');
    await userEvent.click(await screen.findByRole('button', { name: 'Move E-mail up' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches(seen)).toHaveLength(1));
    const sent = (patches(seen)[0]!.body as { kinds: { kind: string; priority: number }[] }).kinds;
    expect(sent.map((k) => [k.kind, k.priority])).toEqual([
      ['external_id', 1],
      ['email', 2],
      ['loyalty', 3],
      ['phone', 4],
      ['anonymous', 5],
    ]);
  });

  it('adds and removes blocked values, refusing a broken regular expression before sending', async () => {
    const seen = open('admin');
    const input = await screen.findByLabelText('Add a blocked value');
    await fill(input, '/[a-/');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByText('“/[a-/” is not a valid /regular expression/')).toBeTruthy();
    await userEvent.clear(input);
    await fill(input, 'noreply@example.com');
    await userEvent.keyboard('{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Remove guest' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches(seen)).toHaveLength(1));
    expect(patches(seen)[0]?.body).toEqual({
      blockedValues: [...settings.blockedValues.filter((v) => v !== 'guest'), 'noreply@example.com'],
    });
  });

  it('shows the server’s field errors where they belong', async () => {
    open('admin', () =>
      validationProblem([
        { path: 'body.kinds.2.limit', message: 'must be at most 100' },
        { path: 'body.blockedValues.14', message: 'would block every e-mail' },
      ]),
    );
    const input = await screen.findByLabelText('Add a blocked value');
    await fill(input, '/@/');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    const limit = screen.getByLabelText('E-mail limit per customer');
    await userEvent.clear(limit);
    await fill(limit, '50');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('must be at most 100')).toBeTruthy();
    expect(limit.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('“/@/” would block every e-mail')).toBeTruthy();
  });

  it('changes the survivorship of a field, the trust order and the userId source', async () => {
    const seen = open('admin');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Move Integrations (API keys, events) up' }),
    );
    await userEvent.click(screen.getByRole('combobox', { name: 'Address' }));
    await userEvent.click(await screen.findByRole('option', { name: /^Most trusted source/ }));
    const source = screen.getByLabelText('userId source');
    await userEvent.clear(source);
    await fill(source, 'shop');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches(seen)).toHaveLength(1));
    expect(patches(seen)[0]?.body).toEqual({
      survivorship: { ...settings.survivorship, address: 'most_trusted' },
      sourceTrust: ['user', 'api_key', 'system'],
      userIdSource: 'shop',
    });
  });

  it('is read-only for everyone but admins', async () => {
    const seen = open('manager');
    expect(await screen.findByText('Only admins can change identity settings.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByLabelText('Add a blocked value')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Move / })).toBeNull();
    expect((screen.getByLabelText('E-mail limit per customer') as HTMLInputElement).disabled).toBe(true);
    expect(seen.every((r) => r.method === 'GET')).toBe(true);
  });
});
