import { queryOptions } from '@tanstack/react-query';
import {
  CustomerValuePanel,
  ValueDashboard,
  ValueRun,
  ValueRunList,
  ValueSettings,
} from '../../../shared/contracts/value.js';
import { api } from '../../lib/api.js';
import { customerKey } from '../customers/360/queries.js';
import { isActive } from './value.labels.js';

/*
 * Everything cached about value runs lives under ['value']; a customer's value panel lives with
 * the customer (['customers', 'detail', id, 'value']). A finished run changes both, so it
 * invalidates ['value'] and ['customers'] (the list's Value column too).
 */
export const VALUE_KEY = ['value'] as const;

/** How often a queued or running run is asked for its progress, in milliseconds. */
export const RUN_POLL_MS = 2000;

export const valueSettingsQuery = queryOptions({
  queryKey: [...VALUE_KEY, 'settings'],
  queryFn: ({ signal }) => api.get('/value/settings', ValueSettings, { signal }),
});

/** The latest runs, newest first (without their validation reports). */
export const valueRunsQuery = queryOptions({
  queryKey: [...VALUE_KEY, 'runs'],
  queryFn: ({ signal }) => api.get('/value/runs', ValueRunList, { signal }),
});

/** One run with its validation; asked again every `RUN_POLL_MS` while it is queued or running. */
export function valueRunQuery(id: string) {
  return queryOptions({
    queryKey: [...VALUE_KEY, 'run', id],
    queryFn: ({ signal }) => api.get(`/value/runs/${encodeURIComponent(id)}`, ValueRun, { signal }),
    refetchInterval: (query) => (isActive(query.state.data) ? RUN_POLL_MS : false),
    // A recompute takes a while; people switch tabs meanwhile.
    refetchIntervalInBackground: true,
  });
}

/** The dashboard of one run, or of the current run without `runId`. */
export function valueDashboardQuery(runId?: string) {
  return queryOptions({
    queryKey: [...VALUE_KEY, 'dashboard', runId ?? 'current'],
    queryFn: ({ signal }) => api.get('/value/dashboard', ValueDashboard, { query: { runId }, signal }),
  });
}

/** Queues a recompute; the server answers the run already queued or running, if there is one. */
export function requestRecompute(): Promise<ValueRun> {
  return api.post('/value/runs', ValueRun, {});
}

/** The 360's value panel of one customer. */
export function customerValueQuery(customerId: string) {
  return queryOptions({
    queryKey: [...customerKey(customerId), 'value'],
    queryFn: ({ signal }) => api.get(`/customers/${customerId}/value`, CustomerValuePanel, { signal }),
  });
}
