import { describe, expect, it } from 'vitest';
import { RELATIONSHIP_TYPES } from '../../../shared/contracts/relationships.js';
import {
  churnText,
  listText,
  STRONG_AT,
  strengthWords,
  TYPE_LABELS,
  tagLabel,
} from './relationships.labels.js';

describe('relationship labels', () => {
  it('names every type for people', () => {
    expect(TYPE_LABELS.marriage_of_convenience).toBe('Marriage of convenience');
    expect(new Set(RELATIONSHIP_TYPES.map((t) => TYPE_LABELS[t])).size).toBe(15);
  });

  it('says a strength in words around the strong threshold', () => {
    expect(STRONG_AT).toBe(0.5);
    expect(strengthWords(0.9)).toBe('very strong');
    expect(strengthWords(0.5)).toBe('strong');
    expect(strengthWords(0.3)).toBe('moderate');
    expect(strengthWords(0.1)).toBe('weak');
  });

  it('counts lapses in words', () => {
    expect(churnText(0)).toBe('Never lapsed');
    expect(churnText(1)).toBe('Lapsed once');
    expect(churnText(2)).toBe('Lapsed twice');
    expect(churnText(4)).toBe('Lapsed 4 times');
  });

  it('writes lists and tags as people read them', () => {
    expect(listText(['a', 'b', 'c'], 'en-GB')).toBe('a, b and c');
    expect(tagLabel('friendship_talk')).toBe('friendship talk');
  });
});
