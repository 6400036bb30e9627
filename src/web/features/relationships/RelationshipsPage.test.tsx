// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { RelationshipPortfolio, RelationshipRun } from '../../../shared/contracts/relationships.js';
import { jsonResponse, notFound, renderAt, type SeenRequest, sessionFor, stubApi } from '../../test-utils.js';
import { RelationshipsPage } from './RelationshipsPage.js';
import type { QuadrantOption, StageFlowsOption, TypeMixOption } from './relationships.charts.js';
import { PortfolioSearch } from './relationships.search.js';
import { EMPTY_PORTFOLIO, NEW_REL_RUN_ID, portfolio, relRun, wire } from './test-fixtures.js';

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
        path: '/relationships',
        validateSearch: PortfolioSearch,
        component: RelationshipsPage,
      }),
      createRoute({ getParentRoute: () => app, path: '/relationships/work-list', component: () => null }),
      createRoute({ getParentRoute: () => app, path: '/settings/relationships', component: () => null }),
    ]),
  ];
}

interface Api {
  portfolio?: (query: URLSearchParams) => RelationshipPortfolio;
  runs?: () => RelationshipRun[];
  onPost?: () => RelationshipRun;
  /** Successive answers of GET /relationships/runs/:id (the last one repeats). */
  polls?: RelationshipRun[];
}

function serve(api: Api = {}) {
  let poll = 0;
  return stubApi((req: SeenRequest) => {
    if (req.method === 'GET' && req.path === '/relationships/portfolio') {
      return jsonResponse(200, wire((api.portfolio ?? (() => portfolio()))(req.query)));
    }
    if (req.method === 'GET' && req.path === '/relationships/runs') {
      return jsonResponse(200, wire({ items: (api.runs ?? (() => [relRun()]))() }));
    }
    if (req.method === 'POST' && req.path === '/relationships/runs' && api.onPost) {
      return jsonResponse(202, wire(api.onPost()));
    }
    if (req.method === 'GET' && req.path.startsWith('/relationships/runs/') && api.polls) {
      const answer = api.polls[Math.min(poll, api.polls.length - 1)];
      poll += 1;
      return jsonResponse(200, wire(answer));
    }
    return notFound();
  });
}

function open(path = '/relationships', role: Role = 'admin') {
  return renderAt(path, routes, sessionFor(role));
}

function optionOf<T>(chart: HTMLElement): T {
  return charts.get(chart.getAttribute('aria-label') ?? '') as T;
}

