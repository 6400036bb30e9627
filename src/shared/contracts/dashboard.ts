import { z } from 'zod';
import { Channel } from './common.js';
import { TimelineKind } from './customers.js';

/**
 * The dashboard's windows, in days: a customer is *active* with a touch point or order in the
 * last `activeDays`, *lapsed* with activity but none in that window, *new* when created in the
 * last `newDays`. Trends compare with the window just before.
 */
export const DashboardQuery = z.object({
  activeDays: z.coerce.number().int().min(7).max(730).default(90),
  newDays: z.coerce.number().int().min(1).max(365).default(30),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

/** A count now and in the window before it, for a trend arrow. */
export const CountTrend = z.object({
  value: z.number().int(),
  previous: z.number().int().describe('the same measure one window earlier'),
});
export type CountTrend = z.infer<typeof CountTrend>;

export const Dashboard = z.object({
  asOf: z.date(),
  activeDays: z.number().int(),
  newDays: z.number().int(),
  /** The instants the tiles' filters use, so each tile links to exactly the list it counts. */
  windows: z.object({ activeSince: z.date(), newSince: z.date() }),
  customers: z.object({
    total: z.number().int(),
    new: CountTrend,
    active: CountTrend,
    lapsed: CountTrend,
  }),
  /** Weekly (Monday 00:00 UTC) counts of new customers over the last 26 weeks, oldest first. */
  newCustomersByWeek: z.array(z.object({ weekStart: z.string(), count: z.number().int() })),
  /**
   * Monthly revenue of the last 12 months in the workspace currency, oldest first; completed
   * and pending orders count, cancelled and refunded do not, other currencies are left out.
   */
  revenueByMonth: z.array(
    z.object({ month: z.string(), revenueMinor: z.number().int(), orders: z.number().int() }),
  ),
  currency: z.string(),
  /** Touch points of the active window per channel, most first. */
  touchpointsByChannel: z.array(z.object({ channel: Channel, count: z.number().int() })),
  /** The latest touch points and orders across the workspace, newest first. */
  recentActivity: z.array(
    z.object({
      id: z.string(),
      kind: TimelineKind,
      channel: Channel,
      type: z.string(),
      occurredAt: z.date(),
      summary: z.string(),
      customerId: z.string(),
      customerName: z.string(),
    }),
  ),
  openTasks: z.object({
    count: z.number().int(),
    overdue: z.number().int(),
    /** The caller's own open tasks first, then by due date. */
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        dueAt: z.date().nullable(),
        status: z.string(),
        customerId: z.string(),
        customerName: z.string(),
        assigneeId: z.string().nullable(),
      }),
    ),
  }),
});
export type Dashboard = z.infer<typeof Dashboard>;
