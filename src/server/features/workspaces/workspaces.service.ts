import type { CountryCode } from 'libphonenumber-js/max';
import { phoneCountry } from '../../../shared/contracts/customers.js';
import { type Workspace, WorkspaceUpdate } from '../../../shared/contracts/workspaces.js';
import type { Database } from '../../db/client.js';
import { type Actor, systemActor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { randomToken } from '../../lib/tokens.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { UsersRepo } from '../users/users.repo.js';
import { hashPassword } from '../users/users.service.js';
import type { WorkspaceRow, WorkspacesRepo } from './workspaces.repo.js';

export interface NewWorkspace {
  slug: string;
  name: string;
  locale?: string;
  timeZone?: string;
  currency?: string;
  admin: { email: string; name?: string; password?: string | null };
}

export function toWorkspace(r: WorkspaceRow): Workspace {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    locale: r.locale,
    timeZone: r.timeZone,
    currency: r.currency,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** The country a workspace's locale names (en-GB → GB), for phone numbers without a prefix. */
export function countryOfLocale(locale: string): CountryCode {
  return phoneCountry(locale.split('-')[1]?.toUpperCase());
}

export function createWorkspacesService(deps: {
  tx: Database['tx'];
  repo: WorkspacesRepo;
  users: UsersRepo;
  audit: AuditLog;
  clock: Clock;
}) {
  const countryCache = new Map<string, CountryCode>();

  async function load(workspaceId: string): Promise<WorkspaceRow> {
    const row = await deps.repo.findById(workspaceId);
    if (!row) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
    return row;
  }

  return {
    /** The actor's own workspace; any signed-in actor may read its settings. */
    async get(actor: Actor): Promise<Workspace> {
      return toWorkspace(await load(actor.workspaceId));
    },

    /** Renames the workspace or changes its locale, time zone or currency (admins); audited. */
    async update(actor: Actor, input: WorkspaceUpdate): Promise<Workspace> {
      requirePermission(actor, 'workspace:manage');
      const body = WorkspaceUpdate.parse(input);
      const updated = await deps.tx(async () => {
        const before = toWorkspace(await load(actor.workspaceId));
        const row = await deps.repo.update(actor.workspaceId, { ...body, updatedAt: deps.clock.now() });
        const after = toWorkspace(row!);
        await deps.audit.record(actor, {
          action: 'workspace.update',
          entityType: 'workspace',
          entityId: actor.workspaceId,
          before,
          after,
        });
        return after;
      });
      // Phone numbers without a country code take the locale's country from now on.
      if (body.locale !== undefined) countryCache.delete(actor.workspaceId);
      return updated;
    },

    /**
     * Creates a workspace with its first admin. Without a password one is generated and returned
     * once (it is printed at first start, never stored in clear).
     */
    async create(
      input: NewWorkspace,
    ): Promise<{ workspace: WorkspaceRow; adminEmail: string; generatedPassword: string | null }> {
      const generatedPassword = input.admin.password ? null : randomToken(12);
      const passwordHash = await hashPassword(input.admin.password ?? generatedPassword!);
      return deps.tx(async () => {
        if (await deps.repo.findBySlug(input.slug))
          throw new AppError('CONFLICT', { slug: input.slug }, [], `Workspace '${input.slug}' exists`);
        const workspace = await deps.repo.insert({
          id: newId(),
          slug: input.slug,
          name: input.name,
          ...(input.locale ? { locale: input.locale } : {}),
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
          ...(input.currency ? { currency: input.currency } : {}),
        });
        const actor = systemActor(workspace.id, 'setup');
        const adminId = newId();
        await deps.users.insert({
          workspaceId: workspace.id,
          id: adminId,
          email: input.admin.email.toLowerCase(),
          name: input.admin.name ?? 'Administrator',
          role: 'admin',
          passwordHash,
        });
        await deps.audit.record(actor, {
          action: 'workspace.create',
          entityType: 'workspace',
          entityId: workspace.id,
          after: workspace,
        });
        await deps.audit.record(actor, {
          action: 'user.create',
          entityType: 'user',
          entityId: adminId,
          after: { email: input.admin.email, role: 'admin' },
        });
        return { workspace, adminEmail: input.admin.email.toLowerCase(), generatedPassword };
      });
    },

    findBySlug: (slug: string) => deps.repo.findBySlug(slug),
    findById: (id: string) => deps.repo.findById(id),
    listAll: () => deps.repo.listAll(),

    /** Currency and country an import assumes for rows that do not say. */
    async importDefaults(
      workspaceId: string,
    ): Promise<{ defaultCurrency: string; defaultCountry: CountryCode }> {
      const ws = await deps.repo.findById(workspaceId);
      return {
        defaultCurrency: ws?.currency ?? 'EUR',
        defaultCountry: countryOfLocale(ws?.locale ?? 'en-GB'),
      };
    },

    /** One section of the workspace's settings document (identity rules, …) as stored, or undefined. */
    async setting(workspaceId: string, key: string): Promise<unknown> {
      return (await load(workspaceId)).settings[key];
    },

    /** Replaces one section of the settings document; the caller validates it and checks permission. */
    async putSetting(workspaceId: string, key: string, value: unknown): Promise<void> {
      await deps.tx(async () => {
        const row = await deps.repo.lockForUpdate(workspaceId);
        if (!row) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
        await deps.repo.update(workspaceId, {
          settings: { ...row.settings, [key]: value },
          updatedAt: deps.clock.now(),
        });
      });
    },

    /**
     * One section of the settings document, written by `make` first if it is not there yet
     * (under the workspace's row lock, so two first readers at once store one value).
     */
    async ensureSetting(workspaceId: string, key: string, make: () => unknown): Promise<unknown> {
      const stored = (await load(workspaceId)).settings[key];
      if (stored !== undefined) return stored;
      return deps.tx(async () => {
        const row = await deps.repo.lockForUpdate(workspaceId);
        if (!row) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
        if (row.settings[key] !== undefined) return row.settings[key];
        const value = make();
        await deps.repo.update(workspaceId, {
          settings: { ...row.settings, [key]: value },
          updatedAt: deps.clock.now(),
        });
        return value;
      });
    },

    async phoneCountry(workspaceId: string): Promise<CountryCode> {
      const cached = countryCache.get(workspaceId);
      if (cached) return cached;
      const ws = await deps.repo.findById(workspaceId);
      const country = countryOfLocale(ws?.locale ?? 'en-GB');
      countryCache.set(workspaceId, country);
      return country;
    },
  };
}
export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
