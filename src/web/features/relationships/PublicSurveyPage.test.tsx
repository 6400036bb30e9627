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
import type { PublicSurvey, PublicSurveyAnswer } from '../../../shared/contracts/relationships.js';
import {
  jsonResponse,
  problemResponse,
  renderWithProviders,
  type SeenRequest,
  stubApi,
  testQueryClient,
  validationProblem,
} from '../../test-utils.js';
import { PublicSurveyPage } from './PublicSurveyPage.js';
import { publicSurvey, SURVEY_TOKEN, wire } from './test-fixtures.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const SURVEY_PATH = `/public/surveys/${SURVEY_TOKEN}`;

/** The server's answer to a POST: the survey with the answer sent. */
function answered(req: SeenRequest): Response {
  const body = req.body as PublicSurveyAnswer;
  return jsonResponse(
    200,
    wire(
      publicSurvey({
        answer: {
          sentence: body.sentence,
          brq: body.brq ?? {},
          attachment: body.attachment ?? {},
          answeredAt: new Date('2026-04-10T09:00:00Z'),
        },
      }),
    ),
  );
}

/**
 * The page as a customer opens it: at /survey/:token, with nobody logged in (no session in the
 * cache; a staff screen would throw for want of one). `onPost` answers the answer's POST.
 */
function openSurvey(
  answer: () => PublicSurvey | Response,
  onPost: (req: SeenRequest) => Response = answered,
) {
  const seen = stubApi((req) => {
    if (req.path !== SURVEY_PATH) return problemResponse(404, 'NOT_FOUND', 'Not found');
    if (req.method === 'POST') return onPost(req);
    const a = answer();
    return a instanceof Response ? a : jsonResponse(200, wire(a));
  });
  renderSurveyPage();
  return seen;
}

function renderSurveyPage() {
  const root = createRootRoute({ component: Outlet });
  const router = createRouter({
    routeTree: root.addChildren([
      createRoute({ getParentRoute: () => root, path: '/survey/$token', component: PublicSurveyPage }),
    ]),
    history: createMemoryHistory({ initialEntries: [`/survey/${SURVEY_TOKEN}`] }),
  });
  renderWithProviders(<RouterProvider router={router} />, { queryClient: testQueryClient() });
}

const form = () => screen.findByRole('form', { name: 'Relationship survey' });
const scale = (statement: string) => screen.getByRole('radiogroup', { name: statement });
const posts = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'POST');

/** The error message Mantine shows under an input or group (its aria-describedby). */
function errorOf(input: HTMLElement): string | undefined {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.className.includes('error'))
    ?.textContent?.trim();
}

const checked = (el: HTMLElement) => (el as HTMLInputElement).checked;

