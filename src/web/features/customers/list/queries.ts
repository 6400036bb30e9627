import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { pageOf } from '../../../../shared/contracts/common.js';
import { CustomerListItem } from '../../../../shared/contracts/customers.js';
import { SavedView } from '../../../../shared/contracts/saved-views.js';
import { api } from '../../../lib/api.js';
import type { CustomersSearch } from '../customers.search.js';
import { toListQuery } from './list-query.js';

export const CustomerPage = pageOf(CustomerListItem);

/** Everything cached about customers starts with this key; writes invalidate it. */
export const CUSTOMERS_KEY = ['customers'] as const;
export const SAVED_VIEWS_KEY = ['saved-views', 'customers'] as const;

/**
 * One page of the list. The previous page stays on screen while the next loads (no empty
 * flash), and the table dims it meanwhile.
 */
export function customerListQuery(search: CustomersSearch, page: { limit: number; cursor?: string }) {
  const query = toListQuery(search, page);
  return queryOptions({
    queryKey: [...CUSTOMERS_KEY, 'list', query],
    queryFn: ({ signal }) => api.get('/customers', CustomerPage, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The user's own customer views; one page of 200 is more than anyone keeps. */
export const savedViewsQuery = queryOptions({
  queryKey: SAVED_VIEWS_KEY,
  queryFn: ({ signal }) =>
    api.get('/saved-views', pageOf(SavedView), { query: { resource: 'customers', limit: 200 }, signal }),
  staleTime: 60_000,
});
