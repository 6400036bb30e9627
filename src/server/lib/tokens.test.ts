import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';
import { issueToken, parseToken, secretMatches } from './tokens.js';

describe('tokens', () => {
  it('round-trips workspace and id, and only the right secret matches the stored hash', () => {
    const ws = newId();
    const id = newId();
    const { token, secretHash } = issueToken('rk', ws, id);
    const parsed = parseToken('rk', token)!;
    expect(parsed.workspaceId).toBe(ws);
    expect(parsed.id).toBe(id);
    expect(secretMatches(parsed.secret, secretHash)).toBe(true);
    const other = parseToken('rk', issueToken('rk', ws, id).token)!;
    expect(secretMatches(other.secret, secretHash)).toBe(false);
  });

  it('rejects the wrong prefix, truncation and garbage', () => {
    const { token } = issueToken('rs', newId(), newId());
    expect(parseToken('rk', token)).toBeNull();
    expect(parseToken('rs', token.slice(0, -4))).toBeNull();
    expect(parseToken('rs', 'rs_!!!')).toBeNull();
  });
});

describe('ids', () => {
  it('makes RFC 9562 version-7 UUIDs that sort by creation time', () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
  });
});
