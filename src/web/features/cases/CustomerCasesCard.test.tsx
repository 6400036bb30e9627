// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  jsonResponse,
  notFound,
  pages,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  TEST_CUSTOMER_ID,
} from '../../test-utils.js';
import { CustomerCasesCard } from './CustomerCasesCard.js';
import { kase, wire } from './test-fixtures.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const CASES_PATH = `/customers/${TEST_CUSTOMER_ID}/cases`;

/** Just the card; `answer` answers each request for the customer's cases. */
function openCard(answer: (req: SeenRequest) => Response) {
  const seen = stubApi((req) => (req.method === 'GET' && req.path === CASES_PATH ? answer(req) : notFound()));
  renderAt('/', pages(['/', () => <CustomerCasesCard customerId={TEST_CUSTOMER_ID} />]), sessionFor('agent'));
  return seen;
}

const card = () => screen.findByRole('region', { name: 'Customer cases' });
const rows = () => within(screen.getByRole('list', { name: 'Cases' })).getAllByRole('listitem');

describe('Customer 360 cases card', () => {
  it('lists the customer’s cases newest first: reference, subject, opened day, type, status and severity', async () => {
    const seen = openCard(() =>
      jsonResponse(200, {
        items: wire([
          kase({
            reference: 'C-000042',
            type: 'complaint',
            status: 'in_progress',
            severity: 'urgent',
            subject: '<img src=x onerror=alert(1)> No hot water',
            openedAt: new Date('2026-03-12T08:30:00Z'),
          }),
          kase({
            reference: 'C-000007',
            type: 'praise',
            status: 'closed',
            severity: 'low',
            subject: 'Lovely breakfast',
            openedAt: new Date('2026-02-01T10:00:00Z'),
          }),
        ]),
        nextCursor: null,
      }),
    );
    const region = await card();
    await within(region).findByText('C-000042');
    expect(seen[0]?.query.get('sort')).toBe('openedAt');
    expect(seen[0]?.query.get('order')).toBe('desc');
    const [first, second] = rows();
    expect(first?.textContent).toBe(
      'C-000042Opened 12 Mar 2026<img src=x onerror=alert(1)> No hot waterComplaintIn progressUrgent severity',
    );
    expect(second?.textContent).toBe('C-000007Opened 1 Feb 2026Lovely breakfastPraiseClosedLow severity');
    // Each reference opens the case's page.
    const link = within(first!).getByRole('link', { name: 'C-000042' });
    expect(link.getAttribute('href')).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    // The customer's words are text, never HTML.
    expect(region.querySelector('img')).toBeNull();
    expect(within(region).queryByText('No cases')).toBeNull();
  });

  it('says "No cases" when there are none', async () => {
    openCard(() => jsonResponse(200, { items: [], nextCursor: null }));
    const region = await card();
    expect(await within(region).findByText('No cases')).toBeTruthy();
    expect(within(region).queryByRole('list')).toBeNull();
  });

  it('loads older cases on request', async () => {
    const seen = openCard((req) =>
      req.query.get('cursor') === 'page-2'
        ? jsonResponse(200, { items: wire([kase({ reference: 'C-000001' })]), nextCursor: null })
        : jsonResponse(200, { items: wire([kase({ reference: 'C-000002' })]), nextCursor: 'page-2' }),
    );
    const region = await card();
    await within(region).findByText('C-000002');
    await userEvent.click(within(region).getByRole('button', { name: 'Show more cases' }));
    await within(region).findByText('C-000001');
    expect(rows()).toHaveLength(2);
    expect(within(region).queryByRole('button', { name: 'Show more cases' })).toBeNull();
    expect(seen.map((r) => r.query.get('cursor'))).toEqual([null, 'page-2']);
  });

  it('explains a failed load and retries', async () => {
    let failing = true;
    openCard(() =>
      failing
        ? problemResponse(500, 'INTERNAL', 'Something went wrong')
        : jsonResponse(200, { items: wire([kase({ reference: 'C-000099' })]), nextCursor: null }),
    );
    const region = await card();
    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toContain('This could not be loaded');
    failing = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(within(region).getByText('C-000099')).toBeTruthy());
    expect(within(region).queryByRole('alert')).toBeNull();
  });
});
