import type { Command } from 'commander';
import { formatMoney } from '../../shared/contracts/orders.js';
import { type GlobalOptions, withContext } from '../context.js';

/** `rapport lookup --phone '07911 123456'`: who an e-mail, phone or external id belongs to. */
export function registerLookup(program: Command, globals: () => GlobalOptions) {
  program
    .command('lookup')
    .description(
      'find the customer an e-mail, phone or external id belongs to, with the 360 summary (give one)',
    )
    .option('--email <address>', 'e-mail, any case')
    .option('--phone <number>', "phone as typed; without + it is read in the workspace's country")
    .option('--external-id <id>', "the customer's id in another system")
    .option('--source <system>', 'the system of --external-id (default: import)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action(
      (o: { email?: string; phone?: string; externalId?: string; source?: string; workspace?: string }) =>
        withContext(globals(), async (ctx) => {
          const ws = await ctx.workspace(o.workspace);
          const found = await ctx.services.lookup.lookup(ctx.actorFor(ws), {
            ...(o.email !== undefined ? { email: o.email } : {}),
            ...(o.phone !== undefined ? { phone: o.phone } : {}),
            ...(o.externalId !== undefined ? { externalId: o.externalId } : {}),
            ...(o.source !== undefined ? { source: o.source } : {}),
          });
          const { customer, orderSummary: orders } = found;
          ctx.say(`${customer.fullName || 'Unnamed customer'} (${customer.id})`);
          const contacts = [customer.primaryEmail, customer.primaryPhone].filter(Boolean).join(' · ');
          if (contacts) ctx.say(`  ${contacts}`);
          if (customer.prefersHumanService) ctx.say('  Prefers a human');
          if (customer.tags.length) ctx.say(`  Tags: ${customer.tags.join(', ')}`);
          ctx.say(
            `  Orders: ${orders.count}${orders.currency ? `, ${formatMoney(orders.revenueMinor, orders.currency)}` : ''}`,
          );
          for (const t of found.openTasks.slice(0, 3)) ctx.say(`  Open task: ${t.title}`);
          for (const e of found.timeline)
            ctx.say(`  ${e.occurredAt.toISOString().slice(0, 16)} ${e.summary}`);
          return found;
        }),
    );
}
