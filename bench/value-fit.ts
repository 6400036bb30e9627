/**
 * Customer-value model fits at scale (issue #5): simulates a cohort of BG/NBD customers, acquired
 * uniformly over a year (T from 26 to 78 weeks) with purchase times on calendar days (1/7 week),
 * as summaries built from real orders are, and times `fitBgNbd` — collapsing identical rows
 * included, and reported on its own too. When `pareto-nbd.ts` provides `fitParetoNbd`, times it
 * on Pareto/NBD data of the same shape.
 * Usage: npx tsx bench/value-fit.ts [customers=1000000] [seed=1]
 * Targets: BG/NBD < 3 s, Pareto/NBD < 10 s for 1,000,000 customers.
 * Prints one JSON line per model on stdout (`seconds` is wall time of the fit call, collapse
 * included; `collapseSeconds` a separate collapse of the same rows); progress goes to stderr.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../src/demo/random.js';
import { fitBgNbd } from '../src/server/features/value/core/bgnbd.js';
import { collapseRepeatSummaries } from '../src/server/features/value/core/collapse.js';
import { simulateBgNbd, simulateParetoNbd } from '../src/server/features/value/core/simulate.js';
import type { FitResult, RepeatSummary } from '../src/server/features/value/core/types.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** CDNOW-like parameters, in weeks (FHL 2005; Fader, Hardie & Lee's Pareto/NBD note). */
const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const DAY = 1 / 7;

const cohortRandom = createRandom(seed, 100);
const T = Array.from({ length: customers }, () => cohortRandom.int(26 * 7, 78 * 7) * DAY);

const seconds = (from: number) => (performance.now() - from) / 1000;

function report(
  model: string,
  rows: readonly RepeatSummary[],
  fitModel: (rows: readonly RepeatSummary[]) => FitResult<string>,
) {
  let started = performance.now();
  const distinctRows = collapseRepeatSummaries(rows).length;
  const collapseSeconds = seconds(started);
  started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = fitModel(rows);
  const fitSeconds = seconds(started);
  const cpu = process.cpuUsage(cpuBefore);
  log(`${model}: ${result.message}`);
  const round = (v: number) => Number(v.toPrecision(5));
  console.log(
    JSON.stringify({
      model,
      customers,
      distinctRows,
      seconds: round(fitSeconds),
      // CPU time of this process alone: a fairer figure than wall time on a shared machine.
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      collapseSeconds: round(collapseSeconds),
      converged: result.converged,
      logLikelihood: Math.round(result.logLikelihood * 10) / 10,
      params: Object.fromEntries(Object.entries(result.params).map(([k, v]) => [k, round(v as number)])),
      trueParams: model === 'bgnbd' ? BGNBD : PARETO,
    }),
  );
}

log(`simulating ${customers} BG/NBD customers…`);
report('bgnbd', simulateBgNbd(BGNBD, { customers, T, seed, timeResolution: DAY }), fitBgNbd);

const paretoUrl = new URL('../src/server/features/value/core/pareto-nbd.ts', import.meta.url);
if (!existsSync(fileURLToPath(paretoUrl))) {
  log('pareto-nbd.ts not found: skipping the Pareto/NBD fit');
} else {
  const pareto: Record<string, unknown> = await import(paretoUrl.href);
  const fitParetoNbd = pareto.fitParetoNbd;
  if (typeof fitParetoNbd !== 'function') {
    log('pareto-nbd.ts has no fitParetoNbd: skipping the Pareto/NBD fit');
  } else {
    log(`simulating ${customers} Pareto/NBD customers…`);
    report(
      'pareto-nbd',
      simulateParetoNbd(PARETO, { customers, T, seed, timeResolution: DAY }),
      fitParetoNbd as (rows: readonly RepeatSummary[]) => FitResult<string>,
    );
  }
}
