import {
  type CaseAnalytics,
  CaseAnalyticsQuery,
  RECOVERY_RESEARCH,
  REPURCHASE_WINDOW_DAYS,
  SILENT_SIGNAL_DAYS,
  SILENT_SIGNALS_LISTED,
  type SilentDissatisfactionPage,
  SilentDissatisfactionQuery,
  SMALL_SAMPLE_CUSTOMERS,
} from '../../../shared/contracts/case-analytics.js';
import { CASE_CHANNELS, CASE_TYPES, SLA_TARGET_KINDS } from '../../../shared/contracts/cases.js';
import { dayInZone, zonedDayBounds } from '../../../shared/zoned-day.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { decodeCursor, encodeCursor } from '../../lib/pagination.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CaseAnalyticsRepo } from './case-analytics.repo.js';
import {
  hours,
  MIN_PRIOR_ORDERS,
  nextStep,
  per1000,
  priorPer90Days,
  repurchaseGroup,
  resolvePeriod,
  share,
} from './core/recovery-stats.js';

/**
 * Service recovery measured on the workspace's own data (PRODUCT.md §4), and the customers who
 * show dissatisfaction without complaining. Both only read, so whoever may read CRM records may
 * read them (analysts and agents included): they are the same cases, orders and touch points,
 * counted.
 */
