import type { Command } from 'commander';
import { randomToken } from '../../server/lib/tokens.js';
import { Role } from '../../shared/contracts/common.js';
import { Password } from '../../shared/contracts/users.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

export function registerUsers(program: Command, globals: () => GlobalOptions) {
  const users = program.command('users').description('manage staff accounts');

  users
    .command('create')
    .description('create a user (prints a generated password when none is given)')
    .requiredOption('--email <email>', 'login e-mail')
    .option('--name <name>', 'display name')
    .option('--role <role>', `one of ${Role.options.join(', ')}`, 'agent')
    .option('--password <password>', 'at least 10 characters; generated when omitted')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { email: string; name?: string; role: string; password?: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        const role = Role.safeParse(o.role);
        if (!role.success) throw new CliError(`--role must be one of ${Role.options.join(', ')}`);
        const password = o.password ?? randomToken(12);
        const ws = await ctx.workspace(o.workspace);
        const user = await ctx.services.users.create(ctx.actorFor(ws), {
          email: o.email,
          name: o.name ?? o.email.split('@')[0]!,
          role: role.data,
          password,
        });
        ctx.say(`Created ${user.role} ${user.email} in workspace ${ws.slug}.`);
        if (!o.password) ctx.say(`Password (shown once): ${password}`);
        return { user, workspace: ws.slug, ...(o.password ? {} : { password }) };
      }),
    );

  users
    .command('set-password')
    .description('set a new password (and unlock the account)')
    .requiredOption('--email <email>', 'login e-mail')
    .option('--password <password>', 'at least 10 characters; generated when omitted')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { email: string; password?: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        const password = o.password ?? randomToken(12);
        const valid = Password.safeParse(password);
        if (!valid.success) throw new CliError(`--password ${valid.error.issues[0]?.message}`);
        const ws = await ctx.workspace(o.workspace);
        const actor = ctx.actorFor(ws);
        const user = await ctx.services.users.getByEmail(actor, o.email);
        await ctx.services.users.update(actor, user.id, { password });
        ctx.say(`New password for ${user.email}${o.password ? ' set.' : ` (shown once): ${password}`}`);
        return { user: user.email, workspace: ws.slug, ...(o.password ? {} : { password }) };
      }),
    );
}