describe('RelationshipsPage without a run', () => {
  it('explains that relationships are computed nightly and offers to recompute now', async () => {
    serve({ portfolio: () => EMPTY_PORTFOLIO, runs: () => [] });
    open();
    expect(await screen.findByText('No relationships computed yet')).toBeTruthy();
    expect(screen.getByText(/Recompute now to see them/)).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Recompute now' }).length).toBeGreaterThan(0);
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('offers no recompute to a role that may not import', async () => {
    const seen = serve({ portfolio: () => EMPTY_PORTFOLIO, runs: () => [] });
    open('/relationships', 'analyst');
    expect(await screen.findByText(/They appear here after the first run/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Recompute now' })).toBeNull();
    expect(seen.every((r) => r.method === 'GET')).toBe(true);
  });
});

describe('RelationshipsPage with a run', () => {
  it('heads the page with the counts: customers, violations prevented, lower value but strong, repeat churn', async () => {
    serve();
    open();
    const tile = async (name: string) => (await screen.findByRole('group', { name })).textContent;
    expect(await tile('Customers classified: 300')).toContain('4 types in use');
    expect(await tile('Prevented in 30 days: 42')).toContain('25 blocked, 17 warned');
    expect(await tile('Strong, low value: 44')).toContain('Not to let go on value alone');
    expect(await tile('Repeat churn: 12')).toContain('Of 80 who ever lapsed');
  });

  it('draws the type mix by orientation, the stages, the Sankey of flows and the quadrant', async () => {
    serve();
    open();
    const mix = await screen.findByRole('img', {
      name: /^Relationship types of 300 customers: 180 communal/,
    });
    expect(optionOf<TypeMixOption>(mix).series.map((s) => s.name)).toEqual(['Communal', 'Exchange']);
    expect(screen.getByRole('img', { name: /^Customers by lifecycle stage: Courtship 40/ })).toBeTruthy();

    const sankey = screen.getByRole('img', {
      name: /^Stage flows from 1 Jan 2026 to 31 Mar 2026: 170 customers/,
    });
    const flows = optionOf<StageFlowsOption>(sankey).series[0]!;
    expect(flows.data.map((n) => n.name)).toContain('Maturity (from)');
    expect(flows.links[0]).toEqual({ source: 'Maturity (from)', target: 'Maturity (to)', value: 120 });

    const quadrant = screen.getByRole('img', { name: /^Strength against value, strong from 50%/ });
    expect(optionOf<QuadrantOption>(quadrant).series[0]?.markLine?.data).toEqual([
      { xAxis: 0.5, name: 'Strong' },
      { yAxis: 25_000, name: 'Median CLV' },
    ]);
    const cells = screen.getByLabelText('Customers in each cell');
    expect(within(cells).getByRole('group', { name: 'Strong, lower value: 44' })).toBeTruthy();
    expect(within(cells).getByRole('group', { name: 'Weaker, lower value: 106' })).toBeTruthy();
  });

  it('lists the violations prevented by reason, most first', async () => {
    serve();
    open();
    const table = await screen.findByRole('table', { name: 'Violations prevented by reason' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Too many contacts in 30 days', 'Warning', '17'],
      ['Open complaint', 'Blocked', '15'],
      ['No marketing consent', 'Blocked', '10'],
    ]);
  });

  it('shows the flows between the days chosen, kept in the URL', async () => {
    const seen = serve({
      portfolio: (q) =>
        q.get('from')
          ? portfolio({
              flows: {
                from: q.get('from')!,
                to: q.get('to')!,
                links: [{ from: 'maturity', to: 'maturity', customers: 150 }],
              },
            })
          : portfolio(),
    });
    const { router } = open();
    const from = await screen.findByLabelText('From');
    fireEvent.change(from, { target: { value: '2026-03-31' } });
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() =>
      expect(router.state.location.search).toEqual({ from: '2026-03-31', to: '2026-03-31' }),
    );
    expect(
      await screen.findByRole('img', {
        name: 'Stage flows from 31 Mar 2026 to 31 Mar 2026: 150 customers, 150 in the same stage.',
      }),
    ).toBeTruthy();
    expect(
      seen.some((r) => r.path === '/relationships/portfolio' && r.query.get('from') === '2026-03-31'),
    ).toBe(true);
  });

  it('will not show flows that end before they start', async () => {
    serve();
    open();
    const to = await screen.findByLabelText('To');
    fireEvent.change(to, { target: { value: '2025-12-01' } });
    expect(await screen.findByText('must be on or after the first day')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Show' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Recompute now', () => {
  const queued = relRun({
    id: NEW_REL_RUN_ID,
    status: 'queued',
    requestedBy: { type: 'user', id: null, name: 'Test admin' },
    startedAt: null,
    finishedAt: null,
    progress: null,
    customers: null,
  });
  const running = (done: number): RelationshipRun => ({
    ...queued,
    status: 'running',
    startedAt: new Date(),
    progress: { phase: 'classifying', done, total: done },
  });

  it('queues a run, follows it while it runs, then shows the new portfolio', async () => {
    let finished = false;
    const seen = serve({
      onPost: () => queued,
      polls: [
        running(200),
        { ...queued, status: 'succeeded', progress: { phase: 'done', done: 300, total: 300 } },
      ],
      portfolio: () => (finished ? portfolio({ customers: 310 }) : portfolio()),
    });
    open();
    const button = await screen.findByRole('button', { name: 'Recompute now' });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await userEvent.click(button);
    expect(seen.find((r) => r.method === 'POST')?.path).toBe('/relationships/runs');
    expect(await screen.findByText('Classifying · 200 of 200')).toBeTruthy();
    expect(screen.getByText('Recomputing relationships')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Recompute now' }) as HTMLButtonElement).disabled).toBe(true);

    finished = true;
    await act(() => vi.advanceTimersByTimeAsync(2000));
    await waitFor(() => expect(screen.queryByText('Recomputing relationships')).toBeNull());
    expect(await screen.findByRole('group', { name: 'Customers classified: 310' })).toBeTruthy();
    expect(notifications.show).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Relationships recomputed' }),
    );
  });
});
