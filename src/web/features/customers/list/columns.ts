import { z } from 'zod';
import type { CUSTOMER_SORTS } from '../../../../shared/contracts/customers.js';
import type { CustomerColumn } from '../../../../shared/contracts/saved-views.js';

/**
 * The list's columns in their canonical order: the contract's (what a saved view remembers)
 * and `value`, the current value run's tier and CLV. The saved-view contract has no `value`
 * column yet, so a view does not remember it (see view-state.ts).
 */
export const LIST_COLUMNS = [
  'fullName',
  'primaryEmail',
  'primaryPhone',
  'tags',
  'value',
  'city',
  'country',
  'locale',
  'prefersHumanService',
  'lastActivityAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (CustomerColumn | 'value')[];
export const ListColumn = z.enum(LIST_COLUMNS);
export type ListColumn = z.infer<typeof ListColumn>;

/** Whether a list column is one a saved view can hold. */
export const isViewColumn = (column: ListColumn): column is CustomerColumn => column !== 'value';

/** Column headers as the column chooser and the table name them. */
export const COLUMN_LABELS: Record<ListColumn, string> = {
  fullName: 'Name',
  primaryEmail: 'E-mail',
  primaryPhone: 'Phone',
  tags: 'Tags',
  value: 'Value',
  city: 'City',
  country: 'Country',
  locale: 'Language',
  prefersHumanService: 'Prefers a human',
  lastActivityAt: 'Last activity',
  createdAt: 'Created',
  updatedAt: 'Updated',
};

/** Fixed widths in px: with `table-layout: fixed` the table never re-measures when rows change. */
export const COLUMN_WIDTHS: Record<ListColumn | 'select', number> = {
  select: 40,
  fullName: 190,
  primaryEmail: 210,
  primaryPhone: 165,
  tags: 160,
  value: 170,
  city: 130,
  country: 130,
  locale: 95,
  prefersHumanService: 140,
  lastActivityAt: 125,
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
