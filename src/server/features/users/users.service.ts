import { hash, verify } from '@node-rs/argon2';
import type { Role } from '../../../shared/contracts/common.js';
import {
  type ColleagueList,
  type User,
  UserCreate,
  type UserUpdate,
} from '../../../shared/contracts/users.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page, SortDirection } from '../../lib/pagination.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { UserRow, UsersRepo } from './users.repo.js';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes). */
const ARGON2 = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string) => hash(password, ARGON2);
export const verifyPassword = (passwordHash: string, password: string) =>
  verify(passwordHash, password).catch(() => false);

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    lastLoginAt: row.lastLoginAt,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
  };
}

export function createUsersService(deps: {
  tx: Database['tx'];
  repo: UsersRepo;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit } = deps;

  async function create(actor: Actor, input: UserCreate): Promise<User> {
    requirePermission(actor, 'users:manage');
    const body = UserCreate.parse(input);
    const passwordHash = await hashPassword(body.password);
    return deps.tx(async () => {
      if (await repo.findByEmail(actor.workspaceId, body.email)) {
        throw new AppError('EMAIL_TAKEN', {}, [
          { path: 'body.email', message: 'is already a user of this workspace' },
        ]);
      }
      const row = await repo.insert({
        workspaceId: actor.workspaceId,
        id: newId(),
        email: body.email.toLowerCase(),
        name: body.name,
        role: body.role,
        passwordHash,
      });
      const user = toUser(row);
      await audit.record(actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: user,
      });
      return user;
    });
  }

  async function get(actor: Actor, id: string): Promise<User> {
    requirePermission(actor, 'users:manage');
    const row = await repo.findById(actor.workspaceId, id);
    if (!row) throw new AppError('USER_NOT_FOUND', { id });
    return toUser(row);
  }

  async function getByEmail(actor: Actor, email: string): Promise<User> {
    requirePermission(actor, 'users:manage');
    const row = await repo.findByEmail(actor.workspaceId, email);
    if (!row) throw new AppError('USER_NOT_FOUND', { email });
    return toUser(row);
  }

  /**
   * Whether `id` is a user of the actor's workspace (disabled users included). No permission
   * check: other features validate references with it (a task's assignee) without exposing
   * the user's record.
   */
  async function exists(actor: Actor, id: string): Promise<boolean> {
    return Boolean(await repo.findById(actor.workspaceId, id));
  }

  async function update(actor: Actor, id: string, patch: UserUpdate): Promise<User> {
    requirePermission(actor, 'users:manage');
    const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
    return deps.tx(async () => {
      const before = await repo.findById(actor.workspaceId, id);
      if (!before) throw new AppError('USER_NOT_FOUND', { id });
      if (
        actor.type === 'user' &&
        actor.id === id &&
        ((patch.role && patch.role !== 'admin') || patch.disabled)
      ) {
        throw new AppError('FORBIDDEN', { reason: 'admins cannot demote or disable themselves' });
      }
      const row = await repo.update(actor.workspaceId, id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(passwordHash ? { passwordHash, failedLogins: 0, lockedUntil: null } : {}),
        ...(patch.disabled !== undefined ? { disabledAt: patch.disabled ? deps.clock.now() : null } : {}),
        updatedAt: deps.clock.now(),
      });
      const user = toUser(row!);
      await audit.record(actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: toUser(before),
        after: { ...user, passwordChanged: Boolean(passwordHash) },
      });
      return user;
    });
  }

  async function list(
    actor: Actor,
    q: { limit: number; cursor?: string; sort: 'createdAt' | 'email'; order: SortDirection },
  ): Promise<Page<User>> {
    requirePermission(actor, 'users:manage');
    const page = await repo.list(actor.workspaceId, q);
    return { items: page.items.map(toUser), nextCursor: page.nextCursor };
  }

  /** The active users, for anyone on the staff to assign work to and name assignees by. */
  async function colleagues(actor: Actor): Promise<ColleagueList> {
    requirePermission(actor, 'crm:read');
    return { items: await repo.activeColleagues(actor.workspaceId) };
  }

  /** Who holds a role, for notifications (the managers told of an SLA breach): active users only. */
  async function activeIdsWithRole(actor: Actor, roles: readonly Role[]): Promise<string[]> {
    requirePermission(actor, 'crm:read');
    return repo.activeIdsWithRole(actor.workspaceId, roles);
  }

  return { create, get, getByEmail, exists, update, list, colleagues, activeIdsWithRole };
}
export type UsersService = ReturnType<typeof createUsersService>;
