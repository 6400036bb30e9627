import type { CountryCode } from 'libphonenumber-js/max';
import {
  type Customer,
  CustomerBulkTag,
  type CustomerBulkTagResult,
  CustomerCreate,
  type CustomerExportQuery,
  type CustomerListItem,
  type CustomerListQuery,
  CustomerUpdate,
} from '../../../shared/contracts/customers.js';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import { normalizeEmail, normalizePhone } from '../../../shared/normalize.js';
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
import type { IdentityService } from '../identity/identity.service.js';
import { customerExportChunks, customerExportFileName } from './customer-csv.js';
import { buildSearchText, displayName, prepareContacts } from './customer-row.js';
import type { CustomerFilter, CustomerRow, CustomersRepo } from './customers.repo.js';

export function toCustomer(r: CustomerRow): Customer {
  return {
    id: r.id,
    givenName: r.givenName,
    familyName: r.familyName,
    fullName: r.fullName,
    emails: r.emails,
    phones: r.phones,
    primaryEmail: r.primaryEmail,
    primaryPhone: r.primaryPhone,
    address: r.address ?? null,
    birthday: r.birthday,
    locale: r.locale,
    timeZone: r.timeZone,
    tags: r.tags,
    attributes: r.attributes,
    prefersHumanService: r.prefersHumanService,
    provisional: r.provisional,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
    mergedIntoId: r.mergedIntoId,
  };
}

/**
 * Splits a search into lower-case words; a query that is a phone number is matched by its
 * digits in E.164, an e-mail by its normalised form.
 */
export function searchTerms(q: string | undefined, country: CountryCode): string[] {
  if (!q?.trim()) return [];
  const email = q.includes('@') ? normalizeEmail(q) : null;
  if (email) return [email];
  if (/^[\d\s()+.-]{5,}$/.test(q.trim())) {
    const phone = normalizePhone(q, country);
    return [phone ? phone.replace(/\D/g, '') : q.replace(/\D/g, '')];
  }
  return searchWords(q);
}

