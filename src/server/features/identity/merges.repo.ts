import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CandidateStatus } from '../../../shared/contracts/identities.js';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';
import type { ActorRef } from '../../lib/actor.js';
import { decodeCursor, type Page, toPage } from '../../lib/pagination.js';
import { customers } from '../customers/customers.table.js';
import { identities } from './identity.table.js';
import { duplicateCandidates, mergeBlocks, merges } from './merges.table.js';

export type MergeRow = typeof merges.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type CandidateRow = typeof duplicateCandidates.$inferSelect;

/**
 * Every table whose rows belong to a customer, and the column that names the row in
 * `merge_moves`. A merge moves them all to the survivor and an undo moves back exactly the
 * rows it moved; a new customer-owned table must be listed here.
 */
const OWNED: readonly { entity: string; table: string; key: string; skipIfSurvivorHas?: string }[] = [
  { entity: 'identity', table: 'identities', key: 'id' },
  { entity: 'touchpoint', table: 'touchpoints', key: 'id' },
  { entity: 'order', table: 'orders', key: 'id' },
  { entity: 'note', table: 'notes', key: 'id' },
  { entity: 'task', table: 'tasks', key: 'id' },
  { entity: 'case', table: 'cases', key: 'id' },
  { entity: 'visit', table: 'visits', key: 'id' },
  // A company both worked for keeps the survivor's link; the merged one's stays with it.
  { entity: 'company_link', table: 'customer_companies', key: 'company_id', skipIfSurvivorHas: 'company_id' },
];

const ident = (name: string) => sql.identifier(name);
const other = alias(customers, 'other_customer');

/** A pair in id order, the key of blocks and candidates. */
export const orderedPair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

/**
 * The merge feature writes several features' tables — customers and every table that owns
 * rows of a customer — in set-based statements, so one merge is one transaction of a few
 * statements whatever the history's size (see docs/decisions.md, "A merge moves rows in SQL").
 */
