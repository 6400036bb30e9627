import { Command } from 'commander';
import { loadConfig } from '../server/config.js';
import { describeDatabase } from '../server/db/open.js';
import { serve } from '../server/serve.js';
import { registerBriefing } from './commands/briefing.js';
import { registerCasesSocial } from './commands/cases-social.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerIdentity } from './commands/identity.js';
import { registerImport } from './commands/import.js';
import { registerLookup } from './commands/lookup.js';
import { registerRelationships } from './commands/relationships.js';
import { registerUsers } from './commands/users.js';
import { registerValue } from './commands/value.js';
import { type GlobalOptions, withContext } from './context.js';

const program = new Command();
program
  .name('rapport')
  .description(
    'Rapport CRM command line. The database comes from RAPPORT_DATA_DIR (embedded) or DATABASE_URL (PostgreSQL).',
  )
  .option('--json', 'print one machine-readable JSON object')
  .showHelpAfterError();
const globals = () => program.opts<GlobalOptions>();

program
  .command('serve')
  .description('start the server (same as npm start)')
  .action(async () => {
    const server = await serve(loadConfig());
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(() =>
    withContext(globals(), async (ctx) => {
      // withContext already migrated on open; say where.
      ctx.say(`Migrations applied to ${describeDatabase(ctx.config)}.`);
      return { migrated: true, database: ctx.database.kind };
    }),
  );

registerUsers(program, globals);
registerIdentity(program, globals);
registerImport(program, globals);
registerExport(program, globals);
registerLookup(program, globals);
registerDemo(program, globals);
registerBriefing(program, globals);
registerValue(program, globals);
registerRelationships(program, globals);
registerCasesSocial(program, globals);

await program.parseAsync(process.argv);
