// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../../shared/contracts/dashboard.js';
import { jsonResponse, pages, renderAt, sessionFor, stubApi, TEST_USER_ID } from '../../test-utils.js';
import { DashboardPage } from './DashboardPage.js';

// Charts are option builders tested on their own (dashboard.charts.test.ts); happy-dom cannot
// lay them out, so here a chart is its accessible label.
vi.mock('../../components/EChart.js', () => ({
  EChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const asOf = new Date('2026-03-10T12:00:00Z');
const activeSince = new Date('2025-12-10T12:00:00Z');
const newSince = new Date('2026-02-08T12:00:00Z');

/** A dashboard as the server sends it (dates as ISO strings). */
function dashboard(overrides: Partial<Dashboard> = {}): unknown {
  const body: Dashboard = {
    asOf,
    activeDays: 90,
    newDays: 30,
    windows: { activeSince, newSince },
    customers: {
      total: 12480,
      new: { value: 214, previous: 188 },
      active: { value: 1234, previous: 1300 },
      lapsed: { value: 4100, previous: 3870 },
    },
    newCustomersByWeek: [
      { weekStart: '2026-02-23', count: 3 },
      { weekStart: '2026-03-02', count: 0 },
      { weekStart: '2026-03-09', count: 5 },
    ],
    revenueByMonth: [{ month: '2026-03', revenueMinor: 41250, orders: 2 }],
    currency: 'EUR',
    touchpointsByChannel: [{ channel: 'front_desk', count: 40 }],
    recentActivity: [
      {
        id: 'a1',
        kind: 'touchpoint',
        channel: 'front_desk',
        type: 'check_in',
        occurredAt: new Date('2026-03-10T11:00:00Z'),
        summary: 'Checked in, room 412',
        customerId: 'c1',
        customerName: 'Ana Ferreira',
      },
    ],
    openTasks: {
      count: 7,
      overdue: 1,
      items: [
        {
          id: 't1',
          title: 'Call back about the spa',
          dueAt: new Date('2026-03-09T09:00:00Z'),
          status: 'open',
          customerId: 'c1',
          customerName: 'Ana Ferreira',
          assigneeId: TEST_USER_ID,
        },
        {
          id: 't2',
          title: 'Send the welcome note',
          dueAt: new Date('2026-03-12T09:00:00Z'),
          status: 'open',
          customerId: 'c2',
          customerName: 'Jonas Weber',
          assigneeId: null,
        },
      ],
    },
    ...overrides,
  };
  return JSON.parse(JSON.stringify(body));
}

/** A link's path and query, as the router wrote them. */
function linkOf(a: HTMLElement): { path: string; search: Record<string, string> } {
  const url = new URL(a.getAttribute('href') ?? '', 'http://rapport.test');
  return { path: url.pathname, search: Object.fromEntries(url.searchParams) };
}

function renderDashboard(body: unknown, role: 'admin' | 'analyst' = 'admin') {
  const seen = stubApi(() => jsonResponse(200, body));
  const view = renderAt('/', pages(['/', DashboardPage]), sessionFor(role));
  return { ...view, seen };
}

describe('DashboardPage', () => {
  it('shows each tile as a link to exactly the list it counts, named by its value', async () => {
    renderDashboard(dashboard());
    const active = await screen.findByRole('link', { name: 'Active customers: 1,234' });
    expect(linkOf(active)).toEqual({
      path: '/customers',
      search: { lastActivityFrom: activeSince.toISOString() },
    });
    expect(linkOf(screen.getByRole('link', { name: 'Lapsed customers: 4,100' }))).toEqual({
      path: '/customers',
      search: { lastActivityTo: activeSince.toISOString() },
    });
    expect(linkOf(screen.getByRole('link', { name: 'New customers: 214' }))).toEqual({
      path: '/customers',
      search: { createdFrom: newSince.toISOString() },
    });
    expect(screen.getByRole('link', { name: 'Total customers: 12,480' }).getAttribute('href')).toBe(
      '/customers',
    );
  });

  it('describes each trend with what it is compared against', async () => {
    renderDashboard(dashboard());
    const active = await screen.findByRole('link', { name: 'Active customers: 1,234' });
    const description = document.getElementById(active.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('down 5.1% vs the 90 days before (1,300)');
    const lapsed = screen.getByRole('link', { name: 'Lapsed customers: 4,100' });
    expect(document.getElementById(lapsed.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'up 5.9% vs 90 days ago (3,870)',
    );
  });

  it('links open tasks to the filtered list and each task to its customer, overdue marked', async () => {
    renderDashboard(dashboard());
    const heading = await screen.findByRole('link', { name: 'Open tasks' });
    expect(heading.getAttribute('href')).toBe('/customers?hasOpenTask=true');
    const late = screen.getByRole('link', { name: /Call back about the spa/ });
    expect(late.getAttribute('href')).toBe('/customers/c1?tab=tasks');
    expect(late.hasAttribute('data-overdue')).toBe(true);
    expect(within(late).getByText('overdue since 9 Mar 2026')).toBeTruthy();
    expect(within(late).getByText('yours')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Send the welcome note/ }).hasAttribute('data-overdue')).toBe(
      false,
    );
  });

  it('gives every chart a text label', async () => {
    renderDashboard(dashboard());
    expect(
      await screen.findByRole('img', {
        name: /^New customers per week over the last 3 weeks .*: 8 in total/,
      }),
    ).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Revenue per month in EUR, .*€412\.50 in total/ })).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'Touch points by channel in the last 90 days: Front desk 40.' }),
    ).toBeTruthy();
  });

  it('lists recent activity with the customer link and the exact time as title', async () => {
    renderDashboard(dashboard());
    expect(await screen.findByText('Checked in, room 412')).toBeTruthy();
    const customer = screen
      .getAllByRole('link', { name: 'Ana Ferreira' })
      .find((a) => a.getAttribute('href') === '/customers/c1');
    expect(customer).toBeTruthy();
    const time = screen.getByText('1 hour ago');
    expect(time.getAttribute('title')).toBe('10 Mar 2026, 11:00');
  });

  it('points a brand-new workspace to Import and New customer', async () => {
    renderDashboard(
      dashboard({
        customers: {
          total: 0,
          new: { value: 0, previous: 0 },
          active: { value: 0, previous: 0 },
          lapsed: { value: 0, previous: 0 },
        },
      }),
    );
    expect(await screen.findByText('No customers yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Import customers' }).getAttribute('href')).toBe('/import');
    expect(screen.getByRole('link', { name: 'New customer' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Active customers/ })).toBeNull();
  });

  it('offers no import to a role that may not import', async () => {
    renderDashboard(
      dashboard({
        customers: {
          total: 0,
          new: { value: 0, previous: 0 },
          active: { value: 0, previous: 0 },
          lapsed: { value: 0, previous: 0 },
        },
      }),
      'analyst',
    );
    expect(await screen.findByText('No customers yet')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Import customers' })).toBeNull();
  });

  it('explains a failed load and retries', async () => {
    let fail = true;
    stubApi(() =>
      fail
        ? jsonResponse(500, { type: 'about:blank', title: 'Internal error', status: 500, code: 'INTERNAL' })
        : jsonResponse(200, dashboard()),
    );
    renderAt('/', pages(['/', DashboardPage]), sessionFor('admin'));
    expect((await screen.findByRole('alert')).textContent).toContain('This could not be loaded');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Active customers: 1,234' })).toBeTruthy();
  });
});
