import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../../shared/contracts/customers.js';
import { CHANNEL_LABELS } from '../../../../shared/contracts/touchpoints.js';
import { createFormatter } from '../../../lib/format.js';
import {
  dayKey,
  dayLabel,
  emptyTimelineMessage,
  entryDetails,
  entryTitle,
  groupByDay,
  humanType,
  keyWords,
  orderStatusBadge,
  satisfactionColor,
} from './timeline.js';

const fmt = createFormatter('en-GB', 'Europe/London', 'EUR');

const entry = (over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id: 'e1',
  kind: 'touchpoint',
  channel: 'front_desk',
  type: 'check_in',
  typeLabel: humanType(over.type ?? 'check_in'),
  channelLabel: over.channel === null ? null : CHANNEL_LABELS[over.channel ?? 'front_desk'],
  occurredAt: new Date('2024-06-03T14:00:00Z'),
  summary: 'Front desk · check_in',
  satisfaction: null,
  properties: {},
  ...over,
});

describe('days', () => {
  it('puts an instant on the calendar day of the time zone', () => {
    const lateEvening = new Date('2024-06-03T23:30:00Z');
    expect(dayKey(lateEvening, 'Europe/London')).toBe('2024-06-04');
    expect(dayKey(lateEvening, 'America/New_York')).toBe('2024-06-03');
  });

  it('groups consecutive entries by day in server order', () => {
    const entries = [
      entry({ id: 'a', occurredAt: new Date('2024-06-04T09:00:00Z') }),
      entry({ id: 'b', occurredAt: new Date('2024-06-03T23:30:00Z') }),
      entry({ id: 'c', occurredAt: new Date('2024-06-03T08:00:00Z') }),
      entry({ id: 'd', occurredAt: new Date('2024-05-01T08:00:00Z') }),
    ];
    const days = groupByDay(entries, 'Europe/London');
    expect(days.map((d) => [d.day, d.entries.map((e) => e.id)])).toEqual([
      ['2024-06-04', ['a', 'b']],
      ['2024-06-03', ['c']],
      ['2024-05-01', ['d']],
    ]);
    expect(groupByDay([], 'UTC')).toEqual([]);
  });

  it('labels today and yesterday, other days by date', () => {
    const now = new Date('2024-06-04T10:00:00Z');
    expect(dayLabel('2024-06-04', now, fmt)).toBe('Today');
    expect(dayLabel('2024-06-03', now, fmt)).toBe('Yesterday');
    expect(dayLabel('2024-05-01', now, fmt)).toBe('1 May 2024');
  });
});

describe('entry text', () => {
  it('titles each kind', () => {
    expect(entryTitle(entry())).toBe('Check in');
    expect(entryTitle(entry({ kind: 'order', type: 'completed', properties: { externalId: 'A-1' } }))).toBe(
      'Order #A-1',
    );
    expect(entryTitle(entry({ kind: 'order', properties: {} }))).toBe('Order');
    expect(entryTitle(entry({ kind: 'note', channel: null, properties: { author: 'Ann' } }))).toBe(
      'Note by Ann',
    );
    expect(humanType('page_view')).toBe('Page view');
    expect(humanType('')).toBe('');
  });

  it('details a touch point with its channel and simple properties, ids and objects left out', () => {
    const e = entry({
      properties: { room: '412', nights: 3, late: true, orderId: 'x', nested: { a: 1 }, roomType: 'suite' },
    });
    expect(entryDetails(e, fmt)).toBe('Front desk · room 412 · nights 3 · late · room type suite');
    expect(entryDetails(entry({ channel: 'chat', type: 'chat' }), fmt)).toBe('');
    expect(entryDetails(entry({ channel: 'chat', type: 'chat', properties: { topic: 'spa' } }), fmt)).toBe(
      'topic spa',
    );
    expect(keyWords('firstChannel')).toBe('first channel');
    expect(keyWords('room_type')).toBe('room type');
  });

  it('details an order with money in the workspace format', () => {
    const e = entry({
      kind: 'order',
      channel: 'store',
      type: 'refunded',
      properties: { itemCount: 3, totalMinor: 41_250, currency: 'EUR', location: 'Leeds' },
    });
    expect(entryDetails(e, fmt)).toBe('Store · 3 items · €412.50 · Leeds');
    expect(orderStatusBadge(e)).toBe('refunded');
    expect(orderStatusBadge({ ...e, type: 'completed' })).toBeNull();
    expect(entryDetails(entry({ kind: 'note', channel: null }), fmt)).toBe('');
  });

  it('colours ratings and explains an empty timeline by its filters', () => {
    expect([1, 2, 3, 4, 5].map(satisfactionColor)).toEqual(['red', 'red', 'yellow', 'green', 'green']);
    expect(emptyTimelineMessage({}).title).toBe('No history yet');
    expect(emptyTimelineMessage({ channel: 'web' }).title).toBe('Nothing matches these filters');
    expect(emptyTimelineMessage({ channel: 'web', kind: 'note' }).title).toBe('Notes have no channel');
  });
});
