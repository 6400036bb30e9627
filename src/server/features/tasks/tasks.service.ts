import type { z } from 'zod';
import {
  type CustomerTaskListQuery,
  type OpenTask,
  type Task,
  TaskCreate,
  type TaskListQuery,
  type TaskStatus,
  TaskUpdate,
} from '../../../shared/contracts/tasks.js';
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
import type { UsersService } from '../users/users.service.js';
import type { TaskFilter, TaskRow, TasksRepo } from './tasks.repo.js';

export function toTask(r: TaskRow): Task {
  return {
    id: r.id,
    customerId: r.customerId,
    title: r.title,
    description: r.description,
    assigneeId: r.assigneeId,
    dueAt: r.dueAt,
    status: r.status,
    completedAt: r.completedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
  };
}

/**
 * When a task was completed after moving from `before` to `after`: stamped on entering done,
 * kept while it stays done, cleared when it is reopened or cancelled.
 */
export function completedAtAfter(
  before: { status: TaskStatus; completedAt: Date | null } | null,
  after: TaskStatus,
  now: Date,
): Date | null {
  if (after !== 'done') return null;
  return before?.status === 'done' ? before.completedAt : now;
}

/** How many open tasks the customer 360 shows. */
const OPEN_FOR_CUSTOMER_LIMIT = 100;

