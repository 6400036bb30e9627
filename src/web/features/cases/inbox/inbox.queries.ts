import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import {
  type CaseBulkAction,
  CaseBulkResult,
  CaseCustomerNames,
  CaseTeams,
} from '../../../../shared/contracts/case-bulk.js';
import { api } from '../../../lib/api.js';
import { customerKey } from '../../customers/360/queries.js';
import { CasePage } from '../queries.js';
import type { InboxListQuery } from './inbox.search.js';

/*
 * Everything cached about cases across customers lives under ['cases'] (the inbox's pages, the
 * teams, the customers' names, each case's page): a change to a case invalidates ['cases'], and
 * the customer's 360 card (under the customer) as well.
 */
export const CASES_KEY = ['cases'] as const;

/** Cases per page of the inbox ("Load more" asks for the next). */
export const INBOX_PAGE_SIZE = 50;

export function inboxQueryOptions(query: InboxListQuery) {
  return infiniteQueryOptions({
    queryKey: [...CASES_KEY, 'inbox', query],
    queryFn: ({ pageParam, signal }) =>
      api.get('/cases', CasePage, {
        query: { ...query, limit: INBOX_PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The teams cases are queued for: the inbox's team queues and the team pickers. */
export const teamsQuery = queryOptions({
  queryKey: [...CASES_KEY, 'teams'],
  queryFn: ({ signal }) => api.get('/cases/teams', CaseTeams, { signal }),
  staleTime: 60_000,
});

/** The names of the customers of the cases shown, sorted so the same set is cached once. */
export function caseCustomersQuery(ids: readonly string[]) {
  const sorted = [...new Set(ids)].sort();
  return queryOptions({
    queryKey: [...CASES_KEY, 'customers', sorted],
    queryFn: ({ signal }) =>
      api.get('/cases/customers', CaseCustomerNames, { query: { ids: sorted.join(',') }, signal }),
    enabled: sorted.length > 0,
    staleTime: 60_000,
  });
}

export function runBulk(ids: readonly string[], action: CaseBulkAction) {
  return api.post('/cases/bulk', CaseBulkResult, { ids, action });
}

/** After a change to cases: the inbox, the case pages and the customers' cases cards. */
export async function refreshCases(queryClient: QueryClient, customerIds: readonly string[] = []) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: CASES_KEY }),
    ...[...new Set(customerIds)].map((id) =>
      queryClient.invalidateQueries({ queryKey: [...customerKey(id), 'cases'] }),
    ),
  ]);
}
