import {
  type Company,
  CompanyCreate,
  CompanyLink,
  type CompanyListQuery,
  type CompanyPeopleQuery,
  type CompanyPerson,
  CompanyUpdate,
  type CustomerCompany,
} from '../../../shared/contracts/companies.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import { searchWords, uniqueTags } from '../../lib/search.js';
import { softDeletion } from '../../lib/soft-delete.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { CompaniesRepo, CompanyLinkRow, CompanyRow } from './companies.repo.js';

export function toCompany(r: CompanyRow): Company {
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    industry: r.industry,
    address: r.address ?? null,
    tags: r.tags,
    attributes: r.attributes,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
  };
}

const toLink = (l: CompanyLinkRow) => ({
  customerId: l.customerId,
  companyId: l.companyId,
  jobTitle: l.jobTitle,
});

export function createCompaniesService(deps: {
  tx: Database['tx'];
  repo: CompaniesRepo;
  customers: Pick<CustomersService, 'assertExists'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  async function load(
    actor: Actor,
    id: string,
    opts: { includeDeleted?: boolean } = {},
  ): Promise<CompanyRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('COMPANY_NOT_FOUND', { id });
    return row;
  }

  async function create(actor: Actor, input: CompanyCreate): Promise<Company> {
    requirePermission(actor, 'crm:write');
    const body = CompanyCreate.parse(input);
    const now = clock.now();
    const id = newId();
    return deps.tx(async () => {
      const row = await repo.insert({
        workspaceId: actor.workspaceId,
        id,
        name: body.name,
        domain: body.domain ?? null,
        industry: body.industry ?? null,
        address: body.address ?? null,
        tags: uniqueTags(body.tags),
        attributes: body.attributes,
        createdAt: now,
        updatedAt: now,
        createdBy: actorRef(actor),
        updatedBy: actorRef(actor),
      });
      const company = toCompany(row);
      await audit.record(actor, {
        action: 'company.create',
        entityType: 'company',
        entityId: id,
        after: company,
      });
      return company;
    });
  }

  async function get(actor: Actor, id: string): Promise<Company> {
    requirePermission(actor, 'crm:read');
    return toCompany(await load(actor, id, { includeDeleted: true }));
  }

  async function update(actor: Actor, id: string, input: CompanyUpdate): Promise<Company> {
    requirePermission(actor, 'crm:write');
    const body = CompanyUpdate.parse(input);
    return deps.tx(async () => {
      const before = await load(actor, id);
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.domain !== undefined ? { domain: body.domain ?? null } : {}),
        ...(body.industry !== undefined ? { industry: body.industry ?? null } : {}),
        ...(body.address !== undefined ? { address: body.address ?? null } : {}),
        ...(body.tags !== undefined ? { tags: uniqueTags(body.tags) } : {}),
        ...(body.attributes !== undefined ? { attributes: body.attributes } : {}),
        updatedAt: clock.now(),
        updatedBy: actorRef(actor),
      });
      const after = toCompany(row!);
      await audit.record(actor, {
        action: 'company.update',
        entityType: 'company',
        entityId: id,
        before: toCompany(before),
        after,
      });
      return after;
    });
  }

  async function list(actor: Actor, q: CompanyListQuery): Promise<Page<Company>> {
    requirePermission(actor, 'crm:read');
    const { q: text, limit, cursor, ...filter } = q;
    const page = await repo.list(actor.workspaceId, { ...filter, terms: searchWords(text), limit, cursor });
    return { items: page.items.map(toCompany), nextCursor: page.nextCursor };
  }

  /** The company's people (linked, not-deleted customers) by full name. */
  async function listPeople(actor: Actor, id: string, q: CompanyPeopleQuery): Promise<Page<CompanyPerson>> {
    requirePermission(actor, 'crm:read');
    await load(actor, id);
    return repo.listPeople(actor.workspaceId, id, q);
  }

  /**
   * Links a customer to the company, or replaces the job title of an existing link. Both must
   * exist, not deleted, in the actor's workspace.
   */
  async function linkPerson(
    actor: Actor,
    id: string,
    customerId: string,
    input: CompanyLink,
  ): Promise<CompanyPerson> {
    requirePermission(actor, 'crm:write');
    const body = CompanyLink.parse(input);
    const jobTitle = body.jobTitle || null;
    return deps.tx(async () => {
      await load(actor, id);
      await deps.customers.assertExists(actor, customerId);
      const before = await repo.findLink(actor.workspaceId, id, customerId);
      if (!before || before.jobTitle !== jobTitle) {
        const saved = await repo.upsertLink({
          workspaceId: actor.workspaceId,
          companyId: id,
          customerId,
          jobTitle,
          createdAt: clock.now(),
        });
        await audit.record(actor, {
          action: 'company.link',
          entityType: 'company',
          entityId: id,
          before: before ? toLink(before) : null,
          after: toLink(saved),
        });
      }
      return (await repo.findPerson(actor.workspaceId, id, customerId))!;
    });
  }

  /** Removes the link; removing a link that is not there changes nothing. */
  async function unlinkPerson(actor: Actor, id: string, customerId: string): Promise<void> {
    requirePermission(actor, 'crm:write');
    await deps.tx(async () => {
      await load(actor, id);
      await deps.customers.assertExists(actor, customerId);
      const removed = await repo.deleteLink(actor.workspaceId, id, customerId);
      if (removed) {
        await audit.record(actor, {
          action: 'company.unlink',
          entityType: 'company',
          entityId: id,
          before: toLink(removed),
          after: null,
        });
      }
    });
  }

  /**
   * The not-deleted companies a customer belongs to, by name, for the customer 360. Does not
   * check the customer itself: the caller has loaded it.
   */
  async function forCustomer(actor: Actor, customerId: string): Promise<CustomerCompany[]> {
    requirePermission(actor, 'crm:read');
    return repo.listForCustomer(actor.workspaceId, customerId);
  }

  const { remove, restore } = softDeletion({
    entityType: 'company',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row) => toCompany(row),
    stampsUpdates: true,
  });

  return { create, get, update, remove, restore, list, listPeople, linkPerson, unlinkPerson, forCustomer };
}
export type CompaniesService = ReturnType<typeof createCompaniesService>;
