import { and, eq } from 'drizzle-orm';
import type { SentimentLabel } from '../../../shared/contracts/case-social.js';
import type { Database } from '../../db/client.js';
import { cases } from './cases.table.js';

export function createCaseSocialRepo(database: Database) {
  return {
    /** The case an earlier import made of a mention, by the idempotency key its URL gave it. */
    async findByKey(
      workspaceId: string,
      idempotencyKey: string,
    ): Promise<{ id: string; reference: string; customerId: string } | undefined> {
      const [row] = await database
        .q()
        .select({ id: cases.id, reference: cases.reference, customerId: cases.customerId })
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.idempotencyKey, idempotencyKey)));
      return row;
    },

    /** Where a mention was posted and how it read: this part's columns on the case it opened. */
    async setSource(
      workspaceId: string,
      id: string,
      source: { sourceUrl: string; sentiment: SentimentLabel },
    ): Promise<void> {
      await database
        .q()
        .update(cases)
        .set(source)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id)));
    },
  };
}
export type CaseSocialRepo = ReturnType<typeof createCaseSocialRepo>;