export function createMergesRepo(database: Database) {
  const exec = async (q: ReturnType<typeof sql>) => rowsOf(await database.q().execute(q));

  return {
    /** The customers among `ids` (deleted ones too), locked until the transaction ends. */
    lockCustomers(workspaceId: string, ids: readonly string[]): Promise<CustomerRow[]> {
      return database
        .q()
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, [...ids])))
        .orderBy(customers.id)
        .for('update');
    },

    async findCustomer(workspaceId: string, id: string): Promise<CustomerRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
      return row;
    },

    identitiesOf(workspaceId: string, customerIds: readonly string[]) {
      if (!customerIds.length) return Promise.resolve([]);
      return database
        .q()
        .select()
        .from(identities)
        .where(
          and(eq(identities.workspaceId, workspaceId), inArray(identities.customerId, [...customerIds])),
        );
    },

    /** How many rows of each entity `customerId` owns. */
    async countOwned(workspaceId: string, customerId: string): Promise<Record<string, number>> {
      const rows = await exec(
        sql.join(
          OWNED.map(
            (o) =>
              sql`select ${o.entity}::text as entity, count(*)::int as n from ${ident(o.table)}
                  where workspace_id = ${workspaceId} and customer_id = ${customerId}`,
          ),
          sql` union all `,
        ),
      );
      return Object.fromEntries(rows.map((r) => [String(r.entity), Number(r.n)]));
    },

    /** Moves every row of `fromId` to `toId`, recording each in `merge_moves`; counts per entity. */
    async moveOwned(
      workspaceId: string,
      mergeId: string,
      fromId: string,
      toId: string,
    ): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const o of OWNED) {
        const skip = o.skipIfSurvivorHas
          ? sql`and ${ident(o.skipIfSurvivorHas)} not in (select ${ident(o.skipIfSurvivorHas)} from ${ident(o.table)}
                 where workspace_id = ${workspaceId} and customer_id = ${toId})`
          : sql``;
        const [row] = await exec(sql`
          with moved as (
            update ${ident(o.table)} set customer_id = ${toId}
            where workspace_id = ${workspaceId} and customer_id = ${fromId} ${skip}
            returning ${ident(o.key)} as entity_id
          ), recorded as (
            insert into merge_moves (workspace_id, merge_id, entity, entity_id)
            select ${workspaceId}, ${mergeId}, ${o.entity}, entity_id from moved
          )
          select count(*)::int as n from moved`);
        counts[o.entity] = Number(row?.n ?? 0);
      }
      return counts;
    },

    /** Puts back, from `survivorId` to `mergedId`, the rows a merge moved; counts per entity. */
    async moveBack(
      workspaceId: string,
      mergeId: string,
      survivorId: string,
      mergedId: string,
    ): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const o of OWNED) {
        const [row] = await exec(sql`
          with back as (
            update ${ident(o.table)} t set customer_id = ${mergedId}
            from merge_moves m
            where m.workspace_id = ${workspaceId} and m.merge_id = ${mergeId} and m.entity = ${o.entity}
              and t.workspace_id = ${workspaceId} and t.${ident(o.key)} = m.entity_id
              and t.customer_id = ${survivorId}
            returning 1
          )
          select count(*)::int as n from back`);
        counts[o.entity] = Number(row?.n ?? 0);
      }
      return counts;
    },

    async updateCustomer(
      workspaceId: string,
      id: string,
      patch: Partial<typeof customers.$inferInsert>,
    ): Promise<CustomerRow | undefined> {
      const [row] = await database
        .q()
        .update(customers)
        .set(patch)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
        .returning();
      return row;
    },

    async insertMerge(row: typeof merges.$inferInsert): Promise<MergeRow> {
      const [created] = await database.q().insert(merges).values(row).returning();
      return created!;
    },

    async findMerge(workspaceId: string, id: string): Promise<MergeRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(merges)
        .where(and(eq(merges.workspaceId, workspaceId), eq(merges.id, id)));
      return row;
    },

    /** The merge, not undone, that merged `customerId` away — its current one. */
    async activeMergeOf(workspaceId: string, mergedId: string): Promise<MergeRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(merges)
        .where(
          and(eq(merges.workspaceId, workspaceId), eq(merges.mergedId, mergedId), isNull(merges.undoneAt)),
        )
        .orderBy(desc(merges.createdAt))
        .limit(1);
      return row;
    },

    async markUndone(workspaceId: string, id: string, at: Date, by: ActorRef): Promise<MergeRow> {
      const [row] = await database
        .q()
        .update(merges)
        .set({ undoneAt: at, undoneBy: by })
        .where(and(eq(merges.workspaceId, workspaceId), eq(merges.id, id)))
        .returning();
      return row!;
    },

    /** Newest first; with `customerId`, the merges it took part in on either side. */
    async listMerges(
      workspaceId: string,
      f: { customerId?: string | undefined; limit: number; cursor?: string | undefined },
    ): Promise<Page<MergeRow>> {
      const after = f.cursor ? decodeCursor(f.cursor, 'date') : null;
      const rows = await database
        .q()
        .select()
        .from(merges)
        .where(
          and(
            eq(merges.workspaceId, workspaceId),
            f.customerId
              ? or(eq(merges.survivorId, f.customerId), eq(merges.mergedId, f.customerId))
              : undefined,
            after
              ? or(
                  lt(merges.createdAt, after.value as Date),
                  and(eq(merges.createdAt, after.value as Date), lt(merges.id, after.id)),
                )
              : undefined,
          ),
        )
        .orderBy(desc(merges.createdAt), desc(merges.id))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [r.createdAt.toISOString(), r.id]);
    },

    async insertBlock(row: typeof mergeBlocks.$inferInsert): Promise<void> {
      await database.q().insert(mergeBlocks).values(row).onConflictDoNothing();
    },

    async deleteBlock(workspaceId: string, a: string, b: string): Promise<boolean> {
      const rows = await database
        .q()
        .delete(mergeBlocks)
        .where(
          and(
            eq(mergeBlocks.workspaceId, workspaceId),
            eq(mergeBlocks.customerA, a),
            eq(mergeBlocks.customerB, b),
          ),
        )
        .returning();
      return rows.length > 0;
    },

    /** The blocks that involve any of `ids`. */
    blocksOf(workspaceId: string, ids: readonly string[]) {
      if (!ids.length) return Promise.resolve([]);
      return database
        .q()
        .select()
        .from(mergeBlocks)
        .where(
          and(
            eq(mergeBlocks.workspaceId, workspaceId),
            or(inArray(mergeBlocks.customerA, [...ids]), inArray(mergeBlocks.customerB, [...ids])),
          ),
        );
    },

    /**
     * Queues pairs of live customers whose names are alike (trigram similarity ≥ `minSimilarity`)
     * and that share a birthday, a postcode or the last eight digits of a phone. Each signal is
     * an equi-join (hash-joinable at 100k customers), never a cross join; pairs already queued
     * or marked never-merge are skipped. Answers the number of new pairs.
     */
    async scanCandidates(workspaceId: string, minSimilarity: number, now: Date): Promise<number> {
      const live = sql`select id, full_name, lower(full_name) as name, birthday,
          nullif(upper(regexp_replace(coalesce(address->>'postalCode', ''), '\\s', '', 'g')), '') as postcode,
          nullif(lower(trim(coalesce(address->>'line1', ''))), '') as street,
          nullif(right(regexp_replace(coalesce(primary_phone, ''), '\\D', '', 'g'), 8), '') as phone8
        from customers where workspace_id = ${workspaceId} and deleted_at is null and full_name <> ''`;
      const rows = await exec(sql`
        with live as (${live}),
        pairs as (
          select a.id as a, b.id as b from live a join live b on a.birthday = b.birthday and a.id < b.id
          union
          select a.id, b.id from live a join live b on a.postcode = b.postcode and a.id < b.id
          union
          select a.id, b.id from live a join live b on a.phone8 = b.phone8 and length(a.phone8) = 8 and a.id < b.id
        ),
        scored as (
          select p.a, p.b, similarity(x.name, y.name) as sim,
            x.full_name as a_name, y.full_name as b_name,
            -- coalesce: a comparison with a missing value is null, and null would void the score.
            coalesce(x.birthday = y.birthday, false) as same_birthday, x.birthday as birthday,
            coalesce(x.postcode = y.postcode, false) as same_postcode, x.postcode as postcode,
            coalesce(x.street = y.street, false) as same_street,
            coalesce(length(x.phone8) = 8 and x.phone8 = y.phone8, false) as same_phone, x.phone8 as phone8
          from pairs p join live x on x.id = p.a join live y on y.id = p.b
        ),
        inserted as (
          insert into duplicate_candidates (workspace_id, id, customer_a, customer_b, score, signals, status, found_at)
          select ${workspaceId}, gen_random_uuid(), s.a, s.b,
            -- Names carry 70%, each shared birthday / postcode / phone 10%: only a same-named pair
            -- sharing all three reaches 1, so the queue's order separates strong pairs from weak.
            round((0.7 * s.sim + 0.1 * ((s.same_birthday)::int + (s.same_postcode)::int + (s.same_phone)::int))::numeric, 3)::real,
            jsonb_build_array(jsonb_build_object('kind', 'name', 'detail',
                case when s.a_name = s.b_name then 'same name' else 'names ' || round(s.sim * 100) || '% alike' end))
              || case when s.same_birthday then jsonb_build_array(jsonb_build_object('kind', 'birthday',
                   'detail', 'same birthday ' || s.birthday)) else '[]'::jsonb end
              || case when s.same_postcode then jsonb_build_array(jsonb_build_object('kind', 'address',
                   'detail', case when s.same_street then 'same street and postcode ' else 'same postcode ' end || s.postcode))
                 else '[]'::jsonb end
              || case when s.same_phone then jsonb_build_array(jsonb_build_object('kind', 'phone',
                   'detail', 'phone numbers end alike …' || right(s.phone8, 4))) else '[]'::jsonb end,
            'open', ${now.toISOString()}::timestamptz
          from scored s
          where s.sim >= ${minSimilarity}
            and not exists (select 1 from merge_blocks m where m.workspace_id = ${workspaceId}
                            and m.customer_a = s.a and m.customer_b = s.b)
          on conflict (workspace_id, customer_a, customer_b) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`);
      return Number(rows[0]?.n ?? 0);
    },

    async countLiveCustomers(workspaceId: string): Promise<number> {
      const [row] = await exec(
        sql`select count(*)::int as n from customers where workspace_id = ${workspaceId} and deleted_at is null`,
      );
      return Number(row?.n ?? 0);
    },

    async countCandidates(workspaceId: string, status: CandidateStatus): Promise<number> {
      const [row] = await exec(sql`select count(*)::int as n from duplicate_candidates
        where workspace_id = ${workspaceId} and status = ${status}`);
      return Number(row?.n ?? 0);
    },

    /**
     * Candidates by score (best first), each with both customers; a pair one of whose customers
     * is gone (deleted or merged away) no longer shows as open.
     */
    async listCandidates(
      workspaceId: string,
      f: {
        status: CandidateStatus;
        customerId?: string | undefined;
        limit: number;
        cursor?: string | undefined;
      },
    ): Promise<Page<CandidateRow & { a: CustomerRow; b: CustomerRow }>> {
      const after = f.cursor ? decodeCursor(f.cursor, 'number') : null;
      const rows = await database
        .q()
        .select({ c: duplicateCandidates, a: customers, b: other })
        .from(duplicateCandidates)
        .innerJoin(
          customers,
          and(
            eq(customers.workspaceId, duplicateCandidates.workspaceId),
            eq(customers.id, duplicateCandidates.customerA),
          ),
        )
        .innerJoin(
          other,
          and(
            eq(other.workspaceId, duplicateCandidates.workspaceId),
            eq(other.id, duplicateCandidates.customerB),
          ),
        )
        .where(
          and(
            eq(duplicateCandidates.workspaceId, workspaceId),
            eq(duplicateCandidates.status, f.status),
            f.status === 'open' ? and(isNull(customers.deletedAt), isNull(other.deletedAt)) : undefined,
            f.customerId
              ? or(
                  eq(duplicateCandidates.customerA, f.customerId),
                  eq(duplicateCandidates.customerB, f.customerId),
                )
              : undefined,
            after
              ? or(
                  lt(duplicateCandidates.score, after.value as number),
                  and(
                    eq(duplicateCandidates.score, after.value as number),
                    sql`${duplicateCandidates.id} > ${after.id}`,
                  ),
                )
              : undefined,
          ),
        )
        .orderBy(desc(duplicateCandidates.score), duplicateCandidates.id)
        .limit(f.limit + 1);
      const items = rows.map((r) => ({ ...r.c, a: r.a, b: r.b }));
      return toPage(items, f.limit, (r) => [r.score, r.id]);
    },

    async findCandidate(workspaceId: string, id: string): Promise<CandidateRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(duplicateCandidates)
        .where(and(eq(duplicateCandidates.workspaceId, workspaceId), eq(duplicateCandidates.id, id)));
      return row;
    },

    /** Closes the open candidate rows of a pair (merged, dismissed or never-merge). */
    async resolvePair(
      workspaceId: string,
      pair: [string, string],
      status: Exclude<CandidateStatus, 'open'>,
      at: Date,
      by: ActorRef,
    ): Promise<void> {
      await database
        .q()
        .update(duplicateCandidates)
        .set({ status, resolvedAt: at, resolvedBy: by })
        .where(
          and(
            eq(duplicateCandidates.workspaceId, workspaceId),
            eq(duplicateCandidates.customerA, pair[0]),
            eq(duplicateCandidates.customerB, pair[1]),
            eq(duplicateCandidates.status, 'open'),
          ),
        );
    },
  };
}
export type MergesRepo = ReturnType<typeof createMergesRepo>;
