import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { BriefingMessageKind } from '../../../shared/contracts/briefings.js';
import type { Database } from '../../db/client.js';
import { customers } from '../customers/customers.table.js';
import { notes } from '../notes/notes.table.js';
import { orderLines, orders } from '../orders/orders.table.js';
import { touchpoints } from '../touchpoints/touchpoints.table.js';
import type {
  BriefingCustomerInput,
  HistoryNote,
  HistoryOrder,
  HistoryTouchpoint,
} from './briefings.core.js';
import { briefingFeedback } from './briefings.table.js';

/*
 * The briefing's reads over other features' tables (customers, touch points, orders with their
 * lines, notes), each one set-based query for all of a day's customers on an index that starts
 * (workspace, customer); and the feedback table, which is this feature's own.
 */

export type FeedbackRow = typeof briefingFeedback.$inferSelect;
export type FeedbackInsert = typeof briefingFeedback.$inferInsert;

export function createBriefingsRepo(database: Database) {
  return {
    /** The live customers among `ids`. */
    customers(workspaceId: string, ids: readonly string[]): Promise<BriefingCustomerInput[]> {
      if (!ids.length) return Promise.resolve([]);
      return database
        .q()
        .select({
          id: customers.id,
          fullName: customers.fullName,
          prefersHumanService: customers.prefersHumanService,
          attributes: customers.attributes,
        })
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId),
            inArray(customers.id, [...ids]),
            isNull(customers.deletedAt),
          ),
        );
    },

    /** Not-deleted touch points of `types` for these customers before `before`, oldest first. */
    async touchpoints(
      workspaceId: string,
      customerIds: readonly string[],
      types: readonly string[],
      before: Date,
    ): Promise<(HistoryTouchpoint & { customerId: string })[]> {
      if (!customerIds.length) return [];
      return database
        .q()
        .select({
          id: touchpoints.id,
          customerId: touchpoints.customerId,
          type: touchpoints.type,
          channel: touchpoints.channel,
          occurredAt: touchpoints.occurredAt,
          properties: touchpoints.properties,
          satisfaction: touchpoints.satisfaction,
          source: touchpoints.source,
        })
        .from(touchpoints)
        .where(
          and(
            eq(touchpoints.workspaceId, workspaceId),
            inArray(touchpoints.customerId, [...customerIds]),
            inArray(touchpoints.type, [...types]),
            lt(touchpoints.occurredAt, before),
            isNull(touchpoints.deletedAt),
          ),
        )
        .orderBy(asc(touchpoints.occurredAt));
    },

    /** Not-deleted orders of these customers before `before`, with their lines: two queries. */
    async orders(
      workspaceId: string,
      customerIds: readonly string[],
      before: Date,
    ): Promise<(HistoryOrder & { customerId: string })[]> {
      if (!customerIds.length) return [];
      const heads = await database
        .q()
        .select({
          id: orders.id,
          customerId: orders.customerId,
          channel: orders.channel,
          location: orders.location,
          occurredAt: orders.occurredAt,
          status: orders.status,
        })
        .from(orders)
        .where(
          and(
            eq(orders.workspaceId, workspaceId),
            inArray(orders.customerId, [...customerIds]),
            lt(orders.occurredAt, before),
            isNull(orders.deletedAt),
          ),
        )
        .orderBy(asc(orders.occurredAt));
      if (!heads.length) return [];
      const lines = await database
        .q()
        .select({
          orderId: orderLines.orderId,
          sku: orderLines.sku,
          description: orderLines.description,
          quantity: orderLines.quantity,
          unitPriceMinor: orderLines.unitPriceMinor,
          isGift: orderLines.isGift,
        })
        .from(orderLines)
        .where(
          and(
            eq(orderLines.workspaceId, workspaceId),
            inArray(
              orderLines.orderId,
              heads.map((h) => h.id),
            ),
          ),
        )
        .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
      const byOrder = new Map<string, HistoryOrder['lines']>();
      for (const { orderId, ...line } of lines) {
        const list = byOrder.get(orderId) ?? [];
        list.push(line);
        byOrder.set(orderId, list);
      }
      return heads.map((h) => ({ ...h, lines: byOrder.get(h.id) ?? [] }));
    },

    /** Not-deleted notes of these customers. */
    async notes(
      workspaceId: string,
      customerIds: readonly string[],
    ): Promise<(HistoryNote & { customerId: string })[]> {
      if (!customerIds.length) return [];
      return database
        .q()
        .select({
          id: notes.id,
          customerId: notes.customerId,
          body: notes.body,
          frontLine: notes.frontLine,
          createdAt: notes.createdAt,
        })
        .from(notes)
        .where(
          and(
            eq(notes.workspaceId, workspaceId),
            inArray(notes.customerId, [...customerIds]),
            isNull(notes.deletedAt),
          ),
        );
    },

    /** Records an answer, replacing the user's earlier one for the same visit and kind. */
    async upsertFeedback(row: FeedbackInsert): Promise<FeedbackRow> {
      const [saved] = await database
        .q()
        .insert(briefingFeedback)
        .values(row)
        .onConflictDoUpdate({
          target: [
            briefingFeedback.workspaceId,
            briefingFeedback.visitId,
            briefingFeedback.userId,
            briefingFeedback.kind,
          ],
          set: {
            useful: row.useful,
            customerId: row.customerId,
            // An unchanged answer keeps the time it was given.
            updatedAt: sql`case when ${briefingFeedback.useful} = excluded.useful then ${briefingFeedback.updatedAt} else excluded.updated_at end`,
          },
        })
        .returning();
      return saved!;
    },

    /** One user's answers on these visits. */
    feedbackOf(workspaceId: string, userId: string, visitIds: readonly string[]): Promise<FeedbackRow[]> {
      if (!visitIds.length) return Promise.resolve([]);
      return database
        .q()
        .select()
        .from(briefingFeedback)
        .where(
          and(
            eq(briefingFeedback.workspaceId, workspaceId),
            eq(briefingFeedback.userId, userId),
            inArray(briefingFeedback.visitId, [...visitIds]),
          ),
        );
    },

    /** Answers per kind, given in [from, to) when set. */
    async usefulness(
      workspaceId: string,
      range: { from?: Date | undefined; to?: Date | undefined },
    ): Promise<{ kind: BriefingMessageKind; useful: number; notUseful: number }[]> {
      return database
        .q()
        .select({
          kind: briefingFeedback.kind,
          useful: sql<number>`count(*) filter (where ${briefingFeedback.useful})`.mapWith(Number),
          notUseful: sql<number>`count(*) filter (where not ${briefingFeedback.useful})`.mapWith(Number),
        })
        .from(briefingFeedback)
        .where(
          and(
            eq(briefingFeedback.workspaceId, workspaceId),
            range.from ? gte(briefingFeedback.updatedAt, range.from) : undefined,
            range.to ? lt(briefingFeedback.updatedAt, range.to) : undefined,
          ),
        )
        .groupBy(briefingFeedback.kind);
    },
  };
}
export type BriefingsRepo = ReturnType<typeof createBriefingsRepo>;
