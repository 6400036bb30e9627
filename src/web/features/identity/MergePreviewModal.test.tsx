// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fill,
  jsonResponse,
  notFound,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
} from '../../test-utils.js';
import { MergePreviewModal } from './MergePreviewModal.js';
import { MergeWithAction } from './MergeWithAction.js';
import { ANN_ID, ANNE_ID, customer, merge, preview } from './test-fixtures.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function routes(page: () => React.ReactNode) {
  return (root: AnyRootRoute) => [
    createRoute({ getParentRoute: () => root, path: '/', component: page }),
    createRoute({
      getParentRoute: () => root,
      path: '/customers/$customerId',
      component: () => <p>Customer page</p>,
    }),
  ];
}

function stubMerges(onMerge?: (req: SeenRequest) => Response) {
  return stubApi((req) => {
    if (req.method === 'POST' && req.path === '/identity/merges') {
      const body = req.body as { survivorId: string; mergedId: string; dryRun?: boolean };
      if (body.dryRun) return jsonResponse(200, preview(body.survivorId, body.mergedId));
      return onMerge ? onMerge(req) : jsonResponse(201, merge({ survivorId: body.survivorId }));
    }
    return notFound();
  });
}

const dryRuns = (seen: SeenRequest[]) =>
  seen.filter((r) => r.method === 'POST' && (r.body as { dryRun?: boolean }).dryRun === true);

const row = (field: string) => document.querySelector(`tr[data-field="${field}"]`) as HTMLElement;

const openPreview = () =>
  renderAt(
    '/',
    routes(() => <MergePreviewModal pair={{ survivorId: ANN_ID, mergedId: ANNE_ID }} onClose={() => {}} />),
    sessionFor('agent'),
  );

describe('MergePreviewModal', () => {
  it('shows field by field which side won and by which rule, what moves and the limit warnings', async () => {
    const seen = stubMerges();
    openPreview();
    await screen.findByRole('table', { name: 'Field-by-field result' });
    expect(dryRuns(seen)[0]?.body).toEqual({ survivorId: ANN_ID, mergedId: ANNE_ID, dryRun: true });

    const name = within(row('name'));
    expect(name.getByText('Merged')).toBeTruthy();
    expect(name.getByText('most trusted source')).toBeTruthy();
    // The merged customer's cell is the one marked as chosen.
    const cells = row('name').querySelectorAll('td');
    expect(cells[0]?.textContent).toBe('Ann Smith');
    expect(cells[1]?.textContent).toBe('Anne Smith(chosen)');

    // One side empty: the other value is taken whatever the rule, and the reason says so.
    expect(within(row('birthday')).getByText('Survivor')).toBeTruthy();
    expect(within(row('birthday')).getByText('the only value')).toBeTruthy();
    expect(within(row('birthday')).getAllByText('4 Mar 1990')).toHaveLength(2);
    expect(within(row('emails')).getByText('combined from both')).toBeTruthy();
    expect(within(row('emails')).getByText('ann@example.com, anne@work.example')).toBeTruthy();

    const moves = screen.getByRole('list', { name: 'Records that move' });
    expect(
      within(moves)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['12 touch points', '3 orders', '2 identities']);
    expect(screen.getByText('6 email values (the limit is 5)')).toBeTruthy();
  });

  it('re-runs the dry run with the ids swapped', async () => {
    const seen = stubMerges();
    openPreview();
    await userEvent.click(await screen.findByRole('button', { name: 'Swap: keep Anne Smith instead' }));
    await waitFor(() => expect(dryRuns(seen)).toHaveLength(2));
    expect(dryRuns(seen)[1]?.body).toEqual({ survivorId: ANNE_ID, mergedId: ANN_ID, dryRun: true });
    expect(await screen.findByRole('button', { name: 'Merge into Anne Smith' })).toBeTruthy();
  });

  it('merges with the reason given and opens the survivor’s page', async () => {
    const seen = stubMerges();
    const { router } = openPreview();
    await fill(await screen.findByLabelText(/Reason/), 'same guest, work e-mail');
    await userEvent.click(screen.getByRole('button', { name: 'Merge into Ann Smith' }));
    expect(await screen.findByText('Customer page')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/customers/${ANN_ID}`);
    const confirmed = seen.filter((r) => r.method === 'POST' && !(r.body as { dryRun?: boolean }).dryRun);
    expect(confirmed.map((r) => r.body)).toEqual([
      { survivorId: ANN_ID, mergedId: ANNE_ID, reason: 'same guest, work e-mail' },
    ]);
  });

  it('explains a never-merge pair in words', async () => {
    stubApi(() => problemResponse(409, 'MERGE_BLOCKED', 'These customers cannot be merged', undefined));
    openPreview();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('These customers cannot be merged.');
    expect(alert.textContent).toContain('allow merging again');
    expect(screen.queryByRole('button', { name: /^Merge into/ })).toBeNull();
  });

  it('says why a confirmed merge failed and stays open', async () => {
    stubMerges(() =>
      problemResponse(404, 'CUSTOMER_NOT_FOUND', 'Customer not found', [
        { path: 'body.mergedId', message: 'no such customer in this workspace' },
      ]),
    );
    openPreview();
    await userEvent.click(await screen.findByRole('button', { name: 'Merge into Ann Smith' }));
    expect(
      await screen.findByText('Customer not found: merged id no such customer in this workspace.'),
    ).toBeTruthy();
    expect(screen.queryByText('Customer page')).toBeNull();
  });
});

describe('MergeWithAction', () => {
  it('finds the other customer, leaves this one out, and previews with this one as survivor', async () => {
    const seen = stubApi((req) => {
      if (req.path === '/customers') {
        return jsonResponse(200, {
          items: [
            { ...customer(ANN_ID, 'Ann Smith'), lastActivityAt: null, value: null },
            {
              ...customer(ANNE_ID, 'Anne Smith', { primaryEmail: 'anne@work.example' }),
              lastActivityAt: null,
              value: null,
            },
          ],
          nextCursor: null,
        });
      }
      if (req.path === '/identity/merges') {
        const body = req.body as { survivorId: string; mergedId: string };
        return jsonResponse(200, preview(body.survivorId, body.mergedId));
      }
      return notFound();
    });
    renderAt(
      '/',
      routes(() => <MergeWithAction customerId={ANN_ID} customerName="Ann Smith" />),
      sessionFor('agent'),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Merge with…' }));
    await fill(screen.getByLabelText(/Find the other customer/), 'Smith');
    const found = await screen.findByRole('list', { name: 'Customers found' });
    await waitFor(() => expect(within(found).getAllByRole('button')).toHaveLength(1));
    expect(seen.find((r) => r.path === '/customers')?.query.get('q')).toBe('Smith');
    await userEvent.click(within(found).getByRole('button', { name: 'Merge with Anne Smith' }));
    await screen.findByRole('table', { name: 'Field-by-field result' });
    expect(seen.find((r) => r.path === '/identity/merges')?.body).toEqual({
      survivorId: ANN_ID,
      mergedId: ANNE_ID,
      dryRun: true,
    });
  });
});
