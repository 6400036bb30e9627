import {
  type CustomerVisitsQuery,
  VISIT_DEFAULT_SOURCE,
  type Visit,
  VisitCreate,
  type VisitListQuery,
  type VisitLocations,
  type VisitLocationsQuery,
  VisitUpdate,
} from '../../../shared/contracts/visits.js';
import { dayInZone, zonedDayBounds } from '../../../shared/zoned-day.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import { softDeletion } from '../../lib/soft-delete.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { VisitFilter, VisitRow, VisitsRepo } from './visits.repo.js';

export function toVisit(r: VisitRow): Visit {
  return {
    id: r.id,
    customerId: r.customerId,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    location: r.location,
    type: r.type,
    status: r.status,
    externalId: r.externalId,
    source: r.source,
    properties: r.properties,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
  };
}

/** Bookings, reservations and appointments: CRUD, lists by day and place, and a day at a location. */
export function createVisitsService(deps: {
  tx: Database['tx'];
  repo: VisitsRepo;
  customers: Pick<CustomersService, 'assertExists'>;
  workspaces: Pick<WorkspacesService, 'get'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  async function load(actor: Actor, id: string, opts: { includeDeleted?: boolean } = {}): Promise<VisitRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('VISIT_NOT_FOUND', { id });
    return row;
  }

  async function requireLiveCustomer(actor: Actor, customerId: string): Promise<void> {
    try {
      await deps.customers.assertExists(actor, customerId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CUSTOMER_NOT_FOUND') {
        throw new AppError('CUSTOMER_NOT_FOUND', { id: customerId }, [
          { path: 'body.customerId', message: 'no such customer in this workspace' },
        ]);
      }
      throw err;
    }
  }

  function filterOf(q: CustomerVisitsQuery & { customerId?: string | undefined }): VisitFilter {
    return {
      customerId: q.customerId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      location: q.location,
      status: q.status,
      type: q.type?.toLowerCase(),
      order: q.order,
      limit: q.limit,
      cursor: q.cursor,
    };
  }

  async function list(actor: Actor, q: VisitListQuery): Promise<Page<Visit>> {
    requirePermission(actor, 'crm:read');
    const page = await repo.list(actor.workspaceId, filterOf(q));
    return { items: page.items.map(toVisit), nextCursor: page.nextCursor };
  }

  async function listForCustomer(
    actor: Actor,
    customerId: string,
    q: CustomerVisitsQuery,
  ): Promise<Page<Visit>> {
    requirePermission(actor, 'crm:read');
    await deps.customers.assertExists(actor, customerId);
    const page = await repo.list(actor.workspaceId, filterOf({ ...q, customerId }));
    return { items: page.items.map(toVisit), nextCursor: page.nextCursor };
  }

  async function create(actor: Actor, input: VisitCreate): Promise<Visit> {
    requirePermission(actor, 'crm:write');
    const body = VisitCreate.parse(input);
    const now = clock.now();
    const id = newId();
    const source = body.source ?? VISIT_DEFAULT_SOURCE;
    return deps.tx(async () => {
      await requireLiveCustomer(actor, body.customerId);
      const row = await repo.insertUnlessExternalIdTaken({
        workspaceId: actor.workspaceId,
        id,
        customerId: body.customerId,
        startsAt: new Date(body.startsAt),
        endsAt: body.endsAt ? new Date(body.endsAt) : null,
        location: body.location,
        type: body.type,
        status: body.status,
        source,
        externalId: body.externalId ?? null,
        properties: body.properties,
        createdAt: now,
        updatedAt: now,
        createdBy: actorRef(actor),
        updatedBy: actorRef(actor),
      });
      if (!row) {
        const taken = await repo.findIdByExternalId(actor.workspaceId, source, body.externalId ?? '');
        throw new AppError('EXTERNAL_ID_TAKEN', { externalId: body.externalId, source, id: taken }, [
          { path: 'body.externalId', message: `another visit from ${source} has this external id` },
        ]);
      }
      const visit = toVisit(row);
      await audit.record(actor, { action: 'visit.create', entityType: 'visit', entityId: id, after: visit });
      return visit;
    });
  }

  async function get(actor: Actor, id: string): Promise<Visit> {
    requirePermission(actor, 'crm:read');
    return toVisit(await load(actor, id, { includeDeleted: true }));
  }

  async function update(actor: Actor, id: string, input: VisitUpdate): Promise<Visit> {
    requirePermission(actor, 'crm:write');
    const body = VisitUpdate.parse(input);
    return deps.tx(async () => {
      const before = await load(actor, id);
      const startsAt = body.startsAt ? new Date(body.startsAt) : before.startsAt;
      const endsAt = body.endsAt === undefined ? before.endsAt : body.endsAt ? new Date(body.endsAt) : null;
      if (endsAt && endsAt < startsAt) {
        throw invalidField(
          body.endsAt ? 'body.endsAt' : 'body.startsAt',
          'the visit would end before it starts',
        );
      }
      const row = await repo.update(actor.workspaceId, id, {
        startsAt,
        endsAt,
        ...(body.location !== undefined ? { location: body.location } : {}),
        ...(body.type !== undefined ? { type: body.type } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.properties !== undefined ? { properties: body.properties } : {}),
        updatedAt: clock.now(),
        updatedBy: actorRef(actor),
      });
      const after = toVisit(row!);
      await audit.record(actor, {
        action: 'visit.update',
        entityType: 'visit',
        entityId: id,
        before: toVisit(before),
        after,
      });
      return after;
    });
  }

  /** Where visits are booked, busiest from `from` (today in the workspace time zone) first. */
  async function locations(actor: Actor, q: VisitLocationsQuery): Promise<VisitLocations> {
    requirePermission(actor, 'crm:read');
    const { timeZone } = await deps.workspaces.get(actor);
    const day = q.from ?? dayInZone(clock.now(), timeZone);
    return { items: await repo.locations(actor.workspaceId, zonedDayBounds(day, timeZone).start) };
  }

  const { remove, restore } = softDeletion({
    entityType: 'visit',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row) => toVisit(row),
    stampsUpdates: true,
  });

  return {
    list,
    listForCustomer,
    create,
    get,
    update,
    remove,
    restore,
    locations,
    /** The visits still to take place that start in [from, to) at `location`, in start order. */
    async dayAt(actor: Actor, location: string, from: Date, to: Date): Promise<VisitRow[]> {
      requirePermission(actor, 'crm:read');
      return repo.listDay(actor.workspaceId, location, from, to);
    },
    /** Every not-deleted visit of these customers that started before `before`, in start order. */
    async historyOf(actor: Actor, customerIds: readonly string[], before: Date): Promise<VisitRow[]> {
      requirePermission(actor, 'crm:read');
      return repo.listForCustomers(actor.workspaceId, customerIds, before);
    },
  };
}
export type VisitsService = ReturnType<typeof createVisitsService>;
