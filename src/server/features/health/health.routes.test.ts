import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorkspaceClient, type TestApp } from '../../../../test/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health, docs and the landing page', () => {
  it('answers liveness and readiness without login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().database).toBe(t.database.kind);
  });

  it('publishes OpenAPI with the CRUD routes, and interactive docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/customers',
      '/api/v1/customers/{id}/360',
      '/api/v1/orders',
      '/api/v1/imports/{id}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('serves a landing page linking the API docs', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.headers['content-type']).toContain('text/html');
    expect(home.body).toContain('href="/api/docs"');
  });

  it('answers unknown routes, bad JSON and oversized bodies with problem+json', async () => {
    const admin = await createWorkspaceClient(t);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies: admin.cookies,
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"fullName": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('BAD_REQUEST');
    const huge = await admin.request('POST', '/api/v1/customers', {
      fullName: 'Big',
      attributes: { blob: 'x'.repeat(1_100_000) },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('PAYLOAD_TOO_LARGE');
  });
});