export function createTasksService(deps: {
  tx: Database['tx'];
  repo: TasksRepo;
  customers: Pick<CustomersService, 'assertExists'>;
  users: Pick<UsersService, 'exists'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  async function load(actor: Actor, id: string, opts: { includeDeleted?: boolean } = {}): Promise<TaskRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('TASK_NOT_FOUND', { id });
    return row;
  }

  async function assertAssignee(actor: Actor, assigneeId: string | null | undefined): Promise<void> {
    if (assigneeId && !(await deps.users.exists(actor, assigneeId))) {
      throw invalidField('body.assigneeId', 'is not a user of this workspace');
    }
  }

  function filterOf(
    actor: Actor,
    q: CustomerTaskListQuery & { customerId?: string | undefined },
  ): TaskFilter {
    let assigneeId: string | null | undefined = q.assigneeId;
    if (q.assignee === 'none') assigneeId = null;
    if (q.assignee === 'me') {
      if (actor.type !== 'user' || !actor.id) {
        throw invalidField('querystring.assignee', 'me needs a logged-in user, not an API key');
      }
      assigneeId = actor.id;
    }
    return {
      customerId: q.customerId,
      assigneeId,
      statuses: q.status,
      dueBefore: q.dueBefore ? new Date(q.dueBefore) : undefined,
      overdue: q.overdue,
      now: clock.now(),
      sort: q.sort,
      order: q.order,
      limit: q.limit,
      cursor: q.cursor,
    };
  }

  async function list(actor: Actor, q: TaskListQuery): Promise<Page<Task>> {
    requirePermission(actor, 'crm:read');
    const page = await repo.list(actor.workspaceId, filterOf(actor, q));
    return { items: page.items.map(toTask), nextCursor: page.nextCursor };
  }

  /** The customer's tasks with the same filters; the customer must exist and not be deleted. */
  async function listForCustomer(
    actor: Actor,
    customerId: string,
    q: CustomerTaskListQuery,
  ): Promise<Page<Task>> {
    requirePermission(actor, 'crm:read');
    await deps.customers.assertExists(actor, customerId);
    const page = await repo.list(actor.workspaceId, filterOf(actor, { ...q, customerId }));
    return { items: page.items.map(toTask), nextCursor: page.nextCursor };
  }

  /** The row of a new task, as validated. */
  const newRow = (
    actor: Actor,
    id: string,
    customerId: string,
    body: z.output<typeof TaskCreate>,
    now: Date,
  ) => ({
    workspaceId: actor.workspaceId,
    id,
    customerId,
    title: body.title,
    description: body.description || null,
    assigneeId: body.assigneeId ?? null,
    dueAt: body.dueAt ? new Date(body.dueAt) : null,
    status: body.status,
    completedAt: completedAtAfter(null, body.status, now),
    createdAt: now,
    updatedAt: now,
    createdBy: actorRef(actor),
    updatedBy: actorRef(actor),
  });

  async function create(actor: Actor, customerId: string, input: TaskCreate): Promise<Task> {
    requirePermission(actor, 'crm:write');
    const body = TaskCreate.parse(input);
    const now = clock.now();
    const id = newId();
    return deps.tx(async () => {
      await deps.customers.assertExists(actor, customerId);
      await assertAssignee(actor, body.assigneeId);
      const row = await repo.insert(newRow(actor, id, customerId, body, now));
      const task = toTask(row);
      await audit.record(actor, { action: 'task.create', entityType: 'task', entityId: id, after: task });
      return task;
    });
  }

  async function get(actor: Actor, id: string): Promise<Task> {
    requirePermission(actor, 'crm:read');
    return toTask(await load(actor, id, { includeDeleted: true }));
  }

  async function update(actor: Actor, id: string, input: TaskUpdate): Promise<Task> {
    requirePermission(actor, 'crm:write');
    const body = TaskUpdate.parse(input);
    return deps.tx(async () => {
      const before = await load(actor, id);
      if (body.assigneeId !== undefined && body.assigneeId !== before.assigneeId) {
        await assertAssignee(actor, body.assigneeId);
      }
      const now = clock.now();
      const status = body.status ?? before.status;
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.description !== undefined ? { description: body.description || null } : {}),
        ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId ?? null } : {}),
        ...(body.dueAt !== undefined ? { dueAt: body.dueAt ? new Date(body.dueAt) : null } : {}),
        status,
        completedAt: completedAtAfter(before, status, now),
        updatedAt: now,
        updatedBy: actorRef(actor),
      });
      const after = toTask(row!);
      await audit.record(actor, {
        action: 'task.update',
        entityType: 'task',
        entityId: id,
        before: toTask(before),
        after,
      });
      return after;
    });
  }

  /** Marks the task done now; completing a done task changes nothing. */
  async function complete(actor: Actor, id: string): Promise<Task> {
    requirePermission(actor, 'crm:write');
    return deps.tx(async () => {
      const before = await load(actor, id);
      if (before.status === 'done') return toTask(before);
      const now = clock.now();
      const row = await repo.update(actor.workspaceId, id, {
        status: 'done',
        completedAt: now,
        updatedAt: now,
        updatedBy: actorRef(actor),
      });
      const after = toTask(row!);
      await audit.record(actor, {
        action: 'task.complete',
        entityType: 'task',
        entityId: id,
        before: toTask(before),
        after,
      });
      return after;
    });
  }

  /**
   * Up to 100 of the customer's open and in-progress tasks, soonest due first (undated last),
   * for the customer 360. Does not check the customer itself: the caller has loaded it.
   */
  async function openForCustomer(actor: Actor, customerId: string): Promise<OpenTask[]> {
    requirePermission(actor, 'crm:read');
    const rows = await repo.listOpenForCustomer(actor.workspaceId, customerId, OPEN_FOR_CUSTOMER_LIMIT);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      dueAt: r.dueAt,
      assigneeId: r.assigneeId,
    }));
  }

  const { remove } = softDeletion({
    entityType: 'task',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row) => toTask(row),
    stampsUpdates: true,
  });

  /**
   * Many tasks at once, each for its customer (an SLA sweep telling managers of breaches): the
   * same validation as `create`, one INSERT and one audit INSERT. Customers are checked by the
   * foreign key, assignees once each.
   */
  async function createMany(
    actor: Actor,
    items: { customerId: string; task: TaskCreate }[],
  ): Promise<Task[]> {
    requirePermission(actor, 'crm:write');
    if (items.length === 0) return [];
    const now = clock.now();
    const bodies = items.map((i) => ({ customerId: i.customerId, body: TaskCreate.parse(i.task) }));
    return deps.tx(async () => {
      for (const assignee of new Set(bodies.map((b) => b.body.assigneeId).filter(Boolean))) {
        await assertAssignee(actor, assignee);
      }
      const rows = await repo.insertMany(
        bodies.map(({ customerId, body }) => newRow(actor, newId(), customerId, body, now)),
      );
      const created = rows.map(toTask);
      await audit.recordMany(
        actor,
        created.map((task) => ({
          action: 'task.create',
          entityType: 'task',
          entityId: task.id,
          after: task,
        })),
      );
      return created;
    });
  }

  return { list, listForCustomer, create, createMany, get, update, complete, remove, openForCustomer };
}
export type TasksService = ReturnType<typeof createTasksService>;
