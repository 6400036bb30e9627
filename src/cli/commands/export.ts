import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { customerExportChunks } from '../../server/features/customers/customer-csv.js';
import type { Customer } from '../../shared/contracts/customers.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

const write = (out: Writable, chunk: string) =>
  new Promise<void>((resolve, reject) => {
    if (out.write(chunk)) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });

export function registerExport(program: Command, globals: () => GlobalOptions) {
  program
    .command('export')
    .description('export records')
    .command('customers')
    .description('export customers (all, or those matching the filters) as CSV or JSON')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--q <text>', 'search name, e-mail or phone')
    .option('--tag <tag>', 'only customers with this tag')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { format: string; out?: string; q?: string; tag?: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        if (o.format !== 'csv' && o.format !== 'json') throw new CliError('--format must be csv or json');
        if (ctx.json && !o.out)
          throw new CliError('--json prints a summary object; give --out FILE for the data');
        const ws = await ctx.workspace(o.workspace);
        const out: Writable = o.out ? createWriteStream(o.out) : process.stdout;
        const rows = ctx.services.customers.exportAll(ctx.actorFor(ws), {
          sort: 'createdAt',
          order: 'asc',
          ...(o.q ? { q: o.q } : {}),
          ...(o.tag ? { tag: o.tag } : {}),
        });
        let count = 0;
        async function* counted(): AsyncGenerator<Customer> {
          for await (const c of rows) {
            count++;
            yield c;
          }
        }
        for await (const chunk of customerExportChunks(counted(), o.format)) await write(out, chunk);
        if (o.out) {
          await new Promise<void>((resolve, reject) =>
            out.end((err?: Error | null) => (err ? reject(err) : resolve())),
          );
          process.stderr.write(`Exported ${count} customers to ${o.out}\n`);
        }
        return o.out ? { exported: count, file: o.out, format: o.format } : undefined;
      }),
    );
}
