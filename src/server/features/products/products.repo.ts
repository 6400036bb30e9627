import { and, asc, desc, eq, isNotNull, isNull, ne, type SQL, sql } from 'drizzle-orm';
import type { ProductListQuery } from '../../../shared/contracts/products.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { afterCursor, type Page, toPage } from '../../lib/pagination.js';
import { containsPattern } from '../../lib/search.js';
import { products } from './products.table.js';

export type ProductRow = typeof products.$inferSelect;
export type ProductInsert = typeof products.$inferInsert;

const SORT_COLUMNS = {
  name: products.name,
  sku: products.sku,
  createdAt: products.createdAt,
} as const;

/** Filters of the product list; `terms` are lower-case search words. */
export type ProductFilter = Omit<ProductListQuery, 'q' | 'limit' | 'cursor'> & { terms: string[] };

/** The SKU error for a write the unique key refused (a concurrent writer won the race). */
function skuConflict(error: unknown): AppError | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505' && (constraint === undefined || constraint === 'products_sku_key')) {
      return new AppError('SKU_TAKEN', {}, [{ path: 'body.sku', message: 'is used by another product' }]);
    }
  }
  return undefined;
}

export function createProductsRepo(database: Database) {
  // Exactly the expression the trigram index is built on, so searches can use it.
  const searchText = sql`lower(${products.name} || ' ' || ${products.sku})`;

  return {
    async insert(row: ProductInsert): Promise<ProductRow> {
      try {
        const [created] = await database.q().insert(products).values(row).returning();
        return created!;
      } catch (error) {
        throw skuConflict(error) ?? error;
      }
    },

    async findById(workspaceId: string, id: string): Promise<ProductRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(products)
        .where(and(eq(products.workspaceId, workspaceId), eq(products.id, id)));
      return row;
    },

    /** Whether another product (deleted ones too: the unique key covers them) has this SKU. */
    async skuTaken(workspaceId: string, sku: string, exceptId?: string): Promise<boolean> {
      const [row] = await database
        .q()
        .select({ id: products.id })
        .from(products)
        .where(
          and(
            eq(products.workspaceId, workspaceId),
            eq(products.sku, sku),
            exceptId ? ne(products.id, exceptId) : undefined,
          ),
        )
        .limit(1);
      return Boolean(row);
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<ProductInsert>,
    ): Promise<ProductRow | undefined> {
      try {
        const [row] = await database
          .q()
          .update(products)
          .set(patch)
          .where(and(eq(products.workspaceId, workspaceId), eq(products.id, id)))
          .returning();
        return row;
      } catch (error) {
        throw skuConflict(error) ?? error;
      }
    },

    async list(
      workspaceId: string,
      f: ProductFilter & { limit: number; cursor?: string | undefined },
    ): Promise<Page<ProductRow>> {
      const col = SORT_COLUMNS[f.sort];
      const isDate = f.sort === 'createdAt';
      const conditions: (SQL | undefined)[] = [
        eq(products.workspaceId, workspaceId),
        f.deleted ? isNotNull(products.deletedAt) : isNull(products.deletedAt),
        ...f.terms.map((t) => sql`${searchText} like ${containsPattern(t)}`),
        f.category ? eq(products.category, f.category) : undefined,
        afterCursor(col, products.id, f.order, f.cursor, isDate ? 'date' : 'text'),
      ];
      const rows = await database
        .q()
        .select()
        .from(products)
        .where(and(...conditions))
        .orderBy(...(f.order === 'asc' ? [asc(col), asc(products.id)] : [desc(col), desc(products.id)]))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [
        f.sort === 'createdAt' ? r.createdAt.toISOString() : r[f.sort],
        r.id,
      ]);
    },
  };
}
export type ProductsRepo = ReturnType<typeof createProductsRepo>;
