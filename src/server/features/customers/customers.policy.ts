import type { Actor } from '../../lib/actor.js';
import { can } from '../auth/auth.policy.js';

/** Pure predicates for customer use cases; the services check them before reading or writing. */
export const canReadCustomers = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:read');
export const canWriteCustomers = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:write');
export const canDeleteCustomers = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:delete');
export const canExportCustomers = (actor: Pick<Actor, 'role'>) => can(actor, 'data:export');
