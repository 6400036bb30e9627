// @vitest-environment happy-dom

import { createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Role } from '../../../shared/contracts/common.js';
import type { ImportRun } from '../../../shared/contracts/imports.js';
import { setCsrfToken } from '../../lib/api.js';
import { jsonResponse, notFound, renderAt, sessionFor, stubApi, TEST_USER_ID } from '../../test-utils.js';
import { ImportPage } from './ImportPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setCsrfToken(null);
});

const RUN_ID = '01938e77-0000-7000-8000-0000000000f1';

function runOf(over: Partial<ImportRun> = {}): ImportRun {
  return {
    id: RUN_ID,
    kind: 'customers',
    fileName: 'guests.csv',
    status: 'running',
    bytesTotal: 120,
    bytesRead: 0,
    rowsRead: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejectedCount: 0,
    rejected: [],
    error: null,
    createdBy: { type: 'user', id: TEST_USER_ID, name: 'Test admin' },
    createdAt: new Date('2026-03-01T10:00:00Z'),
    finishedAt: null,
    ...over,
  };
}

/** The page under its real URL shape (`/import?run=…`, below the pathless `app` route). */
function renderImport(role: Role, path = '/import') {
  return renderAt(
    path,
    (root) => {
      const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
      const page = createRoute({
        getParentRoute: () => app,
        path: '/import',
        validateSearch: z.object({ run: z.string().max(100).optional().catch(undefined) }),
        component: ImportPage,
      });
      const customers = createRoute({ getParentRoute: () => app, path: '/customers', component: () => null });
      return [app.addChildren([page, customers])];
    },
    sessionFor(role),
  );
}

const GUESTS = [
  'email,first_name,notes',
  'ann@example.com,Ann,"likes ""quiet"" rooms"',
  'not-an-email,Bob,<script>alert(1)</script>',
  '"cara@example.com",Cara,"two',
  'lines"',
  '',
].join('\r\n');

function fileInput(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>('input[type=file]');
  if (!input) throw new Error('no file input');
  return input;
}

