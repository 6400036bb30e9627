// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicCaseForm } from '../../../shared/contracts/cases.js';
import {
  fill,
  jsonResponse,
  problemResponse,
  renderWithProviders,
  type SeenRequest,
  stubApi,
  testQueryClient,
  validationProblem,
} from '../../test-utils.js';
import { PublicCaseFormPage } from './PublicCaseFormPage.js';
import { FORM_TOKEN, publicCaseForm, SLUG, wire } from './test-fixtures.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const FORM_PATH = `/public/workspaces/${SLUG}/case-form`;
const CASES_PATH = `/public/workspaces/${SLUG}/cases`;

const receipt = (reference = 'C-000123') => jsonResponse(201, { reference });

/**
 * The page as a customer opens it, at /contact/:slug with nobody logged in (no session in the
 * cache). `form` answers each GET of the form, `onPost` each submission.
 */
function openForm(
  form: () => PublicCaseForm | Response = () => publicCaseForm(),
  onPost: (req: SeenRequest) => Response = () => receipt(),
) {
  const seen = stubApi((req) => {
    if (req.method === 'GET' && req.path === FORM_PATH) {
      const f = form();
      return f instanceof Response ? f : jsonResponse(200, wire(f));
    }
    if (req.method === 'POST' && req.path === CASES_PATH) return onPost(req);
    return problemResponse(404, 'NOT_FOUND', 'Not found');
  });
  renderFormPage();
  return seen;
}

function renderFormPage() {
  const root = createRootRoute({ component: Outlet });
  const router = createRouter({
    routeTree: root.addChildren([
      createRoute({ getParentRoute: () => root, path: '/contact/$slug', component: PublicCaseFormPage }),
    ]),
    history: createMemoryHistory({ initialEntries: [`/contact/${SLUG}`] }),
  });
  renderWithProviders(<RouterProvider router={router} />, { queryClient: testQueryClient() });
}

const form = () => screen.findByRole('form', { name: 'Contact form' });
const posts = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'POST');
const gets = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'GET');
const input = (name: RegExp | string) => screen.getByRole('textbox', { name });
const sendButton = () => screen.getByRole('button', { name: /^Send/ });

/** The error message Mantine shows under an input or group (its aria-describedby). */
function errorOf(el: HTMLElement): string | undefined {
  const ids = el.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((e) => e?.className.includes('error'))
    ?.textContent?.trim();
}

/** Fills in a complaint with an e-mail: the least a customer must give. */
async function fillComplaint(body = 'The lift was broken for three days.') {
  await userEvent.click(screen.getByRole('radio', { name: /^Something went wrong/ }));
  await fill(input(/^Your message/), body);
  await fill(input('E-mail'), 'ines@example.com');
}

