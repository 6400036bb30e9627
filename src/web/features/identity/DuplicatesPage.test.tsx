// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { DuplicateCandidate } from '../../../shared/contracts/identities.js';
import {
  fill,
  jsonResponse,
  notFound,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
} from '../../test-utils.js';
import { DuplicatesPage } from './DuplicatesPage.js';
import { DuplicatesSearch } from './duplicates.search.js';
import { ANN_ID, ANNE_ID, CANDIDATE_ID, candidate, preview } from './test-fixtures.js';

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
        path: '/duplicates',
        validateSearch: DuplicatesSearch,
        component: DuplicatesPage,
      }),
      createRoute({
        getParentRoute: () => app,
        path: '/customers/$customerId',
        component: () => <p>Customer page</p>,
      }),
    ]),
  ];
}

const SECOND_ID = '01938e77-0000-7000-8000-00000000d002';

/** The queue's API: `pages` of open candidates by cursor, `others` for merged/dismissed. */
function stubQueue(opts: { open?: DuplicateCandidate[][]; others?: DuplicateCandidate[] } = {}) {
  const open = opts.open ?? [[candidate()]];
  return stubApi((req: SeenRequest) => {
    if (req.method === 'GET' && req.path === '/identity/candidates') {
      if (req.query.get('status') !== 'open')
        return jsonResponse(200, { items: opts.others ?? [], nextCursor: null });
      const page = Number(req.query.get('cursor') ?? 0);
      return jsonResponse(200, {
        items: open[page] ?? [],
        nextCursor: page + 1 < open.length ? String(page + 1) : null,
      });
    }
    if (req.method === 'POST' && req.path === '/identity/candidates/scan') {
      return jsonResponse(200, { scanned: 1204, found: 7, open: 9 });
    }
    if (req.method === 'POST' && req.path.endsWith('/decision')) return new Response(null, { status: 204 });
    if (req.method === 'POST' && req.path === '/identity/merges') {
      const body = req.body as { survivorId: string; mergedId: string };
      return jsonResponse(200, preview(body.survivorId, body.mergedId));
    }
    return notFound();
  });
}

const open = (role: Role = 'agent', path = '/duplicates') => renderAt(path, routes, sessionFor(role));

describe('DuplicatesPage', () => {
  it('shows each pair side by side with its score and signals in words', async () => {
    const seen = stubQueue();
    open();
    const card = await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    expect(seen[0]?.query.get('status')).toBe('open');
    expect(within(card).getByText('91% match')).toBeTruthy();
    expect(within(card).getByText('names 91% alike')).toBeTruthy();
    expect(within(card).getByText('same birthday 1990-03-04')).toBeTruthy();
    const table = within(card).getByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Field', 'Anne Smith', 'Ann Smith'],
      ['E-mail', 'anne@work.example', 'ann@example.com'],
      ['Phone', '—', '+447911123456'],
      ['Birthday', '4 Mar 1990', '4 Mar 1990'],
      ['City', 'Manchester', 'Manchester'],
      ['Created', '1 Sept 2025', '1 Mar 2024'],
    ]);
    expect(within(card).getByRole('link', { name: 'Ann Smith' }).getAttribute('href')).toBe(
      `/customers/${ANN_ID}`,
    );
  });

  it('marks a pair as different people with the reason given', async () => {
    const seen = stubQueue();
    open();
    const card = await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    await userEvent.click(within(card).getByRole('button', { name: 'Not the same person' }));
    await fill(await screen.findByLabelText(/Reason/), 'mother and daughter');
    await userEvent.click(screen.getByRole('button', { name: 'Mark as different people' }));
    await waitFor(() => expect(seen.some((r) => r.path.endsWith('/decision'))).toBe(true));
    expect(seen.find((r) => r.path.endsWith('/decision'))).toMatchObject({
      path: `/identity/candidates/${CANDIDATE_ID}/decision`,
      body: { decision: 'never_merge', reason: 'mother and daughter' },
    });
    // The queue is asked again, so the pair leaves it.
    await waitFor(() => expect(seen.filter((r) => r.path === '/identity/candidates')).toHaveLength(2));
  });

  it('dismisses a pair without asking', async () => {
    const seen = stubQueue();
    open();
    const card = await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    await userEvent.click(within(card).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(seen.some((r) => r.path.endsWith('/decision'))).toBe(true));
    expect(seen.find((r) => r.path.endsWith('/decision'))?.body).toEqual({ decision: 'dismiss' });
  });

  it('reviews a pair with the older customer as the survivor', async () => {
    const seen = stubQueue();
    open();
    const card = await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    await userEvent.click(within(card).getByRole('button', { name: 'Review & merge' }));
    await screen.findByRole('table', { name: 'Field-by-field result' });
    // Ann (created 2024) is older than Anne (2025), though listed second.
    expect(seen.find((r) => r.path === '/identity/merges')?.body).toEqual({
      survivorId: ANN_ID,
      mergedId: ANNE_ID,
      dryRun: true,
    });
  });

  it('scans and says how many customers were compared and pairs found', async () => {
    const seen = stubQueue({ open: [[]] });
    open();
    expect(await screen.findByText('No likely duplicates — run a scan')).toBeTruthy();
    await userEvent.click(screen.getAllByRole('button', { name: 'Scan for duplicates' })[0]!);
    expect(
      await screen.findByText('1,204 customers compared, 7 new pairs. 9 to review in all.'),
    ).toBeTruthy();
    expect(seen.filter((r) => r.path === '/identity/candidates/scan')).toHaveLength(1);
    await waitFor(() => expect(seen.filter((r) => r.path === '/identity/candidates')).toHaveLength(2));
  });

  it('loads the next page with the cursor', async () => {
    const seen = stubQueue({ open: [[candidate()], [candidate({ id: SECOND_ID, score: 0.6 })]] });
    open();
    await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(screen.getAllByRole('listitem', { name: 'Anne Smith and Ann Smith' })).toHaveLength(2),
    );
    expect(seen.map((r) => r.query.get('cursor'))).toEqual([null, '1']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows merged pairs as history, without actions', async () => {
    const seen = stubQueue({ others: [candidate({ status: 'merged' })] });
    open('agent', '/duplicates?status=merged');
    const card = await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    expect(seen[0]?.query.get('status')).toBe('merged');
    expect(within(card).getByText('Merged')).toBeTruthy();
    expect(within(card).queryByRole('button')).toBeNull();
  });

  it('switches to dismissed pairs from the control', async () => {
    const seen = stubQueue();
    const { router } = open();
    await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    await userEvent.click(screen.getByText('Dismissed'));
    expect(await screen.findByText('No pairs dismissed yet')).toBeTruthy();
    expect(seen[seen.length - 1]?.query.get('status')).toBe('dismissed');
    expect(router.state.location.search).toEqual({ status: 'dismissed' });
  });

  it('lets a role that may not merge look, but not scan or decide', async () => {
    stubQueue();
    open('analyst');
    const card = await screen.findByRole('listitem', { name: 'Anne Smith and Ann Smith' });
    expect(within(card).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Scan for duplicates' })).toBeNull();
  });
});