export function createCustomersService(deps: {
  tx: Database['tx'];
  repo: CustomersRepo;
  identity: IdentityService;
  audit: AuditLog;
  clock: Clock;
  /** Country for phone numbers written without a country code. */
  phoneCountry: (workspaceId: string) => Promise<CountryCode>;
}) {
  const { repo, audit, identity, clock } = deps;

  async function load(
    actor: Actor,
    id: string,
    opts: { includeDeleted?: boolean } = {},
  ): Promise<CustomerRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('CUSTOMER_NOT_FOUND', { id });
    return row;
  }

  async function create(actor: Actor, input: CustomerCreate): Promise<Customer> {
    requirePermission(actor, 'crm:write');
    const body = CustomerCreate.parse(input);
    const contacts = prepareContacts(
      body.emails,
      body.phones,
      body.externalIds,
      await deps.phoneCountry(actor.workspaceId),
    );
    const fullName = displayName(body);
    const now = clock.now();
    const id = newId();
    return deps.tx(async () => {
      const row = await repo.insert({
        workspaceId: actor.workspaceId,
        id,
        givenName: body.givenName ?? null,
        familyName: body.familyName ?? null,
        fullName,
        emails: contacts.emails,
        phones: contacts.phones,
        primaryEmail: contacts.primaryEmail,
        primaryPhone: contacts.primaryPhone,
        address: body.address ?? null,
        birthday: body.birthday ?? null,
        locale: body.locale ?? null,
        timeZone: body.timeZone ?? null,
        tags: uniqueTags(body.tags),
        attributes: body.attributes,
        prefersHumanService: body.prefersHumanService,
        searchText: buildSearchText(fullName, contacts.emails, contacts.phones),
        createdAt: now,
        updatedAt: now,
        createdBy: actorRef(actor),
        updatedBy: actorRef(actor),
      });
      await identity.syncForCustomer(actor, id, contacts.identities, ['email', 'phone', 'external_id']);
      const customer = toCustomer(row);
      await audit.record(actor, {
        action: 'customer.create',
        entityType: 'customer',
        entityId: id,
        after: customer,
      });
      return customer;
    });
  }

  async function get(actor: Actor, id: string): Promise<Customer> {
    requirePermission(actor, 'crm:read');
    return toCustomer(await load(actor, id, { includeDeleted: true }));
  }

  /** Throws CUSTOMER_NOT_FOUND unless the customer exists, is not deleted and is in the actor's workspace. */
  async function assertExists(actor: Actor, id: string): Promise<void> {
    await load(actor, id);
  }

  async function update(actor: Actor, id: string, input: CustomerUpdate): Promise<Customer> {
    requirePermission(actor, 'crm:write');
    const body = CustomerUpdate.parse(input);
    const country = await deps.phoneCountry(actor.workspaceId);
    return deps.tx(async () => {
      const before = await load(actor, id);
      const emails = body.emails ?? before.emails;
      const phones = body.phones ?? before.phones;
      const managed: IdentityKind[] = [];
      if (body.emails) managed.push('email');
      if (body.phones) managed.push('phone');
      if (body.externalIds) managed.push('external_id');
      const contacts = prepareContacts(emails, phones, body.externalIds ?? [], country);
      const names = {
        givenName: body.givenName !== undefined ? body.givenName : before.givenName,
        familyName: body.familyName !== undefined ? body.familyName : before.familyName,
        fullName: body.fullName !== undefined ? body.fullName : undefined,
      };
      const nameChanged =
        body.givenName !== undefined || body.familyName !== undefined || body.fullName !== undefined;
      const fullName = nameChanged ? displayName(names) : before.fullName;
      const row = await repo.update(actor.workspaceId, id, {
        givenName: names.givenName ?? null,
        familyName: names.familyName ?? null,
        fullName,
        emails: contacts.emails,
        phones: contacts.phones,
        primaryEmail: contacts.primaryEmail,
        primaryPhone: contacts.primaryPhone,
        ...(body.address !== undefined ? { address: body.address ?? null } : {}),
        ...(body.birthday !== undefined ? { birthday: body.birthday ?? null } : {}),
        ...(body.locale !== undefined ? { locale: body.locale ?? null } : {}),
        ...(body.timeZone !== undefined ? { timeZone: body.timeZone ?? null } : {}),
        ...(body.tags !== undefined ? { tags: uniqueTags(body.tags) } : {}),
        ...(body.attributes !== undefined ? { attributes: body.attributes } : {}),
        ...(body.prefersHumanService !== undefined ? { prefersHumanService: body.prefersHumanService } : {}),
        searchText: buildSearchText(fullName, contacts.emails, contacts.phones),
        // Someone with write access looked at the profile and saved it: no longer a stranger.
        provisional: false,
        updatedAt: clock.now(),
        updatedBy: actorRef(actor),
      });
      if (managed.length) {
        const wanted = contacts.identities.filter((i) => managed.includes(i.kind));
        await identity.syncForCustomer(actor, id, wanted, managed);
      }
      const after = toCustomer(row!);
      await audit.record(actor, {
        action: 'customer.update',
        entityType: 'customer',
        entityId: id,
        before: toCustomer(before),
        after,
      });
      return after;
    });
  }

  async function filterOf(
    actor: Actor,
    q: Omit<CustomerListQuery, 'limit' | 'cursor'>,
  ): Promise<CustomerFilter> {
    const { q: text, ...rest } = q;
    return { ...rest, terms: searchTerms(text, await deps.phoneCountry(actor.workspaceId)) };
  }

  async function list(actor: Actor, q: CustomerListQuery): Promise<Page<CustomerListItem>> {
    requirePermission(actor, 'crm:read');
    const page = await repo.list(actor.workspaceId, {
      ...(await filterOf(actor, q)),
      limit: q.limit,
      cursor: q.cursor,
    });
    return {
      items: page.items.map((r) => ({
        ...toCustomer(r),
        lastActivityAt: r.lastActivityAt,
        value: r.value ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Every customer matching the filter, page by page, for CSV/JSON export. Audited once. */
  async function* exportAll(
    actor: Actor,
    q: Omit<CustomerListQuery, 'limit' | 'cursor'>,
  ): AsyncGenerator<Customer> {
    requirePermission(actor, 'data:export');
    const filter = await filterOf(actor, q);
    await audit.record(actor, {
      action: 'customer.export',
      entityType: 'customer',
      entityId: null,
      after: { filter: q },
    });
    let cursor: string | undefined;
    do {
      const page = await repo.list(actor.workspaceId, {
        ...filter,
        limit: 1000,
        cursor,
        withoutActivity: true,
      });
      for (const row of page.items) yield toCustomer(row);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /**
   * The export as a file: its name, type and text chunks. The permission check (and the audit
   * entry) run before this returns, so a refusal is an error response, not a broken download.
   */
  async function exportFile(
    actor: Actor,
    q: CustomerExportQuery,
  ): Promise<{ fileName: string; contentType: string; chunks: AsyncIterable<string> }> {
    const { format, ...filter } = q;
    const rows = exportAll(actor, filter);
    const first = await rows.next();
    async function* all(): AsyncGenerator<Customer> {
      if (first.done) return;
      yield first.value;
      yield* rows;
    }
    return {
      fileName: customerExportFileName(clock.now(), format),
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      chunks: customerExportChunks(all(), format),
    };
  }

  /**
   * Adds and removes tags on many live customers in one transaction. Only customers whose tags
   * change are written, each with a `customer.update` audit entry (before/after); ids that are
   * not live customers of the workspace come back in `notFound`.
   */
  async function bulkTag(actor: Actor, input: CustomerBulkTag): Promise<CustomerBulkTagResult> {
    requirePermission(actor, 'crm:write');
    const body = CustomerBulkTag.parse(input);
    const ids = [...new Set(body.ids)];
    const add = uniqueTags(body.add);
    const adding = new Set(add);
    const remove = new Set(uniqueTags(body.remove));
    return deps.tx(async () => {
      const rows = await repo.lockLive(actor.workspaceId, ids);
      const found = new Map(rows.map((r) => [r.id, r]));
      const changes = rows.flatMap((r) => {
        // Existing tags keep their order; a tag in both lists ends up set.
        const tags = uniqueTags([...r.tags.filter((t) => !remove.has(t) || adding.has(t)), ...add]);
        const same = tags.length === r.tags.length && tags.every((t, i) => t === r.tags[i]);
        return same ? [] : [{ id: r.id, tags }];
      });
      const updated = await repo.setTags(actor.workspaceId, changes, {
        updatedAt: clock.now(),
        updatedBy: actorRef(actor),
      });
      await audit.recordMany(
        actor,
        updated.map((after) => ({
          action: 'customer.update',
          entityType: 'customer',
          entityId: after.id,
          before: toCustomer(found.get(after.id)!),
          after: toCustomer(after),
        })),
      );
      return {
        updated: updated.length,
        unchanged: rows.length - updated.length,
        notFound: ids.filter((id) => !found.has(id)),
      };
    });
  }

  const { remove, restore: restoreDeleted } = softDeletion({
    entityType: 'customer',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row) => toCustomer(row),
    stampsUpdates: true,
  });

  /** A customer merged into another comes back only by undoing the merge, which returns its history. */
  async function restore(actor: Actor, id: string): Promise<Customer> {
    const row = await repo.findById(actor.workspaceId, id);
    if (row?.mergedIntoId) {
      throw new AppError(
        'MERGE_UNDO_BLOCKED',
        { id, mergedIntoId: row.mergedIntoId },
        [],
        'This customer was merged into another; undo the merge to bring it back with its history',
      );
    }
    return restoreDeleted(actor, id);
  }

  return { create, get, assertExists, update, remove, restore, list, exportAll, exportFile, bulkTag };
}
export type CustomersService = ReturnType<typeof createCustomersService>;
