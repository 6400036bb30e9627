import { randomBytes } from 'node:crypto';
import {
  CASE_FORM_MIN_FILL_MS,
  CASE_FORM_TOKEN_TTL_MS,
  MAX_CASE_BODY,
  MAX_CASE_SUBJECT,
  PUBLIC_CASE_TYPES,
  type PublicCaseForm,
  type PublicCaseReceipt,
  PublicCaseSubmission,
  SENDER_LIMITS,
} from '../../../shared/contracts/cases.js';
import { type Actor, systemActor } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { type CasesService, subjectFromBody } from './cases.service.js';
import { checkFormToken, type FormTokenCheck, signFormToken } from './core/form-token.js';

/** The workspace settings section holding the key the form's timing tokens are signed with. */
const FORM_KEY_SETTING = 'caseFormKey';
/** Idempotency keys from the form live apart from staff and integration keys. */
const KEY_PREFIX = 'web_form:';

const TOKEN_REFUSALS = {
  invalid: 'is not valid; reload the form and send it again',
  too_fast: 'came back sooner than a person fills in the form; wait a few seconds and send it again',
  expired: 'has expired; reload the form and send it again',
} as const satisfies Record<Extract<FormTokenCheck, { ok: false }>['reason'], string>;

/**
 * The public web form for complaints, suggestions, questions and praise: no login, the
 * workspace named by its slug. What a submission proves and how it is checked — honeypot,
 * timing token, one e-mail or phone — is in docs/cases.md.
 */
export function createCaseFormService(deps: {
  workspaces: Pick<WorkspacesService, 'findBySlug' | 'ensureSetting'>;
  cases: Pick<CasesService, 'intake' | 'nextReference'>;
  clock: Clock;
}) {
  const { clock } = deps;
  /** Form keys never change once made, so a process keeps each it has read. */
  const keys = new Map<string, Buffer>();

  async function workspaceOf(slug: string) {
    const ws = await deps.workspaces.findBySlug(slug);
    if (!ws) throw new AppError('WORKSPACE_NOT_FOUND', { slug });
    return ws;
  }

  /** The workspace's form key: 32 random bytes made on first use, kept in its settings. */
  async function keyOf(workspaceId: string): Promise<Buffer> {
    const cached = keys.get(workspaceId);
    if (cached) return cached;
    const stored = await deps.workspaces.ensureSetting(workspaceId, FORM_KEY_SETTING, () =>
      randomBytes(32).toString('base64url'),
    );
    const key = Buffer.from(String(stored), 'base64url');
    keys.set(workspaceId, key);
    return key;
  }

  const formActor = (workspaceId: string): Actor => systemActor(workspaceId, 'customer (web form)');

  return {
    /** What the form shows, with a fresh timing token. */
    async form(slug: string): Promise<PublicCaseForm> {
      const ws = await workspaceOf(slug);
      const now = clock.now();
      return {
        business: ws.name,
        types: [...PUBLIC_CASE_TYPES],
        formToken: signFormToken(await keyOf(ws.id), ws.id, now),
        minFillSeconds: CASE_FORM_MIN_FILL_MS / 1000,
        tokenExpiresAt: new Date(now.getTime() + CASE_FORM_TOKEN_TTL_MS),
        limits: {
          subject: MAX_CASE_SUBJECT,
          body: MAX_CASE_BODY,
          name: SENDER_LIMITS.name,
          email: SENDER_LIMITS.email,
          phone: SENDER_LIMITS.phone,
        },
      };
    },

    /**
     * Opens a case (channel `web_form`) from a submission and answers only its reference. A
     * filled-in honeypot is answered the same way but stores nothing, so a bot cannot tell;
     * a missing, forged, too-fast or expired timing token is refused naming `body.formToken`.
     * A retry with the same `idempotencyKey`, or the same text again within minutes, answers
     * the reference of the case already opened.
     */
    async submit(slug: string, input: PublicCaseSubmission): Promise<PublicCaseReceipt> {
      const ws = await workspaceOf(slug);
      const body = PublicCaseSubmission.parse(input);
      const actor = formActor(ws.id);
      if (body.website?.trim()) return { reference: await deps.cases.nextReference(actor) };
      const check = checkFormToken(await keyOf(ws.id), body.formToken, ws.id, clock.now(), {
        minFillMs: CASE_FORM_MIN_FILL_MS,
        ttlMs: CASE_FORM_TOKEN_TTL_MS,
      });
      if (!check.ok) throw invalidField('body.formToken', TOKEN_REFUSALS[check.reason]);
      const created = await deps.cases.intake(
        actor,
        {
          type: body.type,
          channel: 'web_form',
          subject: body.subject ?? subjectFromBody(body.body),
          body: body.body,
          sender: { name: body.name, email: body.email, phone: body.phone },
          ...(body.idempotencyKey ? { idempotencyKey: `${KEY_PREFIX}${body.idempotencyKey}` } : {}),
        },
        { senderPath: 'body' },
      );
      return { reference: created.reference };
    },
  };
}
export type CaseFormService = ReturnType<typeof createCaseFormService>;
