import { z } from 'zod';
import { Case, CaseSeverity, CaseStatusChange, CaseUpdate } from './cases.js';
import { Id, Tag } from './common.js';

/**
 * The inbox's bulk actions on cases and the lists it needs beside the case list: the teams
 * cases are queued for, and the names of the customers on a page of cases. Each case of a bulk
 * action goes through the same service calls as the single-case endpoints, one transaction per
 * case, so one refusal (a transition not allowed from that case's status) leaves the others done.
 */

/** Most cases one bulk request may name. */
export const MAX_BULK_CASES = 200;

const BulkTags = z
  .array(Tag)
  .min(1, 'name at least one tag')
  .max(50, 'at most 50 tags')
  .describe('tags as cases store them: trimmed, each once');

export const CaseBulkAction = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('assign'),
    assigneeUserId: CaseUpdate.shape.assigneeUserId
      .unwrap()
      .describe('a user of this workspace; null unassigns'),
    team: CaseUpdate.shape.team.describe('the team to queue the cases for; null clears it; left out: kept'),
  }),
  z.strictObject({
    type: z.literal('status'),
    status: CaseStatusChange.shape.status,
    reason: CaseStatusChange.shape.reason,
  }),
  z.strictObject({ type: z.literal('severity'), severity: CaseSeverity }),
  z.strictObject({ type: z.literal('addTags'), tags: BulkTags }),
  z.strictObject({ type: z.literal('removeTags'), tags: BulkTags }),
]);
export type CaseBulkAction = z.input<typeof CaseBulkAction>;
export type CaseBulkActionType = CaseBulkAction['type'];

export const CaseBulkRequest = z.strictObject({
  ids: z
    .array(Id)
    .min(1, 'select at least one case')
    .max(MAX_BULK_CASES, `at most ${MAX_BULK_CASES} cases at once`)
    .describe('each case once; a repeated id is done once'),
  action: CaseBulkAction,
});
export type CaseBulkRequest = z.input<typeof CaseBulkRequest>;

/** Why one case of a bulk request was not changed: the problem its own request would have answered. */
export const CaseBulkProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type CaseBulkProblem = z.infer<typeof CaseBulkProblem>;

export const CaseBulkItemResult = z.object({
  id: z.string(),
  ok: z.boolean(),
  /** The case as it now is (when ok). */
  case: Case.optional(),
  /** Why it was not changed (when not ok). */
  problem: CaseBulkProblem.optional(),
});
export type CaseBulkItemResult = z.infer<typeof CaseBulkItemResult>;

export const CaseBulkResult = z.object({
  /** One per distinct id, in the order asked. */
  results: z.array(CaseBulkItemResult),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type CaseBulkResult = z.infer<typeof CaseBulkResult>;

/** A team cases are queued for, with how many of its live cases are not yet resolved or closed. */
export const CaseTeam = z.object({ team: z.string(), openCases: z.number().int() });
export const CaseTeams = z.object({ items: z.array(CaseTeam) });
export type CaseTeams = z.infer<typeof CaseTeams>;

/** Most customers one names request may ask for: a page of the inbox. */
export const MAX_CASE_CUSTOMER_IDS = 200;

export const CaseCustomersQuery = z.object({
  ids: z
    .preprocess(
      (v) =>
        typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.flatMap((s) => String(s).split(',')) : v,
      z.array(Id).min(1).max(MAX_CASE_CUSTOMER_IDS),
    )
    .describe('customer ids, repeated or comma-separated'),
});

/** Who a case is from, as the inbox's rows name them. */
export const CaseCustomerName = z.object({
  id: z.string(),
  fullName: z.string(),
  provisional: z.boolean(),
  deletedAt: z.date().nullable(),
});
export type CaseCustomerName = z.infer<typeof CaseCustomerName>;
export const CaseCustomerNames = z.object({
  /** The customers found, in the order asked; ids naming none of the workspace's are left out. */
  items: z.array(CaseCustomerName),
});
export type CaseCustomerNames = z.infer<typeof CaseCustomerNames>;
