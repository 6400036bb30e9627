import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { and, desc, eq } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ImportKind, ImportRejection, ImportStatus } from '../../../shared/contracts/imports.js';
import type { Database } from '../../db/client.js';
import type { ActorRef } from '../../lib/actor.js';
import { newId } from '../../lib/ids.js';
import { afterCursor, toPage } from '../../lib/pagination.js';
import type { CustomerState, IdentityRef, NewIdentity, OrderHeader, OrderRow } from './imports.core.js';
import { identityKey } from './imports.core.js';
import { imports } from './imports.table.js';

export type ImportRunRow = typeof imports.$inferSelect;

/** Counts and rejections of a run so far. */
export interface RunProgress {
  bytesRead: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  /** Only when they changed: the stored (capped) list is rewritten. */
  rejected?: ImportRejection[];
}

/** What a merge did to a stored row; rows absent from a merge's result were unchanged. */
export type Merged = 'inserted' | 'updated';

export interface TouchpointInput {
  id: string;
  messageId: string;
  customerId: string;
  channel: string;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  source: string | null;
  satisfaction: number | null;
}

export interface VisitInput {
  id: string;
  customerId: string;
  source: string;
  externalId: string;
  startsAt: Date;
  endsAt: Date | null;
  location: string;
  type: string;
  status: string | null;
  properties: Record<string, unknown>;
}

/**
 * The writes of one chunk, in one transaction bound to a workspace, an actor and a time. Bulk
 * rows travel by COPY (PostgreSQL: pg-copy-streams; PGlite: COPY FROM '/dev/blob', 4× faster
 * there than multi-row INSERTs) into staging tables emptied at commit, and are merged with
 * set-based SQL; an upsert reports only what it inserted or changed.
 */
export interface ImportTx {
  /** Which of these identities exist, as identity key → customer id. */
  findIdentities(keys: readonly IdentityRef[]): Promise<Map<string, string>>;
  loadCustomers(ids: readonly string[]): Promise<CustomerState[]>;
  insertCustomers(rows: readonly CustomerState[]): Promise<void>;
  updateCustomers(rows: readonly CustomerState[]): Promise<void>;
  /** Identities another writer took meanwhile are skipped, not failed. */
  insertIdentities(rows: readonly NewIdentity[]): Promise<void>;
  /** Product ids of these SKUs, inserting missing products (named `name`). */
  ensureProducts(
    products: readonly { id: string; sku: string; name: string }[],
  ): Promise<Map<string, string>>;
  /**
   * Upserts order headers on (workspace, external id) and each row's line on (order, line
   * number), then sets the total of changed orders without one in the file to the sum of all
   * their stored lines. Rows may belong to orders whose header an earlier chunk wrote. Results
   * are keyed by order external id: orders inserted or updated, and per order how many lines
   * were inserted and updated (the rest were unchanged).
   */
  mergeOrders(
    orders: readonly (OrderHeader & { id: string })[],
    rows: readonly OrderRow[],
    productIds: ReadonlyMap<string, string>,
    recomputeTotal: (orderId: string) => boolean,
  ): Promise<{ lines: Map<string, { inserted: number; updated: number }>; orders: Map<string, Merged> }>;
  /** Upserts touch points on (workspace, message id); message ids must be unique in the call. */
  mergeTouchpoints(rows: readonly TouchpointInput[]): Promise<Map<string, Merged>>;
  /**
   * Upserts visits on (workspace, source, external id); (source, external id) pairs must be
   * unique in the call. A null end or status leaves the stored one, properties are merged in.
   * Keyed by `source\u0000externalId`.
   */
  mergeVisits(rows: readonly VisitInput[]): Promise<Map<string, Merged>>;
}

