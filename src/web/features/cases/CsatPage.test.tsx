// @vitest-environment happy-dom
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicCsat } from '../../../shared/contracts/case-resolution.js';
import {
  fill,
  jsonResponse,
  problemResponse,
  renderWithProviders,
  type SeenRequest,
  stubApi,
  testQueryClient,
} from '../../test-utils.js';
import { CsatPage } from './CsatPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const TOKEN = 'cs1_token-from-the-mail';
const PATH = `/public/csat/${TOKEN}`;

const survey = (over: Partial<PublicCsat> = {}): PublicCsat => ({
  business: 'Harbour & Vine Hotels',
  reference: 'C-000123',
  subject: '<img src=x onerror=alert(1)> Cold room',
  answered: false,
  score: null,
  comment: null,
  canChange: true,
  ...over,
});

function openPage(
  get: () => Response,
  post: (req: SeenRequest) => Response = (req) => {
    const b = req.body as { score: number; comment?: string };
    return jsonResponse(200, survey({ answered: true, score: b.score, comment: b.comment ?? null }));
  },
) {
  const seen = stubApi((req) => {
    if (req.path !== PATH) return problemResponse(404, 'NOT_FOUND', 'Not found');
    return req.method === 'GET' ? get() : post(req);
  });
  const root = createRootRoute({ component: Outlet });
  const router = createRouter({
    routeTree: root.addChildren([
      createRoute({ getParentRoute: () => root, path: '/csat/$token', component: CsatPage }),
    ]),
    history: createMemoryHistory({ initialEntries: [`/csat/${TOKEN}`] }),
  });
  renderWithProviders(<RouterProvider router={router} />, { queryClient: testQueryClient() });
  return seen;
}

describe('public satisfaction page', () => {
  it('shows the case as text, takes a score from five big buttons and a comment, and thanks the customer', async () => {
    const seen = openPage(() => jsonResponse(200, survey()));
    await screen.findByRole('form', { name: 'Satisfaction survey' });
    expect(screen.getByText(/C-000123 · <img src=x onerror=alert\(1\)> Cold room/)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    const buttons = [1, 2, 3, 4, 5].map((n) => screen.getByRole('button', { name: new RegExp(`^${n} – `) }));
    expect(buttons).toHaveLength(5);

    // No score yet: said in place, nothing sent.
    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a score from 1 to 5');
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    await userEvent.click(buttons[1]!);
    expect(buttons[1]!.getAttribute('aria-pressed')).toBe('true');
    await fill(screen.getByRole('textbox', { name: /anything you would like to add/i }), '<b>Still</b> cold');
    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    expect(await screen.findByRole('heading', { name: 'Thank you' })).toBeTruthy();
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ score: 2, comment: '<b>Still</b> cold' });
    // Anonymous: no session cookie or CSRF token goes with it.
    expect(post.headers['x-csrf-token']).toBeUndefined();

    await userEvent.click(screen.getByRole('button', { name: 'Change my answer' }));
    expect(screen.getByRole('button', { name: /^2 – / }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows an earlier answer to change, and one too old to change as final', async () => {
    openPage(() => jsonResponse(200, survey({ answered: true, score: 4, comment: 'Nice', canChange: true })));
    await screen.findByRole('form', { name: 'Satisfaction survey' });
    expect(screen.getByRole('button', { name: /^4 – / }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Change my answer' })).toBeTruthy();
    cleanup();
    openPage(() => jsonResponse(200, survey({ answered: true, score: 4, canChange: false })));
    expect(await screen.findByRole('heading', { name: 'Thank you for your answer' })).toBeTruthy();
    expect(screen.getByText(/You gave 4\/5/)).toBeTruthy();
  });

  it('explains an invalid link and an expired survey', async () => {
    openPage(() => problemResponse(404, 'SURVEY_LINK_NOT_FOUND', 'This survey link is not valid'));
    expect(await screen.findByRole('heading', { name: 'This link does not work' })).toBeTruthy();
    cleanup();
    openPage(() => problemResponse(410, 'SURVEY_LINK_EXPIRED', 'This survey link has expired'));
    expect(await screen.findByRole('heading', { name: 'This survey has closed' })).toBeTruthy();
  });

  it('offers a retry when the server cannot be reached, and keeps the answer when sending fails', async () => {
    let up = false;
    openPage(
      () => {
        if (!up) throw new TypeError('Failed to fetch');
        return jsonResponse(200, survey());
      },
      () => problemResponse(429, 'RATE_LIMITED', 'Too many requests'),
    );
    expect(await screen.findByRole('heading', { name: 'The survey could not be loaded' })).toBeTruthy();
    expect(screen.getByText(/could not be reached/i)).toBeTruthy();
    up = true;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('form', { name: 'Satisfaction survey' });
    await userEvent.click(screen.getByRole('button', { name: /^5 – / }));
    await userEvent.click(screen.getByRole('button', { name: 'Send my answer' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Too many tries/);
    expect(alert.textContent).toMatch(/Your answer is still here/);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /^5 – / }).getAttribute('aria-pressed')).toBe('true'),
    );
  });
});
