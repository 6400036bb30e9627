import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorkspaceClient, login, type TestApp } from '../../../../test/app.js';
import { fixedClock } from '../../lib/clock.js';

const clock = fixedClock('2026-03-01T09:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock, login: { maxFailures: 3, lockMinutes: 10 } });
});
afterAll(() => t.close());

async function newAdmin() {
  const email = `owner.${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'a long enough password';
  await t.services.workspaces.create({
    slug: `ws-${Math.random().toString(36).slice(2)}`,
    name: 'W',
    admin: { email, password },
  });
  return { email, password };
}

describe('login and sessions', () => {
  it('sets an HttpOnly cookie and returns the CSRF token; a new login gets a new session id', async () => {
    const { email, password } = await newAdmin();
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    expect(a.statusCode).toBe(200);
    const ca = a.cookies.find((c) => c.name === 'rapport_session')!;
    const cb = b.cookies.find((c) => c.name === 'rapport_session')!;
    expect(ca.httpOnly).toBe(true);
    expect(ca.sameSite).toBe('Lax');
    expect(ca.value).not.toBe(cb.value);
    expect(a.json().csrfToken).toEqual(expect.any(String));
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      cookies: { rapport_session: ca.value },
    });
    expect(me.json().user.email).toBe(email);
  });

  it('answers 401 problem+json for a wrong password and for an unknown e-mail alike', async () => {
    const { email } = await newAdmin();
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'nope nope nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'nope nope nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('locks the account after repeated failures, even for the right password, until the lock ends', async () => {
    const { email, password } = await newAdmin();
    const attempt = (pw: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: pw } });
    expect((await attempt('wrong one 1')).statusCode).toBe(401);
    expect((await attempt('wrong one 2')).statusCode).toBe(401);
    const third = await attempt('wrong one 3');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('ACCOUNT_LOCKED');
    expect(third.json().retryAfterSeconds).toBe(600);
    expect((await attempt(password)).statusCode).toBe(423);
    clock.advance(11 * 60_000);
    expect((await attempt(password)).statusCode).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const admin = await createWorkspaceClient(t);
    const { email, password } = { email: admin.email, password: 'correct horse battery' };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    const cookie = res.cookies.find((c) => c.name === 'rapport_session')!.value;
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies: { rapport_session: cookie },
      payload: { fullName: 'X' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('CSRF_TOKEN_INVALID');
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies: { rapport_session: cookie },
      headers: { 'x-csrf-token': res.json().csrfToken },
      payload: { fullName: 'X' },
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('logs out: the old cookie no longer works', async () => {
    const admin = await createWorkspaceClient(t);
    expect((await admin.request('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    const after = await admin.request('GET', '/api/v1/customers');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
  });

  it('expires sessions after their time to live', async () => {
    const admin = await createWorkspaceClient(t);
    clock.advance(13 * 3_600_000);
    expect((await admin.request('GET', '/api/v1/customers')).statusCode).toBe(401);
  });

  it('rejects requests without credentials and with a forged cookie', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/customers' })).statusCode).toBe(401);
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      cookies: { rapport_session: 'rs_AAAA' },
    });
    expect(forged.statusCode).toBe(401);
  });
});

describe('API keys', () => {
  it('shows the key once, authenticates with Bearer within its scopes, and stops working when revoked', async () => {
    const admin = await createWorkspaceClient(t);
    const created = await admin.request('POST', '/api/v1/api-keys', {
      name: 'PMS sync',
      role: 'agent',
      scopes: ['read'],
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^rk_/);
    const listed = (await admin.request('GET', '/api/v1/api-keys')).json();
    expect(JSON.stringify(listed)).not.toContain(key);
    const bearer = { authorization: `Bearer ${key}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/customers', headers: bearer })).statusCode,
    ).toBe(200);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: bearer,
      payload: { fullName: 'Y' },
    });
    expect(write.statusCode).toBe(403);
    expect((await admin.request('DELETE', `/api/v1/api-keys/${id}`)).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/customers', headers: bearer })).statusCode,
    ).toBe(401);
  });

  it('lets only admins manage keys', async () => {
    const admin = await createWorkspaceClient(t);
    const manager = await admin.as('manager');
    const res = await manager.request('POST', '/api/v1/api-keys', { name: 'x' });
    expect(res.statusCode).toBe(403);
  });

  it('accepts a key as the Basic user name (event SDKs send it that way)', async () => {
    const admin = await createWorkspaceClient(t);
    const { key } = (
      await admin.request('POST', '/api/v1/api-keys', { name: 'sdk', scopes: ['read', 'write'] })
    ).json();
    const basic = Buffer.from(`${key}:`).toString('base64');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('users', () => {
  it('admins create users; agents cannot manage users', async () => {
    const admin = await createWorkspaceClient(t);
    const res = await admin.request('POST', '/api/v1/users', {
      email: 'new.agent@example.com',
      name: 'New Agent',
      role: 'agent',
      password: 'ten chars long',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).not.toHaveProperty('passwordHash');
    const agent = await login(t, 'new.agent@example.com', 'ten chars long');
    expect((await agent.request('GET', '/api/v1/users')).statusCode).toBe(403);
    const dup = await admin.request('POST', '/api/v1/users', {
      email: 'NEW.AGENT@example.com',
      name: 'Again',
      role: 'agent',
      password: 'ten chars long',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toBe('body.email');
  });
});

describe('colleagues', () => {
  it('lists the active users by name for any staff role, without e-mails, leaving the disabled out', async () => {
    const admin = await createWorkspaceClient(t);
    const mk = async (name: string, role: string) => {
      const res = await admin.request('POST', '/api/v1/users', {
        email: `${name.toLowerCase().replace(/ /g, '.')}@colleagues.example`,
        name,
        role,
        password: 'ten chars long',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const zoe = await mk('Zoe Night Porter', 'agent');
    await mk('Ana Front Desk', 'agent');
    const gone = await mk('Bo Left Us', 'manager');
    await admin.request('PATCH', `/api/v1/users/${gone.id}`, { disabled: true });
    const agent = await login(t, 'zoe.night.porter@colleagues.example', 'ten chars long');
    const res = await agent.request('GET', '/api/v1/users/colleagues');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    const names = items.map((u) => u.name);
    expect(names).toContain('Ana Front Desk');
    expect(names).not.toContain('Bo Left Us');
    expect(names).toEqual([...names].sort());
    expect(items.find((u) => u.id === zoe.id)).toEqual({
      id: zoe.id,
      name: 'Zoe Night Porter',
      role: 'agent',
    });
    const other = await createWorkspaceClient(t);
    const theirs = (await other.request('GET', '/api/v1/users/colleagues')).json().items as { id: string }[];
    expect(theirs.map((u) => u.id)).not.toContain(zoe.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/colleagues' })).statusCode).toBe(401);
  });
});

describe('login throttling per address', () => {
  it('answers 429 problem+json past the per-minute limit', async () => {
    const limited = await createTestApp({ loginsPerMinute: 3 });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'nobody@example.com', password: 'whatever it is' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
