import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { DateOrder, ImportKind } from '../../shared/contracts/imports.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

/** `--map "Mail=email"` options collected into a header → field mapping. */
function collectMapping(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new CliError(`--map takes COLUMN=field, got '${value}'`);
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1).trim() };
}

export function registerImport(program: Command, globals: () => GlobalOptions) {
  program
    .command('import')
    .description(
      'import a CSV file of customers, orders, touch points or visits (re-running it creates nothing new)',
    )
    .argument('<kind>', `one of ${ImportKind.options.join(', ')}`)
    .argument('<file>', 'CSV file (UTF-8, comma or semicolon separated, header row first)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .option(
      '--map <column=field>',
      'map a column to a field (empty field: ignore the column), repeatable',
      collectMapping,
      {},
    )
    .option(
      '--date-order <order>',
      'dmy or mdy, for dates like 03/04/2024 (default: mdy in US workspaces, else dmy)',
    )
    .option('--time-zone <zone>', 'IANA zone of date-times without an offset', 'UTC')
    .option('--source <system>', 'external-id system of customer ids without a source column', 'import')
    .option(
      '--currency <code>',
      "currency of amounts in rows without a currency column (default: the workspace's)",
    )
    .action(
      (
        kindArg: string,
        file: string,
        o: {
          workspace?: string;
          map: Record<string, string>;
          dateOrder?: string;
          timeZone: string;
          source: string;
          currency?: string;
        },
      ) =>
        withContext(globals(), async (ctx) => {
          const kind = ImportKind.safeParse(kindArg);
          const dateOrder = o.dateOrder === undefined ? undefined : DateOrder.safeParse(o.dateOrder);
          if (dateOrder && !dateOrder.success) throw new CliError('--date-order must be dmy or mdy');
          if (!kind.success) throw new CliError(`kind must be one of ${ImportKind.options.join(', ')}`);
          let bytesTotal: number;
          try {
            bytesTotal = statSync(file).size;
          } catch {
            throw new CliError(`Cannot read ${file}`);
          }
          const ws = await ctx.workspace(o.workspace);
          const tty = process.stderr.isTTY && !ctx.json;
          const started = Date.now();
          const report = await ctx.services.imports.run(ctx.actorFor(ws), {
            kind: kind.data,
            input: createReadStream(file),
            fileName: basename(file),
            bytesTotal,
            mapping: Object.fromEntries(Object.entries(o.map).map(([col, field]) => [col, field || null])),
            ...(await ctx.services.workspaces.importDefaults(ws.id)),
            ...(o.currency ? { defaultCurrency: o.currency.toUpperCase() } : {}),
            ...(dateOrder ? { dateOrder: dateOrder.data } : {}),
            timeZone: o.timeZone,
            source: o.source,
            onProgress: (p) => {
              if (!tty) return;
              const pct = p.bytesTotal ? Math.floor((100 * p.bytesRead) / p.bytesTotal) : 0;
              const rate = Math.round(p.rowsRead / Math.max(0.001, (Date.now() - started) / 1000));
              process.stderr.write(
                `\r${pct}% · ${p.rowsRead} rows · ${p.inserted} new · ${p.updated} updated · ${p.rejected} rejected · ${rate} rows/s   `,
              );
            },
          });
          if (tty) process.stderr.write('\n');
          const seconds = (Date.now() - started) / 1000;
          ctx.say(
            `Imported ${file} into ${ws.slug} in ${seconds.toFixed(1)} s: ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejectedCount} rejected.`,
          );
          for (const r of report.rejected.slice(0, 20)) {
            ctx.say(`  line ${r.line}${r.column ? ` (${r.column})` : ''}: ${r.code} ${r.message}`);
          }
          if (report.rejected.length > 20)
            ctx.say(`  … and ${report.rejected.length - 20} more (use --json for all)`);
          return report;
        }),
    );
}
