import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { DEFAULT_EXTERNAL_ID_SOURCE } from '../../../shared/contracts/identities.js';
import type {
  DateOrder,
  ImportKind,
  ImportMapping,
  ImportProgress,
  ImportRejection,
  ImportResult,
  ImportRun,
  ImportStatus,
} from '../../../shared/contracts/imports.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, assertNever, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import {
  applyCustomerRow,
  type CsvFailure,
  type CsvRecord,
  type CustomerRef,
  type CustomerRow,
  type CustomerState,
  currencyDigits,
  customerMatchKeys,
  type HeaderMap,
  type IdentityRef,
  identityKey,
  isTimeZone,
  mapHeader,
  matchedCustomer,
  type NewIdentity,
  OrderBook,
  type OrderRow,
  orderHeaders,
  quote,
  type RowOptions,
  type RowResult,
  readCsv,
  resolveCustomers,
  rowIdentities,
  sameJson,
  type TouchpointRow,
  type VisitRow,
  validateCustomerRow,
  validateOrderRow,
  validateTouchpointRow,
  validateVisitRow,
} from './imports.core.js';
import { createImportsRepo, type ImportRunRow, type ImportTx } from './imports.repo.js';

export interface ImportRunOptions {
  kind: ImportKind;
  /** The CSV bytes; a file stream or any async iterable of chunks. Read once, with backpressure. */
  input: AsyncIterable<Buffer | string | Uint8Array>;
  fileName: string;
  /** File size, when known, for progress. */
  bytesTotal?: number | null;
  mapping?: ImportMapping;
  /** ISO 4217; amounts of rows without a currency column are in it. */
  defaultCurrency: string;
  /** ISO 3166-1 alpha-2; phone numbers without a country code are read in it. */
  defaultCountry: string;
  /** How 03/04/2024 is read; month first when the default country is the US, else day first. */
  dateOrder?: DateOrder;
  /** Zone of date-times without an offset; UTC by default. */
  timeZone?: string;
  /** External-id system for customer ids without a source column; 'import' by default. */
  source?: string;
  /** Re-runs the import recorded under this id (e.g. after a crash) instead of starting a new one. */
  importId?: string;
  /** Called after each chunk is committed. */
  onProgress?: (progress: ImportProgress) => void;
  /** Called for every rejected row, including those past the report's cap. */
  onRejection?: (rejection: ImportRejection) => void;
  /** Rows merged per transaction. */
  chunkSize?: number;
  /** Rejections kept in the returned report; `rejectedCount` counts them all. */
  maxReportedRejections?: number;
}

/** Rejections kept on the import's row for the status endpoint. */
const STORED_REJECTIONS = 1000;
const DEFAULT_REPORTED_REJECTIONS = 100_000;
// PGlite runs every query of the process on one connection: a chunk's transaction blocks the
// API meanwhile, so its chunks are smaller.
const DEFAULT_CHUNK = { postgres: 20_000, pglite: 5_000 } as const;
/** SKU → product id entries kept across chunks. */
const PRODUCT_CACHE = 100_000;
/** Identity → customer entries kept across chunks (about 15 MB). */
const REF_CACHE = 100_000;

type RowStatus = 'inserted' | 'updated' | 'unchanged';
/** What merging a chunk did: every row of it is counted once, or rejected. */
interface ChunkOutcome {
  counts: Record<RowStatus, number>;
  rejections: ImportRejection[];
  customersCreated: number;
  /** Rows held back because they name identities of two customers: merged, then applied. */
  links?: CustomerLink[];
}

/** A customer row whose identities belong to two customers, and the identity that links them. */
interface CustomerLink {
  row: CustomerRow;
  customerId: string;
  otherId: string;
  identity: { kind: IdentityRef['kind']; source: string; value: string; raw: string; column: string };
}

/** The merge a customer import asks for when a row links two customers (the merges service). */
export type LinkMerger = (
  actor: Actor,
  a: string,
  b: string,
  evidence: Record<string, unknown>,
) => Promise<{ merged: true } | { merged: false; reason: string }>;

