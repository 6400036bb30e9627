import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens (session cookies, API keys) carry the workspace and record id beside a random
 * secret, so the lookup is by primary key within the workspace and only the secret's SHA-256 is
 * stored. Format: `<prefix>_<base64url(workspace 16 B ‖ id 16 B ‖ secret 32 B)>`.
 */
export interface ParsedToken {
  workspaceId: string;
  id: string;
  secret: Buffer;
}

const uuidToBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const bytesToUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export function issueToken(
  prefix: string,
  workspaceId: string,
  id: string,
): { token: string; secretHash: string } {
  const secret = randomBytes(32);
  const body = Buffer.concat([uuidToBytes(workspaceId), uuidToBytes(id), secret]).toString('base64url');
  return { token: `${prefix}_${body}`, secretHash: hashSecret(secret) };
}

export function parseToken(prefix: string, token: string): ParsedToken | null {
  if (!token.startsWith(`${prefix}_`) || token.length > 200) return null;
  const raw = Buffer.from(token.slice(prefix.length + 1), 'base64url');
  if (raw.length !== 64) return null;
  return {
    workspaceId: bytesToUuid(raw.subarray(0, 16)),
    id: bytesToUuid(raw.subarray(16, 32)),
    secret: raw.subarray(32),
  };
}

export function hashSecret(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: Buffer, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A random URL-safe string, e.g. for CSRF tokens and generated passwords. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
