// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { RelationshipPanel } from '../../../shared/contracts/relationships.js';
import {
  fill,
  jsonResponse,
  notFound,
  pages,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  TEST_CUSTOMER_ID,
  validationProblem,
} from '../../test-utils.js';
import { Customer360Page } from '../customers/Customer360Page.js';
import { Customer360Search } from '../customers/customer-360.search.js';
import { customer } from '../identity/test-fixtures.js';
import { CustomerRelationshipCard } from './CustomerRelationshipCard.js';
import { NEW_REL_RUN_ID, panel, profile, relRun, wire } from './test-fixtures.js';

vi.mock('../../components/EChart.js', () => ({
  EChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const PANEL_PATH = `/customers/${TEST_CUSTOMER_ID}/relationship`;

function routes360(root: AnyRootRoute) {
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
      createRoute({
        getParentRoute: () => app,
        path: '/relationships',
        component: () => <p>Relationships</p>,
      }),
    ]),
  ];
}

/** Just the card; `onWrite` answers anything but the panel's GET. */
function openCard(
  answer: () => RelationshipPanel | Response,
  role: Role = 'manager',
  onWrite: (req: SeenRequest) => Response = () => notFound(),
) {
  const seen = stubApi((req) => {
    if (req.method === 'GET' && req.path === PANEL_PATH) {
      const a = answer();
      return a instanceof Response ? a : jsonResponse(200, wire(a));
    }
    return onWrite(req);
  });
  renderAt(
    '/',
    pages(
      ['/', () => <CustomerRelationshipCard customerId={TEST_CUSTOMER_ID} />],
      ['/relationships', () => <p>Relationships</p>],
    ),
    sessionFor(role),
  );
  return seen;
}

const card = () => screen.findByRole('region', { name: 'Customer relationship' });
const part = (name: string) => screen.getByRole('region', { name });

/** The error message Mantine shows under an input (its aria-describedby). */
function errorOf(input: HTMLElement): string | undefined {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.className.includes('error'))
    ?.textContent?.trim();
}

