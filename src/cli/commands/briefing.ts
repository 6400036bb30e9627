import type { Command } from 'commander';
import { BRIEFING_KIND_LABELS, type Briefing } from '../../shared/contracts/briefings.js';
import { IsoDate } from '../../shared/contracts/common.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

/** The briefing as a member of staff reads it on paper: one block per arrival. */
export function briefingText(b: Briefing): string[] {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: b.timeZone, hour: '2-digit', minute: '2-digit' });
  const lines = [
    `Arrivals at ${b.location} on ${b.date} (${b.timeZone})`,
    `${b.summary.text}; ${b.summary.messagesPerCustomer} messages per guest`,
  ];
  for (const e of b.entries) {
    lines.push('', `${time.format(e.visit.startsAt)}  ${e.customer.fullName} · ${e.visit.type}`);
    for (const m of e.messages) {
      lines.push(`  ${m.attention ? '!' : '-'} ${BRIEFING_KIND_LABELS[m.kind]}: ${m.text}`);
    }
  }
  return lines;
}

export function registerBriefing(program: Command, globals: () => GlobalOptions) {
  program
    .command('briefing')
    .description("a day's arrivals at a location with each guest's recognition messages")
    .option('--date <YYYY-MM-DD>', 'the day, in the workspace time zone (default: today)')
    .option('--location <name>', 'the location, exactly as the visits name it')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { date?: string; location?: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        if (o.date !== undefined && !IsoDate.safeParse(o.date).success) {
          throw new CliError(`--date must be a day like 2026-05-04, got '${o.date}'`);
        }
        const ws = await ctx.workspace(o.workspace);
        const actor = ctx.actorFor(ws);
        if (!o.location?.trim()) {
          const known = (await ctx.services.visits.locations(actor, {})).items.map((l) => `'${l.location}'`);
          throw new CliError(
            `--location is required${known.length ? `; locations with visits: ${known.join(', ')}` : '; no visits are booked yet'}`,
          );
        }
        const briefing = await ctx.services.briefings.forDay(actor, {
          location: o.location,
          ...(o.date ? { date: o.date } : {}),
        });
        for (const line of briefingText(briefing)) ctx.say(line);
        return briefing;
      }),
    );
}
