import type { Case, PublicCaseForm } from '../../../shared/contracts/cases.js';
import { TEST_CUSTOMER_ID } from '../../test-utils.js';

/*
 * Case data shaped like the server's answers, for this feature's component tests only. Builders
 * return the typed value; `wire` turns it into JSON as it arrives (dates as ISO strings).
 */

export { wire } from '../value/test-fixtures.js';

export const SLUG = 'harbour-vine';
export const FORM_TOKEN = 'cf1_first-token';

/** The public form as the server answers it; a one-second wait keeps the tests quick. */
export function publicCaseForm(over: Partial<PublicCaseForm> = {}): PublicCaseForm {
  return {
    business: 'Harbour & Vine Hotels',
    types: ['complaint', 'suggestion', 'question', 'praise'],
    formToken: FORM_TOKEN,
    minFillSeconds: 1,
    tokenExpiresAt: new Date(Date.now() + 12 * 3600_000),
    limits: { subject: 200, body: 20_000, name: 200, email: 254, phone: 40 },
    ...over,
  };
}

const SYSTEM = { type: 'system' as const, id: null, name: 'customer (web form)' };

let seq = 0;

/** One of the customer's cases. */
export function kase(over: Partial<Case> = {}): Case {
  seq += 1;
  const id = `01938e77-0000-7000-8000-0000000ca${String(seq).padStart(3, '0')}`;
  return {
    id,
    reference: `C-${String(seq).padStart(6, '0')}`,
    type: 'complaint',
    channel: 'web_form',
    subject: 'The sauna was cold',
    body: 'The sauna was cold all week.',
    customerId: TEST_CUSTOMER_ID,
    orderId: null,
    productId: null,
    touchpointId: null,
    location: null,
    severity: 'normal',
    status: 'new',
    assigneeUserId: null,
    team: null,
    tags: [],
    idempotencyKey: null,
    attachmentBytes: 0,
    openedAt: new Date('2026-03-10T09:00:00Z'),
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    assignedAt: null,
    sla: { policyId: null, state: null, dueAt: null, targets: [], evaluatedAt: null },
    escalationLevel: 0,
    sourceUrl: null,
    sentiment: null,
    createdAt: new Date('2026-03-10T09:00:00Z'),
    updatedAt: new Date('2026-03-10T09:00:00Z'),
    createdBy: SYSTEM,
    updatedBy: SYSTEM,
    deletedAt: null,
    ...over,
  };
}
