import type { ApiKey, ApiKeyScope } from '../../../shared/contracts/api-keys.js';

/** Expiry choices for a new key, in days; `never` keys live until revoked. */
export const EXPIRY_PRESETS = [
  { value: 'never', label: 'Never', days: null },
  { value: '30', label: 'In 30 days', days: 30 },
  { value: '90', label: 'In 90 days', days: 90 },
  { value: '365', label: 'In 1 year', days: 365 },
] as const;
export type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]['value'];

const DAY_MS = 86_400_000;

/**
 * The `expiresAt` to send for a preset, as an ISO date-time, or undefined for a key that never expires.
 * @example expiresAtFor('30', new Date('2026-03-01T10:00:00Z')) === '2026-03-31T10:00:00.000Z'
 */
export function expiresAtFor(preset: ExpiryPreset, now: Date): string | undefined {
  const days = EXPIRY_PRESETS.find((p) => p.value === preset)?.days ?? null;
  return days === null ? undefined : new Date(now.getTime() + days * DAY_MS).toISOString();
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

/** Whether a key still works at `now`: revoked wins over expired. */
export function apiKeyStatus(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now: Date): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** What each scope lets a key do, on top of what its role allows. */
export const SCOPE_LABELS: Record<ApiKeyScope, { label: string; description: string }> = {
  read: { label: 'Read', description: 'read records through the API' },
  write: { label: 'Write', description: 'create and change records' },
  events: { label: 'Events', description: 'send touch points to the event API (identify, track, batch)' },
};
