import { describe, expect, it } from 'vitest';
import { isUuid, newId, stableId } from './ids.js';

describe('newId', () => {
  it('is a version 7 UUID whose order follows time', () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(isUuid(a)).toBe(true);
    expect(a[14]).toBe('7');
    expect(a < b).toBe(true);
    expect(newId(1)).not.toBe(newId(1));
  });
});

describe('stableId', () => {
  it('gives the same parts the same version 8 UUID, and different parts different ones', () => {
    const id = stableId('briefing', 'visit-1', 'milestone');
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('8');
    expect('89ab').toContain(id[19]);
    expect(stableId('briefing', 'visit-1', 'milestone')).toBe(id);
    expect(stableId('briefing', 'visit-1', 'preference')).not.toBe(id);
    // Parts are kept apart: ('ab', 'c') is not ('a', 'bc').
    expect(stableId('ab', 'c')).not.toBe(stableId('a', 'bc'));
  });
});
