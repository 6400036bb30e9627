import { and, eq, sql } from 'drizzle-orm';
import { CHANNELS, type Channel } from '../../../shared/contracts/common.js';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import { OPEN_TASK_STATUSES } from '../../../shared/contracts/tasks.js';
import type { Database } from '../../db/client.js';
import { companies, customerCompanies } from '../companies/companies.table.js';
import { customers } from '../customers/customers.table.js';
import { identities } from '../identity/identity.table.js';
import { orders } from '../orders/orders.table.js';
import { tasks } from '../tasks/tasks.table.js';
import { touchpointChannels, touchpointTypes } from '../touchpoint-types/touchpoint-types.table.js';
import { touchpoints } from '../touchpoints/touchpoints.table.js';

/** Open tasks a screen pop lists, soonest due first, as the 360 caps them. */
export const LOOKUP_OPEN_TASKS = 100;

/** Everything of the screen pop but the customer row, as plain values. */
export interface LookupSummaryRows {
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

/** Raw `execute` results carry `rows` on both drivers; anything else is a driver change. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows;
  }
  throw new Error('unexpected result shape from the database driver');
}

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(parsed) ? (parsed as Json[]) : [];
};
const str = (v: unknown) => String(v);
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const date = (v: unknown) => new Date(String(v));
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)));
const channelOf = (v: unknown): Channel => CHANNELS.find((c) => c === v) ?? 'other';

/**
 * The lookup's reads, lean for a screen pop under load: the customer an identity names, then
 * everything else the pop shows in one statement (one parse, one plan, one round trip) instead
 * of the 360's dozen. It only reads other features' tables, on the indexes their own reads use
 * (identities_value_key, touchpoints_timeline_idx, orders_customer_idx, tasks_customer_idx).
 */
export function createLookupRepo(database: Database) {
  return {
    /**
     * The customer an identity belongs to. Merges repoint identities at the survivor; should one
     * still name a merged-away customer, its `merged_into_id` leads to where its history went.
     */
    async findCustomerByIdentity(
      workspaceId: string,
      identity: { kind: IdentityKind; source: string; value: string },
    ): Promise<typeof customers.$inferSelect | undefined> {
      const survivor = sql`coalesce(${customers.mergedIntoId}, ${customers.id})`;
      const [row] = await database
        .q()
        .select()
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId),
            sql`${customers.id} = (select ${survivor} from ${identities}
              join ${customers} on ${customers.workspaceId} = ${identities.workspaceId}
                and ${customers.id} = ${identities.customerId}
              where ${identities.workspaceId} = ${workspaceId} and ${identities.kind} = ${identity.kind}
                and ${identities.source} = ${identity.source} and ${identities.value} = ${identity.value}
              limit 1)`,
          ),
        );
      return row;
    },

    async summary(
      workspaceId: string,
      customerId: string,
      touchpointLimit: number,
    ): Promise<LookupSummaryRows> {
      const i = identities;
      const o = orders;
      const t = touchpoints;
      const k = tasks;
      const cc = customerCompanies;
      const co = companies;
      const tt = touchpointTypes;
      const tc = touchpointChannels;
      const open = sql.join(
        OPEN_TASK_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      );
      const result = await database.q().execute(sql`select
        (select coalesce(json_agg(x order by x.kind, x.created_at), '[]') from (
          select ${i.id} as id, ${i.kind} as kind, ${i.source} as source, ${i.value} as value,
            ${i.rawValue} as raw_value, ${i.createdAt} as created_at
          from ${i} where ${i.workspaceId} = ${workspaceId} and ${i.customerId} = ${customerId}) x) as identities,
        (select coalesce(json_agg(x), '[]') from (
          select ${o.currency} as currency, count(*) as count,
            coalesce(sum(${o.totalMinor}) filter (where ${o.status} <> 'refunded'), 0) as revenue_minor,
            min(${o.occurredAt}) as first_at, max(${o.occurredAt}) as last_at
          from ${o} where ${o.workspaceId} = ${workspaceId} and ${o.customerId} = ${customerId}
            and ${o.deletedAt} is null and ${o.status} <> 'cancelled'
          group by ${o.currency}) x) as order_totals,
        (select coalesce(json_agg(x order by x.occurred_at desc, x.id desc), '[]') from (
          select ${t.id} as id, ${t.channel} as channel, ${t.type} as type, ${t.occurredAt} as occurred_at,
            ${t.properties} as properties, ${t.satisfaction} as satisfaction
          from ${t} where ${t.workspaceId} = ${workspaceId} and ${t.customerId} = ${customerId}
            and ${t.deletedAt} is null
          order by ${t.occurredAt} desc, ${t.id} desc limit ${touchpointLimit}) x) as touchpoints,
        (select coalesce(json_agg(x order by x.due_key, x.created_at, x.id), '[]') from (
          select ${k.id} as id, ${k.title} as title, ${k.status} as status, ${k.dueAt} as due_at,
            ${k.assigneeId} as assignee_id, ${k.createdAt} as created_at,
            coalesce(${k.dueAt}, 'infinity'::timestamptz) as due_key
          from ${k} where ${k.workspaceId} = ${workspaceId} and ${k.customerId} = ${customerId}
            and ${k.deletedAt} is null and ${k.status} in (${open})
          order by due_key, ${k.createdAt}, ${k.id} limit ${LOOKUP_OPEN_TASKS}) x) as open_tasks,
        (select coalesce(json_agg(x order by x.name, x.id), '[]') from (
          select ${co.id} as id, ${co.name} as name, ${cc.jobTitle} as job_title
          from ${cc} join ${co} on ${co.workspaceId} = ${cc.workspaceId} and ${co.id} = ${cc.companyId}
          where ${cc.workspaceId} = ${workspaceId} and ${cc.customerId} = ${customerId}
            and ${co.deletedAt} is null) x) as companies,
        (select coalesce(json_agg(json_build_object('key', ${tt.key}, 'label', ${tt.label},
            'captures', ${tt.capturesSatisfaction})), '[]')
          from ${tt} where ${tt.workspaceId} = ${workspaceId}) as types,
        (select coalesce(json_agg(json_build_object('channel', ${tc.channel}, 'enabled', ${tc.enabled},
            'label', ${tc.label})), '[]')
          from ${tc} where ${tc.workspaceId} = ${workspaceId}) as channels`);
      const r = rowsOf(result)[0] ?? {};
      return {
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
