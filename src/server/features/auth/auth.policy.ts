import type { Role } from '../../../shared/contracts/common.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';

/** Everything a role can be allowed to do. */
export const ACTIONS = [
  'crm:read',
  'crm:write',
  'crm:delete',
  'personal-data:view',
  'data:import',
  'data:export',
  'users:manage',
  'api-keys:manage',
  'workspace:manage',
  'audit:read',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * The role matrix. Analysts only read (and may export what they read); agents work records but
 * cannot export, import or manage users; only admins manage users, keys and the workspace.
 */
const GRANTS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  manager: [
    'crm:read',
    'crm:write',
    'crm:delete',
    'personal-data:view',
    'data:import',
    'data:export',
    'audit:read',
  ],
  agent: ['crm:read', 'crm:write', 'personal-data:view'],
  marketer: ['crm:read', 'crm:write', 'personal-data:view', 'data:import', 'data:export'],
  analyst: ['crm:read', 'data:export'],
};

export function can(actor: Pick<Actor, 'role'>, action: Action): boolean {
  return GRANTS[actor.role].includes(action);
}

export function requirePermission(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw new AppError('FORBIDDEN', { action, role: actor.role });
}
