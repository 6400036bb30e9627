import {
  type CaseAnalytics,
  RECOVERY_RESEARCH,
  type SilentCustomer,
} from '../../../../shared/contracts/case-analytics.js';

export { wire } from '../../value/test-fixtures.js';

export const SILENT_CUSTOMER_ID = '01938e77-0000-7000-8000-0000000000d1';

/** Figures as the server answers them for a quarter, overridable piece by piece. */
export function analytics(overrides: Partial<CaseAnalytics> = {}): CaseAnalytics {
  return {
    period: {
      from: '2026-01-01',
      to: '2026-03-31',
      timeZone: 'Europe/London',
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2026-03-31T23:00:00Z'),
    },
    asOf: new Date('2026-06-30T12:00:00Z'),
    cases: {
      opened: 8,
      byType: { complaint: 5, suggestion: 2, question: 1, praise: 0 },
      byChannel: { web_form: 1, email: 1, phone: 4, chat: 2, api: 0, social: 0, in_person: 0 },
    },
    complaintRate: { complaints: 5, orders: 1200, per1000Orders: 4.2 },
    firstContact: { measured: 5, medianHours: 3, p90Hours: 19.6 },
    resolution: { measured: 5, medianHours: 48, p90Hours: 115.2 },
    sla: {
      byKind: [
        { kind: 'first_response', met: 2, missed: 1, attainment: 2 / 3 },
        { kind: 'next_response', met: 0, missed: 0, attainment: null },
        { kind: 'resolution', met: 1, missed: 1, attainment: 0.5 },
      ],
      met: 3,
      missed: 2,
      attainment: 0.6,
    },
    csat: {
      requested: 3,
      answered: 2,
      responseRate: 2 / 3,
      average: 3.5,
      distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: score === 2 || score === 5 ? 1 : 0 })),
    },
    suggestions: { opened: 2, answered: 1, answeredRate: 0.5 },
    repurchase: {
      windowDays: 90,
      fastHours: 24,
      fast: { customers: 40, repurchased: 34, rate: 0.85, smallSample: false },
      slow: { customers: 60, repurchased: 33, rate: 0.55, smallSample: false },
      awaitingWindow: 0,
      research: [RECOVERY_RESEARCH.complain, RECOVERY_RESEARCH.resolved, RECOVERY_RESEARCH.resolvedQuickly],
    },
    smallSampleCustomers: 30,
    ...overrides,
  };
}

export function silentCustomer(overrides: Partial<SilentCustomer> = {}): SilentCustomer {
  return {
    customerId: SILENT_CUSTOMER_ID,
    name: 'Mia Jones',
    signals: [
      {
        kind: 'negative_review',
        at: new Date('2026-06-15T10:00:00Z'),
        source: 'touchpoint',
        sourceId: 't1',
        label: 'review',
        satisfaction: 1,
      },
      {
        kind: 'return',
        at: new Date('2026-06-01T10:00:00Z'),
        source: 'order',
        sourceId: 'o1',
        label: 'refunded',
        satisfaction: null,
      },
    ],
    signalCount: 2,
    latestSignalAt: new Date('2026-06-15T10:00:00Z'),
    purchases: { last90Days: 0, prior12Months: 8, priorPer90Days: 1.97 },
    lastOrderAt: new Date('2025-12-10T10:00:00Z'),
    nextStep: {
      kind: 'answer_review',
      text: 'Answer the review or post personally: thank them, apologise and ask them to tell you more.',
    },
    ...overrides,
  };
}
