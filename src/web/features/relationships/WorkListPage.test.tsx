// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkList } from '../../../shared/contracts/relationships.js';
import { jsonResponse, notFound, renderAt, sessionFor, stubApi, TEST_CUSTOMER_ID } from '../../test-utils.js';
import { WorkListSearch } from './relationships.search.js';
import { OTHER_CUSTOMER_ID, wire, workItem } from './test-fixtures.js';
import { WorkListPage } from './WorkListPage.js';

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
        path: '/relationships/work-list',
        validateSearch: WorkListSearch,
        component: WorkListPage,
      }),
      createRoute({ getParentRoute: () => app, path: '/relationships', component: () => null }),
      createRoute({
        getParentRoute: () => app,
        path: '/customers/$customerId',
        component: () => <p>Customer 360</p>,
      }),
    ]),
  ];
}

function serve(answer: (query: URLSearchParams) => WorkList) {
  return stubApi((req) =>
    req.path === '/relationships/work-list' ? jsonResponse(200, wire(answer(req.query))) : notFound(),
  );
}

const open = (path = '/relationships/work-list') => renderAt(path, routes, sessionFor('agent'));

const rows = async () => {
  const table = await screen.findByRole('table', { name: 'Work list' });
  return within(table).getAllByRole('row').slice(1);
};

describe('WorkListPage', () => {
  it('lists customers with type, stage, strength, CLV and next actions, each linking to the 360', async () => {
    serve(() => ({
      items: [
        workItem(),
        workItem({
          customerId: OTHER_CUSTOMER_ID,
          name: 'Bruno Costa',
          type: 'courtship',
          stage: 'courtship',
          strength: 0.4,
          clvMinor: null,
          nextActions: [],
        }),
      ],
      nextCursor: null,
    }));
    open();
    const [first, second] = await rows();
    expect([...first!.children].map((c) => c.textContent)).toEqual([
      'Ana Ferreira',
      'Enmity',
      'Decline',
      '22%',
      '€610.00',
      'Call to put the complaint right',
    ]);
    expect(within(first!).getByRole('link', { name: 'Ana Ferreira' }).getAttribute('href')).toBe(
      `/customers/${TEST_CUSTOMER_ID}`,
    );
    expect(second?.textContent).toContain('—');
    expect(second?.textContent).toContain('None passes the contact rules now');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('filters by stage and open complaints, in the URL and the request', async () => {
    const seen = serve(() => ({ items: [workItem()], nextCursor: null }));
    const { router } = open();
    await rows();
    expect(seen[0]?.query.get('stage')).toBeNull();
    await userEvent.click(screen.getByRole('combobox', { name: 'Stage' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Lapsed' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ stage: 'lapsed' }));
    await userEvent.click(screen.getByRole('switch', { name: 'Open complaints only' }));
    await waitFor(() =>
      expect(router.state.location.search).toEqual({ stage: 'lapsed', openComplaints: true }),
    );
    await waitFor(() =>
      expect(
        seen.some((r) => r.query.get('stage') === 'lapsed' && r.query.get('openComplaints') === 'true'),
      ).toBe(true),
    );
  });

  it('loads the next page from the cursor the server gave', async () => {
    const seen = serve((q) =>
      q.get('cursor') === '25'
        ? { items: [workItem({ customerId: OTHER_CUSTOMER_ID, name: 'Bruno Costa' })], nextCursor: null }
        : { items: [workItem()], nextCursor: '25' },
    );
    open();
    expect(await rows()).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(async () => expect(await rows()).toHaveLength(2));
    expect(seen.at(-1)?.query.get('cursor')).toBe('25');
    expect(seen.at(-1)?.query.get('limit')).toBe('25');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says when there is nothing to work on, and when filters leave nobody', async () => {
    serve(() => ({ items: [], nextCursor: null }));
    open();
    expect(await screen.findByText('Nothing to work on')).toBeTruthy();
    cleanup();
    serve(() => ({ items: [], nextCursor: null }));
    open('/relationships/work-list?stage=growth');
    expect(await screen.findByText('No customer matches these filters')).toBeTruthy();
  });
});
