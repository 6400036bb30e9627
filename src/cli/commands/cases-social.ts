import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { SocialImportReport } from '../../shared/contracts/case-social.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

/** The `cases` command group, shared with any other case command registered before or after. */
function casesCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'cases') ??
    program.command('cases').description('complaints, suggestions, questions and praise')
  );
}

/** JSON by extension, else by a first character opening an object; CSV otherwise. */
export function feedFormat(file: string, text: string): 'json' | 'csv' {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  return text.trimStart().startsWith('{') ? 'json' : 'csv';
}

/** The report as people read it: the counts, then one line per row that is not plainly skipped. */
export function reportLines(file: string, report: SocialImportReport): string[] {
  const where = report.format === 'csv' ? 'line' : 'mention';
  const lines = [
    `Imported ${file}: ${report.created} created, ${report.duplicates} already imported, ${report.skipped} skipped (not negative), ${report.failed} failed.`,
  ];
  for (const r of report.rows) {
    if (r.status === 'skipped') continue;
    const problems = r.problems?.map((p) => `${p.path} ${p.message}`).join('; ');
    const what =
      r.status === 'failed'
        ? `failed: ${problems}`
        : `${r.status === 'created' ? 'created' : 'already imported as'} ${r.reference}${r.customerCreated ? ' (new provisional customer)' : ''}`;
    lines.push(`  ${where} ${r.line}: ${what}`);
  }
  return lines;
}

export function registerCasesSocial(program: Command, globals: () => GlobalOptions) {
  casesCommand(program)
    .command('import-social')
    .description(
      'import social mentions (JSON {"mentions":[…]} or CSV network,handle,text,url,posted_at[,name]): each negative one becomes a complaint case, once per URL',
    )
    .argument('<file>', 'a .json or .csv file of at most 500 mentions')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((file: string, o: { workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch {
          throw new CliError(`Cannot read ${file}`);
        }
        const format = feedFormat(file, text);
        let body: unknown;
        if (format === 'json') {
          try {
            body = JSON.parse(text);
          } catch (err) {
            throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
          }
        }
        const ws = await ctx.workspace(o.workspace);
        const report = await ctx.services.caseSocial.importMentions(
          ctx.actorFor(ws),
          format === 'json' ? { format, body } : { format, text },
        );
        for (const line of reportLines(file, report)) ctx.say(line);
        return report;
      }),
    );
}
