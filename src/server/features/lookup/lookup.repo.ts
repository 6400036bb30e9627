import { fillPlaceholders, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { CHANNELS, type Channel } from '../../../shared/contracts/common.js';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import { OPEN_TASK_STATUSES } from '../../../shared/contracts/tasks.js';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';
import { companies, customerCompanies } from '../companies/companies.table.js';
import { customers } from '../customers/customers.table.js';
import { identities } from '../identity/identity.table.js';
import { orders } from '../orders/orders.table.js';
import { tasks } from '../tasks/tasks.table.js';
import { touchpointChannels, touchpointTypes } from '../touchpoint-types/touchpoint-types.table.js';
import { touchpoints } from '../touchpoints/touchpoints.table.js';

/** Open tasks a screen pop lists, soonest due first, as the 360 caps them. */
export const LOOKUP_OPEN_TASKS = 100;

/** Everything the screen pop shows, as plain values. */
export interface LookupRows {
  customer: typeof customers.$inferSelect;
  identities: {
    id: string;
    kind: IdentityKind;
    source: string;
    value: string;
    rawValue: string | null;
    createdAt: Date;
  }[];
  orderTotals: {
    currency: string;
    count: number;
    revenueMinor: number;
    firstOrderAt: Date;
    lastOrderAt: Date;
  }[];
  touchpoints: {
    id: string;
    channel: Channel;
    type: string;
    occurredAt: Date;
    properties: Record<string, unknown>;
    satisfaction: number | null;
  }[];
  openTasks: { id: string; title: string; status: string; dueAt: Date | null; assigneeId: string | null }[];
  companies: { id: string; name: string; jobTitle: string | null }[];
  types: { key: string; label: string; capturesSatisfaction: boolean }[];
  channels: { channel: Channel; enabled: boolean; label: string | null }[];
}

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(parsed) ? (parsed as Json[]) : [];
};
const str = (v: unknown) => String(v);
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : date(v));
const channelOf = (v: unknown): Channel => CHANNELS.find((c) => c === v) ?? 'other';

/**
 * A customers row from its `to_jsonb`: each of the table's columns by its SQL name, timestamps
 * as Dates, so a column another feature adds arrives without a change here.
 */
const CUSTOMER_COLUMNS = Object.entries(getTableColumns(customers));

function customerOf(json: Json): typeof customers.$inferSelect {
  const out: Record<string, unknown> = {};
  for (const [prop, column] of CUSTOMER_COLUMNS) {
    const v = json[column.name];
    out[prop] = v === undefined ? null : column.columnType === 'PgTimestamp' ? dateOrNull(v) : v;
  }
  return out as typeof customers.$inferSelect;
}

interface LookupParams {
  workspaceId: unknown;
  kind: unknown;
  source: unknown;
  value: unknown;
  touchpoints: unknown;
}

/**
 * The customer an identity names — merges repoint identities at the survivor, and should one
 * still name a merged-away customer its `merged_into_id` leads on — with everything the pop
 * shows, in one statement on the indexes the features' own reads use (identities_value_key,
 * customers' key, touchpoints_timeline_idx, orders_customer_idx, tasks_customer_idx).
 */
function lookupStatement(p: LookupParams): SQL {
  const c = customers;
  const i = identities;
  const o = orders;
  const t = touchpoints;
  const k = tasks;
  const cc = customerCompanies;
  const co = companies;
  const tt = touchpointTypes;
  const tc = touchpointChannels;
  const open = sql.join(
    OPEN_TASK_STATUSES.map((st) => sql.raw(`'${st}'`)),
    sql`, `,
  );
  return sql`with hit as (
      select coalesce(${c.mergedIntoId}, ${c.id}) as id from ${i}
      join ${c} on ${c.workspaceId} = ${i.workspaceId} and ${c.id} = ${i.customerId}
      where ${i.workspaceId} = ${p.workspaceId} and ${i.kind} = ${p.kind} and ${i.source} = ${p.source}
        and ${i.value} = ${p.value}
      limit 1)
    select to_jsonb(${c}) as customer,
      (select coalesce(json_agg(x order by x.kind, x.created_at), '[]') from (
        select ${i.id} as id, ${i.kind} as kind, ${i.source} as source, ${i.value} as value,
          ${i.rawValue} as raw_value, ${i.createdAt} as created_at
        from ${i} where ${i.workspaceId} = ${c.workspaceId} and ${i.customerId} = ${c.id}) x) as identities,
      (select coalesce(json_agg(x), '[]') from (
        select ${o.currency} as currency, count(*) as count,
          coalesce(sum(${o.totalMinor}) filter (where ${o.status} <> 'refunded'), 0) as revenue_minor,
          min(${o.occurredAt}) as first_at, max(${o.occurredAt}) as last_at
        from ${o} where ${o.workspaceId} = ${c.workspaceId} and ${o.customerId} = ${c.id}
          and ${o.deletedAt} is null and ${o.status} <> 'cancelled'
        group by ${o.currency}) x) as order_totals,
      (select coalesce(json_agg(x order by x.occurred_at desc, x.id desc), '[]') from (
        select ${t.id} as id, ${t.channel} as channel, ${t.type} as type, ${t.occurredAt} as occurred_at,
          ${t.properties} as properties, ${t.satisfaction} as satisfaction
        from ${t} where ${t.workspaceId} = ${c.workspaceId} and ${t.customerId} = ${c.id}
          and ${t.deletedAt} is null
        -- NULLS LAST as in touchpoints_timeline_idx (the column is NOT NULL, so the order is the
        -- same): otherwise PostgreSQL reads all the customer's touch points and sorts them.
        order by ${t.occurredAt} desc nulls last, ${t.id} desc nulls last limit ${p.touchpoints}) x) as touchpoints,
      (select coalesce(json_agg(x order by x.due_key, x.created_at, x.id), '[]') from (
        select ${k.id} as id, ${k.title} as title, ${k.status} as status, ${k.dueAt} as due_at,
          ${k.assigneeId} as assignee_id, ${k.createdAt} as created_at,
          coalesce(${k.dueAt}, 'infinity'::timestamptz) as due_key
        from ${k} where ${k.workspaceId} = ${c.workspaceId} and ${k.customerId} = ${c.id}
          and ${k.deletedAt} is null and ${k.status} in (${open})
        order by due_key, ${k.createdAt}, ${k.id} limit ${sql.raw(String(LOOKUP_OPEN_TASKS))}) x) as open_tasks,
      (select coalesce(json_agg(x order by x.name, x.id), '[]') from (
        select ${co.id} as id, ${co.name} as name, ${cc.jobTitle} as job_title
        from ${cc} join ${co} on ${co.workspaceId} = ${cc.workspaceId} and ${co.id} = ${cc.companyId}
        where ${cc.workspaceId} = ${c.workspaceId} and ${cc.customerId} = ${c.id}
          and ${co.deletedAt} is null) x) as companies,
      (select coalesce(json_agg(json_build_object('key', ${tt.key}, 'label', ${tt.label},
          'captures', ${tt.capturesSatisfaction})), '[]')
        from ${tt} where ${tt.workspaceId} = ${c.workspaceId}) as types,
      (select coalesce(json_agg(json_build_object('channel', ${tc.channel}, 'enabled', ${tc.enabled},
          'label', ${tc.label})), '[]')
        from ${tc} where ${tc.workspaceId} = ${c.workspaceId}) as channels
    from hit join ${c} on ${c.workspaceId} = ${p.workspaceId} and ${c.id} = hit.id`;
}

