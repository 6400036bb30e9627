// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  SuggestionItem,
  SuggestionOutcomeResult,
  SuggestionSummary,
} from '../../../../shared/contracts/case-suggestions.js';
import { suggestionReply } from '../../../../shared/contracts/case-suggestions.js';
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
} from '../../../test-utils.js';
import { wire } from '../test-fixtures.js';
import { SuggestionsBoardPage } from './SuggestionsBoardPage.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

let seq = 0;
function suggestion(over: Partial<SuggestionItem> = {}): SuggestionItem {
  seq += 1;
  return {
    id: `01938e77-0000-7000-8000-0000000sg${String(seq).padStart(3, '0')}`,
    reference: `C-${String(100 + seq).padStart(6, '0')}`,
    subject: 'Oat milk at breakfast',
    customerId: TEST_CUSTOMER_ID,
    customerName: 'Kim Park',
    status: 'new',
    openedAt: new Date('2026-03-10T09:00:00Z'),
    area: null,
    outcome: null,
    reason: null,
    outcomeAt: null,
    customerToldAt: null,
    ...over,
  };
}

const summary: SuggestionSummary = {
  from: new Date('2025-12-20T10:00:00Z'),
  to: new Date('2026-03-20T10:00:00Z'),
  received: 4,
  answered: 2,
  answeredRate: 0.5,
  byOutcome: { none: 1, planned: 1, done: 1, declined: 1 },
  byArea: [
    { area: 'Breakfast', received: 2, answered: 1 },
    { area: 'Spa', received: 1, answered: 1 },
    { area: null, received: 1, answered: 0 },
  ],
};

const unanswered = suggestion({ subject: '<img src=x onerror=alert(1)> Oat milk please' });
const planned = suggestion({
  area: 'Breakfast',
  outcome: 'planned',
  outcomeAt: new Date('2026-03-12T09:00:00Z'),
  customerToldAt: new Date('2026-03-12T09:00:00Z'),
});
const declined = suggestion({
  area: 'Spa',
  outcome: 'declined',
  reason: 'the lifeguards start at 7',
  customerName: null,
});

/** The board with its columns answered from `items`; `onPut` answers the outcome dialog. */
function openBoard(role: 'agent' | 'analyst', onPut?: (req: SeenRequest) => Response) {
  const seen = stubApi((req) => {
    if (req.method === 'GET' && req.path === '/cases/suggestions/summary')
      return jsonResponse(200, wire(summary));
    if (req.method === 'GET' && req.path === '/cases/suggestions') {
      const outcome = req.query.get('outcome');
      const area = req.query.get('area');
      const items = [unanswered, planned, declined].filter(
        (s) => (s.outcome ?? 'none') === outcome && (!area || s.area === area),
      );
      return jsonResponse(200, { items: wire(items), nextCursor: null });
    }
    if (req.method === 'PUT' && onPut) return onPut(req);
    return notFound();
  });
  renderAt(
    '/cases/suggestions',
    pages(['/cases/suggestions', () => <SuggestionsBoardPage />]),
    sessionFor(role),
  );
  return seen;
}

const column = (name: string) => screen.findByRole('region', { name });

function result(over: Partial<SuggestionOutcomeResult['told']> = {}): SuggestionOutcomeResult {
  return {
    suggestion: { ...unanswered, area: 'Pool', outcome: 'declined', reason: 'safety' },
    told: {
      status: 'sent',
      message: null,
      emailStatus: 'queued',
      policyDecisionId: null,
      reasons: [],
      ...over,
    },
  };
}

