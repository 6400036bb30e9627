import type { CUSTOMER_SORTS } from '../../../../shared/contracts/customers.js';
import type { CustomerColumn } from '../../../../shared/contracts/saved-views.js';

/*
 * The list's columns are the contract's `CUSTOMER_COLUMNS`, in its order: the column chooser, the
 * table, the URL (`cols`) and saved views all use those ids, so a view remembers every column.
 */

/** Column headers as the column chooser and the table name them. */
export const COLUMN_LABELS: Record<CustomerColumn, string> = {
  fullName: 'Name',
  primaryEmail: 'E-mail',
  primaryPhone: 'Phone',
  tags: 'Tags',
  city: 'City',
  country: 'Country',
  locale: 'Language',
  prefersHumanService: 'Prefers a human',
  lastActivityAt: 'Last activity',
  value: 'Value',
  createdAt: 'Created',
  updatedAt: 'Updated',
};

/** Fixed widths in px: with `table-layout: fixed` the table never re-measures when rows change. */
export const COLUMN_WIDTHS: Record<CustomerColumn | 'select', number> = {
  select: 40,
  fullName: 190,
  primaryEmail: 210,
  primaryPhone: 165,
  tags: 160,
  city: 130,
  country: 130,
  locale: 95,
  prefersHumanService: 140,
  lastActivityAt: 125,
  value: 170,
  createdAt: 115,
  updatedAt: 115,
};

/** The columns the server can sort by (the rest sort nothing: a click would be a lie). */
export const SORTABLE: ReadonlySet<string> = new Set<(typeof CUSTOMER_SORTS)[number]>([
  'fullName',
  'createdAt',
  'updatedAt',
]);

/** A fixed row height keeps the page still while pages load and rows change. */
export const ROW_HEIGHT = 41;
