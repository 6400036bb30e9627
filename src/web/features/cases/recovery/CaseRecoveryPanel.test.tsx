// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  CaseResolution,
  ClaimsProfile,
  Compensation,
  CompensationSettingsOut,
} from '../../../../shared/contracts/case-resolution.js';
import type { Role } from '../../../../shared/contracts/common.js';
import {
  fill,
  jsonResponse,
  notFound,
  pages,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  TEST_CUSTOMER_ID,
  validationProblem,
} from '../../../test-utils.js';
import { kase as buildCase, wire } from '../test-fixtures.js';
import { CaseRecoveryPanel, ClaimsFlag, toMinor } from './CaseRecoveryPanel.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const AGENT = { type: 'user' as const, id: 'u1', name: 'Ann Agent' };

function resolution(caseId: string, over: Partial<CaseResolution> = {}): CaseResolution {
  return {
    caseId,
    type: 'complaint',
    status: 'in_progress',
    outcome: null,
    rootCause: null,
    note: null,
    resolvedAt: null,
    lastResolvedAt: null,
    lastResolvedBy: null,
    csat: {
      state: 'not_requested',
      requestedAt: null,
      remindedAt: null,
      score: null,
      comment: null,
      answeredAt: null,
      notSentReason: null,
    },
    compensation: { approvedMinor: 0, pendingMinor: 0, currency: 'EUR', count: 0 },
    ...over,
  };
}

function compensation(caseId: string, over: Partial<Compensation> = {}): Compensation {
  return {
    id: '01938e77-0000-7000-8000-00000000c001',
    caseId,
    caseReference: 'C-000001',
    customerId: TEST_CUSTOMER_ID,
    amountMinor: 4500,
    currency: 'EUR',
    kind: 'voucher',
    note: 'Dinner on us',
    status: 'approved',
    requestedAt: new Date('2026-03-11T10:00:00Z'),
    requestedBy: AGENT,
    decidedAt: new Date('2026-03-11T10:00:00Z'),
    decidedBy: null,
    decisionNote: null,
    ...over,
  };
}

const SETTINGS: CompensationSettingsOut = {
  caps: { admin: null, manager: 50_000, agent: 5_000, marketer: 0, analyst: 0 },
  currency: 'EUR',
  customised: false,
};

function profile(over: Partial<ClaimsProfile> = {}): ClaimsProfile {
  return {
    customerId: TEST_CUSTOMER_ID,
    currency: 'EUR',
    windowDays: 365,
    claims: [],
    windowClaims: 0,
    windowTotalMinor: 0,
    peers: { customers: 0, medianMinor: null, p95Minor: null },
    flagged: false,
    reasons: [],
    ...over,
  };
}

interface Api {
  resolution: CaseResolution;
  compensations?: Compensation[];
  claims?: ClaimsProfile;
  onResolve?: (req: SeenRequest) => Response;
  onOffer?: (req: SeenRequest) => Response;
}

function openPanel(c: ReturnType<typeof buildCase>, api: Api, role: Role = 'agent') {
  const base = `/cases/${c.id}`;
  const seen = stubApi((req) => {
    if (req.method === 'GET' && req.path === `${base}/resolution`)
      return jsonResponse(200, wire(api.resolution));
    if (req.method === 'GET' && req.path === `${base}/compensations`)
      return jsonResponse(200, wire({ items: api.compensations ?? [], nextCursor: null }));
    if (req.method === 'GET' && req.path === '/cases/compensation-settings')
      return jsonResponse(200, SETTINGS);
    if (req.method === 'GET' && req.path === `/customers/${TEST_CUSTOMER_ID}/claims-profile`)
      return jsonResponse(200, wire(api.claims ?? profile()));
    if (req.method === 'POST' && req.path === `${base}/resolve` && api.onResolve) return api.onResolve(req);
    if (req.method === 'POST' && req.path === `${base}/compensations` && api.onOffer) return api.onOffer(req);
    return notFound();
  });
  renderAt('/', pages(['/', () => <CaseRecoveryPanel kase={c} />]), sessionFor(role));
  return seen;
}

const panel = () => screen.findByRole('region', { name: 'Resolution and recovery' });

