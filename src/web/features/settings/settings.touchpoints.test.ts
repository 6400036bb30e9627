import { describe, expect, it } from 'vitest';
import { keyFromLabel, moved } from './settings.touchpoints.js';

describe('keyFromLabel', () => {
  it('makes a key the server accepts from what people type', () => {
    expect(keyFromLabel('Check-in (kiosk)')).toBe('check_in_kiosk');
    expect(keyFromLabel('  Café visit ')).toBe('cafe_visit');
    expect(keyFromLabel('Room service 24/7')).toBe('room_service_24_7');
    expect(keyFromLabel('!!!')).toBe('');
    expect(keyFromLabel('x'.repeat(70))).toHaveLength(64);
  });
});

describe('moved', () => {
  it('swaps an item with its neighbour and leaves the ends alone', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
