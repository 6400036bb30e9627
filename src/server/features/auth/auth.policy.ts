import { type Action, can } from '../../../shared/permissions.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';

export { ACTIONS, type Action, can } from '../../../shared/permissions.js';

export function requirePermission(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw new AppError('FORBIDDEN', { action, role: actor.role });
}

/**
 * The acting user's id, for things that belong to a person (saved views): API keys and the
 * system have none and are refused with a message saying so.
 */
export function requireUser(actor: Actor, what: string): string {
  if (actor.type !== 'user' || actor.id === null) {
    throw new AppError(
      'FORBIDDEN',
      { actorType: actor.type },
      [],
      `${what} belong to a signed-in user; an API key cannot keep them`,
    );
  }
  return actor.id;
}
