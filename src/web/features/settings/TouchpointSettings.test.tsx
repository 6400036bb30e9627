// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { channelSettings } from '../../../shared/contracts/touchpoint-types.js';
import {
  fill,
  jsonResponse,
  pages,
  renderAt,
  sessionFor,
  stubApi,
  validationProblem,
} from '../../test-utils.js';
import { TouchpointSettings } from './TouchpointSettings.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = '2026-03-01T09:00:00.000Z';
const type = (id: string, key: string, label: string, over: Record<string, unknown> = {}) => ({
  id: `01938e77-0000-7000-8000-0000000000${id}`,
  key,
  label,
  defaultChannel: null,
  capturesSatisfaction: false,
  position: 10,
  createdAt: at,
  updatedAt: at,
  archivedAt: null,
  ...over,
});
const TYPES = [
  type('a1', 'check_in', 'Check-in', { defaultChannel: 'front_desk' }),
  type('a2', 'call', 'Call', { capturesSatisfaction: true, position: 20 }),
  type('a3', 'fax', 'Fax', { archivedAt: at, position: 30 }),
];

function stub(handler?: (req: { method: string; path: string; body: unknown }) => Response | undefined) {
  return stubApi((req) => {
    const answer = handler?.(req);
    if (answer) return answer;
    if (req.path === '/touchpoint-types') return jsonResponse(200, { items: TYPES });
    if (req.path === '/touchpoint-channels') return jsonResponse(200, { items: channelSettings([]) });
    return jsonResponse(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'NOT_FOUND' });
  });
}

const open = (role: 'admin' | 'manager' = 'admin') =>
  renderAt('/settings/touchpoints', pages(['/settings/touchpoints', TouchpointSettings]), sessionFor(role));

describe('TouchpointSettings', () => {
  it('lists live types in order, then archived ones, with their settings', async () => {
    stub();
    open();
    const table = await screen.findByRole('table', { name: 'Touch-point types' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => (within(r).getByRole('textbox') as HTMLInputElement).value)).toEqual([
      'Check-in',
      'Call',
      'Fax',
    ]);
    expect(within(rows[2]!).getByText('Archived')).toBeTruthy();
    expect((screen.getByLabelText('Ask for satisfaction with Call') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Ask for satisfaction with Check-in') as HTMLInputElement).checked).toBe(
      false,
    );
    // Only live types move; the first cannot go up.
    expect((screen.getByLabelText('Move Check-in up') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByLabelText('Move Fax up')).toBeNull();
    expect(screen.getByLabelText('Restore Fax')).toBeTruthy();
  });

  it('adds a type with a key made from its label', async () => {
    const seen = stub((req) =>
      req.method === 'POST'
        ? jsonResponse(201, type('b1', 'room_service', 'Room service', { capturesSatisfaction: true }))
        : undefined,
    );
    open();
    await fill(await screen.findByLabelText('New type'), 'Room service');
    expect((screen.getByLabelText(/^Key/) as HTMLInputElement).value).toBe('room_service');
    await userEvent.click(screen.getByLabelText('Ask for satisfaction'));
    await userEvent.click(screen.getByRole('button', { name: 'Add type' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      key: 'room_service',
      label: 'Room service',
      defaultChannel: null,
      capturesSatisfaction: true,
    });
  });

  it("shows the server's field error under the key", async () => {
    stub((req) =>
      req.method === 'POST'
        ? validationProblem([{ path: 'body.key', message: 'is the key of another type in this workspace' }])
        : undefined,
    );
    open();
    await fill(await screen.findByLabelText('New type'), 'Call');
    await userEvent.click(screen.getByRole('button', { name: 'Add type' }));
    expect(await screen.findByText('is the key of another type in this workspace')).toBeTruthy();
  });

  it('reorders, toggles satisfaction and archives through the API', async () => {
    const seen = stub((req) => {
      if (req.method === 'PUT') return jsonResponse(200, { items: TYPES });
      if (req.method === 'PATCH') return jsonResponse(200, TYPES[0]);
      return undefined;
    });
    open();
    await userEvent.click(await screen.findByLabelText('Move Check-in down'));
    await waitFor(() => expect(seen.some((r) => r.method === 'PUT')).toBe(true));
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({ ids: [TYPES[1]!.id, TYPES[0]!.id] });

    await userEvent.click(screen.getByLabelText('Ask for satisfaction with Check-in'));
    await userEvent.click(screen.getByLabelText('Archive Call'));
    await waitFor(() => expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(2));
    expect(seen.filter((r) => r.method === 'PATCH').map((r) => [r.path, r.body])).toEqual([
      [`/touchpoint-types/${TYPES[0]!.id}`, { capturesSatisfaction: true }],
      [`/touchpoint-types/${TYPES[1]!.id}`, { archived: true }],
    ]);
  });

  it('disables a channel and gives one its own label', async () => {
    const seen = stub((req) =>
      req.method === 'PATCH' ? jsonResponse(200, channelSettings([])[0]) : undefined,
    );
    open();
    await userEvent.click(await screen.findByLabelText('Use Post'));
    const label = screen.getByLabelText('Label of Front desk');
    await fill(label, 'Reception');
    await userEvent.tab();
    await waitFor(() => expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(2));
    expect(seen.filter((r) => r.method === 'PATCH').map((r) => [r.path, r.body])).toEqual([
      ['/touchpoint-channels/post', { enabled: false }],
      ['/touchpoint-channels/front_desk', { label: 'Reception' }],
    ]);
  });

  it('explains itself to a role that cannot manage it, without asking the API', async () => {
    const seen = stub();
    open('manager');
    expect(await screen.findByText('Only admins can manage the touch-point catalogue')).toBeTruthy();
    expect(seen).toHaveLength(0);
  });
});
