import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Channel } from '../../../shared/contracts/common.js';
import type { OrderStatus } from '../../../shared/contracts/orders.js';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

export const orders = pgTable(
  'orders',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    /** The order's id in the system it came from; the import upserts on it. */
    externalId: text('external_id'),
    customerId: uuid('customer_id').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    location: text('location'),
    occurredAt: tstz('occurred_at').notNull(),
    currency: text('currency').notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    status: text('status').$type<OrderStatus>().notNull().default('completed'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('orders_external_id_key').on(t.workspaceId, t.externalId),
    index('orders_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt.desc()),
    index('orders_occurred_idx').on(t.workspaceId, t.occurredAt.desc(), t.id.desc()),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
  ],
);

/** Lines are numbered from 1 within their order; the pair is the key re-imports upsert on. */
export const orderLines = pgTable(
  'order_lines',
  {
    workspaceId: workspaceIdColumn(),
    orderId: uuid('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id'),
    sku: text('sku'),
    description: text('description'),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    /** Bought for someone else: kept out of the buyer's personal preferences. */
    isGift: boolean('is_gift').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.orderId, t.lineNo] }),
    index('order_lines_product_idx').on(t.workspaceId, t.productId),
    foreignKey({
      columns: [t.workspaceId, t.orderId],
      foreignColumns: [orders.workspaceId, orders.id],
    }).onDelete('cascade'),
  ],
);
