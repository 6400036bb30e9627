import { join } from 'node:path';
import type { Command } from 'commander';
import { seedDemo } from '../../demo/seed.js';
import { DEMO_WORKSPACE } from '../../server/bootstrap.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

export function registerDemo(program: Command, globals: () => GlobalOptions) {
  program
    .command('demo')
    .description('the demo hotel group')
    .command('seed')
    .description('create a workspace and fill it with the deterministic demo business')
    .option('--customers <n>', 'number of customers', '2000')
    .option('--seed <s>', 'random seed (same seed → same data)', '42')
    .option('--workspace <slug>', 'slug of the workspace to create', DEMO_WORKSPACE.slug)
    .option('--admin-email <email>', 'admin of the new workspace', 'admin@rapport.local')
    .action((o: { customers: string; seed: string; workspace: string; adminEmail: string }) =>
      withContext(globals(), async (ctx) => {
        const customers = Number(o.customers);
        const seed = Number(o.seed);
        if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) {
          throw new CliError('--customers must be a whole number from 1 to 1000000');
        }
        if (!Number.isInteger(seed)) throw new CliError('--seed must be a whole number');
        if (await ctx.services.workspaces.findBySlug(o.workspace)) {
          throw new CliError(
            `Workspace '${o.workspace}' exists already; seed into a new one with --workspace NEW_SLUG`,
          );
        }
        const first = (await ctx.services.workspaces.listAll()).length === 0;
        const { workspace, adminEmail, generatedPassword } = await ctx.services.workspaces.create({
          slug: o.workspace,
          name:
            o.workspace === DEMO_WORKSPACE.slug
              ? DEMO_WORKSPACE.name
              : `${DEMO_WORKSPACE.name} · ${o.workspace}`,
          locale: 'en-GB',
          timeZone: 'Europe/London',
          currency: 'EUR',
          admin: {
            email: first && ctx.config.admin.email ? ctx.config.admin.email : o.adminEmail,
            password: first ? ctx.config.admin.password : null,
          },
        });
        const tty = process.stderr.isTTY && !ctx.json;
        const started = Date.now();
        const summary = await seedDemo(ctx.database, {
          workspaceId: workspace.id,
          customers,
          seed,
          now: new Date(),
          truthFile: join(ctx.config.dataDir, 'demo', `ground-truth-${workspace.slug}.json`),
          onProgress: (done, total) => {
            if (tty) process.stderr.write(`\rSeeding… ${done}/${total} customers`);
          },
        });
        if (tty) process.stderr.write('\n');
        const seconds = (Date.now() - started) / 1000;
        ctx.say(
          `Seeded workspace ${workspace.slug}: ${summary.customers} customers, ${summary.orders} orders, ${summary.touchpoints} touch points in ${seconds.toFixed(1)} s.`,
        );
        ctx.say(`Ground truth: ${summary.truthFile}`);
        if (generatedPassword) ctx.say(`Admin ${adminEmail}, password (shown once): ${generatedPassword}`);
        return {
          workspace: workspace.slug,
          seconds,
          ...summary,
          adminEmail,
          ...(generatedPassword ? { password: generatedPassword } : {}),
        };
      }),
    );
}
