import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/contracts/common.js';
import { ACTIONS, type Action, can } from './auth.policy.js';

/** The role × action table from the issue, written out so a change to the matrix shows here. */
const EXPECTED: Record<Role, Action[]> = {
  admin: [...ACTIONS],
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

describe('role policy', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const allowed = EXPECTED[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can({ role }, action)).toBe(allowed);
      });
    }
  }

  it('keeps the promises the issue names', () => {
    expect(
      ACTIONS.filter((a) => can({ role: 'analyst' }, a) && /write|delete|manage|import/.test(a)),
    ).toEqual([]);
    expect(can({ role: 'agent' }, 'users:manage')).toBe(false);
    expect(can({ role: 'agent' }, 'data:export')).toBe(false);
    expect(ROLES.filter((r) => can({ role: r }, 'api-keys:manage'))).toEqual(['admin']);
  });
});
