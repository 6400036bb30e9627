import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../server/db/client.js';
import { insertRows } from '../server/db/raw.js';
import {
  caseCompensations,
  caseCounters,
  caseEvents,
  caseMessages,
  caseSlas,
  cases,
  customers,
  identities,
  notes,
  orderLines,
  orders,
  products,
  relationshipSurveyResponses,
  tasks,
  touchpoints,
  users,
  visits,
} from '../server/db/schema.js';
import { createTouchpointTypesRepo } from '../server/features/touchpoint-types/touchpoint-types.repo.js';
import { type ActorRef, actorRef, systemActor } from '../server/lib/actor.js';
import { DemoCasePlanner } from './cases.js';
import {
  type CustomerTruth,
  createDemo,
  type DemoBusiness,
  type DemoCustomerRow,
  type DemoIdentityRow,
  type DemoNoteRow,
  type DemoOrderLineRow,
  type DemoOrderRow,
  type DemoSurveyRow,
  type DemoTaskRow,
  type DemoTouchpointRow,
  type DemoVisitRow,
  type DuplicateTruth,
} from './generate.js';
import { DEMO_CHANNELS, DEMO_TOUCHPOINT_TYPES } from './touchpoint-catalogue.js';

export interface SeedDemoOptions {
  /** The workspace to fill; its row must exist and it must hold no customers yet. */
  workspaceId: string;
  /** Customer records, planted duplicates included. */
  customers: number;
  /** Any safe integer; the same seed and `now` give the same data. */
  seed: number;
  /** End of the two-year observation window. */
  now: Date;
  /** Where to write the ground truth as JSON; its folder is created. */
  truthFile?: string;
  /** Called after each batch with customer records written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Rows written, by table, and where the ground truth went. */
export interface DemoSummary {
  workspaceId: string;
  seed: number;
  customers: number;
  /** Of `customers`, how many are planted second records of another customer. */
  duplicates: number;
  identities: number;
  orders: number;
  orderLines: number;
  touchpoints: number;
  products: number;
  notes: number;
  tasks: number;
  /** Upcoming visits (bookings, tables, spa appointments) from the day of `now` on. */
  visits: number;
  /** Answers to the relationship survey (a customer's second answer counts too). */
  surveys: number;
  /** Staff users; they cannot sign in until an admin gives them a password. */
  staff: number;
  /** Complaints, suggestions, questions and praise opened in the last 60 days (src/demo/cases.ts). */
  cases: number;
  /** Absolute path of the ground-truth JSON, or null when none was asked for. */
  truthFile: string | null;
}

/** Customer records per write: large enough to fill whole INSERT batches, small enough to stream. */
const CHUNK_CUSTOMERS = 1_000;
/** Rows per INSERT; one JSON parameter each, so PostgreSQL's 65,535-parameter cap never binds. */
const ROWS_PER_INSERT = 2_000;
/** Not an argon2 hash, so no password ever verifies against it. */
const NO_PASSWORD = '!';

/**
 * Fills a workspace with the demo hotel group for `seed`: staff, catalogue, then customers with
 * their identities, orders, touch points, notes, tasks, upcoming visits and relationship survey
 * answers, then the cases of a few percent of them (./cases.ts), streamed in chunks of multi-row INSERTs inside one transaction (all or nothing). Writes the ground truth to `truthFile`,
 * first to a temporary file that is renamed only once the data is committed.
 * @example
 * await seedDemo(database, { workspaceId, customers: 10_000, seed: 42, now: new Date(), truthFile: 'truth.json' })
 */
export async function seedDemo(database: Database, options: SeedDemoOptions): Promise<DemoSummary> {
  const { workspaceId } = options;
  const demo = createDemo({ seed: options.seed, customers: options.customers, now: options.now });
  const actor = actorRef(systemActor(workspaceId, 'demo'));
  const summary: DemoSummary = {
    workspaceId,
    seed: options.seed,
    customers: 0,
    duplicates: 0,
    identities: 0,
    orders: 0,
    orderLines: 0,
    touchpoints: 0,
    products: demo.products.length,
    notes: 0,
    tasks: 0,
    visits: 0,
    surveys: 0,
    staff: demo.staff.length,
    cases: 0,
    truthFile: options.truthFile ? resolve(options.truthFile) : null,
  };
  const truth = summary.truthFile ? await TruthWriter.open(summary.truthFile, demo, workspaceId) : null;

  try {
    await database.tx(async () => {
      const fixed = { workspaceId, actor };
      await seedRows(
        database,
        users,
        demo.staff.map((s) => ({
          id: s.id,
          email: s.email,
          name: s.name,
          role: s.role,
          passwordHash: NO_PASSWORD,
          createdAt: s.createdAt,
          updatedAt: s.createdAt,
        })),
        fixed,
      );
      await seedRows(database, products, demo.products, fixed);
      await createTouchpointTypesRepo(database).install(
        workspaceId,
        DEMO_TOUCHPOINT_TYPES,
        DEMO_CHANNELS,
        options.now,
      );

      const casePlanner = new DemoCasePlanner(options.seed, options.now);
      let chunk = newChunk();
      const flush = async () => {
        await seedRows(database, customers, chunk.customers, fixed);
        await seedRows(database, identities, chunk.identities, fixed);
        await seedRows(database, orders, chunk.orders, fixed);
        await seedRows(database, orderLines, chunk.orderLines, fixed);
        await seedRows(database, touchpoints, chunk.touchpoints, fixed);
        await seedRows(database, notes, chunk.notes, fixed);
        await seedRows(database, tasks, chunk.tasks, fixed);
        await seedRows(database, visits, chunk.visits, fixed);
        await seedRows(database, relationshipSurveyResponses, chunk.surveys, fixed);
        await truth?.customers(chunk.truths);
        summary.customers += chunk.customers.length;
        summary.identities += chunk.identities.length;
        summary.orders += chunk.orders.length;
        summary.orderLines += chunk.orderLines.length;
        summary.touchpoints += chunk.touchpoints.length;
        summary.notes += chunk.notes.length;
        summary.tasks += chunk.tasks.length;
        summary.visits += chunk.visits.length;
        summary.surveys += chunk.surveys.length;
        chunk = newChunk();
        options.onProgress?.(summary.customers, demo.customerCount);
      };

      for (const record of demo.records()) {
        casePlanner.consider(record);
        chunk.customers.push(record.customer);
        chunk.identities.push(...record.identities);
        chunk.orders.push(...record.orders);
        chunk.orderLines.push(...record.orderLines);
        chunk.touchpoints.push(...record.touchpoints);
        chunk.notes.push(...record.notes);
        chunk.tasks.push(...record.tasks);
        chunk.visits.push(...record.visits);
        chunk.surveys.push(...record.surveys);
        if (record.truth) chunk.truths.push(record.truth);
        if (record.duplicate) {
          truth?.duplicate(record.duplicate);
          summary.duplicates++;
        }
        if (chunk.customers.length >= CHUNK_CUSTOMERS) await flush();
      }
      if (chunk.customers.length > 0 || summary.customers === 0) await flush();

      // Cases last: they point at customers and staff written above.
      const demoCases = casePlanner.build(demo.staff);
      await seedRows(database, cases, demoCases.cases, fixed);
      await seedRows(database, caseSlas, demoCases.slas, fixed);
      await seedRows(database, caseMessages, demoCases.messages, fixed);
      await seedRows(database, caseEvents, demoCases.events, fixed);
      await seedRows(database, caseCompensations, demoCases.compensations, fixed);
      if (demoCases.lastNumber > 0) {
        await seedRows(database, caseCounters, [{ lastNumber: demoCases.lastNumber }], fixed);
      }
      summary.cases = demoCases.cases.length;
    });
  } catch (error) {
    await truth?.abort();
    throw error;
  }
  await truth?.commit(summary);
  return summary;
}

interface Chunk {
  customers: DemoCustomerRow[];
  identities: DemoIdentityRow[];
  orders: DemoOrderRow[];
  orderLines: DemoOrderLineRow[];
  touchpoints: DemoTouchpointRow[];
  notes: DemoNoteRow[];
  tasks: DemoTaskRow[];
  visits: DemoVisitRow[];
  surveys: DemoSurveyRow[];
  truths: CustomerTruth[];
}

function newChunk(): Chunk {
  return {
    customers: [],
    identities: [],
    orders: [],
    orderLines: [],
    touchpoints: [],
    notes: [],
    tasks: [],
    visits: [],
    surveys: [],
    truths: [],
  };
}

/**
 * Columns the seeder fills the same way on every row, so they travel once per INSERT: the
 * workspace, and the seeder's actor wherever a table records who wrote the row.
 */
const ACTOR_COLUMNS = ['createdBy', 'updatedBy', 'recordedBy'] as const;
type Fixed = 'workspaceId' | (typeof ACTOR_COLUMNS)[number];

/**
 * The seeder's rows, `ROWS_PER_INSERT` a statement through `insertRows` (one JSON parameter
 * each: on PGlite several times faster than the query builder's parameter per cell), the
 * workspace and — where the table records who wrote a row — the seeder's actor sent once.
 */
function seedRows<T extends PgTable>(
  database: Database,
  table: T,
  rows: readonly Omit<T['$inferInsert'], Fixed>[],
  fixed: { workspaceId: string; actor?: ActorRef },
): Promise<void> {
  const columns = getTableColumns(table);
  const same: Record<string, unknown> = { workspaceId: fixed.workspaceId };
  for (const key of ACTOR_COLUMNS) if (fixed.actor && columns[key]) same[key] = fixed.actor;
  // The keys `same` fills vary by table; the rows leave exactly those out.
  return insertRows(database.q(), table, rows as T['$inferInsert'][], {
    same: same as Pick<T['$inferInsert'], never>,
    batch: ROWS_PER_INSERT,
  });
}

/**
 * Streams the ground truth as JSON, one customer per line, so a million customers never sit
 * in memory; duplicates (1% of records) are held and written at the end.
 */
class TruthWriter {
  private first = true;
  private readonly duplicates: DuplicateTruth[] = [];

