import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { pageOf } from '../../../shared/contracts/common.js';
import { Company, CompanyPerson } from '../../../shared/contracts/companies.js';
import { api } from '../../lib/api.js';

/** Everything cached about companies starts with this key; writes invalidate it. */
export const COMPANIES_KEY = ['companies'] as const;

export const CompanyPage = pageOf(Company);
export const CompanyPeoplePage = pageOf(CompanyPerson);

const PAGE_SIZE = 50;

export function companiesQuery(search: { q?: string | undefined; deleted?: boolean | undefined }) {
  const query = {
    q: search.q?.trim() || undefined,
    deleted: search.deleted ? 'true' : undefined,
    sort: 'name',
    order: 'asc',
    limit: PAGE_SIZE,
  };
  return infiniteQueryOptions({
    queryKey: [...COMPANIES_KEY, 'list', query],
    queryFn: ({ pageParam, signal }) =>
      api.get('/companies', CompanyPage, { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function companyQuery(id: string) {
  return queryOptions({
    queryKey: [...COMPANIES_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get(`/companies/${id}`, Company, { signal }),
  });
}

export function companyPeopleQuery(id: string) {
  return infiniteQueryOptions({
    queryKey: [...COMPANIES_KEY, 'detail', id, 'people'],
    queryFn: ({ pageParam, signal }) =>
      api.get(`/companies/${id}/people`, CompanyPeoplePage, {
        query: { limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
