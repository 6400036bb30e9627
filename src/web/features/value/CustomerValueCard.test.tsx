// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CustomerValuePanel } from '../../../shared/contracts/value.js';
import {
  jsonResponse,
  notFound,
  pages,
  problemResponse,
  renderAt,
  sessionFor,
  stubApi,
  TEST_CUSTOMER_ID,
} from '../../test-utils.js';
import { Customer360Page } from '../customers/Customer360Page.js';
import { Customer360Search } from '../customers/customer-360.search.js';
import { customer } from '../identity/test-fixtures.js';
import { CustomerValueCard } from './CustomerValueCard.js';
import { customerValue, panel, RUN_ID, runSettings, wire } from './test-fixtures.js';
import type { PAliveHistoryOption } from './value.charts.js';

const charts = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../../components/EChart.js', () => ({
  EChart: ({ label, option }: { label: string; option: unknown }) => {
    charts.set(label, option);
    return <div role="img" aria-label={label} />;
  },
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  charts.clear();
});

function routes360(root: AnyRootRoute) {
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
      createRoute({ getParentRoute: () => app, path: '/value', component: () => <p>Value page</p> }),
    ]),
  ];
}

/** Just the card, with somewhere for its links to go. */
function openCard(answer: () => Response) {
  const seen = stubApi((req) =>
    req.path === `/customers/${TEST_CUSTOMER_ID}/value` ? answer() : notFound(),
  );
  renderAt(
    '/',
    pages(
      ['/', () => <CustomerValueCard customerId={TEST_CUSTOMER_ID} />],
      ['/value', () => <p>Value page</p>],
    ),
    sessionFor('agent'),
  );
  return seen;
}

const card = () => screen.findByRole('region', { name: 'Customer value' });

describe('Customer 360 value panel', () => {
  it('shows the customer’s value beside the simple formula, P(alive) in words, tier and RFM', async () => {
    stubApi((req) => {
      if (req.path === `/customers/${TEST_CUSTOMER_ID}/360`) {
        return jsonResponse(200, {
          customer: customer(TEST_CUSTOMER_ID, 'Ana Ferreira'),
          identities: [],
          orderSummary: {
            count: 7,
            revenueMinor: 84_000,
            currency: 'EUR',
            firstOrderAt: null,
            lastOrderAt: null,
          },
          timeline: [],
          openTasks: [],
          companies: [],
        });
      }
      if (req.path === `/customers/${TEST_CUSTOMER_ID}/value`) return jsonResponse(200, wire(panel()));
      if (req.path === `/customers/${TEST_CUSTOMER_ID}/timeline`)
        return jsonResponse(200, { items: [], nextCursor: null });
      return notFound();
    });
    renderAt(`/customers/${TEST_CUSTOMER_ID}`, routes360, sessionFor('agent'));
    const value = await card();
    expect(await within(value).findByText('€482.30')).toBeTruthy();
    expect(within(value).getByText('Simple formula: €610.00')).toBeTruthy();
    expect(within(value).getByText('CLV over 12 months at 1% a month')).toBeTruthy();
    expect(within(value).getByText('Top')).toBeTruthy();
    expect(within(value).getByText('top 10% by CLV')).toBeTruthy();
    expect(
      within(value).getByText('85% chance they are still buying: very likely still a customer.'),
    ).toBeTruthy();
    const stat = (label: string) => within(value).getByText(label).nextElementSibling?.textContent;
    expect(stat('Purchases, next 3 months')).toBe('1.2');
    expect(stat('Purchases, next 12 months')).toBe('4.5');
    expect(stat('Spend per purchase')).toBe('€119.50');
    expect(stat('Purchases so far')).toBe('7 · €840.00');
    expect(within(value).getByLabelText('Recency 5, frequency 4, money 4').textContent).toBe('R5 · F4 · M4');
    expect(within(value).getByText('Champions')).toBeTruthy();
    expect(within(value).getByText('last order 12 days before 31 Mar 2026')).toBeTruthy();

    const chart = within(value).getByRole('img', {
      name: 'P(alive) over the last 2 runs: 91% on 1 Mar 2026, 85% on 1 Apr 2026.',
    });
    const option = charts.get(chart.getAttribute('aria-label') ?? '') as PAliveHistoryOption;
    expect(option.series[0]?.data).toEqual([0.91, 0.853]);
    expect(within(value).getByRole('link', { name: 'Value page' }).getAttribute('href')).toBe('/value');
  });

  it('says when value has not been computed yet', async () => {
    openCard(() =>
      jsonResponse(200, wire({ current: null, history: [], run: null } satisfies CustomerValuePanel)),
    );
    const value = await card();
    expect(await within(value).findByText('Not computed yet')).toBeTruthy();
    expect(value.textContent).toContain('computed every night from orders');
    expect(within(value).queryByRole('img')).toBeNull();
  });

  it('says when the current run has no value for this customer', async () => {
    openCard(() => jsonResponse(200, wire(panel({ current: null, history: [] }))));
    const value = await card();
    expect(await within(value).findByText('No value for this customer yet')).toBeTruthy();
    expect(value.textContent).toContain('up to 31 Mar 2026');
    expect(within(value).queryByText('Customer lifetime value')).toBeNull();
  });

  it('reads a lapsing customer plainly and waits for a second run before drawing a trend', async () => {
    openCard(() =>
      jsonResponse(
        200,
        wire(
          panel({
            current: customerValue({
              pAlive: 0.12,
              tier: 'low',
              rfm: { r: 1, f: 4, m: 5, segment: 'cannot_lose_them' },
            }),
            history: [
              {
                runId: RUN_ID,
                computedAt: new Date('2026-04-01T01:02:00Z'),
                pAlive: 0.12,
                clvMinor: 900,
                expectedPurchases12m: 0.2,
              },
            ],
          }),
        ),
      ),
    );
    const value = await card();
    expect(await within(value).findByText('12% chance they are still buying: likely lapsed.')).toBeTruthy();
    expect(within(value).getByText('Cannot lose them')).toBeTruthy();
    expect(within(value).getByText('Low')).toBeTruthy();
    expect(
      within(value).getByText('P(alive) over time shows once there are two runs (now 12%).'),
    ).toBeTruthy();
    expect(within(value).queryByRole('img')).toBeNull();
  });

  it('says over how many months, and at what discount, the run added the CLV up', async () => {
    const summary = panel().run!;
    openCard(() =>
      jsonResponse(
        200,
        wire(
          panel({
            run: { ...summary, settings: runSettings({ horizonMonths: 36, monthlyDiscountRate: 0.02 }) },
          }),
        ),
      ),
    );
    const value = await card();
    const basis = await within(value).findByText('CLV over 36 months at 2% a month');
    expect(basis.getAttribute('title')).toBe(
      'Spend expected later counts for less: 2% less for each month ahead.',
    );
  });

  it('explains a failed load and retries', async () => {
    let fail = true;
    openCard(() =>
      fail
        ? problemResponse(500, 'INTERNAL', 'Something went wrong on our side')
        : jsonResponse(200, wire(panel())),
    );
    const value = await card();
    expect((await within(value).findByRole('alert')).textContent).toContain('This could not be loaded');
    fail = false;
    await userEvent.click(within(value).getByRole('button', { name: 'Try again' }));
    expect(await within(value).findByText('€482.30')).toBeTruthy();
  });
});
