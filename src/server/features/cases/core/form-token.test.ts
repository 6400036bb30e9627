import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFormToken, signFormToken } from './form-token.js';

const key = randomBytes(32);
const ws = '01900000-0000-7000-8000-000000000001';
const other = '01900000-0000-7000-8000-000000000002';
const t0 = new Date('2026-03-01T10:00:00.000Z');
const limits = { minFillMs: 3_000, ttlMs: 12 * 3_600_000 };
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('form token', () => {
  it('accepts a token between the minimum fill time and its lifetime, and says when it was issued', () => {
    const token = signFormToken(key, ws, t0);
    expect(token).toMatch(/^cf1_[\w-]+$/);
    for (const ms of [3_000, 60_000, limits.ttlMs]) {
      expect(checkFormToken(key, token, ws, later(ms), limits)).toEqual({ ok: true, issuedAt: t0 });
    }
  });

  it('refuses a token sent too soon, or from the future, as too fast', () => {
    const token = signFormToken(key, ws, t0);
    for (const ms of [0, 2_999, -60_000]) {
      expect(checkFormToken(key, token, ws, later(ms), limits)).toEqual({ ok: false, reason: 'too_fast' });
    }
  });

  it('refuses a token older than its lifetime as expired', () => {
    const token = signFormToken(key, ws, t0);
    expect(checkFormToken(key, token, ws, later(limits.ttlMs + 1), limits)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it("refuses another workspace's token, another key's, and garbage, all alike", () => {
    const token = signFormToken(key, ws, t0);
    const at = later(10_000);
    const invalid = { ok: false, reason: 'invalid' };
    expect(checkFormToken(key, token, other, at, limits)).toEqual(invalid);
    expect(checkFormToken(randomBytes(32), token, ws, at, limits)).toEqual(invalid);
    expect(checkFormToken(key, signFormToken(key, other, t0), ws, at, limits)).toEqual(invalid);
    for (const bad of ['', 'cf1_', 'cf1_abc', `x${token}`, token.slice(0, -2), `${token}AA`]) {
      expect(checkFormToken(key, bad, ws, at, limits)).toEqual(invalid);
    }
  });

  it('refuses any token with a byte changed', () => {
    const raw = Buffer.from(signFormToken(key, ws, t0).slice(4), 'base64url');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: raw.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (i, flip) => {
          const tampered = Buffer.from(raw);
          tampered[i] = tampered[i]! ^ flip;
          const check = checkFormToken(
            key,
            `cf1_${tampered.toString('base64url')}`,
            ws,
            later(10_000),
            limits,
          );
          expect(check).toEqual({ ok: false, reason: 'invalid' });
        },
      ),
    );
  });
});
