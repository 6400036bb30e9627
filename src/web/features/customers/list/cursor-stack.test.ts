// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  currentCursor,
  emptyStack,
  forKey,
  pageIndex,
  popCursor,
  pushCursor,
  useCursorStack,
} from './cursor-stack.js';

describe('cursor stack', () => {
  it('goes forward and back through the cursors that led to a page', () => {
    let s = emptyStack('k');
    expect(currentCursor(s)).toBeUndefined();
    expect(pageIndex(s)).toBe(0);
    s = pushCursor(s, 'c1');
    s = pushCursor(s, 'c2');
    expect(currentCursor(s)).toBe('c2');
    expect(pageIndex(s)).toBe(2);
    s = popCursor(s);
    expect(currentCursor(s)).toBe('c1');
    s = popCursor(popCursor(s));
    expect(currentCursor(s)).toBeUndefined();
    expect(pageIndex(s)).toBe(0);
  });

  it('starts again for another list', () => {
    const s = pushCursor(emptyStack('spa'), 'c1');
    expect(forKey(s, 'spa')).toBe(s);
    expect(forKey(s, 'web')).toEqual({ key: 'web', cursors: [] });
  });
});

describe('useCursorStack', () => {
  it('resets in the same render the key changes, so no request carries a stale cursor', () => {
    const { result, rerender } = renderHook(({ key }) => useCursorStack(key), { initialProps: { key: 'a' } });
    act(() => result.current.next('c1'));
    act(() => result.current.next('c2'));
    expect(result.current.cursor).toBe('c2');
    expect(result.current.pageIndex).toBe(2);
    act(() => result.current.previous());
    expect(result.current.cursor).toBe('c1');
    rerender({ key: 'b' });
    expect(result.current.cursor).toBeUndefined();
    expect(result.current.pageIndex).toBe(0);
    act(() => result.current.next('d1'));
    expect(result.current.cursor).toBe('d1');
  });
});
