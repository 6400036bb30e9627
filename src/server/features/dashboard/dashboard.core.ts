/** Pure date arithmetic and merging for the dashboard; every instant is UTC. */

const DAY_MS = 86_400_000;

/** The instants the dashboard compares: each window and the one just before it. */
export interface DashboardWindows {
  /** now − activeDays: active customers have activity at or after this. */
  activeSince: Date;
  /** now − 2 × activeDays: the start of the previous active window (which ends at activeSince). */
  previousActiveSince: Date;
  /** now − newDays: new customers were created at or after this. */
  newSince: Date;
  /** now − 2 × newDays. */
  previousNewSince: Date;
}

/** @example dashboardWindows(new Date('2025-06-18T12:00:00Z'), 90, 30).newSince → 2025-05-19T12:00:00Z */
export function dashboardWindows(now: Date, activeDays: number, newDays: number): DashboardWindows {
  const back = (days: number) => addDays(now, -days);
  return {
    activeSince: back(activeDays),
    previousActiveSince: back(2 * activeDays),
    newSince: back(newDays),
    previousNewSince: back(2 * newDays),
  };
}

/** Monday 00:00 UTC of the ISO week `d` falls in. @example isoWeekStart(Wed 2025-06-18) → Mon 2025-06-16 */
export function isoWeekStart(d: Date): Date {
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY_MS);
}

/** The starts of the `count` ISO weeks up to and including the current one, oldest first. */
export function weekStarts(now: Date, count: number): Date[] {
  const current = isoWeekStart(now);
  return Array.from({ length: count }, (_, i) => addDays(current, -7 * (count - 1 - i)));
}

/** The first instants of the `count` calendar months up to and including the current one, oldest first. */
export function monthStarts(now: Date, count: number): Date[] {
  return Array.from(
    { length: count },
    (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - i), 1)),
  );
}

/** The instant `days` × 24 hours after `d`. */
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);

/** The first instant of the calendar month `months` after the one `start` falls in (UTC). */
export const addMonths = (start: Date, months: number) =>
  new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));

/** 'YYYY-MM-DD' of a UTC instant. */
export const dayKey = (d: Date) => d.toISOString().slice(0, 10);
/** 'YYYY-MM' of a UTC instant. */
export const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/**
 * One entry per key, in the keys' order, taking the row with that key or `empty` (so a chart has
 * a point for every week or month, zero where nothing happened).
 */
export function zeroFilled<R>(
  keys: readonly string[],
  rows: readonly R[],
  keyOf: (r: R) => string,
  empty: (key: string) => R,
): R[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? empty(k));
}

/** The `limit` newest of several newest-first lists, by occurredAt then id (as the timeline orders). */
export function newestOf<T extends { occurredAt: Date; id: string }>(
  lists: readonly T[][],
  limit: number,
): T[] {
  return lists
    .flat()
    .sort(
      (a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )
    .slice(0, limit);
}
