import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '../../../shared/contracts/common.js';
import { Customer } from '../../../shared/contracts/customers.js';
import {
  type CandidateStatus,
  DuplicateCandidate,
  IdentitySettings,
  Merge,
  MergeBlock,
  MergePreview,
} from '../../../shared/contracts/identities.js';
import { api } from '../../lib/api.js';
import { customerKey } from '../customers/360/queries.js';
import { CUSTOMERS_KEY } from '../customers/list/queries.js';

/*
 * Everything cached about identity resolution lives under ['identity']. A merge or an undo
 * changes two customers, their histories and the queue at once, so those writes invalidate
 * both ['identity'] and ['customers'] (see `refreshAfterMerge`).
 */
export const IDENTITY_KEY = ['identity'] as const;

export const CandidatePage = pageOf(DuplicateCandidate);
export const MergePage = pageOf(Merge);
export const MergeBlocks = z.array(MergeBlock);

const CANDIDATES_PAGE_SIZE = 25;
const MERGES_PAGE_SIZE = 20;

export function candidatesQuery(status: CandidateStatus) {
  const query = { status, limit: CANDIDATES_PAGE_SIZE };
  return infiniteQueryOptions({
    queryKey: [...IDENTITY_KEY, 'candidates', query],
    queryFn: ({ pageParam, signal }) =>
      api.get('/identity/candidates', CandidatePage, { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The merges a customer took part in, on either side, newest first. */
export function customerMergesQuery(customerId: string) {
  const query = { customerId, limit: MERGES_PAGE_SIZE };
  return infiniteQueryOptions({
    queryKey: [...IDENTITY_KEY, 'merges', query],
    queryFn: ({ pageParam, signal }) =>
      api.get('/identity/merges', MergePage, { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function neverMergeQuery(customerId: string) {
  return queryOptions({
    queryKey: [...IDENTITY_KEY, 'never-merge', customerId],
    queryFn: ({ signal }) => api.get(`/customers/${customerId}/never-merge`, MergeBlocks, { signal }),
  });
}

/**
 * The dry run of merging `mergedId` into `survivorId`. It is a POST but changes nothing, so it
 * is cached like a read; never kept for long, as either profile may change meanwhile.
 */
export function mergePreviewQuery(survivorId: string, mergedId: string) {
  return queryOptions({
    queryKey: [...IDENTITY_KEY, 'preview', survivorId, mergedId],
    queryFn: ({ signal }) =>
      api.post('/identity/merges', MergePreview, { survivorId, mergedId, dryRun: true }, { signal }),
    staleTime: 0,
    gcTime: 30_000,
  });
}

export const identitySettingsQuery = queryOptions({
  queryKey: [...IDENTITY_KEY, 'settings'],
  queryFn: ({ signal }) => api.get('/identity/settings', IdentitySettings, { signal }),
});

/** One customer's record, for naming the other side of a never-merge pair. */
export function customerRecordQuery(id: string) {
  return queryOptions({
    queryKey: [...customerKey(id), 'record'],
    queryFn: ({ signal }) => api.get(`/customers/${id}`, Customer, { signal }),
    staleTime: 60_000,
  });
}

/**
 * After a merge, an undo or a never-merge change: every customer and identity view may be
 * stale. Previews are left alone: the one just confirmed would be refetched while its dialog
 * closes and fail (its merged customer is gone); they are never reused anyway.
 */
export async function refreshAfterMerge(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: IDENTITY_KEY, predicate: (q) => q.queryKey[1] !== 'preview' }),
    queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY }),
  ]);
}
