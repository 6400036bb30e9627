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
import { configure } from '@testing-library/react';
import { type ReactNode, Suspense } from 'react';
import { vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type { SessionInfo } from '../../../shared/contracts/users.js';
import { renderWithProviders, testQueryClient } from '../../test-utils.js';

/**
 * Component-test support for screens that use links and the session: a memory router with
 * just the routes under test, and a session of any role pre-filled in the query cache.
 * (Only tests import this file.)
 */

// The first render of a test file loads Mantine and the router cold, on a shared and busy
// machine at that: give findBy… and waitFor room for it.
configure({ asyncUtilTimeout: 10_000 });

export const TEST_USER_ID = '01938e77-0000-7000-8000-000000000001';

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
  const queryClient = testQueryClient();
  queryClient.setQueryData(['session'], session);
  return { ...renderWithProviders(<RouterProvider router={router} />, { queryClient }), router };
}

/** A JSON response as the server sends it (problem+json for errors). */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
}

/**
 * Stubs `fetch` with `handler`, which answers each request by method and path (no `/api/v1`,
 * no query string). Returns every request seen, bodies parsed.
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
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      seen.push(req);
      return handler(req, url);
    }),
  );
  return seen;
}
