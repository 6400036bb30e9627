// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { Merge } from '../../../shared/contracts/identities.js';
import { jsonResponse, notFound, renderAt, sessionFor, stubApi } from '../../test-utils.js';
import { MergedBanner } from './MergedBanner.js';
import { MergesTab } from './MergesTab.js';
import { ANN_ID, ANNE_ID, customer, MERGE_ID, merge } from './test-fixtures.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const OLD_MERGE_ID = '01938e77-0000-7000-8000-00000000e002';
const EVENT_MERGE_ID = '01938e77-0000-7000-8000-00000000e003';
const BOB_ID = '01938e77-0000-7000-8000-00000000a003';

const history: Merge[] = [
  merge(),
  merge({
    id: EVENT_MERGE_ID,
    trigger: 'event',
    evidence: { messageId: 'm-42', identity: { kind: 'email', source: '', value: 'ann@example.com' } },
    createdBy: { type: 'api_key', id: null, name: 'Website' },
    undoable: false,
    undoBlockedBy: 'the surviving customer was merged again since',
  }),
  merge({
    id: OLD_MERGE_ID,
    undoable: false,
    undoBlockedBy: 'it was already undone',
    undoneAt: new Date('2026-01-05T12:00:00Z'),
    undoneBy: { type: 'user', id: null, name: 'Sam Manager' },
  }),
];

function stubIdentity(merges: Merge[] = history) {
  return stubApi((req) => {
    if (req.method === 'GET' && req.path === '/identity/merges') {
      return jsonResponse(200, { items: merges, nextCursor: null });
    }
    if (req.method === 'POST' && req.path.endsWith('/undo')) {
      return jsonResponse(200, { ...merges[0], undoneAt: new Date(), undoable: false });
    }
    if (req.path === `/customers/${ANN_ID}/never-merge`) {
      return jsonResponse(200, [
        {
          customerIds: [ANN_ID, BOB_ID],
          reason: 'father and son',
          createdAt: new Date('2026-02-01T10:00:00Z'),
          createdBy: { type: 'user', id: null, name: 'Erin Admin' },
        },
      ]);
    }
    if (req.path === `/customers/${BOB_ID}`) return jsonResponse(200, customer(BOB_ID, 'Bob Smith'));
    if (req.method === 'DELETE') return new Response(null, { status: 204 });
    return notFound();
  });
}

function routes(page: () => React.ReactNode) {
  return (root: AnyRootRoute) => [
    createRoute({ getParentRoute: () => root, path: '/', component: page }),
    createRoute({ getParentRoute: () => root, path: '/customers/$customerId', component: () => null }),
  ];
}

const renderTab = (role: Role = 'agent') =>
  renderAt(
    '/',
    routes(() => <MergesTab customerId={ANN_ID} />),
    sessionFor(role),
  );

