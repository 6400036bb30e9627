import { useState } from 'react';

/**
 * Keyset pagination only knows "the page after this cursor", so going back means remembering
 * the cursors that led here. The stack belongs to one list (its `key`: filters, sort, page
 * size); a different key is a different list and starts again at the first page.
 */
export interface CursorStack {
  key: string;
  /** The cursor of each page after the first, in the order they were visited. */
  cursors: readonly string[];
}

export function emptyStack(key: string): CursorStack {
  return { key, cursors: [] };
}

/** The stack for `key`: the same one while the list is the same, a fresh one once it changes. */
export function forKey(stack: CursorStack, key: string): CursorStack {
  return stack.key === key ? stack : emptyStack(key);
}

/** The cursor to request the current page with; `undefined` for the first page. */
export function currentCursor(stack: CursorStack): string | undefined {
  return stack.cursors[stack.cursors.length - 1];
}

/** 0 for the first page. */
export function pageIndex(stack: CursorStack): number {
  return stack.cursors.length;
}

export function pushCursor(stack: CursorStack, nextCursor: string): CursorStack {
  return { key: stack.key, cursors: [...stack.cursors, nextCursor] };
}

export function popCursor(stack: CursorStack): CursorStack {
  return stack.cursors.length ? { key: stack.key, cursors: stack.cursors.slice(0, -1) } : stack;
}

/**
 * React state for a cursor stack that resets itself, during render, when `key` changes — so
 * the query for a new filter never goes out with the old filter's cursor.
 */
export function useCursorStack(key: string) {
  const [state, setState] = useState(() => emptyStack(key));
  const stack = forKey(state, key);
  return {
    cursor: currentCursor(stack),
    pageIndex: pageIndex(stack),
    next: (nextCursor: string) => setState(pushCursor(stack, nextCursor)),
    previous: () => setState(popCursor(stack)),
    reset: () => setState(emptyStack(key)),
  };
}
