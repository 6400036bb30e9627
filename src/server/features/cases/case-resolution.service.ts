import {
  CASE_OUTCOMES,
  CASE_ROOT_CAUSES,
  type CaseOutcome,
  type CaseResolution,
  CaseResolve,
  type CaseRootCause,
  CLAIMS_FLAG_MEDIAN_MULTIPLE,
  CLAIMS_FLAG_MIN_CLAIMS,
  CLAIMS_WINDOW_DAYS,
  type ClaimsProfile,
  type Compensation,
  CompensationCreate,
  CompensationDecision,
  type CompensationKind,
  type CompensationListQuery,
  CompensationSettings,
  type CompensationSettingsInput,
  type CompensationSettingsOut,
  type CompensationStatus,
  type CsatNotSentReason,
  type CsatState,
} from '../../../shared/contracts/case-resolution.js';
import { ROLES, type Role } from '../../../shared/contracts/common.js';
import { formatMoney } from '../../../shared/contracts/orders.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CaseResolutionRepo, CompensationWithCase } from './case-resolution.repo.js';
import type { CaseEventInsert, CaseRow, CasesRepo } from './cases.repo.js';
import type { CasesService } from './cases.service.js';
import { claimsVerdict, DEFAULT_CLAIMS_RULE } from './core/claims.js';

/** The workspace settings section holding the compensation caps. */
const SETTINGS_KEY = 'caseCompensation';

/**
 * What each role may offer without approval, in minor units of the workspace currency (50.00
 * and 500.00 in a two-decimal currency); admins have no cap. Marketers and analysts offer
 * nothing alone: every offer of theirs waits for approval (analysts cannot offer at all).
 */
export const DEFAULT_COMPENSATION_CAPS: Readonly<Record<Role, number | null>> = {
  admin: null,
  manager: 50_000,
  agent: 5_000,
  marketer: 0,
  analyst: 0,
};

/** Who decides on compensation waiting for approval: managers and admins. */
export function canApproveCompensation(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'manager' || actor.role === 'admin';
}

/**
 * Whether `amountMinor` in `currency` is within `cap` (null: none) of the workspace currency.
 * Another currency than the workspace's cannot be compared with the cap, so it never is.
 * @example withinCap(4000, 'EUR', 5000, 'EUR') === true; withinCap(100, 'USD', 5000, 'EUR') === false
 */
export function withinCap(
  amountMinor: number,
  currency: string,
  cap: number | null,
  wsCurrency: string,
): boolean {
  if (cap === null) return true;
  return currency === wsCurrency && amountMinor <= cap;
}

const isOutcome = (v: string | null): v is CaseOutcome =>
  v !== null && (CASE_OUTCOMES as readonly string[]).includes(v);
const isRootCause = (v: string | null): v is CaseRootCause =>
  v !== null && (CASE_ROOT_CAUSES as readonly string[]).includes(v);

export function toCompensation(r: CompensationWithCase): Compensation {
  return {
    id: r.id,
    caseId: r.caseId,
    caseReference: r.caseReference,
    customerId: r.customerId,
    amountMinor: r.amountMinor,
    currency: r.currency,
    kind: r.kind as CompensationKind,
    note: r.note,
    status: r.status as CompensationStatus,
    requestedAt: r.requestedAt,
    requestedBy: r.requestedBy,
    decidedAt: r.decidedAt,
    decidedBy: r.decidedBy,
    decisionNote: r.decisionNote,
  };
}

