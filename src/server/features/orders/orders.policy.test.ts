import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/contracts/common.js';
import { canOnOrders, type OrderUseCase } from './orders.policy.js';

/** Role × order use case, written out so a change to the matrix shows here. */
const EXPECTED: Record<Role, OrderUseCase[]> = {
  admin: ['read', 'create', 'update', 'delete'],
  manager: ['read', 'create', 'update', 'delete'],
  agent: ['read', 'create', 'update'],
  marketer: ['read', 'create', 'update'],
  analyst: ['read'],
};
const USE_CASES: OrderUseCase[] = ['read', 'create', 'update', 'delete'];

describe('order policy', () => {
  for (const role of ROLES) {
    for (const useCase of USE_CASES) {
      const allowed = EXPECTED[role].includes(useCase);
      it(`${role} ${allowed ? 'may' : 'may not'} ${useCase} orders`, () => {
        expect(canOnOrders({ role }, useCase)).toBe(allowed);
      });
    }
  }
});