describe('public survey page', () => {
  it('greets the customer and asks the fifteen sentences in the link’s order, then six and two 1–7 scales', async () => {
    openSurvey(() => publicSurvey());
    await form();
    expect(screen.getByText('Harbour & Vine Hotels')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hello Ines,');
    const sentences = screen.getByRole('radiogroup', {
      name: /^Which sentence fits your relationship with us best\?/,
    });
    const options = within(sentences).getAllByRole('radio');
    expect(options).toHaveLength(15);
    // The server's per-link order, not the typology's.
    expect(options[0]?.getAttribute('value')).toBe('enslavement');
    expect(options[14]?.getAttribute('value')).toBe('arranged_marriage');
    const kinship = within(sentences).getByRole('radio', {
      name: 'My family has always come here; it is part of who we are.',
    });
    expect(checked(kinship)).toBe(false);

    const commitment = scale('I intend to stay with you for a long time.');
    expect(within(commitment).getAllByRole('radio')).toHaveLength(7);
    expect(within(commitment).getByRole('radio', { name: '1 – not at all' })).toBeTruthy();
    expect(within(commitment).getByRole('radio', { name: '7 – completely' })).toBeTruthy();
    expect(scale('I worry that you do not value me as a customer.')).toBeTruthy();
    expect(scale('I prefer to keep some distance from the businesses I buy from.')).toBeTruthy();
    // 15 sentences + (6 facets + 2 attachment items) × 7 points.
    expect(screen.getAllByRole('radio')).toHaveLength(15 + 8 * 7);
    // No staff shell around it.
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getByRole('button', { name: 'Send my answer' })).toBeTruthy();
  });

  it('greets without a name when it has none', async () => {
    openSurvey(() => publicSurvey({ givenName: null }));
    await form();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hello,');
  });

  it('needs a sentence, sends the answer without any session, and thanks the customer with the answer kept', async () => {
    const seen = openSurvey(() => publicSurvey());
    await form();
    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    const sentences = screen.getByRole('radiogroup', { name: /^Which sentence fits/ });
    expect(errorOf(sentences)).toBe('choose the sentence that fits best');
    expect(posts(seen)).toHaveLength(0);

    await userEvent.click(
      within(sentences).getByRole('radio', {
        name: 'My family has always come here; it is part of who we are.',
      }),
    );
    expect(errorOf(sentences)).toBeUndefined();
    const commitment = scale('I intend to stay with you for a long time.');
    await userEvent.click(within(commitment).getByRole('radio', { name: '6' }));
    const avoidance = scale('I prefer to keep some distance from the businesses I buy from.');
    await userEvent.click(within(avoidance).getByRole('radio', { name: '1 – not at all' }));
    // Changed their mind about the other scale: cleared, so not sent.
    const anxiety = scale('I worry that you do not value me as a customer.');
    await userEvent.click(within(anxiety).getByRole('radio', { name: '4' }));
    await userEvent.click(within(anxiety).getByRole('button', { name: /^Clear the rating/ }));
    expect(within(anxiety).getAllByRole('radio').some(checked)).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    const post = posts(seen)[0]!;
    expect(post.path).toBe(SURVEY_PATH);
    expect(post.body).toEqual({ sentence: 'kinship', brq: { commitment: 6 }, attachment: { avoidance: 1 } });
    expect(post.headers).not.toHaveProperty('x-csrf-token');

    const thanks = await screen.findByText('Thank you for your answer!');
    expect(thanks.closest('[role="status"]')?.textContent).toContain(
      'You can change your answer until May 1, 2026.',
    );
    // The answer stays on the form, to change until the link expires.
    expect(
      checked(
        screen.getByRole('radio', { name: 'My family has always come here; it is part of who we are.' }),
      ),
    ).toBe(true);
    expect(
      checked(within(scale('I intend to stay with you for a long time.')).getByRole('radio', { name: '6' })),
    ).toBe(true);
    expect(screen.getByRole('button', { name: 'Update my answer' })).toBeTruthy();
  });

  it('prefills an earlier answer through the link and says when it was given', async () => {
    openSurvey(() =>
      publicSurvey({
        answer: {
          sentence: 'casual_friends',
          brq: { intimacy: 3 },
          attachment: { anxiety: 5 },
          answeredAt: new Date('2026-04-03T10:00:00Z'),
        },
      }),
    );
    await form();
    expect(screen.getByRole('status').textContent).toBe(
      'You answered on Apr 3, 2026; you can change it until May 1, 2026.',
    );
    expect(
      checked(screen.getByRole('radio', { name: 'I drop in now and then; it is pleasant, nothing more.' })),
    ).toBe(true);
    expect(
      checked(within(scale('You know me well, and I know you well.')).getByRole('radio', { name: '3' })),
    ).toBe(true);
    expect(
      checked(
        within(scale('I worry that you do not value me as a customer.')).getByRole('radio', { name: '5' }),
      ),
    ).toBe(true);
    expect(within(scale('You fit who I am.')).getAllByRole('radio').some(checked)).toBe(false);
    expect(screen.getByRole('button', { name: 'Update my answer' })).toBeTruthy();
  });

  it.each([
    [404, 'SURVEY_LINK_NOT_FOUND', 'This survey link is not valid', 'This link is not valid'],
    [
      410,
      'SURVEY_LINK_EXPIRED',
      'This survey link has expired',
      'This link has expired; ask us for a new one',
    ],
  ])('says when the link cannot be answered (%i)', async (status, code, title, heading) => {
    openSurvey(() => problemResponse(status, code, title));
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(heading);
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('offers a retry when rate limited, and shows the survey when it works again', async () => {
    let limited = true;
    openSurvey(() => (limited ? problemResponse(429, 'RATE_LIMITED', 'Too many requests') : publicSurvey()));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The survey could not be loaded');
    expect(alert.textContent).toContain('Too many tries in a short time');
    limited = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await form()).toBeTruthy();
  });

  it('offers a retry when the network fails', async () => {
    let down = true;
    stubApi(() => {
      if (down) throw new TypeError('Failed to fetch');
      return jsonResponse(200, wire(publicSurvey()));
    });
    renderSurveyPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Check your connection');
    down = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await form()).toBeTruthy();
  });

  it('puts the server’s field errors under their questions', async () => {
    const seen = openSurvey(
      () => publicSurvey(),
      () =>
        validationProblem([
          { path: 'body.brq.commitment', message: 'answers run from 1 to 7' },
          { path: 'body.attachment.avoidance', message: 'answers run from 1 to 7' },
        ]),
    );
    await form();
    await userEvent.click(
      screen.getByRole('radio', { name: 'I came to you after I was let down somewhere else.' }),
    );
    await userEvent.click(
      within(scale('I intend to stay with you for a long time.')).getByRole('radio', { name: '2' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    await waitFor(() => expect(posts(seen)).toHaveLength(1));
    await waitFor(() =>
      expect(errorOf(scale('I intend to stay with you for a long time.'))).toBe('answers run from 1 to 7'),
    );
    expect(errorOf(scale('I prefer to keep some distance from the businesses I buy from.'))).toBe(
      'answers run from 1 to 7',
    );
    expect(errorOf(scale('You fit who I am.'))).toBeUndefined();
    expect(notifications.show).not.toHaveBeenCalled();
    expect(screen.queryByText('Thank you for your answer!')).toBeNull();
  });

  it('says the link expired when it runs out before the answer is sent', async () => {
    openSurvey(
      () => publicSurvey(),
      () => problemResponse(410, 'SURVEY_LINK_EXPIRED', 'This survey link has expired'),
    );
    await form();
    await userEvent.click(screen.getByRole('radio', { name: 'We are just getting to know each other.' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect((await screen.findByRole('heading', { level: 1, name: /expired/ })).textContent).toBe(
      'This link has expired; ask us for a new one',
    );
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('keeps the answer and offers to send it again when sending is rate limited', async () => {
    let limited = true;
    const seen = openSurvey(
      () => publicSurvey(),
      (req) => (limited ? problemResponse(429, 'RATE_LIMITED', 'Too many requests') : answered(req)),
    );
    await form();
    await userEvent.click(screen.getByRole('radio', { name: 'We are just getting to know each other.' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your answer was not sent');
    expect(alert.textContent).toContain('Too many tries in a short time');
    limited = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Thank you for your answer!')).toBeTruthy();
    expect(posts(seen).map((p) => p.body)).toEqual([
      { sentence: 'courtship', brq: {}, attachment: {} },
      { sentence: 'courtship', brq: {}, attachment: {} },
    ]);
  });
});
