import type { Command } from 'commander';
import type { CandidateStatus, MergePreview } from '../../shared/contracts/identities.js';
import { CANDIDATE_STATUSES } from '../../shared/contracts/identities.js';
import { type CliContext, CliError, type GlobalOptions, withContext } from '../context.js';

/** A customer named by id or by e-mail address. */
async function customerArg(
  ctx: CliContext,
  actor: Parameters<CliContext['services']['customers']['get']>[0],
  arg: string,
) {
  if (!arg.includes('@')) return (await ctx.services.customers.get(actor, arg)).id;
  const email = arg.trim().toLowerCase();
  const page = await ctx.services.customers.list(actor, {
    q: email,
    limit: 5,
    sort: 'createdAt',
    order: 'asc',
  });
  const hit = page.items.find((c) => c.emails.some((e) => e.value === email));
  if (!hit) throw new CliError(`No customer has the e-mail ${arg}`);
  return hit.id;
}

function describePreview(p: MergePreview): string[] {
  const show = (v: unknown) =>
    v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  const lines = [`Merging ${p.mergedId} into ${p.survivorId}:`];
  for (const d of p.decisions) {
    lines.push(
      `  ${d.field.padEnd(20)} ${show(d.result)}   (${d.from === 'both' || d.from === 'none' ? d.from : `from ${d.from}`}, ${d.rule.replace(/_/g, ' ')})`,
    );
  }
  const moves = Object.entries(p.moves)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`);
  lines.push(`  moves: ${moves.length ? moves.join(', ') : 'nothing'}`);
  for (const w of p.warnings) lines.push(`  warning: ${w}`);
  return lines;
}

export function registerIdentity(program: Command, globals: () => GlobalOptions) {
  const identity = program
    .command('identity')
    .description('merge and unmerge customers, and the duplicates queue');

  identity
    .command('merge')
    .description('merge the second customer into the first (ids or e-mail addresses)')
    .argument('<survivor>', 'the customer that stays')
    .argument('<merged>', 'the customer merged into it')
    .option('--dry-run', 'show the field-by-field result and what would move; change nothing')
    .option('--reason <text>', 'why (kept with the merge)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action(
      (survivor: string, merged: string, o: { dryRun?: boolean; reason?: string; workspace?: string }) =>
        withContext(globals(), async (ctx) => {
          const actor = ctx.actorFor(await ctx.workspace(o.workspace));
          const survivorId = await customerArg(ctx, actor, survivor);
          const mergedId = await customerArg(ctx, actor, merged);
          const out = await ctx.services.merges.merge(actor, {
            survivorId,
            mergedId,
            dryRun: Boolean(o.dryRun),
            ...(o.reason ? { reason: o.reason } : {}),
          });
          if ('preview' in out) {
            for (const line of describePreview(out.preview)) ctx.say(line);
            ctx.say('Dry run: nothing changed.');
            return { dryRun: true, ...out.preview };
          }
          const moved = Object.entries(out.merge.movedCounts)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${n} ${k}`);
          ctx.say(
            `Merged ${mergedId} into ${survivorId} (merge ${out.merge.id}); moved ${moved.join(', ') || 'nothing'}.`,
          );
          ctx.say(`Undo with: rapport identity unmerge ${out.merge.id}`);
          return out.merge;
        }),
    );

  identity
    .command('unmerge')
    .description('undo a merge: both customers restored, every moved record put back')
    .argument('<mergeId>', 'the merge (see `rapport identity history`)')
    .option(
      '--allow-remerge',
      'do not mark the pair "never merge" (the next event naming both may merge them again)',
    )
    .option('--reason <text>', 'why')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((mergeId: string, o: { allowRemerge?: boolean; reason?: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        const actor = ctx.actorFor(await ctx.workspace(o.workspace));
        const m = await ctx.services.merges.unmerge(actor, mergeId, {
          neverMergeAgain: !o.allowRemerge,
          ...(o.reason ? { reason: o.reason } : {}),
        });
        ctx.say(`Undid merge ${m.id}: ${m.mergedId} is back beside ${m.survivorId}.`);
        if (!o.allowRemerge) ctx.say('The pair is marked "never merge".');
        return m;
      }),
    );

  identity
    .command('history')
    .description('merges, newest first (of one customer with --customer)')
    .option('--customer <id>', 'only merges this customer took part in')
    .option('--limit <n>', 'how many', '20')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { customer?: string; limit: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        const actor = ctx.actorFor(await ctx.workspace(o.workspace));
        const page = await ctx.services.merges.list(actor, {
          limit: Number(o.limit),
          ...(o.customer ? { customerId: o.customer } : {}),
        });
        if (!page.items.length) ctx.say('No merges.');
        for (const m of page.items) {
          ctx.say(
            `${m.createdAt.toISOString()}  ${m.id}  ${m.mergedId} → ${m.survivorId}  by ${m.trigger}${m.undoneAt ? '  (undone)' : ''}`,
          );
        }
        return { merges: page.items, nextCursor: page.nextCursor };
      }),
    );

  identity
    .command('candidates')
    .description('the duplicates queue: likely duplicates for staff to review (never merged automatically)')
    .option('--scan', 'look for new likely duplicates first')
    .option('--status <status>', `${CANDIDATE_STATUSES.join(', ')}`, 'open')
    .option('--limit <n>', 'how many', '20')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { scan?: boolean; status: string; limit: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        if (!(CANDIDATE_STATUSES as readonly string[]).includes(o.status)) {
          throw new CliError(`--status must be one of ${CANDIDATE_STATUSES.join(', ')}`);
        }
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new CliError('--limit must be 1–200');
        const actor = ctx.actorFor(await ctx.workspace(o.workspace));
        const scan = o.scan ? await ctx.services.merges.scanCandidates(actor) : null;
        if (scan) ctx.say(`Compared ${scan.scanned} customers: ${scan.found} new pairs, ${scan.open} open.`);
        const page = await ctx.services.merges.candidates(actor, {
          status: o.status as CandidateStatus,
          limit,
        });
        if (!page.items.length)
          ctx.say(o.status === 'open' ? 'No likely duplicates.' : `No ${o.status} candidates.`);
        for (const c of page.items) {
          const [a, b] = c.customers;
          ctx.say(`${c.score.toFixed(2)}  ${a.fullName} (${a.id})  ~  ${b.fullName} (${b.id})`);
          ctx.say(`      ${c.signals.map((s) => s.detail).join('; ')}`);
        }
        return { ...(scan ? { scan } : {}), candidates: page.items, nextCursor: page.nextCursor };
      }),
    );
}