function outcomeOf(
  statuses: (RowStatus | ImportRejection | 'linked')[],
  customersCreated = 0,
  links: CustomerLink[] = [],
): ChunkOutcome {
  const outcome: ChunkOutcome = {
    counts: { inserted: 0, updated: 0, unchanged: 0 },
    rejections: [],
    customersCreated,
    ...(links.length ? { links } : {}),
  };
  for (const s of statuses) {
    if (s === 'linked') continue;
    if (typeof s === 'string') outcome.counts[s]++;
    else outcome.rejections.push(s);
  }
  return outcome;
}

/**
 * CSV import of customers, orders, touch points and visits: streamed (bounded memory), validated
 * per row (a bad row is reported by its line and never stops the import), and merged by upsert
 * on external ids, e-mails (or phones), order ids, message ids and visit ids, so re-running a file — or
 * running it again after a crash — lands every row exactly once. Chunks are merged in their
 * own transactions while the next chunk is parsed.
 */
export function createImportsService(deps: {
  database: Database;
  audit: AuditLog;
  clock: Clock;
  /** Merges two customers a row links; without it such rows are rejected. */
  mergeLinked?: LinkMerger;
}) {
  const repo = createImportsRepo(deps.database);

  async function run(actor: Actor, opts: ImportRunOptions): Promise<ImportResult> {
    requirePermission(actor, 'data:import');
    const rowOptions = checkOptions(opts);
    const workspaceId = actor.workspaceId;
    const importId = opts.importId ?? newId();
    const bytesTotal = opts.bytesTotal ?? null;
    const restarted =
      opts.importId !== undefined &&
      (await repo.restartRun(workspaceId, importId, {
        fileName: opts.fileName,
        kind: opts.kind,
        bytesTotal,
      }));
    if (!restarted) {
      await repo.insertRun({
        workspaceId,
        id: importId,
        kind: opts.kind,
        fileName: opts.fileName,
        status: 'running',
        bytesTotal,
        createdBy: actorRef(actor),
        createdAt: deps.clock.now(),
      });
    }

    const counts = { inserted: 0, updated: 0, unchanged: 0, rejectedCount: 0, rowsRead: 0, bytesRead: 0 };
    let customersCreated = 0;
    let merges = 0;
    const reported: ImportRejection[] = [];
    const stored: ImportRejection[] = [];
    let storedChanged = false;
    const maxReported = opts.maxReportedRejections ?? DEFAULT_REPORTED_REJECTIONS;
    const reject = (r: ImportRejection) => {
      counts.rejectedCount++;
      if (reported.length < maxReported) reported.push(r);
      if (stored.length < STORED_REJECTIONS) {
        stored.push(r);
        storedChanged = true;
      }
      opts.onRejection?.(r);
    };
    const progress = () => ({
      bytesRead: counts.bytesRead,
      rowsRead: counts.rowsRead,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged,
      rejectedCount: counts.rejectedCount,
    });
    const storedList = () => [...stored].sort(byLine);
    let ignoredColumns: string[] = [];

    const session = await repo.openSession(workspaceId, actorRef(actor)).catch(async (e: unknown) => {
      await finish('failed', errorMessage(e));
      throw e;
    });

    async function finish(status: ImportStatus, error: string | null) {
      await repo.finishRun(workspaceId, importId, {
        ...progress(),
        rejected: storedList(),
        status,
        error,
        finishedAt: deps.clock.now(),
      });
      await deps.audit.record(actor, {
        action: status === 'completed' ? 'import.completed' : 'import.failed',
        entityType: 'import',
        entityId: importId,
        after: {
          kind: opts.kind,
          fileName: opts.fileName,
          ...progress(),
          ...(opts.kind === 'orders' ? { customersCreated } : {}),
          error,
        },
      });
    }

    // One chunk merges while the next is parsed; merges themselves stay strictly in order.
    let pending: Promise<void> = Promise.resolve();
    let merging = false;
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK[deps.database.kind];
    const settle = (outcome: ChunkOutcome) => {
      counts.inserted += outcome.counts.inserted;
      counts.updated += outcome.counts.updated;
      counts.unchanged += outcome.counts.unchanged;
      for (const r of outcome.rejections) reject(r);
      customersCreated += outcome.customersCreated;
    };
    /**
     * After a chunk commits: each row it held back because two customers own its identities
     * merges them (when the pair may be merged) and is then applied on its own; a pair that may
     * not be merged rejects the row, saying why. Runs before the next chunk, so merges stay in
     * file order.
     */
    const settleWithLinks = async (
      outcome: ChunkOutcome,
      apply: (tx: ImportTx, rows: CustomerRow[]) => Promise<ChunkOutcome>,
    ): Promise<void> => {
      settle(outcome);
      let links = outcome.links ?? [];
      for (let round = 0; links.length && round < 5; round++) {
        const ready: CustomerRow[] = [];
        for (const link of links) {
          const answer = deps.mergeLinked
            ? await deps.mergeLinked(actor, link.customerId, link.otherId, {
                importId,
                line: link.row.line,
                identity: {
                  kind: link.identity.kind,
                  source: link.identity.source,
                  value: link.identity.value,
                },
              })
            : null;
          if (answer?.merged) {
            merges++;
            ready.push(link.row);
          } else {
            reject({
              line: link.row.line,
              column: link.identity.column,
              code: 'IDENTITY_CONFLICT',
              message: `${quote(link.identity.raw)} belongs to another customer${answer ? `; not merged: ${answer.reason}` : ''}`,
            });
          }
        }
        if (!ready.length) break;
        const again = await session.transaction(deps.clock.now(), (tx) => apply(tx, ready));
        // A row that merged two customers changed them, even if nothing else of it was new.
        const { unchanged, ...rest } = again.counts;
        settle({ ...again, counts: { ...rest, unchanged: 0, updated: rest.updated + unchanged }, links: [] });
        links = again.links ?? [];
      }
      for (const link of links) {
        reject({
          line: link.row.line,
          column: link.identity.column,
          code: 'IDENTITY_CONFLICT',
          message: `${quote(link.identity.raw)} belongs to another customer`,
        });
      }
    };
    const afterChunk = async () => {
      await repo.updateProgress(workspaceId, importId, {
        ...progress(),
        ...(storedChanged ? { rejected: storedList() } : {}),
      });
      storedChanged = false;
      opts.onProgress?.({ ...progress(), rejected: counts.rejectedCount, bytesTotal });
    };

    /** Collects valid rows into chunks and merges each, one at a time, behind the parser. */
    function sinkFor<T>(driver: KindDriver<T>): Sink {
      let chunk: T[] = [];
      let keys = new Set<string>();
      const flush = async () => {
        await pending;
        if (!chunk.length) return;
        const rows = chunk;
        chunk = [];
        keys = new Set();
        merging = true;
        pending = session
          .transaction(deps.clock.now(), (tx) => driver.merge(tx, rows))
          .then((outcome) => settleWithLinks(outcome, (tx, held) => driver.merge(tx, held as T[])))
          .then(afterChunk)
          .finally(() => {
            merging = false;
          });
        // Awaited at the next flush; until then a failure must not count as unhandled.
        pending.catch(() => {});
      };
      return {
        push(record) {
          const result = driver.validate(record);
          if (!result) return;
          counts.rowsRead++;
          if (!result.ok) {
            reject(result.rejection);
            return;
          }
          const key = driver.chunkKey?.(result.row);
          const full = chunk.length >= chunkSize || (key !== undefined && keys.has(key));
          if (key !== undefined) keys.add(key);
          if (!full) {
            chunk.push(result.row);
            return;
          }
          return flush().then(() => {
            chunk.push(result.row);
          });
        },
        flush,
      };
    }

    try {
      let sink: Sink | null = null;
      const records = readCsv(opts.input, (n) => {
        counts.bytesRead += n;
      });
      let next = await records.next();
      while (!next.done) {
        // Let replies of an in-flight merge through between batches: the database is the
        // bottleneck, and it idles while its next statement waits behind parsing.
        if (merging) await new Promise<void>((resolve) => setImmediate(resolve));
        for (const record of next.value) {
          if (sink) {
            const wait = sink.push(record);
            if (wait) await wait;
          } else if (record.cells.some((c) => c.trim() !== '')) {
            const header = headerOrThrow(opts.kind, record.cells, opts.mapping);
            ignoredColumns = header.ignored;
            sink = driverFor(header, rowOptions, sinkFor);
          }
        }
        next = await records.next();
      }
      const failure: CsvFailure | null = next.value;
      if (!sink && !failure) throw invalidField('file', 'is empty: the first line must be a header');
      if (failure) {
        counts.rowsRead++;
        reject({ line: failure.line, column: null, code: 'MALFORMED_CSV', message: failure.message });
      }
      await sink?.flush();
      await pending;
      await finish('completed', null);
    } catch (e) {
      await pending.catch(() => {});
      await finish('failed', errorMessage(e)).catch(() => {});
      throw e;
    } finally {
      await session.close();
    }

    return {
      importId,
      kind: opts.kind,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged,
      rejected: reported.sort(byLine),
      rejectedCount: counts.rejectedCount,
      rowsRead: counts.rowsRead,
      ...(opts.kind === 'orders' ? { customersCreated } : {}),
      ...(opts.kind === 'customers' ? { merges } : {}),
      ignoredColumns,
    };
  }

  /**
   * An import started over HTTP: spools the upload to a temporary file (refusing more than
   * `maxBytes`), records the run, and imports in the background. Resolves as soon as the run is
   * recorded, so the caller can answer 202 and clients poll `get` for progress; the outcome
   * (completed or failed, with the error) lands on the run.
   */
  async function start(
    actor: Actor,
    opts: Omit<ImportRunOptions, 'input' | 'importId' | 'bytesTotal'> & {
      upload: AsyncIterable<Buffer | string | Uint8Array>;
      maxBytes: number;
      onFinished?: (error: unknown) => void;
    },
  ): Promise<ImportRun> {
    requirePermission(actor, 'data:import');
    const { upload, maxBytes, onFinished, ...options } = opts;
    checkOptions({ ...options, input: upload });
    const dir = await mkdtemp(join(tmpdir(), 'rapport-import-'));
    const file = join(dir, 'upload.csv');
    let bytes = 0;
    try {
      await pipeline(
        upload,
        async function* limit(chunks: AsyncIterable<Buffer | string | Uint8Array>) {
          for await (const chunk of chunks) {
            bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
            if (bytes > maxBytes) {
              throw new AppError(
                'PAYLOAD_TOO_LARGE',
                { maxBytes },
                [],
                `The file is larger than ${maxBytes} bytes`,
              );
            }
            yield chunk;
          }
        },
        createWriteStream(file),
      );
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    const importId = newId();
    await repo.insertRun({
      workspaceId: actor.workspaceId,
      id: importId,
      kind: options.kind,
      fileName: options.fileName,
      status: 'running',
      bytesTotal: bytes,
      createdBy: actorRef(actor),
      createdAt: deps.clock.now(),
    });
    const recorded = await repo.findRun(actor.workspaceId, importId);
    run(actor, { ...options, input: createReadStream(file), bytesTotal: bytes, importId })
      .then(
        () => onFinished?.(null),
        (error: unknown) => onFinished?.(error),
      )
      .finally(() => rm(dir, { recursive: true, force: true }));
    return toRun(recorded!);
  }

  return {
    run,
    start,

    async get(actor: Actor, importId: string): Promise<ImportRun> {
      requirePermission(actor, 'data:import');
      const row = await repo.findRun(actor.workspaceId, importId);
      if (!row) throw new AppError('IMPORT_NOT_FOUND', { id: importId });
      return toRun(row);
    },

    async list(actor: Actor, filter: { limit: number; cursor?: string }): Promise<Page<ImportRun>> {
      requirePermission(actor, 'data:import');
      const page = await repo.listRuns(actor.workspaceId, filter);
      return { items: page.items.map(toRun), nextCursor: page.nextCursor };
    },
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;

/** How one kind of file is validated and merged. */
interface KindDriver<T> {
  validate(record: CsvRecord): RowResult<T>;
  /** Rows sharing this key go to separate chunks (one statement cannot upsert a row twice). */
  chunkKey?(row: T): string;
  merge(tx: ImportTx, rows: T[]): Promise<ChunkOutcome>;
}

interface Sink {
  /** Takes a record; returns a promise only when a chunk had to be merged first. */
  push(record: CsvRecord): Promise<void> | undefined;
  flush(): Promise<void>;
}

const byLine = (a: ImportRejection, b: ImportRejection) => a.line - b.line;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function toRun(row: ImportRunRow): ImportRun {
  const { workspaceId: _ws, ...rest } = row;
  return rest;
}

function checkOptions(opts: ImportRunOptions): RowOptions {
  const currency = opts.defaultCurrency.toUpperCase();
  if (currencyDigits(currency) === null) {
    throw invalidField('defaultCurrency', `${quote(opts.defaultCurrency)} is not an ISO 4217 currency code`);
  }
  const country = opts.defaultCountry.toUpperCase();
  if (!isSupportedCountry(country)) {
    throw invalidField('defaultCountry', `${quote(opts.defaultCountry)} is not a country code such as GB`);
  }
  const timeZone = opts.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) throw invalidField('timeZone', `${quote(timeZone)} is not an IANA time zone`);
  const source = opts.source?.trim() || DEFAULT_EXTERNAL_ID_SOURCE;
  if (source.length > 50) throw invalidField('source', 'is longer than 50 characters');
  return {
    defaultCurrency: currency,
    defaultCountry: country as CountryCode,
    dateOrder: opts.dateOrder ?? (country === 'US' ? 'mdy' : 'dmy'),
    timeZone,
    source,
  };
}

function headerOrThrow(kind: ImportKind, cells: string[], mapping: ImportMapping | undefined): HeaderMap {
  const result = mapHeader(kind, cells, mapping);
  if (result.ok) return result.map;
  throw new AppError(
    'VALIDATION_FAILED',
    { kind },
    result.problems.map((message) => ({ path: 'file.header', message })),
    `The header cannot be mapped: ${result.problems.join('; ')}`,
  );
}

/** The driver of the file's kind, handed to `use` so its row type stays known. */
function driverFor(header: HeaderMap, opts: RowOptions, use: <T>(driver: KindDriver<T>) => Sink): Sink {
  switch (header.kind) {
    case 'customers': {
      const map = header as HeaderMap<'customers'>;
      return use<CustomerRow>({
        validate: (record) => validateCustomerRow(map, record, opts),
        merge: (tx, rows) => mergeCustomers(tx, rows, opts),
      });
    }
    case 'orders': {
      const map = header as HeaderMap<'orders'>;
      const book = new OrderBook();
      const products = new Map<string, string>();
      const customers = new Map<string, string>();
      return use<OrderRow>({
        validate: (record) => validateOrderRow(map, record, opts, book),
        merge: (tx, rows) => mergeOrders(tx, rows, opts, { book, products, customers }),
      });
    }
    case 'touchpoints': {
      const map = header as HeaderMap<'touchpoints'>;
      const customers = new Map<string, string>();
      return use<TouchpointRow>({
        validate: (record) => validateTouchpointRow(map, record, opts),
        chunkKey: (row) => row.messageId,
        merge: (tx, rows) => mergeTouchpoints(tx, rows, customers),
      });
    }
    case 'visits': {
      const map = header as HeaderMap<'visits'>;
      const customers = new Map<string, string>();
      return use<VisitRow>({
        validate: (record) => validateVisitRow(map, record, opts),
        chunkKey: (row) => visitKey(row.source, row.externalId),
        merge: (tx, rows) => mergeVisits(tx, rows, customers),
      });
    }
    default:
      return assertNever(header.kind);
  }
}

function uniqueKeys(keys: IdentityRef[]): IdentityRef[] {
  const seen = new Map<string, IdentityRef>();
  for (const k of keys) seen.set(identityKey(k.kind, k.source, k.value), k);
  return [...seen.values()];
}

/**
 * Customers are matched (external id, else e-mail, else — for rows with neither — phone) and
 * merged in row order (a later row of the same person updates the earlier), then written in
 * bulk: new customers inserted, changed ones updated, new identities added. An identity of the
 * row that belongs to another customer rejects the row. The one lookup of every identity of
 * the chunk serves both matching and the conflict check.
 */
async function mergeCustomers(tx: ImportTx, rows: CustomerRow[], opts: RowOptions): Promise<ChunkOutcome> {
  const idsOfRows = rows.map(rowIdentities);
  const keysOfRows = rows.map(customerMatchKeys);
  const owners = await tx.findIdentities(uniqueKeys(idsOfRows.flat()));
  const toLoad = new Set(
    keysOfRows.map((keys) => matchedCustomer(keys, owners)).filter((id): id is string => id !== null),
  );
  const stored = new Map((await tx.loadCustomers([...toLoad])).map((c) => [c.id, c]));
  const current = new Map<string, CustomerState>(stored);
  const created = new Set<string>();
  const known = new Map(owners);
  const identities: NewIdentity[] = [];

  const links: CustomerLink[] = [];
  const statuses = rows.map((row, i): RowStatus | ImportRejection | 'linked' => {
    const ids = idsOfRows[i] ?? [];
    // `known` also holds what earlier rows of the chunk created, so two rows with one phone
    // (or e-mail) become one customer.
    const target = matchedCustomer(keysOfRows[i] ?? [], known);
    for (const id of ids) {
      const owner = known.get(identityKey(id.kind, id.source, id.value));
      // Two stored customers: held back, merged after the chunk, then applied. A customer this
      // chunk would create is not merged into another: the row is refused as before.
      if (owner && target && owner !== target && !created.has(target) && !created.has(owner)) {
        links.push({ row, customerId: target, otherId: owner, identity: id });
        return 'linked';
      }
      if (owner && owner !== target) {
        return {
          line: row.line,
          column: id.column,
          code: 'IDENTITY_CONFLICT',
          message: `${quote(id.raw)} belongs to another customer`,
        };
      }
    }
    const id = target ?? newId();
    const prev = current.get(id) ?? null;
    const next = applyCustomerRow(prev, id, row, opts.defaultCountry);
    let added = 0;
    for (const ident of ids) {
      const key = identityKey(ident.kind, ident.source, ident.value);
      if (known.has(key)) continue;
      known.set(key, id);
      identities.push({
        customerId: id,
        kind: ident.kind,
        source: ident.source,
        value: ident.value,
        rawValue: ident.raw,
      });
      added++;
    }
    current.set(id, next);
    if (!prev) {
      created.add(id);
      return 'inserted';
    }
    return added || !sameJson(prev, next) ? 'updated' : 'unchanged';
  });

  const inserts: CustomerState[] = [];
  const updates: CustomerState[] = [];
  for (const [id, state] of current) {
    if (created.has(id)) inserts.push(state);
    else if (!sameJson(stored.get(id), state)) updates.push(state);
  }
  await tx.insertCustomers(inserts);
  await tx.updateCustomers(updates);
  await tx.insertIdentities(identities);
  return outcomeOf(statuses, 0, links);
}

/**
 * Resolves (or creates) each row's customer, ensures products exist, then upserts orders and
 * lines. A row counts as inserted when its line is new, updated when its line or its order
 * changed. Across the chunks of a file, `run.book` knows which orders already got their header
 * (from their first valid row); `run.products` caches SKU → product id (retail files repeat a
 * few thousand SKUs in every chunk) and `run.customers` identity → customer.
 */
async function mergeOrders(
  tx: ImportTx,
  rows: OrderRow[],
  opts: RowOptions,
  run: { book: OrderBook; products: Map<string, string>; customers: Map<string, string> },
): Promise<ChunkOutcome> {
  const { book, products: productIds } = run;
  if (productIds.size > PRODUCT_CACHE) productIds.clear();
  const missing = new Map<string, { id: string; sku: string; name: string }>();
  for (const r of rows) {
    if (r.sku && !productIds.has(r.sku) && !missing.has(r.sku)) {
      missing.set(r.sku, { id: newId(), sku: r.sku, name: r.description ?? r.sku });
    }
  }
  const refs = rows.map((r) => r.customer);
  const owners = await lookupRefs(tx, refs, run.customers);
  // Each statement is issued before the CPU work that does not need its result, so the
  // database works while this process computes. One statement at a time: the connection runs
  // them in order, and pg deprecates queueing.
  const productsWritten = tx.ensureProducts([...missing.values()]);
  productsWritten.catch(() => {});
  const resolution = resolveCustomers(refs, owners, true, () => newId());
  for (const i of resolution.identities)
    run.customers.set(identityKey(i.kind, i.source, i.value), i.customerId);
  const newCustomers = resolution.created.map(({ id, ref }) =>
    applyCustomerRow(
      null,
      id,
      {
        line: 0,
        externalId: null,
        emails: ref.email ? [{ value: ref.email, raw: ref.email, column: '' }] : [],
        phones: [],
        loyaltyNumber: null,
      },
      opts.defaultCountry,
    ),
  );
  for (const [sku, id] of await productsWritten) productIds.set(sku, id);
  const customersWritten = tx
    .insertCustomers(newCustomers)
    .then(() => tx.insertIdentities(resolution.identities));
  customersWritten.catch(() => {});
  const customerIds = resolution.customerIds.map((id) => id ?? '');
  const headers = orderHeaders(rows, customerIds, book).map((h) => ({ ...h, id: newId() }));
  await customersWritten;
  const merged = await tx.mergeOrders(headers, rows, productIds, (orderId) => book.header(orderId) === false);
  const rowsPerOrder = new Map<string, number>();
  for (const r of rows) rowsPerOrder.set(r.orderId, (rowsPerOrder.get(r.orderId) ?? 0) + 1);
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const [orderId, n] of rowsPerOrder) {
    const lines = merged.lines.get(orderId) ?? { inserted: 0, updated: 0 };
    counts.inserted += lines.inserted;
    // A row whose line is unchanged still counts as updated when its order changed.
    if (merged.orders.has(orderId)) counts.updated += n - lines.inserted;
    else {
      counts.updated += lines.updated;
      counts.unchanged += n - lines.inserted - lines.updated;
    }
  }
  return { counts, rejections: [], customersCreated: resolution.created.length };
}

/** Touch points need an existing customer; the row is rejected when there is none. */
async function mergeTouchpoints(
  tx: ImportTx,
  rows: TouchpointRow[],
  customers: Map<string, string>,
): Promise<ChunkOutcome> {
  const refs = rows.map((r) => r.customer);
  const owners = await lookupRefs(tx, refs, customers);
  const { customerIds } = resolveCustomers(refs, owners, false, () => newId());
  const inputs = rows.flatMap((r, i) => {
    const customerId = customerIds[i];
    return customerId
      ? [
          {
            id: newId(),
            messageId: r.messageId,
            customerId,
            channel: r.channel,
            type: r.type,
            occurredAt: r.occurredAt,
            properties: r.properties,
            source: r.source,
            satisfaction: r.satisfaction,
          },
        ]
      : [];
  });
  const merged = await tx.mergeTouchpoints(inputs);
  const statuses = rows.map((r, i): RowStatus | ImportRejection => {
    if (!customerIds[i]) {
      const named = [
        r.customer.externalId ? `id ${quote(r.customer.externalId.value)}` : null,
        r.customer.email ? `e-mail ${quote(r.customer.email)}` : null,
      ]
        .filter(Boolean)
        .join(' or ');
      return {
        line: r.line,
        column: r.customerColumn,
        code: 'CUSTOMER_NOT_FOUND',
        message: `no customer with ${named}; import customers first`,
      };
    }
    return merged.get(r.messageId) ?? 'unchanged';
  });
  return outcomeOf(statuses);
}

/**
 * The customers that rows name, as identity key → customer id: external ids first, then the
 * e-mails of rows whose id is unknown (most rows of a re-import resolve by id alone). `known`
 * holds what earlier chunks of the run established (a retail file names each customer in many
 * chunks) and learns what the database answers; it is dropped when it grows past its bound.
 */
async function lookupRefs(
  tx: ImportTx,
  refs: readonly CustomerRef[],
  known: Map<string, string>,
): Promise<Map<string, string>> {
  if (known.size > REF_CACHE) known.clear();
  const found = new Map<string, string>();
  const ask = async (keys: Map<string, IdentityRef>) => {
    if (!keys.size) return;
    for (const [k, v] of await tx.findIdentities([...keys.values()])) {
      found.set(k, v);
      known.set(k, v);
    }
  };
  const ext = new Map<string, IdentityRef>();
  for (const r of refs) {
    if (!r.extKey || !r.externalId || found.has(r.extKey) || ext.has(r.extKey)) continue;
    const id = known.get(r.extKey);
    if (id) found.set(r.extKey, id);
    else ext.set(r.extKey, { kind: 'external_id', source: r.externalId.source, value: r.externalId.value });
  }
  await ask(ext);
  const emails = new Map<string, IdentityRef>();
  for (const r of refs) {
    if (!r.emailKey || !r.email || (r.extKey && found.has(r.extKey))) continue;
    if (found.has(r.emailKey) || emails.has(r.emailKey)) continue;
    const id = known.get(r.emailKey);
    if (id) found.set(r.emailKey, id);
    else emails.set(r.emailKey, { kind: 'email', source: '', value: r.email });
  }
  await ask(emails);
  return found;
}

const visitKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;

/**
 * Visits need an existing customer, found by the first of the row's external id, e-mail and
 * phone the workspace knows (one lookup for the chunk); the row is rejected when none is. Then
 * upserted on (source, visit id).
 */
async function mergeVisits(
  tx: ImportTx,
  rows: VisitRow[],
  known: Map<string, string>,
): Promise<ChunkOutcome> {
  if (known.size > REF_CACHE) known.clear();
  const missing = new Map<string, IdentityRef>();
  for (const r of rows) {
    // The first key decides when the workspace knows it; the others matter only when it does not.
    if (r.customer.keys[0] && known.has(r.customer.keys[0].key)) continue;
    for (const k of r.customer.keys) {
      if (!known.has(k.key)) missing.set(k.key, { kind: k.kind, source: k.source, value: k.value });
    }
  }
  if (missing.size) for (const [k, v] of await tx.findIdentities([...missing.values()])) known.set(k, v);
  const customerIds = rows.map((r) => {
    for (const k of r.customer.keys) {
      const id = known.get(k.key);
      if (id) return id;
    }
    return null;
  });
  const merged = await tx.mergeVisits(
    rows.flatMap((r, i) => {
      const customerId = customerIds[i];
      return customerId ? [{ ...r, id: newId(), customerId }] : [];
    }),
  );
  const statuses = rows.map((r, i): RowStatus | ImportRejection => {
    if (!customerIds[i]) {
      return {
        line: r.line,
        column: r.customer.column,
        code: 'CUSTOMER_NOT_FOUND',
        message: `no customer with ${r.customer.described}; import customers first`,
      };
    }
    return merged.get(visitKey(r.source, r.externalId)) ?? 'unchanged';
  });
  return outcomeOf(statuses);
}
