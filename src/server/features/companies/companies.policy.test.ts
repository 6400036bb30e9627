import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/contracts/common.js';
import { canDeleteCompanies, canReadCompanies, canWriteCompanies } from './companies.policy.js';

/** [read, write, delete] per role: analysts only read; agents and marketers cannot delete. */
const EXPECTED: Record<Role, [boolean, boolean, boolean]> = {
  admin: [true, true, true],
  manager: [true, true, true],
  agent: [true, true, false],
  marketer: [true, true, false],
  analyst: [true, false, false],
};

describe('companies policy', () => {
  it.each(ROLES)('%s', (role) => {
    const actor = { role };
    expect([canReadCompanies(actor), canWriteCompanies(actor), canDeleteCompanies(actor)]).toEqual(
      EXPECTED[role],
    );
  });
});
