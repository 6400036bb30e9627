import type { Command } from 'commander';
import {
  type BgNbdParams,
  bgnbdExpectedPurchases,
  bgnbdPAlive,
  fitBgNbd,
} from '../../server/features/value/core/bgnbd.js';
import { fitGammaGamma } from '../../server/features/value/core/gamma-gamma.js';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdExpectedPurchases,
  paretoNbdPAlive,
} from '../../server/features/value/core/pareto-nbd.js';
import { fitSbgSurvivors } from '../../server/features/value/core/sbg.js';
import { summarizeOrders } from '../../server/features/value/core/summary.js';
import type { FitResult } from '../../server/features/value/core/types.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';
import {
  csvLine,
  formatNumber,
  INPUT_ERROR,
  parseDayFlag,
  parseNumber,
  readOrdersFile,
  readSummaryFile,
  type SummaryFileRow,
} from './value-files.js';

/** Parameter names in the order the JSON output lists them. */
const PARAMS = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  'pareto-nbd': ['r', 'alpha', 's', 'beta'],
  'gamma-gamma': ['p', 'q', 'v'],
  sbg: ['alpha', 'beta'],
} as const;
type FitModel = keyof typeof PARAMS;
const FIT_MODELS = Object.keys(PARAMS) as FitModel[];
const PREDICT_MODELS = ['bgnbd', 'pareto-nbd'] as const;
type PredictModel = (typeof PREDICT_MODELS)[number];

const MODEL_NAMES: Record<FitModel, string> = {
  bgnbd: 'BG/NBD',
  'pareto-nbd': 'Pareto/NBD',
  'gamma-gamma': 'Gamma-Gamma',
  sbg: 'shifted-beta-geometric',
};

const inputError = (message: string) => new CliError(message, INPUT_ERROR);

/**
 * Runs a file-only command: no database is opened. Input problems print one line on stderr and
 * exit with code 2; anything else exits with 1. Stdout carries only the JSON or CSV.
 */
async function fileCommand(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  }
}

