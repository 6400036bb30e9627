import { createServices, type Services } from '../server/app.js';
import { ensureFirstWorkspace } from '../server/bootstrap.js';
import { type Config, ConfigError, loadConfig } from '../server/config.js';
import type { Database } from '../server/db/client.js';
import { openConfiguredDatabase } from '../server/db/open.js';
import type { WorkspaceRow } from '../server/features/workspaces/workspaces.repo.js';
import { type Actor, systemActor } from '../server/lib/actor.js';
import { AppError } from '../server/lib/app-error.js';
import { systemClock } from '../server/lib/clock.js';

/** Global options every command understands. */
export interface GlobalOptions {
  json?: boolean;
}

export interface CliContext {
  config: Config;
  database: Database;
  services: Services;
  json: boolean;
  /** Human output (suppressed with --json); progress and notes go to stderr. */
  say(line: string): void;
  /** The workspace a command acts on: --workspace SLUG, else the first one. */
  workspace(slug?: string): Promise<WorkspaceRow>;
  actorFor(workspace: WorkspaceRow): Actor;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Opens the configured database, runs `fn`, closes; turns errors into a message and exit code. */
export async function withContext(
  opts: GlobalOptions,
  fn: (ctx: CliContext) => Promise<unknown>,
): Promise<void> {
  const json = Boolean(opts.json);
  let database: Database | null = null;
  try {
    const config = loadConfig();
    database = await openConfiguredDatabase(config);
    const services = createServices({ database, clock: systemClock });
    const note = (line: string) => process.stderr.write(`${line}\n`);
    const ctx: CliContext = {
      config,
      database,
      services,
      json,
      say: (line) => {
        if (!json) process.stdout.write(`${line}\n`);
      },
      async workspace(slug) {
        if (slug) {
          const ws = await services.workspaces.findBySlug(slug);
          if (ws) return ws;
          const known = (await services.workspaces.listAll()).map((w) => w.slug).join(', ') || 'none';
          throw new CliError(`No workspace '${slug}'. Existing: ${known}`);
        }
        // Right after install the database is empty: make the first workspace (without demo data).
        const first = await ensureFirstWorkspace(
          database!,
          services,
          { ...config, demo: { ...config.demo, enabled: false } },
          note,
        );
        if (first.generatedPassword) {
          note(
            `Created workspace '${first.workspaceSlug}'. Log in as ${first.adminEmail} with password ${first.generatedPassword} (shown once).`,
          );
        }
        const ws = await services.workspaces.findBySlug(first.workspaceSlug);
        if (!ws) throw new CliError(`No workspace '${first.workspaceSlug}'`);
        return ws;
      },
      actorFor: (ws) => systemActor(ws.id, 'cli'),
    };
    const result = await fn(ctx);
    if (json && result !== undefined) process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
    const message =
      err instanceof ConfigError || err instanceof CliError
        ? err.message
        : err instanceof AppError
          ? `${err.message}${err.fields.length ? `: ${err.fields.map((f) => `${f.path} ${f.message}`).join('; ')}` : ''}`
          : ((err as Error).stack ?? String(err));
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ error: { code: err instanceof AppError ? err.code : 'CLI_ERROR', message, ...(err instanceof AppError && err.fields.length ? { errors: err.fields } : {}) } })}\n`,
      );
    } else {
      process.stderr.write(`error: ${message}\n`);
    }
  } finally {
    await database?.close();
  }
}
