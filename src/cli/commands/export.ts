import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import type { Customer } from '../../shared/contracts/customers.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

/** CSV columns of a customer export; the customers import reads the same names. */
export const CUSTOMER_EXPORT_COLUMNS = [
  'rapport_id',
  'full_name',
  'given_name',
  'family_name',
  'email',
  'phone',
  'emails',
  'phones',
  'birthday',
  'locale',
  'time_zone',
  'tags',
  'prefers_human_service',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postal_code',
  'country',
  'created_at',
  'updated_at',
] as const;

export function customerCsvRow(c: Customer): string[] {
  return [
    c.id,
    c.fullName,
    c.givenName ?? '',
    c.familyName ?? '',
    c.primaryEmail ?? '',
    c.primaryPhone ?? '',
    c.emails.map((e) => e.value).join('|'),
    c.phones.map((p) => p.value).join('|'),
    c.birthday ?? '',
    c.locale ?? '',
    c.timeZone ?? '',
    c.tags.join('|'),
    String(c.prefersHumanService),
    c.address?.line1 ?? '',
    c.address?.line2 ?? '',
    c.address?.city ?? '',
    c.address?.region ?? '',
    c.address?.postalCode ?? '',
    c.address?.country ?? '',
    c.createdAt.toISOString(),
    c.updatedAt.toISOString(),
  ];
}

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
        if (o.format === 'csv') {
          const csv = stringify({ header: true, columns: [...CUSTOMER_EXPORT_COLUMNS] });
          csv.pipe(out, { end: false });
          for await (const c of rows) {
            if (!csv.write(customerCsvRow(c))) await new Promise((r) => csv.once('drain', r));
            count++;
          }
          await new Promise<void>((resolve) => {
            csv.once('end', resolve);
            csv.end();
          });
        } else {
          await write(out, '[');
          for await (const c of rows) {
            await write(out, `${count ? ',' : ''}\n${JSON.stringify(c)}`);
            count++;
          }
          await write(out, '\n]\n');
        }
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
