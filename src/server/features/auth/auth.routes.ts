import { z } from 'zod';
import { LoginBody, SessionInfo } from '../../../shared/contracts/users.js';
import { AppError } from '../../lib/app-error.js';
import type { App } from '../../lib/http.js';
import { SESSION_COOKIE } from './auth.hook.js';
import type { AuthService } from './auth.service.js';

/** `loginsPerMinute`: login attempts one IP address may make per minute (credential stuffing). */
export function authRoutes(
  app: App,
  deps: { auth: AuthService; cookieSecure: boolean; loginsPerMinute: number },
) {
  const { auth } = deps;
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password',
        body: LoginBody,
        response: { 200: SessionInfo },
      },
      config: { public: true, rateLimit: { max: deps.loginsPerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { token, info } = await auth.login(req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        requestId: String(req.id),
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.cookieSecure,
        path: '/',
        expires: info.expiresAt,
      });
      return info;
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } } },
    async (req, reply) => {
      if (!req.session)
        throw new AppError('BAD_REQUEST', {}, [], 'Only a session (not an API key) can log out');
      await auth.logout(req.session);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user, workspace and CSRF token',
        response: { 200: SessionInfo },
      },
    },
    async (req) => {
      if (!req.session)
        throw new AppError(
          'BAD_REQUEST',
          {},
          [],
          'This request is authenticated by an API key, not a session',
        );
      return auth.sessionInfoFor(req.session);
    },
  );
}
