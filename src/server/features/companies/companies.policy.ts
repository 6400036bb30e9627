import type { Actor } from '../../lib/actor.js';
import { can } from '../auth/auth.policy.js';

/**
 * Pure predicates for company use cases (linking people counts as writing); the service checks
 * the same actions with `requirePermission` before it reads or writes.
 */
export const canReadCompanies = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:read');
export const canWriteCompanies = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:write');
export const canDeleteCompanies = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:delete');
