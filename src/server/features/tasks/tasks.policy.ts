import type { Actor } from '../../lib/actor.js';
import { can } from '../auth/auth.policy.js';

/**
 * Pure predicates for task use cases (completing counts as writing); the service checks the
 * same actions before it reads or writes.
 */
export const canReadTasks = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:read');
export const canWriteTasks = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:write');
export const canDeleteTasks = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:delete');
