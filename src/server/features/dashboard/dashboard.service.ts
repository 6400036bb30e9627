import { type Dashboard, DashboardQuery } from '../../../shared/contracts/dashboard.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { TouchpointTypesService } from '../touchpoint-types/touchpoint-types.service.js';
import { toTimelineEntry } from '../touchpoints/touchpoints.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import {
  addDays,
  addMonths,
  dashboardWindows,
  dayKey,
  monthKey,
  monthStarts,
  newestOf,
  weekStarts,
  zeroFilled,
} from './dashboard.core.js';
import type { DashboardRepo } from './dashboard.repo.js';

export const DASHBOARD_WEEKS = 26;
export const DASHBOARD_MONTHS = 12;
export const RECENT_ACTIVITY_SIZE = 10;
export const OPEN_TASK_ITEMS = 8;

/**
 * The home page's figures. Customers are live ones; their activity is live touch points and
 * live orders not cancelled, as in the customers list, so each tile's count is the length of the
 * list it links to (`?lastActivityFrom=activeSince`, `?lastActivityTo=activeSince`,
 * `?createdFrom=newSince`).
 */
export function createDashboardService(deps: {
  repo: DashboardRepo;
  workspaces: Pick<WorkspacesService, 'get'>;
  /** Recent activity reads with the timeline's labels. */
  catalogue?: Pick<TouchpointTypesService, 'vocabulary'>;
  clock: Clock;
}) {
  const { repo, clock } = deps;

  async function get(actor: Actor, input: Partial<DashboardQuery> = {}): Promise<Dashboard> {
    requirePermission(actor, 'crm:read');
    const { activeDays, newDays } = DashboardQuery.parse(input);
    const now = clock.now();
    const w = dashboardWindows(now, activeDays, newDays);
    const weeks = weekStarts(now, DASHBOARD_WEEKS);
    const months = monthStarts(now, DASHBOARD_MONTHS);
    const ws = actor.workspaceId;
    const { currency } = await deps.workspaces.get(actor);
    const vocabulary = await deps.catalogue?.vocabulary(actor);
    const [counts, byWeek, byMonth, byChannel, recentTouchpoints, recentOrders, taskCounts, taskItems] =
      await Promise.all([
        repo.customerCounts(ws, w),
        repo.newCustomersByWeek(ws, weeks[0]!, addDays(weeks.at(-1)!, 7)),
        repo.revenueByMonth(ws, currency, months[0]!, addMonths(months.at(-1)!, 1)),
        repo.touchpointsByChannel(ws, w.activeSince),
        repo.recentTouchpoints(ws, now, RECENT_ACTIVITY_SIZE),
        repo.recentOrders(ws, now, RECENT_ACTIVITY_SIZE),
        repo.openTaskCounts(ws, now),
        repo.openTaskItems(ws, actor.type === 'user' ? actor.id : null, OPEN_TASK_ITEMS),
      ]);
    return {
      asOf: now,
      activeDays,
      newDays,
      windows: { activeSince: w.activeSince, newSince: w.newSince },
      customers: {
        total: counts.total,
        new: { value: counts.newNow, previous: counts.newBefore },
        active: { value: counts.activeNow, previous: counts.activeBefore },
        lapsed: { value: counts.lapsedNow, previous: counts.lapsedBefore },
      },
      newCustomersByWeek: zeroFilled(
        weeks.map(dayKey),
        byWeek,
        (r) => r.weekStart,
        (weekStart) => ({ weekStart, count: 0 }),
      ),
      revenueByMonth: zeroFilled(
        months.map(monthKey),
        byMonth,
        (r) => r.month,
        (month) => ({ month, revenueMinor: 0, orders: 0 }),
      ),
      currency,
      touchpointsByChannel: byChannel,
      recentActivity: newestOf([recentTouchpoints, recentOrders], RECENT_ACTIVITY_SIZE).map((r) => {
        const { id, kind, channel, type, occurredAt, summary } = toTimelineEntry(r, vocabulary);
        return {
          id,
          kind,
          channel,
          type,
          occurredAt,
          summary,
          customerId: r.customerId,
          customerName: r.customerName,
        };
      }),
      openTasks: { ...taskCounts, items: taskItems },
    };
  }

  return { get };
}
export type DashboardService = ReturnType<typeof createDashboardService>;
