import { ZodError } from 'zod';
import {
  type CaseBulkItemResult,
  type CaseBulkProblem,
  CaseBulkRequest,
  type CaseBulkResult,
  type CaseCustomerName,
  type CaseTeams,
} from '../../../shared/contracts/case-bulk.js';
import type { Case } from '../../../shared/contracts/cases.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, assertNever } from '../../lib/app-error.js';
import { problemOf } from '../../lib/http.js';
import { uniqueTags } from '../../lib/search.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { CaseBulkRepo } from './case-bulk.repo.js';
import { CASE_PERMISSIONS } from './cases.policy.js';
import type { CasesService } from './cases.service.js';

type Action = ReturnType<typeof CaseBulkRequest.parse>['action'];

/**
 * What one case's own request would have answered for `error`: an AppError's code, title and
 * field errors, a validation failure's fields (paths under `body`, as the single-case routes
 * name them). Anything else is a failure on our side, reported without its internals.
 */
export function problemFor(error: unknown): CaseBulkProblem {
  if (error instanceof AppError) {
    return problemOf(error.code, {
      detail: error.message,
      ...(error.fields.length ? { errors: error.fields } : {}),
    }) as CaseBulkProblem;
  }
  if (error instanceof ZodError) {
    const errors = error.issues.map((i) => ({
      path: ['body', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    return problemOf('VALIDATION_FAILED', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    }) as CaseBulkProblem;
  }
  return problemOf('INTERNAL') as CaseBulkProblem;
}

/**
 * The inbox's bulk actions and lookups. A bulk action applies to each case in turn through the
 * cases service — `update` for assignment, severity and tags, `changeStatus` for status — so
 * history, audit and SLA stay exactly as for one case; each case is its own transaction.
 */
export function createCaseBulkService(deps: {
  tx: <T>(fn: () => Promise<T>) => Promise<T>;
  repo: CaseBulkRepo;
  cases: Pick<CasesService, 'update' | 'changeStatus'>;
  customers: Pick<CustomersService, 'get'>;
}) {
  const { repo, cases } = deps;

  /** New tags from the current ones: added at the end, or removed (matching as stored, case-insensitively). */
  async function retag(actor: Actor, id: string, action: { type: 'addTags' | 'removeTags'; tags: string[] }) {
    return deps.tx(async () => {
      const current = await repo.lockTags(actor.workspaceId, id);
      if (!current) throw new AppError('CASE_NOT_FOUND', { id });
      const wanted = uniqueTags(action.tags);
      let tags: string[];
      if (action.type === 'addTags') {
        const have = new Set(current.tags.map((t) => t.toLowerCase()));
        tags = [...current.tags, ...wanted.filter((t) => !have.has(t.toLowerCase()))];
      } else {
        const drop = new Set(wanted.map((t) => t.toLowerCase()));
        tags = current.tags.filter((t) => !drop.has(t.toLowerCase()));
      }
      return cases.update(actor, id, { tags });
    });
  }

  function applyOne(actor: Actor, id: string, action: Action): Promise<Case> {
    switch (action.type) {
      case 'assign':
        return cases.update(actor, id, {
          assigneeUserId: action.assigneeUserId,
          ...(action.team !== undefined ? { team: action.team } : {}),
        });
      case 'status':
        return cases.changeStatus(actor, id, {
          status: action.status,
          ...(action.reason ? { reason: action.reason } : {}),
        });
      case 'severity':
        return cases.update(actor, id, { severity: action.severity });
      case 'addTags':
      case 'removeTags':
        return retag(actor, id, action);
      default:
        return assertNever(action);
    }
  }

  /**
   * Applies one action to up to 200 cases, each id once in the order given, and answers per id
   * whether it was done (with the case as it now is) or the problem that stopped it. A refusal
   * for one case — not found, a transition its status does not allow, an unknown assignee —
   * does not stop the others. The role must allow writing cases at all, else FORBIDDEN for the
   * whole request.
   */
  async function apply(actor: Actor, input: CaseBulkRequest): Promise<CaseBulkResult> {
    requirePermission(actor, CASE_PERMISSIONS.update);
    const body = CaseBulkRequest.parse(input);
    const ids = [...new Set(body.ids.map((id) => id.toLowerCase()))];
    const results: CaseBulkItemResult[] = [];
    for (const id of ids) {
      try {
        results.push({ id, ok: true, case: await applyOne(actor, id, body.action) });
      } catch (error) {
        results.push({ id, ok: false, problem: problemFor(error) });
      }
    }
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  /** The teams the workspace's cases are queued for, by name, with their open cases. */
  async function teams(actor: Actor): Promise<CaseTeams> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    return { items: await repo.teams(actor.workspaceId) };
  }

  /**
   * The names of the customers a page of cases is from (deleted ones too, as cases keep them),
   * in the order asked, each once; ids naming no customer of the workspace are left out.
   */
  async function customerNames(actor: Actor, ids: readonly string[]): Promise<{ items: CaseCustomerName[] }> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = await Promise.all(
      unique.map((id) =>
        deps.customers.get(actor, id).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'CUSTOMER_NOT_FOUND') return null;
          throw err;
        }),
      ),
    );
    return {
      items: found
        .filter((c) => c !== null)
        .map((c) => ({
          id: c.id,
          fullName: c.fullName,
          provisional: c.provisional ?? false,
          deletedAt: c.deletedAt,
        })),
    };
  }

  return { apply, teams, customerNames };
}
export type CaseBulkService = ReturnType<typeof createCaseBulkService>;
