import type { Actor } from '../../lib/actor.js';
import { type Action, can } from '../auth/auth.policy.js';

/**
 * What each order use case needs; the service passes these to `requirePermission` before it
 * reads or writes. Orders are CRM records: analysts read them, only writers change them.
 */
export const ORDER_PERMISSIONS = {
  read: 'crm:read',
  create: 'crm:write',
  update: 'crm:write',
  delete: 'crm:delete',
} as const satisfies Record<string, Action>;
export type OrderUseCase = keyof typeof ORDER_PERMISSIONS;

/** Pure predicate for the UI and other callers that want to know before they try. */
export const canOnOrders = (actor: Pick<Actor, 'role'>, useCase: OrderUseCase) =>
  can(actor, ORDER_PERMISSIONS[useCase]);
