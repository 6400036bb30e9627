import { describe, expect, it } from 'vitest';
import type { CaseMessageEmail } from '../../../../shared/contracts/cases.js';
import { event } from './case-fixtures.js';
import { describeEvent, detailLines, emailStatusText } from './case-page.labels.js';

const email = (over: Partial<CaseMessageEmail>): CaseMessageEmail => ({
  status: 'queued',
  messageId: 'm@x',
  inReplyTo: null,
  to: 'ana@example.com',
  notSentReason: null,
  sentAt: null,
  lastError: null,
  ...over,
});

describe('emailStatusText', () => {
  it('says what happened to a reply’s e-mail', () => {
    expect(emailStatusText(null)).toBeNull();
    expect(emailStatusText(email({}))?.text).toBe('Queued to send');
    expect(emailStatusText(email({ lastError: 'connection refused' }))?.text).toBe(
      'Queued, retrying (last try: connection refused)',
    );
    expect(emailStatusText(email({ status: 'sent' }))).toEqual({
      text: 'Sent by e-mail to ana@example.com',
      color: 'green',
    });
    expect(emailStatusText(email({ status: 'not_sent', notSentReason: 'channel_not_email' }))?.text).toBe(
      'Not sent: the case is answered on its own channel, not by e-mail',
    );
    expect(emailStatusText(email({ status: 'not_sent', notSentReason: 'smtp_not_configured' }))?.text).toBe(
      'Not sent: no outgoing mail server is set up',
    );
    expect(emailStatusText(email({ status: 'failed', lastError: '550 no such user' }))).toEqual({
      text: 'Failed: 550 no such user',
      color: 'red',
    });
    expect(emailStatusText(email({ status: 'received' }))?.text).toBe('Came by e-mail');
  });
});

describe('describeEvent and detailLines', () => {
  const nameOf = (id: string | null) => (id ? 'Sam' : 'nobody');
  it('puts each kind of history entry in words', () => {
    expect(describeEvent(event(), nameOf)).toBe('Opened as New');
    expect(describeEvent(event({ fromStatus: 'resolved', status: 'in_progress' }), nameOf)).toBe(
      'Resolved → In progress',
    );
    expect(
      describeEvent(event({ kind: 'assignment', assigneeUserId: null, team: 'Spa', status: null }), nameOf),
    ).toBe('Assigned to nobody, team Spa');
    expect(
      describeEvent(event({ kind: 'auto_reassigned', assigneeUserId: 'u1', status: null }), nameOf),
    ).toBe('Reassigned to Sam (no answer in time)');
    expect(describeEvent(event({ kind: 'csat', status: null }), nameOf)).toBe('Satisfaction answer');
  });

  it('lists details as text lines, severities in words, nested values as JSON', () => {
    expect(detailLines(null)).toEqual([]);
    expect(
      detailLines({
        toSeverity: 'urgent',
        score: 2,
        comment: '<b>bad</b>',
        empty: '',
        amount: { minor: 500, currency: 'EUR' },
      }),
    ).toEqual([
      'to severity: Urgent',
      'score: 2',
      'comment: <b>bad</b>',
      'amount: {"minor":500,"currency":"EUR"}',
    ]);
  });
});
