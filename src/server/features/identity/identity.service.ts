import {
  DEFAULT_IDENTITY_SETTINGS,
  type Identity,
  type IdentityKind,
  IdentitySettings,
  IdentitySettingsUpdate,
} from '../../../shared/contracts/identities.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { IdentityInput } from '../customers/customer-row.js';
import type { IdentityRepo, IdentityRow } from './identity.repo.js';

/** Stored rules over the defaults; every kind has a rule, stored ones first in priority order. */
function withDefaults(stored: Partial<IdentitySettings>): IdentitySettings {
  const d = DEFAULT_IDENTITY_SETTINGS;
  const kinds = [...(stored.kinds ?? [])];
  for (const k of d.kinds) if (!kinds.some((s) => s.kind === k.kind)) kinds.push(k);
  return {
    kinds,
    blockedValues: stored.blockedValues ?? d.blockedValues,
    survivorship: { ...d.survivorship, ...stored.survivorship },
    sourceTrust: stored.sourceTrust ?? d.sourceTrust,
    userIdSource: stored.userIdSource ?? d.userIdSource,
  };
}

const toIdentity = (r: IdentityRow): Identity => ({
  id: r.id,
  kind: r.kind,
  source: r.source,
  value: r.value,
  rawValue: r.rawValue,
  createdAt: r.createdAt,
});

const SETTINGS_KEY = 'identity';
/** How long a process trusts its copy of a workspace's identity rules (others may change them). */
const SETTINGS_TTL_MS = 5_000;

/**
 * Keeps the identities table in step with a customer's contact data and holds each workspace's
 * identity rules (kinds' priority and limits, blocked values, survivorship). A staff edit that
 * names another customer's identity is a conflict the caller reports; events and imports merge
 * instead (merges.service).
 */
export function createIdentityService(deps: {
  repo: IdentityRepo;
  workspaces: {
    setting(workspaceId: string, key: string): Promise<unknown>;
    putSetting(workspaceId: string, key: string, value: unknown): Promise<void>;
  };
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo } = deps;
  const cache = new Map<string, { at: number; value: IdentitySettings }>();

  /** The workspace's rules: what is stored over the defaults (a kind not stored keeps its default). */
  async function settings(workspaceId: string): Promise<IdentitySettings> {
    const hit = cache.get(workspaceId);
    const now = deps.clock.now().getTime();
    if (hit && now - hit.at < SETTINGS_TTL_MS) return hit.value;
    const stored = IdentitySettingsUpdate.safeParse(
      (await deps.workspaces.setting(workspaceId, SETTINGS_KEY)) ?? {},
    );
    const value = withDefaults(stored.success ? stored.data : {});
    cache.set(workspaceId, { at: now, value });
    return value;
  }

  return {
    settings,

    async getSettings(actor: Actor): Promise<IdentitySettings> {
      requirePermission(actor, 'crm:read');
      return settings(actor.workspaceId);
    },

    /** Admins change the rules; the fields given replace the stored ones. Audited. */
    async updateSettings(actor: Actor, input: IdentitySettingsUpdate): Promise<IdentitySettings> {
      requirePermission(actor, 'workspace:manage');
      const patch = IdentitySettingsUpdate.parse(input);
      const before = await settings(actor.workspaceId);
      const merged = { ...before, ...patch };
      const checked = IdentitySettings.safeParse(withDefaults(merged));
      if (!checked.success) {
        throw new AppError(
          'VALIDATION_FAILED',
          {},
          checked.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })),
        );
      }
      await deps.workspaces.putSetting(actor.workspaceId, SETTINGS_KEY, checked.data);
      cache.delete(actor.workspaceId);
      await deps.audit.record(actor, {
        action: 'identity_settings.update',
        entityType: 'workspace',
        entityId: actor.workspaceId,
        before,
        after: checked.data,
      });
      return checked.data;
    },

    async listForCustomer(actor: Actor, customerId: string): Promise<Identity[]> {
      return (await repo.listForCustomer(actor.workspaceId, customerId)).map(toIdentity);
    },

    /** Makes `customerId` own exactly `wanted` among the kinds it manages; throws on a clash. */
    async syncForCustomer(
      actor: Actor,
      customerId: string,
      wanted: readonly IdentityInput[],
      managedKinds: readonly IdentityKind[],
    ): Promise<void> {
      const owners = await repo.findOwners(actor.workspaceId, wanted);
      const clash = owners.find((o) => o.customerId !== customerId);
      if (clash) {
        throw new AppError(
          'IDENTITY_CONFLICT',
          { kind: clash.kind, value: clash.value, customerId: clash.customerId },
          [
            {
              path: `body.${clash.kind === 'phone' ? 'phones' : clash.kind === 'email' ? 'emails' : 'externalIds'}`,
              message: `${clash.value} belongs to another customer`,
            },
          ],
        );
      }
      const current = await repo.listForCustomer(actor.workspaceId, customerId);
      const key = (i: { kind: string; source: string; value: string }) =>
        `${i.kind}\u0000${i.source}\u0000${i.value}`;
      const wantedKeys = new Set(wanted.map(key));
      const currentKeys = new Set(current.map(key));
      await repo.deleteByIds(
        actor.workspaceId,
        current.filter((c) => managedKinds.includes(c.kind) && !wantedKeys.has(key(c))).map((c) => c.id),
      );
      await repo.insertMany(
        wanted
          .filter((w) => !currentKeys.has(key(w)))
          .map((w) => ({ workspaceId: actor.workspaceId, id: newId(), customerId, ...w })),
      );
    },
  };
}
export type IdentityService = ReturnType<typeof createIdentityService>;
