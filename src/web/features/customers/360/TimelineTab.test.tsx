// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TimelineEntry } from '../../../../shared/contracts/customers.js';
import { channelSettings } from '../../../../shared/contracts/touchpoint-types.js';
import { CHANNEL_LABELS } from '../../../../shared/contracts/touchpoints.js';
import {
  clientAs,
  jsonResponse,
  renderWithProviders,
  stubApi,
  TEST_CUSTOMER_ID,
} from '../../../test-utils.js';

import { TimelineTab } from './TimelineTab.js';
import { humanType } from './timeline.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const XSS = '<img src=x onerror=alert(1)> asked about <b>late checkout</b>';

const entry = (id: string, over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id,
  kind: 'touchpoint',
  channel: 'front_desk',
  type: 'check_in',
  typeLabel: humanType(over.type ?? 'check_in'),
  channelLabel: over.channel === null ? null : CHANNEL_LABELS[over.channel ?? 'front_desk'],
  occurredAt: new Date('2026-03-01T10:00:00Z'),
  summary: 'Front desk · check_in',
  satisfaction: null,
  properties: {},
  ...over,
});

const NOTE = entry('01938e77-0000-7000-8000-0000000000e1', {
  kind: 'note',
  channel: null,
  type: 'note',
  summary: XSS,
  properties: { author: 'Ann Desk' },
  occurredAt: new Date('2026-03-02T10:00:00Z'),
});

describe('TimelineTab', () => {
  it('renders a note with markup in it as text, not HTML', async () => {
    stubApi(() =>
      jsonResponse(200, {
        items: [NOTE, entry('01938e77-0000-7000-8000-0000000000e2', { satisfaction: 2 })],
        nextCursor: null,
      }),
    );
    const { container } = renderWithProviders(
      <TimelineTab customerId={TEST_CUSTOMER_ID} filters={{}} onFiltersChange={() => {}} />,
      { queryClient: clientAs('agent') },
    );
    const list = await screen.findByRole('list', { name: 'Timeline' });
    expect(within(list).getByText(XSS)).toBeTruthy();
    expect(within(list).getByText('Note by Ann Desk')).toBeTruthy();
    expect(within(list).getByRole('img', { name: 'Note' })).toBeTruthy();
    expect(within(list).getByText('Satisfaction 2/5')).toBeTruthy();
    expect(container.querySelector('img, b')).toBeNull();
  });

  it('loads the next page with the cursor from "Load more", and sends the filters', async () => {
    const seen = stubApi((req) =>
      req.query.get('cursor') === 'c2'
        ? jsonResponse(200, {
            items: [entry('01938e77-0000-7000-8000-0000000000e4', { type: 'check_out' })],
            nextCursor: null,
          })
        : jsonResponse(200, { items: [entry('01938e77-0000-7000-8000-0000000000e3')], nextCursor: 'c2' }),
    );
    renderWithProviders(
      <TimelineTab
        customerId={TEST_CUSTOMER_ID}
        filters={{ channel: 'front_desk' }}
        onFiltersChange={() => {}}
      />,
      { queryClient: clientAs('agent') },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    const list = screen.getByRole('list', { name: 'Timeline' });
    expect(await within(list).findByText('Check out')).toBeTruthy();
    expect(within(list).getByText('Check in')).toBeTruthy();
    const timelineCalls = seen.filter((r) => r.path.endsWith('/timeline'));
    expect(timelineCalls.map((r) => [r.path, r.query.get('channel'), r.query.get('cursor')])).toEqual([
      [`/customers/${TEST_CUSTOMER_ID}/timeline`, 'front_desk', null],
      [`/customers/${TEST_CUSTOMER_ID}/timeline`, 'front_desk', 'c2'],
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('gives analysts the timeline without the note box', async () => {
    stubApi(() => jsonResponse(200, { items: [NOTE], nextCursor: null }));
    renderWithProviders(
      <TimelineTab customerId={TEST_CUSTOMER_ID} filters={{}} onFiltersChange={() => {}} />,
      {
        queryClient: clientAs('analyst'),
      },
    );
    await screen.findByRole('list', { name: 'Timeline' });
    expect(screen.queryByLabelText('New note')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add note' })).toBeNull();
  });

  it('says why it is empty, and retries after an error', async () => {
    let fail = true;
    stubApi(() =>
      fail
        ? jsonResponse(500, {
            type: 'about:blank',
            title: 'Something went wrong',
            status: 500,
            code: 'INTERNAL',
          })
        : jsonResponse(200, { items: [], nextCursor: null }),
    );
    renderWithProviders(
      <TimelineTab
        customerId={TEST_CUSTOMER_ID}
        filters={{ kind: 'note', channel: 'web' }}
        onFiltersChange={() => {}}
      />,
      { queryClient: clientAs('agent') },
    );
    const retry = await screen.findByRole('button', { name: 'Try again' });
    fail = false;
    await userEvent.click(retry);
    await waitFor(() => expect(screen.getByText('Notes have no channel')).toBeTruthy());
  });

  it("offers the catalogue's types first, then other types on the timeline, and shows the catalogue's labels", async () => {
    const at = '2026-03-01T09:00:00.000Z';
    const catalogue = {
      types: [
        {
          id: '01938e77-0000-7000-8000-0000000000b1',
          key: 'check_in',
          label: 'Check-in',
          defaultChannel: 'front_desk',
          capturesSatisfaction: false,
          position: 10,
          createdAt: at,
          updatedAt: at,
          archivedAt: null,
        },
      ],
      channels: channelSettings([{ channel: 'front_desk', enabled: true, label: 'Reception' }]),
    };
    const changes: unknown[] = [];
    stubApi((req) =>
      req.path === '/touchpoint-catalogue'
        ? jsonResponse(200, catalogue)
        : jsonResponse(200, {
            items: [
              entry('01938e77-0000-7000-8000-0000000000e5', {
                type: 'valet_parking',
                typeLabel: 'Valet parking',
                channelLabel: 'Reception',
              }),
            ],
            nextCursor: null,
          }),
    );
    renderWithProviders(
      <TimelineTab customerId={TEST_CUSTOMER_ID} filters={{}} onFiltersChange={(f) => changes.push(f)} />,
      { queryClient: clientAs('agent') },
    );
    const list = await screen.findByRole('list', { name: 'Timeline' });
    expect(within(list).getByText('Valet parking')).toBeTruthy();
    expect(within(list).getByText('Reception')).toBeTruthy();
    await userEvent.click(screen.getByRole('combobox', { name: 'Type' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Check-in', 'Valet parking']);
    await userEvent.click(screen.getByRole('option', { name: 'Check-in' }));
    expect(changes).toEqual([{ type: 'check_in' }]);
  });
});
