// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { ValueDashboard, ValueRun } from '../../../shared/contracts/value.js';
import {
  jsonResponse,
  notFound,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
} from '../../test-utils.js';
import { CustomersSearch } from '../customers/customers.search.js';
import {
  dashboard,
  EMPTY_DASHBOARD,
  NEW_RUN_ID,
  OLD_RUN_ID,
  run,
  runSettings,
  validation,
  wire,
} from './test-fixtures.js';
import { ValuePage } from './ValuePage.js';
import type { CumulativeOption, RfmGridOption, TiersOption } from './value.charts.js';
import { ValueSearch } from './value.search.js';

// happy-dom cannot lay charts out: a chart is its accessible label here, and the option it was
// given is kept (by label) so the test can check what the option builders made of the API's data.
const charts = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../../components/EChart.js', () => ({
  EChart: ({ label, option }: { label: string; option: unknown }) => {
    charts.set(label, option);
    return <div role="img" aria-label={label} />;
  },
}));

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  charts.clear();
});

function routes(root: AnyRootRoute) {
  const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
  return [
    app.addChildren([
      createRoute({
        getParentRoute: () => app,
        path: '/value',
        validateSearch: ValueSearch,
        component: ValuePage,
      }),
      createRoute({
        getParentRoute: () => app,
        path: '/customers',
        validateSearch: CustomersSearch,
        component: () => <p>Customers list</p>,
      }),
    ]),
  ];
}

interface Api {
  dashboard?: (runId: string | null) => ValueDashboard;
  runs?: () => ValueRun[];
  onPost?: () => ValueRun;
  /** Successive answers of GET /value/runs/:id (the last one repeats). */
  polls?: ValueRun[];
}

function serve(api: Api = {}) {
  let poll = 0;
  const seen = stubApi((req: SeenRequest, url) => {
    if (req.method === 'GET' && req.path === '/value/dashboard') {
      return jsonResponse(200, wire((api.dashboard ?? (() => dashboard()))(url.searchParams.get('runId'))));
    }
    if (req.method === 'GET' && req.path === '/value/runs') {
      return jsonResponse(200, wire({ items: (api.runs ?? (() => [run({ validation: null })]))() }));
    }
    if (req.method === 'POST' && req.path === '/value/runs' && api.onPost) {
      return jsonResponse(202, wire(api.onPost()));
    }
    if (req.method === 'GET' && req.path.startsWith('/value/runs/') && api.polls) {
      const answer = api.polls[Math.min(poll, api.polls.length - 1)];
      poll += 1;
      return jsonResponse(200, wire(answer));
    }
    return notFound();
  });
  return {
    seen,
    count: (method: string, path: string) =>
      seen.filter((r) => r.method === method && r.path === path).length,
  };
}

function open(path = '/value', role: Role = 'admin') {
  return renderAt(path, routes, sessionFor(role));
}

/** The option a chart was drawn with, found by its accessible label. */
function optionOf<T>(chart: HTMLElement): T {
  return charts.get(chart.getAttribute('aria-label') ?? '') as T;
}

