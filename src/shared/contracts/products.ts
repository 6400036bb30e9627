import { z } from 'zod';
import { ActorRef, Currency, MinorUnits, PageQuery, QueryBoolean } from './common.js';

const productFields = {
  sku: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(64, 'must be at most 64 characters')
    .describe('stock-keeping unit, unique in the workspace (case-sensitive)'),
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  category: z.string().trim().min(1).max(100).nullish(),
  priceMinor: MinorUnits.min(0, 'must not be negative')
    .max(Number.MAX_SAFE_INTEGER)
    .nullish()
    .describe('list price in integer minor units of `currency` (1999 = 19.99); give both or neither'),
  currency: Currency.nullish().describe('ISO 4217 code of `priceMinor`; give both or neither'),
};

const hasValue = (v: unknown) => v !== undefined && v !== null;

export const ProductCreate = z
  .object(productFields)
  .refine((p) => hasValue(p.currency) || !hasValue(p.priceMinor), {
    message: 'is required when priceMinor is given',
    path: ['currency'],
  })
  .refine((p) => hasValue(p.priceMinor) || !hasValue(p.currency), {
    message: 'is required when currency is given',
    path: ['priceMinor'],
  });
export type ProductCreate = z.input<typeof ProductCreate>;

/**
 * Fields given replace the stored ones; omitted fields stay. The price and currency that
 * result must still be both set or both null.
 */
export const ProductUpdate = z.object(productFields).partial();
export type ProductUpdate = z.input<typeof ProductUpdate>;

export const Product = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  priceMinor: z.number().int().nullable().describe('integer minor units of `currency`'),
  currency: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Product = z.infer<typeof Product>;

export const PRODUCT_SORTS = ['name', 'sku', 'createdAt'] as const;

export const ProductListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().describe('search name and SKU (any part of each word given)'),
  sort: z.enum(PRODUCT_SORTS).default('createdAt'),
  category: z.string().trim().max(100).optional().describe('exact category'),
  deleted: QueryBoolean.optional().describe('list soft-deleted products instead'),
});
export type ProductListQuery = z.infer<typeof ProductListQuery>;
