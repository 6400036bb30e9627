import { and, eq, sql } from 'drizzle-orm';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import type { Database } from '../../db/client.js';
import { customers } from '../customers/customers.table.js';
import { identities } from '../identity/identity.table.js';

/**
 * Reads the identities and customers tables (never writes them): the lookup is one probe of
 * identities_value_key and the customer's primary key, which no other feature's service offers.
 */
export function createLookupRepo(database: Database) {
  return {
    /**
     * The customer an identity belongs to. Merges repoint identities at the survivor; should one
     * still name a merged-away customer, its `merged_into_id` leads to where its history went.
     */
    async findCustomerId(
      workspaceId: string,
      identity: { kind: IdentityKind; source: string; value: string },
    ): Promise<string | undefined> {
      const [row] = await database
        .q()
        .select({ id: sql<string>`coalesce(${customers.mergedIntoId}, ${customers.id})` })
        .from(identities)
        .innerJoin(
          customers,
          and(eq(customers.workspaceId, identities.workspaceId), eq(customers.id, identities.customerId)),
        )
        .where(
          and(
            eq(identities.workspaceId, workspaceId),
            eq(identities.kind, identity.kind),
            eq(identities.source, identity.source),
            eq(identities.value, identity.value),
          ),
        )
        .limit(1);
      return row?.id;
    },
  };
}
export type LookupRepo = ReturnType<typeof createLookupRepo>;
