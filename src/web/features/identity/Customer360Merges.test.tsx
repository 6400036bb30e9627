// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { Customer } from '../../../shared/contracts/customers.js';
import { jsonResponse, notFound, renderAt, sessionFor, stubApi } from '../../test-utils.js';
import { Customer360Page } from '../customers/Customer360Page.js';
import { Customer360Search } from '../customers/customer-360.search.js';
import { ANN_ID, ANNE_ID, customer, merge } from './test-fixtures.js';

/** The identity parts of a customer's 360 page: "Merge with…", the Merges tab, the merged-away banner. */

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
        path: '/customers/$customerId',
        validateSearch: Customer360Search,
        component: Customer360Page,
      }),
      createRoute({ getParentRoute: () => app, path: '/customers', component: () => null }),
    ]),
  ];
}

function open(shown: Customer, role: Role = 'agent') {
  const seen = stubApi((req) => {
    if (req.path === `/customers/${shown.id}/360`) {
      return jsonResponse(200, {
        customer: shown,
        identities: [],
        orderSummary: { count: 0, revenueMinor: 0, currency: null, firstOrderAt: null, lastOrderAt: null },
        timeline: [],
        openTasks: [],
        companies: [],
      });
    }
    if (req.path === '/identity/merges') return jsonResponse(200, { items: [merge()], nextCursor: null });
    if (req.path.endsWith('/never-merge')) return jsonResponse(200, []);
    return notFound();
  });
  renderAt(`/customers/${shown.id}?tab=merges`, routes, sessionFor(role));
  return seen;
}

describe('Customer 360 and merges', () => {
  it('shows a merged-away customer as merged into the survivor, with Undo instead of Restore', async () => {
    open(
      customer(ANNE_ID, 'Anne Smith', { deletedAt: new Date('2026-02-27T10:00:00Z'), mergedIntoId: ANN_ID }),
      'admin',
    );
    const banner = (await screen.findByText('This customer was merged')).closest(
      '[role="alert"]',
    ) as HTMLElement;
    expect((await within(banner).findByRole('link', { name: 'Anne Smith' })).getAttribute('href')).toBe(
      `/customers/${ANN_ID}`,
    );
    expect(within(banner).getByRole('button', { name: 'Undo merge' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restore' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Merge with…' })).toBeNull();
  });

  it('offers "Merge with…" and the merge history on a live customer', async () => {
    open(customer(ANN_ID, 'Ann Smith'));
    expect(await screen.findByRole('button', { name: 'Merge with…' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Merges' }).getAttribute('aria-selected')).toBe('true');
    const list = await screen.findByRole('list', { name: 'Merges' });
    expect(list.textContent).toContain('Anne Smith merged into Ann Smith');
  });

  it('leaves "Merge with…" out for a role that may not merge', async () => {
    open(customer(ANN_ID, 'Ann Smith'), 'analyst');
    await screen.findByRole('list', { name: 'Merges' });
    expect(screen.queryByRole('button', { name: 'Merge with…' })).toBeNull();
  });
});
