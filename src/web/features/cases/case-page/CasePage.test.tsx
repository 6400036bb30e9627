// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseDetail } from '../../../../shared/contracts/cases.js';
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
import { wire } from '../test-fixtures.js';
import { CasePage } from './CasePage.js';
import { caseDetail, caseSla, event, message } from './case-fixtures.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const XSS = '<img src=x onerror="window.hacked=1">';

function routes(root: AnyRootRoute) {
  const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
  return [
    app.addChildren([
      createRoute({ getParentRoute: () => app, path: '/cases/$caseId', component: CasePage }),
      createRoute({ getParentRoute: () => app, path: '/cases', component: () => <p>Inbox</p> }),
      createRoute({ getParentRoute: () => app, path: '/customers/$customerId', component: () => <p>360</p> }),
    ]),
  ];
}

function sampleCase(): CaseDetail {
  const c = caseDetail({
    reference: 'C-000042',
    subject: 'No hot water',
    body: `${XSS}\nThe shower was cold for two days.`,
    status: 'acknowledged',
    severity: 'high',
    assigneeUserId: TEST_USER_ID,
    team: 'Front desk',
    tags: ['rooms'],
    escalationLevel: 1,
  });
  c.messages = [
    message({
      caseId: c.id,
      kind: 'customer_message',
      direction: 'inbound',
      author: { type: 'customer', id: TEST_CUSTOMER_ID, name: 'Ana Ferreira' },
      body: `Still cold! ${XSS}`,
      email: {
        status: 'received',
        messageId: 'a@b',
        inReplyTo: null,
        to: null,
        notSentReason: null,
        sentAt: null,
        lastError: null,
      },
      createdAt: new Date('2026-03-10T09:30:00Z'),
    }),
    message({
      caseId: c.id,
      kind: 'internal_note',
      direction: null,
      body: 'Boiler engineer booked for 2 pm.',
      createdAt: new Date('2026-03-10T09:40:00Z'),
    }),
    message({
      caseId: c.id,
      body: 'We are sorry — an engineer comes at 2 pm.',
      email: {
        status: 'not_sent',
        messageId: null,
        inReplyTo: null,
        to: null,
        notSentReason: 'no_customer_email',
        sentAt: null,
        lastError: null,
      },
      createdAt: new Date('2026-03-10T09:45:00Z'),
    }),
    message({
      caseId: c.id,
      body: 'Fixed now?',
      email: {
        status: 'failed',
        messageId: 'x@y',
        inReplyTo: null,
        to: 'ana@example.com',
        notSentReason: null,
        sentAt: null,
        lastError: '550 mailbox unavailable',
      },
      createdAt: new Date('2026-03-10T10:45:00Z'),
    }),
  ];
  c.history = [
    event({ at: new Date('2026-03-10T09:00:00Z') }),
    event({
      kind: 'status',
      fromStatus: 'new',
      status: 'acknowledged',
      reason: 'Called the guest',
      at: new Date('2026-03-10T09:20:00Z'),
    }),
    event({ kind: 'assignment', assigneeUserId: TEST_USER_ID, team: 'Front desk', status: null }),
    event({
      kind: 'sla_breached',
      status: null,
      details: { target: 'first_response', dueAt: '2026-03-10T13:00:00Z' },
    }),
    event({ kind: 'escalated', status: null, details: { fromSeverity: 'normal', toSeverity: 'high' } }),
  ];
  return c;
}

