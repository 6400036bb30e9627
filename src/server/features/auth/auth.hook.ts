import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/app-error.js';
import type { AuthService } from './auth.service.js';

export const SESSION_COOKIE = 'rapport_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Authenticates every non-public API request: a bearer (or Basic, for event SDKs) API key, or
 * the session cookie. Cookie-authenticated writes must echo the session's CSRF token in
 * `X-CSRF-Token`; keys are limited by their scopes.
 */
export function createAuthHook(auth: AuthService) {
  return async function authHook(req: FastifyRequest, _reply: FastifyReply) {
    if (req.routeOptions.config?.public) return;
    const requestId = String(req.id);
    const header = req.headers.authorization;
    if (header) {
      const [scheme, value = ''] = header.split(' ', 2);
      const token =
        scheme?.toLowerCase() === 'bearer'
          ? value.trim()
          : scheme?.toLowerCase() === 'basic'
            ? Buffer.from(value, 'base64').toString('utf8').split(':')[0]!
            : '';
      const key = token ? await auth.authenticateApiKey(token, requestId) : null;
      if (!key)
        throw new AppError('UNAUTHENTICATED', {}, [], 'The API key is missing, wrong, revoked or expired');
      const needed = SAFE_METHODS.has(req.method) ? 'read' : 'write';
      const scopeOf = req.routeOptions.config?.scope ?? needed;
      if (!key.scopes.includes(scopeOf)) {
        throw new AppError('FORBIDDEN', { reason: `this API key lacks the '${scopeOf}' scope` });
      }
      req.actor = key.actor;
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    const session = cookie ? await auth.authenticateSession(cookie, requestId) : null;
    if (!session) throw new AppError('UNAUTHENTICATED');
    if (!SAFE_METHODS.has(req.method)) {
      const presented = req.headers['x-csrf-token'];
      if (typeof presented !== 'string' || !sameToken(presented, session.session.csrfToken)) {
        throw new AppError('CSRF_TOKEN_INVALID');
      }
    }
    req.actor = session.actor;
    req.session = session;
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** API-key scope a route needs instead of the method's default (read for GET, write otherwise). */
    scope?: 'read' | 'write' | 'events';
  }
  interface FastifyRequest {
    session?: import('./auth.service.js').Authenticated;
  }
}
