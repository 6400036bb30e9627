import type { CaseSla } from '../../../../shared/contracts/case-sla.js';
import type { CaseDetail, CaseEvent, CaseMessage } from '../../../../shared/contracts/cases.js';
import { TEST_USER_ID } from '../../../test-utils.js';
import { kase } from '../test-fixtures.js';

/* Case pages shaped like the server's answers, for the inbox's and the case page's tests only. */

const AGENT = { type: 'user' as const, id: TEST_USER_ID, name: 'Test agent' };
let seq = 0;
const id = (prefix: string) =>
  `01938e77-0000-7000-8000-${prefix}${String(++seq).padStart(12 - prefix.length, '0')}`;

export function message(over: Partial<CaseMessage> = {}): CaseMessage {
  return {
    id: id('e'),
    caseId: '',
    kind: 'reply',
    direction: 'outbound',
    author: AGENT,
    body: 'Sorry about that, we are on it.',
    attachments: [],
    email: null,
    createdAt: new Date('2026-03-10T10:00:00Z'),
    createdBy: AGENT,
    ...over,
  };
}

export function event(over: Partial<CaseEvent> = {}): CaseEvent {
  return {
    id: id('f'),
    at: new Date('2026-03-10T09:00:00Z'),
    kind: 'status',
    fromStatus: null,
    status: 'new',
    reason: null,
    assigneeUserId: null,
    team: null,
    messageId: null,
    details: null,
    actor: AGENT,
    ...over,
  };
}

export function caseDetail(over: Partial<CaseDetail> = {}): CaseDetail {
  const base = kase();
  return { ...base, messages: [], history: [event()], ...over };
}

export function caseSla(over: Partial<CaseSla> = {}): CaseSla {
  return {
    caseId: '',
    policy: { id: 'standard', name: 'Standard' },
    calendar: { location: null, timeZone: 'Europe/London' },
    facts: { severity: 'normal', valueTier: null, relationshipType: null },
    targets: [
      {
        kind: 'first_response',
        targetMinutes: 240,
        dueAt: new Date('2026-03-10T13:00:00Z'),
        usedMinutes: 195,
        remainingMinutes: 45,
        state: 'warning',
        startedAt: new Date('2026-03-10T09:00:00Z'),
      },
      {
        kind: 'resolution',
        targetMinutes: 1440,
        dueAt: new Date('2026-03-13T09:00:00Z'),
        usedMinutes: 1500,
        remainingMinutes: -60,
        state: 'breached',
        startedAt: new Date('2026-03-10T09:00:00Z'),
      },
    ],
    state: 'breached',
    evaluatedAt: new Date('2026-03-10T12:15:00Z'),
    ...over,
  };
}
