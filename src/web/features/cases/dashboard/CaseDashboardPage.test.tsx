// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SilentDissatisfactionPage } from '../../../../shared/contracts/case-analytics.js';
import { addDays, dayInZone } from '../../../../shared/zoned-day.js';
import {
  jsonResponse,
  notFound,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
} from '../../../test-utils.js';
import { CaseDashboardPage } from './CaseDashboardPage.js';
import { CaseDashboardSearch } from './dashboard.search.js';
import { analytics, SILENT_CUSTOMER_ID, silentCustomer, wire } from './test-fixtures.js';

// The chart is an option builder tested on its own (recovery.charts.test.ts); happy-dom cannot
// lay it out, so here it is its accessible label.
vi.mock('../../../components/EChart.js', () => ({
  EChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function routes(root: AnyRootRoute) {
  const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
  return [
    app.addChildren([
      createRoute({
        getParentRoute: () => app,
        path: '/cases/dashboard',
        validateSearch: CaseDashboardSearch,
        component: CaseDashboardPage,
      }),
      createRoute({
        getParentRoute: () => app,
        path: '/customers/$customerId',
        component: () => <p>Customer 360</p>,
      }),
    ]),
  ];
}

const silentPage = (over: Partial<SilentDissatisfactionPage> = {}): SilentDissatisfactionPage => ({
  items: [silentCustomer()],
  nextCursor: null,
  asOf: new Date('2026-06-30T12:00:00Z'),
  ...over,
});

function serve(
  opts: { figures?: (req: SeenRequest) => Response; silent?: (req: SeenRequest) => Response } = {},
) {
  return stubApi((req) => {
    if (req.path === '/cases/analytics') return opts.figures?.(req) ?? jsonResponse(200, wire(analytics()));
    if (req.path === '/cases/silent-dissatisfaction')
      return opts.silent?.(req) ?? jsonResponse(200, wire(silentPage()));
    return notFound();
  });
}

const open = (path = '/cases/dashboard') => renderAt(path, routes, sessionFor('manager'));
const tile = (name: string) => screen.findByRole('group', { name });

describe('CaseDashboardPage', () => {
  it('shows the period’s figures: complaint rate, first contact and resolution, SLA, CSAT, suggestions answered', async () => {
    const seen = serve();
    open('/cases/dashboard?from=2026-01-01&to=2026-03-31');
    expect((await tile('Complaints per 1,000 orders: 4.2')).textContent).toContain(
      '5 complaints, 1,200 orders',
    );
    expect((await tile('First contact, median: 3 h')).textContent).toContain(
      '90% within 19.6 h · 5 cases answered',
    );
    expect((await tile('Resolution, median: 2 days')).textContent).toContain(
      '90% within 4.8 days · 5 cases resolved',
    );
    expect((await tile('SLA attainment: 60%')).textContent).toContain(
      '3 of 5 targets met · first response 67%, resolution 50%',
    );
    expect((await tile('CSAT: 3.5 / 5')).textContent).toContain('2 answers of 3 asked (67%)');
    expect((await tile('Suggestions answered: 50%')).textContent).toContain('1 of 2 told the outcome');
    const figures = seen.find((r) => r.path === '/cases/analytics');
    expect(figures?.query.get('from')).toBe('2026-01-01');
    expect(figures?.query.get('to')).toBe('2026-03-31');
    expect(screen.getByText(/Cases opened 1 Jan 2026 – 31 Mar 2026/)).toBeTruthy();
  });

  it('compares buying again after fast and slow resolution with the research figures', async () => {
    serve();
    open();
    const section = await screen.findByRole('region', { name: 'Buying again after a complaint' });
    await within(section).findByRole('img', {
      name: 'Bought again within 90 days: 85% of 40 customers resolved within 24 hours; 55% of 60 customers resolved later. Research: 54–70% when resolved, up to 95% when resolved quickly.',
    });
    const ours = within(section).getAllByRole('listitem');
    expect(ours[0]?.textContent).toBe('Resolved within 24 hours: 85% of 40 customers');
    expect(ours[1]?.textContent).toBe('Resolved later: 55% of 60 customers');
    const research = within(within(section).getByRole('list', { name: 'Research figures' })).getAllByRole(
      'listitem',
    );
    expect(research.map((r) => r.textContent)).toEqual([
      expect.stringContaining(
        'Dissatisfied customers who complain: 5% — “Customers are dissatisfied with about 25% of purchases, yet only about 5% complain',
      ),
      expect.stringContaining('Complainants who buy again when resolved: 54–70%'),
      expect.stringContaining('Complainants who buy again when resolved quickly: 95%'),
    ]);
    expect(within(section).queryByText('Small sample')).toBeNull();
  });

  it('flags a group of fewer than 30 customers as a small sample and says who is still to be counted', async () => {
    const base = analytics().repurchase;
    serve({
      figures: () =>
        jsonResponse(
          200,
          wire(
            analytics({
              repurchase: {
                ...base,
                fast: { customers: 1, repurchased: 1, rate: 1, smallSample: true },
                slow: { customers: 2, repurchased: 1, rate: 0.5, smallSample: true },
                awaitingWindow: 3,
              },
            }),
          ),
        ),
    });
    open();
    const section = await screen.findByRole('region', { name: 'Buying again after a complaint' });
    expect(await within(section).findAllByText('Small sample')).toHaveLength(2);
    expect(within(section).getByText(/Fewer than 30 customers in a group/)).toBeTruthy();
    expect(
      within(section).getByText('3 more customers are counted once their 90 days have passed.'),
    ).toBeTruthy();
  });

  it('says when no case was opened in the period, and when no complaint has reached the end of its window', async () => {
    const empty = analytics({
      cases: {
        opened: 0,
        byType: { complaint: 0, suggestion: 0, question: 0, praise: 0 },
        byChannel: { web_form: 0, email: 0, phone: 0, chat: 0, api: 0, social: 0, in_person: 0 },
      },
    });
    serve({ figures: () => jsonResponse(200, wire(empty)) });
    open();
    expect(await screen.findByText('No cases in this period')).toBeTruthy();
    expect(screen.queryByRole('group', { name: /^CSAT/ })).toBeNull();
    cleanup();

    const base = analytics().repurchase;
    const none = { customers: 0, repurchased: 0, rate: null, smallSample: true };
    serve({
      figures: () => jsonResponse(200, wire(analytics({ repurchase: { ...base, fast: none, slow: none } }))),
    });
    open();
    const section = await screen.findByRole('region', { name: 'Buying again after a complaint' });
    expect(
      await within(section).findByText(
        'No resolved complaint of the period has reached the end of its 90 days yet.',
      ),
    ).toBeTruthy();
    expect(within(section).queryByRole('img')).toBeNull();
  });

  it('shows a loading state, then explains a failed load and retries', async () => {
    let failing = true;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    stubApi(async (req) => {
      if (req.path === '/cases/silent-dissatisfaction') return jsonResponse(200, wire(silentPage()));
      if (req.path !== '/cases/analytics') return notFound();
      await held;
      return failing
        ? problemResponse(500, 'INTERNAL', 'Something went wrong')
        : jsonResponse(200, wire(analytics()));
    });
    open();
    expect(await screen.findByRole('status', { name: 'Loading the figures' })).toBeTruthy();
    release();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This could not be loaded');
    failing = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await tile('CSAT: 3.5 / 5');
  });

  it('asks for a preset or a custom period, and keeps it in the URL', async () => {
    const seen = serve();
    const { router } = open();
    await tile('CSAT: 3.5 / 5');
    await userEvent.click(screen.getByRole('button', { name: 'Last 30 days' }));
    const today = dayInZone(new Date(), 'Europe/London');
    await waitFor(() => expect(router.state.location.search).toEqual({ from: addDays(today, -29) }));
    await waitFor(() =>
      expect(
        seen
          .filter((r) => r.path === '/cases/analytics')
          .at(-1)
          ?.query.get('from'),
      ).toBe(addDays(today, -29)),
    );

    const form = screen.getByRole('form', { name: 'Period' });
    const from = within(form).getByLabelText('From');
    const to = within(form).getByLabelText('To');
    await userEvent.clear(from);
    await userEvent.type(from, '2026-03-01');
    await userEvent.clear(to);
    await userEvent.type(to, '2026-02-01');
    expect(within(form).getByText('must be on or after the first day')).toBeTruthy();
    expect((within(form).getByRole('button', { name: 'Show' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.clear(to);
    await userEvent.type(to, '2026-03-31');
    await userEvent.click(within(form).getByRole('button', { name: 'Show' }));
    await waitFor(() =>
      expect(router.state.location.search).toEqual({ from: '2026-03-01', to: '2026-03-31' }),
    );
    const last = seen.filter((r) => r.path === '/cases/analytics').at(-1);
    expect([last?.query.get('from'), last?.query.get('to')]).toEqual(['2026-03-01', '2026-03-31']);
  });

  it('sends the fast-resolution threshold from the URL', async () => {
    const seen = serve();
    open('/cases/dashboard?fastHours=48');
    await tile('CSAT: 3.5 / 5');
    expect(seen.find((r) => r.path === '/cases/analytics')?.query.get('fastHours')).toBe('48');
  });
});

describe('the silent-dissatisfaction work list', () => {
  const table = () => screen.findByRole('table', { name: 'Silent dissatisfaction' });

  it('lists each customer with signals, purchase rates, last order and next step, linking to the 360', async () => {
    serve({
      silent: () =>
        jsonResponse(
          200,
          wire(
            silentPage({
              items: [
                silentCustomer(),
                silentCustomer({
                  customerId: '01938e77-0000-7000-8000-0000000000d2',
                  name: '<b>Bold</b> Bo',
                  signalCount: 7,
                }),
              ],
            }),
          ),
        ),
    });
    const { router } = open();
    const rows = within(await table())
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(2);
    const cells = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      'Mia Jones',
      'Negative review 1/5 · 15 Jun 2026Return · 1 Jun 2026',
      '1.97 → 0',
      '10 Dec 2025',
      'Answer the review or post personally: thank them, apologise and ask them to tell you more.',
    ]);
    // Names are text, never HTML; signals beyond those listed are counted.
    expect(within(rows[1]!).getByText('<b>Bold</b> Bo')).toBeTruthy();
    expect(rows[1]!.querySelector('b')).toBeNull();
    expect(within(rows[1]!).getByText('and 5 more')).toBeTruthy();
    await userEvent.click(within(rows[0]!).getByRole('link', { name: 'Mia Jones' }));
    expect(await screen.findByText('Customer 360')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/customers/${SILENT_CUSTOMER_ID}`);
  });

  it('loads more customers on request', async () => {
    const seen = serve({
      silent: (req) =>
        req.query.get('cursor') === 'next'
          ? jsonResponse(
              200,
              wire(
                silentPage({
                  items: [
                    silentCustomer({ customerId: '01938e77-0000-7000-8000-0000000000d3', name: 'Later Lou' }),
                  ],
                }),
              ),
            )
          : jsonResponse(200, wire(silentPage({ nextCursor: 'next' }))),
    });
    open();
    await table();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText('Later Lou');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(
      seen.filter((r) => r.path === '/cases/silent-dissatisfaction').map((r) => r.query.get('cursor')),
    ).toEqual([null, 'next']);
  });

  it('says when nobody is drifting away, and explains a failed load', async () => {
    serve({ silent: () => jsonResponse(200, wire(silentPage({ items: [] }))) });
    open();
    expect(await screen.findByText('No customer is drifting away silently')).toBeTruthy();
    cleanup();
    serve({ silent: () => problemResponse(403, 'FORBIDDEN', 'Not allowed') });
    open();
    const section = await screen.findByRole('region', { name: 'Silent dissatisfaction' });
    expect((await within(section).findByRole('alert')).textContent).toContain('Not allowed');
  });
});