function serve(c: CaseDetail, opts: { message?: () => Response; missing?: boolean } = {}) {
  return stubApi((req: SeenRequest) => {
    const base = `/cases/${c.id}`;
    if (req.method === 'GET' && req.path === base) {
      return opts.missing
        ? problemResponse(404, 'CASE_NOT_FOUND', 'Case not found')
        : jsonResponse(200, wire(c));
    }
    if (req.method === 'GET' && req.path === `${base}/sla`)
      return jsonResponse(200, wire(caseSla({ caseId: c.id })));
    if (req.method === 'GET' && req.path === '/cases/customers') {
      return jsonResponse(200, {
        items: [{ id: c.customerId, fullName: 'Ana Ferreira', provisional: true, deletedAt: null }],
      });
    }
    if (req.method === 'GET' && req.path === '/cases/teams') return jsonResponse(200, { items: [] });
    if (req.method === 'POST' && req.path === `${base}/messages`) {
      if (opts.message) return opts.message();
      const body = req.body as { kind: 'reply' | 'internal_note'; body: string };
      return jsonResponse(201, wire(message({ caseId: c.id, kind: body.kind, body: body.body })));
    }
    if (req.method === 'POST' && req.path === `${base}/status`) {
      return jsonResponse(200, wire({ ...c, status: (req.body as { status: string }).status }));
    }
    if (req.method === 'PATCH' && req.path === base)
      return jsonResponse(200, wire({ ...c, ...(req.body as object) }));
    return notFound();
  });
}

const open = (c: CaseDetail, role: 'agent' | 'analyst' = 'agent') =>
  renderAt(`/cases/${c.id}`, routes, sessionFor(role));
const requests = (seen: SeenRequest[], method: string, path: string) =>
  seen.filter((r) => r.method === method && r.path === path);

