import {
  SUGGESTION_OUTCOMES,
  type SuggestionItem,
  type SuggestionListQuery,
  SuggestionOutcomeInput,
  type SuggestionOutcomeResult,
  type SuggestionSummary,
  SuggestionSummaryQuery,
  type SuggestionTold,
  suggestionReply,
} from '../../../shared/contracts/case-suggestions.js';
import { can } from '../../../shared/permissions.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CaseSuggestionsRepo, SuggestionRow } from './case-suggestions.repo.js';
import { CASE_PERMISSIONS } from './cases.policy.js';
import type { CasesService } from './cases.service.js';

const DAY_MS = 86_400_000;
/** The summary's period when none is given: the 90 days up to now. */
export const SUGGESTION_SUMMARY_DAYS = 90;

const NOT_REQUESTED: SuggestionTold = {
  status: 'not_requested',
  message: null,
  emailStatus: null,
  policyDecisionId: null,
  reasons: [],
};

/**
 * Suggestions tracked to an outcome and answered (PRODUCT.md §4: a customer whose suggestions go
 * unanswered cuts back). An outcome is recorded on the case, and the customer is told through an
 * ordinary reply, so the relationship policy check, the e-mail and the SLA see it like any other.
 */
export function createCaseSuggestionsService(deps: {
  tx: Database['tx'];
  repo: CaseSuggestionsRepo;
  cases: Pick<CasesService, 'addMessage'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  /** Names are personal data: shown only to roles that may see it. */
  const present = (actor: Actor, r: SuggestionRow): SuggestionItem => ({
    id: r.id,
    reference: r.reference,
    subject: r.subject,
    customerId: r.customerId,
    customerName: can(actor, 'personal-data:view') ? r.customerName || null : null,
    status: r.status,
    openedAt: r.openedAt,
    area: r.area,
    outcome: r.outcome,
    reason: r.reason,
    outcomeAt: r.outcomeAt,
    customerToldAt: r.customerToldAt,
  });

  /**
   * Records what became of a suggestion — its area, outcome and (when declined) the reason —
   * and, with `tellCustomer`, tells the customer in a reply (the message given, else the
   * default for the outcome) and stamps `customerToldAt`. A reply the relationship policy
   * blocks is not sent; the outcome is still recorded and the answer says why it was not sent.
   * Only a suggestion has an outcome (CASE_NOT_SUGGESTION otherwise). Writes a
   * `suggestion_outcome` history event and audits `case.suggestion_outcome`.
   */
  async function setOutcome(
    actor: Actor,
    caseId: string,
    input: SuggestionOutcomeInput,
  ): Promise<SuggestionOutcomeResult> {
    requirePermission(actor, CASE_PERMISSIONS.update);
    const body = SuggestionOutcomeInput.parse(input);
    const ws = actor.workspaceId;
    return deps.tx(async () => {
      const before = await repo.lock(ws, caseId);
      if (!before || before.deletedAt) throw new AppError('CASE_NOT_FOUND', { id: caseId });
      if (before.type !== 'suggestion') {
        throw new AppError('CASE_NOT_SUGGESTION', { id: caseId, type: before.type }, [
          { path: 'params.id', message: `is a ${before.type}; only a suggestion has an outcome` },
        ]);
      }
      const now = clock.now();
      const reason = body.reason || null;
      const outcomeChanged = before.outcome !== body.outcome;
      await repo.update(ws, caseId, {
        suggestionArea: body.area,
        suggestionOutcome: body.outcome,
        suggestionOutcomeReason: reason,
        ...(outcomeChanged || !before.outcomeAt ? { suggestionOutcomeAt: now } : {}),
      });

      let told = NOT_REQUESTED;
      if (body.tellCustomer) {
        const text = body.message?.trim()
          ? body.message
          : suggestionReply(body.outcome, before.subject, reason);
        told = await tell(actor, caseId, text);
        if (told.status === 'sent') await repo.update(ws, caseId, { customerToldAt: now });
      }

      await repo.insertEvent({
        workspaceId: ws,
        id: newId(),
        caseId,
        at: now,
        kind: 'suggestion_outcome',
        reason,
        messageId: told.message?.id ?? null,
        details: {
          area: body.area,
          outcome: body.outcome,
          previousOutcome: before.outcome,
          previousArea: before.area,
          told: told.status,
          ...(told.status === 'blocked'
            ? { policyDecisionId: told.policyDecisionId, reasons: told.reasons.map((r) => r.code) }
            : {}),
        },
        actor: actorRef(actor),
      });
      const after = await repo.find(ws, caseId);
      const suggestion = present(actor, after!);
      await audit.record(actor, {
        action: 'case.suggestion_outcome',
        entityType: 'case',
        entityId: caseId,
        before: present(actor, before),
        after: { ...suggestion, told: told.status },
      });
      return { suggestion, told };
    });
  }

  /** Sends the reply; a policy block is answered, not thrown, so the outcome stays recorded. */
  async function tell(actor: Actor, caseId: string, body: string): Promise<SuggestionTold> {
    try {
      const message = await deps.cases.addMessage(actor, caseId, { kind: 'reply', body });
      return {
        status: 'sent',
        message,
        emailStatus: message.email?.status ?? null,
        policyDecisionId: null,
        reasons: [],
      };
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'POLICY_BLOCKED') throw err;
      const reasons = (err.details.reasons ?? []) as { code: string; message: string }[];
      return {
        status: 'blocked',
        message: null,
        emailStatus: null,
        policyDecisionId: typeof err.details.decisionId === 'string' ? err.details.decisionId : null,
        reasons: reasons.map((r) => ({ code: r.code, message: r.message })),
      };
    }
  }

  /** The board: live suggestions by area and outcome (`none`: no outcome yet), newest first. */
  async function list(actor: Actor, q: SuggestionListQuery): Promise<Page<SuggestionItem>> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    const page = await repo.list(actor.workspaceId, {
      area: q.area,
      outcome: q.outcome,
      order: q.order,
      limit: q.limit,
      cursor: q.cursor,
    });
    return { items: page.items.map((r) => present(actor, r)), nextCursor: page.nextCursor };
  }

  /**
   * Suggestions received in [from, to) (by when the customer raised them) and what became of
   * them; `answeredRate` is the share whose customer has been told an outcome (docs/cases.md).
   */
  async function summary(actor: Actor, input: SuggestionSummaryQuery): Promise<SuggestionSummary> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    const q = SuggestionSummaryQuery.parse(input);
    const to = q.to ? new Date(q.to) : clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - SUGGESTION_SUMMARY_DAYS * DAY_MS);
    if (from >= to) throw invalidField('querystring.from', 'must be before to');
    const groups = await repo.summary(actor.workspaceId, from, to);
    const byOutcome = { none: 0, planned: 0, done: 0, declined: 0 };
    const areas = new Map<string | null, { received: number; answered: number }>();
    let received = 0;
    let answered = 0;
    for (const g of groups) {
      const outcome = g.outcome && SUGGESTION_OUTCOMES.includes(g.outcome) ? g.outcome : 'none';
      byOutcome[outcome] += g.received;
      received += g.received;
      answered += g.answered;
      const a = areas.get(g.area) ?? { received: 0, answered: 0 };
      a.received += g.received;
      a.answered += g.answered;
      areas.set(g.area, a);
    }
    const byArea = [...areas]
      .map(([area, n]) => ({ area, ...n }))
      .sort((a, b) => b.received - a.received || (a.area ?? '\uffff').localeCompare(b.area ?? '\uffff'));
    return {
      from,
      to,
      received,
      answered,
      answeredRate: received ? answered / received : null,
      byOutcome,
      byArea,
    };
  }

  return { setOutcome, list, summary };
}
export type CaseSuggestionsService = ReturnType<typeof createCaseSuggestionsService>;
