import { z } from 'zod';
import { Channel, IsoDateTime, PageQuery } from './common.js';
import { CUSTOMER_SORTS } from './customers.js';
import { ValueTier } from './value.js';

export const SAVED_VIEW_RESOURCES = ['customers'] as const;
export const SavedViewResource = z.enum(SAVED_VIEW_RESOURCES);
export type SavedViewResource = z.infer<typeof SavedViewResource>;

/** Columns the customers list can show; the column chooser and saved views use these ids. */
export const CUSTOMER_COLUMNS = [
  'fullName',
  'primaryEmail',
  'primaryPhone',
  'tags',
  'city',
  'country',
  'locale',
  'prefersHumanService',
  'lastActivityAt',
  'value',
  'createdAt',
  'updatedAt',
] as const;
export const CustomerColumn = z.enum(CUSTOMER_COLUMNS);
export type CustomerColumn = z.infer<typeof CustomerColumn>;

/** What a customers view remembers: its filters, sort and visible columns. */
export const CustomerViewState = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().max(50).optional(),
  channel: Channel.optional(),
  createdFrom: IsoDateTime.optional(),
  createdTo: IsoDateTime.optional(),
  lastActivityFrom: IsoDateTime.optional(),
  lastActivityTo: IsoDateTime.optional(),
  hasOpenTask: z.boolean().optional(),
  valueTier: ValueTier.optional(),
  minClvMinor: z.number().int().min(0).optional(),
  maxPAlive: z.number().min(0).max(1).optional(),
  sort: z.enum(CUSTOMER_SORTS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  columns: z.array(CustomerColumn).min(1).max(CUSTOMER_COLUMNS.length),
});
export type CustomerViewState = z.infer<typeof CustomerViewState>;

const ViewName = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');

export const SavedViewCreate = z.object({
  resource: SavedViewResource.default('customers'),
  name: ViewName,
  state: CustomerViewState,
});
export type SavedViewCreate = z.input<typeof SavedViewCreate>;

export const SavedViewUpdate = z.object({ name: ViewName, state: CustomerViewState }).partial();
export type SavedViewUpdate = z.input<typeof SavedViewUpdate>;

/** A named list view of one user; nobody else sees it. */
export const SavedView = z.object({
  id: z.string(),
  resource: SavedViewResource,
  name: z.string(),
  state: CustomerViewState,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SavedView = z.infer<typeof SavedView>;

export const SavedViewListQuery = PageQuery.omit({ order: true }).extend({
  resource: SavedViewResource.default('customers'),
});
export type SavedViewListQuery = z.infer<typeof SavedViewListQuery>;
