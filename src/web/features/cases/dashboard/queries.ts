import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { CaseAnalytics, SilentDissatisfactionPage } from '../../../../shared/contracts/case-analytics.js';
import { api } from '../../../lib/api.js';
import type { CaseDashboardSearch } from './dashboard.search.js';

const KEY = ['cases', 'analytics'] as const;

/** Customers per request of the silent-dissatisfaction list. */
export const SILENT_PAGE_SIZE = 25;

/** The recovery figures for a period (the server's defaults for what is left out). */
export function caseAnalyticsQuery(search: CaseDashboardSearch) {
  const query = { from: search.from, to: search.to, fastHours: search.fastHours };
  return queryOptions({
    queryKey: [...KEY, 'figures', query],
    queryFn: ({ signal }) => api.get('/cases/analytics', CaseAnalytics, { query, signal }),
  });
}

/** Customers drifting away without complaining, latest signal first, page by page. */
export function silentDissatisfactionQuery() {
  return infiniteQueryOptions({
    queryKey: [...KEY, 'silent'],
    queryFn: ({ pageParam, signal }) =>
      api.get('/cases/silent-dissatisfaction', SilentDissatisfactionPage, {
        query: { limit: SILENT_PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