describe('MergesTab', () => {
  it('lists each merge with who or what triggered it, the evidence, what moved and whether it can be undone', async () => {
    const seen = stubIdentity();
    renderTab();
    const list = await screen.findByRole('list', { name: 'Merges' });
    expect(seen.find((r) => r.path === '/identity/merges')?.query.get('customerId')).toBe(ANN_ID);
    const [staff, event, undone] = within(list).getAllByRole('listitem');
    expect(staff!.textContent).toContain('Anne Smith merged into Ann Smith');
    expect(staff!.textContent).toContain('by Erin Admin');
    expect(staff!.textContent).toContain('Reason: “same guest”');
    expect(staff!.textContent).toContain('Moved: 12 touch points, 3 orders, 2 identities');
    expect(within(staff!).getByRole('button', { name: 'Undo' })).toBeTruthy();

    expect(event!.textContent).toContain('by an event');
    expect(event!.textContent).toContain('Event m-42 named both by e-mail ann@example.com');
    expect(event!.textContent).toContain(
      'Cannot be undone now: the surviving customer was merged again since.',
    );
    expect(within(event!).queryByRole('button')).toBeNull();

    expect(within(undone!).getByText('Undone')).toBeTruthy();
    expect(undone!.textContent).toContain('by Sam Manager');
    expect(within(undone!).queryByRole('button')).toBeNull();
    // The other customer links to its page; this one is just named.
    expect(within(staff!).getByRole('link', { name: 'Anne Smith' }).getAttribute('href')).toBe(
      `/customers/${ANNE_ID}`,
    );
  });

  it('undoes with "never merge again" by default, then refreshes', async () => {
    const seen = stubIdentity();
    renderTab();
    const list = await screen.findByRole('list', { name: 'Merges' });
    await userEvent.click(within(list).getByRole('button', { name: 'Undo' }));
    const box = await screen.findByRole('checkbox', { name: /Never merge these two again/ });
    expect((box as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Undo merge' }));
    await waitFor(() => expect(seen.some((r) => r.path.endsWith('/undo'))).toBe(true));
    expect(seen.find((r) => r.path.endsWith('/undo'))).toMatchObject({
      path: `/identity/merges/${MERGE_ID}/undo`,
      body: { neverMergeAgain: true },
    });
    await waitFor(() => expect(seen.filter((r) => r.path === '/identity/merges')).toHaveLength(2));
  });

  it('undoes without the never-merge mark when unticked', async () => {
    const seen = stubIdentity();
    renderTab('manager');
    const list = await screen.findByRole('list', { name: 'Merges' });
    await userEvent.click(within(list).getByRole('button', { name: 'Undo' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: /Never merge these two again/ }));
    expect(screen.queryByLabelText(/Reason/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Undo merge' }));
    await waitFor(() => expect(seen.some((r) => r.path.endsWith('/undo'))).toBe(true));
    expect(seen.find((r) => r.path.endsWith('/undo'))?.body).toEqual({ neverMergeAgain: false });
  });

  it('says why an undo failed, in the dialog', async () => {
    stubApi((req) => {
      if (req.path.endsWith('/undo')) {
        return jsonResponse(409, {
          type: 'about:blank',
          title: 'This merge cannot be undone now',
          status: 409,
          code: 'MERGE_UNDO_BLOCKED',
          detail: 'This merge cannot be undone: the surviving customer was deleted',
        });
      }
      if (req.path === '/identity/merges') return jsonResponse(200, { items: [merge()], nextCursor: null });
      return jsonResponse(200, []);
    });
    renderTab();
    await userEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Undo merge' }));
    expect(
      await screen.findByText(
        'This merge cannot be undone now. This merge cannot be undone: the surviving customer was deleted',
      ),
    ).toBeTruthy();
  });

  it('names the never-merge partner and allows merging again', async () => {
    const seen = stubIdentity();
    renderTab();
    const blocks = await screen.findByRole('list', { name: 'Never merge with' });
    expect(await within(blocks).findByRole('link', { name: 'Bob Smith' })).toBeTruthy();
    expect(blocks.textContent).toContain('“father and son”');
    await userEvent.click(within(blocks).getByRole('button', { name: 'Allow merging with Bob Smith again' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
    expect(seen.find((r) => r.method === 'DELETE')?.path).toBe(`/identity/never-merge/${ANN_ID}/${BOB_ID}`);
  });

  it('shows history but no undo or allow buttons to a role that may not merge', async () => {
    stubIdentity();
    renderTab('analyst');
    const list = await screen.findByRole('list', { name: 'Merges' });
    expect(within(list).queryByRole('button')).toBeNull();
    const blocks = await screen.findByRole('list', { name: 'Never merge with' });
    await within(blocks).findByRole('link', { name: 'Bob Smith' });
    expect(within(blocks).queryByRole('button')).toBeNull();
  });

  it('says when a customer was never merged', async () => {
    stubApi((req) =>
      req.path === '/identity/merges'
        ? jsonResponse(200, { items: [], nextCursor: null })
        : jsonResponse(200, []),
    );
    renderTab();
    expect(await screen.findByText('Never merged')).toBeTruthy();
  });
});

describe('MergedBanner', () => {
  it('links to the survivor and undoes the merge that merged this customer away', async () => {
    const seen = stubIdentity([merge()]);
    renderAt(
      '/',
      routes(() => <MergedBanner customerId={ANNE_ID} mergedIntoId={ANN_ID} />),
      sessionFor('agent'),
    );
    const link = await screen.findByRole('link', { name: 'Anne Smith' });
    expect(link.getAttribute('href')).toBe(`/customers/${ANN_ID}`);
    expect(seen[0]?.query.get('customerId')).toBe(ANNE_ID);
    await userEvent.click(screen.getByRole('button', { name: 'Undo merge' }));
    const dialog = await screen.findByRole('dialog', { name: 'Undo this merge?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Undo merge' }));
    await waitFor(() => expect(seen.some((r) => r.path.endsWith('/undo'))).toBe(true));
    expect(seen.find((r) => r.path.endsWith('/undo'))?.body).toEqual({ neverMergeAgain: true });
  });

  it('says why the merge cannot be undone instead of offering it', async () => {
    stubIdentity([merge({ undoable: false, undoBlockedBy: 'the surviving customer was deleted' })]);
    renderAt(
      '/',
      routes(() => <MergedBanner customerId={ANNE_ID} mergedIntoId={ANN_ID} />),
      sessionFor('agent'),
    );
    expect(
      await screen.findByText('The merge cannot be undone now: the surviving customer was deleted.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Undo merge' })).toBeNull();
  });
});
