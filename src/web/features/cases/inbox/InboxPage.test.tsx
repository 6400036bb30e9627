// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseBulkResult } from '../../../../shared/contracts/case-bulk.js';
import type { Case } from '../../../../shared/contracts/cases.js';
import {
  fill,
  jsonResponse,
  notFound,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  TEST_CUSTOMER_ID,
  TEST_USER_ID,
} from '../../../test-utils.js';
import { panel } from '../../relationships/test-fixtures.js';
import { kase, wire } from '../test-fixtures.js';
import { InboxPage } from './InboxPage.js';
import { InboxSearch } from './inbox.search.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const OTHER_CUSTOMER = '01938e77-0000-7000-8000-0000000000c2';
const COLLEAGUE_ID = '01938e77-0000-7000-8000-0000000000d7';
const MIN = 60_000;

function routes(root: AnyRootRoute) {
  const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
  return [
    app.addChildren([
      createRoute({
        getParentRoute: () => app,
        path: '/cases',
        validateSearch: InboxSearch,
        component: InboxPage,
      }),
      createRoute({
        getParentRoute: () => app,
        path: '/cases/$caseId',
        component: function Opened() {
          return <h1>Case page</h1>;
        },
      }),
      createRoute({ getParentRoute: () => app, path: '/customers/$customerId', component: () => <p>360</p> }),
    ]),
  ];
}

interface Serve {
  cases?: (q: URLSearchParams) => { items: Case[]; nextCursor: string | null } | Response;
  bulk?: (body: { ids: string[]; action: Record<string, unknown> }) => CaseBulkResult;
}

function serve(cases: Case[], opts: Serve = {}) {
  return stubApi((req: SeenRequest) => {
    if (req.method === 'GET' && req.path === '/cases') {
      const answer = opts.cases ? opts.cases(req.query) : { items: cases, nextCursor: null };
      return answer instanceof Response ? answer : jsonResponse(200, wire(answer));
    }
    if (req.method === 'GET' && req.path === '/cases/teams') {
      return jsonResponse(200, { items: [{ team: 'Spa', openCases: 3 }] });
    }
    if (req.method === 'GET' && req.path === '/cases/customers') {
      return jsonResponse(200, {
        items: [
          { id: TEST_CUSTOMER_ID, fullName: 'Ana Ferreira', provisional: false, deletedAt: null },
          { id: OTHER_CUSTOMER, fullName: 'Bo Unknown', provisional: true, deletedAt: null },
        ],
      });
    }
    if (req.method === 'GET' && req.path === `/customers/${TEST_CUSTOMER_ID}/relationship`) {
      return jsonResponse(200, wire(panel()));
    }
    if (req.method === 'GET' && req.path === '/users/colleagues') {
      return jsonResponse(200, {
        items: [
          { id: TEST_USER_ID, name: 'Test agent', role: 'agent' },
          { id: COLLEAGUE_ID, name: 'Marta Night Manager', role: 'manager' },
        ],
      });
    }
    if (req.method === 'POST' && req.path === '/cases/bulk') {
      const body = req.body as { ids: string[]; action: Record<string, unknown> };
      const result = opts.bulk
        ? opts.bulk(body)
        : {
            results: body.ids.map((id) => ({ id, ok: true, case: cases.find((c) => c.id === id) })),
            succeeded: body.ids.length,
            failed: 0,
          };
      return jsonResponse(200, wire(result));
    }
    return notFound();
  });
}

const open = (path = '/cases', role: 'agent' | 'analyst' = 'agent') =>
  renderAt(path, routes, sessionFor(role));
const table = () => screen.findByRole('table', { name: 'Cases' });
const bodyRows = async () =>
  within(await table())
    .getAllByRole('row')
    .slice(1);
const focusedRow = () => document.querySelector('[data-case-row][data-focused="true"]');
const posts = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'POST' && r.path === '/cases/bulk');

