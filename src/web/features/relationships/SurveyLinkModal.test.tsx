// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { SurveyLink } from '../../../shared/contracts/relationships.js';
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
} from '../../test-utils.js';
import { CustomerRelationshipCard } from './CustomerRelationshipCard.js';
import { panel, SURVEY_TOKEN, surveyLink, wire } from './test-fixtures.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const PANEL_PATH = `/customers/${TEST_CUSTOMER_ID}/relationship`;
const LINKS_PATH = `${PANEL_PATH}/survey-links`;

/** The 360's relationship card, where staff ask for a link; `onCreate` answers the link's POST. */
function openCard(onCreate: (req: SeenRequest) => Response, role: Role = 'agent') {
  const seen = stubApi((req) => {
    if (req.method === 'GET' && req.path === PANEL_PATH) return jsonResponse(200, wire(panel()));
    if (req.method === 'POST' && req.path === LINKS_PATH) return onCreate(req);
    return notFound();
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

const created = (link: SurveyLink) => () => jsonResponse(201, wire(link));
const posts = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'POST');

async function openModal() {
  await userEvent.click(await screen.findByRole('button', { name: 'Survey link' }));
  return screen.findByRole('dialog', { name: 'Survey link for the customer' });
}

/** The error message Mantine shows under an input (its aria-describedby). */
function errorOf(input: HTMLElement): string | undefined {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.className.includes('error'))
    ?.textContent?.trim();
}

describe('survey link modal', () => {
  it('creates a link for 30 days by default and shows it once, to copy, with its expiry and what the rules say', async () => {
    const seen = openCard(created(surveyLink()));
    const dialog = await openModal();
    const days = within(dialog).getByRole('textbox', { name: /^Expires in \(days\)/ });
    expect((days as HTMLInputElement).value).toBe('30');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    expect(posts(seen)[0]?.path).toBe(LINKS_PATH);
    expect(posts(seen)[0]?.body).toEqual({ expiresInDays: 30 });

    const url = await within(dialog).findByRole('textbox', { name: 'Survey link' });
    expect((url as HTMLInputElement).value).toBe(`http://rapport.test/survey/${SURVEY_TOKEN}`);
    expect(url.hasAttribute('readonly')).toBe(true);
    expect(dialog.textContent).toContain('Shown once — copy it now.');
    expect(dialog.querySelector('time')?.textContent).toBe('1 May 2026, 13:00');
    expect(within(dialog).getByText('Their rules allow asking for feedback')).toBeTruthy();
    expect(within(dialog).queryByRole('list', { name: 'What their rules say' })).toBeNull();

    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(`http://rapport.test/survey/${SURVEY_TOKEN}`);
    expect(await within(dialog).findByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('sends the days asked for, and lists why the rules advise against sending it now', async () => {
    const seen = openCard(
      created(
        surveyLink({
          policy: {
            verdict: 'block',
            reasons: [
              { code: 'open_complaint', verdict: 'block', message: 'An open complaint: put it right first.' },
              {
                code: 'frequency_exceeded',
                verdict: 'warn',
                message: 'This would be the 4th contact in 30 days.',
              },
            ],
          },
        }),
      ),
    );
    const dialog = await openModal();
    const days = within(dialog).getByRole('textbox', { name: /^Expires in \(days\)/ });
    await userEvent.clear(days);
    await fill(days, '7');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    expect(posts(seen)[0]?.body).toEqual({ expiresInDays: 7 });

    expect(await within(dialog).findByText('Their rules advise against sending it now')).toBeTruthy();
    const reasons = within(dialog).getByRole('list', { name: 'What their rules say' });
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['An open complaint: put it right first.', 'This would be the 4th contact in 30 days.']);
    expect(within(dialog).queryByText('Their rules allow asking for feedback')).toBeNull();
  });

  it('lists the warnings of a warn verdict', async () => {
    openCard(
      created(
        surveyLink({
          policy: {
            verdict: 'warn',
            reasons: [
              {
                code: 'channel_not_preferred',
                verdict: 'warn',
                message: 'They prefer to hear from us by SMS.',
              },
            ],
          },
        }),
      ),
    );
    const dialog = await openModal();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const reasons = await within(dialog).findByRole('list', { name: 'What their rules say' });
    expect(reasons.textContent).toBe('They prefer to hear from us by SMS.');
    expect(within(dialog).queryByText('Their rules advise against sending it now')).toBeNull();
    expect(within(dialog).queryByText('Their rules allow asking for feedback')).toBeNull();
  });

  it('says what is wrong with the days, in the browser and from the server', async () => {
    const seen = openCard(() =>
      validationProblem([{ path: 'body.expiresInDays', message: 'at least a day' }]),
    );
    const dialog = await openModal();
    const days = within(dialog).getByRole('textbox', { name: /^Expires in \(days\)/ });
    await userEvent.clear(days);
    await fill(days, '120');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    expect(errorOf(days)).toBe('at most 90 days');
    expect(posts(seen)).toHaveLength(0);

    await userEvent.clear(days);
    await fill(days, '5');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await waitFor(() => expect(errorOf(days)).toBe('at least a day'));
    expect(posts(seen)).toHaveLength(1);
    expect(notifications.show).not.toHaveBeenCalled();
    expect(within(dialog).queryByRole('textbox', { name: 'Survey link' })).toBeNull();
  });

  it('starts afresh when opened again: the link shown once is gone', async () => {
    openCard(created(surveyLink()));
    let dialog = await openModal();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    await within(dialog).findByRole('textbox', { name: 'Survey link' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    dialog = await openModal();
    expect(within(dialog).queryByRole('textbox', { name: 'Survey link' })).toBeNull();
    expect(
      (within(dialog).getByRole('textbox', { name: /^Expires in \(days\)/ }) as HTMLInputElement).value,
    ).toBe('30');
    expect(within(dialog).getByRole('button', { name: 'Create link' })).toBeTruthy();
  });

  it('is not offered to a role that may not write', async () => {
    openCard(created(surveyLink()), 'analyst');
    const rel = await screen.findByRole('region', { name: 'Customer relationship' });
    await within(rel).findByText('Marriage of convenience');
    expect(within(rel).queryByRole('button', { name: 'Survey link' })).toBeNull();
    expect(within(rel).queryByRole('button', { name: 'Record survey answer' })).toBeNull();
  });
});
