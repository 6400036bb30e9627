import type { Role } from '../../shared/contracts/common.js';

/**
 * Who is acting. Every use case takes the actor first; the workspace comes from it, never from
 * the request body.
 */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string;
  workspaceId: string;
  role: Role;
  requestId?: string;
}

/** The part of an actor stored on records (`created_by`, audit entries). */
export interface ActorRef {
  type: Actor['type'];
  id: string | null;
  name: string;
}

export function actorRef(actor: Actor): ActorRef {
  return { type: actor.type, id: actor.id, name: actor.name };
}

/** The actor for work the system does on its own behalf (migrations, demo seeding, schedules). */
export function systemActor(workspaceId: string, name = 'system'): Actor {
  return { type: 'system', id: null, name, workspaceId, role: 'admin' };
}
