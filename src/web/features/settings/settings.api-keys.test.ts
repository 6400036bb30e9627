import { describe, expect, it } from 'vitest';
import { apiKeyStatus, expiresAtFor } from './settings.api-keys.js';

const now = new Date('2026-03-01T10:00:00Z');

describe('expiresAtFor', () => {
  it('adds the preset days to now, or sends nothing for a key that never expires', () => {
    expect(expiresAtFor('30', now)).toBe('2026-03-31T10:00:00.000Z');
    expect(expiresAtFor('365', now)).toBe('2027-03-01T10:00:00.000Z');
    expect(expiresAtFor('never', now)).toBeUndefined();
  });
});

describe('apiKeyStatus', () => {
  it('is revoked before expired, expired at the instant it expires', () => {
    expect(apiKeyStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(apiKeyStatus({ revokedAt: null, expiresAt: new Date('2026-03-01T10:00:01Z') }, now)).toBe(
      'active',
    );
    expect(apiKeyStatus({ revokedAt: null, expiresAt: now }, now)).toBe('expired');
    expect(apiKeyStatus({ revokedAt: new Date('2026-02-01T00:00:00Z'), expiresAt: now }, now)).toBe(
      'revoked',
    );
  });
});
