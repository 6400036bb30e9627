import type { Actor } from '../../lib/actor.js';
import { type Action, can } from '../auth/auth.policy.js';

/**
 * What each case use case needs; the service passes these to `requirePermission` before it
 * reads or writes. Cases are CRM records: analysts read them; writers open, assign, move and
 * answer them (notes and replies are writes); only those who may delete records delete one.
 */
export const CASE_PERMISSIONS = {
  read: 'crm:read',
  create: 'crm:write',
  update: 'crm:write',
  delete: 'crm:delete',
} as const satisfies Record<string, Action>;
export type CaseUseCase = keyof typeof CASE_PERMISSIONS;

/** Pure predicate for the UI and other callers that want to know before they try. */
export const canOnCases = (actor: Pick<Actor, 'role'>, useCase: CaseUseCase) =>
  can(actor, CASE_PERMISSIONS[useCase]);
