import { vi } from 'vitest';
import type { Role } from '../../../../shared/contracts/common.js';
import type { SessionInfo } from '../../../../shared/contracts/users.js';
import { testQueryClient } from '../../../test-utils.js';

/** For component tests: a session of a role, requests recorded, answers contract-shaped. */

export const USER_ID = '01938e77-0000-7000-8000-000000000001';
export const CUSTOMER_ID = '01938e77-0000-7000-8000-0000000000c1';

export function sessionFor(role: Role): SessionInfo {
  return {
    user: {
      id: USER_ID,
      email: `${role}@rapport.test`,
      name: `Test ${role}`,
      role,
      lastLoginAt: null,
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
    },
    csrfToken: 'test-csrf',
    expiresAt: new Date('2099-01-01T00:00:00Z'),
  };
}

/** A query client that already knows who is logged in (as the app layout guarantees). */
export function clientAs(role: Role) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(['session'], sessionFor(role));
  return queryClient;
}

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

/** A 400 the way the server answers a failed validation. */
export const validationProblem = (errors: { path: string; message: string }[]) =>
  json(400, {
    type: 'https://rapport.dev/problems/validation-failed',
    title: 'The request is not valid',
    status: 400,
    code: 'VALIDATION_FAILED',
    errors,
  });

export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** Stubs fetch: `handler` answers by method and path (without /api/v1); every request is kept, JSON bodies parsed. */
export function stubApi(handler: (req: Seen) => Response): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://rapport.test');
      const req: Seen = {
        method: init.method ?? 'GET',
        path: url.pathname.replace(/^\/api\/v1/, ''),
        query: url.searchParams,
        body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      };
      seen.push(req);
      return handler(req);
    }),
  );
  return seen;
}

export const notFound = () =>
  json(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'NOT_FOUND' });

/**
 * happy-dom has no `document.fonts`, which Mantine's autosizing Textarea listens to. (Belongs in
 * test-utils' polyfills; kept here while that file is not ours to change.)
 */
export function polyfillFonts(): void {
  if (typeof document !== 'undefined' && !('fonts' in document)) {
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() },
    });
  }
}
