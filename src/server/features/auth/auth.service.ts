import type { LoginBody, SessionInfo } from '../../../shared/contracts/users.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { issueToken, parseToken, randomToken, secretMatches } from '../../lib/tokens.js';
import type { ApiKeysRepo } from '../api-keys/api-keys.repo.js';
import { API_KEY_PREFIX } from '../api-keys/api-keys.service.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { UserRow, UsersRepo } from '../users/users.repo.js';
import { hashPassword, toUser, verifyPassword } from '../users/users.service.js';
import type { WorkspaceRow, WorkspacesRepo } from '../workspaces/workspaces.repo.js';
import type { AuthRepo, SessionRow } from './auth.repo.js';

export const SESSION_PREFIX = 'rs';

export interface AuthSettings {
  sessionTtlHours: number;
  maxFailures: number;
  lockMinutes: number;
}

export interface Authenticated {
  actor: Actor;
  session: SessionRow;
}

/** Verified against when the e-mail is unknown, so a miss costs as much time as a wrong password. */
let dummyHash: Promise<string> | null = null;

export function createAuthService(deps: {
  tx: Database['tx'];
  repo: AuthRepo;
  users: UsersRepo;
  workspaces: WorkspacesRepo;
  apiKeys: ApiKeysRepo;
  audit: AuditLog;
  clock: Clock;
  settings: AuthSettings;
}) {
  const { repo, users, clock, settings } = deps;
  const ttlMs = settings.sessionTtlHours * 3_600_000;

  const userActor = (user: UserRow, requestId?: string): Actor => ({
    type: 'user',
    id: user.id,
    name: user.name,
    workspaceId: user.workspaceId,
    role: user.role,
    ...(requestId ? { requestId } : {}),
  });

  async function pickUser(body: LoginBody): Promise<UserRow | undefined> {
    if (body.workspace) {
      const ws = await deps.workspaces.findBySlug(body.workspace);
      return ws ? users.findByEmail(ws.id, body.email) : undefined;
    }
    const candidates = await users.findAllByEmail(body.email);
    if (candidates.length > 1)
      throw new AppError('WORKSPACE_AMBIGUOUS', {}, [
        { path: 'body.workspace', message: 'is required for this e-mail' },
      ]);
    return candidates[0];
  }

  /**
   * Verifies the password and opens a new session (a fresh id at every login, so a session id
   * planted before login is worthless). Locks the account after `maxFailures` misses in a row.
   */
  async function login(
    body: LoginBody,
    meta: { ip?: string; userAgent?: string; requestId?: string },
  ): Promise<{ token: string; info: SessionInfo }> {
    const user = await pickUser(body);
    const now = clock.now();
    if (!user) {
      dummyHash ??= hashPassword(randomToken());
      await verifyPassword(await dummyHash, body.password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AppError('ACCOUNT_LOCKED', {
        retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000),
      });
    }
    const ok = !user.disabledAt && (await verifyPassword(user.passwordHash, body.password));
    const actor = userActor(user, meta.requestId);
    if (!ok) {
      const failures = user.failedLogins + 1;
      const lock = failures >= settings.maxFailures;
      await deps.tx(async () => {
        await users.update(user.workspaceId, user.id, {
          failedLogins: lock ? 0 : failures,
          lockedUntil: lock ? new Date(now.getTime() + settings.lockMinutes * 60_000) : user.lockedUntil,
        });
        await deps.audit.record(actor, {
          action: lock ? 'auth.locked' : 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          after: { ip: meta.ip ?? null, failures },
        });
      });
      if (lock) throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: settings.lockMinutes * 60 });
      throw new AppError('INVALID_CREDENTIALS');
    }
    const id = newId();
    const { token, secretHash } = issueToken(SESSION_PREFIX, user.workspaceId, id);
    const expiresAt = new Date(now.getTime() + ttlMs);
    const csrfToken = randomToken();
    const workspace = await deps.workspaces.findById(user.workspaceId);
    if (!workspace) throw new AppError('WORKSPACE_NOT_FOUND', { id: user.workspaceId });
    await deps.tx(async () => {
      await repo.deleteExpired(user.workspaceId, now);
      await repo.insertSession({
        workspaceId: user.workspaceId,
        id,
        userId: user.id,
        secretHash,
        csrfToken,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
        expiresAt,
        createdAt: now,
        lastSeenAt: now,
      });
      await users.update(user.workspaceId, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
      await deps.audit.record(actor, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        after: { ip: meta.ip ?? null },
      });
    });
    return { token, info: sessionInfo({ ...user, lastLoginAt: now }, workspace, csrfToken, expiresAt) };
  }

  /** Resolves a session cookie; slides its expiry forward at most once a minute. */
  async function authenticateSession(token: string, requestId?: string): Promise<Authenticated | null> {
    const parsed = parseToken(SESSION_PREFIX, token);
    if (!parsed) return null;
    const session = await repo.findSession(parsed.workspaceId, parsed.id);
    const now = clock.now();
    if (!session || !secretMatches(parsed.secret, session.secretHash) || session.expiresAt <= now)
      return null;
    const user = await users.findById(session.workspaceId, session.userId);
    if (!user || user.disabledAt) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
      await repo.touchSession(session.workspaceId, session.id, now, new Date(now.getTime() + ttlMs));
    }
    return { actor: userActor(user, requestId), session };
  }

  async function sessionInfoFor(auth: Authenticated): Promise<SessionInfo> {
    const user = await users.findById(auth.actor.workspaceId, auth.session.userId);
    const workspace = await deps.workspaces.findById(auth.actor.workspaceId);
    if (!user || !workspace) throw new AppError('UNAUTHENTICATED');
    return sessionInfo(user, workspace, auth.session.csrfToken, auth.session.expiresAt);
  }

  async function logout(auth: Authenticated): Promise<void> {
    await deps.tx(async () => {
      await repo.deleteSession(auth.session.workspaceId, auth.session.id);
      await deps.audit.record(auth.actor, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: auth.session.userId,
      });
    });
  }

  /** Resolves an integration key; revoked and expired keys do not authenticate. */
  async function authenticateApiKey(
    token: string,
    requestId?: string,
  ): Promise<{ actor: Actor; scopes: string[] } | null> {
    const parsed = parseToken(API_KEY_PREFIX, token);
    if (!parsed) return null;
    const key = await deps.apiKeys.findById(parsed.workspaceId, parsed.id);
    const now = clock.now();
    if (
      !key ||
      key.revokedAt ||
      (key.expiresAt && key.expiresAt <= now) ||
      !secretMatches(parsed.secret, key.secretHash)
    ) {
      return null;
    }
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
      await deps.apiKeys.update(key.workspaceId, key.id, { lastUsedAt: now });
    }
    return {
      actor: {
        type: 'api_key',
        id: key.id,
        name: `API key ${key.name}`,
        workspaceId: key.workspaceId,
        role: key.role,
        ...(requestId ? { requestId } : {}),
      },
      scopes: key.scopes,
    };
  }

  return { login, logout, authenticateSession, authenticateApiKey, sessionInfoFor };
}
export type AuthService = ReturnType<typeof createAuthService>;

function sessionInfo(user: UserRow, ws: WorkspaceRow, csrfToken: string, expiresAt: Date): SessionInfo {
  return {
    user: toUser(user),
    workspace: {
      id: ws.id,
      slug: ws.slug,
      name: ws.name,
      locale: ws.locale,
      timeZone: ws.timeZone,
      currency: ws.currency,
    },
    csrfToken,
    expiresAt,
  };
}
