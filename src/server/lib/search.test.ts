import { describe, expect, it } from 'vitest';
import { containsPattern, searchWords, uniqueTags } from './search.js';

describe('search helpers', () => {
  it('splits a query into at most eight lower-case words', () => {
    expect(searchWords('  Ann  LEE ')).toEqual(['ann', 'lee']);
    expect(searchWords('')).toEqual([]);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('a b c d e f g h i j')).toHaveLength(8);
  });

  it('takes LIKE wildcards in a term literally', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('trims, drops empty and repeated tags, keeping first-seen order', () => {
    expect(uniqueTags([' vip', 'spa', 'vip ', '', 'gold'])).toEqual(['vip', 'spa', 'gold']);
  });
});
