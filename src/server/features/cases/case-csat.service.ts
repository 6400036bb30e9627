import { randomBytes } from 'node:crypto';
import {
  CSAT_ANSWER_WINDOW_MS,
  CSAT_CHANGE_WINDOW_MS,
  CSAT_REMINDER_AFTER_MS,
  type CsatNotSentReason,
  type PublicCsat,
  PublicCsatAnswer,
} from '../../../shared/contracts/case-resolution.js';
import type { PlannedAction } from '../../../shared/contracts/relationships.js';
import type { Database } from '../../db/client.js';
import type { JobContext, JobRunner } from '../../jobs/jobs.runner.js';
import { type Actor, systemActor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { type Mailer, mailboxDomain } from '../../lib/mailer.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { RelationshipsService } from '../relationships/relationships.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CaseResolutionRepo, CsatStamp } from './case-resolution.repo.js';
import type { CaseEventInsert, CaseRow, CasesRepo } from './cases.repo.js';
import { checkCsatToken, readCsatToken, signCsatToken } from './core/csat-token.js';

/** The job that e-mails a resolved case's satisfaction request; one per resolution. */
export const CSAT_REQUEST_JOB = 'case.csat_request';
/** The job that e-mails the one reminder, three days after an unanswered request; one per case. */
export const CSAT_REMINDER_JOB = 'case.csat_reminder';
/** Attempts of either job: with the runner's backoff the last is about 45 hours after the first. */
export const CSAT_EMAIL_ATTEMPTS = 8;
/**
 * A request marked as being sent this long ago (ms) without a record that it went is taken to
 * be an attempt whose process died mid-way, and is sent again (with the same Message-ID).
 */
export const CSAT_STALE_CLAIM_MS = 15 * 60_000;
/** The schedule looks for resolved cases not yet asked at most this often (ms). */
export const CSAT_SWEEP_EVERY_MS = 10 * 60_000;
/** Cases resolved longer ago than this (ms) are not asked any more: the moment has passed. */
export const CSAT_ASK_WITHIN_MS = 7 * 86_400_000;
/** The workspace settings section holding the key satisfaction links are signed with. */
const CSAT_KEY_SETTING = 'caseCsatKey';
/** Where the public satisfaction page lives; the token follows. */
export const CSAT_PATH = '/csat/';

/** What the policy check is asked before a satisfaction request or reminder goes out. */
const CSAT_ACTION: PlannedAction = {
  channel: 'email',
  purpose: 'feedback_request',
  contentTags: ['survey'],
  automated: true,
};

/**
 * The satisfaction request as plain text: the case, one link, no markup (the subject is the
 * customer's own words, quoted as text).
 * @example csatMailText({ customerName: 'Ann', business: 'Seaside', reference: 'C-000001', subject: 'Cold room', url: 'https://x/csat/t', reminder: false })
 */