export function createCaseAnalyticsService(deps: {
  repo: CaseAnalyticsRepo;
  workspaces: Pick<WorkspacesService, 'get'>;
  clock: Clock;
}) {
  const { repo, clock } = deps;

  /**
   * The figures for the cases opened in a period of days in the workspace's time zone (the
   * last 90 by default, at most two years): counts, complaint rate per 1,000 orders, time to
   * first contact and to resolution, SLA attainment, CSAT, suggestions answered, and buying
   * again after fast versus slow resolution beside the research figures.
   */
  async function analytics(actor: Actor, input: CaseAnalyticsQuery = {}): Promise<CaseAnalytics> {
    requirePermission(actor, 'crm:read');
    const q = CaseAnalyticsQuery.parse(input);
    const { timeZone } = await deps.workspaces.get(actor);
    const now = clock.now();
    const { from, to, problems } = resolvePeriod(q, dayInZone(now, timeZone));
    const problem = problems[0];
    if (problem) throw new AppError('VALIDATION_FAILED', {}, problems, `${problem.path}: ${problem.message}`);
    const span = { start: zonedDayBounds(from, timeZone).start, end: zonedDayBounds(to, timeZone).end };
    const ws = actor.workspaceId;

    const counts = await repo.countsByTypeAndChannel(ws, span);
    const orders = await repo.ordersPlaced(ws, span);
    const figures = await repo.caseFigures(ws, span);
    const sla = await repo.slaOutcomes(ws, span);
    const again = await repo.repurchase(ws, span, {
      now,
      windowDays: REPURCHASE_WINDOW_DAYS,
      fastSeconds: q.fastHours * 3600,
    });

    const byType = Object.fromEntries(CASE_TYPES.map((t) => [t, 0])) as CaseAnalytics['cases']['byType'];
    const byChannel = Object.fromEntries(
      CASE_CHANNELS.map((c) => [c, 0]),
    ) as CaseAnalytics['cases']['byChannel'];
    for (const r of counts) {
      byType[r.type] = (byType[r.type] ?? 0) + r.count;
      byChannel[r.channel] = (byChannel[r.channel] ?? 0) + r.count;
    }
    const byKind = SLA_TARGET_KINDS.map((kind) => {
      const r = sla.find((s) => s.kind === kind) ?? { met: 0, missed: 0 };
      return { kind, met: r.met, missed: r.missed, attainment: share(r.met, r.met + r.missed) };
    });
    const met = byKind.reduce((n, k) => n + k.met, 0);
    const missed = byKind.reduce((n, k) => n + k.missed, 0);
    const duration = (d: { measured: number; medianSeconds: number | null; p90Seconds: number | null }) => ({
      measured: d.measured,
      medianHours: hours(d.medianSeconds),
      p90Hours: hours(d.p90Seconds),
    });
    const { csat, suggestions } = figures;

    return {
      period: { from, to, timeZone, start: span.start, end: span.end },
      asOf: now,
      cases: { opened: counts.reduce((n, r) => n + r.count, 0), byType, byChannel },
      complaintRate: {
        complaints: byType.complaint,
        orders,
        per1000Orders: per1000(byType.complaint, orders),
      },
      firstContact: duration(figures.firstContact),
      resolution: duration(figures.resolution),
      sla: { byKind, met, missed, attainment: share(met, met + missed) },
      csat: {
        requested: csat.requested,
        answered: csat.answered,
        responseRate: share(csat.answered, csat.requested),
        average: csat.average === null ? null : Math.round(csat.average * 100) / 100,
        distribution: csat.byScore.map((count, i) => ({ score: i + 1, count })),
      },
      suggestions: {
        opened: suggestions.opened,
        answered: suggestions.answered,
        answeredRate: share(suggestions.answered, suggestions.opened),
      },
      repurchase: {
        windowDays: REPURCHASE_WINDOW_DAYS,
        fastHours: q.fastHours,
        fast: repurchaseGroup(again.fast.customers, again.fast.repurchased),
        slow: repurchaseGroup(again.slow.customers, again.slow.repurchased),
        awaitingWindow: again.awaitingWindow,
        research: [RECOVERY_RESEARCH.complain, RECOVERY_RESEARCH.resolved, RECOVERY_RESEARCH.resolvedQuickly],
      },
      smallSampleCustomers: SMALL_SAMPLE_CUSTOMERS,
    };
  }

  /**
   * Customers drifting away without complaining, latest signal first (docs/cases.md, "Silent
   * dissatisfaction"): a negative signal in the last 180 days, a purchase rate fallen below half
   * of what it was, and no complaint ever. Each with their recent signals and a next step.
   */
  async function silentDissatisfaction(
    actor: Actor,
    input: SilentDissatisfactionQuery = {},
  ): Promise<SilentDissatisfactionPage> {
    requirePermission(actor, 'crm:read');
    const q = SilentDissatisfactionQuery.parse(input);
    const now = clock.now();
    const ws = actor.workspaceId;
    let after: { at: Date; customerId: string } | null = null;
    if (q.cursor) {
      const c = decodeCursor(q.cursor, 'date');
      after = { at: c.value as Date, customerId: c.id };
    }
    const rows = await repo.silentPage(ws, {
      now,
      signalDays: SILENT_SIGNAL_DAYS,
      minPriorOrders: MIN_PRIOR_ORDERS,
      after,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const signals = await repo.signalsOf(
      ws,
      page.map((r) => r.customerId),
      { now, signalDays: SILENT_SIGNAL_DAYS, perCustomer: SILENT_SIGNALS_LISTED },
    );
    const items = page.map((r) => {
      const own = signals.filter((s) => s.customerId === r.customerId).map(({ customerId: _c, ...s }) => s);
      return {
        customerId: r.customerId,
        name: r.name,
        signals: own,
        signalCount: r.signalCount,
        latestSignalAt: r.latestSignalAt,
        purchases: {
          last90Days: r.last90Days,
          prior12Months: r.prior12Months,
          priorPer90Days: Math.round(priorPer90Days(r.prior12Months) * 100) / 100,
        },
        lastOrderAt: r.lastOrderAt,
        nextStep: nextStep(own),
      };
    });
    const last = page.at(-1);
    return {
      items,
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor([last.latestSignalAt.toISOString(), last.customerId])
          : null,
      asOf: now,
    };
  }

  return { analytics, silentDissatisfaction };
}
export type CaseAnalyticsService = ReturnType<typeof createCaseAnalyticsService>;