describe('ImportPage', () => {
  it('previews the file, runs the import and reports the rejected line', async () => {
    let polls = 0;
    const seen = stubApi((req) => {
      if (req.method === 'GET' && req.path === '/imports')
        return jsonResponse(200, { items: [], nextCursor: null });
      if (req.method === 'POST' && req.path === '/imports/customers') return jsonResponse(202, runOf());
      if (req.method === 'GET' && req.path === `/imports/${RUN_ID}`) {
        polls++;
        if (polls === 1) return jsonResponse(200, runOf({ bytesRead: 60, rowsRead: 1, inserted: 1 }));
        return jsonResponse(
          200,
          runOf({
            status: 'completed',
            bytesRead: 120,
            rowsRead: 3,
            inserted: 2,
            rejectedCount: 1,
            rejected: [
              {
                line: 3,
                column: 'email',
                code: 'INVALID_EMAIL',
                message: "'not-an-email' is not a valid e-mail address",
              },
            ],
            finishedAt: new Date('2026-03-01T10:00:05Z'),
          }),
        );
      }
      return notFound();
    });
    const user = userEvent.setup({ delay: null });
    const { container, router } = renderImport('marketer');
    // What logging in sets; a write must carry it.
    setCsrfToken('test-csrf');

    await screen.findByText('Choose a CSV file or drop it here', {}, { timeout: 3000 });
    const file = new File([GUESTS], 'guests.csv', { type: 'text/csv' });
    await user.upload(fileInput(container), file);

    // The preview: the header and the rows by their line in the file, cells as plain text.
    const preview = await screen.findByRole('table', { name: 'File preview' });
    const rows = within(preview).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(
      within(rows[1] as HTMLElement)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2', 'ann@example.com', 'Ann', 'likes "quiet" rooms']);
    expect(within(rows[2] as HTMLElement).getByText('<script>alert(1)</script>')).toBeTruthy();
    expect(preview.querySelector('script')).toBeNull();
    expect(within(rows[3] as HTMLElement).getAllByRole('cell')[0]?.textContent).toBe('4');

    // The automatic mapping, as the shared alias table has it.
    const mapping = screen.getByRole('table', { name: 'Column mapping' });
    expect(within(mapping).getByRole('combobox', { name: 'Import column “email” as' })).toHaveProperty(
      'value',
      'Automatic: E-mail',
    );
    const notes = within(mapping).getByRole('combobox', { name: 'Import column “notes” as' });
    expect(notes).toHaveProperty('value', 'Automatic: custom attribute');
    await user.click(notes);
    await user.click(await screen.findByRole('option', { name: 'Don’t import this column' }));
    expect(notes).toHaveProperty('value', 'Don’t import this column');

    await user.click(screen.getByRole('button', { name: 'Start import' }));

    // Progress, then the report with the rejected line.
    const report = await screen.findByRole('table', { name: 'Rejected rows' }, { timeout: 4000 });
    const line = within(report).getAllByRole('row')[1] as HTMLElement;
    expect(
      within(line)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', 'email', 'INVALID_EMAIL', "'not-an-email' is not a valid e-mail address"]);
    expect(screen.getByText('INVALID_EMAIL × 1')).toBeTruthy();
    expect(screen.getByText('Columns not imported:').parentElement?.textContent).toContain('notes');
    // The download is built in the browser from the report.
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:rejected';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await user.click(screen.getByRole('button', { name: 'Download rejected rows (CSV)' }));
    // A BOM for spreadsheet apps, then the CSV.
    const bytes = new Uint8Array((await saved[0]?.arrayBuffer()) ?? new ArrayBuffer(0));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      "line,column,code,message\r\n3,email,INVALID_EMAIL,'not-an-email' is not a valid e-mail address\r\n",
    );
    expect(router.state.location.search).toEqual({ run: RUN_ID });
    expect(polls).toBeGreaterThanOrEqual(2);

    // The upload: the file itself as text/csv with the CSRF token; only the override as mapping.
    const upload = seen.find((r) => r.method === 'POST');
    expect(upload?.body).toBe(file);
    expect(upload?.headers['content-type']).toBe('text/csv');
    expect(upload?.headers['x-csrf-token']).toBe('test-csrf');
    expect(upload?.query.get('fileName')).toBe('guests.csv');
    expect(JSON.parse(upload?.query.get('mapping') ?? 'null')).toEqual({ notes: null });
    expect(upload?.query.get('dateOrder')).toBe('dmy');
    // Customers have no date-times or amounts, so neither option is sent.
    expect(upload?.query.has('timeZone')).toBe(false);
    expect(upload?.query.has('defaultCurrency')).toBe(false);

    // "Import another file" starts over.
    await user.click(screen.getByRole('button', { name: 'Import another file' }));
    await screen.findByText('Choose a CSV file or drop it here', {}, { timeout: 3000 });
    await waitFor(() => expect(router.state.location.search).toEqual({}));
  });

  it('sends no mapping when every column stays automatic, and the workspace’s options for orders', async () => {
    const seen = stubApi((req) => {
      if (req.path === '/imports' && req.method === 'GET')
        return jsonResponse(200, { items: [], nextCursor: null });
      if (req.method === 'POST') return jsonResponse(202, runOf({ kind: 'orders' }));
      return jsonResponse(200, runOf({ kind: 'orders', status: 'completed' }));
    });
    const user = userEvent.setup({ delay: null });
    const { container } = renderImport('admin');
    await user.click(await screen.findByRole('radio', { name: /Orders/ }, { timeout: 3000 }));
    const csv =
      'order_id,customer_email,occurred_at,unit_price\nA-1,ann@example.com,2026-03-14 19:30,85.00\n';
    await user.upload(fileInput(container), new File([csv], 'orders.csv', { type: 'text/csv' }));
    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    const upload = seen.find((r) => r.method === 'POST');
    expect(upload?.path).toBe('/imports/orders');
    expect(upload?.query.has('mapping')).toBe(false);
    expect(upload?.query.get('timeZone')).toBe('Europe/London');
    expect(upload?.query.get('defaultCurrency')).toBe('EUR');
  });

  it('offers visits: a booking export maps by its own headers and uploads as a visits import', async () => {
    const seen = stubApi((req) => {
      if (req.path === '/imports' && req.method === 'GET')
        return jsonResponse(200, { items: [], nextCursor: null });
      if (req.method === 'POST') return jsonResponse(202, runOf({ kind: 'visits' }));
      return jsonResponse(200, runOf({ kind: 'visits', status: 'completed' }));
    });
    const user = userEvent.setup({ delay: null });
    const { container } = renderImport('admin');
    await user.click(await screen.findByRole('radio', { name: /Visits/ }, { timeout: 3000 }));
    const csv =
      'Confirmation Number,Guest Email,Arrival,Hotel,Type,Room Type\nR1,ann@example.com,2026-05-04 15:00,Covent Garden,booking,Deluxe\n';
    await user.upload(fileInput(container), new File([csv], 'arrivals.csv', { type: 'text/csv' }));
    expect((await screen.findAllByText('Start / arrival')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('property').length).toBeGreaterThan(0);
    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    const upload = seen.find((r) => r.method === 'POST');
    expect(upload?.path).toBe('/imports/visits');
    expect(upload?.query.has('mapping')).toBe(false);
    expect(upload?.query.get('timeZone')).toBe('Europe/London');
  });

  it('warns before the upload when the file has no customer key, and does not start', async () => {
    stubApi(() => jsonResponse(200, { items: [], nextCursor: null }));
    const user = userEvent.setup({ delay: null });
    const { container } = renderImport('manager');
    await screen.findByText('Choose a CSV file or drop it here', {}, { timeout: 3000 });
    await user.upload(
      fileInput(container),
      new File(['first_name,last_name\nAnn,Lee\n'], 'names.csv', { type: 'text/csv' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No column for External id or E-mail or Phone');
    expect(screen.getByRole('button', { name: 'Start import' })).toHaveProperty('disabled', true);
  });

  it('refuses a dropped file that is not a CSV, and an empty one, saying why', async () => {
    stubApi(() => jsonResponse(200, { items: [], nextCursor: null }));
    renderImport('admin');
    const text = await screen.findByText('Choose a CSV file or drop it here', {}, { timeout: 3000 });
    const zone = text.closest('label') as HTMLElement;
    fireEvent.drop(zone, { dataTransfer: { files: [new File(['x'], 'photo.png', { type: 'image/png' })] } });
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        '“photo.png” is not a CSV file. Choose a file ending in .csv.',
      ),
    );
    // The input names its problem to screen readers.
    const input = document.getElementById(zone.getAttribute('for') ?? '');
    expect(input?.getAttribute('aria-describedby')).toBe(screen.getByRole('alert').id);
    fireEvent.drop(zone, { dataTransfer: { files: [new File([], 'empty.csv', { type: 'text/csv' })] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/“empty.csv” is empty/));
    expect(screen.queryByRole('table', { name: 'File preview' })).toBeNull();
  });

  it('opens a run from the URL and shows why it failed', async () => {
    stubApi((req) => {
      if (req.path === '/imports')
        return jsonResponse(200, { items: [runOf({ status: 'failed' })], nextCursor: null });
      return jsonResponse(
        200,
        runOf({
          status: 'failed',
          error: 'The header cannot be mapped: the file has no column for external_id or email or phone',
          finishedAt: new Date('2026-03-01T10:00:01Z'),
        }),
      );
    });
    renderImport('admin', `/import?run=${RUN_ID}`);
    const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
    expect(alert.textContent).toContain('The import failed');
    expect(alert.textContent).toContain('the file has no column for external_id or email or phone');
    expect(alert.textContent).toContain('Nothing was imported');
    // The recent list marks the run and links to its report.
    const recent = await screen.findByRole('table', { name: 'Recent imports' });
    const link = await within(recent).findByRole('link', { name: 'Open the report of guests.csv' });
    expect(link.getAttribute('href')).toBe(`/import?run=${RUN_ID}`);
  });

  it('explains to an analyst that importing is not part of the role, without asking the server', async () => {
    const seen = stubApi(() => jsonResponse(200, { items: [], nextCursor: null }));
    const { container } = renderImport('analyst');
    expect(await screen.findByText('Importing is not part of your role', {}, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByText(/Only admins, managers and marketers can import files/)).toBeTruthy();
    expect(container.querySelector('input[type=file]')).toBeNull();
    expect(seen).toEqual([]);
  });
});