describe('Case page', () => {
  it('shows the case, its words and thread oldest first, notes apart from replies, e-mail status, SLA and history', async () => {
    const c = sampleCase();
    serve(c);
    open(c);
    expect(await screen.findByRole('heading', { level: 1, name: 'No hot water' })).toBeTruthy();
    expect(screen.getByText('C-000042')).toBeTruthy();
    expect(screen.getByTestId('case-status').textContent).toBe('Acknowledged');
    expect(screen.getAllByText('Escalated')[0]!.closest('.mantine-Badge-root')).toBeTruthy();
    await screen.findByRole('link', { name: 'Ana Ferreira' });

    const words = screen.getByRole('article', { name: 'The customer’s words' });
    expect(words.textContent).toContain(`${XSS}\nThe shower was cold for two days.`);

    const thread = screen.getByRole('list', { name: 'Messages, oldest first' });
    const items = within(thread).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual([
      'customer_message',
      'internal_note',
      'reply',
      'reply',
    ]);
    expect(items[0]!.textContent).toContain(`Still cold! ${XSS}`);
    expect(items[0]!.textContent).toContain('Came by e-mail');
    expect(within(items[1]!).getByText('Internal note')).toBeTruthy();
    expect(items[2]!.textContent).toContain('Not sent: the customer has no e-mail address');
    expect(items[3]!.textContent).toContain('Failed: 550 mailbox unavailable');
    // Markup in bodies is text: nothing was turned into an element, nothing ran.
    expect(document.querySelector('main img, [aria-label="Thread"] img')).toBeNull();
    expect(screen.getByRole('region', { name: 'Thread' }).querySelector('img')).toBeNull();
    expect((window as { hacked?: number }).hacked).toBeUndefined();

    const sla = screen.getByRole('region', { name: 'SLA' });
    const targets = await within(sla).findByRole('table', { name: 'SLA targets' });
    const rows = within(targets).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.children].map((td) => td.textContent))).toEqual([
      ['First response', 'At risk', '10 Mar 2026, 13:0045 min left'],
      ['Resolution', 'Breached', '13 Mar 2026, 09:00overdue by 1 h'],
    ]);

    const history = within(screen.getByRole('region', { name: 'History' })).getAllByRole('listitem');
    expect(history.map((h) => h.querySelector('.mantine-Timeline-itemTitle')?.textContent)).toEqual([
      'Opened as New',
      'New → Acknowledged',
      'Assigned to You, team Front desk',
      'SLA breached',
      'Escalated',
    ]);
    expect(history[1]!.textContent).toContain('“Called the guest”');
    expect(history[3]!.textContent).toContain('target: first_response');
    expect(history[4]!.textContent).toContain('from severity: Normal');
    expect(history[4]!.textContent).toContain('to severity: High');
  });

  it('sends a reply, or an internal note, as typed, and shows the thread again', async () => {
    const c = sampleCase();
    const seen = serve(c);
    open(c);
    const form = await screen.findByRole('form', { name: 'Write to the case' });
    const user = userEvent.setup();
    const box = within(form).getByRole('textbox', { name: 'Reply to the customer' });
    expect(within(form).getByRole('button', { name: 'Send reply' }).hasAttribute('disabled')).toBe(true);
    await fill(box, `Thanks ${XSS}`);
    const before = requests(seen, 'GET', `/cases/${c.id}`).length;
    await user.click(within(form).getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(requests(seen, 'POST', `/cases/${c.id}/messages`)).toHaveLength(1));
    expect(requests(seen, 'POST', `/cases/${c.id}/messages`)[0]!.body).toEqual({
      kind: 'reply',
      body: `Thanks ${XSS}`,
    });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
    await waitFor(() => expect(requests(seen, 'GET', `/cases/${c.id}`).length).toBeGreaterThan(before));

    await user.click(within(form).getByText('Internal note'));
    const note = within(form).getByRole('textbox', { name: 'Internal note (staff only)' });
    await fill(note, 'Check the boiler log');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(requests(seen, 'POST', `/cases/${c.id}/messages`)).toHaveLength(2));
    expect(requests(seen, 'POST', `/cases/${c.id}/messages`)[1]!.body).toEqual({
      kind: 'internal_note',
      body: 'Check the boiler log',
    });
  });

  it('keeps the text and says why when a reply is refused', async () => {
    const c = sampleCase();
    serve(c, {
      message: () => problemResponse(409, 'POLICY_BLOCKED', 'The relationship policy blocks this action'),
    });
    open(c);
    const form = await screen.findByRole('form', { name: 'Write to the case' });
    const box = within(form).getByRole('textbox', { name: 'Reply to the customer' });
    await fill(box, 'Hello again');
    await userEvent.click(within(form).getByRole('button', { name: 'Send reply' }));
    expect(await within(form).findByText('The relationship policy blocks this action.')).toBeTruthy();
    expect((box as HTMLTextAreaElement).value).toBe('Hello again');
  });

  it('moves the status only where CASE_TRANSITIONS allows, and edits severity', async () => {
    const c = sampleCase();
    const seen = serve(c);
    open(c);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Change status' }));
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['In progress', 'Waiting on customer', 'Resolved']);
    await user.click(within(menu).getByRole('menuitem', { name: 'Resolved' }));
    await waitFor(() => expect(requests(seen, 'POST', `/cases/${c.id}/status`)).toHaveLength(1));
    expect(requests(seen, 'POST', `/cases/${c.id}/status`)[0]!.body).toEqual({ status: 'resolved' });

    const details = screen.getByRole('region', { name: 'Case details' });
    await user.click(within(details).getByRole('combobox', { name: 'Severity' }));
    await user.click(await screen.findByRole('option', { name: 'Urgent' }));
    await waitFor(() => expect(requests(seen, 'PATCH', `/cases/${c.id}`)).toHaveLength(1));
    expect(requests(seen, 'PATCH', `/cases/${c.id}`)[0]!.body).toEqual({ severity: 'urgent' });

    await user.click(within(details).getByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'Unassigned' }));
    await waitFor(() => expect(requests(seen, 'PATCH', `/cases/${c.id}`)).toHaveLength(2));
    expect(requests(seen, 'PATCH', `/cases/${c.id}`)[1]!.body).toEqual({ assigneeUserId: null });
  });

  it('is read-only for a role that only reads', async () => {
    const c = sampleCase();
    serve(c);
    open(c, 'analyst');
    await screen.findByRole('heading', { level: 1, name: 'No hot water' });
    expect(screen.queryByRole('form', { name: 'Write to the case' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change status' })).toBeNull();
  });

  it('says when there is no such case', async () => {
    const c = sampleCase();
    serve(c, { missing: true });
    open(c);
    expect(await screen.findByText('No such case')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the inbox' }).getAttribute('href')).toBe('/cases');
  });
});
