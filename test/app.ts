import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type Services } from '../src/server/app.js';
import type { Database } from '../src/server/db/client.js';
import { systemActor } from '../src/server/lib/actor.js';
import { type Clock, systemClock } from '../src/server/lib/clock.js';
import type { App } from '../src/server/lib/http.js';
import type { Role } from '../src/shared/contracts/common.js';
import type { CustomerCreate } from '../src/shared/contracts/customers.js';
import { createTestDatabase } from './db.js';
import { buildCustomer } from './factories.js';

export interface TestApp {
  app: App;
  services: Services;
  database: Database;
  close(): Promise<void>;
}

/** The real app on a fresh test database, for `app.inject()` route tests. */
export async function createTestApp(
  opts: {
    clock?: Clock;
    login?: { maxFailures: number; lockMinutes: number };
    importBodyLimitBytes?: number;
    loginsPerMinute?: number;
    caseSubmissionsPerMinute?: number;
    webRoot?: string;
    mailOut?: { url: string; from: string };
    inboundMailDomain?: string;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const { app, services } = await buildApp({
    database,
    clock: opts.clock ?? systemClock,
    ...(opts.login ? { login: opts.login } : {}),
    ...(opts.importBodyLimitBytes ? { importBodyLimitBytes: opts.importBodyLimitBytes } : {}),
    ...(opts.webRoot ? { webRoot: opts.webRoot } : {}),
    ...(opts.mailOut ? { mailOut: opts.mailOut } : {}),
    ...(opts.inboundMailDomain ? { inboundMailDomain: opts.inboundMailDomain } : {}),
    // Test files log in far more often than a person; the limit has its own test.
    loginsPerMinute: opts.loginsPerMinute ?? 1000,
    caseSubmissionsPerMinute: opts.caseSubmissionsPerMinute ?? 1000,
  });
  await app.ready();
  return {
    app,
    services,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

let seq = 0;

/** A client logged in as a new user of the given role: sends the cookie and the CSRF token. */
export interface Client {
  workspaceId: string;
  userId: string;
  email: string;
  /** The session cookie and CSRF header, for requests `request` cannot make (raw bodies). */
  cookies: Record<string, string>;
  headers: Record<string, string>;
  request(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** A new workspace with an admin, logged in. */
export async function createWorkspaceClient(
  t: TestApp,
  role: Role = 'admin',
): Promise<Client & { as(role: Role): Promise<Client> }> {
  seq++;
  const password = 'correct horse battery';
  const { workspace, adminEmail } = await t.services.workspaces.create({
    slug: `t${Date.now().toString(36)}${seq}`,
    name: `Test ${seq}`,
    admin: { email: `admin${seq}.${Date.now()}@example.com`, password },
  });
  const admin = await login(t, adminEmail, password);
  const as = async (r: Role) => {
    const email = `${r}${++seq}.${Date.now()}@example.com`;
    await t.services.users.create(systemActor(workspace.id), { email, name: `${r} user`, role: r, password });
    return login(t, email, password);
  };
  const base = role === 'admin' ? admin : await as(role);
  return { ...base, as };
}

export async function login(t: TestApp, email: string, password: string): Promise<Client> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const info = res.json();
  const cookie = res.cookies.find((c) => c.name === 'rapport_session');
  if (!cookie) throw new Error('no session cookie');
  const cookies = { rapport_session: cookie.value };
  const headers = { 'x-csrf-token': info.csrfToken as string };
  return {
    workspaceId: info.workspace.id,
    userId: info.user.id,
    email,
    cookies,
    headers,
    request: (method, url, body) =>
      t.app.inject({
        method: method as 'GET',
        url,
        cookies,
        headers,
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
  };
}

/** Creates a customer through the API as `client` (a valid body from `buildCustomer`, overridable). */
export async function createCustomerVia(client: Client, overrides: Partial<CustomerCreate> = {}) {
  const res = await client.request('POST', '/api/v1/customers', buildCustomer(overrides));
  if (res.statusCode !== 201) throw new Error(`creating a customer failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The field paths of a problem+json body's errors, sorted. */
export const errorPaths = (body: { errors?: { path: string }[] }) =>
  (body.errors ?? []).map((e) => e.path).sort();
