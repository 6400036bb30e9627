import { ROLES, type Role } from '../../../shared/contracts/common.js';
import { ACTIONS, type Action, can } from '../../../shared/permissions.js';

/**
 * What each role may do, in words, read off the shared permission matrix (`can()`), so the
 * settings screens never carry a second copy of it that could drift.
 */

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  agent: 'Agent',
  marketer: 'Marketer',
  analyst: 'Analyst',
};

/** One phrase per action; a new action is a type error here until it is named. */
export const ACTION_LABELS: Record<Action, string> = {
  'crm:read': 'view customers, companies and activity',
  'crm:write': 'create and edit records',
  'crm:delete': 'delete records',
  'customers:merge': 'merge duplicate customers and undo merges',
  'personal-data:view': 'see personal data (e-mail, phone, birthday)',
  'data:import': 'import data',
  'data:export': 'export data',
  'users:manage': 'manage users',
  'api-keys:manage': 'manage API keys',
  'workspace:manage': 'change workspace settings',
  'audit:read': 'read the audit log',
};

/** The actions a role is granted and refused, in the matrix's order. */
export function roleAbilities(role: Role): { allowed: Action[]; denied: Action[] } {
  const allowed = ACTIONS.filter((action) => can({ role }, action));
  const denied = ACTIONS.filter((action) => !can({ role }, action));
  return { allowed, denied };
}

/**
 * A role in one sentence: what it can do, and what it cannot.
 * @example describeRole('analyst') ===
 *   'Can view customers, companies and activity and export data. Cannot create and edit records, …'
 */
export function describeRole(role: Role): string {
  const { allowed, denied } = roleAbilities(role);
  const phrases = joinPhrases(allowed.map((a) => ACTION_LABELS[a]));
  if (denied.length === 0) return `Can do everything: ${phrases}.`;
  return `Can ${phrases}. Cannot ${joinPhrases(
    denied.map((a) => ACTION_LABELS[a]),
    'or',
  )}.`;
}

/** Every role with its label and description, for pickers and the roles overview. */
export function roleOptions(): { value: Role; label: string; description: string }[] {
  return ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], description: describeRole(role) }));
}

function joinPhrases(phrases: string[], last = 'and'): string {
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} ${last} ${phrases.at(-1)}`;
}
