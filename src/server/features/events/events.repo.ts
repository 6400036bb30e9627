import { sql } from 'drizzle-orm';
import type { Channel } from '../../../shared/contracts/common.js';
import type { ContactPoint, PostalAddress } from '../../../shared/contracts/customers.js';
import type { EventType } from '../../../shared/contracts/events.js';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';
import type { ActorRef } from '../../lib/actor.js';
import { type IdentityRef, identityKey } from '../identity/identity.core.js';

/** A customer as ingestion reads and writes it. */
export interface EventCustomer {
  id: string;
  givenName: string | null;
  familyName: string | null;
  fullName: string;
  emails: ContactPoint[];
  phones: ContactPoint[];
  address: PostalAddress | null;
  birthday: string | null;
  locale: string | null;
  timeZone: string | null;
  attributes: Record<string, unknown>;
  traitTimes: Record<string, string>;
  createdAt: Date;
  /** Soft-deleted (in the trash): its identities still name it, but nothing new is filed on it. */
  deletedAt?: Date | null;
  /** Written only when the customer is created (an unverified sender's: docs/cases.md). */
  provisional?: boolean;
}

export interface NewEventTouchpoint {
  id: string;
  customerId: string;
  channel: Channel;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  messageId: string;
  satisfaction: number | null;
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

const CUSTOMER_COLUMNS = sql.raw(
  'c.id, c.given_name, c.family_name, c.full_name, c.emails, c.phones, c.address, c.birthday, c.locale, c.time_zone, c.attributes, c.trait_times, c.created_at, c.deleted_at',
);

function toEventCustomer(r: Record<string, unknown>): EventCustomer {
  return {
    id: String(r.id),
    givenName: (r.given_name as string | null) ?? null,
    familyName: (r.family_name as string | null) ?? null,
    fullName: String(r.full_name ?? ''),
    emails: parsed<ContactPoint[]>(r.emails) ?? [],
    phones: parsed<ContactPoint[]>(r.phones) ?? [],
    address: parsed<PostalAddress | null>(r.address) ?? null,
    birthday: r.birthday === null || r.birthday === undefined ? null : String(r.birthday).slice(0, 10),
    locale: (r.locale as string | null) ?? null,
    timeZone: (r.time_zone as string | null) ?? null,
    attributes: parsed<Record<string, unknown>>(r.attributes) ?? {},
    traitTimes: parsed<Record<string, string>>(r.trait_times) ?? {},
    createdAt: new Date(String(r.created_at)),
    deletedAt: r.deleted_at === null || r.deleted_at === undefined ? null : new Date(String(r.deleted_at)),
  };
}
const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * Bulk reads and writes of event ingestion: one statement per step for a whole batch, rows
 * passed as one JSON parameter (`jsonb_to_recordset`) so the statement is the same on both
 * drivers whatever the batch size. Writes customers, identities and touch points directly — the
 * same bulk-path exception as imports (docs/decisions.md).
 */
export function createEventsRepo(database: Database) {
  const exec = async (q: ReturnType<typeof sql>) => rowsOf(await database.q().execute(q));

  return {
    /**
     * Records message ids not seen before and answers those; an id another transaction is
     * storing right now waits for it, then counts as seen. Ids are inserted in sorted order so
     * two overlapping batches cannot deadlock.
     */
    async claim(
      workspaceId: string,
      rows: readonly { messageId: string; type: EventType; occurredAt: Date }[],
      receivedAt: Date,
    ): Promise<Set<string>> {
      if (!rows.length) return new Set();
      const sorted = [...rows].sort((a, b) =>
        a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0,
      );
      const out = await exec(sql`
        insert into events (workspace_id, message_id, type, occurred_at, received_at)
        select ${workspaceId}, r.message_id, r.type, r.occurred_at, ${receivedAt.toISOString()}::timestamptz
        from jsonb_to_recordset(${json(sorted.map((r) => ({ message_id: r.messageId, type: r.type, occurred_at: r.occurredAt.toISOString() })))})
          as r(message_id text, type text, occurred_at timestamptz)
        order by r.message_id
        on conflict (workspace_id, message_id) do nothing
        returning message_id`);
      return new Set(out.map((r) => String(r.message_id)));
    },

    /**
     * Every statement of a batch joins at most a few hundred rows to tables of any size by their
     * keys: index probes are always the right plan. On young or unanalysed tables the planner
     * prefers hashing the whole workspace's rows, so the batch's transaction says so.
     */
    async preferIndexProbes(): Promise<void> {
      await exec(sql`select set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true),
        set_config('enable_bitmapscan', 'off', true)`);
    },

    /**
     * Serialises transactions that resolve the same identities, so two batches naming one new
     * person create one customer. Locks are taken in key order (no deadlock between batches).
     */
    async lockIdentities(workspaceId: string, refs: readonly IdentityRef[]): Promise<void> {
      if (!refs.length) return;
      // Text cannot hold NUL (identityKey's separator), so lock keys join with '|'.
      const keys = [...new Set(refs.map((r) => `${workspaceId}|${r.kind}|${r.source}|${r.value}`))].sort();
      await exec(sql`
        select pg_advisory_xact_lock(hashtextextended(k.key, 0))::text
        from jsonb_array_elements_text(${json(keys)}) as k(key)`);
    },

    /**
     * The customers that own any of these identities, locked for update until the transaction
     * ends, each with every identity it holds — one round trip for what resolution reads.
     */
    async loadOwners(
      workspaceId: string,
      refs: readonly IdentityRef[],
    ): Promise<{
      owners: Map<string, string>;
      held: Map<string, IdentityRef[]>;
      customers: EventCustomer[];
    }> {
      const owners = new Map<string, string>();
      const held = new Map<string, IdentityRef[]>();
      if (!refs.length) return { owners, held, customers: [] };
      const rows = await exec(sql`
        select ${CUSTOMER_COLUMNS},
               (select jsonb_agg(jsonb_build_array(x.kind, x.source, x.value)) from identities x
                 where x.workspace_id = c.workspace_id and x.customer_id = c.id) as identities
        from customers c
        where c.workspace_id = ${workspaceId}
          and c.id in (
            -- One unique-index probe per identity, whatever the statistics say: a hash join over
            -- the workspace's identities is what the planner picks on a young table.
            select i.customer_id
            from jsonb_to_recordset(${json(refs)}) as r(kind text, source text, value text)
            cross join lateral (
              select customer_id from identities
              where workspace_id = ${workspaceId} and kind = r.kind and source = r.source and value = r.value
              offset 0) i)
        order by c.id
        for update of c`);
      const customers = rows.map((r) => {
        const id = String(r.id);
        const list = (parsed<[IdentityKind, string, string][] | null>(r.identities) ?? []).map(
          ([kind, source, value]) => ({
            kind,
            source,
            value,
          }),
        );
        held.set(id, list);
        for (const i of list) owners.set(identityKey(i.kind, i.source, i.value), id);
        return toEventCustomer(r);
      });
      return { owners, held, customers };
    },

    /** The customers, locked for update until the transaction ends (a merge's survivor, re-read). */
    async lockCustomers(workspaceId: string, ids: readonly string[]): Promise<EventCustomer[]> {
      if (!ids.length) return [];
      const rows = await exec(sql`
        select ${CUSTOMER_COLUMNS} from customers c
        where c.workspace_id = ${workspaceId}
          and c.id in (select value::uuid from jsonb_array_elements_text(${json(ids)}))
        order by c.id
        for update`);
      return rows.map(toEventCustomer);
    },

    /** Pairs marked never-merge among these customers, as "a|b" in id order. */
    async blockedPairs(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
      if (!ids.length) return new Set();
      const rows = await exec(sql`
        select customer_a, customer_b from merge_blocks
        where workspace_id = ${workspaceId}
          and (customer_a in (select value::uuid from jsonb_array_elements_text(${json(ids)}))
               or customer_b in (select value::uuid from jsonb_array_elements_text(${json(ids)})))`);
      return new Set(rows.map((r) => `${r.customer_a}|${r.customer_b}`));
    },

    /** Inserts new customers and updates changed ones, each list in one statement. */
    async writeCustomers(
      workspaceId: string,
      inserts: readonly (EventCustomer & { searchText: string })[],
      updates: readonly (EventCustomer & { searchText: string })[],
      at: Date,
      by: ActorRef,
    ): Promise<void> {
      const rowsOfState = (list: readonly (EventCustomer & { searchText: string })[]) =>
        list.map((c) => ({
          id: c.id,
          given_name: c.givenName,
          family_name: c.familyName,
          full_name: c.fullName,
          emails: c.emails,
          phones: c.phones,
          primary_email: c.emails.find((e) => e.primary)?.value ?? c.emails[0]?.value ?? null,
          primary_phone: c.phones.find((p) => p.primary)?.value ?? c.phones[0]?.value ?? null,
          address: c.address,
          birthday: c.birthday,
          locale: c.locale,
          time_zone: c.timeZone,
          attributes: c.attributes,
          trait_times: c.traitTimes,
          search_text: c.searchText,
          provisional: c.provisional ?? false,
        }));
      const cols = sql`r(id uuid, given_name text, family_name text, full_name text, emails jsonb, phones jsonb,
        primary_email text, primary_phone text, address jsonb, birthday date, locale text, time_zone text,
        attributes jsonb, trait_times jsonb, search_text text, provisional boolean)`;
      const stamp = sql`${at.toISOString()}::timestamptz`;
      if (inserts.length) {
        await exec(sql`
          insert into customers (workspace_id, id, given_name, family_name, full_name, emails, phones, primary_email,
            primary_phone, address, birthday, locale, time_zone, attributes, trait_times, search_text,
            provisional, created_at, updated_at, created_by, updated_by)
          select ${workspaceId}, r.id, r.given_name, r.family_name, coalesce(r.full_name, ''), r.emails, r.phones,
            r.primary_email, r.primary_phone, r.address, r.birthday, r.locale, r.time_zone, r.attributes,
            r.trait_times, r.search_text, r.provisional, ${stamp}, ${stamp}, ${json(by)}, ${json(by)}
          from jsonb_to_recordset(${json(rowsOfState(inserts))}) as ${cols}`);
      }
      if (updates.length) {
        await exec(sql`
          update customers c set given_name = r.given_name, family_name = r.family_name,
            full_name = coalesce(r.full_name, ''), emails = r.emails, phones = r.phones,
            primary_email = r.primary_email, primary_phone = r.primary_phone, address = r.address,
            birthday = r.birthday, locale = r.locale, time_zone = r.time_zone, attributes = r.attributes,
            trait_times = r.trait_times, search_text = r.search_text, updated_at = ${stamp}, updated_by = ${json(by)}
          from jsonb_to_recordset(${json(rowsOfState(updates))}) as ${cols}
          where c.workspace_id = ${workspaceId} and c.id = r.id`);
      }
    },

    async insertIdentities(
      workspaceId: string,
      rows: readonly (IdentityRef & { id: string; customerId: string; rawValue: string | null })[],
      at: Date,
    ): Promise<void> {
      if (!rows.length) return;
      await exec(sql`
        insert into identities (workspace_id, id, customer_id, kind, source, value, raw_value, created_at)
        select ${workspaceId}, r.id, r.customer_id, r.kind, r.source, r.value, r.raw_value, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${json(
          rows.map((r) => ({
            id: r.id,
            customer_id: r.customerId,
            kind: r.kind,
            source: r.source,
            value: r.value,
            raw_value: r.rawValue,
          })),
        )}) as r(id uuid, customer_id uuid, kind text, source text, value text, raw_value text)
        on conflict (workspace_id, kind, source, value) do nothing`);
    },

    /** Touch points of track and page calls; answers the message ids stored (an id the touch-point API used is skipped). */
    async insertTouchpoints(
      workspaceId: string,
      rows: readonly NewEventTouchpoint[],
      receivedAt: Date,
      by: ActorRef,
    ): Promise<Set<string>> {
      if (!rows.length) return new Set();
      const out = await exec(sql`
        insert into touchpoints (workspace_id, id, customer_id, channel, type, occurred_at, received_at, properties,
          source, message_id, satisfaction, created_by)
        select ${workspaceId}, r.id, r.customer_id, r.channel, r.type, r.occurred_at,
          ${receivedAt.toISOString()}::timestamptz, r.properties, 'events', r.message_id, r.satisfaction, ${json(by)}
        from jsonb_to_recordset(${json(
          rows.map((r) => ({
            id: r.id,
            customer_id: r.customerId,
            channel: r.channel,
            type: r.type,
            occurred_at: r.occurredAt.toISOString(),
            properties: r.properties,
            message_id: r.messageId,
            satisfaction: r.satisfaction,
          })),
        )}) as r(id uuid, customer_id uuid, channel text, type text, occurred_at timestamptz, properties jsonb,
                 message_id text, satisfaction smallint)
        on conflict (workspace_id, message_id) do nothing
        returning message_id`);
      return new Set(out.map((r) => String(r.message_id)));
    },
  };
}
export type EventsRepo = ReturnType<typeof createEventsRepo>;
