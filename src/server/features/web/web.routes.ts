import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../lib/http.js';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapport</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
a{color:#0b57d0}code{background:#f2f4f7;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>Rapport</h1>
<p>The staff web app has not been built in this checkout. <code>npm start</code> builds it before it listens
(or run <code>npm run build</code>).</p>
<ul><li><a href="/api/docs">Interactive API docs</a></li><li><a href="/health">Health</a></li></ul>
</body></html>`;

/** Paths the server owns; everything else a browser asks for as a page is the web app. */
const SERVER_PATHS = /^\/(api|health|ready)(\/|$|\?)/;

/**
 * Whether a request is a browser navigating to a page of the single-page app (so it gets
 * index.html and the client router shows the screen), not an API call or a missing asset.
 */
export function isPageRequest(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (SERVER_PATHS.test(req.url) || req.url.startsWith('/assets/')) return false;
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built web app from `root` on the API's port: hashed assets cached for a year
 * (pre-compressed .br/.gz siblings when the browser accepts them), index.html never cached so
 * a new build is picked up at once. Returns the fallback that answers page requests.
 */
export async function webRoutes(
  app: App,
  deps: { root: string | null },
): Promise<(req: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>> {
  const root = deps.root && existsSync(join(deps.root, 'index.html')) ? deps.root : null;
  if (!root) {
    app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
      reply.type('text/html').send(NOT_BUILT),
    );
    return (_req, reply) => reply.type('text/html').send(NOT_BUILT);
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      reply.header(
        'cache-control',
        path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/', { config: { public: true }, schema: { hide: true } }, sendIndex);
  return sendIndex;
}
