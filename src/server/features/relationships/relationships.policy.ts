import type { Action } from '../../../shared/permissions.js';

/**
 * What each relationship use case needs. Letting a customer go (or deprioritising them) is a
 * manager's decision, like deleting a record: it needs `crm:delete`. Reading the panel, the
 * portfolio and asking the policy check is for everyone who reads the CRM; changing the rules
 * and the scoring model is the workspace's admins' job.
 */
export const RELATIONSHIP_PERMISSIONS = {
  read: 'crm:read',
  checkPolicy: 'crm:read',
  override: 'crm:write',
  recordSurvey: 'crm:write',
  letGo: 'crm:delete',
  recompute: 'data:import',
  editRules: 'workspace:manage',
  editClassifier: 'workspace:manage',
} as const satisfies Record<string, Action>;
export type RelationshipUseCase = keyof typeof RELATIONSHIP_PERMISSIONS;