describe('public case form page', () => {
  it('shows the business, the four kinds of message, the fields and a hidden honeypot, with no staff shell', async () => {
    openForm(() => publicCaseForm({ business: '<b>Harbour</b> & Vine' }));
    await form();
    // The server's words are text, never HTML.
    expect(screen.getByText('<b>Harbour</b> & Vine')).toBeTruthy();
    expect(document.querySelector('main b')).toBeNull();
    expect(document.title).toBe('Contact <b>Harbour</b> & Vine');

    const kinds = screen.getByRole('radiogroup', { name: /^What is it about\?/ });
    expect(
      within(kinds)
        .getAllByRole('radio')
        .map((r) => r.textContent),
    ).toEqual([
      'Something went wrongA complaint we should put right',
      'An ideaA suggestion to make things better',
      'A questionSomething you would like to know',
      'PraiseSomething we did well',
    ]);
    expect(
      within(kinds)
        .getAllByRole('radio')
        .every((r) => r.getAttribute('aria-checked') === 'false'),
    ).toBe(true);
    expect(input('Subject')).toBeTruthy();
    expect(input('Your name')).toBeTruthy();
    expect(input('E-mail')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Phone' }).getAttribute('type')).toBe('tel');
    expect(screen.getByText('Give an e-mail or a phone so we can answer you.')).toBeTruthy();

    // The honeypot: out of the accessibility tree and the tab order, never autofilled.
    expect(screen.queryByRole('textbox', { name: /Website/ })).toBeNull();
    const honeypot = document.querySelector<HTMLInputElement>('input[name="website"]')!;
    expect(honeypot.tabIndex).toBe(-1);
    expect(honeypot.getAttribute('autocomplete')).toBe('off');
    expect(honeypot.closest('[aria-hidden="true"]')).not.toBeNull();
    expect(honeypot.value).toBe('');

    expect(screen.queryByRole('navigation')).toBeNull();
    expect(sendButton().textContent).toBe('Send my message');
  });

  it('counts the message’s characters against the limit as the customer types', async () => {
    openForm(() => publicCaseForm({ limits: { subject: 200, body: 12, name: 200, email: 254, phone: 40 } }));
    await form();
    const message = input(/^Your message/);
    expect(screen.getByText('0 / 12 characters')).toBeTruthy();
    await fill(message, 'Cold sauna');
    expect(screen.getByText('10 / 12 characters')).toBeTruthy();
    await fill(message, ' again!');
    expect(screen.getByText('17 / 12 characters')).toBeTruthy();
    await userEvent.click(screen.getByRole('radio', { name: /^A question/ }));
    await fill(input('Phone'), '+44 7700 900123');
    await userEvent.click(sendButton());
    expect(errorOf(message)).toBe('must be at most 12 characters');
  });

  it('checks locally first: what it is about, the message, and an e-mail or a phone', async () => {
    const seen = openForm();
    await form();
    await userEvent.click(sendButton());
    expect(errorOf(screen.getByRole('radiogroup', { name: /^What is it about\?/ }))).toBe(
      'choose what it is about',
    );
    expect(errorOf(input(/^Your message/))).toBe('is required');
    expect(errorOf(input('E-mail'))).toBe('give an e-mail or a phone so we can answer you');
    expect(posts(seen)).toHaveLength(0);
    // A phone answers it as well as an e-mail.
    await fill(input('Phone'), '07700 900123');
    expect(errorOf(input('E-mail'))).toBeUndefined();
  });

  it('sends exactly the form, with the empty honeypot and an idempotency key, anonymously, and thanks with the reference', async () => {
    const seen = openForm();
    await form();
    await userEvent.click(screen.getByRole('radio', { name: /^Something went wrong/ }));
    await fill(input('Subject'), '  Breakfast  ');
    // Plain text, kept exactly as typed, HTML and white space and all.
    const body = '  The eggs were cold.\n<script>alert(1)</script>\n';
    await fill(input(/^Your message/), body);
    await fill(input('Your name'), 'Ines Duarte');
    await fill(input('E-mail'), 'ines@example.com');
    await userEvent.click(sendButton());

    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    const post = posts(seen)[0]!;
    expect(post.path).toBe(CASES_PATH);
    expect(post.body).toEqual({
      formToken: FORM_TOKEN,
      type: 'complaint',
      subject: 'Breakfast',
      body,
      name: 'Ines Duarte',
      email: 'ines@example.com',
      website: '',
      idempotencyKey: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(post.headers).not.toHaveProperty('x-csrf-token');

    const thanks = await screen.findByRole('heading', { level: 1 });
    expect(thanks.textContent).toBe('Thank you — your reference is C-000123');
    const status = thanks.closest('[role="status"]')!;
    expect(status.textContent).toContain('Your message has reached Harbour & Vine Hotels.');
    expect(status.textContent).toContain('answers you by the e-mail or phone you gave');
    expect(status.textContent).toContain('Mention C-000123 whenever you get in touch');
    expect(screen.queryByRole('form')).toBeNull();
    expect(document.querySelector('script')).toBeNull();

    // Another message is another fill: a new key, a blank form.
    await userEvent.click(screen.getByRole('button', { name: 'Send another message' }));
    await form();
    expect((input(/^Your message/) as HTMLTextAreaElement).value).toBe('');
    await fillComplaint();
    await userEvent.click(sendButton());
    await waitFor(() => expect(posts(seen)).toHaveLength(2));
    const [first, second] = posts(seen).map((p) => (p.body as { idempotencyKey: string }).idempotencyKey);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect(gets(seen)).toHaveLength(1);
  });

  it('puts the server’s field errors under their inputs', async () => {
    const seen = openForm(undefined, () =>
      validationProblem([
        { path: 'body.phone', message: 'is not a phone number' },
        { path: 'body.email', message: 'is not a valid e-mail address' },
      ]),
    );
    await form();
    await fillComplaint();
    await fill(input('Phone'), 'call me maybe');
    await userEvent.click(sendButton());
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    await waitFor(() => expect(errorOf(input('Phone'))).toBe('is not a phone number'));
    expect(errorOf(input('E-mail'))).toBe('is not a valid e-mail address');
    expect(errorOf(input(/^Your message/))).toBeUndefined();
    expect(notifications.show).not.toHaveBeenCalled();
    expect(screen.queryByText(/your reference is/)).toBeNull();
    // The first field in error takes the focus.
    expect(document.activeElement).toBe(input('E-mail'));
  });

  it('says when the business does not exist (404), without a form or a retry', async () => {
    openForm(() => problemResponse(404, 'WORKSPACE_NOT_FOUND', 'No such workspace'));
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(
      'We could not find this business',
    );
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('offers a retry when opening the form is rate limited (429), and shows the form when it works again', async () => {
    let limited = true;
    openForm(() => (limited ? problemResponse(429, 'RATE_LIMITED', 'Too many requests') : publicCaseForm()));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The form could not be loaded');
    expect(alert.textContent).toContain('Too many tries in a short time');
    expect(screen.queryByRole('form')).toBeNull();
    limited = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await form()).toBeTruthy();
  });

  it('offers a retry when the network fails', async () => {
    let down = true;
    stubApi(() => {
      if (down) throw new TypeError('Failed to fetch');
      return jsonResponse(200, wire(publicCaseForm()));
    });
    renderFormPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('We could not be reached');
    down = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await form()).toBeTruthy();
  });

  it('keeps the message when sending is rate limited, and sends it again with the same idempotency key', async () => {
    let limited = true;
    const seen = openForm(undefined, () =>
      limited ? problemResponse(429, 'RATE_LIMITED', 'Too many requests') : receipt('C-000777'),
    );
    await form();
    await fillComplaint();
    await userEvent.click(sendButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your message was not sent');
    expect(alert.textContent).toContain('Too many tries in a short time');
    expect((input(/^Your message/) as HTMLTextAreaElement).value).toBe('The lift was broken for three days.');
    limited = false;
    await userEvent.click(screen.getByRole('button', { name: 'Send again' }));
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(
      'Thank you — your reference is C-000777',
    );
    const [first, second] = posts(seen).map((p) => p.body);
    expect(second).toEqual(first);
    expect((first as { idempotencyKey: string }).idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it('explains a send quicker than a person, fetches a fresh token, and lets them send again after the wait', async () => {
    let tokens = 0;
    let refusals = 1;
    const seen = openForm(
      () => publicCaseForm({ formToken: `cf1_token-${++tokens}` }),
      () =>
        refusals-- > 0
          ? validationProblem([
              {
                path: 'body.formToken',
                message:
                  'came back sooner than a person fills in the form; wait a few seconds and send it again',
              },
            ])
          : receipt('C-000124'),
    );
    await form();
    await fillComplaint();
    await userEvent.click(sendButton());

    const wait = await screen.findByText('Please wait a moment');
    expect(wait.closest('[role="status"]')?.textContent).toContain(
      'We check that a person, not a program, sends this form.',
    );
    await waitFor(() => expect(gets(seen)).toHaveLength(2));
    // Held back for the wait, then offered again.
    expect((sendButton() as HTMLButtonElement).disabled).toBe(true);
    expect(sendButton().textContent).toMatch(/^Send again in \d s$/);
    await waitFor(() => expect((sendButton() as HTMLButtonElement).disabled).toBe(false), { timeout: 4000 });
    expect(sendButton().textContent).toBe('Send again');
    expect(wait.closest('[role="status"]')?.textContent).toContain('You can send it again now.');
    expect(notifications.show).not.toHaveBeenCalled();
    // What they wrote is still there.
    expect((input(/^Your message/) as HTMLTextAreaElement).value).toBe('The lift was broken for three days.');

    await userEvent.click(sendButton());
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(
      'Thank you — your reference is C-000124',
    );
    const [first, second] = posts(seen).map((p) => p.body as { formToken: string; idempotencyKey: string });
    expect(first!.formToken).toBe('cf1_token-1');
    expect(second!.formToken).toBe('cf1_token-2');
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
  });

  it('refreshes an expired token, refused by the server or found out of date before sending', async () => {
    let tokens = 0;
    let refusals = 1;
    const seen = openForm(
      () =>
        publicCaseForm({
          formToken: `cf1_token-${++tokens}`,
          // The first token ran out while the page was open.
          tokenExpiresAt: new Date(Date.now() + (tokens === 1 ? -1000 : 12 * 3600_000)),
        }),
      () =>
        refusals-- > 0
          ? validationProblem([
              { path: 'body.formToken', message: 'has expired; reload the form and send it again' },
            ])
          : receipt('C-000125'),
    );
    await form();
    await fillComplaint();
    // Out of date by the browser's clock: refreshed without sending.
    await userEvent.click(sendButton());
    expect(await screen.findByText('This form was open for a long time')).toBeTruthy();
    await waitFor(() => expect(gets(seen)).toHaveLength(2));
    expect(posts(seen)).toHaveLength(0);
    await waitFor(() => expect((sendButton() as HTMLButtonElement).disabled).toBe(false), { timeout: 4000 });

    // The server finds it expired all the same: refreshed again, then sent.
    await userEvent.click(sendButton());
    await waitFor(() => expect(gets(seen)).toHaveLength(3));
    expect(screen.getByText('This form was open for a long time')).toBeTruthy();
    await waitFor(() => expect((sendButton() as HTMLButtonElement).disabled).toBe(false), { timeout: 4000 });
    await userEvent.click(sendButton());
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(
      'Thank you — your reference is C-000125',
    );
    expect(posts(seen).map((p) => (p.body as { formToken: string }).formToken)).toEqual([
      'cf1_token-2',
      'cf1_token-3',
    ]);
  });
});