describe('case recovery panel', () => {
  it('resolves a complaint only with an outcome and a root cause, and shows the outcome after', async () => {
    const c = buildCase({ status: 'in_progress' });
    let resolved = false;
    const seen = openPanel(c, {
      get resolution() {
        return resolved
          ? resolution(c.id, {
              status: 'resolved',
              outcome: 'fixed',
              rootCause: 'facility',
              csat: { ...resolution(c.id).csat, state: 'scheduled' },
            })
          : resolution(c.id);
      },
      onResolve: () => {
        resolved = true;
        return jsonResponse(
          200,
          wire(
            resolution(c.id, {
              status: 'resolved',
              outcome: 'fixed',
              rootCause: 'facility',
              note: 'New boiler',
              lastResolvedAt: new Date('2026-03-12T10:00:00Z'),
              lastResolvedBy: AGENT,
              csat: { ...resolution(c.id).csat, state: 'scheduled' },
            }),
          ),
        );
      },
    });
    const region = await panel();
    const form = await within(region).findByRole('form', { name: 'Resolve the case' });
    await userEvent.click(within(form).getByRole('button', { name: 'Resolve case' }));
    expect(within(form).getByText('Choose what was done')).toBeTruthy();
    expect(within(form).getByText(/complaints need a root cause/)).toBeTruthy();
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Outcome/ }), 'fixed');
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Root cause/ }), 'facility');
    await fill(within(form).getByRole('textbox', { name: /What was done/ }), 'New boiler');
    await userEvent.click(within(form).getByRole('button', { name: 'Resolve case' }));
    const outcome = await within(region).findByRole('group', { name: 'Outcome' });
    expect(outcome.textContent).toContain('Fixed');
    expect(outcome.textContent).toContain('Root cause: Facility');
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      outcome: 'fixed',
      rootCause: 'facility',
      note: 'New boiler',
    });
    await waitFor(() => expect(within(region).queryByRole('form', { name: 'Resolve the case' })).toBeNull());
    expect(within(region).getByText('Survey about to be e-mailed')).toBeTruthy();
  });

  it('puts the server’s field errors under the inputs', async () => {
    const c = buildCase({ status: 'new' });
    openPanel(c, {
      resolution: resolution(c.id, { status: 'new' }),
      onResolve: () =>
        validationProblem([{ path: 'body.rootCause', message: 'is required to resolve a complaint' }]),
    });
    const form = await screen.findByRole('form', { name: 'Resolve the case' });
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Outcome/ }), 'explained');
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Root cause/ }), 'policy');
    await userEvent.click(within(form).getByRole('button', { name: 'Resolve case' }));
    expect(await within(form).findByText('is required to resolve a complaint')).toBeTruthy();
  });

  it('keeps a reopened case’s previous outcome in view beside the form', async () => {
    const c = buildCase({ status: 'in_progress' });
    openPanel(c, {
      resolution: resolution(c.id, {
        outcome: 'explained',
        rootCause: 'policy',
        lastResolvedAt: new Date('2026-03-12T10:00:00Z'),
      }),
    });
    const previous = await screen.findByRole('group', { name: 'Previous outcome' });
    expect(previous.textContent).toContain('Before the case was reopened');
    expect(previous.textContent).toContain('Explained');
    expect(screen.getByRole('form', { name: 'Resolve the case' })).toBeTruthy();
  });

  it('lists compensation, explains the cap, and says when an offer needs a manager’s approval', async () => {
    const c = buildCase({ status: 'resolved' });
    const pending = compensation(c.id, {
      id: '01938e77-0000-7000-8000-00000000c002',
      amountMinor: 12_000,
      status: 'pending_approval',
      kind: 'refund',
      note: null,
    });
    const seen = openPanel(c, {
      resolution: resolution(c.id, {
        status: 'resolved',
        outcome: 'compensated',
        rootCause: 'delay',
        compensation: { approvedMinor: 4500, pendingMinor: 0, currency: 'EUR', count: 1 },
      }),
      compensations: [compensation(c.id)],
      onOffer: () => jsonResponse(201, wire(pending)),
    });
    const list = await screen.findByRole('list', { name: 'Compensation offered' });
    expect(list.textContent).toContain('€45.00');
    expect(list.textContent).toContain('Voucher');
    expect(list.textContent).toContain('Approved');
    expect(list.textContent).toContain('Dinner on us');
    const form = screen.getByRole('form', { name: 'Offer compensation' });
    expect(
      await within(form).findByText(
        'You can offer up to €50.00 on your own; more needs a manager’s approval.',
      ),
    ).toBeTruthy();
    await fill(within(form).getByRole('textbox', { name: /Amount/ }), '120');
    expect(within(form).getByText(/Needs manager approval/)).toBeTruthy();
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'Kind' }), 'refund');
    await userEvent.click(within(form).getByRole('button', { name: 'Offer compensation' }));
    expect(await within(form).findByText(/€120.00 offered: it needs a manager’s approval/)).toBeTruthy();
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ amountMinor: 12_000, kind: 'refund' });
    // No resolve form on a resolved case.
    expect(screen.queryByRole('form', { name: 'Resolve the case' })).toBeNull();
  });

  it('shows the satisfaction answer with the comment as text, and why a survey was not sent', async () => {
    const c = buildCase({ status: 'resolved' });
    openPanel(c, {
      resolution: resolution(c.id, {
        status: 'resolved',
        outcome: 'fixed',
        csat: {
          state: 'answered',
          requestedAt: new Date('2026-03-12T10:00:00Z'),
          remindedAt: null,
          score: 2,
          comment: '<script>x</script> meh',
          answeredAt: new Date('2026-03-13T10:00:00Z'),
          notSentReason: null,
        },
      }),
    });
    const region = await panel();
    expect(await within(region).findByText('2/5')).toBeTruthy();
    expect(within(region).getByText('“<script>x</script> meh”')).toBeTruthy();
    expect(region.querySelector('script')).toBeNull();
    cleanup();
    openPanel(c, {
      resolution: resolution(c.id, {
        status: 'resolved',
        csat: { ...resolution(c.id).csat, state: 'not_sent', notSentReason: 'no_customer_email' },
      }),
    });
    expect(await screen.findByText('Survey not sent: the customer has no e-mail address')).toBeTruthy();
  });

  it('hides the forms from analysts', async () => {
    const c = buildCase({ status: 'in_progress' });
    openPanel(c, { resolution: resolution(c.id) }, 'analyst');
    await screen.findByText('No compensation offered');
    expect(screen.queryByRole('form', { name: 'Resolve the case' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Offer compensation' })).toBeNull();
  });
});

describe('claims flag', () => {
  function openFlag(p: ClaimsProfile) {
    stubApi((req) =>
      req.path === `/customers/${TEST_CUSTOMER_ID}/claims-profile` ? jsonResponse(200, wire(p)) : notFound(),
    );
    renderAt('/', pages(['/', () => <ClaimsFlag customerId={TEST_CUSTOMER_ID} />]), sessionFor('agent'));
  }

  it('warns of claims far above the peers’, with the reasons and the history', async () => {
    openFlag(
      profile({
        flagged: true,
        windowClaims: 3,
        windowTotalMinor: 95_000,
        reasons: [
          '3 compensated claims totalling €950.00, above what 95% of 5 other compensated customers received (€88.00)',
        ],
        claims: [
          {
            caseId: 'c1',
            reference: 'C-000010',
            type: 'complaint',
            subject: 'Broken <i>lamp</i>',
            openedAt: new Date('2026-02-01T10:00:00Z'),
            approvedMinor: 40_000,
            compensations: [],
          },
          {
            caseId: 'c2',
            reference: 'C-000004',
            type: 'complaint',
            subject: 'Noisy',
            openedAt: new Date('2026-01-01T10:00:00Z'),
            approvedMinor: 55_000,
            compensations: [],
          },
        ],
      }),
    );
    const flag = await screen.findByRole('region', { name: 'Claims flag' });
    expect(flag.textContent).toContain('Frequent compensated claims');
    expect(flag.textContent).toContain('above what 95% of 5 other compensated customers received');
    const rows = within(within(flag).getByRole('list', { name: 'Claims history' })).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      'C-0000101 Feb 2026Broken <i>lamp</i>€400.00',
      'C-0000041 Jan 2026Noisy€550.00',
    ]);
  });

  it('sums up a customer who is not flagged', async () => {
    openFlag(profile({ windowClaims: 1, windowTotalMinor: 2500 }));
    expect((await screen.findByLabelText('Claims summary')).textContent).toBe(
      '1 compensated claim in the last 12 months, €25.00 in all',
    );
    expect(screen.queryByRole('region', { name: 'Claims flag' })).toBeNull();
  });
});

describe('toMinor', () => {
  it('turns major units into minor units by the currency’s digits', () => {
    expect(toMinor(12.5, 'EUR')).toBe(1250);
    expect(toMinor(1200, 'JPY')).toBe(1200);
    expect(toMinor(0.1 + 0.2, 'EUR')).toBe(30);
  });
});
