import { describe, expect, it } from 'vitest';
import { InboxSearch, inboxQuery, queueOf } from './inbox.search.js';

describe('inbox queues', () => {
  it('reads the queue from the URL, "My open cases" when unknown', () => {
    expect(queueOf(undefined)).toEqual({ kind: 'mine' });
    expect(queueOf('sla')).toEqual({ kind: 'sla' });
    expect(queueOf('team:Front desk')).toEqual({ kind: 'team', team: 'Front desk' });
    expect(queueOf('team:')).toEqual({ kind: 'mine' });
    expect(queueOf('bogus')).toEqual({ kind: 'mine' });
  });

  it('asks for each queue’s cases, nearest SLA due first', () => {
    const open = 'new,acknowledged,in_progress,waiting_on_customer';
    expect(inboxQuery({})).toEqual({ sort: 'slaDueAt', order: 'asc', assignee: 'me', status: open });
    expect(inboxQuery({ queue: 'unassigned' })).toMatchObject({ assignee: 'none', status: open });
    expect(inboxQuery({ queue: 'team:Spa' })).toMatchObject({ team: 'Spa', status: open });
    expect(inboxQuery({ queue: 'sla' })).toMatchObject({ sla: 'warning,breached', status: open });
    expect(inboxQuery({ queue: 'waiting', status: ['new'] })).toMatchObject({
      status: 'waiting_on_customer',
    });
    expect(inboxQuery({ queue: 'resolved' })).toEqual({
      sort: 'updatedAt',
      order: 'desc',
      status: 'resolved',
    });
    expect(inboxQuery({ queue: 'all' })).toEqual({ sort: 'slaDueAt', order: 'asc' });
  });

  it('puts the filters on top, a status filter replacing the open statuses', () => {
    expect(
      inboxQuery({
        queue: 'mine',
        status: ['in_progress'],
        type: ['complaint', 'praise'],
        severity: ['urgent'],
        q: ' cold ',
      }),
    ).toEqual({
      sort: 'slaDueAt',
      order: 'asc',
      assignee: 'me',
      status: 'in_progress',
      type: 'complaint,praise',
      severity: 'urgent',
      q: 'cold',
    });
  });

  it('drops malformed URL values', () => {
    expect(InboxSearch.parse({ status: ['nope'], q: 123, type: 'complaint' })).toEqual({ q: '123' });
  });
});