  private constructor(
    private readonly file: FileHandle,
    private readonly tmpPath: string,
    private readonly path: string,
  ) {}

  static async open(path: string, demo: DemoBusiness, workspaceId: string): Promise<TruthWriter> {
    await mkdir(dirname(path), { recursive: true });
    const tmpPath = `${path}.partial`;
    const file = await open(tmpPath, 'w');
    const { bgnbd, gammaGamma } = demo.model;
    const header = {
      generator: 'rapport-demo',
      formatVersion: 1,
      seed: demo.seed,
      workspaceId,
      now: demo.now.toISOString(),
      timeUnit: demo.model.timeUnit,
      currency: demo.model.currency,
      observation: {
        start: demo.window.start.toISOString(),
        end: demo.window.end.toISOString(),
        weeks: demo.window.weeks,
      },
      model: {
        bgnbd: {
          ...bgnbd,
          description:
            'lambda ~ Gamma(shape r, rate alpha) repeat purchases per week; after each repeat purchase the customer drops out with probability p ~ Beta(a, b); the first purchase is at acquisition',
        },
        gammaGamma: {
          ...gammaGamma,
          unit: demo.model.currency,
          description:
            'each transaction value z ~ Gamma(shape p, rate nu) in EUR, nu ~ Gamma(shape q, rate gamma); mean spend per transaction p/nu',
        },
      },
      fields: {
        lambda: 'purchases per week while active',
        p: 'dropout probability after each repeat purchase',
        alive: 'had not dropped out at `now`',
        nu: 'Gamma-Gamma rate, per EUR',
        transactions: 'orders including the first',
        x: 'repeat orders',
        tx: 'weeks from first to last order',
        T: 'weeks from first order to `now`',
        spendMinor: 'sum of order totals, EUR cents',
        relationship:
          'the planted Fournier relationship type (type); signals: whether its behavioural signature was planted (touch points, attributes), false for 15% who look plain; survey: whether the customer answered the relationship survey, whose latest sentence is the type 90% of the time',
      },
      customerRecords: demo.customerCount,
      duplicateRecords: demo.duplicateCount,
    };
    const opening = JSON.stringify(header, null, 2).replace(/\n}$/, ',\n  "customers": [\n');
    await file.write(opening);
    return new TruthWriter(file, tmpPath, path);
  }

  async customers(list: CustomerTruth[]): Promise<void> {
    if (list.length === 0) return;
    const text = list.map((c) => `    ${JSON.stringify(c)}`).join(',\n');
    await this.file.write(this.first ? text : `,\n${text}`);
    this.first = false;
  }

  duplicate(pair: DuplicateTruth): void {
    this.duplicates.push(pair);
  }

  async commit(summary: DemoSummary): Promise<void> {
    const duplicates = this.duplicates.map((d) => `    ${JSON.stringify(d)}`).join(',\n');
    const { truthFile: _path, ...counts } = summary;
    await this.file.write(
      `\n  ],\n  "duplicates": [\n${duplicates}\n  ],\n  "counts": ${JSON.stringify(counts)}\n}\n`,
    );
    await this.file.close();
    await rename(this.tmpPath, this.path);
  }

  async abort(): Promise<void> {
    await this.file.close().catch(() => undefined);
    await rm(this.tmpPath, { force: true });
  }
}