/** Where a case's satisfaction follow-up stands, from its stamps and its latest `csat` event. */
export function csatStateOf(
  kase: Pick<CaseRow, 'csatRequestedAt' | 'csatRemindedAt' | 'csatAnsweredAt' | 'resolvedAt'>,
  lastEvent: { details: Record<string, unknown> | null } | undefined,
  scheduled: boolean,
): { state: CsatState; notSentReason: CsatNotSentReason | null } {
  if (kase.csatAnsweredAt) return { state: 'answered', notSentReason: null };
  if (kase.csatRemindedAt) return { state: 'reminded', notSentReason: null };
  if (kase.csatRequestedAt) return { state: 'requested', notSentReason: null };
  const step = lastEvent?.details?.step;
  if (step === 'not_sent') {
    return { state: 'not_sent', notSentReason: (lastEvent?.details?.reason as CsatNotSentReason) ?? null };
  }
  return { state: scheduled ? 'scheduled' : 'not_requested', notSentReason: null };
}

/**
 * Resolution and recovery of cases: resolving with an outcome and root cause, compensation
 * within each role's cap or with a manager's approval, and the claims profile that flags
 * customers whose compensated claims are far above their peers'. docs/cases.md ("Resolution").
 */
export function createCaseResolutionService(deps: {
  tx: Database['tx'];
  repo: CaseResolutionRepo;
  casesRepo: Pick<CasesRepo, 'findById' | 'lockById' | 'insertEvents'>;
  cases: Pick<CasesService, 'changeStatus'>;
  customers: Pick<CustomersService, 'get'>;
  workspaces: Pick<WorkspacesService, 'setting' | 'putSetting' | 'findById'>;
  /** Schedules the satisfaction follow-up of a case just resolved (case-csat.service.ts). */
  csat: { schedule(workspaceId: string, caseId: string, resolvedAt: Date): Promise<void> };
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, casesRepo, audit, clock } = deps;
  const notFound = (id: string) => new AppError('CASE_NOT_FOUND', { id });

  async function currencyOf(workspaceId: string): Promise<string> {
    const ws = await deps.workspaces.findById(workspaceId);
    if (!ws) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
    return ws.currency;
  }

  async function settingsOf(workspaceId: string): Promise<CompensationSettingsOut> {
    const stored = CompensationSettings.safeParse(await deps.workspaces.setting(workspaceId, SETTINGS_KEY));
    const currency = await currencyOf(workspaceId);
    if (!stored.success) return { caps: { ...DEFAULT_COMPENSATION_CAPS }, currency, customised: false };
    const caps = Object.fromEntries(ROLES.map((r) => [r, stored.data.caps[r] ?? 0])) as Record<
      Role,
      number | null
    >;
    // A role left out offers nothing alone, except admins: someone must be able to approve anything.
    if (stored.data.caps.admin === undefined) caps.admin = null;
    return { caps, currency, customised: true };
  }

  const event = (
    actor: Actor,
    caseId: string,
    at: Date,
    fields: Pick<CaseEventInsert, 'kind' | 'details' | 'reason'>,
  ): CaseEventInsert => ({
    workspaceId: actor.workspaceId,
    id: newId(),
    caseId,
    at,
    actor: actorRef(actor),
    ...fields,
  });

  async function liveCase(actor: Actor, caseId: string, lock = false): Promise<CaseRow> {
    const row = lock
      ? await casesRepo.lockById(actor.workspaceId, caseId)
      : await casesRepo.findById(actor.workspaceId, caseId);
    if (!row || row.deletedAt) throw notFound(caseId);
    return row;
  }

  async function resolutionOf(actor: Actor, row: CaseRow): Promise<CaseResolution> {
    const ws = actor.workspaceId;
    const [last, csatEvent, currency] = await Promise.all([
      repo.lastEvent(ws, row.id, 'resolution'),
      repo.lastEvent(ws, row.id, 'csat'),
      currencyOf(ws),
    ]);
    const totals = await repo.caseTotals(ws, row.id, currency);
    const done = row.status === 'resolved' || row.status === 'closed';
    const csat = csatStateOf(row, csatEvent, done);
    return {
      caseId: row.id,
      type: row.type,
      status: row.status,
      outcome: isOutcome(row.outcome) ? row.outcome : null,
      rootCause: isRootCause(row.rootCause) ? row.rootCause : null,
      note: row.resolutionNote,
      resolvedAt: row.resolvedAt,
      lastResolvedAt: last?.at ?? null,
      lastResolvedBy: last?.actor ?? null,
      csat: {
        state: csat.state,
        requestedAt: row.csatRequestedAt,
        remindedAt: row.csatRemindedAt,
        score: row.csatScore,
        comment: row.csatComment,
        answeredAt: row.csatAnsweredAt,
        notSentReason: csat.notSentReason,
      },
      compensation: { ...totals, currency },
    };
  }

  async function loadCompensation(actor: Actor, id: string): Promise<CompensationWithCase> {
    const row = await repo.findCompensation(actor.workspaceId, id);
    if (!row) throw new AppError('COMPENSATION_NOT_FOUND', { id });
    return row;
  }

  /** Approves or rejects an offer waiting for approval (managers and admins, not on their own offer). */
  async function decide(
    actor: Actor,
    id: string,
    input: CompensationDecision,
    approve: boolean,
  ): Promise<Compensation> {
    requirePermission(actor, 'crm:write');
    if (!canApproveCompensation(actor)) {
      throw new AppError(
        'FORBIDDEN',
        { action: 'compensation:approve', role: actor.role },
        [],
        'Only managers and admins approve or reject compensation',
      );
    }
    const body = CompensationDecision.parse(input);
    return deps.tx(async () => {
      const row = await repo.lockCompensation(actor.workspaceId, id);
      if (!row) throw new AppError('COMPENSATION_NOT_FOUND', { id });
      const before = toCompensation(await loadCompensation(actor, id));
      if (row.status !== 'pending_approval') {
        throw new AppError(
          'CONFLICT',
          { id, decided: row.status },
          [],
          `This compensation is already ${row.status}`,
        );
      }
      if (actor.type === 'user' && actor.id !== null && row.requestedBy.id === actor.id) {
        throw new AppError('FORBIDDEN', { id }, [], 'Someone else must decide on compensation you offered');
      }
      if (approve) {
        const { caps, currency } = await settingsOf(actor.workspaceId);
        if (!withinCap(row.amountMinor, row.currency, caps[actor.role], currency)) {
          throw new AppError(
            'FORBIDDEN',
            { id, capMinor: caps[actor.role] },
            [],
            'This compensation is above what your role may approve; an admin must approve it',
          );
        }
      }
      const now = clock.now();
      const status: CompensationStatus = approve ? 'approved' : 'rejected';
      await repo.updateCompensation(actor.workspaceId, id, {
        status,
        decidedAt: now,
        decidedBy: actorRef(actor),
        decisionNote: body.note || null,
      });
      await casesRepo.insertEvents([
        event(actor, row.caseId, now, {
          kind: 'compensation',
          reason: body.note || null,
          details: {
            step: status,
            compensationId: id,
            amountMinor: row.amountMinor,
            currency: row.currency,
            kind: row.kind,
          },
        }),
      ]);
      const after = toCompensation(await loadCompensation(actor, id));
      await audit.record(actor, {
        action: approve ? 'case.compensation_approve' : 'case.compensation_reject',
        entityType: 'case',
        entityId: row.caseId,
        before,
        after,
      });
      return after;
    });
  }

  return {
    /** The outcome, root cause, satisfaction follow-up and compensation totals of a case. */
    async get(actor: Actor, caseId: string): Promise<CaseResolution> {
      requirePermission(actor, 'crm:read');
      return resolutionOf(actor, await liveCase(actor, caseId));
    },

    /**
     * Resolves a case: stores the outcome, root cause (required for complaints) and note, moves
     * the case to resolved through the cases service (so its history and SLA follow), records a
     * `resolution` event and schedules the satisfaction follow-up — all in one transaction. A
     * case already resolved or closed is INVALID_TRANSITION: reopen it first.
     */
    async resolve(actor: Actor, caseId: string, input: CaseResolve): Promise<CaseResolution> {
      requirePermission(actor, 'crm:write');
      const body = CaseResolve.parse(input);
      return deps.tx(async () => {
        const before = await liveCase(actor, caseId, true);
        if (before.status === 'resolved' || before.status === 'closed') {
          throw new AppError(
            'INVALID_TRANSITION',
            { from: before.status, to: 'resolved' },
            [
              {
                path: 'body.outcome',
                message: `the case is ${before.status}; reopen it to resolve it again`,
              },
            ],
            `A case that is ${before.status} cannot be resolved again; reopen it first`,
          );
        }
        if (before.type === 'complaint' && !body.rootCause) {
          throw invalidField('body.rootCause', 'is required to resolve a complaint');
        }
        await repo.setResolution(actor.workspaceId, caseId, {
          outcome: body.outcome,
          rootCause: body.rootCause ?? null,
          resolutionNote: body.note || null,
        });
        const moved = await deps.cases.changeStatus(actor, caseId, { status: 'resolved' });
        const now = clock.now();
        await casesRepo.insertEvents([
          event(actor, caseId, now, {
            kind: 'resolution',
            reason: body.note || null,
            details: { outcome: body.outcome, rootCause: body.rootCause ?? null },
          }),
        ]);
        const after = await liveCase(actor, caseId);
        await audit.record(actor, {
          action: 'case.resolve',
          entityType: 'case',
          entityId: caseId,
          before: { status: before.status, outcome: before.outcome, rootCause: before.rootCause },
          after: {
            status: after.status,
            outcome: after.outcome,
            rootCause: after.rootCause,
            note: after.resolutionNote,
          },
        });
        await deps.csat.schedule(actor.workspaceId, caseId, moved.resolvedAt ?? now);
        return resolutionOf(actor, after);
      });
    },

    async getSettings(actor: Actor): Promise<CompensationSettingsOut> {
      requirePermission(actor, 'crm:read');
      return settingsOf(actor.workspaceId);
    },

    /** Replaces the caps (admins; audited); `null` goes back to the defaults. */
    async putSettings(
      actor: Actor,
      input: CompensationSettingsInput | null,
    ): Promise<CompensationSettingsOut> {
      requirePermission(actor, 'workspace:manage');
      const next = input === null ? undefined : CompensationSettings.parse(input);
      return deps.tx(async () => {
        const before = await settingsOf(actor.workspaceId);
        await deps.workspaces.putSetting(actor.workspaceId, SETTINGS_KEY, next);
        const after = await settingsOf(actor.workspaceId);
        await audit.record(actor, {
          action: next ? 'case.compensation_settings' : 'case.compensation_settings_reset',
          entityType: 'workspace',
          entityId: actor.workspaceId,
          before,
          after,
        });
        return after;
      });
    },

    /**
     * Offers compensation on a case: approved at once when it is within the cap of the offering
     * role (in the workspace currency), else it waits for a manager's approval. Audited, and a
     * `compensation` event on the case.
     */
    async offer(actor: Actor, caseId: string, input: CompensationCreate): Promise<Compensation> {
      requirePermission(actor, 'crm:write');
      const body = CompensationCreate.parse(input);
      return deps.tx(async () => {
        const kase = await liveCase(actor, caseId, true);
        const { caps, currency: wsCurrency } = await settingsOf(actor.workspaceId);
        const currency = body.currency ?? wsCurrency;
        const now = clock.now();
        const approved = withinCap(body.amountMinor, currency, caps[actor.role], wsCurrency);
        const id = newId();
        await repo.insertCompensation({
          workspaceId: actor.workspaceId,
          id,
          caseId,
          customerId: kase.customerId,
          amountMinor: body.amountMinor,
          currency,
          kind: body.kind,
          note: body.note || null,
          status: approved ? 'approved' : 'pending_approval',
          requestedAt: now,
          requestedBy: actorRef(actor),
          decidedAt: approved ? now : null,
          decidedBy: null,
          decisionNote: null,
        });
        await casesRepo.insertEvents([
          event(actor, caseId, now, {
            kind: 'compensation',
            reason: body.note || null,
            details: {
              step: approved ? 'approved' : 'requested',
              compensationId: id,
              amountMinor: body.amountMinor,
              currency,
              kind: body.kind,
              withinCap: approved,
            },
          }),
        ]);
        const created = toCompensation(await loadCompensation(actor, id));
        await audit.record(actor, {
          action: 'case.compensation',
          entityType: 'case',
          entityId: caseId,
          after: created,
        });
        return created;
      });
    },

    /** A case's compensation, oldest first. */
    async listForCase(actor: Actor, caseId: string): Promise<Compensation[]> {
      requirePermission(actor, 'crm:read');
      await liveCase(actor, caseId);
      return (await repo.listForCase(actor.workspaceId, caseId)).map(toCompensation);
    },

    /** Compensation in one status (by default waiting for approval), oldest first. */
    async list(actor: Actor, q: CompensationListQuery): Promise<Page<Compensation>> {
      requirePermission(actor, 'crm:read');
      const page = await repo.listByStatus(actor.workspaceId, q);
      return { items: page.items.map(toCompensation), nextCursor: page.nextCursor };
    },

    approve: (actor: Actor, id: string, input: CompensationDecision) => decide(actor, id, input, true),
    reject: (actor: Actor, id: string, input: CompensationDecision) => decide(actor, id, input, false),

    /**
     * A customer's claims (cases with compensation) and whether they are far above their peers'
     * over the last 12 months: see `claimsVerdict` for the rule. Amounts in other currencies than
     * the workspace's are listed but not counted.
     */
    async claimsProfile(actor: Actor, customerId: string): Promise<ClaimsProfile> {
      requirePermission(actor, 'crm:read');
      await deps.customers.get(actor, customerId);
      const ws = actor.workspaceId;
      const currency = await currencyOf(ws);
      const since = new Date(clock.now().getTime() - CLAIMS_WINDOW_DAYS * 86_400_000);
      const [rows, peers] = await Promise.all([
        repo.customerCompensations(ws, customerId),
        repo.approvedTallies(ws, since, currency, customerId),
      ]);
      const claims: ClaimsProfile['claims'] = [];
      const windowCases = new Set<string>();
      let windowTotal = 0;
      for (const r of rows) {
        let claim = claims.at(-1);
        if (claim?.caseId !== r.caseId) {
          claim = {
            caseId: r.caseId,
            reference: r.caseReference,
            type: r.caseType,
            subject: r.caseSubject,
            openedAt: r.caseOpenedAt,
            approvedMinor: 0,
            compensations: [],
          };
          claims.push(claim);
        }
        claim.compensations.push(toCompensation(r));
        if (r.status === 'approved' && r.currency === currency) {
          claim.approvedMinor += r.amountMinor;
          if (r.requestedAt >= since) {
            windowCases.add(r.caseId);
            windowTotal += r.amountMinor;
          }
        }
      }
      const verdict = claimsVerdict(
        { claims: windowCases.size, totalMinor: windowTotal },
        peers,
        {
          ...DEFAULT_CLAIMS_RULE,
          minClaims: CLAIMS_FLAG_MIN_CLAIMS,
          medianMultiple: CLAIMS_FLAG_MEDIAN_MULTIPLE,
        },
        (m) => formatMoney(Math.round(m), currency),
      );
      return {
        customerId,
        currency,
        windowDays: CLAIMS_WINDOW_DAYS,
        claims,
        windowClaims: windowCases.size,
        windowTotalMinor: windowTotal,
        peers: verdict.peers,
        flagged: verdict.flagged,
        reasons: verdict.reasons,
      };
    },
  };
}
export type CaseResolutionService = ReturnType<typeof createCaseResolutionService>;
