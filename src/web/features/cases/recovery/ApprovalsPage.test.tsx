// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Compensation } from '../../../../shared/contracts/case-resolution.js';
import type { Role } from '../../../../shared/contracts/common.js';
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
  TEST_USER_ID,
} from '../../../test-utils.js';
import { wire } from '../test-fixtures.js';
import { ApprovalsPage } from './ApprovalsPage.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

let seq = 0;
function pending(over: Partial<Compensation> = {}): Compensation {
  seq += 1;
  return {
    id: `01938e77-0000-7000-8000-00000000d${String(seq).padStart(3, '0')}`,
    caseId: '01938e77-0000-7000-8000-0000000ca001',
    caseReference: `C-00010${seq}`,
    customerId: TEST_CUSTOMER_ID,
    amountMinor: 12_000,
    currency: 'EUR',
    kind: 'refund',
    note: 'Two nights without heating',
    status: 'pending_approval',
    requestedAt: new Date('2026-03-11T10:00:00Z'),
    requestedBy: { type: 'user', id: 'someone-else', name: 'Ann Agent' },
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
    ...over,
  };
}

function openPage(items: Compensation[], role: Role = 'manager', onDecide?: (req: SeenRequest) => Response) {
  let queue = items;
  const seen = stubApi((req) => {
    if (req.method === 'GET' && req.path === '/case-compensations')
      return jsonResponse(200, wire({ items: queue, nextCursor: null }));
    const m = /^\/case-compensations\/([^/]+)\/(approve|reject)$/.exec(req.path);
    if (req.method === 'POST' && m && onDecide) {
      const res = onDecide(req);
      if (res.ok) queue = queue.filter((c) => c.id !== m[1]);
      return res;
    }
    return notFound();
  });
  renderAt('/cases/approvals', pages(['/cases/approvals', ApprovalsPage]), sessionFor(role));
  return seen;
}

describe('compensation approvals', () => {
  it('lists what waits for approval and approves one with a note, which then leaves the list', async () => {
    const first = pending();
    const second = pending({ amountMinor: 80_000, kind: 'upgrade', note: null });
    const seen = openPage([first, second], 'manager', (req) =>
      jsonResponse(
        200,
        wire({
          ...first,
          status: 'approved',
          decidedBy: { type: 'user', id: TEST_USER_ID, name: 'Test manager' },
          decisionNote: (req.body as { note?: string }).note ?? null,
        }),
      ),
    );
    const table = await screen.findByRole('table', { name: 'Compensation waiting for approval' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain(first.caseReference);
    expect(rows[0]!.textContent).toContain('€120.00');
    expect(rows[0]!.textContent).toContain('Refund');
    expect(rows[0]!.textContent).toContain('Ann Agent');
    expect(rows[1]!.textContent).toContain('€800.00');
    expect(seen[0]?.query.get('status')).toBe('pending_approval');

    await fill(within(rows[0]!).getByRole('textbox', { name: `Note on ${first.caseReference}` }), 'Fair');
    await userEvent.click(within(rows[0]!).getByRole('button', { name: `Approve ${first.caseReference}` }));
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/case-compensations/${first.id}/approve`);
    expect(post.body).toEqual({ note: 'Fair' });
    await screen.findByText(second.caseReference);
    await vi.waitFor(() => expect(screen.queryByText(first.caseReference)).toBeNull());
  });

  it('shows a refusal in the row, and no buttons on the manager’s own offer', async () => {
    const big = pending();
    const own = pending({ requestedBy: { type: 'user', id: TEST_USER_ID, name: 'Test manager' } });
    openPage([big, own], 'manager', () => problemResponse(403, 'FORBIDDEN', 'Your role does not allow this'));
    const table = await screen.findByRole('table', { name: 'Compensation waiting for approval' });
    const [row, mine] = within(table).getAllByRole('row').slice(1);
    expect(within(mine!).queryByRole('button')).toBeNull();
    expect(mine!.textContent).toContain('Your own offer: someone else decides');
    await userEvent.click(within(row!).getByRole('button', { name: `Reject ${big.caseReference}` }));
    expect((await within(row!).findByRole('alert')).textContent).toContain('Your role does not allow this');
  });

  it('says when nothing waits, and tells agents who decides', async () => {
    openPage([], 'manager');
    expect(await screen.findByText('Nothing waits for approval')).toBeTruthy();
    cleanup();
    const seen = openPage([pending()], 'agent');
    expect(await screen.findByText('Only managers and admins approve compensation')).toBeTruthy();
    expect(seen).toHaveLength(0);
  });
});
