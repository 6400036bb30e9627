import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/contracts/common.js';
import { type CaseUseCase, canOnCases } from './cases.policy.js';

/** Role × case use case, written out so a change to the matrix shows here. */
const EXPECTED: Record<Role, CaseUseCase[]> = {
  admin: ['read', 'create', 'update', 'delete'],
  manager: ['read', 'create', 'update', 'delete'],
  agent: ['read', 'create', 'update'],
  marketer: ['read', 'create', 'update'],
  analyst: ['read'],
};
const USE_CASES: CaseUseCase[] = ['read', 'create', 'update', 'delete'];

describe('case policy', () => {
  for (const role of ROLES) {
    for (const useCase of USE_CASES) {
      const allowed = EXPECTED[role].includes(useCase);
      it(`${role} ${allowed ? 'may' : 'may not'} ${useCase} cases`, () => {
        expect(canOnCases({ role }, useCase)).toBe(allowed);
      });
    }
  }
});
