import { z } from 'zod';
import { Currency, Locale, TimeZone } from './common.js';

export const Workspace = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  locale: z.string().describe('formats dates, numbers and money in the app; country for phone numbers'),
  timeZone: z.string(),
  currency: z.string().describe('default currency of orders and of the dashboard revenue'),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Workspace = z.infer<typeof Workspace>;

export const WorkspaceUpdate = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    locale: Locale,
    timeZone: TimeZone,
    currency: Currency,
  })
  .partial();
export type WorkspaceUpdate = z.input<typeof WorkspaceUpdate>;
