/**
 * The satisfaction link's token: which case of which workspace, signed with the workspace's
 * CSAT key, so the public page needs nothing stored per link. Pure: the caller holds the key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'cs1_';
const MAC_BYTES = 16;
const PAYLOAD_BYTES = 32;

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const mac = (key: Buffer, payload: Buffer) =>
  createHmac('sha256', key).update('csat').update(payload).digest().subarray(0, MAC_BYTES);

/**
 * `cs1_<base64url(workspace 16 B ‖ case 16 B ‖ HMAC-SHA256 of both, first 16 B)>`: 68
 * characters, short enough for a link in a plain-text mail. 128 bits of MAC cannot be guessed.
 * @example signCsatToken(key, ws, caseId) // 'cs1_…'
 */
export function signCsatToken(key: Buffer, workspaceId: string, caseId: string): string {
  const payload = Buffer.concat([uuidBytes(workspaceId), uuidBytes(caseId)]);
  return PREFIX + Buffer.concat([payload, mac(key, payload)]).toString('base64url');
}

/**
 * The workspace and case a token names, without checking it (the key is the workspace's, so
 * the workspace must be known first); null for anything that is not a token's shape.
 */
export function readCsatToken(token: string): { workspaceId: string; caseId: string } | null {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
  if (raw.length !== PAYLOAD_BYTES + MAC_BYTES) return null;
  return { workspaceId: uuidOf(raw.subarray(0, 16)), caseId: uuidOf(raw.subarray(16, 32)) };
}

/**
 * Whether `token` was signed with `key` for this workspace and case.
 * @example checkCsatToken(key, signCsatToken(key, ws, c), ws, c) === true
 */
export function checkCsatToken(key: Buffer, token: string, workspaceId: string, caseId: string): boolean {
  const read = readCsatToken(token);
  if (!read || read.workspaceId !== workspaceId || read.caseId !== caseId) return false;
  const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
  return timingSafeEqual(raw.subarray(PAYLOAD_BYTES), mac(key, raw.subarray(0, PAYLOAD_BYTES)));
}