/** Built once: on PostgreSQL the lookup runs as a named prepared statement (planned once per connection). */
const PREPARED = new PgDialect().sqlToQuery(
  lookupStatement({
    workspaceId: sql.placeholder('workspaceId'),
    kind: sql.placeholder('kind'),
    source: sql.placeholder('source'),
    value: sql.placeholder('value'),
    touchpoints: sql.placeholder('touchpoints'),
  }),
);

/**
 * The lookup's one read, lean for a screen pop under load: the full 360 service issued a dozen
 * queries per pop. It only reads other features' tables.
 */
export function createLookupRepo(database: Database) {
  return {
    /** Undefined when no customer of the workspace has the identity. */
    async findByIdentity(
      workspaceId: string,
      identity: { kind: IdentityKind; source: string; value: string },
      touchpointLimit: number,
    ): Promise<LookupRows | undefined> {
      const values = { workspaceId, ...identity, touchpoints: touchpointLimit };
      // The pool directly, never inside a transaction (the lookup only reads, from its route);
      // PGlite has one connection and takes the statement through the current handle.
      const rows = database.pool
        ? (
            await database.pool.query({
              name: 'rapport_lookup',
              text: PREPARED.sql,
              values: fillPlaceholders(PREPARED.params, values),
            })
          ).rows
        : rowsOf(await database.q().execute(lookupStatement(values)));
      const r = rows[0] as Json | undefined;
      if (!r) return undefined;
      const customer = (typeof r.customer === 'string' ? JSON.parse(r.customer) : r.customer) as Json;
      return {
        customer: customerOf(customer),
        identities: list(r.identities).map((x) => ({
          id: str(x.id),
          kind: str(x.kind) as IdentityKind,
          source: str(x.source),
          value: str(x.value),
          rawValue: strOrNull(x.raw_value),
          createdAt: date(x.created_at),
        })),
        orderTotals: list(r.order_totals).map((x) => ({
          currency: str(x.currency),
          count: Number(x.count),
          revenueMinor: Number(x.revenue_minor),
          firstOrderAt: date(x.first_at),
          lastOrderAt: date(x.last_at),
        })),
        touchpoints: list(r.touchpoints).map((x) => ({
          id: str(x.id),
          channel: channelOf(x.channel),
          type: str(x.type),
          occurredAt: date(x.occurred_at),
          properties: x.properties && typeof x.properties === 'object' ? { ...(x.properties as Json) } : {},
          satisfaction:
            x.satisfaction === null || x.satisfaction === undefined ? null : Number(x.satisfaction),
        })),
        openTasks: list(r.open_tasks).map((x) => ({
          id: str(x.id),
          title: str(x.title),
          status: str(x.status),
          dueAt: dateOrNull(x.due_at),
          assigneeId: strOrNull(x.assignee_id),
        })),
        companies: list(r.companies).map((x) => ({
          id: str(x.id),
          name: str(x.name),
          jobTitle: strOrNull(x.job_title),
        })),
        types: list(r.types).map((x) => ({
          key: str(x.key),
          label: str(x.label),
          capturesSatisfaction: x.captures === true,
        })),
        channels: list(r.channels).map((x) => ({
          channel: channelOf(x.channel),
          enabled: x.enabled !== false,
          label: strOrNull(x.label),
        })),
      };
    },
  };
}
export type LookupRepo = ReturnType<typeof createLookupRepo>;
