// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../../shared/contracts/customers.js';
import { jsonResponse, notFound, renderAt, sessionFor, stubApi, TEST_CUSTOMER_ID } from '../../test-utils.js';
import { kase, wire } from '../cases/test-fixtures.js';
import { customer } from '../identity/test-fixtures.js';
import { Customer360Page } from './Customer360Page.js';
import { Customer360Search } from './customer-360.search.js';

vi.mock('../../components/EChart.js', () => ({
  EChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function routes(root: AnyRootRoute) {
  const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
  return [
    app.addChildren([
      createRoute({
        getParentRoute: () => app,
        path: '/customers/$customerId',
        validateSearch: Customer360Search,
        component: Customer360Page,
      }),
      createRoute({ getParentRoute: () => app, path: '/customers', component: () => null }),
    ]),
  ];
}

/** The 360 page of Ana, with `over` on her record and one case. */
function open360(over: Partial<Customer>) {
  stubApi((req) => {
    if (req.path === `/customers/${TEST_CUSTOMER_ID}/360`) {
      return jsonResponse(200, {
        customer: wire(customer(TEST_CUSTOMER_ID, 'Ana Ferreira', over)),
        identities: [],
        orderSummary: { count: 0, revenueMinor: 0, currency: 'EUR', firstOrderAt: null, lastOrderAt: null },
        timeline: [],
        openTasks: [],
        companies: [],
      });
    }
    if (req.path === `/customers/${TEST_CUSTOMER_ID}/cases`) {
      return jsonResponse(200, {
        items: wire([kase({ reference: 'C-000314', subject: 'Noisy room', type: 'complaint' })]),
        nextCursor: null,
      });
    }
    if (req.path === `/customers/${TEST_CUSTOMER_ID}/timeline`) {
      return jsonResponse(200, { items: [], nextCursor: null });
    }
    return notFound();
  });
  renderAt(`/customers/${TEST_CUSTOMER_ID}`, routes, sessionFor('agent'));
}

describe('Customer 360 page', () => {
  it('marks a provisional customer beside the name, with why to check the details', async () => {
    open360({ provisional: true });
    const heading = await screen.findByRole('heading', { level: 1, name: 'Ana Ferreira' });
    // The badge sits beside the heading, which names only the customer.
    expect(heading.textContent).toBe('Ana Ferreira');
    const badge = within(heading.parentElement!).getByText('Provisional');
    expect(screen.getAllByText('Provisional')).toHaveLength(1);
    await userEvent.hover(badge);
    expect((await screen.findByRole('tooltip')).textContent).toBe(
      'Created from a message; check the details before trusting them',
    );
  });

  it.each([
    ['false', { provisional: false }],
    ['not sent', {}],
  ])('shows no provisional badge when provisional is %s', async (_, over) => {
    open360(over);
    await screen.findByRole('heading', { level: 1, name: 'Ana Ferreira' });
    await within(await screen.findByRole('region', { name: 'Customer cases' })).findByText('C-000314');
    expect(screen.queryByText('Provisional')).toBeNull();
  });

  it('shows the customer’s cases in the Cases card', async () => {
    open360({ provisional: true });
    const cases = await screen.findByRole('region', { name: 'Customer cases' });
    await within(cases).findByText('C-000314');
    expect(within(cases).getByText('Noisy room')).toBeTruthy();
    expect(within(cases).getByText('Complaint')).toBeTruthy();
  });
});
