import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  type AnyRootRoute,
  type AnyRoute,
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { configure, type RenderResult, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ReactElement, type ReactNode, Suspense } from 'react';
import { vi } from 'vitest';
import type { Role } from '../shared/contracts/common.js';
import type { SessionInfo } from '../shared/contracts/users.js';
import { theme } from './theme.js';

/**
 * Component-test support, the one set of helpers every web test uses (only tests import this
 * file): providers, a session of any role, a memory router with just the routes under test,
 * contract-shaped responses and a recording `fetch` stub. Component tests start with
 * `// @vitest-environment happy-dom`.
 */

// The first render of a test file loads Mantine and the router cold, on a shared and busy
// machine at that: give findBy… and waitFor room for it.
configure({ asyncUtilTimeout: 10_000 });

export const TEST_USER_ID = '01938e77-0000-7000-8000-000000000001';
export const TEST_CUSTOMER_ID = '01938e77-0000-7000-8000-0000000000c1';

/** What Mantine needs from a browser that happy-dom lacks. */
function polyfillBrowser() {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('ResizeObserver' in window)) {
    (window as { ResizeObserver?: unknown }).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  window.HTMLElement.prototype.scrollIntoView ??= () => {};
  // Mantine's autosizing Textarea listens to `document.fonts`.
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() },
    });
  }
}

/** A logged-in session of `role` in an en-GB / London / EUR workspace. */
export function sessionFor(role: Role, workspace: Partial<SessionInfo['workspace']> = {}): SessionInfo {
  return {
    user: {
      id: TEST_USER_ID,
      email: `${role}@rapport.test`,
      name: `Test ${role}`,
      role,
      lastLoginAt: new Date('2026-03-01T09:00:00Z'),
      disabledAt: null,
      createdAt: new Date('2025-01-01T09:00:00Z'),
    },
    workspace: {
      id: '01938e77-0000-7000-8000-0000000000aa',
      slug: 'test',
      name: 'Test Hotels',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      currency: 'EUR',
      ...workspace,
    },
    csrfToken: 'test-csrf',
    expiresAt: new Date('2099-01-01T00:00:00Z'),
  };
}

/** A fresh query cache per test, no retries, so a failing request shows its error at once. */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** A query client that already knows who is logged in (as the app layout guarantees). */
export function clientAs(who: Role | SessionInfo): QueryClient {
  const queryClient = testQueryClient();
  queryClient.setQueryData(['session'], typeof who === 'string' ? sessionFor(who) : who);
  return queryClient;
}

export function renderWithProviders(
  ui: ReactElement,
  opts: { queryClient?: QueryClient } = {},
): RenderResult & { queryClient: QueryClient } {
  polyfillBrowser();
  const queryClient = opts.queryClient ?? testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
  return Object.assign(render(ui, { wrapper }), { queryClient });
}

/** One route per path, each rendering `component`: the usual shape of a page test. */
export function pages(...entries: [path: string, component: () => ReactNode][]) {
  return (root: AnyRootRoute): AnyRoute[] =>
    entries.map(([path, component]) => createRoute({ getParentRoute: () => root, path, component }));
}

/** Renders the routes `build` returns at `path`, logged in as `session`. Await a `findBy…` before asserting. */
export function renderAt(path: string, build: (root: AnyRootRoute) => AnyRoute[], session: SessionInfo) {
  const root = createRootRoute({
    component: () => (
      <Suspense fallback={null}>
        <Outlet />
      </Suspense>
    ),
  });
  const router = createRouter({
    routeTree: root.addChildren(build(root)),
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  return {
    ...renderWithProviders(<RouterProvider router={router} />, { queryClient: clientAs(session) }),
    router,
  };
}

/** A JSON response as the server sends it (problem+json for errors). */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/** A problem answer (`about:blank` type), optionally with field errors. */
export function problemResponse(
  status: number,
  code: string,
  title: string,
  errors?: { path: string; message: string }[],
): Response {
  return jsonResponse(status, { type: 'about:blank', title, status, code, ...(errors ? { errors } : {}) });
}

export const notFound = (): Response => problemResponse(404, 'NOT_FOUND', 'Not found');

/** A 400 the way the server answers a failed validation. */
export function validationProblem(errors: { path: string; message: string }[]): Response {
  return jsonResponse(400, {
    type: 'https://rapport.dev/problems/validation-failed',
    title: 'The request is not valid',
    status: 400,
    code: 'VALIDATION_FAILED',
    errors,
  });
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** JSON bodies parsed; anything else (an uploaded file) as sent. */
  body: unknown;
}

/**
 * Stubs `fetch` with `handler`, which answers each request by method and path (no `/api/v1`,
 * no query string). Returns every request seen.
 */
export function stubApi(
  handler: (req: SeenRequest, url: URL) => Response | Promise<Response>,
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://rapport.test');
      const req: SeenRequest = {
        method: init.method ?? 'GET',
        path: url.pathname.replace(/^\/api\/v1/, ''),
        query: url.searchParams,
        headers: (init.headers ?? {}) as Record<string, string>,
        body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      };
      seen.push(req);
      return handler(req, url);
    }),
  );
  return seen;
}

/** Types a whole value at once (keystroke by keystroke is slow in happy-dom and tests nothing more). */
export async function fill(input: HTMLElement, text: string): Promise<void> {
  await userEvent.click(input);
  await userEvent.paste(text);
}
