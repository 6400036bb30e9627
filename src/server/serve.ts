import { buildApp, buildMailListener } from './app.js';
import { ensureFirstWorkspace } from './bootstrap.js';
import type { Config } from './config.js';
import { describeDatabase, openConfiguredDatabase } from './db/open.js';
import { systemClock } from './lib/clock.js';
import { ensureWebBuild, WEB_DIST } from './web-build.js';

/** Starts the HTTP server on the configured database; resolves once it listens. */
export async function serve(config: Config): Promise<{ close(): Promise<void>; url: string }> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // The web app builds (first start, or after its sources changed) while the database opens.
  const webBuild = ensureWebBuild(log);
  log(`Rapport: opening ${describeDatabase(config)} and applying migrations…`);
  const database = await openConfiguredDatabase(config);
  await webBuild;
  const { app, services } = await buildApp({
    database,
    clock: systemClock,
    sessionTtlHours: config.sessionTtlHours,
    cookieSecure: config.cookieSecure,
    bodyLimitBytes: config.bodyLimitBytes,
    importBodyLimitBytes: config.importBodyLimitBytes,
    login: config.login,
    loginsPerMinute: config.loginsPerMinute,
    caseSubmissionsPerMinute: config.caseSubmissionsPerMinute,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    webRoot: WEB_DIST,
    mailOut: config.mailOut,
    inboundMailDomain: config.inboundMailDomain,
    publicUrl:
      config.publicUrl ??
      `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`,
  });
  const first = await ensureFirstWorkspace(database, services, config, log);
  await app.listen({ port: config.port, host: config.host });
  // Durable jobs (nightly value runs, "recompute now") run in the server process.
  services.jobs.start();
  // Inbound case mail, when a port is configured.
  const mailListener = config.smtpListen ? buildMailListener(services, { log }) : null;
  if (mailListener && config.smtpListen) {
    const { port } = await mailListener.listen(config.smtpListen.port, config.smtpListen.host);
    const domain = config.inboundMailDomain ?? '<any domain>';
    log(`Case mail: SMTP on ${config.smtpListen.host}:${port}, addresses <workspace slug>@${domain}`);
  }
  if (!config.mailOut)
    log('Replies to cases are stored but not e-mailed: set SMTP_URL and MAIL_FROM to send them.');
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;
  log('');
  log(`Rapport is running at ${url}  (API docs: ${url}/api/docs)`);
  if (first.generatedPassword) {
    log(`Log in as ${first.adminEmail} with password ${first.generatedPassword}`);
    log(
      'This password is shown only once: write it down, or set RAPPORT_ADMIN_EMAIL / RAPPORT_ADMIN_PASSWORD before the first start.',
    );
  } else if (first.created) {
    log(`Log in as ${first.adminEmail} with the password from RAPPORT_ADMIN_PASSWORD.`);
  } else {
    log(
      `Log in with your account (first admin: ${first.adminEmail}). Forgot it? npm run rapport -- users set-password --email ${first.adminEmail}`,
    );
  }
  const close = async () => {
    await mailListener?.close();
    await services.jobs.stop();
    await app.close();
    await database.close();
  };
  return { close, url };
}