describe('ValuePage without a run', () => {
  it('explains that value is computed nightly and offers to recompute now', async () => {
    serve({ dashboard: () => EMPTY_DASHBOARD, runs: () => [] });
    open();
    expect(await screen.findByText('No value computed yet')).toBeTruthy();
    expect(screen.getByText(/is computed every night from your orders/).textContent).toContain(
      'Recompute now',
    );
    expect(screen.getAllByRole('button', { name: 'Recompute now' }).length).toBeGreaterThan(0);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('table', { name: 'Value runs' })).toBeNull();
  });

  it('offers no recompute to a role that may not import', async () => {
    const api = serve({ dashboard: () => EMPTY_DASHBOARD, runs: () => [] });
    open('/value', 'analyst');
    expect(await screen.findByText(/It appears here after the first run/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Recompute now' })).toBeNull();
    expect(api.seen.every((r) => r.method === 'GET')).toBe(true);
  });
});

describe('ValuePage with a run', () => {
  it('heads the page with the run: history date, customers, orders, model, when and status', async () => {
    serve();
    open();
    const summary = await screen.findByRole('region', { name: 'Run shown' });
    const text = summary.textContent ?? '';
    expect(text).toContain('History up to31 Mar 2026');
    expect(text).toContain('Customers2,357');
    expect(text).toContain('Orders6,919');
    expect(text).toContain('Transaction modelBG/NBD');
    expect(text).toContain('nightly');
    expect(within(summary).getByText('Succeeded')).toBeTruthy();
    expect(within(summary).getByText('current')).toBeTruthy();
    expect(summary.querySelector('time')?.getAttribute('title')).toBe('1 Apr 2026, 02:02');
    const clv = screen.getByRole('group', { name: 'Predicted CLV, all customers' });
    expect(clv.textContent).toContain('€100,000.00');
    const basis = within(clv).getByText('CLV over 12 months at 1% a month');
    expect(basis.getAttribute('title')).toBe(
      'Spend expected later counts for less: 1% less for each month ahead.',
    );
  });

  it('reads the horizon, discount, RFM bins and holdout from the settings the run used', async () => {
    const settings = runSettings({
      horizonMonths: 24,
      monthlyDiscountRate: 0.015,
      rfmBins: 7,
      holdoutWeeks: 13,
    });
    serve({ dashboard: () => dashboard({ run: run({ settings }) }) });
    open();
    const clv = await screen.findByRole('group', { name: 'Predicted CLV, all customers' });
    expect(within(clv).getByText('CLV over 24 months at 1.5% a month')).toBeTruthy();
    // A 7 × 7 grid although no customer scored above 5.
    const grid = screen.getByRole('img', { name: /^RFM grid .* scores 1 to 7\./ });
    const option = optionOf<RfmGridOption>(grid);
    expect(option.xAxis.data).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(option.yAxis.data).toHaveLength(7);
    expect(screen.getByText(/^The last 13 weeks of history were held out/).textContent).toContain(
      'then asked to predict those 13 weeks',
    );
  });

  it('draws the four dashboard charts from the API’s series', async () => {
    serve();
    open();
    const tiers = await screen.findByRole('img', {
      name: /^Value tiers: Top 236 customers \(10%\) hold 54%/,
    });
    const option = optionOf<TiersOption>(tiers);
    expect(option.xAxis.data).toEqual(['Top', 'High', 'Medium', 'Low']);
    expect(option.series[1]?.data).toEqual([0.54, 0.27, 0.15, 0.04]);
    expect(screen.getByRole('img', { name: /^CLV distribution in EUR: 2,357 customers/ })).toBeTruthy();
    expect(
      screen.getByRole('img', { name: /^RFM grid .* Largest segments: Lost 300, Champions 120/ }),
    ).toBeTruthy();
    expect(
      screen.getByRole('img', {
        name: 'P(alive) of 1,000 customers: 300 (30%) at or under 30%, likely lapsed.',
      }),
    ).toBeTruthy();
    expect(screen.getByText('The top tier holds 54% of the predicted value')).toBeTruthy();
  });

  it('links a tier and the likely lapsed to the customers list, filtered', async () => {
    serve();
    const { router } = open();
    const lapsed = await screen.findByRole('link', { name: 'See likely lapsed' });
    expect(lapsed.getAttribute('href')).toBe('/customers?maxPAlive=0.3');
    await userEvent.click(screen.getByRole('button', { name: 'Open the customers of a tier' }));
    const top = await screen.findByRole('menuitem', { name: 'Top · 236' });
    expect(top.getAttribute('href')).toBe('/customers?valueTier=top');
    await userEvent.click(top);
    await waitFor(() => expect(router.state.location.search).toEqual({ valueTier: 'top' }));
  });

  it('shows which model predicts better on the holdout, with both validation charts', async () => {
    serve();
    open();
    const table = await screen.findByRole('table', { name: 'Prediction errors per model' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('th')?.firstElementChild?.textContent)).toEqual([
      'BG/NBDBest',
      'Pareto/NBD',
      'Simple formula',
    ]);
    expect(rows[0]?.hasAttribute('data-best')).toBe(true);
    expect(rows[1]?.hasAttribute('data-best')).toBe(false);
    expect(within(rows[0]!).getByText('0.612')).toBeTruthy();
    expect(within(rows[2]!).getByText('2,405')).toBeTruthy();
    expect(
      screen.getByText('BG/NBD predicted best, and it is the model your CLV and P(alive) use.'),
    ).toBeTruthy();
    expect(
      screen.getByText(
        /^The last 26 weeks of history were held out: the models were fitted on orders up to 30 Sept 2025 only, then asked to predict those 26 weeks \(to 31 Mar 2026\)/,
      ),
    ).toBeTruthy();

    expect(
      screen.getByRole('img', {
        name: /^Mean holdout purchases by repeat purchases in calibration — 0: actual 0/,
      }),
    ).toBeTruthy();
    const cumulative = screen.getByRole('img', { name: /^Cumulative repeat purchases from 16 Sept 2025/ });
    expect(optionOf<CumulativeOption>(cumulative).series[0]?.markLine?.data).toEqual([{ xAxis: 2 }]);
  });

  it('lists the fitted parameters with their standard errors and the log-likelihood', async () => {
    serve();
    open();
    const bg = await screen.findByRole('table', { name: 'BG/NBD parameters' });
    const cells = within(bg)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.children].map((c) => c.textContent));
    expect(cells).toEqual([
      ['r', '0.243', '0.0126'],
      ['α', '4.414', '0.3839'],
      ['a', '0.793', '0.1854'],
      ['b', '2.426', '—'],
    ]);
    const card = screen.getByRole('article', { name: 'BG/NBD fit' });
    expect(card.textContent).toContain('Log-likelihood -9,582.43 · 2,357 customers');
    expect(within(card).getByText('used for CLV')).toBeTruthy();
    const pareto = screen.getByRole('article', { name: 'Pareto/NBD fit' });
    expect(within(pareto).getByText('did not converge')).toBeTruthy();
    expect(pareto.textContent).toContain('iteration limit reached');
  });

  it('says the history is too short for a holdout when the run has no validation', async () => {
    serve({ dashboard: () => dashboard({ run: run({ validation: null }) }) });
    open();
    expect(await screen.findByText('The history is too short for a holdout')).toBeTruthy();
    expect(screen.getByText(/the last 26 weeks of orders are held out and predicted/)).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Prediction errors per model' })).toBeNull();
    expect(screen.queryByRole('img', { name: /^Cumulative/ })).toBeNull();
    // The fitted models are still shown: predictions use all of the history.
    expect(screen.getByRole('table', { name: 'BG/NBD parameters' })).toBeTruthy();
  });

  it('opens an earlier run from the history, and goes back to the current one', async () => {
    const old = run({
      id: OLD_RUN_ID,
      current: false,
      asOf: '2026-02-28',
      requestedAt: new Date('2026-03-01T01:00:00Z'),
      validation: validation({ best: 'pareto-nbd' }),
    });
    const api = serve({
      runs: () => [run({ validation: null }), { ...old, validation: null }],
      dashboard: (runId) => (runId === OLD_RUN_ID ? dashboard({ run: old }) : dashboard()),
    });
    const { router } = open();
    const history = await screen.findByRole('table', { name: 'Value runs' });
    const current = within(history).getAllByRole('row')[1]!;
    expect(current.getAttribute('aria-current')).toBe('true');
    await userEvent.click(within(history).getByRole('button', { name: 'Show the run of 1 Mar 2026, 01:00' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ run: OLD_RUN_ID }));
    expect(await screen.findByText(/You are looking at an earlier run, of 28 Feb 2026/)).toBeTruthy();
    expect(api.seen.some((r) => r.path === '/value/dashboard' && r.query.get('runId') === OLD_RUN_ID)).toBe(
      true,
    );
    expect(
      await screen.findByText(/^Pareto\/NBD predicted best; your CLV and P\(alive\) use BG\/NBD/),
    ).toBeTruthy();
    // The list filters by the current run: an earlier run's tiers link nowhere.
    expect(screen.queryByRole('link', { name: 'See likely lapsed' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Show the current run' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(await screen.findByRole('link', { name: 'See likely lapsed' })).toBeTruthy();
  });
});

describe('ValuePage with a link to a run', () => {
  it('says when the linked run is gone and offers the current one', async () => {
    stubApi((req, url) => {
      if (req.path === '/value/dashboard' && url.searchParams.get('runId')) {
        return problemResponse(404, 'VALUE_RUN_NOT_FOUND', 'Value run not found');
      }
      if (req.path === '/value/dashboard') return jsonResponse(200, wire(dashboard()));
      return jsonResponse(200, wire({ items: [run({ validation: null })] }));
    });
    const { router } = open(`/value?run=${OLD_RUN_ID}`);
    expect(await screen.findByText('No such run')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show the current run' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(await screen.findByRole('region', { name: 'Run shown' })).toBeTruthy();
  });
});

describe('Recompute now', () => {
  const queued = run({
    id: NEW_RUN_ID,
    status: 'queued',
    trigger: 'manual',
    requestedBy: { type: 'user', id: null, name: 'Test admin' },
    startedAt: null,
    finishedAt: null,
    progress: null,
    asOf: null,
    customers: null,
    orders: null,
    validation: null,
    current: false,
  });
  const running = (phase: string, done: number) =>
    ({
      ...queued,
      status: 'running',
      startedAt: new Date(),
      progress: { phase, done, total: 3 },
    }) as ValueRun;

  it('queues a run, follows it every 2 s while it runs, then shows the new figures', async () => {
    let finished = false;
    const api = serve({
      onPost: () => queued,
      polls: [
        running('fitting models', 1),
        running('storing results', 2),
        { ...queued, status: 'succeeded', current: true, progress: { phase: 'done', done: 3, total: 3 } },
      ],
      runs: () => (finished ? [run({ id: NEW_RUN_ID }), run({ current: false })] : [run()]),
      dashboard: () =>
        finished ? dashboard({ totals: { ...dashboard().totals, clvMinor: 20_000_000 } }) : dashboard(),
    });
    open();
    const button = await screen.findByRole('button', { name: 'Recompute now' });
    const polls = () => api.count('GET', `/value/runs/${NEW_RUN_ID}`);
    // Only the run's poll is on an interval; waitFor still sees the DOM change through its observer.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });

    await userEvent.click(button);
    expect(api.seen.find((r) => r.method === 'POST')?.body).toEqual({});
    expect(await screen.findByText('Fitting models · 1 of 3')).toBeTruthy();
    expect(screen.getByText('Recomputing value')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Recompute now' }) as HTMLButtonElement).disabled).toBe(true);
    expect(polls()).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(1999));
    expect(polls()).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(await screen.findByText('Storing results · 2 of 3')).toBeTruthy();
    expect(polls()).toBe(2);

    finished = true;
    await act(() => vi.advanceTimersByTimeAsync(2000));
    await waitFor(() => expect(screen.queryByText('Recomputing value')).toBeNull());
    expect(polls()).toBe(3);
    await waitFor(() =>
      expect(screen.getByRole('group', { name: 'Predicted CLV, all customers' }).textContent).toContain(
        '€200,000.00',
      ),
    );
    expect(notifications.show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Value recomputed' }));
    expect((screen.getByRole('button', { name: 'Recompute now' }) as HTMLButtonElement).disabled).toBe(false);

    // Finished: no more polling.
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(polls()).toBe(3);
  });

  it('shows why the run failed and lets it be tried again', async () => {
    const failed: ValueRun = {
      ...queued,
      status: 'failed',
      finishedAt: new Date(),
      error: 'Too few repeat buyers: 3 customers bought twice; the models need at least 10.',
    };
    let done = false;
    serve({
      onPost: () => queued,
      polls: [running('fitting models', 1), failed],
      runs: () => (done ? [failed, run()] : [run()]),
    });
    open();
    const button = await screen.findByRole('button', { name: 'Recompute now' });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await userEvent.click(button);
    expect(await screen.findByText('Fitting models · 1 of 3')).toBeTruthy();
    done = true;
    await act(() => vi.advanceTimersByTimeAsync(2000));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The last recompute failed');
    expect(alert.textContent).toContain('Too few repeat buyers: 3 customers bought twice');
    expect(screen.queryByText('Recomputing value')).toBeNull();
    expect(notifications.show).not.toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Value recomputed' }),
    );
    expect((screen.getByRole('button', { name: 'Recompute now' }) as HTMLButtonElement).disabled).toBe(false);
    // The run shown is still the last one that succeeded.
    expect(screen.getByRole('region', { name: 'Run shown' }).textContent).toContain('31 Mar 2026');
    // The list is fetched again and says it too.
    expect(
      await within(screen.getByRole('table', { name: 'Value runs' })).findByText(/Too few repeat buyers/),
    ).toBeTruthy();
  });

  it('follows a run already under way when the page opens (the nightly run, say)', async () => {
    serve({
      runs: () => [{ ...running('reading orders', 0), trigger: 'nightly' }, run()],
      polls: [running('fitting models', 2)],
    });
    open('/value', 'analyst');
    expect(await screen.findByText('Fitting models · 2 of 3')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Recompute now' })).toBeNull();
  });
});
