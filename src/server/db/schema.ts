/** Every table, re-exported from its feature, for Drizzle and drizzle-kit. */
export { apiKeys } from '../features/api-keys/api-keys.table.js';
export { auditLog } from '../features/audit/audit.table.js';
export { sessions } from '../features/auth/auth.table.js';
export { briefingFeedback } from '../features/briefings/briefings.table.js';
export {
  caseCompensations,
  caseCounters,
  caseEvents,
  caseMessages,
  caseSlas,
  cases,
} from '../features/cases/cases.table.js';
export { companies, customerCompanies } from '../features/companies/companies.table.js';
export { customers } from '../features/customers/customers.table.js';
export { events } from '../features/events/events.table.js';
export { identities } from '../features/identity/identity.table.js';
export { duplicateCandidates, mergeBlocks, mergeMoves, merges } from '../features/identity/merges.table.js';
export { imports } from '../features/imports/imports.table.js';
export { notes } from '../features/notes/notes.table.js';
export { orderLines, orders } from '../features/orders/orders.table.js';
export { products } from '../features/products/products.table.js';
export {
  letGoDecisions,
  policyDecisions,
  relationshipClassifierConfigs,
  relationshipOverrides,
  relationshipProfiles,
  relationshipRuns,
  relationshipStageEpisodes,
  relationshipSurveyLinks,
  relationshipSurveyResponses,
} from '../features/relationships/relationships.table.js';
export { savedViews } from '../features/saved-views/saved-views.table.js';
export { tasks } from '../features/tasks/tasks.table.js';
export { touchpointChannels, touchpointTypes } from '../features/touchpoint-types/touchpoint-types.table.js';
export { touchpoints } from '../features/touchpoints/touchpoints.table.js';
export { users } from '../features/users/users.table.js';
export { customerValues, valueRuns } from '../features/value/value.table.js';
export { visits } from '../features/visits/visits.table.js';
export { workspaces } from '../features/workspaces/workspaces.table.js';
export { jobs } from '../jobs/jobs.table.js';
