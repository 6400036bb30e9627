import type { Actor } from '../../lib/actor.js';
import { can } from '../auth/auth.policy.js';

/** Pure predicates for note use cases; the service checks the same actions before it reads or writes. */
export const canReadNotes = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:read');
export const canWriteNotes = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:write');
export const canDeleteNotes = (actor: Pick<Actor, 'role'>) => can(actor, 'crm:delete');
