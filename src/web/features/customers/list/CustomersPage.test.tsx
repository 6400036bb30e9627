// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { type AnyRootRoute, createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel, Role } from '../../../../shared/contracts/common.js';
import type { CustomerListItem } from '../../../../shared/contracts/customers.js';
import { CUSTOMER_COLUMNS, type SavedView } from '../../../../shared/contracts/saved-views.js';
import { channelSettings } from '../../../../shared/contracts/touchpoint-types.js';
import {
  fill,
  jsonResponse,
  notFound,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
} from '../../../test-utils.js';
import { CustomersPage } from '../CustomersPage.js';
import { CustomersSearch } from '../customers.search.js';
import { COLUMN_LABELS } from './columns.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

const system = { type: 'system', id: null, name: 'demo' } as const;

/** A list row as the server sends it (dates as ISO strings). */
function customer(id: string, fullName: string, extra: Partial<CustomerListItem> = {}): unknown {
  const row: CustomerListItem = {
    id,
    givenName: null,
    familyName: null,
    fullName,
    emails: [],
    phones: [],
    primaryEmail: `${id}@example.com`,
    primaryPhone: null,
    address: { city: 'Bath', country: 'GB' },
    birthday: null,
    locale: 'en-GB',
    timeZone: null,
    tags: [],
    attributes: {},
    prefersHumanService: false,
    createdAt: new Date('2026-03-01T10:00:00Z'),
    updatedAt: new Date('2026-03-02T10:00:00Z'),
    createdBy: system,
    updatedBy: system,
    deletedAt: null,
    mergedIntoId: null,
    lastActivityAt: new Date('2026-03-05T10:00:00Z'),
    value: null,
    ...extra,
  };
  return JSON.parse(JSON.stringify(row));
}

const C1 = '01a22383-08bc-7321-869e-860a3dc9b401';
const C2 = '01a22383-08bc-7321-869e-860a3dc9b402';
const ANA = customer(C1, 'Ana Ferreira', { tags: ['vip'], primaryEmail: 'ana@example.com' });
const JONAS = customer(C2, 'Jonas Weber', { primaryEmail: 'jonas@example.com' });

interface Api {
  list?: (url: URL) => Response;
  views?: SavedView[];
  onWrite?: (req: SeenRequest) => Response;
  /** The workspace's own channel labels (the touch-point catalogue). */
  channelLabels?: { channel: Channel; label: string }[];
}

/** The list endpoint and friends; `lists` collects each list query, as the server received it. */
function serve(api: Api = {}) {
  const lists: URLSearchParams[] = [];
  const seen = stubApi((req, url) => {
    if (req.method === 'GET' && req.path === '/customers') {
      lists.push(url.searchParams);
      return api.list ? api.list(url) : jsonResponse(200, { items: [ANA, JONAS], nextCursor: null });
    }
    if (req.method === 'GET' && req.path === '/touchpoint-catalogue') {
      const stored = (api.channelLabels ?? []).map((c) => ({ ...c, enabled: true }));
      return jsonResponse(200, { types: [], channels: channelSettings(stored) });
    }
    if (req.method === 'GET' && req.path === '/saved-views') {
      return jsonResponse(200, { items: JSON.parse(JSON.stringify(api.views ?? [])), nextCursor: null });
    }
    if (api.onWrite) return api.onWrite(req);
    return notFound();
  });
  return { lists, seen, last: () => Object.fromEntries(lists[lists.length - 1] ?? []) };
}

function routes(root: AnyRootRoute) {
  const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
  return [
    app.addChildren([
      createRoute({
        getParentRoute: () => app,
        path: '/customers',
        validateSearch: CustomersSearch,
        component: CustomersPage,
      }),
      createRoute({
        getParentRoute: () => app,
        path: '/customers/$customerId',
        component: () => <p>Customer 360 page</p>,
      }),
      createRoute({ getParentRoute: () => app, path: '/import', component: () => <p>Import page</p> }),
    ]),
  ];
}

function open(path = '/customers', role: Role = 'admin') {
  return renderAt(path, routes, sessionFor(role));
}

const headers = () => screen.getAllByRole('columnheader').map((th) => th.textContent?.trim());

