/**
 * Search words of a free-text query: lower case, split on white space, at most eight. Lists
 * match rows containing every word (each against a trigram-indexed column).
 * @example searchWords('  Ann  LEE ') // ['ann', 'lee']
 */
export function searchWords(q: string | undefined): string[] {
  return q?.trim() ? q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8) : [];
}

/** A LIKE pattern matching `term` anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, '\\$&')}%`;
}

/** Tags as stored: trimmed, without empties or repeats, in first-seen order. */
export function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}
