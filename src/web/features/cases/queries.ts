import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import {
  Case,
  PublicCaseForm,
  PublicCaseReceipt,
  type PublicCaseSubmission,
} from '../../../shared/contracts/cases.js';
import { pageOf } from '../../../shared/contracts/common.js';
import { api } from '../../lib/api.js';
import { customerKey } from '../customers/360/queries.js';

export const CasePage = pageOf(Case);

/** Cases per request of the 360's card: the latest few, then "Show more". */
export const CUSTOMER_CASES_PAGE_SIZE = 10;

/**
 * A customer's cases, newest opened first. Cached with the customer (['customers', 'detail',
 * id, 'cases']), so whatever refreshes an open 360 refreshes its cases too.
 */
export function customerCasesQuery(customerId: string) {
  const query = { limit: CUSTOMER_CASES_PAGE_SIZE, sort: 'openedAt', order: 'desc' };
  return infiniteQueryOptions({
    queryKey: [...customerKey(customerId), 'cases'],
    queryFn: ({ pageParam, signal }) =>
      api.get(`/customers/${encodeURIComponent(customerId)}/cases`, CasePage, {
        query: { ...query, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/*
 * The public web form: anyone may open it without logging in, so every request is anonymous —
 * a staff session in the same browser is neither sent nor ended — and it is cached apart from
 * staff data.
 */
const PUBLIC_CASE_FORM_KEY = ['public-case-form'] as const;

/**
 * The form of the business named by `slug`, with a fresh timing token. Asked once per visit
 * (and again only when the token runs out): the token proves when the form was opened, so a
 * refetch in the background would restart the clock under the customer's feet.
 */
export function publicCaseFormQuery(slug: string) {
  return queryOptions({
    queryKey: [...PUBLIC_CASE_FORM_KEY, slug],
    queryFn: ({ signal }) =>
      api.get(`/public/workspaces/${encodeURIComponent(slug)}/case-form`, PublicCaseForm, {
        signal,
        anonymous: true,
      }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** Sends the filled-in form; the server answers the case's reference only. */
export function sendPublicCase(slug: string, body: PublicCaseSubmission): Promise<PublicCaseReceipt> {
  return api.post(`/public/workspaces/${encodeURIComponent(slug)}/cases`, PublicCaseReceipt, body, {
    anonymous: true,
  });
}
