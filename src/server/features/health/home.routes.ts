import type { App } from '../../lib/http.js';

const HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapport</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
a{color:#0b57d0}code{background:#f2f4f7;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>Rapport</h1>
<p>The CRM that puts the relationship back into customer relationship management.</p>
<p>The staff web app is on its way. Meanwhile the API is here:</p>
<ul><li><a href="/api/docs">Interactive API docs</a></li>
<li><a href="/api/openapi.json">OpenAPI document</a></li>
<li><a href="/health">Health</a> · <a href="/ready">Readiness</a></li></ul>
<p>Log in with <code>POST /api/v1/auth/login</code> using the e-mail and password printed when Rapport started.</p>
</body></html>`;

/** A small landing page until the web app is served at `/`. */
export function homeRoutes(app: App) {
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
    reply.type('text/html').send(HOME),
  );
}