function modelFlag<M extends string>(value: string | undefined, allowed: readonly M[], command: string): M {
  if (value === undefined) throw inputError(`${command} needs --model (${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(value)) {
    throw inputError(`--model must be one of ${allowed.join(', ')}; got '${value}'`);
  }
  return value as M;
}

function needFlag(value: string | undefined, flag: string, why: string): string {
  if (value === undefined || value === '') throw inputError(`${why} needs ${flag}`);
  return value;
}

/** The parameters of a fit in their documented order, with the fit's diagnostics after them. */
function fitJson(model: FitModel, fit: FitResult<string>) {
  const names = PARAMS[model];
  const pick = <T>(from: Record<string, T>) => Object.fromEntries(names.map((n) => [n, from[n]]));
  return {
    model,
    params: pick(fit.params),
    logLikelihood: fit.logLikelihood,
    n: fit.n,
    standardErrors: pick(fit.standardErrors),
    converged: fit.converged,
    iterations: fit.iterations,
    starts: fit.starts,
    message: fit.message,
  };
}

function fitText(model: FitModel, fit: FitResult<string>): string {
  const lines = [
    `${MODEL_NAMES[model]} fitted on ${fit.n} customers: ${fit.converged ? 'converged' : 'NOT converged'}`,
  ];
  for (const name of PARAMS[model]) {
    const se = fit.standardErrors[name];
    const estimate = formatNumber(fit.params[name] ?? Number.NaN);
    lines.push(
      `  ${name.padEnd(6)} ${estimate.padStart(12)}${se == null ? '' : `  (s.e. ${formatNumber(se)})`}`,
    );
  }
  lines.push(`  log-likelihood ${formatNumber(fit.logLikelihood)}`);
  if (fit.message) lines.push(`  ${fit.message}`);
  return `${lines.join('\n')}\n`;
}

function parseSurvivors(text: string): number[] {
  const values = text.split(',').map((s) => parseNumber(s));
  if (values.length < 2 || values.some((v) => v === null || v < 0)) {
    throw inputError(
      `--survivors takes two or more counts ≥ 0 separated by commas, e.g. 1000,869,743; got '${text}'`,
    );
  }
  const counts = values as number[];
  if (!(counts[0]! > 0))
    throw inputError('--survivors must start with a count > 0 (those alive at period 0)');
  for (let i = 1; i < counts.length; i += 1) {
    if (counts[i]! > counts[i - 1]!)
      throw inputError(`--survivors must not increase (${counts[i - 1]} then ${counts[i]})`);
  }
  return counts;
}

function fitTransactionModel(model: PredictModel, rows: readonly SummaryFileRow[]): FitResult<string> {
  const summaries = rows.map((r) => ({ x: r.x, tx: r.tx, T: r.T }));
  return model === 'bgnbd' ? fitBgNbd(summaries) : fitParetoNbd(summaries);
}

/** `--params '{"r":0.243,…}'`, or a whole `value fit --json` object (its `params` are used). */
function parseParamsFlag(model: PredictModel, text: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw inputError(`--params is not valid JSON: ${text}`);
  }
  const obj = (parsed as { params?: unknown } | null)?.params ?? parsed;
  const names = PARAMS[model];
  const out: Record<string, number> = {};
  for (const name of names) {
    const v = (obj as Record<string, unknown> | null)?.[name];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw inputError(
        `--params needs ${names.join(', ')} as numbers > 0 for ${model}; '${name}' is ${JSON.stringify(v)}`,
      );
    }
    out[name] = v;
  }
  return out;
}

/** Per-customer predictions of a transaction model with the given parameters, t periods ahead. */
function predictors(model: PredictModel, p: Record<string, number>, t: number) {
  const get = (name: string) => {
    const v = p[name];
    if (v === undefined) throw inputError(`--params: no '${name}'`);
    return v;
  };
  if (model === 'bgnbd') {
    const params: BgNbdParams = { r: get('r'), alpha: get('alpha'), a: get('a'), b: get('b') };
    return {
      expected: (c: SummaryFileRow) => bgnbdExpectedPurchases(params, t, c),
      pAlive: (c: SummaryFileRow) => bgnbdPAlive(params, c),
    };
  }
  const params: ParetoNbdParams = { r: get('r'), alpha: get('alpha'), s: get('s'), beta: get('beta') };
  return {
    expected: (c: SummaryFileRow) => paretoNbdExpectedPurchases(params, t, c),
    pAlive: (c: SummaryFileRow) => paretoNbdPAlive(params, c),
  };
}

/**
 * `rapport value …`: customer-value models on files (summaries, orders, survivor counts), without
 * a database. Subcommands that work on a workspace's data belong here too, with `withContext`.
 */
export function registerValue(program: Command, globals: () => GlobalOptions) {
  const value = program
    .command('value')
    .description(
      "customer-value models: recompute the workspace's values; fit, predict and summarise from files (no database)",
    );
  // Usage errors (unknown option, missing option value) exit 2 like every other input error.
  value.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : INPUT_ERROR));

  value
    .command('recompute')
    .description("fit the models on the workspace's orders and store every customer's value (a new run)")
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        const ws = await ctx.workspace(o.workspace);
        let last = '';
        const run = await ctx.services.value.recomputeNow(ctx.actorFor(ws), (p) => {
          // Progress on stderr, so --json keeps stdout to the one object.
          const line = p
            ? `${p.phase}${p.total > 1 ? ` ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')}` : ''}`
            : '';
          if (line && line !== last) process.stderr.write(`${line}…\n`);
          last = line;
        });
        if (run.status !== 'succeeded')
          throw new CliError(`The value run failed: ${run.error ?? 'unknown error'}`);
        const fitOf = (m: string) => run.fits.find((f) => f.model === m);
        ctx.say(
          `Run ${run.id}: ${run.customers?.toLocaleString('en')} customers, ${run.orders?.toLocaleString('en')} orders up to ${run.asOf}.`,
        );
        for (const m of ['bgnbd', 'pareto-nbd', 'gamma-gamma']) {
          const f = fitOf(m);
          if (!f) continue;
          // Stored as jsonb, whose key order is not the model's: list them in the model's order.
          const params = PARAMS[m as FitModel]
            .map((k) => `${k} ${Number((f.params[k] ?? Number.NaN).toPrecision(4))}`)
            .join(', ');
          ctx.say(
            `  ${MODEL_NAMES[m as FitModel]}: ${params} (LL ${f.logLikelihood.toFixed(1)}${f.converged ? '' : ', not converged'})`,
          );
        }
        const v = run.validation;
        if (v) {
          const errors = v.errors.map((e) => `${e.model} MAE ${e.mae.toFixed(3)}`).join(', ');
          ctx.say(
            `  Holdout after ${v.calibrationEnd}: ${v.actualHoldoutPurchases} purchases; ${errors}; best: ${v.best}.`,
          );
        } else {
          ctx.say('  No holdout validation: the history is too short.');
        }
        return run;
      }),
    );

  value
    .command('fit')
    .description('fit a model by maximum likelihood and print its parameters')
    .option('--model <model>', FIT_MODELS.join(' | '))
    .option('--summary <file>', 'summary CSV: customer_id,frequency,recency,T[,monetary_value] (any unit)')
    .option('--survivors <counts>', 'sbg: customers alive at the start of periods 0,1,2,… e.g. 1000,869,743')
    .action((o: { model?: string; summary?: string; survivors?: string }) =>
      fileCommand(async () => {
        const model = modelFlag(o.model, FIT_MODELS, 'value fit');
        let fit: FitResult<string>;
        if (model === 'sbg') {
          fit = fitSbgSurvivors(
            parseSurvivors(needFlag(o.survivors, '--survivors', 'value fit --model sbg')),
          );
        } else {
          const file = needFlag(o.summary, '--summary', `value fit --model ${model}`);
          const rows = await readSummaryFile(file, { monetary: model === 'gamma-gamma' });
          if (model === 'gamma-gamma') {
            const spends = rows.map((r) => ({ x: r.x, mx: r.mx ?? 0 }));
            if (!spends.some((s) => s.x > 0))
              throw inputError(`--summary ${file}: no customer with frequency > 0`);
            fit = fitGammaGamma(spends);
          } else {
            fit = fitTransactionModel(model, rows);
          }
        }
        process.stdout.write(
          globals().json ? `${JSON.stringify(fitJson(model, fit))}\n` : fitText(model, fit),
        );
      }),
    );

  value
    .command('predict')
    .description('expected purchases in the next t periods and P(alive) for every customer of a summary')
    .option('--model <model>', PREDICT_MODELS.join(' | '))
    .option('--summary <file>', 'summary CSV: customer_id,frequency,recency,T')
    .option('--t <periods>', "how far ahead, in the summary's time unit")
    .option(
      '--params <json>',
      'parameters as JSON, e.g. {"r":0.243,"alpha":4.414,"a":0.793,"b":2.426} (default: fit)',
    )
    .action((o: { model?: string; summary?: string; t?: string; params?: string }) =>
      fileCommand(async () => {
        const model = modelFlag(o.model, PREDICT_MODELS, 'value predict');
        const file = needFlag(o.summary, '--summary', 'value predict');
        const t = parseNumber(needFlag(o.t, '--t', 'value predict'));
        if (t === null || t < 0)
          throw inputError(`--t must be a number ≥ 0 (in the summary's time unit); got '${o.t}'`);
        const given = o.params === undefined ? null : parseParamsFlag(model, o.params);
        const rows = await readSummaryFile(file, { monetary: false });
        let params = given;
        if (!params) {
          const fit = fitTransactionModel(model, rows);
          params = fit.params;
          process.stderr.write(
            `note: fitted ${MODEL_NAMES[model]} on ${fit.n} customers${fit.converged ? '' : ' (not converged)'}: ${JSON.stringify(fitJson(model, fit).params)}\n`,
          );
        }
        const { expected, pAlive } = predictors(model, params, t);
        const out = ['customer_id,expected_purchases,p_alive'];
        for (const row of rows) out.push(csvLine([row.customerId, expected(row), pAlive(row)]));
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );

  value
    .command('summarize')
    .description('per-customer frequency, recency, T and monetary value (and holdout) from an orders file')
    .option('--orders <file>', 'CSV with customer, date and amount columns, or the CDNOW whitespace format')
    .option('--calibration-end <day>', 'last day of the calibration period, YYYY-MM-DD')
    .option('--observation-end <day>', 'last day of the holdout period, YYYY-MM-DD (default: the last order)')
    .option('--unit <unit>', 'day | week', 'week')
    .option('--exclude-gifts', 'leave gift orders (is_gift column) out of frequency, recency and spend')
    .action(
      (o: {
        orders?: string;
        calibrationEnd?: string;
        observationEnd?: string;
        unit: string;
        excludeGifts?: boolean;
      }) =>
        fileCommand(async () => {
          const file = needFlag(o.orders, '--orders', 'value summarize');
          const calibrationEnd = parseDayFlag(
            needFlag(o.calibrationEnd, '--calibration-end', 'value summarize'),
            '--calibration-end',
          );
          const observationEnd =
            o.observationEnd === undefined ? undefined : parseDayFlag(o.observationEnd, '--observation-end');
          if (observationEnd && observationEnd < calibrationEnd) {
            throw inputError('--observation-end must not be before --calibration-end');
          }
          if (o.unit !== 'day' && o.unit !== 'week')
            throw inputError(`--unit must be day or week; got '${o.unit}'`);
          const read = await readOrdersFile(file);
          if (o.excludeGifts && !read.hasGift) {
            throw inputError(`--exclude-gifts: ${file} has no gift column (is_gift or gift)`);
          }
          for (const [reason, lines] of Object.entries(read.skipped)) {
            for (const line of lines.slice(0, 10))
              process.stderr.write(`warning: ${file} line ${line}: ${reason}, row skipped\n`);
            if (lines.length > 10) {
              process.stderr.write(
                `warning: ${file}: ${lines.length} rows skipped in all for ${reason} (first 10 above)\n`,
              );
            }
          }
          const rows = summarizeOrders(read.orders, {
            calibrationEnd,
            unit: o.unit,
            ...(observationEnd ? { observationEnd } : {}),
            excludeNonPersonal: Boolean(o.excludeGifts),
          });
          const holdout = rows.some((r) => r.frequencyHoldout !== undefined);
          const header = ['customer_id', 'frequency', 'recency', 'T', 'monetary_value'];
          if (holdout) header.push('frequency_holdout', 'duration_holdout');
          const out = [header.join(',')];
          for (const r of rows) {
            const cells: (string | number)[] = [r.customerId, r.frequency, r.recency, r.T, r.monetaryValue];
            if (holdout) cells.push(r.frequencyHoldout ?? 0, r.durationHoldout ?? 0);
            out.push(csvLine(cells));
          }
          process.stdout.write(`${out.join('\n')}\n`);
        }),
    );
}
