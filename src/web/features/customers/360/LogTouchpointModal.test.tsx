// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { channelSettings } from '../../../../shared/contracts/touchpoint-types.js';
import {
  clientAs,
  fill,
  jsonResponse,
  renderWithProviders,
  stubApi,
  TEST_CUSTOMER_ID,
  validationProblem,
} from '../../../test-utils.js';
import { LogTouchpointModal } from './LogTouchpointModal.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = '2026-03-01T09:00:00.000Z';
const type = (n: number, key: string, label: string, over: Record<string, unknown> = {}) => ({
  id: `01938e77-0000-7000-8000-00000000000${n}`,
  key,
  label,
  defaultChannel: null,
  capturesSatisfaction: false,
  position: n * 10,
  createdAt: at,
  updatedAt: at,
  archivedAt: null,
  ...over,
});
const CATALOGUE = {
  types: [
    type(1, 'check_out', 'Check-out', { defaultChannel: 'front_desk' }),
    type(2, 'spa_visit', 'Spa', { defaultChannel: 'spa', capturesSatisfaction: true }),
  ],
  channels: channelSettings([{ channel: 'front_desk', enabled: true, label: 'Reception' }]),
};

const TOUCHPOINT = {
  id: '01938e77-0000-7000-8000-0000000000f1',
  customerId: TEST_CUSTOMER_ID,
  channel: 'spa',
  type: 'spa_visit',
  occurredAt: at,
  receivedAt: at,
  properties: {},
  source: null,
  messageId: null,
  staffUserId: null,
  satisfaction: 4,
  createdBy: { type: 'user', id: null, name: 'Ann' },
  deletedAt: null,
};

function render(onPost: (body: unknown) => Response = () => jsonResponse(201, TOUCHPOINT)) {
  const seen = stubApi((req) =>
    req.path === '/touchpoint-catalogue' ? jsonResponse(200, CATALOGUE) : onPost(req.body),
  );
  const onClose = vi.fn();
  renderWithProviders(<LogTouchpointModal customerId={TEST_CUSTOMER_ID} opened onClose={onClose} />, {
    queryClient: clientAs('agent'),
  });
  return { seen, onClose };
}

async function choose(label: RegExp, option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('LogTouchpointModal', () => {
  it("asks for satisfaction only for a type that captures it, and preselects the type's channel", async () => {
    render();
    await screen.findByRole('dialog', { name: 'Log a touch point' });
    await waitFor(() => expect(screen.getByRole('combobox', { name: /^Type/ })).toBeTruthy());
    await choose(/^Type/, 'Check-out');
    expect((screen.getByRole('combobox', { name: /^Channel/ }) as HTMLInputElement).value).toBe('Reception');
    expect(screen.queryByText('Satisfaction')).toBeNull();
  });

  it('logs a rated touch point with its notes and closes', async () => {
    const { seen, onClose } = render();
    await screen.findByRole('dialog', { name: 'Log a touch point' });
    await choose(/^Type/, 'Spa');
    expect(screen.getByText('Satisfaction')).toBeTruthy();
    await userEvent.click(screen.getByLabelText('4 of 5: Happy'));
    await fill(screen.getByLabelText('Notes'), 'Loved the hot stones');
    await userEvent.click(screen.getByRole('button', { name: 'Log touch point' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const post = seen.find((r) => r.method === 'POST');
    expect(post?.path).toBe('/touchpoints');
    expect(post?.body).toMatchObject({
      customerId: TEST_CUSTOMER_ID,
      type: 'spa_visit',
      channel: 'spa',
      satisfaction: 4,
      properties: { notes: 'Loved the hot stones' },
    });
    const { occurredAt } = post!.body as { occurredAt: string };
    expect(Number.isNaN(Date.parse(occurredAt))).toBe(false);
  });

  it('says what is missing before sending, and shows a server field error in place', async () => {
    const { seen } = render(() =>
      validationProblem([{ path: 'body.satisfaction', message: 'cannot be recorded for Spa' }]),
    );
    await screen.findByRole('dialog', { name: 'Log a touch point' });
    await userEvent.click(screen.getByRole('button', { name: 'Log touch point' }));
    expect(await screen.findByText('choose a type')).toBeTruthy();
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
    await choose(/^Type/, 'Spa');
    await userEvent.click(screen.getByLabelText('2 of 5: Unhappy'));
    await userEvent.click(screen.getByRole('button', { name: 'Log touch point' }));
    expect(await screen.findByText('cannot be recorded for Spa')).toBeTruthy();
  });
});
