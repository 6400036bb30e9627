import { z } from 'zod';
import {
  CASE_SEVERITIES,
  CASE_STATUSES,
  CASE_TYPES,
  type CaseStatus,
} from '../../../../shared/contracts/cases.js';

/** The inbox's fixed queues; a team's queue is `team:<name>`. */
export const FIXED_QUEUES = ['mine', 'unassigned', 'sla', 'waiting', 'resolved', 'all'] as const;
export type FixedQueue = (typeof FIXED_QUEUES)[number];

export const QUEUE_LABELS: Record<FixedQueue, string> = {
  mine: 'My open cases',
  unassigned: 'Unassigned',
  sla: 'Breached / at risk',
  waiting: 'Waiting on customer',
  resolved: 'Resolved recently',
  all: 'All cases',
};

const text = (max: number) =>
  z
    .preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string().max(max))
    .optional()
    .catch(undefined);

const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).min(1).optional().catch(undefined);

/** The inbox's state in the URL: the queue, the words searched and the filters. Bad values are dropped. */
export const InboxSearch = z.object({
  queue: text(120),
  q: text(200),
  type: list(CASE_TYPES),
  severity: list(CASE_SEVERITIES),
  status: list(CASE_STATUSES),
});
export type InboxSearch = z.infer<typeof InboxSearch>;

/** Statuses a case is still being worked in. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'new',
  'acknowledged',
  'in_progress',
  'waiting_on_customer',
];

export const TEAM_QUEUE_PREFIX = 'team:';

/** The queue a URL names: one of the fixed ones, a team's, else "My open cases". */
export function queueOf(value: string | undefined): { kind: FixedQueue } | { kind: 'team'; team: string } {
  if (value?.startsWith(TEAM_QUEUE_PREFIX) && value.length > TEAM_QUEUE_PREFIX.length) {
    return { kind: 'team', team: value.slice(TEAM_QUEUE_PREFIX.length) };
  }
  return { kind: (FIXED_QUEUES as readonly string[]).includes(value ?? '') ? (value as FixedQueue) : 'mine' };
}

/** The query of GET /cases for a queue and the filters: nearest SLA due first unless the queue says otherwise. */
export interface InboxListQuery {
  sort: 'slaDueAt' | 'updatedAt';
  order: 'asc' | 'desc';
  assignee?: 'me' | 'none';
  team?: string;
  sla?: string;
  status?: string;
  type?: string;
  severity?: string;
  q?: string;
}

/**
 * The case-list query of a queue with the filters on top. A status filter replaces the open
 * statuses of a working queue; the waiting and resolved queues are their status.
 * @example inboxQuery({ queue: 'unassigned' }).assignee === 'none'
 */
export function inboxQuery(search: InboxSearch): InboxListQuery {
  const queue = queueOf(search.queue);
  const open = (search.status ?? OPEN_STATUSES).join(',');
  const base: InboxListQuery = { sort: 'slaDueAt', order: 'asc' };
  switch (queue.kind) {
    case 'mine':
      Object.assign(base, { assignee: 'me', status: open });
      break;
    case 'unassigned':
      Object.assign(base, { assignee: 'none', status: open });
      break;
    case 'team':
      Object.assign(base, { team: queue.team, status: open });
      break;
    case 'sla':
      Object.assign(base, { sla: 'warning,breached', status: open });
      break;
    case 'waiting':
      base.status = 'waiting_on_customer';
      break;
    case 'resolved':
      Object.assign(base, { status: 'resolved', sort: 'updatedAt', order: 'desc' });
      break;
    case 'all':
      if (search.status) base.status = search.status.join(',');
      break;
  }
  if (search.type) base.type = search.type.join(',');
  if (search.severity) base.severity = search.severity.join(',');
  if (search.q?.trim()) base.q = search.q.trim();
  return base;
}

/** Whether the status filter applies to the queue (the waiting and resolved queues are one status). */
export function queueTakesStatus(queue: string | undefined): boolean {
  const q = queueOf(queue);
  return q.kind !== 'waiting' && q.kind !== 'resolved';
}
