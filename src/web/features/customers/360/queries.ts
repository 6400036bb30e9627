import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { AuditEntry } from '../../../../shared/contracts/audit.js';
import { pageOf } from '../../../../shared/contracts/common.js';
import { Customer360, TimelineEntry } from '../../../../shared/contracts/customers.js';
import { Note } from '../../../../shared/contracts/notes.js';
import { Order } from '../../../../shared/contracts/orders.js';
import { Task } from '../../../../shared/contracts/tasks.js';
import { ColleagueList } from '../../../../shared/contracts/users.js';
import { api } from '../../../lib/api.js';
import type { Customer360Search } from '../customer-360.search.js';
import { CUSTOMERS_KEY } from '../list/queries.js';

/*
 * Everything cached about one customer lives under ['customers', 'detail', id]: a write on the
 * page invalidates that prefix (360, timeline, notes, tasks, audit), and a write in the list
 * (bulk tag, import) that invalidates ['customers'] refreshes an open 360 too.
 */

/** The prefix of every query about one customer. */
export const customerKey = (id: string) => [...CUSTOMERS_KEY, 'detail', id] as const;

export const TimelinePage = pageOf(TimelineEntry);
export const OrderPage = pageOf(Order);
export const NotePage = pageOf(Note);
export const TaskPage = pageOf(Task);
export const AuditPage = pageOf(AuditEntry);

/** Entries per timeline request: a screen and a half, so the sentinel is rarely reached at once. */
export const TIMELINE_PAGE_SIZE = 30;

export function customer360Query(id: string) {
  return queryOptions({
    queryKey: [...customerKey(id), '360'],
    queryFn: ({ signal }) => api.get(`/customers/${id}/360`, Customer360, { signal }),
  });
}

export type TimelineFilters = Pick<Customer360Search, 'channel' | 'kind' | 'type'>;

export function timelineQuery(id: string, filters: TimelineFilters) {
  const query = {
    limit: TIMELINE_PAGE_SIZE,
    channel: filters.channel,
    kind: filters.kind,
    type: filters.type,
  };
  return infiniteQueryOptions({
    queryKey: [...customerKey(id), 'timeline', query],
    queryFn: ({ pageParam, signal }) =>
      api.get(`/customers/${id}/timeline`, TimelinePage, { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function ordersQuery(id: string) {
  return infiniteQueryOptions({
    queryKey: [...customerKey(id), 'orders'],
    queryFn: ({ pageParam, signal }) =>
      api.get(`/customers/${id}/orders`, OrderPage, { query: { limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function notesQuery(id: string) {
  return infiniteQueryOptions({
    queryKey: [...customerKey(id), 'notes'],
    queryFn: ({ pageParam, signal }) =>
      api.get(`/customers/${id}/notes`, NotePage, { query: { limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export type TaskView = 'open' | 'done' | 'all';

const TASK_VIEW_STATUSES: Record<TaskView, string | undefined> = {
  open: 'open,in_progress',
  done: 'done,cancelled',
  all: undefined,
};

export function tasksQuery(id: string, view: TaskView) {
  const query = { limit: 50, sort: 'dueAt', order: 'asc', status: TASK_VIEW_STATUSES[view] };
  return infiniteQueryOptions({
    queryKey: [...customerKey(id), 'tasks', view],
    queryFn: ({ pageParam, signal }) =>
      api.get(`/customers/${id}/tasks`, TaskPage, { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function auditQuery(id: string) {
  return infiniteQueryOptions({
    queryKey: [...customerKey(id), 'audit'],
    queryFn: ({ pageParam, signal }) =>
      api.get('/audit', AuditPage, {
        query: { entityType: 'customer', entityId: id, limit: 25, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The workspace's active users (any staff role may list them), to assign work to and name assignees. */
export const colleaguesQuery = queryOptions({
  queryKey: ['users', 'colleagues'],
  queryFn: ({ signal }) => api.get('/users/colleagues', ColleagueList, { signal }),
  staleTime: 5 * 60_000,
});

/** Every item of an infinite query's pages, each id once (a refetch may shift a row between pages). */
export function flattenPages<T extends { id: string }>(
  pages: readonly { items: readonly T[] }[] | undefined,
): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const page of pages ?? []) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
    }
  }
  return out;
}