describe('Suggestions board', () => {
  it('shows the answered rate, and each suggestion in its outcome column with area and whether the customer was told', async () => {
    openBoard('agent');
    const rate = await screen.findByRole('region', { name: 'Suggestions answered' });
    expect(rate.textContent).toContain('50%');
    expect(rate.textContent).toContain('2 of 4 received from 20 Dec 2025 to 20 Mar 2026');

    const none = await column('Unanswered');
    const card = await within(none).findByText('<img src=x onerror=alert(1)> Oat milk please');
    expect(none.querySelector('img')).toBeNull();
    expect(card.closest('li')?.textContent).toContain('No area');
    expect(card.closest('li')?.textContent).toContain('Not told');
    expect(within(none).getByRole('link', { name: 'Kim Park' }).getAttribute('href')).toBe(
      `/customers/${TEST_CUSTOMER_ID}`,
    );

    const plannedCol = await column('Planned');
    const plannedCard = (await within(plannedCol).findByText('Oat milk at breakfast')).closest('li')!;
    expect(plannedCard.textContent).toContain('Breakfast');
    expect(plannedCard.textContent).toContain('Told 12 Mar 2026');
    expect(
      within(plannedCard as HTMLElement)
        .getByRole('link', { name: planned.reference })
        .getAttribute('href'),
    ).toBe(`/cases/${planned.id}`);
    const declinedCol = await column('Declined');
    await within(declinedCol).findByText('Declined: the lifeguards start at 7');
    // Without the name (a role that may not see it), the link still leads to the customer.
    expect(within(declinedCol).getByRole('link', { name: 'Customer' })).toBeTruthy();
    expect(within(await column('Done')).getByText('None')).toBeTruthy();
  });

  it('filters every column by area', async () => {
    const seen = openBoard('agent');
    await column('Planned');
    await userEvent.click(await screen.findByRole('combobox', { name: 'Area' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Spa' }));
    await waitFor(() =>
      expect(
        seen.filter((r) => r.path === '/cases/suggestions' && r.query.get('area') === 'Spa'),
      ).toHaveLength(4),
    );
    await within(await column('Declined')).findByText('Declined: the lifeguards start at 7');
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: 'Planned' })).getByText('None')).toBeTruthy(),
    );
  });

  it('sets an outcome: a declined one needs a reason, and the reply follows it unless edited', async () => {
    let put: SeenRequest | null = null;
    const seen = openBoard('agent', (req) => {
      put = req;
      return jsonResponse(200, wire(result()));
    });
    const none = await column('Unanswered');
    await userEvent.click(
      await within(none).findByRole('button', { name: `Set the outcome of ${unanswered.reference}` }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Suggestion outcome' });
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Declined' }));
    await fill(within(dialog).getByRole('combobox', { name: /^Product or area/ }), 'Pool');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save and tell the customer' }));
    expect(await within(dialog).findByText(/is required when the suggestion is declined/)).toBeTruthy();
    expect(put).toBeNull();

    await fill(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'safety');
    const reply = within(dialog).getByRole('textbox', {
      name: 'Reply to the customer',
    }) as HTMLTextAreaElement;
    expect(reply.value).toBe(suggestionReply('declined', unanswered.subject, 'safety'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save and tell the customer' }));
    await waitFor(() => expect(put).not.toBeNull());
    expect(put!.path).toBe(`/cases/${unanswered.id}/suggestion`);
    expect(put!.body).toEqual({
      area: 'Pool',
      outcome: 'declined',
      reason: 'safety',
      tellCustomer: true,
      message: suggestionReply('declined', unanswered.subject, 'safety'),
    });
    await waitFor(() =>
      expect(notifications.show).toHaveBeenCalledWith(
        expect.objectContaining({ title: 'Outcome saved', message: 'The customer was told.' }),
      ),
    );
    // The board is asked again.
    await waitFor(() => expect(seen.filter((r) => r.path === '/cases/suggestions/summary')).toHaveLength(2));
  });

  it('says so when the relationship policy blocked the reply, and shows field errors from the server', async () => {
    let answer = jsonResponse(400, {
      type: 'about:blank',
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'body.area', message: 'must be at most 100 characters' }],
    });
    let puts = 0;
    openBoard('agent', () => {
      puts += 1;
      return answer;
    });
    await userEvent.click(
      await within(await column('Unanswered')).findByRole('button', {
        name: `Set the outcome of ${unanswered.reference}`,
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Suggestion outcome' });
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Done' }));
    await fill(within(dialog).getByRole('combobox', { name: /^Product or area/ }), 'Spa');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Tell the customer/ }));
    expect(within(dialog).queryByRole('textbox', { name: 'Reply to the customer' })).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save outcome' }));
    expect(await within(dialog).findByText('must be at most 100 characters')).toBeTruthy();

    answer = jsonResponse(
      200,
      wire(
        result({
          status: 'blocked',
          emailStatus: null,
          reasons: [{ code: 'purpose_not_allowed', message: 'Service is not allowed.' }],
        }),
      ),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save outcome' }));
    await waitFor(() =>
      expect(notifications.show).toHaveBeenCalledWith(
        expect.objectContaining({
          title: 'Outcome saved; the customer was not told',
          message: expect.stringContaining('Service is not allowed.'),
        }),
      ),
    );
    expect(puts).toBe(2);
  });

  it('lets readers see the board without changing it', async () => {
    openBoard('analyst');
    await within(await column('Unanswered')).findByText('<img src=x onerror=alert(1)> Oat milk please');
    expect(screen.queryByRole('button', { name: /Set the outcome|Change outcome/ })).toBeNull();
  });
});
