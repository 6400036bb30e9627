/**
 * The public case form's timing token: when the form was opened, for which workspace, signed
 * with the workspace's form key, so a submission can show it was filled in over a few seconds
 * (bots post at once) without the server storing anything per opened form. Pure: the caller
 * holds the key and the clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'cf1_';
const MAC_BYTES = 32;
const PAYLOAD_BYTES = 16 + 8;

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/**
 * A token saying the form of `workspaceId` was opened at `issuedAt`:
 * `cf1_<base64url(workspace 16 B ‖ issuedAt in ms, 8 B big-endian ‖ HMAC-SHA256 of both 32 B)>`.
 * @example signFormToken(key, ws, new Date()) // 'cf1_…' (75 characters)
 */
export function signFormToken(key: Buffer, workspaceId: string, issuedAt: Date): string {
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  uuidBytes(workspaceId).copy(payload, 0);
  payload.writeBigUInt64BE(BigInt(issuedAt.getTime()), 16);
  return PREFIX + Buffer.concat([payload, mac(key, payload)]).toString('base64url');
}

export type FormTokenCheck =
  | { ok: true; issuedAt: Date }
  | { ok: false; reason: 'invalid' | 'too_fast' | 'expired' };

/**
 * Whether `token` is one this workspace's key signed, opened at least `minFillMs` and at most
 * `ttlMs` before `now` (both in milliseconds). A token of another workspace, a tampered one and
 * garbage are all `invalid`; one "opened" in the future (clocks of two servers) is `too_fast`.
 * @example checkFormToken(key, signFormToken(key, ws, t0), ws, new Date(+t0 + 5000), { minFillMs: 3000, ttlMs: 864e5 }).ok === true
 */
export function checkFormToken(
  key: Buffer,
  token: string,
  workspaceId: string,
  now: Date,
  limits: { minFillMs: number; ttlMs: number },
): FormTokenCheck {
  if (!token.startsWith(PREFIX) || token.length > 200) return { ok: false, reason: 'invalid' };
  const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
  if (raw.length !== PAYLOAD_BYTES + MAC_BYTES) return { ok: false, reason: 'invalid' };
  const payload = raw.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(raw.subarray(PAYLOAD_BYTES), mac(key, payload))) {
    return { ok: false, reason: 'invalid' };
  }
  if (!payload.subarray(0, 16).equals(uuidBytes(workspaceId))) return { ok: false, reason: 'invalid' };
  const issuedAt = Number(payload.readBigUInt64BE(16));
  const age = now.getTime() - issuedAt;
  if (age < limits.minFillMs) return { ok: false, reason: 'too_fast' };
  if (age > limits.ttlMs) return { ok: false, reason: 'expired' };
  return { ok: true, issuedAt: new Date(issuedAt) };
}