function threeCases() {
  const now = Date.now();
  return [
    kase({
      reference: 'C-000011',
      subject: '<img src=x onerror=alert(1)> Cold soup',
      severity: 'urgent',
      status: 'acknowledged',
      assigneeUserId: TEST_USER_ID,
      team: 'Kitchen',
      escalationLevel: 2,
      sla: {
        policyId: 'standard',
        state: 'breached',
        dueAt: new Date(now - 15 * MIN - 30_000),
        targets: [],
        evaluatedAt: new Date(now - MIN),
      },
    }),
    kase({
      reference: 'C-000012',
      subject: 'Late check-in',
      type: 'question',
      customerId: OTHER_CUSTOMER,
      sla: {
        policyId: 'standard',
        state: 'on_track',
        dueAt: new Date(now + 80 * MIN + 30_000),
        targets: [],
        evaluatedAt: new Date(now - MIN),
      },
    }),
    kase({ reference: 'C-000013', subject: 'Lovely spa', type: 'praise', status: 'closed' }),
  ];
}

describe('Cases inbox', () => {
  it('lists my open cases nearest SLA due first, each row with its countdown; the words stay text', async () => {
    const cases = threeCases();
    const seen = serve(cases);
    open();
    const [first, second, third] = await bodyRows();
    const q = seen.find((r) => r.path === '/cases')!.query;
    expect(Object.fromEntries(q)).toMatchObject({
      sort: 'slaDueAt',
      order: 'asc',
      assignee: 'me',
      status: 'new,acknowledged,in_progress,waiting_on_customer',
    });
    await within(first!).findByText('Ana Ferreira');
    expect(first!.textContent).toBe(
      'C-000011<img src=x onerror=alert(1)> Cold soupAna FerreiraComplaintUrgentAcknowledgedYouKitchenoverdue by 15 minEscalated ×2',
    );
    expect(first!.querySelector('img')).toBeNull();
    expect(within(first!).getByText('overdue by 15 min').getAttribute('data-tone')).toBe('breached');
    expect(second!.textContent).toContain('Bo UnknownProvisional');
    expect(second!.textContent).toContain('due in 1 h 20 min');
    expect(second!.textContent).toContain('Unassigned');
    expect(third!.textContent).toContain('No SLA');
    expect(within(first!).getByRole('link', { name: 'C-000011' }).getAttribute('href')).toBe(
      `/cases/${cases[0]!.id}`,
    );
  });

  it('triages from the keyboard: j/k move, x selects, a assigns to me, Enter opens, ? shows the shortcuts', async () => {
    const cases = threeCases();
    const seen = serve(cases);
    const { router } = open();
    await bodyRows();
    const user = userEvent.setup();

    await user.keyboard('j');
    expect(focusedRow()?.textContent).toContain('C-000011');
    expect(document.activeElement).toBe(focusedRow());
    // The side panel follows the focused case: its customer, rules and next actions.
    const aside = screen.getByRole('complementary', { name: 'Customer' });
    await within(aside).findByText('Send the loyalty offer');
    expect(within(aside).getByRole('heading', { name: 'Ana Ferreira' })).toBeTruthy();
    expect(within(aside).getByText('How to treat them')).toBeTruthy();

    await user.keyboard('x');
    await user.keyboard('j');
    expect(focusedRow()?.textContent).toContain('C-000012');
    await within(aside).findByText('Provisional');
    await user.keyboard('x');
    await user.keyboard('j');
    await user.keyboard('k');
    expect(focusedRow()?.textContent).toContain('C-000012');
    const bar = await screen.findByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByText('2 selected')).toBeTruthy();

    await user.keyboard('a');
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    expect(posts(seen)[0]!.body).toEqual({
      ids: [cases[0]!.id, cases[1]!.id],
      action: { type: 'assign', assigneeUserId: TEST_USER_ID },
    });
    // Done: the selection is empty again and the bar goes.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Bulk actions' })).toBeNull());

    await user.keyboard('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getByText('Select or unselect the case')).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    (focusedRow() as HTMLElement).focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Case page' });
    expect(router.state.location.pathname).toBe(`/cases/${cases[1]!.id}`);
  });

  it('keeps the shortcuts out of the way while typing in a field', async () => {
    const seen = serve(threeCases());
    open();
    await bodyRows();
    const user = userEvent.setup();
    const searchBox = screen.getByRole('textbox', { name: 'Search cases' });
    await user.click(searchBox);
    await user.keyboard('jxa');
    expect((searchBox as HTMLInputElement).value).toBe('jxa');
    expect(focusedRow()?.textContent).toContain('C-000011');
    expect(document.activeElement).toBe(searchBox);
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).toBeNull();
    // The words are searched for once typing pauses.
    await waitFor(() =>
      expect(
        seen
          .filter((r) => r.path === '/cases')
          .at(-1)!
          .query.get('q'),
      ).toBe('jxa'),
    );
    expect(posts(seen)).toHaveLength(0);
  });

  it('changes status from the keyboard with the moves the case allows, resolved first', async () => {
    const cases = threeCases();
    const seen = serve(cases);
    open();
    await bodyRows();
    const user = userEvent.setup();
    await user.keyboard('j');
    await user.keyboard('e');
    const dialog = await screen.findByRole('dialog', { name: 'Change the status of C-000011' });
    const choices = within(dialog)
      .getAllByRole('button')
      .filter((b) => b.closest('[role="group"]'));
    expect(choices.map((b) => b.textContent)).toEqual(['Resolved', 'In progress', 'Waiting on customer']);
    await user.click(within(dialog).getByRole('button', { name: 'Resolved' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    expect(posts(seen)[0]!.body).toEqual({
      ids: [cases[0]!.id],
      action: { type: 'status', status: 'resolved' },
    });
  });

  it('lets an agent give the selection to a colleague by name, and names the colleague on the rows', async () => {
    const cases = threeCases();
    cases[0] = { ...cases[0]!, assigneeUserId: COLLEAGUE_ID };
    const seen = serve(cases);
    open('/cases?queue=all');
    const rows = await bodyRows();
    expect(await within(rows[0]!).findByText('Marta Night Manager')).toBeTruthy();
    const user = userEvent.setup();
    await user.click(within(rows[1]!).getByRole('checkbox', { name: 'Select C-000012' }));
    await user.click(await screen.findByRole('combobox', { name: 'Assign to a user' }));
    await user.click(await screen.findByRole('option', { name: 'Marta Night Manager' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    expect(posts(seen)[0]!.body).toEqual({
      ids: [cases[1]!.id],
      action: { type: 'assign', assigneeUserId: COLLEAGUE_ID },
    });
  });

  it('runs a bulk action on the selection and lists the cases it could not change', async () => {
    const cases = threeCases();
    const seen = serve(cases, {
      bulk: ({ ids }) => ({
        results: ids.map((id) =>
          id === cases[2]!.id
            ? {
                id,
                ok: false,
                problem: {
                  type: 'https://rapport.dev/problems/invalid-transition',
                  title: 'That status change is not allowed',
                  status: 409,
                  code: 'INVALID_TRANSITION',
                  errors: [
                    {
                      path: 'body.status',
                      message: 'cannot go from closed to waiting_on_customer; allowed: in_progress',
                    },
                  ],
                },
              }
            : {
                id,
                ok: true,
                case: { ...cases.find((c) => c.id === id)!, status: 'waiting_on_customer' as const },
              },
        ),
        succeeded: ids.length - 1,
        failed: 1,
      }),
    });
    open('/cases?queue=all');
    const rows = await bodyRows();
    expect(seen.find((r) => r.path === '/cases')!.query.get('assignee')).toBeNull();
    const user = userEvent.setup();
    await user.click(within(rows[1]!).getByRole('checkbox', { name: 'Select C-000012' }));
    await user.click(within(rows[2]!).getByRole('checkbox', { name: 'Select C-000013' }));
    const bar = await screen.findByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByText('2 selected')).toBeTruthy();

    await user.click(within(bar).getByRole('combobox', { name: 'Change status' }));
    await user.click(await screen.findByRole('option', { name: 'Waiting on customer' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    expect(posts(seen)[0]!.body).toEqual({
      ids: [cases[1]!.id, cases[2]!.id],
      action: { type: 'status', status: 'waiting_on_customer' },
    });
    const failed = await within(bar).findByRole('list', { name: 'Cases not changed' });
    expect(failed.textContent).toBe(
      'C-000013: That status change is not allowed: cannot go from closed to waiting_on_customer; allowed: in_progress',
    );
    // The failed case stays selected to look at; the moved one left the selection.
    expect(within(bar).getByText('1 selected')).toBeTruthy();

    await fill(within(bar).getByRole('textbox', { name: 'Tag to add' }), 'follow-up');
    await user.click(within(bar).getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(2));
    expect(posts(seen)[1]!.body).toEqual({
      ids: [cases[2]!.id],
      action: { type: 'addTags', tags: ['follow-up'] },
    });

    await fill(within(bar).getByRole('combobox', { name: 'Team' }), 'Spa');
    await user.click(within(bar).getByRole('button', { name: 'Queue for team' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(3));
    expect((posts(seen)[2]!.body as { action: unknown }).action).toEqual({
      type: 'assign',
      assigneeUserId: null,
      team: 'Spa',
    });
  });

  it('opens the queues: unassigned, a team’s, breached or at risk', async () => {
    const seen = serve(threeCases());
    open();
    await bodyRows();
    const user = userEvent.setup();
    const queues = screen.getByRole('navigation', { name: 'Queues' });
    const lastList = () => seen.filter((r) => r.path === '/cases').at(-1)!.query;
    await user.click(within(queues).getByRole('button', { name: 'Unassigned' }));
    await waitFor(() => expect(lastList().get('assignee')).toBe('none'));
    await user.click(await within(queues).findByRole('button', { name: /^Spa/ }));
    await waitFor(() => expect(lastList().get('team')).toBe('Spa'));
    expect(lastList().get('assignee')).toBeNull();
    await user.click(within(queues).getByRole('button', { name: 'Breached / at risk' }));
    await waitFor(() => expect(lastList().get('sla')).toBe('warning,breached'));
    await user.click(within(queues).getByRole('button', { name: 'Resolved recently' }));
    await waitFor(() => expect(lastList().get('status')).toBe('resolved'));
    expect(lastList().get('sort')).toBe('updatedAt');
  });

  it('pages with "Load more"', async () => {
    const [a, b] = threeCases();
    const seen = serve([], {
      cases: (q) =>
        q.get('cursor') === 'next' ? { items: [b!], nextCursor: null } : { items: [a!], nextCursor: 'next' },
    });
    open();
    expect(await bodyRows()).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(async () => expect(await bodyRows()).toHaveLength(2));
    expect(
      seen
        .filter((r) => r.path === '/cases')
        .at(-1)!
        .query.get('cursor'),
    ).toBe('next');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says so when a queue is empty, and when the list cannot be loaded', async () => {
    serve([]);
    open();
    expect(await screen.findByText('No cases here')).toBeTruthy();
    expect(screen.getByText('Nothing is waiting in this queue.')).toBeTruthy();
    cleanup();
    serve([], { cases: () => problemResponse(500, 'INTERNAL', 'Something went wrong on our side') });
    open();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong on our side');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('offers no bulk actions to a role that only reads', async () => {
    const seen = serve(threeCases());
    open('/cases', 'analyst');
    await bodyRows();
    const user = userEvent.setup();
    await user.keyboard('j');
    await user.keyboard('x');
    await user.keyboard('a');
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).toBeNull();
    expect(posts(seen)).toHaveLength(0);
  });
});
