import { type ApiKey, ApiKeyCreate } from '../../../shared/contracts/api-keys.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { issueToken } from '../../lib/tokens.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { ApiKeyRow, ApiKeysRepo } from './api-keys.repo.js';

export const API_KEY_PREFIX = 'rk';

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    scopes: row.scopes,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

export function createApiKeysService(deps: {
  repo: ApiKeysRepo;
  audit: AuditLog;
  clock: Clock;
  tx: Database['tx'];
}) {
  const { repo, audit } = deps;
  return {
    /** Creates a key; the returned `key` is the only time the secret is visible. */
    async create(actor: Actor, input: ApiKeyCreate): Promise<ApiKey & { key: string }> {
      requirePermission(actor, 'api-keys:manage');
      const body = ApiKeyCreate.parse(input);
      const id = newId();
      const { token, secretHash } = issueToken(API_KEY_PREFIX, actor.workspaceId, id);
      return deps.tx(async () => {
        const row = await repo.insert({
          workspaceId: actor.workspaceId,
          id,
          name: body.name,
          prefix: token.slice(0, 10),
          secretHash,
          role: body.role,
          scopes: body.scopes,
          createdBy: actorRef(actor),
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        });
        const key = toApiKey(row);
        await audit.record(actor, {
          action: 'api_key.create',
          entityType: 'api_key',
          entityId: id,
          after: key,
        });
        return { ...key, key: token };
      });
    },

    async list(actor: Actor): Promise<ApiKey[]> {
      requirePermission(actor, 'api-keys:manage');
      return (await repo.list(actor.workspaceId)).map(toApiKey);
    },

    async revoke(actor: Actor, id: string): Promise<ApiKey> {
      requirePermission(actor, 'api-keys:manage');
      return deps.tx(async () => {
        const before = await repo.findById(actor.workspaceId, id);
        if (!before) throw new AppError('API_KEY_NOT_FOUND', { id });
        if (before.revokedAt) return toApiKey(before);
        const row = await repo.update(actor.workspaceId, id, { revokedAt: deps.clock.now() });
        const key = toApiKey(row!);
        await audit.record(actor, {
          action: 'api_key.revoke',
          entityType: 'api_key',
          entityId: id,
          before: toApiKey(before),
          after: key,
        });
        return key;
      });
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;