describe('CustomersPage', () => {
  it('lists a page with the API defaults and links each name to its 360 page', async () => {
    const api = serve();
    open();
    const link = await screen.findByRole('link', { name: 'Ana Ferreira' });
    expect(link.getAttribute('href')).toBe(`/customers/${C1}`);
    expect(api.last()).toEqual({ sort: 'createdAt', order: 'desc', limit: '50' });
    const table = screen.getByRole('table', { name: 'Customers' });
    expect(within(table).getByText('vip')).toBeTruthy();
    expect(within(table).getByText('jonas@example.com')).toBeTruthy();
  });

  it('marks only provisional customers in their row, beside the name', async () => {
    const newcomer = customer('01a22383-08bc-7321-869e-860a3dc9b403', 'Ines Duarte', { provisional: true });
    serve({
      list: () =>
        jsonResponse(200, {
          items: [ANA, customer(C2, 'Jonas Weber', { provisional: false }), newcomer],
          nextCursor: null,
        }),
    });
    open();
    const link = await screen.findByRole('link', { name: 'Ines Duarte' });
    const table = screen.getByRole('table', { name: 'Customers' });
    expect(within(table).getAllByText('Provisional')).toHaveLength(1);
    expect(within(link.closest('td')!).getByText('Provisional')).toBeTruthy();
    expect(
      within(screen.getByRole('link', { name: 'Ana Ferreira' }).closest('td')!).queryByText('Provisional'),
    ).toBeNull();
    await userEvent.hover(within(link.closest('td')!).getByText('Provisional'));
    expect((await screen.findByRole('tooltip')).textContent).toBe(
      'Created from a message; check the details before trusting them',
    );
  });

  it("names the channel filter as the workspace's catalogue labels it", async () => {
    serve({ channelLabels: [{ channel: 'front_desk', label: 'Reception' }] });
    open('/customers?channel=front_desk');
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    const chips = screen.getByRole('group', { name: 'Active filters' });
    expect(await within(chips).findByText('Channel: Reception')).toBeTruthy();
  });

  it('opens a dashboard link as readable, removable filter chips and sends them to the server', async () => {
    const api = serve();
    const { router } = open(
      '/customers?lastActivityFrom=2026-09-02T23:00:00.000Z&hasOpenTask=true&channel=spa',
    );
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    const chips = screen.getByRole('group', { name: 'Active filters' });
    expect(within(chips).getByText('Active since 3 Sept 2026')).toBeTruthy();
    expect(within(chips).getByText('Has an open task')).toBeTruthy();
    expect(within(chips).getByText('Channel: Spa')).toBeTruthy();
    expect(api.last()).toMatchObject({
      lastActivityFrom: '2026-09-02T23:00:00.000Z',
      hasOpenTask: 'true',
      channel: 'spa',
    });

    await userEvent.click(screen.getByRole('button', { name: 'Remove filter: Has an open task' }));
    await waitFor(() => expect(api.last().hasOpenTask).toBeUndefined());
    expect(api.last()).toMatchObject({ channel: 'spa' });
    expect(router.state.location.search).toEqual({
      lastActivityFrom: '2026-09-02T23:00:00.000Z',
      channel: 'spa',
    });

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(api.last()).toEqual({ sort: 'createdAt', order: 'desc', limit: '50' }));
    expect(screen.queryByRole('group', { name: 'Active filters' })).toBeNull();
  });

  it('searches name, e-mail or phone on the server after a pause, and keeps it in the URL', async () => {
    const api = serve();
    const { router } = open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search customers in this list' }),
      '+44 7700',
    );
    await waitFor(() => expect(api.last().q).toBe('+44 7700'));
    // One request for the typed text, not one per key.
    expect(api.lists.filter((q) => q.has('q'))).toHaveLength(1);
    expect(router.state.location.search.q).toBe('+44 7700');
  });

  it('shows and hides columns with the column chooser, in the URL, never hiding the last one', async () => {
    serve();
    const { router } = open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    expect(headers()).toEqual(
      ['Select all on this page', 'Name', 'E-mail', 'Phone', 'Tags', 'Last activity', 'Value', 'Created'].map(
        (h) => (h === 'Select all on this page' ? '' : h),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Columns' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'E-mail' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'City' }));
    await waitFor(() => expect(headers()).toContain('City'));
    expect(headers()).not.toContain('E-mail');
    expect(screen.getByRole('table', { name: 'Customers' }).textContent).toContain('Bath');
    expect(router.state.location.search.cols).toEqual([
      'fullName',
      'primaryPhone',
      'tags',
      'city',
      'lastActivityAt',
      'value',
      'createdAt',
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Reset to default columns' }));
    await waitFor(() => expect(headers()).toContain('E-mail'));
    expect(router.state.location.search.cols).toBeUndefined();
  });

  it('offers every column of a view in the chooser, Value among them, and hides or shows it', async () => {
    serve();
    const { router } = open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('button', { name: 'Columns' }));
    const chooser = screen.getByText('Show columns').closest('fieldset')!;
    const boxes = within(chooser).getAllByRole('checkbox');
    // One checkbox per column a view can hold, in the contract's order.
    expect(boxes).toEqual(
      CUSTOMER_COLUMNS.map((c) => within(chooser).getByRole('checkbox', { name: COLUMN_LABELS[c] })),
    );
    const value = within(chooser).getByRole('checkbox', { name: 'Value' }) as HTMLInputElement;
    expect(value.checked).toBe(true);

    await userEvent.click(value);
    await waitFor(() => expect(headers()).not.toContain('Value'));
    expect(router.state.location.search.cols).toEqual([
      'fullName',
      'primaryEmail',
      'primaryPhone',
      'tags',
      'lastActivityAt',
      'createdAt',
    ]);
    await userEvent.click(value);
    await waitFor(() => expect(headers()).toContain('Value'));
    expect(router.state.location.search.cols).toBeUndefined();
  });

  it('keeps one column at least', async () => {
    serve();
    open('/customers?cols=%5B%22fullName%22%5D');
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('button', { name: 'Columns' }));
    expect((screen.getByRole('checkbox', { name: 'Name' }) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Phone' }) as HTMLInputElement).disabled).toBe(false);
  });

  it('sorts on the server by clicking a sortable header, announced with aria-sort', async () => {
    const api = serve();
    open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    const nameHeader = () =>
      screen.getAllByRole('columnheader').find((th) => th.textContent?.trim() === 'Name')!;
    const createdHeader = () =>
      screen.getAllByRole('columnheader').find((th) => th.textContent?.trim() === 'Created')!;
    expect(createdHeader().getAttribute('aria-sort')).toBe('descending');
    expect(nameHeader().getAttribute('aria-sort')).toBe('none');
    // Tags cannot be sorted by the server, so its header is no button.
    const tags = screen.getAllByRole('columnheader').find((th) => th.textContent?.trim() === 'Tags')!;
    expect(tags.hasAttribute('aria-sort')).toBe(false);
    expect(within(tags).queryByRole('button')).toBeNull();

    await userEvent.click(within(nameHeader()).getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(api.last()).toMatchObject({ sort: 'fullName', order: 'asc' }));
    expect(nameHeader().getAttribute('aria-sort')).toBe('ascending');
    expect(createdHeader().getAttribute('aria-sort')).toBe('none');
    await userEvent.click(within(nameHeader()).getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(api.last()).toMatchObject({ sort: 'fullName', order: 'desc' }));
  });

  it('pages by cursor, back through the stack, and starts again when the filter changes', async () => {
    const api = serve({
      list: (url) =>
        url.searchParams.get('cursor') === 'p2'
          ? jsonResponse(200, { items: [JONAS], nextCursor: null })
          : jsonResponse(200, { items: [ANA], nextCursor: 'p2' }),
    });
    open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    expect(screen.getByText('Page 1')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('link', { name: 'Jonas Weber' });
    expect(api.last()).toMatchObject({ cursor: 'p2' });
    expect(screen.getByText('Page 2')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    expect(screen.getByText('Page 1')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('link', { name: 'Jonas Weber' });
    await userEvent.click(
      within(screen.getAllByRole('columnheader')[1]!).getByRole('button', { name: 'Name' }),
    );
    await waitFor(() => expect(api.last()).toMatchObject({ sort: 'fullName' }));
    expect(api.last().cursor).toBeUndefined();
    expect(screen.getByText('Page 1')).toBeTruthy();
  });

  it('tells an empty workspace from a filter that matches nobody', async () => {
    serve({ list: () => jsonResponse(200, { items: [], nextCursor: null }) });
    open();
    expect(await screen.findByText('No customers yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Import customers' }).getAttribute('href')).toBe('/import');
    cleanup();

    const api = serve({ list: () => jsonResponse(200, { items: [], nextCursor: null }) });
    const { router } = open('/customers?tag=nobody');
    expect(await screen.findByText('No customers match')).toBeTruthy();
    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    await userEvent.click(clear[clear.length - 1]!);
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(api.last().tag).toBeUndefined();
  });

  it('explains a failed load and retries', async () => {
    let fail = true;
    serve({
      list: () =>
        fail
          ? problemResponse(500, 'INTERNAL', 'Something went wrong on our side')
          : jsonResponse(200, { items: [ANA], nextCursor: null }),
    });
    open();
    expect((await screen.findByRole('alert')).textContent).toContain('The customers could not be loaded');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Ana Ferreira' })).toBeTruthy();
  });

  it('hides writing from analysts and exporting from agents', async () => {
    serve();
    open('/customers?channel=spa', 'analyst');
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    expect(screen.queryByRole('button', { name: 'New customer' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'Select Ana Ferreira' })).toBeNull();
    const exportLink = screen.getByRole('link', { name: 'Export CSV' });
    expect(exportLink.getAttribute('href')).toBe(
      '/api/v1/customers/export?format=csv&channel=spa&sort=createdAt&order=desc',
    );
    cleanup();

    serve();
    open('/customers', 'agent');
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
    expect(screen.getByRole('button', { name: 'New customer' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Select Ana Ferreira' })).toBeTruthy();
  });

  it('tags the selected customers, reports what changed and clears the selection', async () => {
    const api = serve({
      onWrite: (req) =>
        req.method === 'POST' && req.path === '/customers/bulk-tag'
          ? jsonResponse(200, { updated: 1, unchanged: 1, notFound: [] })
          : notFound(),
    });
    open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Tag…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tag 2 customers' });
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Add tags' }), 'spa-lover{Enter}');
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Remove tags' }));
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Remove tags' }), 'vip{Enter}');
    const listsBefore = api.lists.length;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Apply to 2 customers' }));

    await waitFor(() => expect(notifications.show).toHaveBeenCalled());
    expect(api.seen.find((r) => r.path === '/customers/bulk-tag')?.body).toEqual({
      ids: [C1, C2],
      add: ['spa-lover'],
      remove: ['vip'],
    });
    expect(notifications.show).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Tagged 1 customer (1 unchanged)' }),
    );
    await waitFor(() => expect(screen.queryByText('2 selected')).toBeNull());
    // The list is fetched again: its tags changed.
    await waitFor(() => expect(api.lists.length).toBeGreaterThan(listsBefore));
  });
});

describe('Value column and filters', () => {
  /** The cell of `column` in the row that names `name`. */
  function cellOf(name: string, column: string): HTMLElement {
    const index = headers().indexOf(column);
    const row = screen.getByRole('link', { name }).closest('tr')!;
    return within(row).getAllByRole('cell')[index]!;
  }

  it('shows each customer’s tier and CLV in the run’s currency, and a dash without a value', async () => {
    serve({
      list: () =>
        jsonResponse(200, {
          items: [
            customer(C1, 'Ana Ferreira', {
              value: { tier: 'top', clvMinor: 123_456, pAlive: 0.82, currency: 'GBP' },
            }),
            JONAS,
          ],
          nextCursor: null,
        }),
    });
    open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    const ana = cellOf('Ana Ferreira', 'Value');
    expect(ana.textContent).toBe('Top£1,234.56');
    expect(within(ana).getByText('£1,234.56').closest('[title]')?.getAttribute('title')).toBe('P(alive) 82%');
    expect(cellOf('Jonas Weber', 'Value').textContent).toBe('—');
  });

  it('opens a link with value filters as chips, sends them to the server and removes them one by one', async () => {
    const api = serve();
    const { router } = open('/customers?valueTier=top&minClvMinor=50000&maxPAlive=0.3');
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    const chips = screen.getByRole('group', { name: 'Active filters' });
    expect(within(chips).getByText('Value tier: Top')).toBeTruthy();
    expect(within(chips).getByText('CLV at least €500.00')).toBeTruthy();
    expect(within(chips).getByText('Likely lapsed: P(alive) ≤ 0.3')).toBeTruthy();
    expect(api.last()).toMatchObject({ valueTier: 'top', minClvMinor: '50000', maxPAlive: '0.3' });

    await userEvent.click(screen.getByRole('button', { name: 'Remove filter: CLV at least €500.00' }));
    await waitFor(() => expect(api.last().minClvMinor).toBeUndefined());
    expect(router.state.location.search).toEqual({ valueTier: 'top', maxPAlive: 0.3 });
  });

  it('sets the tier, a minimum CLV in major units and "likely lapsed" from the filters, into the URL', async () => {
    const api = serve();
    const { router } = open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('button', { name: 'Filters' }));

    await userEvent.click(await screen.findByRole('combobox', { name: 'Value tier' }));
    await userEvent.click(await screen.findByRole('option', { name: 'High (next 20%)' }));
    await waitFor(() => expect(router.state.location.search.valueTier).toBe('high'));

    await fill(screen.getByRole('textbox', { name: 'Minimum CLV (EUR)' }), '250.5');
    // Typed in euros, kept and sent in cents.
    await waitFor(() => expect(router.state.location.search.minClvMinor).toBe(25_050));
    await waitFor(() => expect(api.last()).toMatchObject({ valueTier: 'high', minClvMinor: '25050' }));

    await userEvent.click(screen.getByRole('combobox', { name: 'Maximum P(alive)' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Likely lapsed: P(alive) ≤ 0.3' }));
    await waitFor(() => expect(router.state.location.search.maxPAlive).toBe(0.3));
    await waitFor(() => expect(api.last()).toMatchObject({ maxPAlive: '0.3' }));
    expect(screen.getByRole('button', { name: /Filters/ }).textContent).toContain('3');
  });
});

describe('New customer', () => {
  async function fillAndSubmit(fields: Record<string, string>) {
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('button', { name: 'New customer' }));
    const dialog = await screen.findByRole('dialog', { name: 'New customer' });
    for (const [label, value] of Object.entries(fields)) {
      await userEvent.type(within(dialog).getByLabelText(label, { exact: true }), value);
    }
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create customer' }));
    return dialog;
  }

  /** The error message Mantine shows under an input (its aria-describedby). */
  function errorOf(input: HTMLElement): string | undefined {
    const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
    return ids
      .map((id) => document.getElementById(id))
      .find((el) => el?.className.includes('error'))
      ?.textContent?.trim();
  }

  it('shows the server’s field errors under the inputs they concern', async () => {
    const api = serve({
      onWrite: () =>
        problemResponse(400, 'VALIDATION_FAILED', 'The request is not valid', [
          { path: 'body.emails.0.value', message: 'is not a valid e-mail address' },
          { path: 'body.phones.0.value', message: 'is not a valid phone number' },
        ]),
    });
    open();
    const dialog = await fillAndSubmit({ 'Given name': 'Ana', 'E-mail': 'ana@example.com', Phone: '12' });
    const email = within(dialog).getByLabelText('E-mail', { exact: true });
    await waitFor(() => expect(errorOf(email)).toBe('is not a valid e-mail address'));
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(within(dialog).getByLabelText('Phone', { exact: true }))).toBe(
      'is not a valid phone number',
    );
    expect(errorOf(within(dialog).getByLabelText('Given name', { exact: true }))).toBeUndefined();
    expect(api.seen.find((r) => r.method === 'POST')?.body).toEqual({
      givenName: 'Ana',
      emails: [{ value: 'ana@example.com', primary: true }],
      phones: [{ value: '12', primary: true }],
      tags: [],
      prefersHumanService: false,
    });
    // Everything had an input to go under: no notification on top.
    expect(notifications.show).not.toHaveBeenCalled();
  });

  it('puts "give a name, an e-mail or a phone" under the name and points at a customer who has the e-mail', async () => {
    serve({
      onWrite: () =>
        jsonResponse(409, {
          type: 'about:blank',
          title: 'That identity belongs to another customer',
          status: 409,
          code: 'IDENTITY_CONFLICT',
          errors: [
            { path: 'body.fullName', message: 'give a name, an e-mail or a phone' },
            { path: 'body.emails', message: 'ana@example.com belongs to another customer' },
          ],
          customerId: C1,
        }),
    });
    open();
    const dialog = await fillAndSubmit({ 'E-mail': 'ana@example.com' });
    await waitFor(() =>
      expect(errorOf(within(dialog).getByLabelText('Given name', { exact: true }))).toBe(
        'give a name, an e-mail or a phone',
      ),
    );
    expect(errorOf(within(dialog).getByLabelText('E-mail', { exact: true }))).toBe(
      'ana@example.com belongs to another customer',
    );
    expect(
      within(dialog).getByRole('link', { name: 'Open the existing customer' }).getAttribute('href'),
    ).toBe(`/customers/${C1}`);
  });

  it('checks locally before sending, with the contract’s message', async () => {
    const api = serve();
    open();
    const dialog = await fillAndSubmit({});
    expect(errorOf(within(dialog).getByLabelText('Given name', { exact: true }))).toBe(
      'give a name, an e-mail or a phone',
    );
    expect(api.seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('opens the new customer’s 360 page once created', async () => {
    serve({
      onWrite: (req) =>
        jsonResponse(201, {
          ...(customer('c9', 'Mia Rossi') as object),
          lastActivityAt: undefined,
          body: req.body,
        }),
    });
    const { router } = open();
    await fillAndSubmit({ 'Given name': 'Mia', 'Family name': 'Rossi' });
    expect(await screen.findByText('Customer 360 page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/customers/c9');
    expect(notifications.show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Customer created' }));
  });
});

describe('Saved views', () => {
  const view: SavedView = {
    id: 'v1',
    resource: 'customers',
    name: 'Lapsed spa guests',
    state: {
      channel: 'spa',
      lastActivityTo: '2026-09-01T23:00:00.000Z',
      sort: 'fullName',
      order: 'asc',
      columns: ['fullName', 'tags'],
    },
    createdAt: new Date('2026-11-01T10:00:00Z'),
    updatedAt: new Date('2026-11-01T10:00:00Z'),
  };

  it('applies a view: its whole state goes into the URL with its id', async () => {
    const api = serve({ views: [view] });
    const { router } = open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Lapsed spa guests' }));
    await waitFor(() =>
      expect(router.state.location.search).toEqual({
        channel: 'spa',
        lastActivityTo: '2026-09-01T23:00:00.000Z',
        sort: 'fullName',
        order: 'asc',
        cols: ['fullName', 'tags'],
        view: 'v1',
      }),
    );
    await waitFor(() => expect(api.last()).toMatchObject({ channel: 'spa', sort: 'fullName', order: 'asc' }));
    expect(headers()).toEqual(['', 'Name', 'Tags']);
    expect(screen.getByText('View: Lapsed spa guests')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Saved views, showing “Lapsed spa guests”' })).toBeTruthy();
  });

  it('marks an edited view and saves the current list into it', async () => {
    const api = serve({
      views: [view],
      onWrite: (req) =>
        req.method === 'PATCH' && req.path === '/saved-views/v1'
          ? jsonResponse(200, { ...view, state: (req.body as { state: unknown }).state })
          : notFound(),
    });
    open(
      '/customers?channel=web&lastActivityTo=%222026-09-01T23%3A00%3A00.000Z%22&sort=fullName&order=asc&cols=%5B%22fullName%22%2C%22tags%22%5D&view=v1',
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Saved views, showing “Lapsed spa guests”, edited' }),
    );
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Update “Lapsed spa guests”' }));
    await waitFor(() => expect(api.seen.some((r) => r.method === 'PATCH')).toBe(true));
    expect(api.seen.find((r) => r.method === 'PATCH')?.body).toEqual({
      state: { ...view.state, channel: 'web' },
    });
  });

  const valued: SavedView = {
    ...view,
    id: 'v3',
    name: 'Top guests',
    state: {
      valueTier: 'top',
      minClvMinor: 50_000,
      maxPAlive: 0.7,
      sort: 'createdAt',
      order: 'desc',
      columns: ['fullName', 'value'],
    },
  };

  it('applies a view with value filters and the Value column, sending the filters to the server', async () => {
    const api = serve({ views: [valued] });
    const { router } = open();
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Top guests' }));
    await waitFor(() =>
      expect(router.state.location.search).toEqual({
        valueTier: 'top',
        minClvMinor: 50_000,
        maxPAlive: 0.7,
        cols: ['fullName', 'value'],
        view: 'v3',
      }),
    );
    await waitFor(() =>
      expect(api.last()).toMatchObject({ valueTier: 'top', minClvMinor: '50000', maxPAlive: '0.7' }),
    );
    expect(headers()).toEqual(['', 'Name', 'Value']);
    const chips = screen.getByRole('group', { name: 'Active filters' });
    expect(within(chips).getByText('Value tier: Top')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Saved views, showing “Top guests”' })).toBeTruthy();
  });

  it('marks a view edited when a value filter changes, and saves the change into it', async () => {
    const api = serve({
      views: [valued],
      onWrite: (req) =>
        req.method === 'PATCH' && req.path === '/saved-views/v3'
          ? jsonResponse(200, { ...valued, state: (req.body as { state: unknown }).state })
          : notFound(),
    });
    open(
      '/customers?valueTier=top&minClvMinor=50000&maxPAlive=0.7&cols=%5B%22fullName%22%2C%22value%22%5D&view=v3',
    );
    await screen.findByRole('button', { name: 'Saved views, showing “Top guests”' });

    await userEvent.click(screen.getByRole('button', { name: 'Remove filter: P(alive) ≤ 0.7' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Saved views, showing “Top guests”, edited' }),
    );
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Update “Top guests”' }));
    await waitFor(() => expect(api.seen.some((r) => r.method === 'PATCH')).toBe(true));
    const { maxPAlive: _, ...rest } = valued.state;
    expect(api.seen.find((r) => r.method === 'PATCH')?.body).toEqual({ state: rest });
  });

  it('saves the current list as a new view, with a duplicate name explained under the input', async () => {
    let attempts = 0;
    const api = serve({
      onWrite: (req) => {
        attempts += 1;
        if (attempts === 1) {
          return problemResponse(409, 'CONFLICT', 'Conflict', [
            { path: 'body.name', message: 'you already have a view with this name' },
          ]);
        }
        return jsonResponse(201, { ...view, id: 'v2', name: (req.body as { name: string }).name });
      },
    });
    const { router } = open('/customers?hasOpenTask=true');
    await screen.findByRole('link', { name: 'Ana Ferreira' });
    await userEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Save as new view…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save as a new view' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'View name' }), 'Follow-ups');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    expect(await within(dialog).findByText('you already have a view with this name')).toBeTruthy();
    expect(api.seen.find((r) => r.method === 'POST')?.body).toEqual({
      resource: 'customers',
      name: 'Follow-ups',
      state: {
        hasOpenTask: true,
        sort: 'createdAt',
        order: 'desc',
        columns: ['fullName', 'primaryEmail', 'primaryPhone', 'tags', 'lastActivityAt', 'value', 'createdAt'],
      },
    });

    await userEvent.type(within(dialog).getByRole('textbox', { name: 'View name' }), ' 2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ hasOpenTask: true, view: 'v2' }));
  });

  it('deletes a view after confirming, leaving the list as it is', async () => {
    const api = serve({
      views: [view],
      onWrite: (req) =>
        req.method === 'DELETE' && req.path === '/saved-views/v1'
          ? new Response(null, { status: 204 })
          : notFound(),
    });
    const { router } = open('/customers?channel=spa&view=v1');
    await userEvent.click(await screen.findByRole('button', { name: /^Saved views, showing/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Delete “Lapsed spa guests”…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete view' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete view' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ channel: 'spa' }));
    expect(api.seen.some((r) => r.method === 'DELETE' && r.path === '/saved-views/v1')).toBe(true);
  });
});
