import type { Actor } from '../../lib/actor.js';
import { can } from '../auth/auth.policy.js';

/** Pure predicates for product use cases; the service checks the same actions before it reads or writes. */
export const canReadProducts = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:read');
export const canWriteProducts = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:write');
export const canDeleteProducts = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:delete');
