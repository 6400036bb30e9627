// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SocialImportReport } from '../../../../shared/contracts/case-social.js';
import {
  fill,
  jsonResponse,
  notFound,
  pages,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  validationProblem,
} from '../../../test-utils.js';
import { SocialImportPage } from './SocialImportPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const CASE_ID = '01938e77-0000-7000-8000-0000000ca777';

const report: SocialImportReport = {
  format: 'csv',
  created: 1,
  duplicates: 1,
  skipped: 1,
  failed: 1,
  rows: [
    {
      line: 2,
      status: 'created',
      caseId: CASE_ID,
      reference: 'C-000777',
      customerId: '01938e77-0000-7000-8000-0000000000c1',
      customerCreated: true,
      sentiment: { label: 'negative', score: -0.72 },
    },
    {
      line: 3,
      status: 'duplicate',
      caseId: CASE_ID,
      reference: 'C-000777',
      sentiment: { label: 'negative', score: -0.5 },
    },
    { line: 5, status: 'skipped', sentiment: { label: 'positive', score: 0.6 } },
    {
      line: 6,
      status: 'failed',
      problems: [{ path: 'posted_at', message: 'must be an ISO 8601 date-time' }],
    },
  ],
};

function openPage(answer: (req: SeenRequest) => Response) {
  const seen = stubApi((req) =>
    req.method === 'POST' && req.path === '/cases/social-mentions/import' ? answer(req) : notFound(),
  );
  renderAt(
    '/cases/social-import',
    pages(['/cases/social-import', () => <SocialImportPage />]),
    sessionFor('agent'),
  );
  return seen;
}

const CSV = 'network,handle,text,url,posted_at\nx,@sam,Awful,https://x.com/1,2026-03-01T09:00:00Z\n';

describe('Social mentions import', () => {
  it('uploads a CSV file and shows every row by line, with links to the cases', async () => {
    const seen = openPage(() => jsonResponse(200, report));
    await screen.findByRole('heading', { name: 'Import social mentions' });
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await userEvent.upload(input, new File([CSV], 'mentions.csv', { type: 'text/csv' }));
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));

    const region = await screen.findByRole('region', { name: 'Import report' });
    expect(within(region).getByRole('status').textContent).toBe(
      '1 new case, 1 already imported, 1 skipped, 1 failed',
    );
    expect(seen[0]?.headers['content-type']).toBe('text/csv');
    expect(await (seen[0]!.body as Blob).text()).toBe(CSV);
    const rows = within(region).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '2New casenew provisional customerC-000777negative (-0.72)—',
      '3Already importedC-000777negative (-0.50)—',
      '5Skipped (not negative)—positive (0.60)—',
      '6Failed——posted_at must be an ISO 8601 date-time',
    ]);
    expect(within(rows[0]!).getByRole('link', { name: 'C-000777' }).getAttribute('href')).toBe(
      `/cases/${CASE_ID}`,
    );
    expect(within(region).getByRole('columnheader', { name: 'Line' })).toBeTruthy();
  });

  it('sends pasted JSON as JSON and names mentions by position', async () => {
    const seen = openPage(() =>
      jsonResponse(200, {
        format: 'json',
        created: 0,
        duplicates: 0,
        skipped: 0,
        failed: 1,
        rows: [
          {
            line: 0,
            status: 'failed',
            problems: [{ path: 'body.mentions.0.url', message: 'must be an http(s) address' }],
          },
        ],
      }),
    );
    await userEvent.click(await screen.findByRole('radio', { name: 'Paste' }));
    const json =
      '{"mentions":[{"network":"x","handle":"a","text":"bad","url":"ftp://x","postedAt":"2026-03-01T09:00:00Z"}]}';
    await fill(screen.getByRole('textbox', { name: 'Feed' }), json);
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    const region = await screen.findByRole('region', { name: 'Import report' });
    expect(seen[0]?.body).toEqual(JSON.parse(json));
    expect(within(region).getByRole('columnheader', { name: 'Mention' })).toBeTruthy();
    expect(within(region).getAllByRole('row')[1]?.textContent).toContain('url must be an http(s) address');
  });

  it('says what is wrong with the feed itself, sending nothing invalid', async () => {
    const seen = openPage(() =>
      validationProblem([
        { path: 'body', message: 'the header needs the columns network, handle, text, url, posted_at' },
      ]),
    );
    await userEvent.click(await screen.findByRole('radio', { name: 'Paste' }));
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Paste a feed or choose a file first.');
    await fill(screen.getByRole('textbox', { name: 'Feed' }), '{"mentions": [');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('This is not valid JSON'));
    expect(seen).toHaveLength(0);

    await userEvent.clear(screen.getByRole('textbox', { name: 'Feed' }));
    await fill(screen.getByRole('textbox', { name: 'Feed' }), 'network,handle\nx,a\n');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('the header needs the columns'),
    );
    expect(screen.queryByRole('region', { name: 'Import report' })).toBeNull();
  });
});
