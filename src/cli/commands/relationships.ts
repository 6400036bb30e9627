import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createDemo } from '../../demo/generate.js';
import { seedDemo } from '../../demo/seed.js';
import { createServices, type Services } from '../../server/app.js';
import { openDatabase } from '../../server/db/client.js';
import { migrateDatabase } from '../../server/db/migrate.js';
import { evaluateTypes } from '../../server/features/relationships/core/evaluate.js';
import { type Actor, systemActor } from '../../server/lib/actor.js';
import { systemClock } from '../../server/lib/clock.js';
import {
  RELATIONSHIP_TYPES,
  type RelationshipRun,
  RelationshipType,
} from '../../shared/contracts/relationships.js';
import { CliError, type GlobalOptions, withContext } from '../context.js';

/** What the evaluation compares: the known type and whether the demo planted its signals. */
interface Known {
  type: RelationshipType;
  /** Behavioural signature or survey answer present: where the classifier can be expected to be right. */
  evident: boolean;
}

const progressLine = () => {
  let last = '';
  return (p: RelationshipRun['progress']) => {
    const line = p ? `${p.phase} ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')}` : '';
    if (line && line !== last) process.stderr.write(`${line}…\n`);
    last = line;
  };
};

/** Reads the demo's ground-truth file (as `npm start` and `demo seed` write it). */
async function truthFromFile(path: string): Promise<Map<string, Known>> {
  let doc: {
    customers?: { id: string; relationship?: { type: string; signals: boolean; survey: boolean } }[];
  };
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new CliError(`Cannot read the ground truth ${path}: ${(err as Error).message}`, 2);
  }
  const out = new Map<string, Known>();
  for (const c of doc.customers ?? []) {
    const parsed = RelationshipType.safeParse(c.relationship?.type);
    if (!parsed.success) continue;
    out.set(c.id, { type: parsed.data, evident: Boolean(c.relationship?.signals || c.relationship?.survey) });
  }
  if (!out.size) throw new CliError(`${path} holds no planted relationship types`, 2);
  return out;
}

function report(known: Map<string, Known>, inferred: Map<string, RelationshipType>) {
  const pairs = (evidentOnly: boolean) =>
    [...known.entries()]
      .filter(([id, k]) => inferred.has(id) && (!evidentOnly || k.evident))
      .map(([id, k]) => ({ known: k.type, inferred: inferred.get(id)! }));
  const evident = evaluateTypes(pairs(true));
  const all = evaluateTypes(pairs(false));
  return {
    accuracy: Number(evident.accuracy.toFixed(4)),
    n: evident.n,
    confusion: evident.confusion,
    perType: evident.perType,
    /** Every customer with a known type, signals planted or not. */
    overall: { accuracy: Number(all.accuracy.toFixed(4)), n: all.n },
  };
}

/** Seeds the demo into a throw-away embedded database, recomputes and answers the two maps. */
async function evaluateFreshDemo(customers: number, seed: number) {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await migrateDatabase(database);
    const services: Services = createServices({ database, clock: systemClock });
    const { workspace } = await services.workspaces.create({
      slug: 'evaluate',
      name: 'Relationship evaluation',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      currency: 'EUR',
      admin: { email: 'evaluate@rapport.local', password: null },
    });
    const now = new Date();
    process.stderr.write(`Seeding ${customers} demo customers (seed ${seed})…\n`);
    await seedDemo(database, { workspaceId: workspace.id, customers, seed, now });
    const known = new Map<string, Known>();
    for (const r of createDemo({ seed, customers, now }).records()) {
      if (r.truth) {
        const p = r.truth.relationship;
        known.set(r.customer.id, { type: p.type, evident: p.signals || p.survey });
      }
    }
    const actor: Actor = systemActor(workspace.id, 'cli');
    await services.value.recomputeNow(actor);
    await services.relationships.recomputeNow(actor, progressLine());
    return { known, inferred: await services.relationships.inferredTypes(actor) };
  } finally {
    await database.close();
  }
}

export function registerRelationships(program: Command, globals: () => GlobalOptions) {
  const rel = program.command('relationships').description("customers' relationship types and stages");

  rel
    .command('recompute')
    .description('classify and stage every customer of the workspace now (a new run)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((o: { workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        const ws = await ctx.workspace(o.workspace);
        const run = await ctx.services.relationships.recomputeNow(ctx.actorFor(ws), progressLine());
        ctx.say(
          `Run ${run.id}: ${run.customers?.toLocaleString('en')} customers classified and staged (model v${run.configVersion}).`,
        );
        return run;
      }),
    );

  rel
    .command('evaluate')
    .description(
      'accuracy of the inferred types against the demo business’s planted ones: by default on a fresh demo in a throw-away embedded database; with --truth, on the configured database against its ground-truth file',
    )
    .option('--customers <n>', 'demo customers for a fresh evaluation', '3000')
    .option('--seed <s>', 'demo seed for a fresh evaluation', '7')
    .option('--truth <file>', 'ground-truth JSON of a seeded demo (e.g. data/demo/ground-truth-demo.json)')
    .option('--workspace <slug>', 'with --truth: the seeded workspace (default: the first)')
    .action((o: { customers: string; seed: string; truth?: string; workspace?: string }) =>
      withContext(globals(), async (ctx) => {
        let known: Map<string, Known>;
        let inferred: Map<string, RelationshipType>;
        if (o.truth) {
          known = await truthFromFile(o.truth);
          const ws = await ctx.workspace(o.workspace);
          inferred = await ctx.services.relationships.inferredTypes(ctx.actorFor(ws));
          if (!inferred.size)
            throw new CliError('No customer is classified yet: run `rapport relationships recompute`');
        } else {
          const customers = Number(o.customers);
          const seed = Number(o.seed);
          if (!Number.isInteger(customers) || customers < 100 || customers > 200_000) {
            throw new CliError('--customers must be a whole number from 100 to 200000', 2);
          }
          if (!Number.isSafeInteger(seed)) throw new CliError('--seed must be a whole number', 2);
          ({ known, inferred } = await evaluateFreshDemo(customers, seed));
        }
        const r = report(known, inferred);
        ctx.say(
          `Top-1 accuracy ${(r.accuracy * 100).toFixed(1)}% on ${r.n.toLocaleString('en')} customers with planted signals (${(r.overall.accuracy * 100).toFixed(1)}% on all ${r.overall.n.toLocaleString('en')}).`,
        );
        for (const t of RELATIONSHIP_TYPES) {
          const p = r.perType[t];
          if (!p.n) continue;
          const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(0)}%`);
          ctx.say(
            `  ${t.padEnd(29)} n ${String(p.n).padStart(6)}  recall ${pct(p.recall).padStart(4)}  precision ${pct(p.precision).padStart(4)}`,
          );
        }
        return r;
      }),
    );
}
