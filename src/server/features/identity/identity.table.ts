import { foreignKey, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import { createdAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

/**
 * One normalised identifier → one customer. `source` names the system for external ids and is
 * '' for kinds that are global (e-mail, phone).
 */
export const identities = pgTable(
  'identities',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').$type<IdentityKind>().notNull(),
    source: text('source').notNull().default(''),
    value: text('value').notNull(),
    rawValue: text('raw_value'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('identities_value_key').on(t.workspaceId, t.kind, t.source, t.value),
    index('identities_customer_idx').on(t.workspaceId, t.customerId),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
  ],
);
