import type { Role } from './contracts/common.js';

/** Everything a role can be allowed to do. */
export const ACTIONS = [
  'crm:read',
  'crm:write',
  'crm:delete',
  'customers:merge',
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
 * Shared so the web app hides what the server would refuse (the server still checks).
 */
const GRANTS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  manager: [
    'crm:read',
    'crm:write',
    'crm:delete',
    'customers:merge',
    'personal-data:view',
    'data:import',
    'data:export',
    'audit:read',
  ],
  agent: ['crm:read', 'crm:write', 'customers:merge', 'personal-data:view'],
  marketer: ['crm:read', 'crm:write', 'personal-data:view', 'data:import', 'data:export'],
  analyst: ['crm:read', 'data:export'],
};

/** Whether a role may do an action. @example can({ role: 'analyst' }, 'crm:write') === false */
export function can(actor: { role: Role }, action: Action): boolean {
  return GRANTS[actor.role].includes(action);
}