/** A connection held for one import run. */
export interface ImportSession {
  transaction<T>(at: Date, fn: (tx: ImportTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The few driver operations the merge needs; the two drivers differ only here. */
interface Exec {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  /** Several statements without parameters. */
  exec(text: string): Promise<void>;
  /**
   * Loads rows through COPY, each encoded by `line` as one text-format line (see `copy`).
   * Encoding is lazy, so PostgreSQL parses the first rows while the rest are encoded.
   */
  copyIn<T>(
    table: string,
    columns: readonly string[],
    rows: readonly T[],
    line: (row: T) => string,
  ): Promise<void>;
}

/**
 * Arbitrary constant: the advisory lock that serialises one workspace's import chunks, so two
 * imports never both create the customer their lookups missed.
 */
const IMPORT_LOCK = 727_274_002;

/**
 * Staging tables of a session. Temporary (never seen by other sessions, never WAL-logged) and
 * emptied at every commit, so one chunk's rows never reach the next.
 */
const STAGING_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS rapport_imp_customers (
    id uuid, given_name text, family_name text, full_name text, emails jsonb, phones jsonb,
    primary_email text, primary_phone text, address jsonb, birthday date, locale text, time_zone text,
    tags text[], attributes jsonb, prefers_human_service boolean, search_text text
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS rapport_imp_orders (
    order_ext text, id uuid, customer_id uuid, occurred_at timestamptz, channel text, location text,
    currency text, status text, total_minor bigint, lines_sum_minor bigint
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS rapport_imp_lines (
    order_id uuid, line_no int, product_id uuid, sku text, description text, quantity int,
    unit_price_minor bigint, is_gift boolean
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS rapport_imp_touchpoints (
    id uuid, message_id text, customer_id uuid, channel text, type text, occurred_at timestamptz,
    properties jsonb, source text, satisfaction smallint
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS rapport_imp_visits (
    id uuid, customer_id uuid, source text, external_id text, starts_at timestamptz, ends_at timestamptz,
    location text, type text, status text, properties jsonb
  ) ON COMMIT DELETE ROWS;`;
const DROP_STAGING_TABLES = `DROP TABLE IF EXISTS rapport_imp_customers, rapport_imp_orders, rapport_imp_lines,
  rapport_imp_touchpoints, rapport_imp_visits`;
const pgliteStaging = new WeakSet<object>();

export function createImportsRepo(database: Database) {
  return {
    async insertRun(row: typeof imports.$inferInsert): Promise<void> {
      await database.q().insert(imports).values(row);
    },

    /** Starts a run again under the same id (a retry after a crash or failure). */
    async restartRun(
      workspaceId: string,
      id: string,
      fields: { fileName: string; kind: ImportKind; bytesTotal: number | null },
    ): Promise<boolean> {
      const rows = await database
        .q()
        .update(imports)
        .set({
          ...fields,
          status: 'running',
          bytesRead: 0,
          rowsRead: 0,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          rejectedCount: 0,
          rejected: [],
          error: null,
          finishedAt: null,
        })
        .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)))
        .returning({ id: imports.id });
      return rows.length > 0;
    },

    async updateProgress(workspaceId: string, id: string, progress: RunProgress): Promise<void> {
      await database
        .q()
        .update(imports)
        .set(progress)
        .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
    },

    async finishRun(
      workspaceId: string,
      id: string,
      fields: RunProgress & { status: ImportStatus; error: string | null; finishedAt: Date },
    ): Promise<void> {
      await database
        .q()
        .update(imports)
        .set(fields)
        .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
    },

    async findRun(workspaceId: string, id: string): Promise<ImportRunRow | null> {
      const [row] = await database
        .q()
        .select()
        .from(imports)
        .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
      return row ?? null;
    },

    async listRuns(workspaceId: string, filter: { limit: number; cursor?: string }) {
      const rows = await database
        .q()
        .select()
        .from(imports)
        .where(
          and(
            eq(imports.workspaceId, workspaceId),
            afterCursor(imports.createdAt, imports.id, 'desc', filter.cursor, 'date'),
          ),
        )
        .orderBy(desc(imports.createdAt), desc(imports.id))
        .limit(filter.limit + 1);
      return toPage(rows, filter.limit, (r) => [r.createdAt.toISOString(), r.id]);
    },

    /**
     * Holds one connection for a run: a pool client on PostgreSQL (COPY needs one), the
     * embedded instance on PGlite.
     */
    async openSession(workspaceId: string, actor: ActorRef): Promise<ImportSession> {
      if (database.pool) {
        const client = await database.pool.connect();
        const exec = pgExec(client);
        try {
          await exec.exec(STAGING_TABLES);
        } catch (e) {
          client.release();
          throw e;
        }
        // A connection that cannot even roll back is broken: the pool must not hand it out again.
        let broken: Error | undefined;
        return {
          async transaction(at, fn) {
            await client.query('BEGIN');
            try {
              const result = await fn(await begin(exec, workspaceId, actor, at));
              await client.query('COMMIT');
              return result;
            } catch (e) {
              await client.query('ROLLBACK').catch((rollbackError: Error) => {
                broken = rollbackError;
              });
              throw e;
            }
          },
          async close() {
            // The connection goes back to the pool: leave nothing of the run on it.
            if (!broken) {
              await exec.exec(DROP_STAGING_TABLES).catch((e: Error) => {
                broken = e;
              });
            }
            client.release(broken);
          },
        };
      }
      const lite = database.pglite;
      if (!lite) throw new Error('database has neither a pool nor PGlite');
      // PGlite is one session for its whole life, shared by every run: create the staging
      // tables once. They empty at each commit, so runs never see each other's rows.
      if (!pgliteStaging.has(lite)) {
        await lite.exec(STAGING_TABLES);
        pgliteStaging.add(lite);
      }
      return {
        transaction: (at, fn) =>
          lite.transaction(async (t) => fn(await begin(pgliteExec(t), workspaceId, actor, at))),
        close: async () => {},
      };
    },
  };
}
export type ImportsRepo = ReturnType<typeof createImportsRepo>;

function pgExec(client: pg.PoolClient): Exec {
  return {
    async query<R>(text: string, params?: unknown[]) {
      const res = await client.query(text, params);
      return res.rows as R[];
    },
    async exec(text) {
      await client.query(text);
    },
    async copyIn(table, columns, rows, line) {
      if (!rows.length) return;
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(copyPieces(rows, line)), stream);
    },
  };
}

function pgliteExec(t: PgliteTransaction): Exec {
  return {
    async query<R>(text: string, params?: unknown[]) {
      const res = await t.query<R>(text, params);
      return res.rows;
    },
    async exec(text) {
      await t.exec(text);
    },
    async copyIn(table, columns, rows, line) {
      if (!rows.length) return;
      const blob = new Blob([...copyPieces(rows, line)]);
      await t.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob });
    },
  };
}

/** COPY data in pieces of a few hundred kB, encoded as they are read. */
function* copyPieces<T>(rows: readonly T[], line: (row: T) => string): Generator<string> {
  let piece = '';
  for (const row of rows) {
    piece += `${line(row)}\n`;
    if (piece.length > 256 * 1024) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NEEDS_ESCAPE = /[\\\n\r\t]/;

/**
 * Encoders of COPY text-format values. Rows are written as template strings of these, without
 * an array per row: at bulk sizes the encoding is a visible part of the import's CPU time.
 */
const copy = {
  text(v: string | null): string {
    if (v === null) return '\\N';
    return NEEDS_ESCAPE.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] ?? c) : v;
  },
  num(v: number | null): string {
    return v === null ? '\\N' : String(v);
  },
  bool(v: boolean): string {
    return v ? 't' : 'f';
  },
  time(v: Date): string {
    return v.toISOString();
  },
  json(v: unknown): string {
    return v === null || v === undefined ? '\\N' : copy.text(JSON.stringify(v));
  },
  /** A text[] literal. */
  textArray(values: readonly string[]): string {
    return copy.text(`{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  },
};

/**
 * Upserts the staged order headers with a file total (`withTotal`, which it sets) or without
 * (the total is recomputed from the lines afterwards, so the upsert leaves it alone). Unchanged
 * orders are not returned.
 */
function upsertOrdersSql(withTotal: boolean): string {
  const total = withTotal ? ', o.total_minor' : '';
  const excludedTotal = withTotal ? ', excluded.total_minor' : '';
  return `INSERT INTO orders AS o (workspace_id, id, external_id, customer_id, channel, location, occurred_at,
                                  currency, total_minor, status, created_at, updated_at, created_by, updated_by)
          SELECT $1, s.id, s.order_ext, s.customer_id, s.channel, s.location, s.occurred_at, s.currency,
                 ${withTotal ? 's.total_minor' : 's.lines_sum_minor'}, s.status,
                 $2::timestamptz, $2::timestamptz, $3::jsonb, $3::jsonb
            FROM rapport_imp_orders s
           WHERE s.total_minor IS ${withTotal ? 'NOT NULL' : 'NULL'}
          ON CONFLICT (workspace_id, external_id) DO UPDATE SET
            customer_id = excluded.customer_id, channel = excluded.channel, location = excluded.location,
            occurred_at = excluded.occurred_at, currency = excluded.currency, status = excluded.status,
            ${withTotal ? 'total_minor = excluded.total_minor,' : ''}
            updated_at = excluded.updated_at, updated_by = excluded.updated_by
          WHERE (o.customer_id, o.channel, o.location, o.occurred_at, o.currency, o.status${total})
                IS DISTINCT FROM
                (excluded.customer_id, excluded.channel, excluded.location, excluded.occurred_at, excluded.currency,
                 excluded.status${excludedTotal})
          RETURNING o.id, o.external_id, (o.xmax = 0) AS inserted`;
}

/**
 * Identities in index order (roughly: JavaScript and the database may collate differently), so
 * a chunk's lookups and inserts walk the unique index's leaves in one direction instead of
 * jumping around it: once the index outgrows the buffer cache, that is most of their cost.
 */
function sortedByKey<T extends IdentityRef>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) =>
    a.kind !== b.kind
      ? a.kind < b.kind
        ? -1
        : 1
      : a.source !== b.source
        ? a.source < b.source
          ? -1
          : 1
        : a.value < b.value
          ? -1
          : a.value > b.value
            ? 1
            : 0,
  );
}

interface CustomerDbRow {
  id: string;
  given_name: string | null;
  family_name: string | null;
  full_name: string;
  emails: CustomerState['emails'];
  phones: CustomerState['phones'];
  primary_email: string | null;
  primary_phone: string | null;
  address: CustomerState['address'];
  birthday: string | null;
  locale: string | null;
  time_zone: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  prefers_human_service: boolean;
  search_text: string;
}

const CUSTOMER_COLUMNS = [
  'id',
  'given_name',
  'family_name',
  'full_name',
  'emails',
  'phones',
  'primary_email',
  'primary_phone',
  'address',
  'birthday',
  'locale',
  'time_zone',
  'tags',
  'attributes',
  'prefers_human_service',
  'search_text',
] as const;

const customerLine = (c: CustomerState): string =>
  `${c.id}\t${copy.text(c.givenName)}\t${copy.text(c.familyName)}\t${copy.text(c.fullName)}\t${copy.json(c.emails)}\t${copy.json(c.phones)}\t${copy.text(c.primaryEmail)}\t${copy.text(c.primaryPhone)}\t${copy.json(c.address)}\t${copy.text(c.birthday)}\t${copy.text(c.locale)}\t${copy.text(c.timeZone)}\t${copy.textArray(c.tags)}\t${copy.json(c.attributes)}\t${copy.bool(c.prefersHumanService)}\t${copy.text(c.searchText)}`;

async function begin(exec: Exec, workspaceId: string, actor: ActorRef, at: Date): Promise<ImportTx> {
  await exec.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [IMPORT_LOCK, workspaceId]);
  const actorJson = JSON.stringify(actor);
  const stamp = [workspaceId, at.toISOString(), actorJson];

  return {
    async findIdentities(unsorted) {
      const found = new Map<string, string>();
      if (!unsorted.length) return found;
      const keys = sortedByKey(unsorted);
      const rows = await exec.query<{
        kind: IdentityRef['kind'];
        source: string;
        value: string;
        customer_id: string;
      }>(
        // LATERAL makes this one unique-index probe per key whatever the statistics say: while
        // a big import grows the table, stale estimates otherwise pick a hash join over every
        // identity of the workspace, once per chunk.
        `SELECT k.kind, k.source, k.value, i.customer_id
           FROM unnest($2::text[], $3::text[], $4::text[]) AS k(kind, source, value)
           CROSS JOIN LATERAL (
             SELECT customer_id FROM identities
              WHERE workspace_id = $1 AND kind = k.kind AND source = k.source AND value = k.value
              LIMIT 1
           ) i`,
        [workspaceId, keys.map((k) => k.kind), keys.map((k) => k.source), keys.map((k) => k.value)],
      );
      for (const r of rows) found.set(identityKey(r.kind, r.source, r.value), r.customer_id);
      return found;
    },

    async loadCustomers(ids) {
      if (!ids.length) return [];
      const rows = await exec.query<CustomerDbRow>(
        `SELECT id, given_name, family_name, full_name, emails, phones, primary_email, primary_phone, address,
                birthday::text AS birthday, locale, time_zone, tags, attributes, prefers_human_service, search_text
           FROM customers WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
        [workspaceId, ids],
      );
      return rows.map((r) => ({
        id: r.id,
        givenName: r.given_name,
        familyName: r.family_name,
        fullName: r.full_name,
        emails: r.emails,
        phones: r.phones,
        primaryEmail: r.primary_email,
        primaryPhone: r.primary_phone,
        address: r.address,
        birthday: r.birthday,
        locale: r.locale,
        timeZone: r.time_zone,
        tags: r.tags,
        attributes: r.attributes,
        prefersHumanService: r.prefers_human_service,
        searchText: r.search_text,
      }));
    },

    async insertCustomers(rows) {
      if (!rows.length) return;
      // New ids, so no upsert is needed: straight into the table.
      const audit = `\t${at.toISOString()}\t${at.toISOString()}\t${copy.text(actorJson)}\t${copy.text(actorJson)}`;
      await exec.copyIn(
        'customers',
        ['workspace_id', ...CUSTOMER_COLUMNS, 'created_at', 'updated_at', 'created_by', 'updated_by'],
        rows,
        (c) => `${workspaceId}\t${customerLine(c)}${audit}`,
      );
    },

    async updateCustomers(rows) {
      if (!rows.length) return;
      await exec.copyIn('rapport_imp_customers', CUSTOMER_COLUMNS, rows, customerLine);
      await exec.query(
        `UPDATE customers c SET
           given_name = s.given_name, family_name = s.family_name, full_name = s.full_name,
           emails = s.emails, phones = s.phones, primary_email = s.primary_email, primary_phone = s.primary_phone,
           address = s.address, birthday = s.birthday, locale = s.locale, time_zone = s.time_zone, tags = s.tags,
           attributes = s.attributes, prefers_human_service = s.prefers_human_service, search_text = s.search_text,
           updated_at = $2::timestamptz, updated_by = $3::jsonb
         FROM rapport_imp_customers s
         WHERE c.workspace_id = $1 AND c.id = s.id`,
        stamp,
      );
    },

    async insertIdentities(unsorted) {
      if (!unsorted.length) return;
      const rows = sortedByKey(unsorted);
      await exec.query(
        `INSERT INTO identities (workspace_id, id, customer_id, kind, source, value, raw_value, created_at)
         SELECT $1, u.id, u.customer_id, u.kind, u.source, u.value, u.raw_value, $2::timestamptz
           FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS u(id, customer_id, kind, source, value, raw_value)
         ON CONFLICT (workspace_id, kind, source, value) DO NOTHING`,
        [
          workspaceId,
          at.toISOString(),
          rows.map(() => newId()),
          rows.map((r) => r.customerId),
          rows.map((r) => r.kind),
          rows.map((r) => r.source),
          rows.map((r) => r.value),
          rows.map((r) => r.rawValue),
        ],
      );
    },

    async ensureProducts(products) {
      const ids = new Map<string, string>();
      if (!products.length) return ids;
      const select = async (skus: string[]) => {
        const rows = await exec.query<{ id: string; sku: string }>(
          'SELECT id, sku FROM products WHERE workspace_id = $1 AND sku = ANY($2::text[])',
          [workspaceId, skus],
        );
        for (const r of rows) ids.set(r.sku, r.id);
      };
      await select(products.map((p) => p.sku));
      const missing = products.filter((p) => !ids.has(p.sku));
      if (!missing.length) return ids;
      const inserted = await exec.query<{ id: string; sku: string }>(
        `INSERT INTO products (workspace_id, id, sku, name, created_at, updated_at, created_by, updated_by)
         SELECT $1, u.id, u.sku, u.name, $2::timestamptz, $2::timestamptz, $3::jsonb, $3::jsonb
           FROM unnest($4::uuid[], $5::text[], $6::text[]) AS u(id, sku, name)
         ON CONFLICT (workspace_id, sku) DO NOTHING
         RETURNING id, sku`,
        [...stamp, missing.map((p) => p.id), missing.map((p) => p.sku), missing.map((p) => p.name)],
      );
      for (const r of inserted) ids.set(r.sku, r.id);
      const raced = missing.filter((p) => !ids.has(p.sku)).map((p) => p.sku);
      if (raced.length) await select(raced);
      return ids;
    },

    async mergeOrders(orders, rows, productIds, recomputeTotal) {
      await exec.copyIn(
        'rapport_imp_orders',
        [
          'order_ext',
          'id',
          'customer_id',
          'occurred_at',
          'channel',
          'location',
          'currency',
          'status',
          'total_minor',
          'lines_sum_minor',
        ],
        orders,
        (o) =>
          `${copy.text(o.orderId)}\t${o.id}\t${o.customerId}\t${copy.time(o.occurredAt)}\t${o.channel}\t${copy.text(o.location)}\t${o.currency}\t${o.status}\t${copy.num(o.totalMinor)}\t${o.linesSumMinor}`,
      );
      const orderResult = new Map<string, Merged>();
      const orderIds = new Map<string, string>();
      for (const withTotal of [false, true]) {
        const upserted = await exec.query<{ id: string; external_id: string; inserted: boolean }>(
          upsertOrdersSql(withTotal),
          stamp,
        );
        for (const r of upserted) {
          orderResult.set(r.external_id, r.inserted ? 'inserted' : 'updated');
          orderIds.set(r.external_id, r.id);
        }
      }
      const unknown = [...new Set(rows.map((r) => r.orderId))].filter((ext) => !orderIds.has(ext));
      if (unknown.length) {
        const found = await exec.query<{ id: string; external_id: string }>(
          'SELECT id, external_id FROM orders WHERE workspace_id = $1 AND external_id = ANY($2::text[])',
          [workspaceId, unknown],
        );
        for (const r of found) orderIds.set(r.external_id, r.id);
      }
      const idOf = (r: OrderRow) => {
        const id = orderIds.get(r.orderId);
        if (!id) throw new Error(`order ${r.orderId} has neither a header nor a stored row`);
        return id;
      };

      await exec.copyIn(
        'rapport_imp_lines',
        [
          'order_id',
          'line_no',
          'product_id',
          'sku',
          'description',
          'quantity',
          'unit_price_minor',
          'is_gift',
        ],
        rows,
        (r) =>
          `${idOf(r)}\t${r.lineNo}\t${(r.sku && productIds.get(r.sku)) || '\\N'}\t${copy.text(r.sku)}\t${copy.text(r.description)}\t${r.quantity}\t${r.unitPriceMinor}\t${copy.bool(r.isGift)}`,
      );
      // Per order, not per line: a first import inserts every line, and shipping each back
      // would cost more than the insert.
      const merged = await exec.query<{ order_id: string; inserted: number; updated: number }>(
        `WITH up AS (
           INSERT INTO order_lines AS l (workspace_id, order_id, line_no, product_id, sku, description, quantity,
                                         unit_price_minor, is_gift)
           SELECT $1, s.order_id, s.line_no, s.product_id, s.sku, s.description, s.quantity, s.unit_price_minor,
                  s.is_gift
             FROM rapport_imp_lines s
           ON CONFLICT (workspace_id, order_id, line_no) DO UPDATE SET
             product_id = excluded.product_id, sku = excluded.sku, description = excluded.description,
             quantity = excluded.quantity, unit_price_minor = excluded.unit_price_minor, is_gift = excluded.is_gift
           WHERE (l.product_id, l.sku, l.description, l.quantity, l.unit_price_minor, l.is_gift)
                 IS DISTINCT FROM
                 (excluded.product_id, excluded.sku, excluded.description, excluded.quantity,
                  excluded.unit_price_minor, excluded.is_gift)
           RETURNING l.order_id, (l.xmax = 0) AS inserted
         )
         SELECT order_id, count(*) FILTER (WHERE inserted)::int AS inserted,
                count(*) FILTER (WHERE NOT inserted)::int AS updated
           FROM up GROUP BY order_id`,
        [workspaceId],
      );
      const extOf = new Map<string, string>();
      for (const [ext, id] of orderIds) extOf.set(id, ext);
      const lineResult = new Map<string, { inserted: number; updated: number }>();
      // An order inserted here got the sum of its lines in this chunk; any other order whose
      // lines changed needs its total summed again over all its stored lines.
      const recompute: string[] = [];
      for (const m of merged) {
        const ext = extOf.get(m.order_id);
        if (ext === undefined) continue;
        lineResult.set(ext, { inserted: m.inserted, updated: m.updated });
        if (recomputeTotal(ext) && orderResult.get(ext) !== 'inserted') recompute.push(m.order_id);
      }
      if (recompute.length) {
        const totals = await exec.query<{ external_id: string }>(
          `UPDATE orders o SET total_minor = t.total, updated_at = $2::timestamptz, updated_by = $3::jsonb
             FROM (SELECT l.order_id, sum(l.quantity::bigint * l.unit_price_minor) AS total
                     FROM order_lines l
                    WHERE l.workspace_id = $1 AND l.order_id = ANY($4::uuid[])
                    GROUP BY l.order_id) t
            WHERE o.workspace_id = $1 AND o.id = t.order_id AND o.total_minor IS DISTINCT FROM t.total
           RETURNING o.external_id`,
          [...stamp, recompute],
        );
        for (const r of totals)
          if (!orderResult.has(r.external_id)) orderResult.set(r.external_id, 'updated');
      }
      return { lines: lineResult, orders: orderResult };
    },

    async mergeTouchpoints(rows) {
      const result = new Map<string, Merged>();
      if (!rows.length) return result;
      await exec.copyIn(
        'rapport_imp_touchpoints',
        [
          'id',
          'message_id',
          'customer_id',
          'channel',
          'type',
          'occurred_at',
          'properties',
          'source',
          'satisfaction',
        ],
        rows,
        (r) =>
          `${r.id}\t${copy.text(r.messageId)}\t${r.customerId}\t${r.channel}\t${copy.text(r.type)}\t${copy.time(r.occurredAt)}\t${copy.json(r.properties)}\t${copy.text(r.source)}\t${copy.num(r.satisfaction)}`,
      );
      const merged = await exec.query<{ message_id: string; inserted: boolean }>(
        `INSERT INTO touchpoints AS t (workspace_id, id, customer_id, channel, type, occurred_at, received_at,
                                       properties, source, message_id, satisfaction, created_by)
         SELECT $1, s.id, s.customer_id, s.channel, s.type, s.occurred_at, $2::timestamptz, s.properties, s.source,
                s.message_id, s.satisfaction, $3::jsonb
           FROM rapport_imp_touchpoints s
         ON CONFLICT (workspace_id, message_id) DO UPDATE SET
           customer_id = excluded.customer_id, channel = excluded.channel, type = excluded.type,
           occurred_at = excluded.occurred_at, properties = excluded.properties, source = excluded.source,
           satisfaction = excluded.satisfaction
         WHERE (t.customer_id, t.channel, t.type, t.occurred_at, t.properties, t.source, t.satisfaction)
               IS DISTINCT FROM
               (excluded.customer_id, excluded.channel, excluded.type, excluded.occurred_at, excluded.properties,
                excluded.source, excluded.satisfaction)
         RETURNING t.message_id, (t.xmax = 0) AS inserted`,
        stamp,
      );
      for (const r of merged) result.set(r.message_id, r.inserted ? 'inserted' : 'updated');
      return result;
    },

    async mergeVisits(rows) {
      const result = new Map<string, Merged>();
      if (!rows.length) return result;
      await exec.copyIn(
        'rapport_imp_visits',
        [
          'id',
          'customer_id',
          'source',
          'external_id',
          'starts_at',
          'ends_at',
          'location',
          'type',
          'status',
          'properties',
        ],
        rows,
        (r) =>
          `${r.id}\t${r.customerId}\t${copy.text(r.source)}\t${copy.text(r.externalId)}\t${copy.time(r.startsAt)}\t${r.endsAt ? copy.time(r.endsAt) : '\\N'}\t${copy.text(r.location)}\t${copy.text(r.type)}\t${copy.text(r.status)}\t${copy.json(r.properties)}`,
      );
      // Existing visits first (an empty end or status keeps the stored one), then the new ones.
      const updated = await exec.query<{ source: string; external_id: string }>(
        `UPDATE visits v SET
           customer_id = s.customer_id, starts_at = s.starts_at, ends_at = coalesce(s.ends_at, v.ends_at),
           location = s.location, type = s.type, status = coalesce(s.status, v.status),
           properties = v.properties || s.properties, updated_at = $2::timestamptz, updated_by = $3::jsonb
         FROM rapport_imp_visits s
         WHERE v.workspace_id = $1 AND v.source = s.source AND v.external_id = s.external_id
           AND (v.customer_id, v.starts_at, v.ends_at, v.location, v.type, v.status, v.properties)
               IS DISTINCT FROM
               (s.customer_id, s.starts_at, coalesce(s.ends_at, v.ends_at), s.location, s.type,
                coalesce(s.status, v.status), v.properties || s.properties)
         RETURNING v.source, v.external_id`,
        stamp,
      );
      for (const r of updated) result.set(`${r.source}\u0000${r.external_id}`, 'updated');
      const inserted = await exec.query<{ source: string; external_id: string }>(
        `INSERT INTO visits (workspace_id, id, customer_id, starts_at, ends_at, location, type, status, source,
                             external_id, properties, created_at, updated_at, created_by, updated_by)
         SELECT $1, s.id, s.customer_id, s.starts_at, s.ends_at, s.location, s.type, coalesce(s.status, 'booked'),
                s.source, s.external_id, s.properties, $2::timestamptz, $2::timestamptz, $3::jsonb, $3::jsonb
           FROM rapport_imp_visits s
          WHERE NOT EXISTS (SELECT 1 FROM visits v
                             WHERE v.workspace_id = $1 AND v.source = s.source AND v.external_id = s.external_id)
         ON CONFLICT (workspace_id, source, external_id) DO NOTHING
         RETURNING source, external_id`,
        stamp,
      );
      for (const r of inserted) result.set(`${r.source}\u0000${r.external_id}`, 'inserted');
      return result;
    },
  };
}