describe('Customer 360 relationship panel', () => {
  it('shows the type in force, why, the stage and its history, the rules and the next actions', async () => {
    stubApi((req) => {
      if (req.path === `/customers/${TEST_CUSTOMER_ID}/360`) {
        return jsonResponse(200, {
          customer: customer(TEST_CUSTOMER_ID, 'Ana Ferreira'),
          identities: [],
          orderSummary: { count: 0, revenueMinor: 0, currency: 'EUR', firstOrderAt: null, lastOrderAt: null },
          timeline: [],
          openTasks: [],
          companies: [],
        });
      }
      if (req.path === PANEL_PATH) return jsonResponse(200, wire(panel()));
      if (req.path === `/customers/${TEST_CUSTOMER_ID}/timeline`) {
        return jsonResponse(200, { items: [], nextCursor: null });
      }
      return notFound();
    });
    renderAt(`/customers/${TEST_CUSTOMER_ID}`, routes360, sessionFor('agent'));
    const rel = await card();
    expect(await within(rel).findByText('Marriage of convenience')).toBeTruthy();
    expect(within(rel).getByText('Exchange')).toBeTruthy();
    expect(within(rel).getByText('82%')).toBeTruthy();
    const stat = (label: string) => within(rel).getByText(label).nextElementSibling?.textContent;
    expect(stat('Runner-up')).toBe('Casual friends');
    expect(stat('Strength')).toBe('35% · moderate');
    // The strongest signal first.
    const signals = within(rel).getByRole('list', { name: 'Signals' });
    expect(
      within(signals)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['mostly buys on promotion', 'chooses on price']);
    expect(within(rel).queryByText('From the customer’s survey')).toBeNull();
    expect(within(rel).queryByText('Set by hand')).toBeNull();

    const stage = part('Lifecycle stage');
    expect(stage.textContent).toContain('Maturitysince 10 Jan 2026· Lapsed once');
    // Latest first.
    const history = within(within(stage).getByRole('list', { name: 'Stage history' })).getAllByRole(
      'listitem',
    );
    expect(history.map((h) => h.textContent)).toEqual([
      'Maturitysince 10 Jan 2026',
      'Won back1 Sept 2025 – 10 Jan 2026',
      'Lapsed1 May 2025 – 1 Sept 2025',
      'Courtship1 Feb 2025 – 1 May 2025',
    ]);

    const rules = part('How to treat them');
    expect(rules.textContent).toContain('Here because we are convenient');
    expect(within(rules).getByText('Efficient and transactional')).toBeTruthy();
    expect(within(rules).getByText('at most 3')).toBeTruthy();
    expect(within(rules).getByText('Automated is fine')).toBeTruthy();
    expect(within(within(rules).getByLabelText('Purposes allowed')).getByText('Cross-sell')).toBeTruthy();
    expect(within(within(rules).getByLabelText('Avoid')).getByText('friendship talk')).toBeTruthy();

    const actions = within(part('Next actions')).getAllByRole('listitem');
    expect(actions).toHaveLength(1);
    expect(actions[0]?.textContent).toContain('Send the loyalty offer');
    expect(actions[0]?.textContent).toContain('A practical offer suits a customer who comes for the deal.');
    expect(actions[0]?.textContent).toContain('This would be the 3rd contact in 30 days');

    expect(part('Survey answers').textContent).toContain('has not answered the relationship survey');
    expect(part('Let go').textContent).toContain('Never let go or deprioritised.');
    // An agent may override and record answers, but not let customers go.
    expect(within(rel).getByRole('button', { name: 'Override type' })).toBeTruthy();
    expect(within(rel).getByRole('button', { name: 'Record survey answer' })).toBeTruthy();
    expect(within(rel).getByRole('button', { name: 'Survey link' })).toBeTruthy();
    expect(within(rel).queryByRole('button', { name: 'Let go / deprioritise' })).toBeNull();
    expect(within(rel).getByText(/with scoring model version 3/)).toBeTruthy();
  });

  it('shows an override with its reason, who set it and when, the survey and the let-go history', async () => {
    openCard(() =>
      panel({
        profile: profile({ type: 'committed_partnership', fromSurvey: true }),
        override: {
          type: 'committed_partnership',
          reason: 'Comes every anniversary',
          setBy: { type: 'user', id: null, name: 'Erin Admin' },
          setAt: new Date('2026-03-30T10:00:00Z'),
        },
        survey: [
          {
            id: '01938e77-0000-7000-8000-0000000d0002',
            customerId: TEST_CUSTOMER_ID,
            version: 2,
            sentence: 'committed_partnership',
            brq: { commitment: 7 },
            attachment: { anxiety: 2 },
            source: 'preference_centre',
            answeredAt: new Date('2026-03-20T10:00:00Z'),
          },
          {
            id: '01938e77-0000-7000-8000-0000000d0001',
            customerId: TEST_CUSTOMER_ID,
            version: 1,
            sentence: 'casual_friends',
            brq: {},
            attachment: {},
            source: 'staff',
            answeredAt: new Date('2025-11-02T10:00:00Z'),
          },
        ],
        letGo: [
          {
            id: '01938e77-0000-7000-8000-0000000b0001',
            decision: 'deprioritise',
            reason: 'Only books with a voucher',
            snapshot: {},
            decidedBy: { type: 'user', id: null, name: 'Max Manager' },
            decidedAt: new Date('2026-02-01T10:00:00Z'),
          },
        ],
      }),
    );
    const rel = await card();
    expect(await within(rel).findByText('Committed partnership', { selector: 'p' })).toBeTruthy();
    expect(within(rel).getByText('From the customer’s survey')).toBeTruthy();
    expect(within(rel).getByText('Set by hand')).toBeTruthy();
    const override = part('Override');
    expect(override.textContent).toContain('Set to Committed partnership by Erin Admin');
    expect(override.textContent).toContain('The signals say Marriage of convenience.');
    expect(within(override).getByText('“Comes every anniversary”')).toBeTruthy();
    expect(override.querySelector('time')?.getAttribute('title')).toBe('30 Mar 2026, 11:00');
    expect(within(override).getByRole('button', { name: 'Remove override' })).toBeTruthy();

    const answers = within(part('Survey answers')).getAllByRole('listitem');
    expect(answers.map((a) => a.textContent)).toEqual([
      '“I have chosen you for the long run and I am loyal to you.” Committed partnershipVersion 2 · 20 Mar 2026 · Preference centre · Commitment 7 · attachment anxiety 2',
      '“I drop in now and then; it is pleasant, nothing more.” Casual friendsVersion 1 · 2 Nov 2025 · Recorded by staff',
    ]);
    expect(within(part('Let go')).getByRole('listitem').textContent).toBe(
      'Deprioritised by Max Manager, 1 Feb 2026Only books with a voucher',
    );
  });

  it('overrides the type: the form says what is missing, then sends the type and reason', async () => {
    let current = panel();
    const seen = openCard(
      () => current,
      'agent',
      (req) => {
        const body = req.body as { type: 'kinship'; reason: string };
        current = panel({
          profile: profile({ type: body.type }),
          override: { ...body, setBy: { type: 'user', id: null, name: 'Test agent' }, setAt: new Date() },
        });
        return jsonResponse(200, wire(current.override));
      },
    );
    const rel = await card();
    await userEvent.click(await within(rel).findByRole('button', { name: 'Override type' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set the relationship type by hand' });
    expect(dialog.textContent).toContain('The signals say Marriage of convenience.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save override' }));
    expect(errorOf(within(dialog).getByRole('combobox', { name: /^Relationship type/ }))).toBe(
      'choose the type that fits',
    );
    expect(errorOf(within(dialog).getByRole('textbox', { name: /^Reason/ }))).toBe('say why, in a few words');
    expect(seen.filter((r) => r.method === 'PUT')).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('combobox', { name: /^Relationship type/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Kinship' }));
    await fill(
      within(dialog).getByRole('textbox', { name: /^Reason/ }),
      'Third generation of the family here',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save override' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'PUT')).toHaveLength(1));
    const put = seen.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`${PANEL_PATH}/override`);
    expect(put.body).toEqual({ type: 'kinship', reason: 'Third generation of the family here' });
    // The panel is fetched again and shows the override.
    expect(await within(rel).findByText('“Third generation of the family here”')).toBeTruthy();
    expect(within(rel).getByText('Kinship', { selector: 'p' })).toBeTruthy();
  });

  it('puts the server’s problem+json message under the reason', async () => {
    openCard(
      () => panel(),
      'agent',
      () => validationProblem([{ path: 'body.reason', message: 'is not a reason our policy accepts' }]),
    );
    const rel = await card();
    await userEvent.click(await within(rel).findByRole('button', { name: 'Override type' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set the relationship type by hand' });
    await userEvent.click(within(dialog).getByRole('combobox', { name: /^Relationship type/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Fling' }));
    await fill(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'Because');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save override' }));
    const reason = within(dialog).getByRole('textbox', { name: /^Reason/ });
    await waitFor(() => expect(errorOf(reason)).toBe('is not a reason our policy accepts'));
    expect(notifications.show).not.toHaveBeenCalled();
  });

  it('removes an override', async () => {
    const seen = openCard(
      () =>
        panel({
          override: {
            type: 'kinship',
            reason: 'Family',
            setBy: { type: 'user', id: null, name: 'Erin Admin' },
            setAt: new Date('2026-03-30T10:00:00Z'),
          },
        }),
      'agent',
      () => new Response(null, { status: 204 }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Remove override' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
    expect(seen.find((r) => r.method === 'DELETE')?.path).toBe(`${PANEL_PATH}/override`);
    expect(notifications.show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Override removed' }));
  });

  it('records a survey answer from the fifteen sentences, with optional 1–7 facets', async () => {
    const seen = openCard(
      () => panel(),
      'agent',
      (req) =>
        jsonResponse(201, {
          id: '01938e77-0000-7000-8000-0000000d0009',
          customerId: TEST_CUSTOMER_ID,
          version: 1,
          sentence: 'kinship',
          brq: { commitment: 6 },
          attachment: {},
          source: 'staff',
          answeredAt: new Date().toISOString(),
          ...(req.body as object),
        }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Record survey answer' }));
    const dialog = await screen.findByRole('dialog', { name: 'Record a survey answer' });
    expect(within(dialog).getAllByRole('radio')).toHaveLength(15);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Record answer' }));
    expect(dialog.textContent).toContain('choose the sentence the customer picked');

    await userEvent.click(
      within(dialog).getByRole('radio', {
        name: 'My family has always come here; it is part of who we are.',
      }),
    );
    const commitment = within(dialog).getByRole('textbox', { name: 'Commitment' });
    await fill(commitment, '9');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Record answer' }));
    expect(errorOf(commitment)).toBe('answers run from 1 to 7');
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    await userEvent.clear(commitment);
    await fill(commitment, '6');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Record answer' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      sentence: 'kinship',
      brq: { commitment: 6 },
      attachment: {},
      source: 'staff',
    });
    expect(notifications.show).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Survey answer recorded' }),
    );
  });

  it('lets a manager let a customer go only with a reason, strength, signals and CLV beside it', async () => {
    const seen = openCard(
      () => panel({ profile: profile({ strength: 0.8 }) }),
      'manager',
      (req) =>
        jsonResponse(201, {
          id: '01938e77-0000-7000-8000-0000000b0002',
          snapshot: {},
          decidedBy: { type: 'user', id: null, name: 'Test manager' },
          decidedAt: new Date().toISOString(),
          ...(req.body as object),
        }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Let go / deprioritise' }));
    const dialog = await screen.findByRole('dialog', { name: 'Let go or deprioritise this customer?' });
    const beside = within(dialog).getByRole('region', { name: 'The relationship as it stands' });
    expect(beside.textContent).toContain('Relationship strength80% · very strong');
    expect(beside.textContent).toContain('Customer lifetime value€482.30');
    expect(beside.textContent).toContain('mostly buys on promotion');
    expect(dialog.textContent).toContain('This is a strong relationship.');

    await userEvent.click(within(dialog).getByRole('radio', { name: 'Let go' }));
    const reason = within(dialog).getByRole('textbox', { name: /^Reason/ });
    await fill(reason, 'too cheap');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Let go' }));
    expect(errorOf(reason)).toBe('a decision to let a customer go needs a reason of at least 10 characters');
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    await fill(reason, ' and always asks for a refund');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Let go' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1));
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`${PANEL_PATH}/let-go`);
    expect(post.body).toEqual({ decision: 'let_go', reason: 'too cheap and always asks for a refund' });
  });

  it('says when the customer is not classified yet, and recomputes for those who may', async () => {
    const queued = relRun({
      id: NEW_REL_RUN_ID,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      progress: null,
      customers: null,
    });
    const seen = openCard(
      () => ({ ...panel(), profile: null, rules: null, nextActions: [] }),
      'admin',
      (req) =>
        req.method === 'POST' && req.path === '/relationships/runs'
          ? jsonResponse(202, wire(queued))
          : jsonResponse(200, wire(queued)),
    );
    const rel = await card();
    expect(await within(rel).findByText('Not classified yet')).toBeTruthy();
    expect(within(rel).queryByRole('region', { name: 'How to treat them' })).toBeNull();
    await userEvent.click(within(rel).getByRole('button', { name: 'Recompute now' }));
    await waitFor(() =>
      expect(seen.some((r) => r.method === 'POST' && r.path === '/relationships/runs')).toBe(true),
    );
    expect(await within(rel).findByText('Recompute queued')).toBeTruthy();
  });

  it('offers no recompute to a role that may not import', async () => {
    openCard(() => ({ ...panel(), profile: null, rules: null, nextActions: [] }), 'agent');
    const rel = await card();
    expect(await within(rel).findByText('Not classified yet')).toBeTruthy();
    expect(within(rel).queryByRole('button', { name: 'Recompute now' })).toBeNull();
  });

  it('explains a failed load and retries', async () => {
    let fail = true;
    openCard(() => (fail ? problemResponse(500, 'INTERNAL', 'Something went wrong on our side') : panel()));
    const rel = await card();
    expect((await within(rel).findByRole('alert')).textContent).toContain('This could not be loaded');
    fail = false;
    await userEvent.click(within(rel).getByRole('button', { name: 'Try again' }));
    expect(await within(rel).findByText('Marriage of convenience')).toBeTruthy();
  });
});
