import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCsatToken, readCsatToken, signCsatToken } from './csat-token.js';

const key = randomBytes(32);
const ws = '01900000-0000-7000-8000-000000000001';
const kase = '01900000-0000-7000-8000-0000000000aa';
const other = '01900000-0000-7000-8000-0000000000bb';

describe('CSAT token', () => {
  it('names its workspace and case and passes the check with the key that signed it', () => {
    const token = signCsatToken(key, ws, kase);
    expect(token).toMatch(/^cs1_[\w-]{64}$/);
    expect(readCsatToken(token)).toEqual({ workspaceId: ws, caseId: kase });
    expect(checkCsatToken(key, token, ws, kase)).toBe(true);
  });

  it('fails for another key, another case, a changed character and garbage', () => {
    const token = signCsatToken(key, ws, kase);
    expect(checkCsatToken(randomBytes(32), token, ws, kase)).toBe(false);
    expect(checkCsatToken(key, token, ws, other)).toBe(false);
    // A token for another case made by swapping the case bytes keeps the old MAC: refused.
    const forged = signCsatToken(key, ws, other).slice(0, 47) + token.slice(47);
    expect(readCsatToken(forged)).not.toBeNull();
    expect(checkCsatToken(key, forged, ws, readCsatToken(forged)!.caseId)).toBe(false);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(checkCsatToken(key, token.slice(0, -1) + last, ws, kase)).toBe(false);
    for (const junk of ['', 'cs1_', 'cs1_abc', 'cf1_whatever', `cs1_${'A'.repeat(200)}`]) {
      expect(readCsatToken(junk)).toBeNull();
    }
  });
});
