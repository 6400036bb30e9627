import { z } from 'zod';
import { ActorRef, Channel, Currency, Id, IsoDateTime, MinorUnits, PageQuery } from './common.js';

export const ORDER_STATUSES = ['pending', 'completed', 'cancelled', 'refunded'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** `/customers/:customerId/...` sub-resources (orders, timeline). */
export const CustomerIdParams = z.object({ customerId: Id });

/** A line's units: negative for a return or a correction, never zero. */
const Quantity = z
  .number()
  .int('must be a whole number')
  .min(-1_000_000)
  .max(1_000_000)
  .refine((q) => q !== 0, 'must not be zero');

/** A line as a client sends it; `sku` names a product of the workspace when one has that SKU. */
export const OrderLineInput = z
  .object({
    productId: Id.optional(),
    sku: z.string().trim().min(1).max(64).optional(),
    description: z.string().trim().min(1).max(500).optional().describe("defaults to the product's name"),
    quantity: Quantity,
    unitPriceMinor: MinorUnits.describe('price of one unit in integer minor units of the order currency'),
    isGift: z.boolean().default(false).describe('bought for someone else'),
  })
  .refine((l) => !(l.productId && l.sku), { message: 'give productId or sku, not both', path: ['sku'] })
  .refine((l) => Boolean(l.productId || l.sku || l.description), {
    message: 'give a productId, a sku or a description',
    path: ['description'],
  });
export type OrderLineInput = z.input<typeof OrderLineInput>;

/**
 * The total of some lines in integer minor units: Σ quantity × unit price.
 * @example linesTotalMinor([{ quantity: 2, unitPriceMinor: 1250 }]) === 2500
 */
export function linesTotalMinor(lines: readonly { quantity: number; unitPriceMinor: number }[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
}

/** Checks `totalMinor` against the lines: required without lines, equal to their sum with them. */
function checkTotal(
  o: { totalMinor?: number | undefined; lines?: { quantity: number; unitPriceMinor: number }[] | undefined },
  ctx: z.RefinementCtx,
) {
  if (!o.lines?.length) return;
  const sum = linesTotalMinor(o.lines);
  if (!Number.isSafeInteger(sum)) {
    ctx.addIssue({ code: 'custom', message: 'the lines add up to more than can be stored', path: ['lines'] });
  } else if (o.totalMinor !== undefined && o.totalMinor !== sum) {
    ctx.addIssue({
      code: 'custom',
      message: `must equal the sum of the lines (${sum}) or be omitted`,
      path: ['totalMinor'],
    });
  }
}

const orderFields = {
  externalId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe("the order's id in the system it came from; unique in the workspace"),
  customerId: Id,
  channel: Channel,
  location: z.string().trim().min(1).max(200).describe('store, outlet or property'),
  occurredAt: IsoDateTime.describe('when the order was placed'),
  currency: Currency,
  status: OrderStatus,
  totalMinor: MinorUnits.describe(
    'integer minor units; computed from the lines when there are any, required when there are none',
  ),
  lines: z.array(OrderLineInput).max(500),
};

export const OrderCreate = z
  .object({
    ...orderFields,
    externalId: orderFields.externalId.optional(),
    location: orderFields.location.nullish(),
    status: orderFields.status.default('completed'),
    totalMinor: orderFields.totalMinor.optional(),
    lines: orderFields.lines.default([]),
  })
  .superRefine((o, ctx) => {
    if (!o.lines.length && o.totalMinor === undefined) {
      ctx.addIssue({ code: 'custom', message: 'is required when there are no lines', path: ['totalMinor'] });
    }
    checkTotal(o, ctx);
  });
export type OrderCreate = z.input<typeof OrderCreate>;

/**
 * Fields given replace the stored ones; `lines` replaces every line and the total follows them.
 * `totalMinor` may only be set on an order left without lines.
 */
export const OrderUpdate = z
  .object({
    status: orderFields.status,
    location: orderFields.location.nullable(),
    channel: orderFields.channel,
    occurredAt: orderFields.occurredAt,
    lines: orderFields.lines,
    totalMinor: orderFields.totalMinor,
  })
  .partial()
  .superRefine(checkTotal);
export type OrderUpdate = z.input<typeof OrderUpdate>;

export const OrderLine = z.object({
  lineNo: z.number().int().describe('1-based position in the order'),
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  description: z.string().nullable(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  totalMinor: z.number().int().describe('quantity × unitPriceMinor'),
  isGift: z.boolean(),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const Order = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  customerId: z.string(),
  channel: Channel,
  location: z.string().nullable(),
  occurredAt: z.date(),
  currency: z.string(),
  totalMinor: z.number().int(),
  status: OrderStatus,
  lines: z.array(OrderLine),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Order = z.infer<typeof Order>;

export const ORDER_SORTS = ['occurredAt', 'totalMinor', 'createdAt'] as const;

const orderFilters = {
  sort: z.enum(ORDER_SORTS).default('occurredAt'),
  channel: Channel.optional(),
  status: OrderStatus.optional(),
  location: z.string().trim().max(200).optional(),
  occurredFrom: IsoDateTime.optional().describe('occurred at or after'),
  occurredTo: IsoDateTime.optional().describe('occurred at or before'),
};

export const OrderListQuery = PageQuery.extend({ ...orderFilters, customerId: Id.optional() });
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const CustomerOrdersQuery = PageQuery.extend(orderFilters);
export type CustomerOrdersQuery = z.infer<typeof CustomerOrdersQuery>;

/**
 * A customer's purchases at a glance. Cancelled orders are left out of every figure; refunded
 * ones count as orders but not as revenue. Revenue sums the orders in `currency`, the currency
 * most of the customer's orders use — amounts in different currencies are never added.
 */
export const OrderSummary = z.object({
  count: z.number().int(),
  revenueMinor: z.number().int(),
  currency: z.string().nullable(),
  firstOrderAt: z.date().nullable(),
  lastOrderAt: z.date().nullable(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

/**
 * Money for people: integer minor units shown in the currency's own decimals.
 * @example formatMoney(41250, 'EUR') === '€412.50'; formatMoney(500, 'JPY') === '¥500'
 */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${currency} ${minor}`;
  }
}
