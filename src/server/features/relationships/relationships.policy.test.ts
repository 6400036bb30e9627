import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/contracts/common.js';
import { can } from '../../../shared/permissions.js';
import { RELATIONSHIP_PERMISSIONS, type RelationshipUseCase } from './relationships.policy.js';

// role × use case: who may do what with relationships.
const EXPECTED: Record<RelationshipUseCase, readonly string[]> = {
  read: ['admin', 'manager', 'agent', 'marketer', 'analyst'],
  checkPolicy: ['admin', 'manager', 'agent', 'marketer', 'analyst'],
  override: ['admin', 'manager', 'agent', 'marketer'],
  recordSurvey: ['admin', 'manager', 'agent', 'marketer'],
  letGo: ['admin', 'manager'],
  recompute: ['admin', 'manager', 'marketer'],
  editRules: ['admin'],
  editClassifier: ['admin'],
};

describe('relationship permissions', () => {
  for (const [useCase, roles] of Object.entries(EXPECTED) as [RelationshipUseCase, readonly string[]][]) {
    it(`${useCase}: ${roles.join(', ')}`, () => {
      const allowed = ROLES.filter((role) => can({ role }, RELATIONSHIP_PERMISSIONS[useCase]));
      expect(allowed).toEqual(roles);
    });
  }
});
