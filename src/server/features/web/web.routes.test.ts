import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';

let t: TestApp;
let root: string;
const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

beforeAll(async () => {
  // A stand-in for dist/web: the server must not care what the build contains.
  root = mkdtempSync(join(tmpdir(), 'rapport-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><div id="root"></div><script src="/assets/app-1a2b.js"></script>',
  );
  writeFileSync(join(root, 'assets', 'app-1a2b.js'), script);
  writeFileSync(join(root, 'assets', 'app-1a2b.js.gz'), gzipSync(script));
  t = await createTestApp({ webRoot: root });
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

const page = (url: string) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html,*/*' } });

describe('the web app on the API port', () => {
  it('serves index.html at / and for every deep link a browser opens, never cached', async () => {
    for (const url of [
      '/',
      '/customers',
      '/customers/01938e77-0000-7000-8000-0000000000c1?tab=notes',
      '/settings/users',
    ]) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('keeps API misses, missing assets and non-page requests as problem+json 404s', async () => {
    for (const url of ['/api/v1/nope', '/assets/missing-9z.js', '/health/extra']) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const json = await t.app.inject({
      method: 'GET',
      url: '/customers',
      headers: { accept: 'application/json' },
    });
    expect(json.statusCode).toBe(404);
    const post = await t.app.inject({ method: 'POST', url: '/customers', headers: { accept: 'text/html' } });
    expect(post.statusCode).toBe(404);
  });

  it('serves hashed assets for a year, pre-compressed when the browser accepts it', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(script);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gz = await t.app.inject({
      method: 'GET',
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(script.length / 4);
  });

  it('sends a CSP that keeps plain-HTTP deployments working (no upgrade-insecure-requests)', async () => {
    const res = await page('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(d);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps API answers, which carry personal data, out of every cache', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(api.headers['cache-control']).toBe('no-store');
    expect((await page('/')).headers['cache-control']).toBe('no-cache');
  });
});