export function csatMailText(p: {
  customerName: string | null;
  business: string;
  reference: string;
  subject: string;
  url: string;
  reminder: boolean;
}): string {
  const lines = [
    p.customerName ? `Hello ${p.customerName},` : 'Hello,',
    '',
    p.reminder
      ? `A few days ago we asked how we handled your message "${p.subject}" (${p.reference}). If you have a moment, we would still love to know.`
      : `We have resolved your message "${p.subject}" (${p.reference}). How satisfied are you with how we handled it?`,
    '',
    'Choose a score from 1 to 5 here (it takes a few seconds):',
    p.url,
    '',
    p.reminder ? 'This is the only reminder we send.' : 'Your answer goes straight to our team.',
    '',
    `${p.business}`,
    `Reference: ${p.reference}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** @example csatSubject('C-000001', false) === 'How did we do? [C-000001]' */
export function csatSubject(reference: string, reminder: boolean): string {
  return `${reminder ? 'Reminder: how' : 'How'} did we do? [${reference}]`;
}

const DONE = new Set(['resolved', 'closed']);

/**
 * The satisfaction follow-up of resolved cases: a durable job e-mails the customer a link to a
 * 1–5 score and a comment, once per case after the relationship policy check, with one reminder
 * three days later when unanswered; a schedule catches cases resolved by any other path. The
 * public page answers through a signed token. docs/cases.md ("Satisfaction follow-up").
 */
export function createCaseCsatService(deps: {
  tx: Database['tx'];
  repo: CaseResolutionRepo;
  casesRepo: Pick<CasesRepo, 'findById' | 'insertEvents'>;
  customers: Pick<CustomersService, 'get'>;
  workspaces: Pick<WorkspacesService, 'findById' | 'ensureSetting'>;
  policy: Pick<RelationshipsService, 'check'>;
  jobs: Pick<JobRunner, 'enqueue'>;
  /** Null: outgoing mail is not configured; requests are recorded as not sent. */
  mailer: Mailer | null;
  inboundDomain: string | null;
  /** The address the public pages are reached at, e.g. https://crm.example.com. */
  publicUrl: string;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, casesRepo, clock } = deps;
  const idDomain =
    deps.inboundDomain ?? (deps.mailer && mailboxDomain(deps.mailer.from)) ?? 'rapport.invalid';
  const keys = new Map<string, Buffer>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  /** The workspace's CSAT key: 32 random bytes made on first use, kept in its settings. */
  async function keyOf(workspaceId: string): Promise<Buffer> {
    const cached = keys.get(workspaceId);
    if (cached) return cached;
    const stored = await deps.workspaces.ensureSetting(workspaceId, CSAT_KEY_SETTING, () =>
      randomBytes(32).toString('base64url'),
    );
    const key = Buffer.from(String(stored), 'base64url');
    keys.set(workspaceId, key);
    return key;
  }

  async function linkOf(workspaceId: string, caseId: string): Promise<string> {
    const token = signCsatToken(await keyOf(workspaceId), workspaceId, caseId);
    return `${deps.publicUrl.replace(/\/+$/, '')}${CSAT_PATH}${token}`;
  }

  const followUpActor = (workspaceId: string) => systemActor(workspaceId, 'satisfaction follow-up');
  const answerActor = (workspaceId: string) => systemActor(workspaceId, 'customer (satisfaction link)');

  const csatEvent = (
    actor: Actor,
    caseId: string,
    at: Date,
    details: Record<string, unknown>,
  ): CaseEventInsert => ({
    workspaceId: actor.workspaceId,
    id: newId(),
    caseId,
    at,
    kind: 'csat',
    details,
    actor: { type: actor.type, id: actor.id, name: actor.name },
  });

  /** Records why a step was not sent, once per reason in a row (a retry says nothing new). */
  async function notSent(
    actor: Actor,
    kase: CaseRow,
    step: 'request' | 'reminder',
    reason: CsatNotSentReason,
    error?: string,
  ) {
    const last = await repo.lastEvent(actor.workspaceId, kase.id, 'csat');
    const stepName = step === 'request' ? 'not_sent' : 'reminder_not_sent';
    if (last?.details?.step === stepName && last.details.reason === reason) return;
    await casesRepo.insertEvents([
      csatEvent(actor, kase.id, clock.now(), { step: stepName, reason, ...(error ? { error } : {}) }),
    ]);
  }

  /** The address the mail goes to, or why it cannot go. */
  async function destination(
    actor: Actor,
    kase: CaseRow,
  ): Promise<
    | { ok: false; reason: Exclude<CsatNotSentReason, 'send_failed'> }
    | { ok: true; to: string; name: string | null; mailer: Mailer }
  > {
    if (!deps.mailer) return { ok: false, reason: 'smtp_not_configured' };
    const customer = await deps.customers.get(actor, kase.customerId).catch(() => null);
    const to = customer ? (customer.primaryEmail ?? customer.emails[0]?.value ?? null) : null;
    if (!customer || !to) return { ok: false, reason: 'no_customer_email' };
    const decision = await deps.policy.check(actor, {
      customerId: kase.customerId,
      action: CSAT_ACTION,
      source: 'csat_survey',
      contact: true,
    });
    if (decision.verdict === 'block') return { ok: false, reason: 'policy_blocked' };
    return { ok: true, to, name: customer.fullName || null, mailer: deps.mailer };
  }

  /**
   * One step (the request or the reminder): claims the stamp so no other job sends it too,
   * sends, and records it; a failed send gives the stamp back and throws for the runner to
   * retry (the last attempt records the failure).
   */
  async function sendStep(ctx: JobContext, step: 'request' | 'reminder'): Promise<void> {
    const { job } = ctx;
    const ws = job.workspaceId;
    const caseId = String(job.payload.caseId);
    const actor = followUpActor(ws);
    const kase = await casesRepo.findById(ws, caseId);
    if (!kase || kase.deletedAt || !DONE.has(kase.status) || kase.csatAnsweredAt) return;
    const stamp: CsatStamp = step === 'request' ? 'csatRequestedAt' : 'csatRemindedAt';
    const sentStep = step === 'request' ? 'requested' : 'reminded';
    if (step === 'reminder' && !kase.csatRequestedAt) return;
    let previous: Date | null = null;
    const held = kase[stamp];
    if (held) {
      // Sent already, or being sent by another job — unless that attempt died long ago.
      if (clock.now().getTime() - held.getTime() < CSAT_STALE_CLAIM_MS) return;
      if (await repo.hasCsatStep(ws, caseId, sentStep, held)) return;
      previous = held;
    }
    const where = await destination(actor, kase);
    if (!where.ok) {
      await notSent(actor, kase, step, where.reason);
      return;
    }
    const workspace = await deps.workspaces.findById(ws);
    if (!workspace) return;
    const now = clock.now();
    if (!(await repo.claimCsat(ws, caseId, stamp, now, previous))) return;
    const reminder = step === 'reminder';
    try {
      await where.mailer.send({
        to: where.to,
        replyTo: deps.inboundDomain ? `${workspace.slug}@${deps.inboundDomain}` : null,
        subject: csatSubject(kase.reference, reminder),
        text: csatMailText({
          customerName: where.name,
          business: workspace.name,
          reference: kase.reference,
          subject: kase.subject,
          url: await linkOf(ws, caseId),
          reminder,
        }),
        // The same id on a resend after a crash, so mail programs show one.
        messageId: `csat-${step}-${caseId}@${idDomain}`,
      });
    } catch (err) {
      await repo.releaseCsat(ws, caseId, stamp, now);
      if (job.attempts >= job.maxAttempts) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        await notSent(actor, kase, step, 'send_failed', message);
      }
      throw err;
    }
    await casesRepo.insertEvents([csatEvent(actor, caseId, clock.now(), { step: sentStep, to: where.to })]);
    if (!reminder) {
      await deps.jobs.enqueue(
        ws,
        CSAT_REMINDER_JOB,
        { caseId },
        {
          runAt: new Date(now.getTime() + CSAT_REMINDER_AFTER_MS),
          dedupeKey: caseId,
          maxAttempts: CSAT_EMAIL_ATTEMPTS,
        },
      );
    }
  }

  /** The case a token names, when the token is genuine and its request was sent. */
  async function open(token: string): Promise<{ kase: CaseRow; business: string }> {
    const read = readCsatToken(token);
    const invalid = () => new AppError('SURVEY_LINK_NOT_FOUND', {});
    if (!read) throw invalid();
    const workspace = await deps.workspaces.findById(read.workspaceId);
    if (!workspace) throw invalid();
    if (!checkCsatToken(await keyOf(workspace.id), token, read.workspaceId, read.caseId)) throw invalid();
    const kase = await casesRepo.findById(workspace.id, read.caseId);
    if (!kase || kase.deletedAt || !kase.csatRequestedAt) throw invalid();
    return { kase, business: workspace.name };
  }

  const canChange = (kase: CaseRow, now: Date) =>
    kase.csatAnsweredAt
      ? now.getTime() - kase.csatAnsweredAt.getTime() <= CSAT_CHANGE_WINDOW_MS
      : now.getTime() - (kase.csatRequestedAt?.getTime() ?? 0) <= CSAT_ANSWER_WINDOW_MS;

  function publicView(kase: CaseRow, business: string): PublicCsat {
    return {
      business,
      reference: kase.reference,
      subject: kase.subject,
      answered: kase.csatAnsweredAt !== null,
      score: kase.csatScore,
      comment: kase.csatComment,
      canChange: canChange(kase, clock.now()),
    };
  }

  /** Queues the request of a case just resolved (in the caller's transaction); one per resolution. */
  async function schedule(workspaceId: string, caseId: string, resolvedAt: Date): Promise<void> {
    await deps.jobs.enqueue(
      workspaceId,
      CSAT_REQUEST_JOB,
      { caseId },
      { dedupeKey: `${caseId}:${resolvedAt.toISOString()}`, maxAttempts: CSAT_EMAIL_ATTEMPTS },
    );
  }

  return {
    schedule,

    handleRequestJob: (ctx: JobContext) => sendStep(ctx, 'request'),
    handleReminderJob: (ctx: JobContext) => sendStep(ctx, 'reminder'),

    /**
     * The schedule: every 10 minutes, queues the request of cases resolved in the last 7 days
     * by any path and not asked yet, and the reminder of requests three days old and unanswered
     * (the request job queues it too; this catches one lost).
     */
    async tick(now: Date): Promise<void> {
      if (!deps.mailer || now.getTime() - lastSweep < CSAT_SWEEP_EVERY_MS) return;
      lastSweep = now.getTime();
      const unasked = await repo.unaskedResolved(new Date(now.getTime() - CSAT_ASK_WITHIN_MS), 500);
      for (const c of unasked) {
        if (c.resolvedAt) await schedule(c.workspaceId, c.id, c.resolvedAt);
      }
      const due = await repo.reminderDue(
        new Date(now.getTime() - CSAT_REMINDER_AFTER_MS),
        new Date(now.getTime() - CSAT_ANSWER_WINDOW_MS),
        500,
      );
      for (const c of due) {
        await deps.jobs.enqueue(
          c.workspaceId,
          CSAT_REMINDER_JOB,
          { caseId: c.id },
          {
            dedupeKey: c.id,
            maxAttempts: CSAT_EMAIL_ATTEMPTS,
          },
        );
      }
    },

    /** The public page's view of a link: the business, the case, and the answer if given. */
    async publicGet(token: string): Promise<PublicCsat> {
      const { kase, business } = await open(token);
      if (!kase.csatAnsweredAt && !canChange(kase, clock.now())) {
        throw new AppError('SURVEY_LINK_EXPIRED', {});
      }
      return publicView(kase, business);
    },

    /**
     * Stores the customer's score (1–5) and comment (plain text, as given) on the case, with a
     * `csat` event. The answer may be changed for 14 days after it was first given; a request
     * unanswered for 60 days has expired (410).
     */
    async publicAnswer(token: string, input: PublicCsatAnswer): Promise<PublicCsat> {
      const body = PublicCsatAnswer.parse(input);
      const { kase, business } = await open(token);
      const now = clock.now();
      if (!canChange(kase, now)) throw new AppError('SURVEY_LINK_EXPIRED', {});
      const actor = answerActor(kase.workspaceId);
      const comment = body.comment?.trim() ? body.comment : null;
      return deps.tx(async () => {
        await repo.answerCsat(kase.workspaceId, kase.id, {
          csatScore: body.score,
          csatComment: comment,
          // The first answer's time: the 14 days to change it count from there.
          csatAnsweredAt: kase.csatAnsweredAt ?? now,
        });
        await casesRepo.insertEvents([
          csatEvent(actor, kase.id, now, {
            step: 'answered',
            score: body.score,
            ...(kase.csatAnsweredAt ? { changedFrom: kase.csatScore } : {}),
          }),
        ]);
        await deps.audit.record(actor, {
          action: 'case.csat',
          entityType: 'case',
          entityId: kase.id,
          before: { score: kase.csatScore, comment: kase.csatComment },
          after: { score: body.score, comment },
        });
        const after = await casesRepo.findById(kase.workspaceId, kase.id);
        return publicView(after!, business);
      });
    },
  };
}
export type CaseCsatService = ReturnType<typeof createCaseCsatService>;
